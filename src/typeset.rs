//! `huaban typeset`: flows any plain text through a template's body columns, adding pages
//! until it all fits. How anyone checks composition on real text they bring.

use crate::compose::{compose, default_style, ComposeError, Composition};
use crate::fonts::FontSet;
use crate::model::{
    Edition, EditionMeta, FontRole, Frame, FrameKind, Page, Paragraph, Role, Settings, Story,
    Template, TextContent, FORMAT_VERSION,
};
use std::collections::BTreeMap;
use std::path::Path;

/// Splits plain text into a headline (the first non-empty line) and paragraphs (separated by
/// blank lines; if the text has no blank lines, every line is a paragraph).
pub fn split_text(text: &str) -> (String, Vec<String>) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let headline = lines.next().unwrap_or("").trim().to_string();
    let rest: Vec<&str> = lines.collect();
    let has_blank = rest.iter().any(|l| l.trim().is_empty());
    let mut paras = Vec::new();
    let mut cur = String::new();
    for l in rest {
        let t = l.trim();
        if t.is_empty() || !has_blank {
            if !cur.is_empty() {
                paras.push(std::mem::take(&mut cur));
            }
            if !has_blank && !t.is_empty() {
                paras.push(t.to_string());
            }
            continue;
        }
        cur.push_str(t);
    }
    if !cur.is_empty() {
        paras.push(cur);
    }
    (headline, paras)
}

fn page(id: usize, template: &str, t: &Template, with_headline: bool) -> Page {
    Page {
        id: format!("p{id}"),
        template: template.to_string(),
        section: String::new(),
        folio: true,
        frames: vec![Frame {
            id: format!("body{id}"),
            x: t.margin_left,
            y: t.margin_top,
            w: t.type_area_w(),
            h: t.type_area_h(),
            kind: FrameKind::Text {
                story: "text".into(),
                content: if with_headline {
                    TextContent::Story
                } else {
                    TextContent::Body
                },
                columns: t.columns,
                gutter: Some(t.gutter),
                styles: BTreeMap::new(),
                inset: 0.0,
                vertical: false,
            },
        }],
    }
}

/// Builds an edition that sets `paragraphs` under `headline` in `template`'s columns, with as
/// many pages as it takes, body text in `role`.
pub fn typeset(
    headline: &str,
    paragraphs: &[String],
    name: &str,
    template: &Template,
    role: FontRole,
    fonts: &FontSet,
) -> Result<(Edition, Composition), ComposeError> {
    let mut styles = BTreeMap::new();
    let mut body = default_style(Role::Body);
    body.font = role;
    body.size = template.body_size.clone();
    styles.insert("body".to_string(), body);
    let mut ed = Edition {
        format: FORMAT_VERSION,
        meta: EditionMeta {
            paper: "Huaban typeset".into(),
            date: "2024-01-01".into(),
            issue: None,
            serial: None,
            codes: Vec::new(),
            credits: Vec::new(),
        },
        settings: Settings::default(),
        templates: BTreeMap::from([(name.to_string(), template.clone())]),
        styles,
        stories: vec![Story {
            id: "text".into(),
            slug: headline.chars().take(12).collect(),
            kicker: None,
            headline: headline.to_string(),
            subheadline: None,
            jump_headline: None,
            byline: None,
            paragraphs: paragraphs
                .iter()
                .map(|p| Paragraph::new(Role::Body, p.clone()))
                .collect(),
            thread: vec!["body1".into()],
        }],
        pages: vec![page(1, name, template, true)],
    };
    let per_page = (template.grid_lines() as usize * template.columns as usize).max(1);
    loop {
        let comp = compose(&ed, fonts, Path::new("."))?;
        let over = comp
            .stories
            .get("text")
            .map(|f| f.overset_lines)
            .unwrap_or(0);
        if over == 0 || ed.pages.len() >= 2000 {
            return Ok((ed, comp));
        }
        let more = over.div_ceil(per_page).max(1);
        for _ in 0..more {
            let n = ed.pages.len() + 1;
            ed.pages.push(page(n, name, template, false));
            ed.stories[0].thread.push(format!("body{n}"));
        }
    }
}
