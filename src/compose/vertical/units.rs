//! Vertical units: how each unit of a prepared paragraph stands in a vertical column
//! (upright with the font's vertical forms, 纵中横, turned 90°) and where its glyphs go.

use super::super::paragraph::{Prepared, Unit};
use crate::fonts::{Face, FontId, FontSet};
use crate::model::{Align, Role};
use harfrust::{Buffer, Direction, ShapeOptions, ShaperFont};
use std::collections::HashMap;

/// Top of the ideographic em box above the baseline, in ems (as horizontal lines use).
pub(super) const ASCENT: f64 = 0.88;
/// Centre of the ideographic em box above the baseline, in ems.
pub(super) const EM_CENTRE: f64 = 0.38;

/// How a unit stands in the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// Han, kana, CJK punctuation: upright, vertical forms.
    Upright,
    /// One or two digits across one em cell (纵中横).
    Tcy,
    /// Latin words and longer numbers, turned 90° clockwise.
    Rotated,
    /// White space.
    Space,
}

/// A glyph of a vertical unit, placed relative to the column's centre (x) and the top of
/// the unit's cell (y), page orientation (y down).
#[derive(Debug, Clone, Copy)]
pub(super) struct VGlyph {
    pub(super) font: FontId,
    pub(super) id: u16,
    pub(super) size: f64,
    pub(super) rotated: bool,
    pub(super) dx: f64,
    pub(super) dy: f64,
    pub(super) text_start: u32,
    pub(super) text_len: u32,
}

#[derive(Debug, Clone)]
pub(super) struct VUnit {
    pub(super) glyphs: Vec<VGlyph>,
    /// Length along the column (pt), with compression and spacing applied.
    pub(super) adv: f64,
    pub(super) space_after: f64,
    pub(super) shrink_end: f64,
    pub(super) trim_start: f64,
    pub(super) break_after: bool,
    pub(super) hard_break: bool,
    pub(super) is_space: bool,
}

/// A headline paragraph ready for vertical setting.
pub(super) struct VPara {
    pub(super) units: Vec<VUnit>,
    pub(super) text: String,
    pub(super) role: Role,
    pub(super) align: Align,
    pub(super) color: crate::model::Color,
    /// Distance from one column's centre to the next (the vertical line pitch).
    pub(super) pitch: f64,
}

/// Whether a unit's text is set upright, 纵中横, turned, or is a space.
pub fn orientation(text: &str) -> Orientation {
    let mut chars = text.chars().filter(|c| !is_invisible(*c)).peekable();
    let Some(&first) = chars.peek() else {
        return Orientation::Space;
    };
    if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        Orientation::Space
    } else if crate::compose::is_cjk(first) {
        Orientation::Upright
    } else if (1..=2).contains(&text.chars().count()) && text.chars().all(|c| c.is_ascii_digit()) {
        Orientation::Tcy
    } else {
        Orientation::Rotated
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200D | 0x2060 | 0xFEFF)
}

/// Marks that a font without vertical forms gets turned 90° clockwise (clreq 3.1).
fn turned_in_vertical(c: char) -> bool {
    crate::compose::is_opening(c)
        || crate::compose::is_closing(c)
        || matches!(
            c,
            '—' | '…'
                | '‥'
                | '～'
                | '〜'
                | '－'
                | '-'
                | '_'
                | '：'
                | '；'
                | '('
                | ')'
                | '['
                | ']'
        )
}

/// Marks that sit in the em's top-right quarter in vertical text (GB style).
fn top_right_in_vertical(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '．')
}

/// One glyph shaped top to bottom: advance down the column and the offset from the
/// vertical origin to the glyph's horizontal origin, in ems (y up, as fonts have it).
pub(super) struct VShaped {
    glyph: u16,
    cluster: u32,
    advance: f64,
    x_offset: f64,
    y_offset: f64,
}

/// Whether the face has vertical metrics (`vhea` and `vmtx`).
fn has_vmtx(face: &Face) -> bool {
    use read_fonts::TableProvider;
    read_fonts::FontRef::from_index(&face.data, face.index)
        .map(|f| f.vhea().is_ok() && f.vmtx().is_ok())
        .unwrap_or(false)
}

