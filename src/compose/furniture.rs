//! Page furniture set outside story threads: free-text labels (masthead, box titles),
//! photos with their captions and credits, and the running head (folio).

use super::flow::{lines_needed, Ctx, Grid, PageOut};
use super::paragraph::{next_break, Prepared};
use super::styles::style_for;
use super::ComposeError;
use crate::display::{ImageItem, Item, Rect, Stroke};
use crate::model::{
    Align, Color, Edition, Fit, Focus, FontRole, Frame, FrameKind, Masthead, ParagraphStyle, Role,
    Template,
};
use crate::units::mm_to_pt;
use std::path::Path;

/// Free text set from the frame's top with the style's own leading (not on the grid).
pub(super) fn label(
    ctx: &mut Ctx,
    out: &mut PageOut,
    f: &Frame,
    text: &str,
    style: &str,
    grid: Grid,
) -> Result<(), ComposeError> {
    let st = ctx.ed.styles.get(style).cloned().expect("validated");
    let inset = match &f.kind {
        FrameKind::Label { inset, .. } => *inset,
        _ => 0.0,
    };
    let (x, w) = (mm_to_pt(f.x + inset), mm_to_pt(f.w - 2.0 * inset));
    let mut y = mm_to_pt(f.y + inset);
    for line in text.split('\n') {
        let p = ctx.para(line, Role::BodyNoIndent, &st, grid.pitch)?;
        let lead = st.leading_pt.unwrap_or(st.size.pt * 1.2);
        let mut unit = 0;
        if p.units.is_empty() {
            y += lead;
        }
        while unit < p.units.len() {
            let br = next_break(&p, unit, w, unit == 0);
            out.line(&f.id, &p, br, x, y, lead, w, None);
            y += lead;
            unit = br.end;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(super) fn image(
    ctx: &mut Ctx,
    out: &mut PageOut,
    f: &Frame,
    src: &str,
    fit: Fit,
    focus: Focus,
    caption: Option<&str>,
    credit: Option<&str>,
    grid: Grid,
) -> Result<(), ComposeError> {
    let (x, y, w, h) = (mm_to_pt(f.x), mm_to_pt(f.y), mm_to_pt(f.w), mm_to_pt(f.h));
    // Caption lines under the photo, inside the frame.
    let mut cap: Vec<(Prepared, f64)> = Vec::new();
    for (text, role) in [(caption, Role::Caption), (credit, Role::Credit)] {
        if let Some(t) = text.filter(|t| !t.is_empty()) {
            let st = style_for(&ctx.ed.styles, None, role).into_owned();
            let lead = st.leading_pt.unwrap_or(st.size.pt * 1.45);
            cap.push((ctx.para(t, role, &st, grid.pitch)?, lead));
        }
    }
    let cap_h: f64 = cap
        .iter()
        .map(|(p, lead)| lines_needed(p, 0, w) as f64 * lead)
        .sum();
    let gap = if cap.is_empty() { 0.0 } else { mm_to_pt(1.5) };
    let img_h = (h - cap_h - gap).max(0.0);
    let clip = Rect::new(x, y, w, img_h);
    let path = ctx.base.join(src);
    match image_size(&path) {
        Some((iw, ih)) if iw > 0 && ih > 0 => {
            let (iw, ih) = (iw as f64, ih as f64);
            let rect = place_image((iw, ih), Rect::new(x, y, w, img_h), fit, focus);
            out.items.push(Item::Image(ImageItem { path, rect, clip }));
        }
        _ => {
            ctx.problems.push(format!(
                "image “{}” is missing or unreadable",
                path.display()
            ));
            out.items.push(Item::MissingImage { rect: clip, path });
        }
    }
    let mut ty = y + img_h + gap;
    for (p, lead) in &cap {
        let mut unit = 0;
        while unit < p.units.len() {
            let br = next_break(p, unit, w, unit == 0);
            out.line(&f.id, p, br, x, ty, *lead, w, None);
            ty += lead;
            unit = br.end;
        }
    }
    Ok(())
}

/// Where the whole photo of `px` pixels goes so that `fit` fills `frame` (the clip):
/// covering it (fill, crop) or inside it (fit). Fill centres the photo; crop puts the
/// focus point as near the frame's centre as the photo's edges allow, so it stays in view.
pub fn place_image(px: (f64, f64), frame: Rect, fit: Fit, focus: Focus) -> Rect {
    let (iw, ih) = px;
    let s = match fit {
        Fit::Fill | Fit::Crop => (frame.w / iw).max(frame.h / ih),
        Fit::Fit => (frame.w / iw).min(frame.h / ih),
    };
    let (dw, dh) = (iw * s, ih * s);
    let (fx, fy) = match fit {
        Fit::Crop => (focus.x, focus.y),
        _ => (0.5, 0.5),
    };
    // Offset of the photo's left/top edge in the frame: focus at the centre, clamped so
    // a covering photo leaves no gap (for fit the range is one point: centred).
    let place = |frame_len: f64, len: f64, f: f64| {
        let (lo, hi) = ((frame_len - len).min(0.0), (frame_len - len).max(0.0));
        if len <= frame_len {
            (frame_len - len) / 2.0
        } else {
            (frame_len / 2.0 - f * len).clamp(lo, hi)
        }
    };
    Rect::new(
        frame.x + place(frame.w, dw, fx),
        frame.y + place(frame.h, dh, fy),
        dw,
        dh,
    )
}

/// The part of a photo of `px` pixels that shows through `clip` when the whole photo is
/// drawn over `rect`: the source crop rectangle, in pixels from the top left.
pub fn source_crop(px: (f64, f64), rect: Rect, clip: Rect) -> Rect {
    let (sx, sy) = (px.0 / rect.w, px.1 / rect.h);
    let x0 = (clip.x.max(rect.x) - rect.x) * sx;
    let y0 = (clip.y.max(rect.y) - rect.y) * sy;
    let x1 = (clip.right().min(rect.right()) - rect.x) * sx;
    let y1 = (clip.bottom().min(rect.bottom()) - rect.y) * sy;
    Rect::new(x0, y0, (x1 - x0).max(0.0), (y1 - y0).max(0.0))
}

/// Pixel size from the image file's header (no decoding).
pub fn image_size(path: &Path) -> Option<(u32, u32)> {
    image::ImageReader::open(path)
        .ok()?
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

/// The running head: 版次 and section on the left, paper and date on the right, a rule below.
pub(super) fn folio(
    ctx: &mut Ctx,
    out: &mut PageOut,
    ed: &Edition,
    pi: usize,
    t: &Template,
    grid: Grid,
) -> Result<(), ComposeError> {
    let x = mm_to_pt(t.margin_left);
    let w = mm_to_pt(t.type_area_w());
    let rule_y = mm_to_pt(t.margin_top) - 5.0;
    let st = ParagraphStyle {
        align: Align::Left,
        ..ParagraphStyle::new(FontRole::Hei, 11.0)
    };
    let page = &ed.pages[pi];
    let left = format!("第{:02}版　{}", pi + 1, page.section);
    let right = format!("{}　{}", ed.meta.paper, date_zh(&ed.meta.date));
    let lp = ctx.para(
        &left,
        Role::BodyNoIndent,
        &ParagraphStyle {
            bold: true,
            ..st.clone()
        },
        grid.pitch,
    )?;
    let rp = ctx.para(
        &right,
        Role::BodyNoIndent,
        &ParagraphStyle {
            align: Align::Right,
            ..st
        },
        grid.pitch,
    )?;
    let top = rule_y - 18.0;
    let mut parts = vec![lp, rp];
    // The page's editors, centred between the two.
    if let Some(c) = ed.meta.credits_of(&page.id).map(|c| c.line()) {
        let cst = ParagraphStyle {
            align: Align::Center,
            ..ParagraphStyle::new(FontRole::Song, 9.0)
        };
        parts.push(ctx.para(&c, Role::BodyNoIndent, &cst, grid.pitch)?);
    }
    for p in &parts {
        let br = next_break(p, 0, w, true);
        out.line("", p, br, x, top, 14.0, w, None);
    }
    out.items.push(Item::Line {
        x1: x,
        y1: rule_y,
        x2: x + w,
        y2: rule_y,
        stroke: Stroke {
            width: 1.2,
            color: Color::BLACK,
        },
    });
    out.items.push(Item::Line {
        x1: x,
        y1: rule_y + 2.0,
        x2: x + w,
        y2: rule_y + 2.0,
        stroke: Stroke {
            width: 0.4,
            color: Color::BLACK,
        },
    });
    Ok(())
}

/// The masthead (报头) of a front page: the template's fields filled from the edition,
/// each set in its box with its style, and the rule under the area.
pub(super) fn masthead(
    ctx: &mut Ctx,
    out: &mut PageOut,
    pi: usize,
    m: &Masthead,
    grid: Grid,
) -> Result<(), ComposeError> {
    let ed = ctx.ed;
    for f in &m.fields {
        let text = match fill_pattern(&f.text, ed, pi) {
            Ok(t) => t,
            Err(missing) => {
                ctx.problems.push(format!(
                    "masthead field “{}”: the edition has no {missing}; it is left blank",
                    f.text
                ));
                continue;
            }
        };
        let st = ed.styles.get(&f.style).cloned().expect("validated");
        let lead = st.leading_pt.unwrap_or(st.size.pt * 1.2);
        let (x, w) = (mm_to_pt(m.x + f.x), mm_to_pt(f.w));
        let mut y = mm_to_pt(m.y + f.y);
        for line in text.split('\n') {
            let p = ctx.para(line, Role::BodyNoIndent, &st, grid.pitch)?;
            let mut unit = 0;
            while unit < p.units.len() {
                let br = next_break(&p, unit, w, unit == 0);
                out.line("", &p, br, x, y, lead, w, None);
                y += lead;
                unit = br.end;
            }
        }
    }
    if m.rule_pt > 0.0 {
        let (x, y, w) = (mm_to_pt(m.x), mm_to_pt(m.y + m.h), mm_to_pt(m.w));
        out.items.push(Item::Line {
            x1: x,
            y1: y,
            x2: x + w,
            y2: y,
            stroke: Stroke {
                width: m.rule_pt,
                color: Color::BLACK,
            },
        });
    }
    Ok(())
}

/// Fills a masthead pattern (see [`MastheadField`]) for page `pi`; `Err` names what the
/// edition lacks.
pub fn fill_pattern(pattern: &str, ed: &Edition, pi: usize) -> Result<String, String> {
    let page = &ed.pages[pi];
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(a) = rest.find('{') {
        out.push_str(&rest[..a]);
        let Some(b) = rest[a..].find('}') else {
            out.push_str(&rest[a..]);
            rest = "";
            break;
        };
        let key = &rest[a + 1..a + b];
        let value = match key {
            "paper" => ed.meta.paper.clone(),
            "date" => date_zh(&ed.meta.date),
            "page" => format!("{:02}", pi + 1),
            "section" => page.section.clone(),
            "serial" => ed
                .meta
                .serial
                .ok_or("issue number (总第N期, meta.serial)")?
                .to_string(),
            "issue" => ed.meta.issue.clone().ok_or("issue (meta.issue)")?,
            "credits" => ed
                .meta
                .credits_of(&page.id)
                .map(|c| c.line())
                .ok_or_else(|| format!("credits for page “{}”", page.id))?,
            k if k.starts_with("code:") => {
                let label = &k["code:".len()..];
                ed.meta
                    .codes
                    .iter()
                    .find(|c| c.label == label)
                    .map(|c| c.value.clone())
                    .ok_or_else(|| format!("publication code “{label}”"))?
            }
            _ => rest[a..a + b + 1].to_string(),
        };
        out.push_str(&value);
        rest = &rest[a + b + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// “2024年3月12日　星期二” from an ISO date; the input itself if it is not one.
pub fn date_zh(iso: &str) -> String {
    let parts: Vec<i64> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    if let [y, m, d] = parts[..] {
        if (1..=12).contains(&m) && (1..=31).contains(&d) {
            // Sakamoto's day of week, 0 = Sunday.
            let tbl = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
            let yy = if m < 3 { y - 1 } else { y };
            let dow = (yy + yy / 4 - yy / 100 + yy / 400 + tbl[(m - 1) as usize] + d).rem_euclid(7);
            let wd = ["日", "一", "二", "三", "四", "五", "六"][dow as usize];
            return format!("{y}年{m}月{d}日　星期{wd}");
        }
    }
    iso.to_string()
}
