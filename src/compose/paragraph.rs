//! A paragraph prepared for line breaking: shaped once, cut into units (a Han character, a
//! punctuation mark, a Latin word, a space), each with its width, how much it may be
//! compressed at a line edge, and whether a line may break after it (UAX #14 plus clreq's
//! strict prohibitions). Line breaking then only adds up widths, so re-breaking at another
//! column width costs no shaping.

use super::breaker::Plan;
// Breaking and setting lines live in their own files; these names stay reachable here.
pub use super::breaker::{avoid_orphan, next_break};
use super::chars::*;
pub use super::justify::set_line;
use super::Problems;
use crate::fonts::{FontId, FontSet};
use crate::model::{Align, Color, Role};
use std::sync::{Arc, Mutex};

/// A paragraph style with fonts and lengths resolved (points).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub font: FontId,
    pub size: f64,
    pub indent: f64,
    pub align: Align,
    /// Grid cells one line takes.
    pub cells: u32,
    pub space_before: u32,
    pub space_after: u32,
    pub color: Color,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitGlyph {
    pub font: FontId,
    pub id: u16,
    /// Offset from the unit's left edge, pt.
    pub dx: f64,
    pub dy: f64,
    pub text_start: u32,
    pub text_len: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub glyphs: Vec<UnitGlyph>,
    /// Natural width, pt (after punctuation compression between neighbours).
    pub width: f64,
    /// Width that may be removed when the unit ends a line (a stop's blank right half).
    pub shrink_end: f64,
    /// Han–Latin spacing after the unit (included in `width`); dropped at a line end.
    pub space_after: f64,
    /// Width removed when the unit starts a line (an opening bracket's blank left half).
    pub trim_start: f64,
    /// A line may break after this unit.
    pub break_after: bool,
    /// A mandatory break after (a line separator inside the paragraph).
    pub hard_break: bool,
    pub is_space: bool,
    /// Number of characters (for copyfit counts).
    pub chars: u32,
    pub first: char,
    pub last: char,
}

/// A paragraph ready for breaking. Cloning is cheap: the text, the units and the line
/// breaks already worked out are shared (with a [`super::ComposeCache`] between
/// compositions too).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub text: Arc<str>,
    pub units: Arc<[Unit]>,
    pub style: Resolved,
    pub role: Role,
    /// Line-end ，。、 may hang outside the measure (paragraph-style option).
    pub hang: bool,
    /// Widest inter-character gap of a justified line before it is reported as loose, pt.
    pub max_gap: f64,
    /// Line-break plans already computed for this text (per measure), shared by clones.
    pub(super) plans: Arc<Mutex<Vec<Arc<Plan>>>>,
}

/// What shaping a paragraph's text in one font and size gives: units and the characters no
/// font has (reported again whenever the shaped text is reused).
#[derive(Debug, Clone)]
pub(super) struct Shaped {
    pub(super) text: Arc<str>,
    pub(super) units: Arc<[Unit]>,
    pub(super) missing: Vec<char>,
    pub(super) plans: Arc<Mutex<Vec<Arc<Plan>>>>,
}

impl Shaped {
    pub(super) fn prepared(
        &self,
        role: Role,
        style: Resolved,
        problems: &mut Problems,
    ) -> Prepared {
        for &c in &self.missing {
            problems.missing_glyph(c);
        }
        Prepared {
            text: self.text.clone(),
            units: self.units.clone(),
            max_gap: DEFAULT_MAX_GAP_EM * style.size,
            style,
            role,
            hang: false,
            plans: self.plans.clone(),
        }
    }
}

/// Default limit for an inter-character gap in a justified line, in ems.
pub const DEFAULT_MAX_GAP_EM: f64 = 0.25;

impl Prepared {
    /// Sets the paragraph-style options that do not change shaping: hanging punctuation and
    /// the loose-line limit (ems; `None` for the default).
    pub fn with_options(mut self, hang: bool, max_gap_em: Option<f64>) -> Prepared {
        self.hang = hang;
        let em = max_gap_em
            .filter(|g| g.is_finite() && *g >= 0.0)
            .unwrap_or(DEFAULT_MAX_GAP_EM);
        self.max_gap = em * self.style.size;
        self
    }
}

