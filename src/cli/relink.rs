//! `huaban relink FILE --folder DIR`: finds the layout file's missing photos by file name in
//! DIR and its subfolders and saves the file (atomically, the old one kept as `.bak`).

use crate::model;
use std::path::Path;
use std::process::ExitCode;

pub fn relink(file: &Path, folder: &Path) -> Result<ExitCode, String> {
    let mut ed = model::load(file).map_err(|e| e.to_string())?;
    let doc_dir = match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let report = model::relink_images(&mut ed, doc_dir, folder)?;
    for line in report.lines() {
        println!("{line}");
    }
    if report.truncated {
        eprintln!(
            "warning: {}: searched only the first {} entries, {} folders deep",
            folder.display(),
            model::relink::MAX_ENTRIES,
            model::relink::MAX_DEPTH
        );
    }
    if !report.relinked.is_empty() {
        model::save(&ed, file).map_err(|e| e.to_string())?;
    }
    println!(
        "{}: {} relinked, {} still missing",
        file.display(),
        report.relinked.len(),
        report.still_missing.len()
    );
    Ok(if report.still_missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
