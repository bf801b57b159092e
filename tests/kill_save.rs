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
