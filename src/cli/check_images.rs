//! `huaban check` decodes every photo completely, so a file that is cut short or damaged
//! after its header is reported with page and frame before an export, not found by the
//! printing plant.

use crate::compose::Problem;
use crate::model::{Edition, FrameKind};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Problems for image frames whose file exists but does not decode completely. Files that
/// `already` names (reported missing or unreadable while composing) are skipped; each file
/// is decoded once however many frames show it.
pub fn damaged_images(ed: &Edition, base: &Path, already: &[Problem]) -> Vec<Problem> {
    let mut verdict: HashMap<PathBuf, Result<(u32, u32), String>> = HashMap::new();
    let mut out = Vec::new();
    for (pi, page) in ed.pages.iter().enumerate() {
        for f in &page.frames {
            let FrameKind::Image { src, .. } = &f.kind else {
                continue;
            };
            let path = base.join(src);
            let shown = path.display().to_string();
            if !path.is_file() || already.iter().any(|p| p.message.contains(&shown)) {
                continue;
            }
            let v = verdict
                .entry(path.clone())
                .or_insert_with(|| crate::pdf::verify_image(&path));
            if let Err(e) = v {
                out.push(Problem {
                    page: Some(pi),
                    frame: Some(f.id.clone()),
                    message: format!("image is damaged and cannot be exported: {e}"),
                });
            }
        }
    }
    out
}
