//! Command line: `huaban [FILE]` opens the editor; `export`, `render`, `check`, `relink`,
//! `typeset` run headless for scripts and CI. Every error names the file and what is wrong
//! and ends with a non-zero exit status.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "huaban",
    version,
    about = "Huaban (画版): compose Chinese newspaper pages and export print-ready PDFs"
)]
pub struct Cli {
    /// A layout file to open in the editor (default: the sample edition).
    pub file: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Export pages as PDF: one file per page named by the edition's pattern (default
    /// <date>_<page>.pdf), or one combined file.
    Export {
        file: PathBuf,
        /// Folder for one PDF per page.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write all selected pages into this one PDF instead.
        #[arg(long)]
        combined: Option<PathBuf>,
        /// Pages to export, e.g. 1,3-4 (default: all).
        #[arg(long)]
        pages: Option<String>,
        /// Print profile: newsprint (PDF/X-4), coated (PDF/X-4), screen (plain RGB PDF),
        /// or a path to a profile JSON file.
        #[arg(long, default_value = crate::print::DEFAULT_PROFILE)]
        profile: String,
        /// Page file name pattern, e.g. 'ZZRB{date:%Y%m%d}A{page:02}' (default: the
        /// edition's setting page_file_name, else '{date}_{page:02}').
        #[arg(long)]
        name: Option<String>,
        /// Draw crop marks outside the bleed (the media box grows to hold them).
        #[arg(long)]
        marks: bool,
        /// Bleed in mm on every page, instead of the profile's or the template's.
        #[arg(long)]
        bleed: Option<f64>,
    },
    /// Render one page to PNG from the same display list as the PDF.
    Render {
        file: PathBuf,
        #[arg(long, default_value_t = 1)]
        page: usize,
        #[arg(long, default_value_t = 150.0)]
        dpi: f64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Flow a plain-text file (first line the headline, blank lines between paragraphs)
    /// through a template's body columns, adding pages as needed, and write a PDF.
    Typeset {
        #[arg(long)]
        text: PathBuf,
        /// Template name in layouts/ (broadsheet, tabloid) or a path to a template file.
        #[arg(long, default_value = "broadsheet")]
        template: String,
        /// Body font role: song, hei or kai.
        #[arg(long, default_value = "song")]
        font_role: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Compose and report problems (overset, missing or damaged images, glyphs); exit 1 on errors.
    Check {
        file: PathBuf,
        #[arg(long)]
        json: bool,
        /// Also preflight against a print profile (image resolution, RGB images, ink
        /// limit); its findings are warnings.
        #[arg(long)]
        profile: Option<String>,
    },
    /// Find the file's missing photos by file name (any case) in a folder and its
    /// subfolders, and save the file with the new paths (the old file kept as .bak).
    Relink {
        file: PathBuf,
        /// Folder to search.
        #[arg(long)]
        folder: PathBuf,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("huaban: {msg}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        None => Ok(crate::app::run(cli.file)),
        Some(Command::Export {
            file,
            out,
            combined,
            pages,
            profile,
            name,
            marks,
            bleed,
        }) => commands::export(
            &file,
            out,
            combined,
            pages.as_deref(),
            &commands::ExportDelivery {
                profile,
                name,
                marks,
                bleed_mm: bleed,
            },
        ),
        Some(Command::Render {
            file,
            page,
            dpi,
            out,
        }) => commands::render(&file, page, dpi, &out),
        Some(Command::Check {
            file,
            json,
            profile,
        }) => commands::check(&file, json, profile.as_deref()),
        Some(Command::Relink { file, folder }) => relink::relink(&file, &folder),
        Some(Command::Typeset {
            text,
            template,
            font_role,
            out,
        }) => commands::typeset(&text, &template, &font_role, &out),
    }
}

mod check_images;
mod commands;
mod relink;
pub use commands::{
    bleed_pt, layouts_dir, load_and_compose, page_file_name, parse_pages, sample_edition_path,
    write_file,
};
