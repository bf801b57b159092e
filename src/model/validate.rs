//! Checks the cross-references a type system cannot: ids unique, frames and stories that
//! point at each other, templates present, sizes sane. Returns the first problem found,
//! phrased for the person who has to fix the file.

use super::{Edition, FrameKind, TextContent};
use std::collections::{HashMap, HashSet};

/// Largest page side accepted, in mm (a broadsheet is 600 mm; a poster 2 m).
pub const MAX_PAGE_MM: f64 = 5000.0;
/// Most pages in one file (a thick Sunday edition has 200).
pub const MAX_PAGES: usize = 2000;
/// Most frames on one page (a busy classifieds page has a few hundred).
pub const MAX_FRAMES_PER_PAGE: usize = 5000;
/// Most characters in one story, all its texts together (a long feature has 20,000).
pub const MAX_STORY_CHARS: usize = 1_000_000;
/// Most characters in one paragraph, headline or byline. Keeps line breaking of a
/// paragraph without break opportunities within seconds.
pub const MAX_PARAGRAPH_CHARS: usize = 100_000;

pub fn validate(ed: &Edition) -> Result<(), String> {
    if ed.pages.len() > MAX_PAGES {
        return Err(format!(
            "{} pages; at most {MAX_PAGES} are supported",
            ed.pages.len()
        ));
    }
    for (pi, p) in ed.pages.iter().enumerate() {
        if p.frames.len() > MAX_FRAMES_PER_PAGE {
            return Err(format!(
                "page {} (“{}”): {} frames; at most {MAX_FRAMES_PER_PAGE} are supported",
                pi + 1,
                p.id,
                p.frames.len()
            ));
        }
    }
    for s in &ed.stories {
        check_story_size(s)?;
    }
    for (name, t) in &ed.templates {
        let sane = |v: f64| v.is_finite() && (0.0..=MAX_PAGE_MM).contains(&v);
        if !(sane(t.trim_w) && sane(t.trim_h) && t.trim_w > 0.0 && t.trim_h > 0.0) {
            return Err(format!(
                "template “{name}”: trim size {}×{} mm is not a page size",
                t.trim_w, t.trim_h
            ));
        }
        if ![
            t.margin_top,
            t.margin_bottom,
            t.margin_left,
            t.margin_right,
            t.gutter,
            t.bleed,
        ]
        .iter()
        .all(|v| sane(*v))
        {
            return Err(format!("template “{name}”: margins, gutter and bleed must be between 0 and {MAX_PAGE_MM} mm"));
        }
        if t.columns == 0 || t.columns > 50 || t.column_w() <= 0.0 {
            return Err(format!(
                "template “{name}”: {} columns do not fit the type area",
                t.columns
            ));
        }
        if !(t.grid_pt.is_finite() && t.grid_pt >= 1.0 && t.grid_pt <= 500.0) {
            return Err(format!(
                "template “{name}”: grid pitch {} pt must be between 1 and 500",
                t.grid_pt
            ));
        }
        if let Some(m) = &t.masthead {
            let mm = |v: f64| v.is_finite() && (0.0..=MAX_PAGE_MM).contains(&v);
            if ![m.x, m.y, m.w, m.h, m.rule_pt].iter().all(|v| mm(*v)) {
                return Err(format!(
                    "template “{name}”: masthead area must lie within 0 and {MAX_PAGE_MM} mm"
                ));
            }
            for (i, f) in m.fields.iter().enumerate() {
                if ![f.x, f.y, f.w, f.h].iter().all(|v| mm(*v)) {
                    return Err(format!(
                        "template “{name}”: masthead field {} (“{}”) has no usable position",
                        i + 1,
                        f.text
                    ));
                }
                if !ed.styles.contains_key(&f.style) {
                    return Err(format!(
                        "template “{name}”: masthead field {} (“{}”): paragraph style “{}” does not exist",
                        i + 1,
                        f.text,
                        f.style
                    ));
                }
            }
        }
    }
    for c in &ed.meta.credits {
        if !ed.pages.iter().any(|p| p.id == c.page) {
            return Err(format!(
                "meta: credits for page “{}”, which does not exist",
                c.page
            ));
        }
    }
    let mut story_ids = HashSet::new();
    for s in &ed.stories {
        if !story_ids.insert(s.id.as_str()) {
            return Err(format!("story id “{}” is used twice", s.id));
        }
    }
    let mut frames: HashMap<&str, (usize, &super::Frame)> = HashMap::new();
    for (pi, p) in ed.pages.iter().enumerate() {
        if !ed.templates.contains_key(&p.template) {
            return Err(format!(
                "page {} (“{}”): template “{}” is not in the file's templates",
                pi + 1,
                p.id,
                p.template
            ));
        }
        for f in &p.frames {
            let where_ = format!("page {} frame “{}”", pi + 1, f.id);
            if frames.insert(f.id.as_str(), (pi, f)).is_some() {
                return Err(format!("{where_}: frame id is used twice"));
            }
            for (what, v) in [("x", f.x), ("y", f.y), ("w", f.w), ("h", f.h)] {
                if !v.is_finite() || v.abs() > MAX_PAGE_MM {
                    return Err(format!(
                        "{where_}: {what} = {v} mm is not a usable position or size"
                    ));
                }
            }
            if f.w < 0.0 || f.h < 0.0 {
                return Err(format!("{where_}: negative size {}×{} mm", f.w, f.h));
            }
            match &f.kind {
                FrameKind::Text {
                    story,
                    columns,
                    gutter,
                    styles,
                    inset,
                    content,
                    vertical,
                } => {
                    if !story_ids.contains(story.as_str()) {
                        return Err(format!("{where_}: story “{story}” does not exist"));
                    }
                    if *vertical && *content != TextContent::Headline {
                        return Err(format!(
                            "{where_}: vertical text (竖排) is only for headline frames \
                             (content: headline)"
                        ));
                    }
                    if *columns == 0 || *columns > 50 {
                        return Err(format!(
                            "{where_}: {columns} columns; a text frame has 1 to 50"
                        ));
                    }
                    if gutter.is_some_and(|g| !g.is_finite() || !(0.0..=MAX_PAGE_MM).contains(&g))
                        || !inset.is_finite()
                        || *inset < 0.0
                    {
                        return Err(format!(
                            "{where_}: gutter and inset must be positive lengths"
                        ));
                    }
                    for style in styles.values() {
                        if !ed.styles.contains_key(style) {
                            return Err(format!(
                                "{where_}: paragraph style “{style}” does not exist"
                            ));
                        }
                    }
                }
                FrameKind::Label { style, .. } => {
                    if !ed.styles.contains_key(style) {
                        return Err(format!(
                            "{where_}: paragraph style “{style}” does not exist"
                        ));
                    }
                }
                FrameKind::Rule {
                    weight_pt, color, ..
                }
                | FrameKind::Box {
                    stroke_pt: weight_pt,
                    color,
                    ..
                } => {
                    if !weight_pt.is_finite() || *weight_pt < 0.0 || *weight_pt > 100.0 {
                        return Err(format!(
                            "{where_}: line weight {weight_pt} pt must be between 0 and 100"
                        ));
                    }
                    let fill = match &f.kind {
                        FrameKind::Box { fill, .. } => *fill,
                        _ => None,
                    };
                    for (what, c) in [("color", Some(*color)), ("fill", fill)] {
                        if let Some(c) =
                            c.filter(|c| !c.0.iter().all(|v| (0.0..=100.0).contains(v)))
                        {
                            let [cy, m, y, k] = c.0;
                            return Err(format!(
                                "{where_}: {what} c {cy}, m {m}, y {y}, k {k}: each ink is 0 to 100 %"
                            ));
                        }
                    }
                }
                FrameKind::Image { src, focus, .. } => {
                    if src.is_empty() {
                        return Err(format!("{where_}: image frame without a file (\"src\")"));
                    }
                    let ok = |v: f64| v.is_finite() && (0.0..=1.0).contains(&v);
                    if !ok(focus.x) || !ok(focus.y) {
                        return Err(format!(
                            "{where_}: image focus ({}, {}) must lie within 0…1 of the photo",
                            focus.x, focus.y
                        ));
                    }
                }
            }
            if let FrameKind::Image { wrap, .. }
            | FrameKind::Rule { wrap, .. }
            | FrameKind::Box { wrap, .. } = &f.kind
            {
                if !wrap.offset.is_finite() || !(0.0..=100.0).contains(&wrap.offset) {
                    return Err(format!(
                        "{where_}: text wrap offset {} mm must be between 0 and 100",
                        wrap.offset
                    ));
                }
            }
        }
    }
    for s in &ed.stories {
        let mut seen = HashSet::new();
        for fid in &s.thread {
            let Some((_, f)) = frames.get(fid.as_str()) else {
                return Err(format!(
                    "story “{}”: its thread names frame “{fid}”, which does not exist",
                    s.id
                ));
            };
            if !seen.insert(fid.as_str()) {
                return Err(format!(
                    "story “{}”: frame “{fid}” is in its thread twice (a loop)",
                    s.id
                ));
            }
            match &f.kind {
                FrameKind::Text { story, content, .. } if story == &s.id && *content != TextContent::Headline => {}
                _ => {
                    return Err(format!(
                        "story “{}”: frame “{fid}” in its thread is not a body text frame of this story",
                        s.id
                    ))
                }
            }
        }
    }
    for (id, (pi, f)) in &frames {
        if let FrameKind::Text {
            story,
            content: TextContent::Body | TextContent::Story,
            ..
        } = &f.kind
        {
            let s = ed.story(story).expect("checked above");
            if !s.thread.iter().any(|t| t == id) {
                return Err(format!(
                    "page {} frame “{id}”: body frame of story “{story}” is not in that story's thread",
                    pi + 1
                ));
            }
        }
    }
    Ok(())
}

