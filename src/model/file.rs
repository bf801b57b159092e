//! Reading and writing `.huaban` layout files: UTF-8 JSON with a `"format"` version.
//! Errors name the file and the place (line, column) and say what was expected.
//! Saves are atomic: a temporary file in the same folder, fsync, then rename over the
//! old file (which is kept as `NAME.huaban.bak`).

use super::Edition;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The format version this program writes. Older versions are migrated on load (see
/// [`super::migrate`]).
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: line {line}, column {column}: {msg}{snippet}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        msg: String,
        snippet: String,
    },
    #[error("{}: the file is format version {found}, newer than this Huaban understands (format {FORMAT_VERSION} and older); open it with a newer Huaban", path.display())]
    TooNew { path: PathBuf, found: u64 },
    #[error("{}: no \"format\" version number at the top level; is this a Huaban layout file (.huaban)?", path.display())]
    NoVersion { path: PathBuf },
    #[error("{}: {msg}", path.display())]
    Invalid { path: PathBuf, msg: String },
}

impl LoadError {
    pub(crate) fn from_json(path: &Path, text: &str, e: serde_json::Error) -> LoadError {
        let (line, column) = (e.line(), e.column());
        let msg = match e.classify() {
            serde_json::error::Category::Eof => {
                format!("the file ends too early ({e}); it may be truncated")
            }
            _ => strip_position(&e.to_string()),
        };
        let snippet = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| {
                let l: String = l.chars().take(120).collect();
                format!("\n    {}", l.trim_end())
            })
            .unwrap_or_default();
        LoadError::Syntax {
            path: path.to_owned(),
            line,
            column,
            msg,
            snippet,
        }
    }
}

fn strip_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

/// Largest layout file read (the sample edition is 100 KB; a story is limited to 1 M
/// characters, ~3 MB, by [`super::validate`]).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Loads and validates an edition.
pub fn load(path: &Path) -> Result<Edition, LoadError> {
    let io = |e| LoadError::Io {
        path: path.to_owned(),
        source: e,
    };
    let size = fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            msg: format!(
                "{} MB; layout files of at most {} MB are read (is this a layout file?)",
                size / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        });
    }
    let bytes = fs::read(path).map_err(|e| LoadError::Io {
        path: path.to_owned(),
        source: e,
    })?;
    let text = String::from_utf8(bytes).map_err(|e| LoadError::Invalid {
        path: path.to_owned(),
        msg: format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
    })?;
    from_str(path, &text)
}

/// Parses an edition from text; `path` is only used in messages.
pub fn from_str(path: &Path, text: &str) -> Result<Edition, LoadError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| LoadError::from_json(path, text, e))?;
    let version = match value.get("format") {
        Some(v) => v.as_u64().ok_or_else(|| LoadError::Invalid {
            path: path.to_owned(),
            msg: format!("\"format\" must be a whole number, found {v}"),
        })?,
        None => {
            return Err(LoadError::NoVersion {
                path: path.to_owned(),
            })
        }
    };
    if version > FORMAT_VERSION as u64 {
        return Err(LoadError::TooNew {
            path: path.to_owned(),
            found: version,
        });
    }
    if version == 0 {
        return Err(LoadError::Invalid {
            path: path.to_owned(),
            msg: "format version 0 does not exist".into(),
        });
    }
    let edition: Edition = if version == FORMAT_VERSION as u64 {
        // Deserialize from the text (not the Value) so errors carry line and column.
        serde_json::from_str(text).map_err(|e| LoadError::from_json(path, text, e))?
    } else {
        from_older(path, value, version as u32)?
    };
    super::validate(&edition).map_err(|msg| LoadError::Invalid {
        path: path.to_owned(),
        msg,
    })?;
    Ok(edition)
}

/// Migrates a file of an older format and reads it. Errors from reading the migrated tree
/// carry the line and column of its pretty-printed text and quote that line.
fn from_older(
    path: &Path,
    mut value: serde_json::Value,
    version: u32,
) -> Result<Edition, LoadError> {
    super::migrate(&mut value, version).map_err(|msg| LoadError::Invalid {
        path: path.to_owned(),
        msg: format!("format {version} file: {msg}"),
    })?;
    let text = serde_json::to_string_pretty(&value).expect("a JSON value always serialises");
    serde_json::from_str(&text).map_err(|e| match LoadError::from_json(path, &text, e) {
        LoadError::Syntax {
            path,
            line,
            column,
            msg,
            snippet,
        } => LoadError::Invalid {
            path,
            msg: format!(
                "format {version} file, read as format {FORMAT_VERSION}: {msg} (line {line}, column {column} of the migrated text){snippet}"
            ),
        },
        other => other,
    })
}

/// The canonical JSON text of an edition (pretty, stable field order, trailing newline).
/// Always written as [`FORMAT_VERSION`], whatever `edition.format` says: the structure
/// written is the current one.
pub fn to_json(edition: &Edition) -> String {
    if edition.format != FORMAT_VERSION {
        let mut current = edition.clone();
        current.format = FORMAT_VERSION;
        return to_json(&current);
    }
    let mut s = serde_json::to_string_pretty(edition).expect("an edition always serialises");
    s.push('\n');
    s
}

/// Saves atomically: write `path.tmp-<pid>` in the same folder, fsync, keep the old
/// file as `.bak`, rename the temporary file over `path`, fsync the folder.
pub fn save(edition: &Edition, path: &Path) -> std::io::Result<()> {
    let json = to_json(edition);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("no file name"))?;
    let mut tmp_name = name.to_os_string();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(json.as_bytes())?;
        f.sync_all()?;
        drop(f);
        if path.exists() {
            let mut bak = name.to_os_string();
            bak.push(".bak");
            // A hard copy, so the original stays in place until the rename.
            fs::copy(path, dir.join(bak))?;
        }
        fs::rename(&tmp, path)?;
        remove_stale_temps(&dir, name);
        #[cfg(unix)]
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(|e: std::io::Error| {
        std::io::Error::new(e.kind(), format!("{}: cannot save: {e}", path.display()))
    })
}

/// Removes `NAME.tmp-*` files that an earlier save left behind when its process was killed
/// between writing and renaming (the document itself is always whole).
fn remove_stale_temps(dir: &Path, name: &std::ffi::OsStr) {
    let mut prefix = name.to_os_string();
    prefix.push(".tmp-");
    let prefix = prefix.to_string_lossy().into_owned();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}
