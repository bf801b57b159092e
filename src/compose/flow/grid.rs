//! The line grid and the column filler: grid cells, one page's output, setting lines of a
//! story into columns and blocks.

use super::super::paragraph::{avoid_orphan, next_break, set_line, Prepared};
use super::super::LineInfo;
use super::wrap::{free_span, Obstacle};
use crate::display::Item;
use crate::model::{Frame, FrameKind, Role, Template};
use crate::units::mm_to_pt;

/// Fraction of the em above the baseline for CJK type (ideographic em box: 0.88 / −0.12).
const ASCENT: f64 = 0.88;

/// The page's baseline grid.
#[derive(Clone, Copy)]
pub(crate) struct Grid {
    pub(crate) origin: f64,
    pub(crate) pitch: f64,
}

impl Grid {
    pub(crate) fn of(t: &Template) -> Grid {
        Grid {
            origin: mm_to_pt(t.margin_top),
            pitch: t.grid_pt,
        }
    }
    pub(crate) fn top(&self, cell: i64) -> f64 {
        self.origin + cell as f64 * self.pitch
    }
    /// Whole cells inside `top..bottom` (pt): first cell, and one past the last.
    pub(crate) fn cells(&self, top: f64, bottom: f64) -> (i64, i64) {
        // A frame edge within 0.01 pt of a grid line counts as on it (mm rounding).
        let eps = 0.01 / self.pitch;
        let a = ((top - self.origin) / self.pitch - eps).ceil() as i64;
        let b = ((bottom - self.origin) / self.pitch + eps).floor() as i64;
        (a, b.max(a))
    }
}

/// Output for one page being built.
pub(crate) struct PageOut {
    pub(crate) items: Vec<Item>,
    pub(crate) lines: Vec<LineInfo>,
}

impl PageOut {
    /// Sets one line of `p` (units `br`) in a box of `cells` grid cells starting at `top`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn line(
        &mut self,
        frame: &str,
        p: &Prepared,
        br: super::super::Break,
        x: f64,
        top: f64,
        box_h: f64,
        width: f64,
        cell: Option<i64>,
    ) {
        let first = br.start == 0;
        let size = p.style.size;
        let baseline = top + (box_h - size) / 2.0 + size * ASCENT;
        let (runs, natural, right) = set_line(p, br, x, baseline, width, first);
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        let first_x = runs
            .first()
            .and_then(|r| r.glyphs.first())
            .map(|g| g.x)
            .unwrap_or(x);
        self.lines.push(LineInfo {
            frame: frame.to_string(),
            role: p.role,
            x,
            baseline,
            width,
            natural,
            cell,
            text,
            first_of_paragraph: first,
            last_of_paragraph: br.last,
            right,
            first_x,
        });
        self.items.extend(runs.into_iter().map(Item::Text));
    }
}

/// Where the text of a story has got to.
#[derive(Clone, Copy, Default)]
pub(crate) struct Cursor {
    pub(crate) para: usize,
    pub(crate) unit: usize,
}

impl Cursor {
    pub(crate) fn done(&self, paras: &[Prepared]) -> bool {
        self.para >= paras.len()
    }
}

/// Fills one column from `cell` up to `end` (exclusive); returns the next free cell.
#[allow(clippy::too_many_arguments)]
pub(crate) fn fill_column(
    out: &mut PageOut,
    frame: &str,
    paras: &[Prepared],
    cur: &mut Cursor,
    x: f64,
    width: f64,
    mut cell: i64,
    end: i64,
    grid: Grid,
    obs: &[Obstacle],
) -> i64 {
    let start_cell = cell;
    while cur.para < paras.len() {
        let p = &paras[cur.para];
        if p.units.is_empty() {
            cur.para += 1;
            cur.unit = 0;
            continue;
        }
        let first = cur.unit == 0;
        let cells = p.style.cells as i64;
        let before = if first && cell > start_cell {
            p.style.space_before as i64
        } else {
            0
        };
        // A subhead needs a body line after it in the same column.
        let keep = if first && p.role == Role::Subhead {
            1
        } else {
            0
        };
        if cell + before + cells + keep > end {
            break;
        }
        cell += before;
        // Text wrap: the line runs beside the objects in its band, or moves down a cell
        // when the room beside them is too narrow.
        let (lx, lw) = loop {
            let band = (grid.top(cell), grid.top(cell + cells));
            let (lx, lw) = free_span(obs, x, width, band.0, band.1);
            if lw >= width - 0.01 || lw >= min_wrap_width(p) {
                break (lx, lw);
            }
            cell += 1;
            if cell + cells + keep > end {
                return cell;
            }
        };
        let br = avoid_orphan(p, next_break(p, cur.unit, lw, first), lw);
        out.line(
            frame,
            p,
            br,
            lx,
            grid.top(cell),
            cells as f64 * grid.pitch,
            lw,
            Some(cell),
        );
        cell += cells;
        cur.unit = br.end;
        if br.last {
            cell += p.style.space_after as i64;
            cur.para += 1;
            cur.unit = 0;
        }
    }
    cell
}

