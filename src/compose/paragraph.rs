//! A paragraph prepared for line breaking: shaped once, cut into units (a Han character, a
//! punctuation mark, a Latin word, a space), each with its width, how much it may be
//! compressed at a line edge, and whether a line may break after it (UAX #14 plus clreq's
//! strict prohibitions). Line breaking then only adds up widths, so re-breaking at another
//! column width costs no shaping.

use super::chars::*;
use super::Problems;
use crate::display::{Glyph, TextRun};
use crate::fonts::{FontId, FontSet};
use crate::model::{Align, Color, Role};

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

#[derive(Debug, Clone)]
pub struct Prepared {
    pub text: String,
    pub units: Vec<Unit>,
    pub style: Resolved,
    pub role: Role,
}

/// A shaped glyph in points: (font, glyph, advance, x offset, y offset).
type ShapedPiece = (FontId, u16, f64, f64, f64);

/// Shapes `text` and cuts it into units.
pub fn prepare(
    text: &str,
    role: Role,
    style: Resolved,
    fonts: &FontSet,
    problems: &mut Problems,
) -> Prepared {
    let size = style.size;
    // 1. Font per character (fallback), then runs of one font.
    let mut runs: Vec<(FontId, usize, usize)> = Vec::new();
    for (i, ch) in text.char_indices() {
        let f = if ch.is_control() || is_ignorable(ch) {
            style.font
        } else {
            match fonts.fallback(ch, style.font) {
                Some(f) => f,
                None => {
                    problems.missing_glyph(ch);
                    style.font
                }
            }
        };
        match runs.last_mut() {
            Some((rf, _, end)) if *rf == f => *end = i + ch.len_utf8(),
            _ => runs.push((f, i, i + ch.len_utf8())),
        }
    }
    // 2. Shape each run; collect glyphs per cluster (byte offset in `text`).
    let mut clusters: Vec<(usize, Vec<ShapedPiece>)> = Vec::new();
    for (f, s, e) in runs {
        let face = fonts.face(f);
        let shaped = crate::fonts::shape(face, &text[s..e], &[]);
        for g in shaped {
            let at = s + g.cluster as usize;
            let item = (
                f,
                g.glyph,
                g.advance * size,
                g.x_offset * size,
                g.y_offset * size,
            );
            match clusters.last_mut() {
                Some((c, v)) if *c == at => v.push(item),
                _ => clusters.push((at, vec![item])),
            }
        }
    }
    clusters.sort_by_key(|(c, _)| *c);
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
    for (ci, (start, glyphs)) in clusters.iter().enumerate() {
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
    // 6. Punctuation: compress adjacent marks to half width (clreq 3.1.6), and note what
    //    may be compressed at line edges.
    let half = size * 0.5;
    for i in 0..n {
        let c = units[i].first;
        if units[i].chars != 1 || !(is_pause(c) || is_closing(c) || is_opening(c)) {
            continue;
        }
        if (units[i].width - size).abs() > size * 0.05 {
            continue; // proportional glyph: nothing to compress
        }
        if is_pause(c) || is_closing(c) {
            units[i].shrink_end = half;
            let next = units.get(i + 1).map(|u| u.first);
            if next.is_some_and(|d| is_pause(d) || is_closing(d) || is_opening(d)) {
                units[i].width -= half; // 。” ）， ，“ → the first mark loses its blank half
                units[i].shrink_end = 0.0;
            }
        } else {
            units[i].trim_start = half;
            let prev = if i > 0 { Some(units[i - 1].last) } else { None };
            if prev.is_some_and(is_opening) {
                units[i].width -= half; // （“ → the second mark loses its blank left half
                units[i].trim_start = 0.0;
                for g in &mut units[i].glyphs {
                    g.dx -= half;
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
    Prepared {
        text: text.to_string(),
        units,
        style,
        role,
    }
}

fn is_ignorable(c: char) -> bool {
    matches!(c as u32, 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF | 0xE0100..=0xE01EF)
}

/// One broken line: units `start..end` of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub start: usize,
    pub end: usize,
    pub last: bool,
}

/// Finds where the line starting at unit `start` ends, for a measure of `width` pt.
pub fn next_break(p: &Prepared, start: usize, width: f64, first_line: bool) -> Break {
    let units = &p.units;
    let mut start = start;
    // Spaces at a line start are dropped (not after a hard break inside the paragraph).
    while start < units.len() && units[start].is_space && start > 0 {
        start += 1;
    }
    let avail = width - if first_line { p.style.indent } else { 0.0 };
    let mut w = 0.0;
    // Punctuation may be compressed to half width to fit more on a line (clreq: compress
    // before spacing out); `shrink` is how much the line could give.
    let mut shrink = 0.0;
    if let Some(u) = units.get(start) {
        if !first_line || p.style.indent == 0.0 {
            w -= u.trim_start;
        }
    }
    let mut best: Option<usize> = None;
    let mut i = start;
    while i < units.len() {
        let u = &units[i];
        w += u.width;
        shrink += u.shrink_end;
        let fits = w - u.space_after - shrink <= avail + 1e-6
            || (u.is_space && w - u.width <= avail + 1e-6);
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
        // Headlines break at the editor's spaces (between phrases), never mid-phrase,
        // when a space fits on the line.
        let headline = matches!(
            p.role,
            Role::Kicker | Role::Headline | Role::Subheadline | Role::JumpHeadline | Role::Subhead
        );
        match (start..b)
            .rev()
            .find(|&k| units[k].is_space && units[k].break_after)
        {
            Some(k) if headline && k > start => k + 1,
            _ => b,
        }
    } else {
        // Nothing allowed fits (a long URL, a measure narrower than one character):
        // break where it overflows, keeping at least one unit.
        i.max(start + 1)
    };
    Break {
        start,
        end,
        last: end >= units.len(),
    }
}

/// Positions a line's glyphs: justified across `width` unless it is the paragraph's last
/// line (or the style is not justified). Returns the text runs, the natural width (with
/// indent) and the right edge of the last character's advance.
pub fn set_line(
    p: &Prepared,
    br: Break,
    x: f64,
    baseline: f64,
    width: f64,
    first_line: bool,
) -> (Vec<TextRun>, f64, f64) {
    let units = &p.units[br.start..br.end];
    // Drop trailing spaces.
    let mut n = units.len();
    while n > 0 && units[n - 1].is_space {
        n -= 1;
    }
    let units = &units[..n];
    let indent = if first_line { p.style.indent } else { 0.0 };
    let mut widths: Vec<f64> = units.iter().map(|u| u.width).collect();
    let mut shift0 = 0.0;
    // Line-start opening bracket flush with the column edge.
    if let Some(u) = units.first() {
        if u.trim_start > 0.0 && indent == 0.0 {
            widths[0] -= u.trim_start;
            shift0 = -u.trim_start;
        }
    }
    // Han–Latin spacing is not kept at a line end.
    if let (Some(u), Some(last)) = (units.last(), widths.last_mut()) {
        *last -= u.space_after;
    }
    let natural: f64 = widths.iter().sum();
    let avail = width - indent;
    // Too long: compress the line's punctuation (each mark's blank half, evenly).
    let can: f64 = units.iter().map(|u| u.shrink_end).sum();
    if natural > avail && can > 0.0 {
        let f = ((natural - avail) / can).min(1.0);
        for (w, u) in widths.iter_mut().zip(units) {
            *w -= u.shrink_end * f;
        }
    }
    let natural: f64 = widths.iter().sum();
    let slack = avail - natural;
    let justify = p.style.align == Align::Justify && !br.last && units.len() > 1;
    let gaps = units.len().saturating_sub(1).max(1) as f64;
    let (mut pen, gap) = match p.style.align {
        _ if justify => (x + indent, slack / gaps),
        Align::Center => (x + indent + slack / 2.0, 0.0),
        Align::Right => (x + indent + slack, 0.0),
        _ => (x + indent, 0.0),
    };
    let mut runs: Vec<TextRun> = Vec::new();
    for (k, u) in units.iter().enumerate() {
        let sx = if k == 0 { shift0 } else { 0.0 };
        for g in &u.glyphs {
            let glyph_text = &p.text[g.text_start as usize..(g.text_start + g.text_len) as usize];
            let run = match runs.last_mut() {
                Some(r) if r.font == g.font => r,
                _ => {
                    runs.push(TextRun {
                        font: g.font,
                        size: p.style.size,
                        color: p.style.color,
                        text: String::new(),
                        glyphs: Vec::new(),
                        rotation: Default::default(),
                    });
                    runs.last_mut().expect("just pushed")
                }
            };
            let ts = run.text.len() as u32;
            run.text.push_str(glyph_text);
            run.glyphs.push(Glyph {
                id: g.id,
                x: pen + g.dx + sx,
                y: baseline - g.dy,
                text_start: ts,
                text_len: g.text_len,
            });
        }
        pen += widths[k] + if k + 1 < units.len() { gap } else { 0.0 };
    }
    (runs, natural + indent, pen)
}

fn is_punct_mark(c: char) -> bool {
    is_pause(c) || is_closing(c) || matches!(c, '？' | '！' | '…')
}

/// Whether a last line would be a 孤字: one character, alone or with its punctuation.
pub fn is_orphan(p: &Prepared, br: Break) -> bool {
    let text: usize = p.units[br.start..br.end]
        .iter()
        .filter(|u| !u.is_space && !is_punct_mark(u.first))
        .map(|u| u.chars as usize)
        .sum();
    br.last && text <= 1 && br.end > br.start
}

/// If the line after `br` would be the paragraph's last and a 孤字, ends `br` one break
/// earlier so two characters go down together (the line is then spaced a little wider,
/// within the justification). Returns `br` unchanged when there is no earlier break.
pub fn avoid_orphan(p: &Prepared, br: Break, width: f64) -> Break {
    if br.last {
        return br;
    }
    let next = next_break(p, br.end, width, false);
    if !is_orphan(p, next) {
        return br;
    }
    // Latest earlier break that still leaves the line at least half full.
    let min_end = br.start + (br.end - br.start) / 2;
    match (min_end.max(br.start + 1)..br.end - 1)
        .rev()
        .find(|&k| p.units[k].break_after)
    {
        Some(k) => Break {
            start: br.start,
            end: k + 1,
            last: false,
        },
        None => br,
    }
}
