//! The editor (eframe). (Being written: issue 3.)

use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(_file: Option<PathBuf>) -> ExitCode {
    eprintln!("huaban: the editor is not written yet");
    ExitCode::from(2)
}
