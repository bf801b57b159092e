//! Line breaking. Justified paragraphs are broken by total fit (Knuth–Plass style) over the
//! break opportunities `prepare` found: every way to end each line is weighed by how far its
//! inter-character gaps must stretch (spacing out) or its punctuation must be compressed
//! (shrink), and the sum over the paragraph is minimised, so a long number, Latin word or URL
//! that cannot be split makes several lines a little looser instead of one line very loose.
//! A one-character last line (孤字) costs so much that it is taken only when nothing else fits.
//!
//! The plan is worked out once per measure for every unit a line could start at (the best
//! way to set the rest of the paragraph from there), so the flow can move a paragraph on to a
//! column of another width at any line and ask again. Other alignments break greedily.

use super::chars::*;
use super::paragraph::{Prepared, Unit};
use crate::model::{Align, Role};
use std::sync::Arc;

/// One broken line: units `start..end` of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub start: usize,
    pub end: usize,
    pub last: bool,
}

/// Marks that may hang outside the measure at a line end when the style allows it.
pub fn is_hangable(c: char) -> bool {
    matches!(c, '，' | '。' | '、')
}

/// Whether the last unit of a line whose content measures `natural` hangs outside `avail`.
pub(super) fn hangs(p: &Prepared, last: &Unit, natural: f64, avail: f64) -> bool {
    p.hang
        && p.style.align == Align::Justify
        && last.chars == 1
        && is_hangable(last.first)
        && natural > avail + 1e-6
}

/// Best line breaks of a paragraph for one measure.
#[derive(Debug)]
pub struct Plan {
    width: u64,
    indent: u64,
    hang: bool,
    /// For each unit index a line may start at: where that line ends.
    next: Vec<u32>,
    /// Where the first line (with its indent) ends.
    first: u32,
}

/// Plans kept per paragraph (measures it was set at recently).
const PLANS_KEPT: usize = 8;

fn plan_for(p: &Prepared, width: f64) -> Arc<Plan> {
    let key = (width.to_bits(), p.style.indent.to_bits(), p.hang);
    let mut plans = p.plans.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(plan) = plans
        .iter()
        .find(|pl| (pl.width, pl.indent, pl.hang) == key)
    {
        return plan.clone();
    }
    let plan = Arc::new(make_plan(p, width));
    if plans.len() >= PLANS_KEPT {
        plans.remove(0);
    }
    plans.push(plan.clone());
    plan
}

fn is_punct_mark(c: char) -> bool {
    is_pause(c) || is_closing(c) || matches!(c, '？' | '！' | '…')
}

/// Demerits of one line: its content (units after dropping trailing spaces) measures
/// `natural` with `shrink` of compressible punctuation and has `count` units.
fn demerits(natural: f64, shrink: f64, count: usize, avail: f64, size: f64) -> f64 {
    let bad = if natural > avail {
        // Punctuation compressed (clreq's first resort): cheap, more so when slight.
        let r = ((natural - avail) / shrink.max(1e-9)).min(1.0);
        10.0 * r * r * r
    } else {
        let gaps = count.saturating_sub(1).max(1) as f64;
        let g = (avail - natural) / gaps / size / 0.25;
        100.0 * g * g * g
    };
    (1.0 + bad) * (1.0 + bad)
}

/// Cost of a last line: nothing, unless it is a 孤字 (one character, alone or with its
/// punctuation).
const ORPHAN: f64 = 1e7;
/// Cost of a line that cannot fit (a word longer than the measure), so one is taken only
/// when there is no other way.
const OVERFULL: f64 = 1e12;

fn make_plan(p: &Prepared, width: f64) -> Plan {
    let units: &[Unit] = &p.units;
    let n = units.len();
    let size = p.style.size.max(1e-3);
    let mut next = vec![0u32; n + 1];
    let mut cost = vec![0.0f64; n + 1];
    next[n] = n as u32;
    // Characters that count against a 孤字, per unit (worked out once, not per candidate).
    let text_chars: Vec<u32> = units
        .iter()
        .map(|u| {
            if u.is_space || is_punct_mark(u.first) {
                0
            } else {
                u.chars
            }
        })
        .collect();
    let line = |s: usize, first: bool, cost: &[f64]| -> (u32, f64) {
        let indent = if first { p.style.indent } else { 0.0 };
        let avail = width - indent;
        let s0 = skip_spaces(units, s);
        if s0 >= n {
            return (n as u32, 0.0);
        }
        let lead = if first && p.style.indent != 0.0 {
            0.0
        } else {
            units[s0].trim_start
        };
        let mut w = -lead;
        let mut shrink = 0.0;
        let mut seen = 0usize;
        let mut chars = 0u32;
        // The content so far (up to the last non-space unit), as set: natural width,
        // compressible punctuation, units.
        let mut content: Option<(f64, f64, usize)> = None;
        let mut best: Option<(u32, f64)> = None;
        let mut stop = n;
        for (i, u) in units.iter().enumerate().skip(s0) {
            w += u.width;
            shrink += u.shrink_end;
            seen += 1;
            if !u.is_space {
                chars += text_chars[i];
                let natural = w - u.space_after;
                let c = if hangs(p, u, natural, avail) {
                    (natural - u.width, shrink - u.shrink_end, seen - 1)
                } else {
                    (natural, shrink, seen)
                };
                if c.0 - c.1 > avail + 1e-6 {
                    stop = i;
                    break;
                }
                content = Some(c);
            }
            if let (true, Some((nat, shr, cnt))) = (u.break_after, content) {
                let e = i + 1;
                let d = if e >= n {
                    if chars <= 1 && s > 0 {
                        ORPHAN
                    } else {
                        0.0
                    }
                } else {
                    demerits(nat, shr, cnt, avail, size)
                };
                keep(&mut best, (e as u32, d + cost[e]));
            }
            if u.hard_break {
                stop = i + 1;
                break;
            }
        }
        match best {
            Some(b) => b,
            None => {
                // Nothing allowed fits (a long URL, a measure narrower than one character):
                // break where it overflows, keeping at least one unit.
                let e = stop.max(s0 + 1).min(n);
                (e as u32, OVERFULL + cost[e])
            }
        }
    };
    for s in (0..n).rev() {
        let (e, c) = line(s, false, &cost);
        next[s] = e;
        cost[s] = c;
    }
    let first = if n == 0 { 0 } else { line(0, true, &cost).0 };
    Plan {
        width: width.to_bits(),
        indent: p.style.indent.to_bits(),
        hang: p.hang,
        next,
        first,
    }
}

