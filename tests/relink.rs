//! Relinking missing photos by choosing a folder (`model::relink_images`, `huaban relink`).

use huaban::model::{self, FrameKind};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("relink-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn huaban(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_huaban"))
        .args(args)
        .output()
        .expect("run huaban");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

/// Links (or copies) sample photo `name` to `to`, creating folders.
fn put_photo(name: &str, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    let from = root().join("sample_edition/photos").join(name);
    // A copy, never a hard link: writing to a link would write through to the
    // project's own photo (a second copy onto a link truncated it once).
    let _ = std::fs::remove_file(to);
    std::fs::copy(&from, to).unwrap();
}

fn srcs(ed: &model::Edition) -> Vec<(String, String)> {
    ed.pages
        .iter()
        .flat_map(|p| &p.frames)
        .filter_map(|f| match &f.kind {
            FrameKind::Image { src, .. } => Some((f.id.clone(), src.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn cli_relinks_from_a_folder_tree_case_insensitively_and_saves_atomically() {
    let d = temp_dir("cli");
    let doc = d.join("edition/zhuzhou.huaban");
    std::fs::create_dir_all(doc.parent().unwrap()).unwrap();
    std::fs::copy(
        root().join("sample_edition/zhuzhou-2024-03-12.huaban"),
        &doc,
    )
    .unwrap();
    let before = std::fs::read(&doc).unwrap();
    let ed0 = model::load(&doc).unwrap();
    let used: Vec<String> = srcs(&ed0).into_iter().map(|(_, s)| s).collect();
    assert!(used.len() >= 8, "{used:?}");
    assert_eq!(
        model::relink::missing_images(&ed0, doc.parent().unwrap()).len(),
        used.len()
    );

    // The photos turn up in an archive: nested, some with upper-case names, one twice,
    // one (mariachi) not at all.
    let archive = d.join("archive");
    put_photo("bridge.jpg", &archive.join("2024/03/BRIDGE.JPG"));
    put_photo("dandelions.jpg", &archive.join("a/b/c/dandelions.jpg"));
    put_photo("dandelions.jpg", &archive.join("Dandelions.JPG"));
    // Every other photo the edition uses (some twice), once each, flat in archive/photos.
    let names: std::collections::BTreeSet<&str> = used
        .iter()
        .map(|src| Path::new(src).file_name().unwrap().to_str().unwrap())
        .collect();
    for name in names {
        if !["bridge.jpg", "dandelions.jpg", "mariachi.jpg"].contains(&name) {
            put_photo(name, &archive.join("photos").join(name));
        }
    }
    std::fs::write(archive.join("photos/notes.txt"), "not a photo").unwrap();

    let (code, out) = huaban(&[
        "relink",
        doc.to_str().unwrap(),
        "--folder",
        archive.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "one photo is still missing: {out}");
    assert!(out.contains("mariachi.jpg still missing"), "{out}");
    assert!(out.contains("still missing"), "{out}");
    assert!(
        out.contains(&format!("{} relinked, 1 still missing", used.len() - 1)),
        "{out}"
    );
    assert!(out.contains("../archive/2024/03/BRIDGE.JPG"), "{out}");
    // The shallow copy of two same-named files is chosen; the other is reported.
    assert!(
        out.contains("../archive/Dandelions.JPG (also found:"),
        "{out}"
    );

    // Saved atomically with the old version as .bak; every relinked file exists.
    assert_eq!(
        std::fs::read(d.join("edition/zhuzhou.huaban.bak")).unwrap(),
        before
    );
    let ed1 = model::load(&doc).unwrap();
    let missing = model::relink::missing_images(&ed1, doc.parent().unwrap());
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].2.ends_with("mariachi.jpg"));
    // Only image paths changed.
    let mut back = ed1.clone();
    for ((id, _), (_, old)) in srcs(&ed1).iter().zip(srcs(&ed0)) {
        let (pi, fi) = back.find_frame(id).unwrap();
        if let FrameKind::Image { src, .. } = &mut back.pages[pi].frames[fi].kind {
            *src = old;
        }
    }
    assert_eq!(back, ed0);

    // The last photo found: exit 0, and the edition checks clean (all photos decode).
    put_photo("mariachi.jpg", &archive.join("late/Mariachi.jpg"));
    let (code, out) = huaban(&[
        "relink",
        doc.to_str().unwrap(),
        "--folder",
        archive.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 relinked, 0 still missing"), "{out}");
    let (code, out) = huaban(&["check", doc.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("missing"), "{out}");
}

#[test]
fn library_relink_handles_backslash_paths_and_leaves_present_images() {
    let d = temp_dir("lib");
    let doc = d.join("mini.huaban");
    let mut ed = model::load(&root().join("tests/data/mini.huaban")).unwrap();
    // A file written on Windows: a backslash path that does not exist here.
    let (pi, fi) = ed.find_frame("img").unwrap();
    if let FrameKind::Image { src, .. } = &mut ed.pages[pi].frames[fi].kind {
        *src = r"D:\照片\MARIACHI.jpg".into();
    }
    model::save(&ed, &doc).unwrap();
    put_photo("mariachi.jpg", &d.join("照片/mariachi.jpg"));
    let report = model::relink_images(&mut ed, &d, &d).unwrap();
    assert_eq!(report.relinked.len(), 1, "{report:?}");
    assert_eq!(report.relinked[0].new_src, "照片/mariachi.jpg");
    assert_eq!(report.relinked[0].old_src, r"D:\照片\MARIACHI.jpg");
    assert!(report.still_missing.is_empty());
    // Nothing missing any more: a second run changes nothing.
    let again = model::relink_images(&mut ed, &d, &d).unwrap();
    assert_eq!(again, model::RelinkReport::default());
}

#[test]
fn unreadable_folder_is_an_error_naming_it() {
    let d = temp_dir("nofolder");
    let doc = d.join("mini.huaban");
    let mut ed = model::load(&root().join("tests/data/mini.huaban")).unwrap();
    let (pi, fi) = ed.find_frame("img").unwrap();
    if let FrameKind::Image { src, .. } = &mut ed.pages[pi].frames[fi].kind {
        *src = "gone.jpg".into();
    }
    model::save(&ed, &doc).unwrap();
    let before = std::fs::read(&doc).unwrap();
    let nowhere = d.join("no-such-folder");
    let (code, out) = huaban(&[
        "relink",
        doc.to_str().unwrap(),
        "--folder",
        nowhere.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("no-such-folder: cannot read folder"), "{out}");
    assert_eq!(std::fs::read(&doc).unwrap(), before, "nothing saved");
}
