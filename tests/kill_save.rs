//! Atomic saves: a process killed (SIGKILL) at any moment while saving leaves a file that
//! loads and equals one of the saved versions; a failed save leaves the old file intact;
//! `.bak` holds the previous version.
#![cfg(unix)]

use huaban::model::{self, Edition};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

const CHILD_ENV: &str = "HUABAN_KILL_SAVE_PATH";

fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("kill_save-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Two different editions: A is the mini fixture, B the same with a long story (so a
/// save takes long enough to be killed in the middle).
fn versions() -> (Edition, Edition) {
    let a =
        model::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.huaban")).unwrap();
    let mut b = a.clone();
    b.stories[0].headline = "第二版本".into();
    for p in &mut b.stories[0].paragraphs {
        p.text = p.text.repeat(200);
    }
    (a, b)
}

/// Not a test of its own: when started by `saves_survive_sigkill` with `CHILD_ENV` set,
/// saves A and B alternately to that path until killed.
#[test]
fn child_saver() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let (a, b) = versions();
    loop {
        model::save(&b, Path::new(&path)).unwrap();
        model::save(&a, Path::new(&path)).unwrap();
    }
}

/// A small pseudo-random sequence (no extra crates), seeded from the clock.
fn delays(n: usize) -> Vec<u64> {
    let mut x = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            5 + x % 80
        })
        .collect()
}

#[test]
fn saves_survive_sigkill() {
    let d = dir("sigkill");
    let path = d.join("edition.huaban");
    let (a, b) = versions();
    model::save(&a, &path).unwrap();
    let mut saw = [0usize; 2];
    let mut leftovers = 0;
    for delay in delays(100) {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "child_saver",
                "--test-threads",
                "1",
                "--nocapture",
            ])
            .env(CHILD_ENV, &path)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().unwrap(); // SIGKILL on unix
        child.wait().unwrap();
        let ed = model::load(&path).unwrap_or_else(|e| panic!("after kill at {delay} ms: {e}"));
        if ed == a {
            saw[0] += 1;
        } else if ed == b {
            saw[1] += 1;
        } else {
            panic!("after kill at {delay} ms the file is neither version");
        }
        for e in std::fs::read_dir(&d).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            if name.starts_with("edition.huaban.tmp-") {
                leftovers += 1;
                // A stray temporary file must not disturb the next save or load.
                std::fs::remove_file(d.join(&name)).unwrap();
            } else {
                assert!(
                    name == "edition.huaban" || name == "edition.huaban.bak",
                    "unexpected file {name}"
                );
            }
        }
    }
    eprintln!("100 kills: {saw:?} (A, B) on disk; {leftovers} stray .tmp files left");
    // The child must really have been saving when killed most of the time.
    assert!(saw[0] + saw[1] == 100);
}

#[test]
fn stray_temp_file_does_not_affect_next_save() {
    let d = dir("stray");
    let path = d.join("e.huaban");
    let (a, b) = versions();
    model::save(&a, &path).unwrap();
    // What a killed save of this very process would leave behind.
    let tmp = d.join(format!("e.huaban.tmp-{}", std::process::id()));
    std::fs::write(&tmp, "{ half a fi").unwrap();
    model::save(&b, &path).unwrap();
    assert_eq!(model::load(&path).unwrap(), b);
    assert!(
        !tmp.exists(),
        "the save reuses and renames its temporary file"
    );
}

#[test]
fn a_save_clears_temp_files_left_by_killed_processes() {
    let d = dir("stale");
    let path = d.join("e.huaban");
    let (a, b) = versions();
    model::save(&a, &path).unwrap();
    let stale = d.join("e.huaban.tmp-999999");
    std::fs::write(&stale, "{ half a fi").unwrap();
    model::save(&b, &path).unwrap();
    assert!(
        !stale.exists(),
        "stale temp file from a dead process is removed"
    );
    assert_eq!(model::load(&path).unwrap(), b);
}

#[test]
fn bak_holds_previous_version() {
    let d = dir("bak");
    let path = d.join("e.huaban");
    let (a, b) = versions();
    model::save(&a, &path).unwrap();
    model::save(&b, &path).unwrap();
    let bak = model::load(&d.join("e.huaban.bak")).unwrap();
    assert_eq!(bak, a);
    assert_eq!(model::load(&path).unwrap(), b);
}

