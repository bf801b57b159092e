//! The export dialog: all pages or a selection, one PDF per page or one combined PDF,
//! the print profile, a progress bar (the PDFs are written on a background thread), and
//! the preflight report, whose entries go to the page and frame they name.

use super::HuabanApp;
use crate::cli::{page_file_name, parse_pages};
use crate::compose::Problem;
use crate::fonts::FontSet;
use crate::print::PrintProfile;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Progress shared with the export thread.
#[derive(Debug, Default, Clone)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    pub finished: bool,
    pub error: Option<String>,
    pub files: Vec<PathBuf>,
}

/// The dialog's settings and the running export.
pub struct ExportDialog {
    pub all: bool,
    pub pages: String,
    pub combined: bool,
    pub profile: String,
    /// A folder (per page) or a .pdf file (combined).
    pub dest: PathBuf,
    pub progress: Option<Arc<Mutex<Progress>>>,
    pub preflight: Vec<Problem>,
    pub error: Option<String>,
}

impl ExportDialog {
    pub fn new(doc_path: &Path) -> ExportDialog {
        let dir = doc_path.parent().unwrap_or(Path::new(".")).join("pdf");
        ExportDialog {
            all: true,
            pages: String::new(),
            combined: false,
            profile: crate::print::DEFAULT_PROFILE.to_string(),
            dest: dir.clone(),
            progress: None,
            preflight: Vec::new(),
            error: None,
        }
    }

    /// The current progress, if an export was started.
    pub fn progress(&self) -> Option<Progress> {
        self.progress
            .as_ref()
            .map(|p| p.lock().expect("progress lock").clone())
    }

    pub fn running(&self) -> bool {
        self.progress().is_some_and(|p| !p.finished)
    }
}

impl HuabanApp {
    /// Opens the export dialog and runs preflight with the default profile.
    pub fn open_export(&mut self) {
        let Some(doc) = &self.doc else { return };
        let mut d = ExportDialog::new(&doc.path);
        d.preflight = run_preflight(doc, &d.profile).unwrap_or_else(|e| {
            vec![Problem {
                page: None,
                frame: None,
                message: e,
            }]
        });
        self.export = Some(d);
    }

    /// Starts writing the PDFs on a background thread (also used by tests).
    pub fn start_export(&mut self) {
        let (Some(doc), Some(d)) = (&self.doc, &mut self.export) else {
            return;
        };
        d.error = None;
        let count = doc.page_count();
        let sel = if d.all {
            Ok((0..count).collect::<Vec<_>>())
        } else {
            parse_pages(&d.pages, count)
        };
        let sel = match sel {
            Ok(s) => s,
            Err(e) => {
                d.error = Some(e);
                return;
            }
        };
        let profile = match PrintProfile::load(&d.profile) {
            Ok(p) => p,
            Err(e) => {
                d.error = Some(e);
                return;
            }
        };
        let opts = match profile.pdf_options() {
            Ok(o) => o,
            Err(e) => {
                d.error = Some(e);
                return;
            }
        };
        let ed = &doc.edition;
        let mut pages = Vec::new();
        for &i in &sel {
            let name = match page_file_name(ed, i) {
                Ok(n) => n,
                Err(e) => {
                    d.error = Some(e);
                    return;
                }
            };
            if let Some(page) = doc.composition.display_page(i) {
                pages.push((i, page, crate::cli::bleed_pt(ed, i), name));
            }
        }
        let meta = crate::pdf::PdfMeta::from_edition(ed);
        let progress = Arc::new(Mutex::new(Progress {
            total: if d.combined { 1 } else { pages.len() },
            ..Default::default()
        }));
        d.progress = Some(progress.clone());
        let fonts: Arc<FontSet> = self.fonts.clone();
        let (combined, dest) = (d.combined, d.dest.clone());
        std::thread::spawn(move || {
            let r = write_all(&pages, combined, &dest, &fonts, &meta, opts, &progress);
            let mut p = progress.lock().expect("progress lock");
            p.error = r.err();
            p.finished = true;
        });
    }

