//! Setting one broken line: opening brackets flush at the line start, Han–Latin spacing
//! dropped at the line end, punctuation compressed when the line is too long (clreq's
//! first resort), then the remaining space spread evenly between characters. With hanging
//! punctuation a line-end ，。、 that does not fit stands outside the measure at full width.

use super::breaker::{hangs, Break};
use super::paragraph::Prepared;
use crate::display::{Glyph, Rotation, TextRun};
use crate::model::Align;

/// How a line's units are spaced.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineFit {
    /// Units set (trailing spaces dropped): `start..content_end`.
    pub content_end: usize,
    /// Width of the content before justification, pt (without the indent).
    pub natural: f64,
    /// Fraction of each mark's compressible half taken away (0 = none, 1 = all).
    pub compress: f64,
    /// Extra space between units, pt.
    pub gap: f64,
    /// Whether the line is spread to both edges.
    pub justified: bool,
    /// Whether the last unit hangs outside the measure.
    pub hang: bool,
    /// A justified line of one unit (a piece of a URL): `gap` goes between its glyphs.
    pub letter_spaced: bool,
    /// Left shift of the first unit (an opening bracket set flush), pt.
    pub shift0: f64,
}

/// Works out how the line `br` of `p` is spaced across `width`.
pub fn fit_line(p: &Prepared, br: Break, width: f64, first_line: bool) -> LineFit {
    let all = &p.units[br.start..br.end.min(p.units.len())];
    let mut n = all.len();
    while n > 0 && all[n - 1].is_space {
        n -= 1;
    }
    let units = &all[..n];
    let indent = if first_line { p.style.indent } else { 0.0 };
    let avail = width - indent;
    let mut natural: f64 = units.iter().map(|u| u.width).sum();
    let mut shift0 = 0.0;
    // Line-start opening bracket flush with the column edge.
    if let Some(u) = units.first() {
        if u.trim_start > 0.0 && indent == 0.0 {
            natural -= u.trim_start;
            shift0 = -u.trim_start;
        }
    }
    // Han–Latin spacing is not kept at a line end.
    if let Some(u) = units.last() {
        natural -= u.space_after;
    }
    let hang = units.last().is_some_and(|u| hangs(p, u, natural, avail));
    // The units spaced inside the measure (a hanging mark stands outside).
    let inside = if hang { &units[..n - 1] } else { units };
    let measured = if hang {
        natural - units[n - 1].width
    } else {
        natural
    };
    // Too long: compress the line's punctuation (each mark's blank half, evenly).
    let can: f64 = inside.iter().map(|u| u.shrink_end).sum();
    let compress = if measured > avail && can > 0.0 {
        ((measured - avail) / can).min(1.0)
    } else {
        0.0
    };
    let measured = measured - can * compress;
    let slack = avail - measured;
    let wanted = p.style.align == Align::Justify && !br.last;
    let glyphs = inside.first().map_or(0, |u| u.glyphs.len());
    let letter_spaced = wanted && inside.len() == 1 && glyphs > 1 && slack > 0.0;
    let justified = wanted && (inside.len() > 1 || letter_spaced);
    let gap = if !justified {
        0.0
    } else if letter_spaced {
        slack / (glyphs - 1) as f64
    } else {
        slack / (inside.len() - 1) as f64
    };
    LineFit {
        content_end: br.start + n,
        natural: measured + if hang { units[n - 1].width } else { 0.0 },
        compress,
        gap,
        justified,
        hang,
        letter_spaced,
        shift0,
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
    let fit = fit_line(p, br, width, first_line);
    let units = &p.units[br.start..fit.content_end];
    let n = units.len();
    let indent = if first_line { p.style.indent } else { 0.0 };
    let avail = width - indent;
    // Width of the units inside the measure once compressed (the hanging mark excluded).
    let inside_w = fit.natural - if fit.hang { units[n - 1].width } else { 0.0 };
    let slack = avail - inside_w;
    let mut pen = match p.style.align {
        _ if fit.justified => x + indent,
        Align::Center => x + indent + slack / 2.0,
        Align::Right => x + indent + slack,
        _ => x + indent,
    };
    let mut runs: Vec<TextRun> = Vec::new();
    for (k, u) in units.iter().enumerate() {
        let mut sx = if k == 0 { fit.shift0 } else { 0.0 };
        for (gi, g) in u.glyphs.iter().enumerate() {
            if fit.letter_spaced && gi > 0 {
                sx += fit.gap;
            }
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
                        rotation: Rotation::None,
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
        let mut w = u.width - u.shrink_end * fit.compress;
        if fit.letter_spaced {
            w += fit.gap * (u.glyphs.len() - 1) as f64;
        }
        if k == 0 {
            w += fit.shift0;
        }
        if k + 1 == n {
            w -= u.space_after;
        }
        if fit.hang && k + 1 == n {
            w += u.shrink_end * fit.compress; // the hanging mark keeps its full width
        }
        pen += w;
        let inside = if fit.hang { n - 1 } else { n };
        if k + 1 < inside {
            pen += fit.gap;
        }
    }
    (runs, fit.natural + indent, pen)
}
