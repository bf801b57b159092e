//! Vertical headlines (竖排): characters top to bottom, columns right to left.
//!
//! A headline frame with `vertical: true` sets its story's headline block (引题, 主题,
//! 副题) in columns from the frame's right edge leftwards. The paragraph is prepared as
//! for horizontal setting (font fallback, units, UAX #14 + clreq break rules, punctuation
//! compression), then each unit is placed for vertical writing:
//!
//! - Han characters and CJK punctuation are shaped again with harfrust in the top-to-bottom
//!   direction, so the font's `vert` feature (or, for a font without it, the Unicode
//!   vertical presentation forms U+FE10–FE19, U+FE30–FE4F when the font has them) gives
//!   the vertical punctuation forms; advances and vertical origins come from `vmtx`/`VORG`
//!   (1 em and the ideographic em box when the font has no `vmtx`). A mark the font has no
//!   vertical form for is placed by clreq's rules instead: brackets, quotes, dashes and
//!   ellipses turned 90° clockwise, 、，。． moved to the em's top-right quarter, ！？ centred.
//! - One or two ASCII digits are set 纵中横: horizontally, centred in one em cell (made
//!   smaller if wider than the em).
//! - Other Latin words and longer numbers are turned 90° clockwise.
//!
//! `vrt2` is not applied: it would turn proportional Latin glyphs into rotated glyphs of
//! their own, which the 90° rotation of whole words here already does for every font.
//!
//! Columns break with the same prohibitions as horizontal lines (no column starts with
//! closing or pause punctuation, none ends with opening punctuation). Each column is a
//! [`LineInfo`] measured along the column: `x` is the column's top, `width` its length,
//! `right` where its last character ends (all page y); `baseline` is the column's centre
//! (page x).

use super::flow::{Ctx, PageOut};
use super::paragraph::{Prepared, Unit};
use super::styles::style_for;
use super::{ComposeError, LineInfo};
use crate::display::{Glyph, Item, Rotation, TextRun};
use crate::fonts::{Face, FontId, FontSet};
use crate::model::{Align, Frame, FrameKind, Role, Story};
use crate::units::mm_to_pt;
use harfrust::{Buffer, Direction, ShapeOptions, ShaperFont};
use std::collections::{BTreeMap, HashMap};

/// Top of the ideographic em box above the baseline, in ems (as horizontal lines use).
const ASCENT: f64 = 0.88;
/// Centre of the ideographic em box above the baseline, in ems.
const EM_CENTRE: f64 = 0.38;

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
struct VGlyph {
    font: FontId,
    id: u16,
    size: f64,
    rotated: bool,
    dx: f64,
    dy: f64,
    text_start: u32,
    text_len: u32,
}

#[derive(Debug, Clone)]
struct VUnit {
    glyphs: Vec<VGlyph>,
    /// Length along the column (pt), with compression and spacing applied.
    adv: f64,
    space_after: f64,
    shrink_end: f64,
    trim_start: f64,
    break_after: bool,
    hard_break: bool,
    is_space: bool,
}

/// A headline paragraph ready for vertical setting.
struct VPara {
    units: Vec<VUnit>,
    text: String,
    role: Role,
    align: Align,
    color: crate::model::Color,
    /// Distance from one column's centre to the next (the vertical line pitch).
    pitch: f64,
}