fn check_story_size(s: &super::Story) -> Result<(), String> {
    let fields = [
        ("kicker", s.kicker.as_deref()),
        ("headline", Some(s.headline.as_str())),
        ("subheadline", s.subheadline.as_deref()),
        ("jump headline", s.jump_headline.as_deref()),
        ("byline", s.byline.as_deref()),
    ];
    let mut total = 0;
    let mut longest: Option<(String, usize)> = None;
    let texts = fields
        .into_iter()
        .filter_map(|(what, t)| Some((what.to_string(), t?)))
        .chain(
            s.paragraphs
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("paragraph {}", i + 1), p.text.as_str())),
        );
    for (what, text) in texts {
        let n = text.chars().count();
        total += n;
        if n > MAX_PARAGRAPH_CHARS && longest.is_none() {
            longest = Some((what, n));
        }
    }
    if total > MAX_STORY_CHARS {
        return Err(format!(
            "story “{}”: {total} characters; at most {MAX_STORY_CHARS} are supported (split it into several stories)",
            s.id
        ));
    }
    if let Some((what, n)) = longest {
        return Err(format!(
            "story “{}”, {what}: {n} characters; at most {MAX_PARAGRAPH_CHARS} in one paragraph (break it into paragraphs)",
            s.id
        ));
    }
    Ok(())
}