/// Shapes `text` top to bottom in `face`: `vert` substitutions and vertical metrics.
fn shape_vertical(face: &Face, text: &str) -> Vec<VShaped> {
    let shaper = ShaperFont::new(&face.font);
    let mut buffer = Buffer::new();
    buffer.push_str(text);
    buffer.set_direction(Direction::TopToBottom);
    buffer.guess_segment_properties();
    if harfrust::shape(&shaper, &mut buffer, ShapeOptions::new()).is_err() {
        return Vec::new();
    }
    let upem = face.units_per_em;
    let vmtx = has_vmtx(face);
    buffer
        .glyph_infos()
        .iter()
        .zip(buffer.glyph_positions())
        .map(|(i, p)| {
            let glyph = i.glyph_id.min(u16::MAX as u32) as u16;
            if vmtx {
                VShaped {
                    glyph,
                    cluster: i.cluster,
                    advance: -(p.y_advance as f64) / upem,
                    x_offset: p.x_offset as f64 / upem,
                    y_offset: p.y_offset as f64 / upem,
                }
            } else {
                // No vertical metrics: one em per glyph, centred on the column, the em
                // box's top on the cell's top.
                VShaped {
                    glyph,
                    cluster: i.cluster,
                    advance: 1.0,
                    x_offset: -face.advance(glyph) / 2.0,
                    y_offset: -ASCENT,
                }
            }
        })
        .collect()
}

/// Byte range of the text a unit stands for.
fn unit_range(u: &Unit) -> (usize, usize) {
    let s = u.glyphs.iter().map(|g| g.text_start).min().unwrap_or(0) as usize;
    let e = u
        .glyphs
        .iter()
        .map(|g| g.text_start + g.text_len)
        .max()
        .unwrap_or(0) as usize;
    (s, e.max(s))
}

/// Turns a horizontally prepared paragraph into vertical units.
pub(super) fn verticalize(p: &Prepared, fonts: &FontSet, pitch: f64) -> VPara {
    let size = p.style.size;
    let kinds: Vec<Orientation> = p
        .units
        .iter()
        .map(|u| {
            let (s, e) = unit_range(u);
            if u.is_space {
                Orientation::Space
            } else {
                orientation(&p.text[s..e])
            }
        })
        .collect();
    // Shape runs of upright units that share a font, top to bottom, once each.
    let mut shaped: HashMap<usize, Vec<VShaped>> = HashMap::new();
    let mut i = 0;
    while i < p.units.len() {
        let font = p.units[i].glyphs.first().map(|g| g.font);
        if kinds[i] != Orientation::Upright || font.is_none() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < p.units.len()
            && kinds[j] == Orientation::Upright
            && p.units[j].glyphs.first().map(|g| g.font) == font
        {
            j += 1;
        }
        let (start, _) = unit_range(&p.units[i]);
        let (_, end) = unit_range(&p.units[j - 1]);
        let face = fonts.face(font.expect("checked"));
        for g in shape_vertical(face, &p.text[start..end]) {
            shaped
                .entry(start + g.cluster as usize)
                .or_default()
                .push(g);
        }
        i = j;
    }
    let mut units = Vec::with_capacity(p.units.len());
    for (i, u) in p.units.iter().enumerate() {
        let kind = kinds[i];
        // Han–Latin spacing stays only beside turned Latin; 纵中横 digits sit in their
        // cell like a Han character.
        let next = kinds.get(i + 1).copied();
        let spaced = kind == Orientation::Rotated || next == Some(Orientation::Rotated);
        let space_after = if spaced { u.space_after } else { 0.0 };
        let (glyphs, adv) = match kind {
            Orientation::Space => (Vec::new(), u.width - u.space_after),
            Orientation::Rotated => rotated(u, size),
            Orientation::Tcy => tcy(u, size),
            Orientation::Upright => upright(u, &shaped, fonts, size),
        };
        units.push(VUnit {
            glyphs,
            adv: adv + space_after,
            space_after,
            shrink_end: u.shrink_end,
            trim_start: u.trim_start,
            break_after: u.break_after,
            hard_break: u.hard_break,
            is_space: u.is_space,
        });
    }
    VPara {
        units,
        text: p.text.to_string(),
        role: p.role,
        align: p.style.align,
        color: p.style.color,
        pitch,
    }
}

