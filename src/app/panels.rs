//! Menu bar, page list, status bar and keyboard shortcuts of the editor window.

use super::commands::Edit;
use super::state::{Tool, ZOOM_100};
use super::HuabanApp;
use crate::units::pt_to_mm;
use egui::{Key, KeyboardShortcut, Modifiers};

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const FIT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0);
const ACTUAL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1);
const ZOOM_IN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals);
const ZOOM_IN_PLUS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus);
const ZOOM_OUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus);
const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const IMPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::D);
const PLACE: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::D);
const THREADS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::ALT), Key::Y);
const HELP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F1);
const ZOOM_STEP: f32 = 1.25;
/// Arrow keys move the selected frame by this much (mm); with Shift ten times as far.
const NUDGE_MM: f64 = 1.0;

/// A command from the menus or the keyboard.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    Open,
    Save,
    SaveAs,
    Fit,
    Actual,
    Zoom(f32),
    NextPage,
    PrevPage,
    Undo,
    Redo,
    /// Move the selected frame (mm).
    Nudge(f64, f64),
    New,
    Export,
    ImportStory,
    PlaceImage,
    Threads,
    Help,
    Delete,
    Tool(Tool),
}

impl HuabanApp {
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        // Longer combinations first, so Ctrl+Shift+S is not taken for Ctrl+S.
        let table = [
            (PLACE, Action::PlaceImage),
            (IMPORT, Action::ImportStory),
            (NEW, Action::New),
            (EXPORT, Action::Export),
            (THREADS, Action::Threads),
            (HELP, Action::Help),
            (SAVE_AS, Action::SaveAs),
            (SAVE, Action::Save),
            (OPEN, Action::Open),
            (FIT, Action::Fit),
            (ACTUAL, Action::Actual),
            (ZOOM_IN, Action::Zoom(ZOOM_STEP)),
            (ZOOM_IN_PLUS, Action::Zoom(ZOOM_STEP)),
            (ZOOM_OUT, Action::Zoom(1.0 / ZOOM_STEP)),
        ];
        let mut actions = Vec::new();
        // A text box has the keyboard: leave it the arrows and its own undo.
        let typing = ctx.egui_wants_keyboard_input();
        ctx.input_mut(|i| {
            for (sc, action) in table {
                if i.consume_shortcut(&sc) {
                    actions.push(action);
                }
            }
            if !typing {
                for (sc, action) in [
                    (REDO, Action::Redo),
                    (UNDO, Action::Undo),
                    (REDO_Y, Action::Redo),
                ] {
                    if i.consume_shortcut(&sc) {
                        actions.push(action);
                    }
                }
                for (key, tool) in [
                    (Key::V, Tool::Select),
                    (Key::T, Tool::Text),
                    (Key::F, Tool::Image),
                    (Key::Backslash, Tool::Rule),
                    (Key::M, Tool::Box),
                ] {
                    if i.consume_key(Modifiers::NONE, key) {
                        actions.push(Action::Tool(tool));
                    }
                }
                if i.consume_key(Modifiers::NONE, Key::Escape) {
                    actions.push(Action::Tool(Tool::Select));
                }
                if i.consume_key(Modifiers::NONE, Key::Delete)
                    || i.consume_key(Modifiers::NONE, Key::Backspace)
                {
                    actions.push(Action::Delete);
                }
                for (key, dx, dy) in [
                    (Key::ArrowLeft, -1.0, 0.0),
                    (Key::ArrowRight, 1.0, 0.0),
                    (Key::ArrowUp, 0.0, -1.0),
                    (Key::ArrowDown, 0.0, 1.0),
                ] {
                    let step = if i.consume_key(Modifiers::SHIFT, key) {
                        10.0 * NUDGE_MM
                    } else if i.consume_key(Modifiers::NONE, key) {
                        NUDGE_MM
                    } else {
                        continue;
                    };
                    actions.push(Action::Nudge(dx * step, dy * step));
                }
            }
            if i.consume_key(Modifiers::NONE, Key::PageDown) {
                actions.push(Action::NextPage);
            }
            if i.consume_key(Modifiers::NONE, Key::PageUp) {
                actions.push(Action::PrevPage);
            }
        });
        for a in actions {
            self.act(a);
        }
    }

    fn act(&mut self, action: Action) {
        let count = self.doc.as_ref().map_or(0, |d| d.page_count());
        match action {
            Action::Open => self.request_open(),
            Action::Undo => self.undo(),
            Action::Redo => self.redo(),
            Action::Nudge(dx, dy) => {
                if let Some(frame) = self.view.selected.clone() {
                    self.apply(Edit::MoveFrame { frame, dx, dy });
                }
            }
            Action::Save => {
                if self.doc.as_ref().is_some_and(|d| d.untitled) {
                    self.save_as_dialog();
                } else {
                    self.save();
                }
            }
            Action::New => self.request_new(),
            Action::Export => self.open_export(),
            Action::ImportStory => self.import_story_dialog(),
            Action::PlaceImage => self.place_image_dialog(),
            Action::Threads => self.view.show_threads = !self.view.show_threads,
            Action::Help => self.help_open = !self.help_open,
            Action::Delete => self.delete_selected(),
            Action::Tool(t) => {
                self.view.tool = t;
                self.view.linking = None;
                if t != Tool::Image {
                    self.place_gun = None;
                }
            }
            Action::SaveAs => self.save_as_dialog(),
            Action::Fit => self.view.fit_pending = true,
            Action::Actual => self.zoom_centered(ZOOM_100),
            Action::Zoom(f) => self.zoom_centered(self.view.zoom * f),
            Action::NextPage => {
                self.view.next_page(count);
            }
            Action::PrevPage => {
                self.view.prev_page(count);
            }
        }
    }

    fn zoom_centered(&mut self, zoom: f32) {
        let r = self.canvas.last_rect;
        self.view.zoom_to(zoom, r.min, r.center());
    }

    fn file_dialog(&self) -> rfd::FileDialog {
        let mut d = rfd::FileDialog::new().add_filter(self.strings().file_filter, &["huaban"]);
        if let Some(dir) = self.doc.as_ref().and_then(|d| d.path.parent()) {
            if !dir.as_os_str().is_empty() {
                d = d.set_directory(dir);
            }
        }
        d
    }

    pub(super) fn open_dialog(&mut self) {
        if let Some(path) = self.file_dialog().pick_file() {
            self.open(&path);
        }
    }

    fn save_as_dialog(&mut self) {
        let Some(doc) = &self.doc else {
            return;
        };
        let name = doc.file_name();
        if let Some(path) = self.file_dialog().set_file_name(name).save_file() {
            self.save_as(&path);
        }
    }

    pub(super) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let s = self.strings();
        let has_doc = self.doc.is_some();
        let mut action = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button(s.menu_file, |ui| {
                if ui.add(item(ui, s.new_edition, &NEW)).clicked() {
                    action = Some(Action::New);
                }
                if ui.add(item(ui, s.open, &OPEN)).clicked() {
                    action = Some(Action::Open);
                }
                if ui.add_enabled(has_doc, item(ui, s.save, &SAVE)).clicked() {
                    action = Some(Action::Save);
                }
                if ui
                    .add_enabled(has_doc, item(ui, s.save_as, &SAVE_AS))
                    .clicked()
                {
                    action = Some(Action::SaveAs);
                }
                ui.separator();
                if ui
                    .add_enabled(has_doc, item(ui, s.import_story, &IMPORT))
                    .clicked()
                {
                    action = Some(Action::ImportStory);
                }
                if ui
                    .add_enabled(has_doc, item(ui, s.place_image, &PLACE))
                    .clicked()
                {
                    action = Some(Action::PlaceImage);
                }
                if ui
                    .add_enabled(has_doc, item(ui, s.export, &EXPORT))
                    .clicked()
                {
                    action = Some(Action::Export);
                }
                ui.separator();
                if ui.button(s.quit).clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button(s.menu_edit, |ui| {
                let (can_undo, can_redo) = self.doc.as_ref().map_or((false, false), |d| {
                    (d.history.can_undo(), d.history.can_redo())
                });
                if ui.add_enabled(can_undo, item(ui, s.undo, &UNDO)).clicked() {
                    action = Some(Action::Undo);
                }
                if ui.add_enabled(can_redo, item(ui, s.redo, &REDO)).clicked() {
                    action = Some(Action::Redo);
                }
                ui.separator();
                let sel = self.view.selected.is_some();
                if ui
                    .add_enabled(sel, egui::Button::new(s.delete).shortcut_text("Delete"))
                    .clicked()
                {
                    action = Some(Action::Delete);
                }
            });
            ui.menu_button(s.menu_view, |ui| {
                if ui
                    .add_enabled(has_doc, item(ui, s.fit_page, &FIT))
                    .clicked()
                {
                    action = Some(Action::Fit);
                }
                if ui
                    .add_enabled(has_doc, item(ui, s.actual_size, &ACTUAL))
                    .clicked()
                {
                    action = Some(Action::Actual);
                }
                if ui
                    .add_enabled(has_doc, item(ui, s.zoom_in, &ZOOM_IN))
                    .clicked()
                {
                    action = Some(Action::Zoom(ZOOM_STEP));
                }
                if ui
                    .add_enabled(has_doc, item(ui, s.zoom_out, &ZOOM_OUT))
                    .clicked()
                {
                    action = Some(Action::Zoom(1.0 / ZOOM_STEP));
                }
                ui.separator();
                ui.checkbox(&mut self.view.show_frames, s.show_frames);
                ui.checkbox(&mut self.view.show_guides, s.show_guides);
                ui.checkbox(&mut self.view.show_threads, s.show_threads);
                ui.separator();
                if ui.button(s.switch_lang).clicked() {
                    self.lang = self.lang.other();
                }
            });
            ui.menu_button(s.menu_help, |ui| {
                if ui.add(item(ui, s.shortcuts, &HELP)).clicked() {
                    action = Some(Action::Help);
                }
            });
            ui.separator();
            // The tools, as a row of toggle buttons.
            for (t, name) in Tool::ALL.iter().zip(s.tools) {
                if ui.selectable_label(self.view.tool == *t, name).clicked() {
                    action = Some(Action::Tool(*t));
                }
            }
        });
        if let Some(a) = action {
            self.act(a);
        }
    }

    pub(super) fn page_list(&mut self, ui: &mut egui::Ui) {
        let s = self.strings();
        let Some(doc) = &self.doc else {
            return;
        };
        ui.heading(s.pages);
        let mut page_cmd: Option<PageCmd> = None;
        let cur = self.view.page;
        let n = doc.edition.pages.len();
        ui.horizontal_wrapped(|ui| {
            if ui.button(s.add_page).clicked() {
                page_cmd = Some(PageCmd::Add);
            }
            if ui
                .add_enabled(n > 1, egui::Button::new(s.delete_page))
                .clicked()
            {
                page_cmd = Some(PageCmd::Delete);
            }
            if ui.button(s.duplicate_page).clicked() {
                page_cmd = Some(PageCmd::Duplicate);
            }
            if ui
                .add_enabled(cur > 0, egui::Button::new(s.move_up))
                .clicked()
            {
                page_cmd = Some(PageCmd::Move(cur, cur - 1));
            }
            if ui
                .add_enabled(cur + 1 < n, egui::Button::new(s.move_down))
                .clicked()
            {
                page_cmd = Some(PageCmd::Move(cur, cur + 1));
            }
        });
        ui.horizontal(|ui| {
            let l = ui.label(s.apply_template);
            let current = doc
                .edition
                .pages
                .get(cur)
                .map(|p| p.template.clone())
                .unwrap_or_default();
            egui::ComboBox::from_id_salt("apply-template")
                .selected_text(&current)
                .show_ui(ui, |ui| {
                    for (name, t) in super::actions::layout_templates().0 {
                        if ui
                            .selectable_label(name == current, format!("{} ({name})", t.label))
                            .clicked()
                        {
                            page_cmd = Some(PageCmd::Template(name, Box::new(t)));
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        });
        ui.separator();
        let mut chosen = None;
        let mut dragged_to = None;
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (i, page) in doc.edition.pages.iter().enumerate().take(doc.page_count()) {
                let selected = i == self.view.page;
                let label = s.page_label(i + 1, &page.section);
                let r = ui.add(
                    egui::Button::selectable(selected, label).sense(egui::Sense::click_and_drag()),
                );
                // Drag a page onto another to move it there.
                if r.dragged() {
                    if let Some(p) = ui.ctx().pointer_interact_pos() {
                        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
                        self.page_drag = Some((i, p.y));
                    }
                }
                if let Some((from, y)) = self.page_drag {
                    if r.rect.y_range().contains(y)
                        && ui.input(|i| i.pointer.any_released())
                        && from != i
                    {
                        dragged_to = Some((from, i));
                    }
                }
                let tip = doc
                    .edition
                    .template_of(page)
                    .map_or(s.no_template, |t| t.label.as_str());
                if r.on_hover_text(tip).clicked() {
                    chosen = Some(i);
                }
            }
            let problems = &doc.composition.problems;
            if !problems.is_empty() {
                ui.add_space(12.0);
                ui.collapsing(s.problems(problems.len()), |ui| {
                    for p in problems {
                        let text = match p.page {
                            Some(n) => format!("[{}] {}", n + 1, p.message),
                            None => p.message.clone(),
                        };
                        ui.label(egui::RichText::new(text).small());
                    }
                });
            }
        });
        if ui.input(|i| i.pointer.any_released()) {
            self.page_drag = None;
        }
        if let Some(i) = chosen {
            let count = doc.page_count();
            self.view.set_page(i, count);
        }
        if let Some((from, to)) = dragged_to {
            page_cmd = Some(PageCmd::Move(from, to));
        }
        match page_cmd {
            Some(PageCmd::Add) => self.add_page(),
            Some(PageCmd::Delete) => self.delete_page(cur),
            Some(PageCmd::Duplicate) => {
                self.apply(Edit::DuplicatePage { at: cur });
                let count = self.doc.as_ref().map_or(0, |d| d.page_count());
                self.view.set_page(cur + 1, count);
            }
            Some(PageCmd::Move(from, to)) => {
                self.apply(Edit::MovePage { from, to });
                self.view.page = to;
            }
            Some(PageCmd::Template(name, t)) => self.apply(Edit::ApplyTemplate {
                at: cur,
                template: name,
                def: Some(*t),
            }),
            None => {}
        }
    }

    pub(super) fn status_bar(&mut self, ui: &mut egui::Ui) {
        let s = self.strings();
        ui.horizontal(|ui| {
            let Some(doc) = &self.doc else {
                ui.label(s.no_document);
                return;
            };
            ui.label(s.page_of(self.view.page + 1, doc.page_count()));
            ui.separator();
            ui.label(format!("{:.0} %", self.view.zoom_percent()));
            ui.separator();
            let pos = match self.hover.page_pt {
                Some(p) => format!(
                    "x {:.1} mm  y {:.1} mm",
                    pt_to_mm(p.x as f64),
                    pt_to_mm(p.y as f64)
                ),
                None => "x –  y –".to_string(),
            };
            ui.monospace(pos);
            ui.separator();
            let n = doc.composition.problems.len();
            let problems = s.problems(n);
            if n > 0 {
                ui.colored_label(ui.visuals().warn_fg_color, problems);
            } else {
                ui.label(problems);
            }
            ui.separator();
            ui.label(if doc.dirty { s.unsaved } else { s.saved });
            if let Some((frame, slug)) = &self.hover.frame {
                ui.separator();
                ui.label(s.frame_story(frame, slug));
            }
            let fit = self.view.selected.as_ref().and_then(|id| {
                let (p, f) = doc.edition.find_frame(id)?;
                let story = doc.edition.pages[p].frames[f].story_id()?;
                let st = doc.edition.story(story)?;
                Some((st.slug.clone(), doc.composition.stories.get(story)?.clone()))
            });
            if let Some((slug, fit)) = fit {
                ui.separator();
                ui.label(format!(
                    "{} {slug}: {}",
                    s.selected_story,
                    super::story_panel::fit_text(s, &fit)
                ));
            }
            if self.view.linking.is_some() {
                ui.separator();
                ui.colored_label(ui.visuals().warn_fg_color, s.linking_hint);
            } else if self.place_gun.is_some() {
                ui.separator();
                ui.colored_label(ui.visuals().warn_fg_color, s.place_hint);
            }
        });
    }
}

/// A page command from the pages panel.
enum PageCmd {
    Add,
    Delete,
    Duplicate,
    Move(usize, usize),
    Template(String, Box<crate::model::Template>),
}

/// A menu item with its keyboard shortcut shown on the right.
fn item<'a>(ui: &egui::Ui, text: &'a str, sc: &KeyboardShortcut) -> egui::Button<'a> {
    egui::Button::new(text).shortcut_text(ui.ctx().format_shortcut(sc))
}
