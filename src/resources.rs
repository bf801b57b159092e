//! Finding the program's data folders (`fonts/`, `layouts/`, `profiles/`, `sample_edition/`):
//! beside the executable or a few folders above it (an installed copy or a cargo target
//! dir), else in the source tree.

use std::path::{Path, PathBuf};

/// `dir` joined to the first ancestor of the executable where `dir/probe` exists, else the
/// source tree's `dir`.
pub fn find(dir: &str, probe: &str) -> PathBuf {
    if let Ok(exe) = std::env::current_exe() {
        for anc in exe.ancestors().skip(1).take(4) {
            let d = anc.join(dir);
            if d.join(probe).exists() {
                return d;
            }
        }
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)
}
