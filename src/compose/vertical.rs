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

mod units;

pub use units::{orientation, Orientation};

use super::breaker::{greedy_end, ScanUnit};
use super::flow::{Ctx, PageOut};
use super::styles::style_for;
use super::{ComposeError, LineInfo};
use crate::display::{Glyph, Item, Rotation, TextRun};
use crate::fonts::FontSet;
use crate::model::{Align, Frame, FrameKind, Story};
use crate::units::mm_to_pt;
use std::collections::BTreeMap;
use units::{verticalize, VPara};

/// Where the column starting at unit `start` ends, for a column `height` pt long.
fn next_column(p: &VPara, start: usize, height: f64) -> (usize, usize, bool) {
    let units = &p.units;
    let mut start = start;
    while start < units.len() && units[start].is_space && start > 0 {
        start += 1;
    }
    let w0 = units.get(start).map_or(0.0, |u| -u.trim_start);
    // Headlines break at the editor's spaces (between phrases) when one fits.
    let end = greedy_end(units.len(), start, w0, height, true, |k| {
        let u = &units[k];
        ScanUnit {
            advance: u.adv,
            shrink_end: u.shrink_end,
            space_after: u.space_after,
            is_space: u.is_space,
            break_after: u.break_after,
            hard_break: u.hard_break,
        }
    });
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
