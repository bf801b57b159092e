//! Questions asked in the window: recover an autosave, save unsaved changes before the
//! window closes or another file is opened.

use super::{autosave, HuabanApp, Notice};
use std::path::PathBuf;

/// What to do once the unsaved-changes question is answered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Then {
    Close,
    Open,
    New,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// A recovery file newer than the document was found.
    Recover(PathBuf),
    /// The document has unsaved changes.
    Unsaved(Then),
    /// A deletion that loses content: the edit and the question.
    ConfirmDelete(Box<super::commands::Edit>, String),
    /// File → New: choose a template from `layouts/`.
    New { template: String },
}

/// The buttons of the dialogs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Answer {
    Recover,
    Discard,
    Save,
    DontSave,
    Cancel,
    Delete,
    Create,
}

impl HuabanApp {
    /// Keeps the window open and asks when closing with unsaved changes.
    pub(super) fn handle_close(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.close_confirmed {
            return;
        }
        if self.doc.as_ref().is_some_and(|d| d.dirty) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(Then::Close));
        }
    }

    /// File → New: asks first if there are unsaved changes, then for the template.
    pub fn request_new(&mut self) {
        if self.doc.as_ref().is_some_and(|d| d.dirty) {
            self.dialog = Some(Dialog::Unsaved(Then::New));
        } else {
            self.dialog = Some(Dialog::New {
                template: "broadsheet".into(),
            });
        }
    }

    /// File → Open: asks first if there are unsaved changes.
    pub(super) fn request_open(&mut self) {
        if self.doc.as_ref().is_some_and(|d| d.dirty) {
            self.dialog = Some(Dialog::Unsaved(Then::Open));
        } else {
            self.open_dialog();
        }
    }

    /// Answers the open dialog (also used by tests).
    pub fn answer(&mut self, ctx: &egui::Context, answer: Answer) {
        let Some(dialog) = self.dialog.take() else {
            return;
        };
        match (dialog, answer) {
            (Dialog::Recover(_), Answer::Recover) => {
                if let Some(doc) = &mut self.doc {
                    if let Err(e) = doc.recover(&self.fonts) {
                        self.notice = Some(Notice::OpenFailed(e));
                    }
                }
            }
            (Dialog::Recover(p), _) => {
                let _ = std::fs::remove_file(p);
            }
            (Dialog::Unsaved(_), Answer::Cancel) => {}
            (Dialog::ConfirmDelete(edit, _), Answer::Delete) => {
                self.apply(*edit);
                self.view.selected = None;
            }
            (Dialog::ConfirmDelete(..), _) => {}
            (Dialog::New { template }, Answer::Create) => self.new_edition(&template),
            (Dialog::New { .. }, _) => {}
            (Dialog::Unsaved(then), a) => {
                if a == Answer::Save {
                    self.save();
                    if self.doc.as_ref().is_some_and(|d| d.dirty) {
                        return; // the save failed; its notice says why
                    }
                } else if let Some(doc) = &self.doc {
                    autosave::remove(&doc.path);
                }
                match then {
                    Then::Close => {
                        self.close_confirmed = true;
                        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                    Then::Open => self.open_dialog(),
                    Then::New => {
                        self.dialog = Some(Dialog::New {
                            template: "broadsheet".into(),
                        })
                    }
                }
            }
        }
    }

    pub(super) fn show_dialog(&mut self, ctx: &egui::Context) {
        let s = self.strings();
        if let Some(Dialog::New { template }) = &mut self.dialog {
            let mut chosen = None;
            egui::Modal::new(egui::Id::unique("huaban-new")).show(ctx, |ui| {
                ui.heading(s.new_title);
                ui.label(s.template);
                let (list, bad) = super::actions::layout_templates();
                for (name, t) in &list {
                    ui.radio_value(template, name.clone(), format!("{} — {}", t.label, name));
                }
                for b in bad {
                    ui.colored_label(ui.visuals().error_fg_color, b);
                }
                ui.horizontal(|ui| {
                    if ui.button(s.create).clicked() {
                        chosen = Some(Answer::Create);
                    }
                    if ui.button(s.cancel).clicked() {
                        chosen = Some(Answer::Cancel);
                    }
                });
            });
            if let Some(a) = chosen {
                self.answer(ctx, a);
            }
            return;
        }
        let Some(dialog) = &self.dialog else {
            return;
        };
        let (title, text, buttons): (_, _, &[(&str, Answer)]) = match dialog {
            Dialog::ConfirmDelete(_, q) => (
                s.confirm_delete,
                q.clone(),
                &[(s.delete, Answer::Delete), (s.cancel, Answer::Cancel)],
            ),
            Dialog::New { .. } => return,
            Dialog::Recover(p) => (
                s.recover_title,
                s.recover_text(&p.display().to_string()),
                &[(s.recover, Answer::Recover), (s.discard, Answer::Discard)],
            ),
            Dialog::Unsaved(_) => (
                s.unsaved_title,
                s.unsaved_text.to_string(),
                &[
                    (s.save, Answer::Save),
                    (s.dont_save, Answer::DontSave),
                    (s.cancel, Answer::Cancel),
                ],
            ),
        };
        let mut chosen = None;
        egui::Modal::new(egui::Id::unique("huaban-dialog")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading(title);
            ui.label(text);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                for (label, a) in buttons {
                    if ui.button(*label).clicked() {
                        chosen = Some(*a);
                    }
                }
            });
        });
        if let Some(a) = chosen {
            self.answer(ctx, a);
        }
    }
}
