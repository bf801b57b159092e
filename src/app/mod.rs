//! The editor window (eframe/egui).
//!
//! Pages are drawn only from the display list, rasterised by [`crate::raster`], so what
//! the editor shows is what the PDF and PNG exports print. Document state ([`Document`])
//! is kept apart from view state ([`View`]); the widgets never change the edition.

mod actions;
pub mod autosave;
mod canvas;
pub mod commands;
pub mod dialogs;
pub mod edits;
pub mod export;
mod gestures;
mod help;
mod inspector;
mod panels;
pub mod snap;
pub mod state;
pub mod story_panel;
pub mod strings;
pub mod strings_ext;

pub use actions::{layout_templates, story_from_file};
pub use canvas::{wanted_region, WHOLE_PAGE_MAX_PX};
pub use commands::{Edit, History};
pub use state::{fit_zoom, Document, Tool, View, ZOOM_100};
pub use strings::{Lang, Strings};

use crate::fonts::FontSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Printed when there is no display to open a window on.
pub const NO_DISPLAY_MESSAGE: &str = "huaban: no display found (DISPLAY/WAYLAND_DISPLAY unset); \
     use `huaban export`/`render` for headless work";

/// Opens the editor on `file` (default: the sample edition). Returns 2 if no window can
/// be opened.
pub fn run(file: Option<PathBuf>) -> ExitCode {
    if !display_available() {
        eprintln!("{NO_DISPLAY_MESSAGE}");
        return ExitCode::from(2);
    }
    let fonts = FontSet::load_default();
    let app = HuabanApp::new(file, fonts);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([480.0, 320.0])
            .with_title(app.title()),
        ..Default::default()
    };
    let result = eframe::run_native(
        "huaban",
        options,
        Box::new(move |cc| {
            install_fonts(&cc.egui_ctx);
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("huaban: cannot open the editor window: {e}");
            ExitCode::from(2)
        }
    }
}

/// Whether a window can be opened (on Linux and the BSDs: DISPLAY or WAYLAND_DISPLAY set).
pub fn display_available() -> bool {
    if cfg!(any(target_os = "windows", target_os = "macos")) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

/// Adds the bundled Noto Sans SC to egui's fonts as a fallback (egui's own fonts have no
/// CJK), and turns off egui's Ctrl+0/±-zoom of the UI so those keys zoom the page.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    let path = FontSet::default_dir().join("NotoSansSC-Regular.otf");
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!(
                "huaban: {}: {e}; Chinese text in the editor's menus will not show",
                path.display()
            );
            return;
        }
    };
    let mut defs = egui::FontDefinitions::default();
    defs.font_data.insert(
        "noto_sans_sc".into(),
        Arc::new(egui::FontData::from_owned(bytes)),
    );
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        defs.families
            .entry(family)
            .or_default()
            .push("noto_sans_sc".into());
    }
    ctx.set_fonts(defs);
}

/// A message shown above the canvas until dismissed. Kept as data so it follows the
/// language setting.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    OpenFailed(String),
    SaveFailed(String),
    MissingDefault(PathBuf),
    EditRefused(String),
    AutosaveFailed(String),
}

impl Notice {
    pub fn text(&self, s: &Strings) -> String {
        match self {
            Notice::OpenFailed(e) => s.cannot_open(e),
            Notice::SaveFailed(e) => s.cannot_save(e),
            Notice::MissingDefault(p) => s.missing_default(&p.display().to_string()),
            Notice::EditRefused(e) => s.edit_refused(e),
            Notice::AutosaveFailed(e) => s.autosave_failed(e),
        }
    }
}

/// The editor application.
pub struct HuabanApp {
    pub fonts: Arc<FontSet>,
    pub doc: Option<Document>,
    pub view: View,
    pub lang: Lang,
    pub notice: Option<Notice>,
    canvas: canvas::Canvas,
    hover: canvas::Hover,
    shown_title: String,
    /// A question shown over the window (recover, unsaved changes).
    pub dialog: Option<dialogs::Dialog>,
    /// When the recovery file was last written (egui time, seconds).
    last_autosave: f64,
    /// Closing was confirmed; the next close request is let through.
    close_confirmed: bool,
    story_panel: story_panel::StoryPanel,
    /// An image waiting to be placed by the next drag with the image tool.
    pub place_gun: Option<PathBuf>,
    /// The export dialog, when open.
    pub export: Option<export::ExportDialog>,
    pub help_open: bool,
    /// The story chosen in the story list.
    pub library_sel: Option<String>,
    /// A page being dragged in the pages panel: (index, pointer y).
    page_drag: Option<(usize, f32)>,
}

impl HuabanApp {
    /// Opens `file`, or the sample edition if `None`. Problems become a [`Notice`].
    pub fn new(file: Option<PathBuf>, fonts: FontSet) -> HuabanApp {
        let mut app = HuabanApp {
            fonts: Arc::new(fonts),
            doc: None,
            view: View::default(),
            lang: Lang::default(),
            notice: None,
            canvas: Default::default(),
            hover: Default::default(),
            shown_title: String::new(),
            dialog: None,
            last_autosave: 0.0,
            close_confirmed: false,
            story_panel: Default::default(),
            place_gun: None,
            export: None,
            help_open: false,
            library_sel: None,
            page_drag: None,
        };
        match file {
            Some(f) => app.open(&f),
            None => {
                let sample = crate::cli::sample_edition_path();
                if sample.exists() {
                    app.open(&sample);
                } else {
                    app.notice = Some(Notice::MissingDefault(sample));
                }
            }
        }
        app
    }

