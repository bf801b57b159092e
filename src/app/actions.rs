//! What the editor does for the user beyond single edits: a new edition, importing
//! stories and images (by button or by dropping files on the window), creating the frame
//! the user drew, deleting with a question where content would be lost, page commands.

use super::commands::Edit;
use super::edits::{fresh_frame_id, fresh_story_id};
use super::gestures::Drawn;
use super::state::{Document, Tool};
use super::{dialogs::Dialog, HuabanApp, Notice};
use crate::model::{
    Color, Fit, Focus, Frame, FrameKind, Paragraph, Role, Story, TextContent, Wrap,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Extensions imported as stories.
pub const STORY_EXTS: [&str; 3] = ["txt", "md", "text"];
/// Extensions placed as images.
pub const IMAGE_EXTS: [&str; 4] = ["jpg", "jpeg", "png", "tif"];

fn ext_of(p: &Path) -> String {
    p.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The templates in `layouts/`: (name, template), sorted by name. Unreadable files are
/// reported in the error list.
pub fn layout_templates() -> (Vec<(String, crate::model::Template)>, Vec<String>) {
    let dir = crate::cli::layouts_dir();
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    let Ok(rd) = std::fs::read_dir(&dir) else {
        bad.push(format!("{}: cannot read the folder", dir.display()));
        return (ok, bad);
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| Some(e.ok()?.path())).collect();
    paths.sort();
    for p in paths.into_iter().filter(|p| ext_of(p) == "json") {
        let name = p
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match crate::model::Template::load(&p) {
            Ok(t) => ok.push((name, t)),
            Err(e) => bad.push(e.to_string()),
        }
    }
    (ok, bad)
}

/// Reads a text file into a story: the first line is the headline, the rest body
/// paragraphs (全半角 punctuation and split paragraphs repaired by [`crate::import`]).
/// A Markdown `# ` before the headline is dropped.
pub fn story_from_file(path: &Path, id: &str) -> Result<Story, String> {
    let raw = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let text = String::from_utf8(raw).map_err(|e| {
        format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = crate::import::normalize_newlines(&text);
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let headline = lines
        .next()
        .unwrap_or("")
        .trim()
        .trim_start_matches('#')
        .trim()
        .to_string();
    let rest: Vec<&str> = lines.collect();
    let opts = crate::import::ImportOptions::default();
    let mut paragraphs = crate::import::paragraphs(&rest.join("\n"), Role::Body, &opts);
    for p in &mut paragraphs {
        // Markdown subheads become 小标题.
        if let Some(t) = p.text.strip_prefix("## ") {
            *p = Paragraph::new(Role::Subhead, t.trim());
        }
    }
    if headline.is_empty() && paragraphs.is_empty() {
        return Err(format!("{}: the file has no text", path.display()));
    }
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| id.to_string());
    Ok(Story {
        id: id.to_string(),
        slug,
        kicker: None,
        headline: crate::import::fullwidth_punct(&headline),
        subheadline: None,
        jump_headline: None,
        byline: None,
        paragraphs,
        thread: Vec::new(),
    })
}

impl HuabanApp {
    /// File → New: a new edition with one page of the `layouts/` template `name`.
    pub fn new_edition(&mut self, name: &str) {
        let (templates, _) = layout_templates();
        let Some((_, t)) = templates.iter().find(|(n, _)| n == name) else {
            self.notice = Some(Notice::OpenFailed(format!(
                "template “{name}” is not in {}",
                crate::cli::layouts_dir().display()
            )));
            return;
        };
        let date = today();
        match Document::new_edition(name, t, self.strings().default_paper, &date, &self.fonts) {
            Ok(doc) => {
                self.doc = Some(doc);
                self.view.page = 0;
                self.view.reset_for(1);
                self.view.selected = None;
                self.view.linking = None;
                self.notice = None;
            }
            Err(e) => self.notice = Some(Notice::OpenFailed(e)),
        }
    }

    /// Imports a text file as a story. If a text frame is selected, the story flows into
    /// it (and its thread); otherwise it waits in the story list.
    pub fn import_story(&mut self, path: &Path) {
        let Some(doc) = &self.doc else { return };
        let id = fresh_story_id(&doc.edition, "s");
        let story = match story_from_file(path, &id) {
            Ok(s) => s,
            Err(e) => {
                self.notice = Some(Notice::EditRefused(e));
                return;
            }
        };
        self.apply(Edit::AddStory(story));
        if let Some(frame) = self.selected_text_frame() {
            self.apply(Edit::LinkFrames { story: id, frame });
        }
    }

    /// The selected frame if it is a text frame.
    pub fn selected_text_frame(&self) -> Option<String> {
        let doc = self.doc.as_ref()?;
        let id = self.view.selected.as_ref()?;
        let (p, f) = doc.edition.find_frame(id)?;
        doc.edition.pages[p].frames[f].story_id()?;
        Some(id.clone())
    }

    /// An image chosen by button or dropped: relinks the selected image frame, or loads
    /// the “place gun” so the next drag (or click) with the image tool places it.
    pub fn place_image(&mut self, path: &Path) {
        let Some(doc) = &self.doc else { return };
        let src = image_src(doc, path);
        if let Some((frame, kind)) = self.view.selected.as_ref().and_then(|id| {
            let (p, f) = doc.edition.find_frame(id)?;
            let f = &doc.edition.pages[p].frames[f];
            matches!(f.kind, FrameKind::Image { .. }).then(|| (f.id.clone(), f.kind.clone()))
        }) {
            if let FrameKind::Image {
                fit,
                focus,
                caption,
                credit,
                wrap,
                ..
            } = kind
            {
                self.apply(Edit::SetFrameKind {
                    frame,
                    kind: FrameKind::Image {
                        src,
                        fit,
                        focus,
                        caption,
                        credit,
                        wrap,
                    },
                });
            }
            return;
        }
        self.place_gun = Some(path.to_path_buf());
        self.view.tool = Tool::Image;
    }

    /// Files dropped on the window: stories and images.
    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        let files: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for p in files {
            let ext = ext_of(&p);
            if STORY_EXTS.contains(&ext.as_str()) {
                self.import_story(&p);
            } else if IMAGE_EXTS.contains(&ext.as_str()) {
                self.place_image(&p);
            } else {
                self.notice = Some(Notice::EditRefused(
                    self.strings().cannot_import(&p.display().to_string()),
                ));
            }
        }
    }

    /// Creates the frame the user drew with a frame tool and selects it.
    pub(super) fn create_drawn(&mut self, d: Drawn) {
        let Some(doc) = &self.doc else { return };
        let ed = &doc.edition;
        let [x, y, w, h] = d.rect_mm;
        let (prefix, kind) = match d.tool {
            Tool::Select => return,
            Tool::Text => {
                // As many columns as the frame spans of the page's grid.
                let columns = ed
                    .pages
                    .get(d.page)
                    .and_then(|p| ed.template_of(p))
                    .map_or(1, |t| {
                        ((w + t.gutter) / (t.column_w() + t.gutter))
                            .round()
                            .max(1.0) as u32
                    });
                (
                    "t",
                    FrameKind::Text {
                        story: String::new(),
                        content: TextContent::Story,
                        columns,
                        gutter: None,
                        styles: BTreeMap::new(),
                        inset: 0.0,
                        vertical: false,
                    },
                )
            }
            Tool::Image => {
                let path = match self.place_gun.take() {
                    Some(p) => Some(p),
                    None => self.pick_image_file(),
                };
                let Some(path) = path else { return };
                (
                    "img",
                    FrameKind::Image {
                        src: image_src(doc, &path),
                        fit: Fit::Fill,
                        focus: Focus::default(),
                        caption: None,
                        credit: None,
                        wrap: Wrap::on(),
                    },
                )
            }
            Tool::Rule => (
                "r",
                FrameKind::Rule {
                    weight_pt: 0.5,
                    color: Color::BLACK,
                    wrap: Wrap::off(),
                },
            ),
            Tool::Box => (
                "b",
                FrameKind::Box {
                    stroke_pt: 0.5,
                    color: Color::BLACK,
                    fill: None,
                    wrap: Wrap::on(),
                },
            ),
        };
        let id = fresh_frame_id(ed, prefix);
        let frame = Frame {
            id: id.clone(),
            x,
            y,
            w,
            h,
            kind,
        };
        let before = doc.revision;
        self.apply(Edit::AddFrame {
            page: d.page,
            frame,
        });
        if self.doc.as_ref().is_some_and(|d| d.revision != before) {
            self.view.selected = Some(id);
        }
    }

    /// Delete: deletes the selected frame; asks first only if content would be lost
    /// (a label's text, or a story that is shown nowhere else and has text stays in the
    /// story list, so text frames go without asking).
    pub fn delete_selected(&mut self) {
        let Some(doc) = &self.doc else { return };
        let Some(id) = self.view.selected.clone() else {
            return;
        };
        let Some((p, f)) = doc.edition.find_frame(&id) else {
            return;
        };
        let edit = Edit::DeleteFrame { frame: id.clone() };
        match &doc.edition.pages[p].frames[f].kind {
            FrameKind::Label { text, .. } if !text.trim().is_empty() => {
                self.dialog = Some(Dialog::ConfirmDelete(
                    Box::new(edit),
                    self.strings().delete_label_text(&id),
                ));
            }
            _ => {
                self.apply(edit);
                self.view.selected = None;
            }
        }
    }

    /// Deletes page `at`; asks first if it has frames.
    pub fn delete_page(&mut self, at: usize) {
        let Some(doc) = &self.doc else { return };
        let n = doc.edition.pages.get(at).map_or(0, |p| p.frames.len());
        let edit = Edit::DeletePage { at };
        if n > 0 {
            self.dialog = Some(Dialog::ConfirmDelete(
                Box::new(edit),
                self.strings().delete_page_text(at + 1, n),
            ));
        } else {
            self.apply(edit);
        }
    }

    /// Adds an empty page after the current one, with the current page's template.
    pub fn add_page(&mut self) {
        let Some(doc) = &self.doc else { return };
        let at = (self.view.page + 1).min(doc.edition.pages.len());
        let template = doc
            .edition
            .pages
            .get(self.view.page)
            .map(|p| p.template.clone())
            .or_else(|| doc.edition.templates.keys().next().cloned())
            .unwrap_or_default();
        let before = doc.revision;
        self.apply(Edit::AddPage {
            at,
            template,
            def: None,
        });
        if let Some(doc) = self.doc.as_ref().filter(|d| d.revision != before) {
            self.view.set_page(at, doc.page_count());
        }
    }

    fn pick_image_file(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter(self.strings().image_filter, &IMAGE_EXTS)
            .pick_file()
    }

    pub(super) fn import_story_dialog(&mut self) {
        if let Some(p) = rfd::FileDialog::new()
            .add_filter(self.strings().text_filter, &STORY_EXTS)
            .pick_file()
        {
            self.import_story(&p);
        }
    }

    pub(super) fn place_image_dialog(&mut self) {
        if let Some(p) = self.pick_image_file() {
            self.place_image(&p);
        }
    }
}

/// The path stored in an image frame: relative to the document's folder when the image
/// is inside it, else absolute.
fn image_src(doc: &Document, path: &Path) -> String {
    let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    if !doc.untitled {
        let base = std::fs::canonicalize(doc.base_dir()).unwrap_or(doc.base_dir());
        if let Ok(rel) = abs.strip_prefix(&base) {
            return rel.to_string_lossy().into_owned();
        }
    }
    abs.to_string_lossy().into_owned()
}

/// Today's date as `YYYY-MM-DD` (UTC).
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
