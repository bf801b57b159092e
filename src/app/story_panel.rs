//! The story panel on the right: when a text frame is selected, its story's paragraphs
//! with their roles, each in a text box. An edit is committed as an
//! [`Edit::EditParagraph`] when the box loses focus or on “应用”; the copyfit of the
//! story (超 N 字 / 差 N 行 / 合适) is shown live from the composition.

use super::commands::Edit;
use super::strings::{Lang, Strings};
use super::HuabanApp;
use crate::compose::StoryFit;
use crate::model::{Edition, FrameKind};

/// Text being edited: a copy of the story's paragraphs, refreshed when the story or the
/// document changes.
#[derive(Debug, Default)]
pub struct StoryPanel {
    story: String,
    revision: u64,
    texts: Vec<String>,
}

impl StoryPanel {
    /// Edits for the paragraphs whose text differs from the edition's.
    fn pending(&self, ed: &Edition) -> Vec<Edit> {
        let Some(s) = ed.story(&self.story) else {
            return Vec::new();
        };
        s.paragraphs
            .iter()
            .zip(&self.texts)
            .enumerate()
            .filter(|(_, (p, t))| &p.text != *t)
            .map(|(index, (_, t))| Edit::EditParagraph {
                story: self.story.clone(),
                index,
                text: t.clone(),
            })
            .collect()
    }

    fn load(&mut self, ed: &Edition, story: &str, revision: u64) {
        self.story = story.to_string();
        self.revision = revision;
        self.texts = ed
            .story(story)
            .map(|s| s.paragraphs.iter().map(|p| p.text.clone()).collect())
            .unwrap_or_default();
    }
}

/// “超 N 字”, “差 N 行” or “合适”.
pub fn fit_text(s: &Strings, fit: &StoryFit) -> String {
    if fit.overset_chars > 0 {
        s.overset(fit.overset_chars)
    } else if fit.short_lines > 0 {
        s.short(fit.short_lines)
    } else {
        s.fits.to_string()
    }
}

impl HuabanApp {
    /// Shows the panel if a text frame is selected.
    pub(super) fn story_panel(&mut self, ui: &mut egui::Ui) {
        let Some(doc) = &self.doc else {
            return;
        };
        let ed = &doc.edition;
        let Some(frame_id) = self.view.selected.clone() else {
            return;
        };
        let Some((pi, fi)) = ed.find_frame(&frame_id) else {
            return;
        };
        let FrameKind::Text { story, columns, .. } = &ed.pages[pi].frames[fi].kind else {
            return;
        };
        let (story_id, columns) = (story.clone(), *columns);
        let mut edits = Vec::new();
        let panel = &mut self.story_panel;
        if panel.story != story_id {
            edits.extend(panel.pending(ed));
            panel.load(ed, &story_id, doc.revision);
        } else if panel.revision != doc.revision {
            panel.load(ed, &story_id, doc.revision);
        }
        let Some(story) = ed.story(&story_id) else {
            return;
        };
        let s = self.lang.strings();
        let fit = doc.composition.stories.get(&story_id).cloned();
        let in_thread = story.thread.len() > 1 && story.thread.contains(&frame_id);
        egui::Panel::right("story")
            .default_size(300.0)
            .show(ui, |ui| {
                ui.heading(format!("{} · {}", s.story, story.slug));
                if let Some(fit) = &fit {
                    let text = fit_text(s, fit);
                    if fit.overset_chars > 0 {
                        ui.colored_label(ui.visuals().warn_fg_color, text);
                    } else {
                        ui.label(text);
                    }
                }
                ui.horizontal(|ui| {
                    ui.label(s.frame_story(&frame_id, ""));
                    ui.separator();
                    ui.label(format!("{} {columns}", s.columns));
                    if ui.small_button("−").clicked() && columns > 1 {
                        edits.push(Edit::SetFrameColumns {
                            frame: frame_id.clone(),
                            columns: columns - 1,
                        });
                    }
                    if ui.small_button("+").clicked() {
                        edits.push(Edit::SetFrameColumns {
                            frame: frame_id.clone(),
                            columns: columns + 1,
                        });
                    }
                    if in_thread && ui.small_button(s.unlink).clicked() {
                        edits.push(Edit::UnlinkFrame {
                            frame: frame_id.clone(),
                        });
                    }
                });
                if !story.headline.is_empty() {
                    ui.label(format!("{}：{}", s.headline_role, story.headline));
                }
                ui.separator();
                let mut commit = false;
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for (p, text) in story.paragraphs.iter().zip(panel.texts.iter_mut()) {
                        let role = match self.lang {
                            Lang::Zh => p.role.label_zh(),
                            Lang::En => p.role.key(),
                        };
                        let label = ui.label(egui::RichText::new(role).small().strong());
                        let r = ui
                            .add(
                                egui::TextEdit::multiline(text)
                                    .desired_width(f32::INFINITY)
                                    .desired_rows(2),
                            )
                            .labelled_by(label.id);
                        commit |= r.lost_focus();
                    }
                    ui.add_space(6.0);
                    commit |= ui.button(s.apply).clicked();
                });
                if commit {
                    edits.extend(panel.pending(ed));
                }
            });
        for e in edits {
            self.apply(e);
        }
    }
}