/// Narrowest measure a wrapped line is set to: three characters of its size.
fn min_wrap_width(p: &Prepared) -> f64 {
    3.0 * p.style.size
}

/// Cells of `start .. end` in a column at `x`, `width` where a line of body text could
/// still be set (not blocked by wrap objects): the 差 N 行 count.
pub(crate) fn free_cells(
    obs: &[Obstacle],
    x: f64,
    width: f64,
    start: i64,
    end: i64,
    grid: Grid,
    min_w: f64,
) -> i64 {
    (start..end)
        .filter(|&c| {
            let (_, w) = free_span(obs, x, width, grid.top(c), grid.top(c + 1));
            w >= width - 0.01 || w >= min_w
        })
        .count() as i64
}

/// Sets whole paragraphs across `width` from `cell`, each line taking its cells; returns
/// the next free cell.
pub(crate) fn set_block(
    out: &mut PageOut,
    frame: &str,
    paras: &[Prepared],
    x: f64,
    width: f64,
    mut cell: i64,
    grid: Grid,
) -> i64 {
    for p in paras {
        let mut unit = 0;
        while unit < p.units.len() {
            let br = next_break(p, unit, width, unit == 0);
            out.line(
                frame,
                p,
                br,
                x,
                grid.top(cell),
                p.style.cells as f64 * grid.pitch,
                width,
                Some(cell),
            );
            cell += p.style.cells as i64;
            unit = br.end;
        }
        cell += p.style.space_after as i64;
    }
    cell
}

/// Number of grid cells a block of paragraphs takes at `width`.
pub(crate) fn block_cells(paras: &[Prepared], width: f64) -> i64 {
    let mut n = 0;
    for p in paras {
        let mut unit = 0;
        while unit < p.units.len() {
            let br = next_break(p, unit, width, unit == 0);
            n += p.style.cells as i64;
            unit = br.end;
        }
        n += p.style.space_after as i64;
    }
    n
}

pub(crate) fn lines_needed(p: &Prepared, mut unit: usize, width: f64) -> usize {
    let mut n = 0;
    while unit < p.units.len() {
        unit = next_break(p, unit, width, unit == 0).end;
        n += 1;
    }
    n
}

/// Inner geometry of a text frame in points: (x, top, width, bottom, column width, gutter).
pub(crate) struct Inner {
    pub(crate) x: f64,
    pub(crate) top: f64,
    pub(crate) w: f64,
    pub(crate) bottom: f64,
    pub(crate) cols: u32,
    pub(crate) col_w: f64,
    pub(crate) gutter: f64,
}

pub(crate) fn inner(f: &Frame, t: &Template) -> Inner {
    let (cols, gutter, inset) = match &f.kind {
        FrameKind::Text {
            columns,
            gutter,
            inset,
            ..
        } => (*columns, gutter.unwrap_or(t.gutter), *inset),
        FrameKind::Label { inset, .. } => (1, 0.0, *inset),
        _ => (1, 0.0, 0.0),
    };
    let x = mm_to_pt(f.x + inset);
    let w = mm_to_pt((f.w - 2.0 * inset).max(0.0));
    let gutter = mm_to_pt(gutter);
    let cols = cols.max(1);
    let col_w = ((w - gutter * (cols - 1) as f64) / cols as f64).max(1.0);
    Inner {
        x,
        top: mm_to_pt(f.y + inset),
        w,
        bottom: mm_to_pt(f.y + f.h - inset),
        cols,
        col_w,
        gutter,
    }
}