/// Shapes `text` and cuts it into units.
pub fn prepare(
    text: &str,
    role: Role,
    style: Resolved,
    fonts: &FontSet,
    problems: &mut Problems,
) -> Prepared {
    shape_paragraph(text, style.font, style.size, fonts).prepared(role, style, problems)
}

/// Shapes `text` in `font` (with per-character fallback) at `size` pt into units.
pub(super) fn shape_paragraph(text: &str, font: FontId, size: f64, fonts: &FontSet) -> Shaped {
    let mut missing: Vec<char> = Vec::new();
    // 1. Font per character (fallback), then runs of one font.
    let mut runs: Vec<(FontId, usize, usize)> = Vec::new();
    for (i, ch) in text.char_indices() {
        let f = if ch.is_control() || is_ignorable(ch) {
            font
        } else {
            match fonts.fallback(ch, font) {
                Some(f) => f,
                None => {
                    missing.push(ch);
                    font
                }
            }
        };
        match runs.last_mut() {
            Some((rf, _, end)) if *rf == f => *end = i + ch.len_utf8(),
            _ => runs.push((f, i, i + ch.len_utf8())),
        }
    }
    // 2. Shape each run: glyphs (font, glyph, advance, x and y offset in pt) and, per
    //    cluster, its byte offset in `text` and its first glyph.
    let mut pieces: Vec<(FontId, u16, f64, f64, f64)> = Vec::with_capacity(text.len() / 2);
    let mut clusters: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 2);
    for (f, s, e) in runs {
        let face = fonts.face(f);
        let shaped = crate::fonts::shape(face, &text[s..e], &[]);
        for g in shaped {
            let at = s + g.cluster as usize;
            if clusters.last().is_none_or(|c| c.0 != at) {
                clusters.push((at, pieces.len()));
            }
            pieces.push((
                f,
                g.glyph,
                g.advance * size,
                g.x_offset * size,
                g.y_offset * size,
            ));
        }
    }
    // Clusters come in text order within a run and runs in text order (left-to-right
    // shaping); a right-to-left run would need them sorted, glyphs and all.
    if clusters.windows(2).any(|w| w[0].0 > w[1].0) {
        let mut order: Vec<usize> = (0..clusters.len()).collect();
        order.sort_by_key(|&i| clusters[i].0);
        let ends: Vec<usize> = (0..clusters.len())
            .map(|i| clusters.get(i + 1).map_or(pieces.len(), |c| c.1))
            .collect();
        let mut np = Vec::with_capacity(pieces.len());
        let mut nc = Vec::with_capacity(clusters.len());
        for i in order {
            nc.push((clusters[i].0, np.len()));
            np.extend_from_slice(&pieces[clusters[i].1..ends[i]]);
        }
        pieces = np;
        clusters = nc;
    }
    // 3. Break opportunities (UAX #14) by byte offset.
    let mut allowed = vec![false; text.len() + 1];
    let mut mandatory = vec![false; text.len() + 1];
    for (pos, op) in unicode_linebreak::linebreaks(text) {
        allowed[pos] = true;
        if op == unicode_linebreak::BreakOpportunity::Mandatory && pos < text.len() {
            mandatory[pos] = true;
        }
    }
    // 4. Units: each CJK cluster alone; runs of other clusters up to a break opportunity.
    let mut units: Vec<Unit> = Vec::new();
    let mut open = false; // whether the last unit is a Latin word still taking clusters
    for (ci, &(start, g0)) in clusters.iter().enumerate() {
        let glyphs = &pieces[g0..clusters.get(ci + 1).map_or(pieces.len(), |c| c.1)];
        let start = &start;
        let end = clusters.get(ci + 1).map(|c| c.0).unwrap_or(text.len());
        let piece = &text[*start..end];
        let first = piece.chars().next().unwrap_or(' ');
        let last = piece.chars().last().unwrap_or(' ');
        let cjk = is_cjk(first);
        let space = piece
            .chars()
            .all(|c| c == ' ' || c == '\u{3000}' || c == '\t');
        let mut w = 0.0;
        let mut ug = Vec::with_capacity(glyphs.len());
        for (f, id, adv, xo, yo) in glyphs {
            ug.push(UnitGlyph {
                font: *f,
                id: *id,
                dx: w + xo,
                dy: *yo,
                text_start: *start as u32,
                text_len: (end - start) as u32,
            });
            w += adv;
        }
        // Only the first glyph of a cluster carries its text (for ToUnicode).
        for g in ug.iter_mut().skip(1) {
            g.text_len = 0;
        }
        let chars = piece.chars().filter(|c| !c.is_whitespace()).count() as u32;
        let join = open && !cjk && !space && !allowed[*start];
        if join {
            let u = units.last_mut().expect("open implies a unit");
            for mut g in ug {
                g.dx += u.width;
                u.glyphs.push(g);
            }
            u.width += w;
            u.chars += chars;
            u.last = last;
        } else {
            units.push(Unit {
                glyphs: ug,
                width: w,
                shrink_end: 0.0,
                space_after: 0.0,
                trim_start: 0.0,
                break_after: false,
                hard_break: false,
                is_space: space,
                chars,
                first,
                last,
            });
        }
        open = !cjk && !space;
        if mandatory[end.min(text.len())] && end < text.len() {
            if let Some(u) = units.last_mut() {
                u.hard_break = true;
            }
        }
    }
    // 5. Breaks after each unit: UAX #14 allowed there, and clreq's prohibitions.
    let n = units.len();
    for i in 0..n {
        if i + 1 == n {
            units[i].break_after = true;
            continue;
        }
        let (a, b) = (units[i].last, units[i + 1].first);
        let next_start = units[i + 1]
            .glyphs
            .first()
            .map(|g| g.text_start as usize)
            .unwrap_or(0);
        let uax = allowed.get(next_start).copied().unwrap_or(true) || (is_cjk(a) && is_cjk(b));
        let ok = uax
            && !no_line_start(b)
            && !no_line_end(a)
            && !inseparable(a, b)
            && !number_binds(a, b);
        units[i].break_after = ok || units[i].hard_break;
    }
    // 6. Punctuation: compress adjacent marks (clreq 3.1.6), and note what may be
    //    compressed at line edges. How much of each mark is blank, and on which side,
    //    comes from the font's GPOS `halt` where it has one, else from the glyph's ink.
    for i in 0..n {
        let c = units[i].first;
        if units[i].chars != 1 || !(is_pause(c) || is_closing(c) || is_opening(c)) {
            continue;
        }
        if (units[i].width - size).abs() > size * 0.05 {
            continue; // proportional glyph: nothing to compress
        }
        let Some(blank) = units[i]
            .glyphs
            .first()
            .and_then(|g| fonts.punct_blank(g.font, c))
        else {
            continue;
        };
        let (left, right) = (blank.left * size, blank.right * size);
        if is_pause(c) || is_closing(c) {
            if right <= 0.0 {
                continue;
            }
            units[i].shrink_end = right;
            let next = units.get(i + 1).map(|u| u.first);
            if next.is_some_and(|d| is_pause(d) || is_closing(d) || is_opening(d)) {
                units[i].width -= right; // 。” ）， ，“ → the first mark loses its blank
                units[i].shrink_end = 0.0;
            }
        } else {
            if left <= 0.0 {
                continue;
            }
            units[i].trim_start = left;
            let prev = if i > 0 { Some(units[i - 1].last) } else { None };
            if prev.is_some_and(is_opening) {
                units[i].width -= left; // （“ → the second mark loses its blank left side
                units[i].trim_start = 0.0;
                for g in &mut units[i].glyphs {
                    g.dx -= left;
                }
            }
        }
    }
    // 7. Han–Latin/digit spacing: ¼ em between a Han character and a Latin letter or digit
    //    (not where a space already is).
    let quarter = size * 0.25;
    for i in 0..n.saturating_sub(1) {
        let (a, b) = (units[i].last, units[i + 1].first);
        if (is_han(a) && is_western_alnum(b)) || (is_western_alnum(a) && is_han(b)) {
            units[i].width += quarter;
            units[i].space_after = quarter;
        }
    }
    Shaped {
        text: Arc::from(text),
        units: Arc::from(units),
        missing,
        plans: Arc::default(),
    }
}

fn is_ignorable(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
}