/// A Latin word turned 90° clockwise: its baseline runs down the column, the em box
/// centred on the column's axis.
fn rotated(u: &Unit, size: f64) -> (Vec<VGlyph>, f64) {
    let glyphs = u
        .glyphs
        .iter()
        .map(|g| VGlyph {
            font: g.font,
            id: g.id,
            size,
            rotated: true,
            dx: -EM_CENTRE * size + g.dy,
            dy: g.dx,
            text_start: g.text_start,
            text_len: g.text_len,
        })
        .collect();
    (glyphs, u.width - u.space_after)
}

/// One or two digits side by side, centred in one em cell (纵中横).
fn tcy(u: &Unit, size: f64) -> (Vec<VGlyph>, f64) {
    let w = (u.width - u.space_after).max(1e-6);
    let k = (size * 0.95 / w).min(1.0);
    let glyphs = u
        .glyphs
        .iter()
        .map(|g| VGlyph {
            font: g.font,
            id: g.id,
            size: size * k,
            rotated: false,
            dx: -w * k / 2.0 + g.dx * k,
            dy: 0.5 * size + EM_CENTRE * size * k - g.dy * k,
            text_start: g.text_start,
            text_len: g.text_len,
        })
        .collect();
    (glyphs, size)
}

/// An upright unit from the top-to-bottom shaping, or placed by clreq's rules when the
/// font has no vertical form for a mark.
fn upright(
    u: &Unit,
    shaped: &HashMap<usize, Vec<VShaped>>,
    fonts: &FontSet,
    size: f64,
) -> (Vec<VGlyph>, f64) {
    let Some(h0) = u.glyphs.first() else {
        return (Vec::new(), u.width);
    };
    let face = fonts.face(h0.font);
    let (start, _) = unit_range(u);
    let vs = shaped.get(&start).map(Vec::as_slice).unwrap_or(&[]);
    let ch = u.first;
    let h_adv: f64 = u
        .glyphs
        .iter()
        .map(|g| fonts.face(g.font).advance(g.id) * size)
        .sum();
    // Compression the horizontal preparation applied: a closing/pause mark's blank end,
    // or an opening mark's blank start (its glyph moved back).
    let cut_start = (-h0.dx).max(0.0);
    let cut_end = (h_adv + u.space_after - u.width - cut_start).max(0.0);
    let no_vertical_form = vs.len() == 1 && vs[0].glyph == h0.id;
    let glyph = |id, rotated, dx, dy| VGlyph {
        font: h0.font,
        id,
        size,
        rotated,
        dx,
        dy,
        text_start: h0.text_start,
        text_len: h0.text_len,
    };
    let (mut glyphs, adv) = if no_vertical_form && turned_in_vertical(ch) {
        let adv = face.advance(h0.id) * size;
        (vec![glyph(h0.id, true, -EM_CENTRE * size, 0.0)], adv)
    } else if no_vertical_form && top_right_in_vertical(ch) {
        // The ink's centre on the centre of the em's top-right quarter.
        let (cx, cy) = ink_centre(face, h0.id).unwrap_or((0.25, 0.1));
        (
            vec![glyph(
                h0.id,
                false,
                0.25 * size - cx * size,
                0.25 * size + cy * size,
            )],
            size,
        )
    } else if vs.is_empty() {
        // Nothing shaped (cannot happen for text the font has): the horizontal glyphs,
        // centred in one em.
        let mut pen = -h_adv / 2.0;
        let v = u
            .glyphs
            .iter()
            .map(|g| {
                let x = pen;
                pen += fonts.face(g.font).advance(g.id) * size;
                VGlyph {
                    font: g.font,
                    id: g.id,
                    size,
                    rotated: false,
                    dx: x,
                    dy: ASCENT * size,
                    text_start: g.text_start,
                    text_len: g.text_len,
                }
            })
            .collect();
        (v, size)
    } else {
        let mut pen = 0.0;
        let mut v = Vec::with_capacity(vs.len());
        for (k, g) in vs.iter().enumerate() {
            let mut vg = glyph(g.glyph, false, g.x_offset * size, pen - g.y_offset * size);
            if k > 0 {
                vg.text_len = 0; // only the first glyph of a cluster carries its text
            }
            v.push(vg);
            pen += g.advance * size;
        }
        (v, pen)
    };
    for g in &mut glyphs {
        g.dy -= cut_start;
    }
    (glyphs, (adv - cut_start - cut_end).max(0.0))
}