fn keep(best: &mut Option<(u32, f64)>, c: (u32, f64)) {
    // Ties go to the longer line (the later candidate), as a greedy breaker would.
    if best.is_none_or(|b| c.1 <= b.1) {
        *best = Some(c);
    }
}

/// Spaces at a line start are dropped (not at the paragraph's start).
fn skip_spaces(units: &[Unit], mut start: usize) -> usize {
    while start < units.len() && units[start].is_space && start > 0 {
        start += 1;
    }
    start
}

fn total_fit(p: &Prepared) -> bool {
    p.style.align == Align::Justify && !is_headline(p.role)
}

fn is_headline(role: Role) -> bool {
    matches!(
        role,
        Role::Kicker | Role::Headline | Role::Subheadline | Role::JumpHeadline | Role::Subhead
    )
}

/// Finds where the line starting at unit `start` ends, for a measure of `width` pt.
pub fn next_break(p: &Prepared, start: usize, width: f64, first_line: bool) -> Break {
    let n = p.units.len();
    if total_fit(p) && start <= n && (start == 0 || !first_line) {
        let plan = plan_for(p, width);
        let end = if first_line {
            plan.first
        } else {
            plan.next[start]
        } as usize;
        return Break {
            start: skip_spaces(&p.units, start),
            end,
            last: end >= n,
        };
    }
    greedy_break(p, start, width, first_line)
}

/// The longest line that fits from `start` (with punctuation compressed if that lets more
/// in): for ragged and centred text, and headlines, which break at the editor's spaces.
pub fn greedy_break(p: &Prepared, start: usize, width: f64, first_line: bool) -> Break {
    let units = &p.units;
    let start = skip_spaces(units, start);
    let avail = width - if first_line { p.style.indent } else { 0.0 };
    // Punctuation may be compressed to half width to fit more on a line (clreq: compress
    // before spacing out): `greedy_end` counts what the line could give.
    let mut w = 0.0;
    if let Some(u) = units.get(start) {
        if !first_line || p.style.indent == 0.0 {
            w -= u.trim_start;
        }
    }
    let end = greedy_end(units.len(), start, w, avail, is_headline(p.role), |k| {
        let u = &units[k];
        ScanUnit {
            advance: u.width,
            shrink_end: u.shrink_end,
            space_after: u.space_after,
            is_space: u.is_space,
            break_after: u.break_after,
            hard_break: u.hard_break,
        }
    });
    Break {
        start,
        end,
        last: end >= units.len(),
    }
}

/// What the greedy scan needs of a unit, whichever way the line runs.
pub(super) struct ScanUnit {
    /// Along the line: the width of a horizontal unit, the advance of a vertical one.
    pub advance: f64,
    pub shrink_end: f64,
    pub space_after: f64,
    pub is_space: bool,
    pub break_after: bool,
    pub hard_break: bool,
}

/// Where the longest line starting at unit `start` ends (`w0` already on it, `avail` pt
/// of room): the last allowed break that fits with its punctuation compressed; with
/// `at_spaces` (headlines) the last of the editor's spaces before it, never mid-phrase.
/// When nothing allowed fits (a long URL, a measure narrower than one character) the line
/// breaks where it overflows, keeping at least one unit.
pub(super) fn greedy_end(
    n: usize,
    start: usize,
    w0: f64,
    avail: f64,
    at_spaces: bool,
    unit: impl Fn(usize) -> ScanUnit,
) -> usize {
    let (mut w, mut shrink) = (w0, 0.0);
    let mut best: Option<usize> = None;
    let mut i = start;
    while i < n {
        let u = unit(i);
        w += u.advance;
        shrink += u.shrink_end;
        let fits = w - u.space_after - shrink <= avail + 1e-6
            || (u.is_space && w - u.advance <= avail + 1e-6);
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
    if i >= n {
        n
    } else if let Some(b) = best {
        match (start..b).rev().find(|&k| {
            let u = unit(k);
            u.is_space && u.break_after
        }) {
            Some(k) if at_spaces && k > start => k + 1,
            _ => b,
        }
    } else {
        i.max(start + 1)
    }
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
/// (Total-fit breaking already avoids 孤字 wherever the paragraph allows it.)
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
