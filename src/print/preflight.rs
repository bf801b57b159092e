//! Preflight against a print profile: placed images below the profile's resolution, RGB
//! images where the profile prints CMYK, photos and vector colours over the ink limit,
//! small reverse (light) text, hairlines and objects beyond the bleed. Findings are
//! warnings that name page and frame; they do not stop an export.

use super::{PrintProfile, ProfileColor};
use crate::compose::{ComposedPage, Composition, Problem};
use crate::display::{Item, Rect};
use crate::model::{Color, Edition, FrameKind};
use std::path::Path;

/// Checks every page of `comp` (composed from `ed`, whose file lies in `base`).
pub fn preflight(ed: &Edition, comp: &Composition, base: &Path, p: &PrintProfile) -> Vec<Problem> {
    let mut out = Vec::new();
    // Profiles for separating RGB photos in the ink check (CMYK print profiles only).
    let icc = match (p.tac_limit, p.output_icc(), p.rgb_icc_bytes()) {
        (Some(_), Ok(Some(cmyk)), Ok(rgb)) => Some((rgb, cmyk)),
        _ => None,
    };
    for (i, page) in ed.pages.iter().enumerate() {
        let Some(dp) = comp.display_page(i) else {
            continue;
        };
        let cp = &comp.pages[i];
        let bleed = super::page_bleed_pt(ed, i, p);
        items_checks(&mut out, i, cp, bleed, p);
        for f in &page.frames {
            let FrameKind::Image { src, .. } = &f.kind else {
                continue;
            };
            let path = base.join(src);
            // The image as placed: the display list's rect is its full extent in points.
            let Some(rect) = dp.items.iter().find_map(|it| match it {
                Item::Image(img) if img.path == path => Some(img.rect),
                _ => None,
            }) else {
                continue; // missing images are already reported by the composer
            };
            let Some(info) = image_info(&path) else {
                continue;
            };
            let warn = |message: String| Problem {
                page: Some(i),
                frame: Some(f.id.clone()),
                message,
            };
            let ppi =
                (info.width as f64 / (rect.w / 72.0)).min(info.height as f64 / (rect.h / 72.0));
            if ppi + 0.5 < p.min_image_ppi {
                out.push(warn(format!(
                    "image “{src}” is {:.0} ppi as placed ({}×{} px over {:.0}×{:.0} mm); profile “{}” wants at least {:.0} ppi",
                    ppi.floor(),
                    info.width,
                    info.height,
                    rect.w * 25.4 / 72.0,
                    rect.h * 25.4 / 72.0,
                    p.name,
                    p.min_image_ppi
                )));
            }
            if p.color == ProfileColor::Cmyk && info.rgb {
                out.push(warn(format!(
                    "image “{src}” is RGB; profile “{}” prints CMYK (it is embedded as sRGB and separated at output)",
                    p.name
                )));
            }
            if let (Some(limit), Some((rgb, cmyk))) = (p.tac_limit, &icc) {
                let data = std::fs::read(&path).unwrap_or_default();
                match super::ink::photo_ink(&data, limit, rgb.as_deref(), Some(cmyk.as_slice())) {
                    Ok(Some(s)) if s.max_tac > limit + 0.5 => out.push(warn(format!(
                        "image “{src}” reaches {:.0} % total ink{} ({:.1} % of its pixels over the limit); profile “{}” allows {limit:.0} %",
                        s.max_tac,
                        if s.converted { " once separated with the output profile" } else { "" },
                        s.over_share * 100.0,
                        p.name
                    ))),
                    Ok(_) => {}
                    Err(e) => out.push(warn(format!(
                        "image “{src}”: ink not checked: {e}"
                    ))),
                }
            }
        }
        if let Some(limit) = p.tac_limit {
            let mut seen = Vec::new();
            for it in &dp.items {
                let c = match it {
                    Item::Text(r) => Some(r.color),
                    Item::Rect { fill, stroke, .. } => fill.or(stroke.map(|s| s.color)),
                    Item::Line { stroke, .. } => Some(stroke.color),
                    _ => None,
                };
                let Some(c) = c else { continue };
                let tac: f64 = c.0.iter().map(|&v| f64::from(v)).sum();
                if tac > limit + 0.01 && !seen.contains(&c.0) {
                    seen.push(c.0);
                    let [cy, m, y, k] = c.0;
                    out.push(Problem {
                        page: Some(i),
                        frame: None,
                        message: format!(
                            "colour C{cy} M{m} Y{y} K{k} has {tac:.0} % total ink; profile “{}” allows {limit:.0} %",
                            p.name
                        ),
                    });
                }
            }
        }
    }
    out
}

/// The frame an item at (`x`, `y`) belongs to: the topmost frame whose rectangle, grown
/// by 2 pt, contains the point.
fn frame_at(cp: &ComposedPage, x: f64, y: f64) -> Option<String> {
    cp.frames
        .iter()
        .rev()
        .find(|(_, r)| {
            x >= r.x - 2.0 && x <= r.right() + 2.0 && y >= r.y - 2.0 && y <= r.bottom() + 2.0
        })
        .map(|(id, _)| id.clone())
}

/// Light enough to count as reverse type: no ink above 15 % (white is reverse type proper).
fn is_light(c: Color) -> bool {
    c.0.iter().all(|&v| v <= 15.0)
}

