//! Recovery files: while a document has unsaved changes, the editor writes the edition
//! every [`AUTOSAVE_SECS`] seconds to `<file>.autosave` next to it (atomically, with
//! [`crate::model::save`]). On open, a recovery file newer than the document is offered
//! back; a clean save removes it.

use crate::model::{self, Edition};
use std::path::{Path, PathBuf};

/// Seconds between autosaves of a changed document.
pub const AUTOSAVE_SECS: f64 = 60.0;

/// `<file>.autosave` (e.g. `a.huaban.autosave`).
pub fn recovery_path(doc: &Path) -> PathBuf {
    let mut name = doc.as_os_str().to_owned();
    name.push(".autosave");
    PathBuf::from(name)
}

/// Writes the recovery file; the `.bak` that [`model::save`] keeps is not wanted here.
pub fn write(ed: &Edition, path: &Path) -> Result<(), String> {
    model::save(ed, path).map_err(|e| e.to_string())?;
    let mut bak = path.as_os_str().to_owned();
    bak.push(".bak");
    let _ = std::fs::remove_file(PathBuf::from(bak));
    Ok(())
}

/// Removes the recovery file of the document at `doc`, if any.
pub fn remove(doc: &Path) {
    let _ = std::fs::remove_file(recovery_path(doc));
}

/// The recovery file of `doc` if it exists and is newer than the document.
pub fn pending(doc: &Path) -> Option<PathBuf> {
    let rec = recovery_path(doc);
    let rec_time = std::fs::metadata(&rec).and_then(|m| m.modified()).ok()?;
    match std::fs::metadata(doc).and_then(|m| m.modified()) {
        Ok(doc_time) if doc_time > rec_time => None,
        _ => Some(rec),
    }
}
