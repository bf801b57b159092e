//! Preflight against a print profile: placed images below the profile's resolution, RGB
//! images where the profile prints CMYK, and vector colours over the ink limit. Findings
//! are warnings that name page and frame; they do not stop an export.

use super::{PrintProfile, ProfileColor};
use crate::compose::{Composition, Problem};
use crate::display::Item;
use crate::model::{Edition, FrameKind};
use std::path::Path;

/// Checks every page of `comp` (composed from `ed`, whose file lies in `base`).
pub fn preflight(ed: &Edition, comp: &Composition, base: &Path, p: &PrintProfile) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, page) in ed.pages.iter().enumerate() {
        let Some(dp) = comp.display_page(i) else {
            continue;
        };
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