/// The extent of an item in page points.
fn item_bounds(it: &Item) -> Option<Rect> {
    let r = match it {
        Item::Text(t) => {
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for g in &t.glyphs {
                x0 = x0.min(g.x);
                x1 = x1.max(g.x + t.size);
                y0 = y0.min(g.y - t.size * 0.88);
                y1 = y1.max(g.y + t.size * 0.12);
            }
            if t.glyphs.is_empty() {
                return None;
            }
            Rect::new(x0, y0, x1 - x0, y1 - y0)
        }
        Item::Rect { rect, stroke, .. } => {
            let h = stroke.as_ref().map_or(0.0, |s| s.width / 2.0);
            Rect::new(rect.x - h, rect.y - h, rect.w + 2.0 * h, rect.h + 2.0 * h)
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            stroke,
        } => {
            let h = stroke.width / 2.0;
            Rect::new(
                x1.min(*x2) - h,
                y1.min(*y2) - h,
                (x1 - x2).abs() + 2.0 * h,
                (y1 - y2).abs() + 2.0 * h,
            )
        }
        Item::Image(img) => img.clip,
        Item::MissingImage { rect, .. } => *rect,
    };
    Some(r)
}

/// Reverse text, hairlines and objects beyond the bleed on page `i`, one finding per frame
/// and kind.
fn items_checks(out: &mut Vec<Problem>, i: usize, cp: &ComposedPage, bleed: f64, p: &PrintProfile) {
    let mut seen: Vec<(u8, Option<String>)> = Vec::new();
    let mut push = |out: &mut Vec<Problem>, kind: u8, frame: Option<String>, message: String| {
        if !seen.contains(&(kind, frame.clone())) {
            seen.push((kind, frame.clone()));
            out.push(Problem {
                page: Some(i),
                frame,
                message,
            });
        }
    };
    let tol = 0.01;
    let (bx0, by0, bx1, by1) = (-bleed, -bleed, cp.width + bleed, cp.height + bleed);
    for (id, r) in &cp.frames {
        if r.x < bx0 - tol || r.y < by0 - tol || r.right() > bx1 + tol || r.bottom() > by1 + tol {
            let beyond = (bx0 - r.x)
                .max(by0 - r.y)
                .max(r.right() - bx1)
                .max(r.bottom() - by1);
            push(
                out,
                0,
                Some(id.clone()),
                format!(
                    "frame reaches {:.1} mm beyond the bleed box (trim + {:.1} mm bleed); it will be cut off",
                    beyond * 25.4 / 72.0,
                    bleed * 25.4 / 72.0
                ),
            );
        }
    }
    for it in &cp.items {
        let Some(b) = item_bounds(it) else { continue };
        let frame = frame_at(cp, b.x + b.w / 2.0, b.y + b.h / 2.0);
        if b.x < bx0 - tol || b.y < by0 - tol || b.right() > bx1 + tol || b.bottom() > by1 + tol {
            let what = match it {
                Item::Text(t) => format!("text “{}”", t.text.chars().take(12).collect::<String>()),
                Item::Image(img) => format!("image “{}”", img.path.display()),
                _ => "a rule or box".to_string(),
            };
            push(
                out,
                0,
                frame.clone(),
                format!(
                    "{what} lies partly beyond the bleed box (trim + {:.1} mm bleed); it will be cut off",
                    bleed * 25.4 / 72.0
                ),
            );
        }
        match it {
            Item::Text(t) => {
                let Some(min) = p.min_reverse_text_pt else {
                    continue;
                };
                if t.size + 1e-6 < min && is_light(t.color) && !t.text.trim().is_empty() {
                    let [c, m, y, k] = t.color.0;
                    push(
                        out,
                        1,
                        frame,
                        format!(
                            "reverse text “{}” at {:.1} pt in C{c} M{m} Y{y} K{k}; profile “{}” wants reverse (white or light) type of at least {min:.0} pt",
                            t.text.trim().chars().take(12).collect::<String>(),
                            t.size,
                            p.name
                        ),
                    );
                }
            }
            Item::Line { stroke, .. }
            | Item::Rect {
                stroke: Some(stroke),
                ..
            } => {
                let Some(min) = p.min_line_pt else { continue };
                if stroke.width > 0.0 && stroke.width + 1e-9 < min {
                    let what = if matches!(it, Item::Line { .. }) {
                        "rule"
                    } else {
                        "box stroke"
                    };
                    push(
                        out,
                        2,
                        frame,
                        format!(
                            "hairline: {what} {:.3} pt wide; profile “{}” wants lines of at least {min} pt",
                            stroke.width, p.name
                        ),
                    );
                }
            }
            _ => {}
        }
    }
}

struct ImageInfo {
    width: u32,
    height: u32,
    /// Ends up as RGB in the PDF: an RGB JPEG, or any other format (decoded to RGB).
    rgb: bool,
}

fn image_info(path: &Path) -> Option<ImageInfo> {
    let data = std::fs::read(path).ok()?;
    if let Some(j) = crate::pdf::jpeg_info(&data) {
        return Some(ImageInfo {
            width: j.width,
            height: j.height,
            rgb: j.components == 3,
        });
    }
    let img = image::ImageReader::new(std::io::Cursor::new(&data))
        .with_guessed_format()
        .ok()?;
    let (width, height) = img.into_dimensions().ok()?;
    Some(ImageInfo {
        width,
        height,
        rgb: true,
    })
}