    pub(super) fn export_window(&mut self, ctx: &egui::Context) {
        let s = self.strings();
        let Some(d) = &mut self.export else { return };
        let mut open = true;
        let mut start = false;
        let mut goto = None;
        let mut rerun = false;
        egui::Window::new(s.export_title)
            .open(&mut open)
            .collapsible(false)
            .default_width(460.0)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.radio_value(&mut d.all, true, s.all_pages);
                    let l = ui.radio_value(&mut d.all, false, s.pages_spec);
                    ui.add_enabled(
                        !d.all,
                        egui::TextEdit::singleline(&mut d.pages).desired_width(80.0),
                    )
                    .labelled_by(l.id);
                });
                ui.horizontal(|ui| {
                    if ui.radio_value(&mut d.combined, false, s.per_page).changed() {
                        d.dest.set_extension("");
                    }
                    if ui.radio_value(&mut d.combined, true, s.combined).changed()
                        && d.dest.extension().is_none()
                    {
                        d.dest.set_extension("pdf");
                    }
                });
                ui.horizontal(|ui| {
                    let l = ui.label(s.profile);
                    let before = d.profile.clone();
                    egui::ComboBox::from_id_salt("profile")
                        .selected_text(&d.profile)
                        .show_ui(ui, |ui| {
                            for p in crate::print::known_profiles() {
                                ui.selectable_value(&mut d.profile, p.clone(), p);
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    rerun = before != d.profile;
                });
                ui.horizontal(|ui| {
                    ui.label(s.destination);
                    ui.monospace(d.dest.display().to_string());
                    if ui.button(s.choose).clicked() {
                        let picked = if d.combined {
                            rfd::FileDialog::new()
                                .add_filter("PDF", &["pdf"])
                                .save_file()
                        } else {
                            rfd::FileDialog::new().pick_folder()
                        };
                        if let Some(p) = picked {
                            d.dest = p;
                        }
                    }
                });
                ui.separator();
                let running = d.running();
                if ui
                    .add_enabled(!running, egui::Button::new(s.start_export))
                    .clicked()
                {
                    start = true;
                }
                if let Some(p) = d.progress() {
                    let frac = if p.total == 0 {
                        1.0
                    } else {
                        p.done as f32 / p.total as f32
                    };
                    ui.add(egui::ProgressBar::new(frac).text(s.exporting(p.done, p.total)));
                    if let Some(e) = &p.error {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    } else if p.finished {
                        ui.label(s.exported(p.files.len(), &d.dest.display().to_string()));
                    } else {
                        ctx.request_repaint();
                    }
                }
                if let Some(e) = &d.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                ui.separator();
                ui.strong(s.preflight);
                if d.preflight.is_empty() {
                    ui.label(s.no_problems);
                }
                egui::ScrollArea::vertical()
                    .max_height(200.0)
                    .show(ui, |ui| {
                        for p in &d.preflight {
                            let text = match p.page {
                                Some(n) => format!("[{}] {}", n + 1, p.message),
                                None => p.message.clone(),
                            };
                            if ui.link(text).clicked() {
                                goto = Some((p.page, p.frame.clone()));
                            }
                        }
                    });
            });
        if rerun {
            if let Some(doc) = &self.doc {
                d.preflight = run_preflight(doc, &d.profile).unwrap_or_default();
            }
        }
        if !open && !d.running() {
            self.export = None;
        }
        if start {
            self.start_export();
        }
        if let Some((page, frame)) = goto {
            let count = self.doc.as_ref().map_or(0, |d| d.page_count());
            if let Some(p) = page {
                self.view.set_page(p, count);
            }
            if frame.is_some() {
                self.view.selected = frame;
            }
        }
    }
}

fn run_preflight(doc: &super::Document, profile: &str) -> Result<Vec<Problem>, String> {
    let p = PrintProfile::load(profile)?;
    let mut out = doc.composition.problems.clone();
    out.extend(crate::print::preflight::preflight(
        &doc.edition,
        &doc.composition,
        &doc.base_dir(),
        &p,
    ));
    Ok(out)
}

fn write_all(
    pages: &[(usize, crate::display::DisplayPage, f64, String)],
    combined: bool,
    dest: &Path,
    fonts: &FontSet,
    meta: &crate::pdf::PdfMeta,
    mut opts: crate::pdf::PdfOptions,
    progress: &Mutex<Progress>,
) -> Result<(), String> {
    if combined {
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let dps: Vec<_> = pages.iter().map(|p| p.1.clone()).collect();
        opts.bleed = pages.iter().map(|p| p.2).collect();
        let bytes = crate::pdf::write_pdf_with(&dps, fonts, meta, &opts)
            .map_err(|e| format!("{}: {e}", dest.display()))?;
        crate::cli::write_file(dest, &bytes)?;
        let mut p = progress.lock().expect("progress lock");
        p.done = 1;
        p.files.push(dest.to_path_buf());
        return Ok(());
    }
    std::fs::create_dir_all(dest)
        .map_err(|e| format!("{}: cannot create folder: {e}", dest.display()))?;
    for (i, dp, bleed, name) in pages {
        opts.bleed = vec![*bleed];
        let bytes = crate::pdf::write_pdf_with(std::slice::from_ref(dp), fonts, meta, &opts)
            .map_err(|e| format!("page {}: {e}", i + 1))?;
        let path = dest.join(name);
        crate::cli::write_file(&path, &bytes)?;
        let mut p = progress.lock().expect("progress lock");
        p.done += 1;
        p.files.push(path);
    }
    Ok(())
}