#[test]
fn save_into_read_only_folder_fails_and_keeps_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let d = dir("readonly");
    let path = d.join("e.huaban");
    let (a, b) = versions();
    model::save(&a, &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o555)).unwrap();
    let probe = d.join("probe");
    if std::fs::write(&probe, "x").is_ok() {
        // Running as root: permissions do not stop us; nothing to test here.
        let _ = std::fs::remove_file(&probe);
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
        eprintln!("skipped: the folder stays writable (running as root)");
        return;
    }
    let r = model::save(&b, &path);
    std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).unwrap();
    let e = r.expect_err("saving into a read-only folder must fail");
    assert!(e.to_string().contains("e.huaban"), "{e}");
    assert!(e.to_string().contains("cannot save"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn save_over_a_folder_fails_without_panic() {
    let d = dir("over_folder");
    let path = d.join("e.huaban");
    std::fs::create_dir(&path).unwrap();
    let (a, _) = versions();
    let e = model::save(&a, &path).expect_err("a folder is in the way");
    assert!(e.to_string().contains("e.huaban"), "{e}");
    assert!(path.is_dir());
}

// ---- Saves that fail: full disk, read-only folder, a file in the way ----

const FULL_DISK_ENV: &str = "HUABAN_FULL_DISK_PATH";

/// The files in `d` whose names start with `e.huaban.tmp-` (a failed save must not leave
/// its temporary file behind).
fn temps(d: &Path) -> Vec<String> {
    std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

/// `e.huaban` = A′ (A with another headline) and `e.huaban.bak` = A in `d`; their bytes.
fn two_saves(d: &Path) -> (Vec<u8>, Vec<u8>) {
    let (a, _) = versions();
    let mut a2 = a.clone();
    a2.stories[0].headline = "改过的标题".into();
    let path = d.join("e.huaban");
    model::save(&a, &path).unwrap();
    model::save(&a2, &path).unwrap();
    (
        std::fs::read(&path).unwrap(),
        std::fs::read(d.join("e.huaban.bak")).unwrap(),
    )
}

/// The editor's side of a failed save: a document with an unsaved edit that makes it
/// large; `save` must fail, the document stay dirty and keep the edit. Prints what
/// happened for the parent test.
fn save_edited_document(path: &Path) {
    let fonts = huaban::fonts::FontSet::load_default();
    let mut doc = huaban::app::Document::load(path, &fonts).unwrap();
    let (_, b) = versions();
    let edit = huaban::app::Edit::SetStoryText {
        story: b.stories[0].id.clone(),
        paragraphs: b.stories[0].paragraphs.clone(),
    };
    doc.apply(edit, &fonts).unwrap();
    assert!(doc.dirty);
    match doc.save() {
        Ok(()) => println!("SAVED"),
        Err(e) => println!("SAVE FAILED: {e}"),
    }
    println!("DIRTY {}", doc.dirty);
    println!(
        "EDIT KEPT {}",
        doc.edition.stories[0].paragraphs == b.stories[0].paragraphs
    );
}

/// Not a test of its own: started by `full_disk_...` under a file-size limit.
#[test]
fn child_full_disk_saver() {
    if let Some(path) = std::env::var_os(FULL_DISK_ENV) {
        save_edited_document(Path::new(&path));
    }
}

#[test]
fn full_disk_save_reports_the_error_and_loses_nothing() {
    // A full disk, simulated with RLIMIT_FSIZE (`ulimit -f`, 512-byte blocks in sh): the
    // child may write files up to 20 KB; the edited document is ~150 KB. SIGXFSZ is
    // ignored so the write fails with EFBIG instead of killing the child.
    let d = dir("full_disk");
    let path = d.join("e.huaban");
    let (file_before, bak_before) = two_saves(&d);
    let out = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 40 && exec \"$0\" --exact child_full_disk_saver --test-threads 1 --nocapture")
        .arg(std::env::current_exe().unwrap())
        .env(FULL_DISK_ENV, &path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let failed = text
        .lines()
        .find_map(|l| l.split_once("SAVE FAILED: ").map(|(_, m)| m))
        .unwrap_or_else(|| panic!("the save did not fail: {text}"));
    assert!(failed.contains(&path.display().to_string()), "{failed}");
    assert!(failed.contains("cannot save"), "{failed}");
    assert!(failed.contains("too large"), "EFBIG: {failed}");
    assert!(
        text.contains("DIRTY true"),
        "the document stays unsaved: {text}"
    );
    assert!(text.contains("EDIT KEPT true"), "{text}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        file_before,
        "old file intact"
    );
    assert_eq!(std::fs::read(d.join("e.huaban.bak")).unwrap(), bak_before);
    assert_eq!(temps(&d), Vec::<String>::new());
    // With room again, the same save goes through.
    let (_, b) = versions();
    model::save(&b, &path).unwrap();
    assert_eq!(model::load(&path).unwrap(), b);
}

/// Runs `mount` with `args`; false (and says why) if mounting is not possible here.
fn mount(args: &[&str]) -> bool {
    match Command::new("mount").args(args).output() {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            eprintln!(
                "skipped: mount {args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            false
        }
        Err(e) => {
            eprintln!("skipped: mount: {e}");
            false
        }
    }
}

/// Unmounts when dropped, so a failing assertion does not leave a mount behind.
struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn save_on_a_full_tmpfs_reports_no_space_and_loses_nothing() {
    // A real ENOSPC: a 64 KB tmpfs (needs root and mount; skipped where unavailable, the
    // rlimit test above covers the same path everywhere).
    let d = dir("tmpfs");
    if !mount(&[
        "-t",
        "tmpfs",
        "-o",
        "size=64k",
        "tmpfs",
        d.to_str().unwrap(),
    ]) {
        return;
    }
    let _m = Mounted(d.clone());
    let path = d.join("e.huaban");
    let (file_before, bak_before) = two_saves(&d);
    let (_, b) = versions();
    let e = model::save(&b, &path).expect_err("150 KB do not fit in 64 KB");
    let msg = e.to_string();
    assert!(
        msg.contains(&path.display().to_string()) && msg.contains("cannot save"),
        "{msg}"
    );
    assert!(msg.contains("No space left"), "{msg}");
    assert_eq!(std::fs::read(&path).unwrap(), file_before);
    assert_eq!(std::fs::read(d.join("e.huaban.bak")).unwrap(), bak_before);
    assert_eq!(temps(&d), Vec::<String>::new(), "the space is given back");
}

#[test]
fn save_into_a_read_only_mount_fails_and_the_document_stays_unsaved() {
    let d = dir("ro_mount");
    let path = d.join("e.huaban");
    let (file_before, bak_before) = two_saves(&d);
    let ds = d.to_str().unwrap();
    if !mount(&["--bind", ds, ds]) {
        return;
    }
    let _m = Mounted(d.clone());
    if !mount(&["-o", "remount,ro,bind", ds]) {
        return;
    }
    let (_, b) = versions();
    let msg = model::save(&b, &path).expect_err("read-only").to_string();
    assert!(
        msg.contains(&path.display().to_string()) && msg.contains("cannot save"),
        "{msg}"
    );
    assert!(msg.contains("Read-only file system"), "{msg}");
    // The editor: the save fails, the document keeps its edit and stays unsaved.
    let out = {
        // In-process: no limits needed for a read-only folder.
        let fonts = huaban::fonts::FontSet::load_default();
        let mut doc = huaban::app::Document::load(&path, &fonts).unwrap();
        doc.apply(
            huaban::app::Edit::SetStoryText {
                story: b.stories[0].id.clone(),
                paragraphs: b.stories[0].paragraphs.clone(),
            },
            &fonts,
        )
        .unwrap();
        let r = doc.save();
        (
            r,
            doc.dirty,
            doc.edition.stories[0].paragraphs == b.stories[0].paragraphs,
        )
    };
    let err = out.0.expect_err("read-only");
    assert!(
        err.contains("e.huaban") && err.contains("Read-only"),
        "{err}"
    );
    assert!(out.1, "still dirty");
    assert!(out.2, "edit kept");
    drop(_m);
    assert_eq!(std::fs::read(&path).unwrap(), file_before);
    assert_eq!(std::fs::read(d.join("e.huaban.bak")).unwrap(), bak_before);
}

#[test]
fn save_below_a_file_fails_naming_the_path() {
    // A "folder" that is a file: ENOTDIR, whoever runs the test.
    let d = dir("parent_is_file");
    let blocker = d.join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let path = blocker.join("e.huaban");
    let (a, _) = versions();
    let msg = model::save(&a, &path)
        .expect_err("parent is a file")
        .to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("cannot save"), "{msg}");
    assert_eq!(std::fs::read(&blocker).unwrap(), b"x");
}
