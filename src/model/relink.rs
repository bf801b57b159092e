//! Relinking missing photos by choosing a folder: every image frame whose file is missing
//! is looked up by its file name (case-insensitively) in the folder and its subfolders,
//! the way page editors get photos back after a layout file was moved or copied.
//!
//! [`plan_relink`] only reads the disk and says what it would change, so the editor can
//! turn each [`Relinked`] into an undoable edit; [`relink_images`] plans and applies.

use super::{Edition, FrameKind};
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// Folders deeper than this below the chosen folder are not searched.
pub const MAX_DEPTH: usize = 16;
/// At most this many directory entries are looked at (a whole photo archive is too much).
pub const MAX_ENTRIES: usize = 200_000;

/// One image frame given a new file.
#[derive(Debug, Clone, PartialEq)]
pub struct Relinked {
    /// 0-based page index.
    pub page: usize,
    pub frame: String,
    /// The frame's `src` before.
    pub old_src: String,
    /// The new `src`: relative to the layout file's folder when it can be, with `/`.
    pub new_src: String,
    /// Other files of the same name that were found (the shallowest, then first by path,
    /// was chosen).
    pub alternatives: Vec<PathBuf>,
}

/// An image frame whose file is missing and was not found in the folder.
#[derive(Debug, Clone, PartialEq)]
pub struct StillMissing {
    pub page: usize,
    pub frame: String,
    pub src: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelinkReport {
    pub relinked: Vec<Relinked>,
    pub still_missing: Vec<StillMissing>,
    /// Directory entries looked at; `true` in `truncated` if [`MAX_ENTRIES`] or
    /// [`MAX_DEPTH`] stopped the search early.
    pub entries_searched: usize,
    pub truncated: bool,
}

impl RelinkReport {
    /// Applies the planned new paths to `ed` (frames found by id).
    pub fn apply(&self, ed: &mut Edition) {
        for r in &self.relinked {
            if let Some((pi, fi)) = ed.find_frame(&r.frame) {
                if let FrameKind::Image { src, .. } = &mut ed.pages[pi].frames[fi].kind {
                    src.clone_from(&r.new_src);
                }
            }
        }
    }

    /// One line per frame, for the command line and the editor's report.
    pub fn lines(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .relinked
            .iter()
            .map(|r| {
                let mut s = format!(
                    "page {} frame “{}”: {} → {}",
                    r.page + 1,
                    r.frame,
                    r.old_src,
                    r.new_src
                );
                if !r.alternatives.is_empty() {
                    s.push_str(&format!(
                        " (also found: {})",
                        r.alternatives
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
                s
            })
            .collect();
        v.extend(self.still_missing.iter().map(|m| {
            format!(
                "page {} frame “{}”: {} still missing",
                m.page + 1,
                m.frame,
                m.src
            )
        }));
        v
    }
}

/// The image frames whose file does not exist: (page index, frame id, src).
pub fn missing_images(ed: &Edition, doc_dir: &Path) -> Vec<(usize, String, String)> {
    let mut v = Vec::new();
    for (pi, p) in ed.pages.iter().enumerate() {
        for f in &p.frames {
            if let FrameKind::Image { src, .. } = &f.kind {
                if !doc_dir.join(src).is_file() {
                    v.push((pi, f.id.clone(), src.clone()));
                }
            }
        }
    }
    v
}

/// The last component of a `src`, whether written with `/` or `\` (a file from Windows).
fn file_name_of(src: &str) -> &str {
    src.rsplit(['/', '\\']).next().unwrap_or(src)
}

/// Plans a relink of every missing image of `ed` (a layout file in `doc_dir`) to files in
/// `folder`. Errors only when `folder` cannot be read at all.
pub fn plan_relink(ed: &Edition, doc_dir: &Path, folder: &Path) -> Result<RelinkReport, String> {
    let missing = missing_images(ed, doc_dir);
    let mut report = RelinkReport::default();
    if missing.is_empty() {
        return Ok(report);
    }
    std::fs::read_dir(folder)
        .map_err(|e| format!("{}: cannot read folder: {e}", folder.display()))?;
    let wanted: std::collections::HashSet<String> = missing
        .iter()
        .map(|(_, _, src)| file_name_of(src).to_lowercase())
        .collect();
    let mut found: HashMap<String, Vec<(usize, PathBuf)>> = HashMap::new();
    let mut stack = vec![(folder.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue; // an unreadable subfolder is skipped
        };
        for e in entries.flatten() {
            report.entries_searched += 1;
            if report.entries_searched > MAX_ENTRIES {
                report.truncated = true;
                break;
            }
            // Symlinks are not followed into folders (no loops); linked files count.
            let Ok(ft) = e.file_type() else { continue };
            let path = e.path();
            if ft.is_dir() {
                if depth < MAX_DEPTH {
                    stack.push((path, depth + 1));
                } else {
                    report.truncated = true;
                }
            } else if path.is_file() {
                let key = e.file_name().to_string_lossy().to_lowercase();
                if wanted.contains(&key) {
                    found.entry(key).or_default().push((depth, path));
                }
            }
        }
        if report.entries_searched > MAX_ENTRIES {
            break;
        }
    }
    for v in found.values_mut() {
        v.sort();
    }
    let doc_abs = absolute(doc_dir);
    for (page, frame, src) in missing {
        match found.get(&file_name_of(&src).to_lowercase()) {
            Some(c) if !c.is_empty() => {
                let chosen = &c[0].1;
                report.relinked.push(Relinked {
                    page,
                    frame,
                    old_src: src,
                    new_src: relative_src(&doc_abs, &absolute(chosen)),
                    alternatives: c[1..].iter().map(|(_, p)| p.clone()).collect(),
                });
            }
            _ => report.still_missing.push(StillMissing { page, frame, src }),
        }
    }
    Ok(report)
}

/// Relinks the missing images of `ed` to files found in `folder`; see [`plan_relink`].
pub fn relink_images(
    ed: &mut Edition,
    doc_dir: &Path,
    folder: &Path,
) -> Result<RelinkReport, String> {
    let report = plan_relink(ed, doc_dir, folder)?;
    report.apply(ed);
    Ok(report)
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// `target` relative to `base` with `/` separators, or `target` itself when they share no
/// root (another drive).
fn relative_src(base: &Path, target: &Path) -> String {
    let b: Vec<Component> = base.components().collect();
    let t: Vec<Component> = target.components().collect();
    let common = b.iter().zip(&t).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return target.to_string_lossy().into_owned();
    }
    let mut parts: Vec<String> = vec!["..".into(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let r = |b: &str, t: &str| relative_src(Path::new(b), Path::new(t));
        assert_eq!(r("/a/b", "/a/b/photos/x.jpg"), "photos/x.jpg");
        assert_eq!(r("/a/b", "/a/c/x.jpg"), "../c/x.jpg");
        assert_eq!(r("/a/b", "/x.jpg"), "../../x.jpg");
    }

    #[test]
    fn file_names_from_either_separator() {
        assert_eq!(file_name_of("photos/a.jpg"), "a.jpg");
        assert_eq!(file_name_of(r"C:\照片\B.JPG"), "B.JPG");
        assert_eq!(file_name_of("c.png"), "c.png");
    }
}
