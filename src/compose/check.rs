//! Checks on a finished composition that name the story and paragraph: justified lines
//! spaced wider than their style's limit (loose lines), and one-character last lines (孤字)
//! the breaker could not avoid.
//!
//! Lines are matched back to their paragraphs through the story's thread (a story's lines
//! come in thread order, each paragraph's lines one after another), and each line's spacing
//! is worked out again from the paragraph's units exactly as it was set.

use super::justify::fit_line;
use super::paragraph::Resolved;
use super::styles::style_for;
use super::{Break, ComposeCache, Composition, Problem, Problems};
use crate::fonts::{FontId, FontSet};
use crate::model::{Align, Color, Edition, FontRole, FrameKind, Role};
use std::collections::HashMap;

fn justified(role: Role, align: Align) -> bool {
    align == Align::Justify
        && !matches!(
            role,
            Role::Kicker | Role::Headline | Role::Subheadline | Role::JumpHeadline | Role::Subhead
        )
}

/// Adds a problem for every loose justified line and every 孤字 left in a story.
pub(super) fn loose_lines(
    ed: &Edition,
    fonts: &FontSet,
    comp: &mut Composition,
    cache: &mut ComposeCache,
) {
    let mut faces: HashMap<(FontRole, bool), Option<FontId>> = HashMap::new();
    let mut found: Vec<Problem> = Vec::new();
    for s in &ed.stories {
        let Some(first) = s.thread.first() else {
            continue;
        };
        let Some((p0, f0)) = ed.find_frame(first) else {
            continue;
        };
        let map = match &ed.pages[p0].frames[f0].kind {
            FrameKind::Text { styles, .. } => Some(styles),
            _ => None,
        };
        // The story's lines in thread order, with their page.
        let mut lines = Vec::new();
        for id in &s.thread {
            if let Some((pi, _)) = ed.find_frame(id) {
                if let Some(page) = comp.pages.get(pi) {
                    lines.extend(
                        page.lines
                            .iter()
                            .filter(|l| &l.frame == id)
                            .map(|l| (pi, l)),
                    );
                }
            }
        }
        let paras = s.body_paragraphs();
        let mut k = 0usize;
        let mut cursor = 0usize;
        let mut current = None;
        for (pi, l) in lines {
            while k < paras.len() && paras[k].text.is_empty() {
                k += 1;
            }
            let Some(para) = paras.get(k) else {
                break;
            };
            if l.role != para.role {
                continue; // the headline block or a jump line
            }
            if l.first_of_paragraph || current.is_none() {
                let st = style_for(&ed.styles, map, para.role);
                let font = *faces.entry((st.font, st.bold)).or_insert_with(|| {
                    let family = ed.settings.fonts.get(&st.font).map(String::as_str);
                    fonts.role(st.font, family, st.bold).ok()
                });
                current = font.map(|font| {
                    let size = st.size.pt;
                    let r = Resolved {
                        font,
                        size,
                        indent: st.indent_em * size,
                        align: st.align,
                        cells: 1,
                        space_before: 0,
                        space_after: 0,
                        color: Color::BLACK,
                    };
                    let mut scratch = Problems::default();
                    cache
                        .prepare(&para.text, para.role, r, fonts, &mut scratch)
                        .with_options(st.hanging_punctuation, st.max_gap_em)
                });
                cursor = 0;
            }
            if let Some(p) = &current {
                // Units of this line: skip leading spaces, then take units until their
                // text is the line's.
                let units = &p.units;
                while cursor > 0 && cursor < units.len() && units[cursor].is_space {
                    cursor += 1;
                }
                let start = cursor;
                let mut bytes = 0usize;
                while cursor < units.len() && bytes < l.text.len() {
                    bytes += units[cursor]
                        .glyphs
                        .iter()
                        .map(|g| g.text_len as usize)
                        .sum::<usize>();
                    cursor += 1;
                }
                let br = Break {
                    start,
                    end: cursor,
                    last: l.last_of_paragraph,
                };
                let at = |message: String| Problem {
                    page: Some(pi),
                    frame: Some(l.frame.clone()),
                    message,
                };
                if justified(p.role, p.style.align) && !br.last {
                    let fit = fit_line(p, br, l.width, l.first_of_paragraph);
                    // Over by at least 0.005 em, so the two-decimal figure shown is over too.
                    if fit.justified && fit.gap > p.max_gap + 0.005 * p.style.size {
                        found.push(at(format!(
                            "story “{}”, paragraph {}, page {}: a loose line, {:.2} em between characters (limit {:.2} em): “{}”",
                            s.slug,
                            k + 1,
                            pi + 1,
                            fit.gap / p.style.size,
                            p.max_gap / p.style.size,
                            l.text
                        )));
                    }
                }
                if justified(p.role, p.style.align)
                    && br.last
                    && !l.first_of_paragraph
                    && super::is_orphan(p, br)
                {
                    found.push(at(format!(
                        "story “{}”, paragraph {}, page {}: the last line is a single character (孤字) that tracking could not pull up: “{}”",
                        s.slug,
                        k + 1,
                        pi + 1,
                        l.text
                    )));
                }
            }
            if l.last_of_paragraph {
                k += 1;
                current = None;
            }
        }
    }
    comp.problems.extend(found);
}