/// Centre of a glyph's ink in ems from its horizontal origin (y up).
fn ink_centre(face: &Face, id: u16) -> Option<(f64, f64)> {
    let e = face
        .font
        .glyph_metrics()
        .extents(read_fonts::types::GlyphId::new(id as u32))?;
    let upem = face.units_per_em;
    Some((
        (e.x_bearing as f64 + e.width as f64 / 2.0) / upem,
        (e.y_bearing as f64 - e.height as f64 / 2.0) / upem,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::paragraph::UnitGlyph;
    use crate::model::FontRole;

    /// A one-character unit as the horizontal preparation makes it, full width.
    fn unit(fonts: &FontSet, font: FontId, ch: char, size: f64) -> Unit {
        let id = fonts
            .face(font)
            .glyph(ch)
            .expect("bundled font has the mark");
        Unit {
            glyphs: vec![UnitGlyph {
                font,
                id,
                dx: 0.0,
                dy: 0.0,
                text_start: 0,
                text_len: ch.len_utf8() as u32,
            }],
            width: fonts.face(font).advance(id) * size,
            shrink_end: 0.0,
            space_after: 0.0,
            trim_start: 0.0,
            break_after: true,
            hard_break: false,
            is_space: false,
            chars: 1,
            first: ch,
            last: ch,
        }
    }

    /// What a font without `vert` and without the U+FE1x/FE3x forms shapes: the
    /// horizontal glyph again, on the vertical origin.
    fn no_vert(u: &Unit) -> HashMap<usize, Vec<VShaped>> {
        let g = u.glyphs[0];
        HashMap::from([(
            0,
            vec![VShaped {
                glyph: g.id,
                cluster: 0,
                advance: 1.0,
                x_offset: -0.5,
                y_offset: -ASCENT,
            }],
        )])
    }

    #[test]
    fn marks_without_vertical_forms_are_placed_by_clreq() {
        let fonts = FontSet::load(&[FontSet::default_dir()], false);
        let font = fonts.role(FontRole::Song, None, false).unwrap();
        let size = 20.0;
        // Brackets, quotes and dashes turn 90° clockwise, the em box on the column's axis.
        for ch in ['（', '」', '“', '—', '：'] {
            let u = unit(&fonts, font, ch, size);
            let (g, adv) = upright(&u, &no_vert(&u), &fonts, size);
            assert!(g[0].rotated, "“{ch}” turned");
            assert!((g[0].dx + EM_CENTRE * size).abs() < 1e-9);
            assert!((adv - u.width).abs() < 1e-9);
        }
        // 、，。 go to the em's top-right quarter: ink centre right of the axis, in the
        // upper half of the cell.
        for ch in ['，', '。', '、'] {
            let u = unit(&fonts, font, ch, size);
            let (g, adv) = upright(&u, &no_vert(&u), &fonts, size);
            assert!(!g[0].rotated);
            let (ix, iy) = ink_centre(fonts.face(font), g[0].id).unwrap();
            let (x, y) = (g[0].dx + ix * size, g[0].dy - iy * size);
            assert!(
                x > 0.1 * size && y < 0.4 * size,
                "“{ch}” ink at {x:.2},{y:.2}"
            );
            assert!((adv - size).abs() < 1e-9);
        }
        // With its vertical form the same unit is set upright on the font's own metrics.
        let u = unit(&fonts, font, '（', size);
        let face = fonts.face(font);
        let shaped = HashMap::from([(0, shape_vertical(face, "（"))]);
        let (g, _) = upright(&u, &shaped, &fonts, size);
        assert!(!g[0].rotated && g[0].id != u.glyphs[0].id);
    }
}