/// Whether a unit's text is set upright, 纵中横, turned, or is a space.
pub fn orientation(text: &str) -> Orientation {
    let mut chars = text.chars().filter(|c| !is_invisible(*c)).peekable();
    let Some(&first) = chars.peek() else {
        return Orientation::Space;
    };
    if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        Orientation::Space
    } else if super::is_cjk(first) {
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
    super::is_opening(c)
        || super::is_closing(c)
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
struct VShaped {
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
fn verticalize(p: &Prepared, fonts: &FontSet, pitch: f64) -> VPara {
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
        text: p.text.clone(),
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

/// Where the column starting at unit `start` ends, for a column `height` pt long.
fn next_column(p: &VPara, start: usize, height: f64) -> (usize, usize, bool) {
    let units = &p.units;
    let mut start = start;
    while start < units.len() && units[start].is_space && start > 0 {
        start += 1;
    }
    let mut w = units.get(start).map_or(0.0, |u| -u.trim_start);
    let mut shrink = 0.0;
    let mut best = None;
    let mut i = start;
    while i < units.len() {
        let u = &units[i];
        w += u.adv;
        shrink += u.shrink_end;
        let fits = w - u.space_after - shrink <= height + 1e-6
            || (u.is_space && w - u.adv <= height + 1e-6);
        if !fits {
            break;
        }
        if u.break_after {
            best = Some(i + 1);
            if u.hard_break {
                break;
            }
        }
        i += 1;
    }
    let end = if i >= units.len() {
        units.len()
    } else if let Some(b) = best {
        // Headlines break at the editor's spaces (between phrases) when one fits.
        match (start..b)
            .rev()
            .find(|&k| units[k].is_space && units[k].break_after)
        {
            Some(k) if k > start => k + 1,
            _ => b,
        }
    } else {
        i.max(start + 1)
    };
    (start, end, end >= units.len())
}

/// Sets the story's headline block vertically in frame `f`.
pub(super) fn headline_frame(
    ctx: &mut Ctx,
    fonts: &FontSet,
    out: &mut PageOut,
    f: &Frame,
    s: &Story,
    map: &BTreeMap<String, String>,
) -> Result<(), ComposeError> {
    let inset = match &f.kind {
        FrameKind::Text { inset, .. } => *inset,
        _ => 0.0,
    };
    let x = mm_to_pt(f.x + inset);
    let top = mm_to_pt(f.y + inset);
    let w = mm_to_pt((f.w - 2.0 * inset).max(0.0));
    let height = mm_to_pt((f.h - 2.0 * inset).max(0.0));
    let mut paras = Vec::new();
    for para in s.headline_paragraphs() {
        let st = style_for(&ctx.ed.styles, Some(map), para.role).into_owned();
        let pitch = st.leading_pt.unwrap_or(st.size.pt * 1.25);
        // The grid pitch only matters to horizontal lines; pass the line's own.
        let p = ctx.para(&para.text, para.role, &st, pitch)?;
        paras.push(verticalize(&p, fonts, pitch));
    }
    // Break every paragraph into columns first, to centre the block in the frame.
    let mut columns: Vec<(usize, usize, usize, bool)> = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let mut unit = 0;
        while unit < p.units.len() {
            let (s, e, last) = next_column(p, unit, height);
            columns.push((pi, s, e, last));
            unit = e;
        }
    }
    let total: f64 = columns.iter().map(|c| paras[c.0].pitch).sum();
    if total > w + 0.01 {
        ctx.problems.push(format!(
            "vertical headline of “{}” needs {total:.1} pt across, the frame has {w:.1} pt",
            s.slug
        ));
    }
    for p in &paras {
        let long = p
            .units
            .iter()
            .map(|u| u.adv - u.space_after)
            .fold(0.0, f64::max);
        if long > height + 0.01 {
            ctx.problems.push(format!(
                "vertical headline of “{}”: a word {long:.1} pt long does not fit the frame's \
                 {height:.1} pt",
                s.slug
            ));
        }
    }
    let mut right = x + w - ((w - total) / 2.0).max(0.0);
    for (pi, s, e, last) in columns {
        let p = &paras[pi];
        let cx = right - p.pitch / 2.0;
        right -= p.pitch;
        set_column(out, &f.id, p, (s, e, last), cx, top, height);
    }
    Ok(())
}

/// Places one column's glyphs centred on `cx`, from `top` down a column `height` long.
fn set_column(
    out: &mut PageOut,
    frame: &str,
    p: &VPara,
    (start, end, last): (usize, usize, bool),
    cx: f64,
    top: f64,
    height: f64,
) {
    let mut n = end;
    while n > start && p.units[n - 1].is_space {
        n -= 1;
    }
    let units = &p.units[start..n];
    let mut lens: Vec<f64> = units.iter().map(|u| u.adv).collect();
    let mut shift0 = 0.0;
    if let Some(u) = units.first() {
        if u.trim_start > 0.0 {
            lens[0] -= u.trim_start;
            shift0 = -u.trim_start;
        }
    }
    if let (Some(u), Some(l)) = (units.last(), lens.last_mut()) {
        *l -= u.space_after;
    }
    let natural: f64 = lens.iter().sum();
    let can: f64 = units.iter().map(|u| u.shrink_end).sum();
    if natural > height && can > 0.0 {
        let k = ((natural - height) / can).min(1.0);
        for (l, u) in lens.iter_mut().zip(units) {
            *l -= u.shrink_end * k;
        }
    }
    let natural: f64 = lens.iter().sum();
    let slack = height - natural;
    let justify = p.align == Align::Justify && !last && units.len() > 1;
    let (mut pen, gap) = match p.align {
        _ if justify => (0.0, slack / (units.len() - 1) as f64),
        Align::Center => (slack / 2.0, 0.0),
        Align::Right => (slack, 0.0),
        _ => (0.0, 0.0),
    };
    let first_at = top + pen;
    let mut runs: Vec<TextRun> = Vec::new();
    for (k, u) in units.iter().enumerate() {
        let sy = if k == 0 { shift0 } else { 0.0 };
        for g in &u.glyphs {
            let rotation = if g.rotated {
                Rotation::Cw90
            } else {
                Rotation::None
            };
            let same = |r: &TextRun| r.font == g.font && r.size == g.size && r.rotation == rotation;
            if !runs.last().is_some_and(same) {
                runs.push(TextRun {
                    font: g.font,
                    size: g.size,
                    color: p.color,
                    text: String::new(),
                    glyphs: Vec::new(),
                    rotation,
                });
            }
            let run = runs.last_mut().expect("just pushed");
            let ts = run.text.len() as u32;
            let (a, b) = (g.text_start as usize, (g.text_start + g.text_len) as usize);
            run.text.push_str(p.text.get(a..b).unwrap_or(""));
            run.glyphs.push(Glyph {
                id: g.id,
                x: cx + g.dx,
                y: top + pen + sy + g.dy,
                text_start: ts,
                text_len: g.text_len,
            });
        }
        pen += lens[k] + if k + 1 < units.len() { gap } else { 0.0 };
    }
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    out.lines.push(LineInfo {
        frame: frame.to_string(),
        role: p.role,
        x: top,
        baseline: cx,
        width: height,
        natural,
        cell: None,
        text,
        first_of_paragraph: start == 0,
        last_of_paragraph: last,
        right: top + pen,
        first_x: first_at,
    });
    out.items.extend(runs.into_iter().map(Item::Text));
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