    pub fn strings(&self) -> &'static Strings {
        self.lang.strings()
    }

    /// Loads `path`, replacing the open document; on failure keeps it and sets a notice.
    pub fn open(&mut self, path: &Path) {
        match Document::load(path, &self.fonts) {
            Ok(doc) => {
                self.view.page = 0;
                self.view.reset_for(doc.page_count());
                self.view.selected = None;
                self.dialog = autosave::pending(path).map(dialogs::Dialog::Recover);
                self.doc = Some(doc);
                self.notice = None;
            }
            Err(e) => self.notice = Some(Notice::OpenFailed(e)),
        }
    }

    /// Applies an edit to the document; a refused edit becomes a notice.
    pub fn apply(&mut self, edit: Edit) {
        if let Some(doc) = &mut self.doc {
            match doc.apply(edit, &self.fonts) {
                Ok(()) => self.notice = None,
                Err(e) => self.notice = Some(Notice::EditRefused(e)),
            }
        }
    }

    pub fn undo(&mut self) {
        if let Some(doc) = &mut self.doc {
            if let Err(e) = doc.undo(&self.fonts) {
                self.notice = Some(Notice::EditRefused(e));
            }
        }
    }

    pub fn redo(&mut self) {
        if let Some(doc) = &mut self.doc {
            if let Err(e) = doc.redo(&self.fonts) {
                self.notice = Some(Notice::EditRefused(e));
            }
        }
    }

    /// Writes the recovery file now if the document has changes not yet written there.
    pub fn autosave_now(&mut self) {
        if let Some(doc) = &mut self.doc {
            if let Err(e) = doc.autosave() {
                self.notice = Some(Notice::AutosaveFailed(e));
            }
        }
    }

    /// Autosaves every [`autosave::AUTOSAVE_SECS`] while there are unsaved changes.
    fn autosave_tick(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else {
            return;
        };
        if !doc.dirty {
            return;
        }
        let now = ctx.input(|i| i.time);
        let wait = autosave::AUTOSAVE_SECS - (now - self.last_autosave);
        if wait <= 0.0 {
            self.last_autosave = now;
            self.autosave_now();
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }
    }

    /// Saves the document to its path.
    pub fn save(&mut self) {
        if let Some(doc) = &mut self.doc {
            if let Err(e) = doc.save() {
                self.notice = Some(Notice::SaveFailed(e));
            }
        }
    }

    /// Saves the document to `path` (adding `.huaban` if it has no extension).
    pub fn save_as(&mut self, path: &Path) {
        let mut path = path.to_owned();
        if path.extension().is_none() {
            path.set_extension("huaban");
        }
        if let Some(doc) = &mut self.doc {
            match doc.save_as(&path) {
                Ok(()) => self.notice = None,
                Err(e) => self.notice = Some(Notice::SaveFailed(e)),
            }
        }
    }

    /// The window title: file name, a star when unsaved, and the program name.
    pub fn title(&self) -> String {
        let name = self.strings().app_title;
        match &self.doc {
            Some(d) => format!(
                "{}{} — {name}",
                d.file_name(),
                if d.dirty { " *" } else { "" }
            ),
            None => name.to_string(),
        }
    }

    /// The whole window's UI; independent of eframe so tests can drive it.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        self.handle_close(ui.ctx());
        self.autosave_tick(ui.ctx());
        if self.dialog.is_none() {
            self.shortcuts(ui.ctx());
            self.dropped_files(ui.ctx());
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if self.doc.is_some() {
            egui::Panel::right("inspector")
                .default_size(250.0)
                .show(ui, |ui| self.inspector(ui));
        }
        self.story_panel(ui);
        if self.doc.is_some() {
            egui::Panel::left("pages")
                .default_size(170.0)
                .show(ui, |ui| self.page_list(ui));
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE.fill(ui.visuals().panel_fill))
            .show(ui, |ui| self.central(ui));
        self.show_dialog(ui.ctx());
        self.export_window(ui.ctx());
        self.help_window(ui.ctx());
        let title = self.title();
        if title != self.shown_title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        if let Some(n) = &self.notice {
            let text = n.text(self.strings());
            let mut dismiss = false;
            egui::Frame::new()
                .fill(ui.visuals().error_fg_color.gamma_multiply(0.25))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.set_min_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(egui::RichText::new(text).strong());
                        dismiss = ui.button(self.strings().dismiss).clicked();
                    });
                });
            if dismiss {
                self.notice = None;
            }
        }
        match &self.doc {
            Some(doc) => {
                self.hover = self.canvas.ui(ui, doc, &mut self.view, &self.fonts);
                if let Some(edit) = self.hover.edit.take() {
                    self.apply(edit);
                }
                if let Some(d) = self.hover.drawn.take() {
                    self.create_drawn(d);
                }
            }
            None => {
                self.hover = Default::default();
                let s = self.strings();
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() / 3.0);
                    ui.heading(s.no_document);
                    ui.label(s.no_document_hint);
                });
            }
        }
    }

    /// Where a page point (pt) of the current page is on screen (for tests).
    pub fn page_to_screen(&self, pt: egui::Pos2) -> egui::Pos2 {
        self.view.page_to_screen(self.canvas.last_rect.min, pt)
    }

    /// Where the out-port of text frame `id` is on screen (for tests).
    pub fn out_port_on_screen(&self, id: &str) -> Option<egui::Pos2> {
        self.canvas.out_port_of(self.doc.as_ref()?, &self.view, id)
    }

    /// Number of page renders so far (for tests).
    pub fn render_count(&self) -> u64 {
        self.canvas.cache.renders
    }
}

impl eframe::App for HuabanApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        HuabanApp::ui(self, ui);
    }
}
