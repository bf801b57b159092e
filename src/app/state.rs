//! Editor state, kept apart from the widgets so it can be tested without a display.
//!
//! [`Document`] is the document: the edition, where it lives, whether it has unsaved
//! changes, and its composition. [`View`] is how it is looked at: page, zoom, pan. The UI
//! reads the document and changes the view; changes to the edition go only through
//! [`Document::apply`] with an [`Edit`] (validated, undoable), never through the widgets.

use super::commands::{Edit, History};
use crate::compose::Composition;
use crate::fonts::FontSet;
use crate::model::{self, Edition, FrameKind, Template};
use egui::{Pos2, Rect, Vec2};
use std::path::{Path, PathBuf};

/// Screen pixels (logical) per point at 100 %: a point is 1/72 in, a logical pixel 1/96 in.
pub const ZOOM_100: f32 = 96.0 / 72.0;
pub const ZOOM_MIN: f32 = 0.05;
pub const ZOOM_MAX: f32 = 32.0;
/// Space kept around the page when fitting it into the canvas, in logical pixels.
pub const FIT_MARGIN: f32 = 16.0;

/// An open edition.
pub struct Document {
    pub edition: Edition,
    /// Where it was loaded from or last saved to.
    pub path: PathBuf,
    /// Changed since load or the last save.
    pub dirty: bool,
    pub composition: Composition,
    /// Goes up on every change of the edition or composition; caches key on it.
    pub revision: u64,
    /// Edits done so far, for undo and redo.
    pub history: History,
    /// The revision last written to the recovery file.
    pub autosaved_revision: u64,
    /// Made with File → New and never saved: Save asks where to.
    pub untitled: bool,
    /// Shaped paragraphs kept between compositions: after an edit only the edited
    /// paragraph is shaped and broken again (0.6 ms instead of 3 ms a page).
    cache: crate::compose::ComposeCache,
}

impl Document {
    /// Loads and composes a layout file. The error is a message naming the file.
    pub fn load(path: &Path, fonts: &FontSet) -> Result<Document, String> {
        let (edition, composition) = crate::cli::load_and_compose(path, fonts)?;
        Ok(Document {
            edition,
            path: path.to_owned(),
            dirty: false,
            composition,
            revision: next_revision(),
            history: History::default(),
            autosaved_revision: 0,
            untitled: false,
            cache: Default::default(),
        })
    }

    /// A new edition with one empty page of `template` (named `name`), not yet saved.
    /// Its provisional path is in the temporary folder (autosave goes there until the
    /// first Save As).
    pub fn new_edition(
        name: &str,
        template: &Template,
        paper: &str,
        date: &str,
        fonts: &FontSet,
    ) -> Result<Document, String> {
        let edition = Edition {
            format: model::FORMAT_VERSION,
            meta: model::EditionMeta {
                paper: paper.to_string(),
                date: date.to_string(),
                issue: None,
                serial: None,
                codes: Vec::new(),
                credits: Vec::new(),
            },
            settings: model::Settings::default(),
            templates: std::collections::BTreeMap::from([(name.to_string(), template.clone())]),
            styles: Default::default(),
            stories: Vec::new(),
            pages: vec![model::Page {
                id: "p1".into(),
                template: name.to_string(),
                section: String::new(),
                folio: false,
                frames: Vec::new(),
            }],
        };
        model::validate(&edition)?;
        let dir = std::env::temp_dir().join(format!("huaban-untitled-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(format!("{date}.huaban"));
        let composition = crate::compose::compose(&edition, fonts, &dir)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Document {
            edition,
            path,
            dirty: true,
            composition,
            revision: next_revision(),
            history: History::default(),
            autosaved_revision: 0,
            untitled: true,
            cache: Default::default(),
        })
    }

    /// The folder relative image paths are resolved against.
    pub fn base_dir(&self) -> PathBuf {
        self.path.parent().unwrap_or(Path::new(".")).to_path_buf()
    }

    /// Applies an edit (the only way the editor changes the edition): marks the document
    /// changed and recomposes. A refused edit leaves everything as it was.
    pub fn apply(&mut self, edit: Edit, fonts: &FontSet) -> Result<(), String> {
        self.history.apply(&mut self.edition, edit)?;
        self.changed(fonts)
    }

    /// Undoes the last edit; false if there was none.
    pub fn undo(&mut self, fonts: &FontSet) -> Result<bool, String> {
        let done = self.history.undo(&mut self.edition)?;
        if done {
            self.changed(fonts)?;
        }
        Ok(done)
    }

    /// Redoes the last undone edit; false if there was none.
    pub fn redo(&mut self, fonts: &FontSet) -> Result<bool, String> {
        let done = self.history.redo(&mut self.edition)?;
        if done {
            self.changed(fonts)?;
        }
        Ok(done)
    }

    fn changed(&mut self, fonts: &FontSet) -> Result<(), String> {
        self.dirty = true;
        self.revision = next_revision();
        let base = self.path.parent().unwrap_or(Path::new("."));
        self.composition =
            crate::compose::compose_with_cache(&self.edition, fonts, base, &mut self.cache)
                .map_err(|e| format!("{}: {e}", self.path.display()))?;
        Ok(())
    }

    /// The recovery file next to the document: `<file>.autosave`.
    pub fn recovery_path(&self) -> PathBuf {
        super::autosave::recovery_path(&self.path)
    }

    /// Writes the edition to the recovery file if it changed since the last time.
    pub fn autosave(&mut self) -> Result<bool, String> {
        if !self.dirty || self.autosaved_revision == self.revision {
            return Ok(false);
        }
        super::autosave::write(&self.edition, &self.recovery_path())?;
        self.autosaved_revision = self.revision;
        Ok(true)
    }

    /// Replaces the edition with the one in the recovery file (as an unsaved change).
    pub fn recover(&mut self, fonts: &FontSet) -> Result<(), String> {
        let ed = model::load(&self.recovery_path()).map_err(|e| e.to_string())?;
        self.edition = ed;
        self.history = History::default();
        self.changed(fonts)
    }

    /// Saves to the document's path (atomically, keeping a `.bak`).
    pub fn save(&mut self) -> Result<(), String> {
        let path = self.path.clone();
        self.save_as(&path)
    }

    /// Saves to `path`, which becomes the document's path.
    pub fn save_as(&mut self, path: &Path) -> Result<(), String> {
        model::save(&self.edition, path).map_err(|e| e.to_string())?;
        let old = std::mem::replace(&mut self.path, path.to_owned());
        super::autosave::remove(&old);
        super::autosave::remove(path);
        self.dirty = false;
        self.untitled = false;
        Ok(())
    }

    pub fn page_count(&self) -> usize {
        self.composition.pages.len().min(self.edition.pages.len())
    }

    /// The file name for the window title.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Page size in points, if the page exists.
    pub fn page_size(&self, page: usize) -> Option<Vec2> {
        let p = self.composition.pages.get(page)?;
        Some(Vec2::new(p.width as f32, p.height as f32))
    }

    /// The front-most frame of `page` containing the point (in points): its id and, for a
    /// text frame, the slug of its story (else an empty string).
    pub fn frame_at(&self, page: usize, pt: Pos2) -> Option<(String, String)> {
        let cp = self.composition.pages.get(page)?;
        let (id, _) = cp
            .frames
            .iter()
            .rev()
            .find(|(_, r)| r.contains(pt.x as f64, pt.y as f64))?;
        let slug = self
            .edition
            .pages
            .get(page)
            .and_then(|p| p.frames.iter().find(|f| &f.id == id))
            .and_then(|f| match &f.kind {
                FrameKind::Text { story, .. } => self.edition.story(story),
                _ => None,
            })
            .map(|s| s.slug.clone())
            .unwrap_or_default();
        Some((id.clone(), slug))
    }
}

fn next_revision() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static REV: AtomicU64 = AtomicU64::new(1);
    REV.fetch_add(1, Ordering::Relaxed)
}

/// How the document is looked at. `zoom` is logical pixels per point; `pan` is where the
/// page's top-left corner sits relative to the canvas's top-left corner, in logical pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub page: usize,
    pub zoom: f32,
    pub pan: Vec2,
    /// Fit the page on the next frame (after opening or switching pages).
    pub fit_pending: bool,
    /// Canvas size, zoom and pan right after the last fit: while the user has not zoomed
    /// or panned since, a canvas that changes size (a side panel opened or closed, the
    /// window resized) fits the page again.
    pub fitted: Option<(Vec2, f32, Vec2)>,
    pub show_frames: bool,
    pub show_guides: bool,
    /// The selected frame's id.
    pub selected: Option<String>,
    /// What a drag on the page does.
    pub tool: Tool,
    /// Linking: the text frame whose out-port was clicked; the next click on a text
    /// frame threads it after this one.
    pub linking: Option<String>,
    /// Draw the threads between text frames as arrows.
    pub show_threads: bool,
}

/// The canvas tools (as in InDesign: V select, T text frame, F image frame, \ rule, M box).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tool {
    #[default]
    Select,
    Text,
    Image,
    Rule,
    Box,
}

impl Tool {
    pub const ALL: [Tool; 5] = [Tool::Select, Tool::Text, Tool::Image, Tool::Rule, Tool::Box];
}

impl Default for View {
    fn default() -> Self {
        View {
            page: 0,
            zoom: 1.0,
            pan: Vec2::ZERO,
            fit_pending: true,
            fitted: None,
            show_frames: true,
            show_guides: true,
            selected: None,
            tool: Tool::Select,
            linking: None,
            show_threads: false,
        }
    }
}

impl View {
    /// Page point (pt) → screen position, for a canvas whose top-left corner is `origin`.
    pub fn page_to_screen(&self, origin: Pos2, pt: Pos2) -> Pos2 {
        origin + self.pan + pt.to_vec2() * self.zoom
    }

    /// Screen position → page point (pt); the inverse of [`View::page_to_screen`].
    pub fn screen_to_page(&self, origin: Pos2, pos: Pos2) -> Pos2 {
        ((pos - origin - self.pan) / self.zoom).to_pos2()
    }

    /// The page rectangle `r` (pt) on screen.
    pub fn rect_to_screen(&self, origin: Pos2, r: Rect) -> Rect {
        Rect::from_min_max(
            self.page_to_screen(origin, r.min),
            self.page_to_screen(origin, r.max),
        )
    }

    /// Zooms so the whole page (pt) fits `canvas` with [`FIT_MARGIN`] around it, centred.
    pub fn fit(&mut self, page: Vec2, canvas: Vec2) {
        self.zoom = fit_zoom(page, canvas);
        self.center(page, canvas);
        self.fit_pending = false;
        self.fitted = Some((canvas, self.zoom, self.pan));
    }

    /// Whether the page should be fitted again to a canvas of size `canvas`: it was
    /// fitted, the user has not zoomed or panned since, and the canvas changed size.
    pub fn needs_refit(&self, canvas: Vec2) -> bool {
        match self.fitted {
            Some((c, z, p)) => {
                z == self.zoom && p == self.pan && (c - canvas).abs().max_elem() > 0.5
            }
            None => false,
        }
    }

    /// Centres the page in the canvas at the current zoom.
    pub fn center(&mut self, page: Vec2, canvas: Vec2) {
        self.pan = (canvas - page * self.zoom) * 0.5;
    }

    /// Sets the zoom (clamped to [`ZOOM_MIN`]..=[`ZOOM_MAX`]) keeping the page point under
    /// the screen position `anchor` where it is.
    pub fn zoom_to(&mut self, zoom: f32, origin: Pos2, anchor: Pos2) {
        let zoom = zoom.clamp(ZOOM_MIN, ZOOM_MAX);
        let pt = self.screen_to_page(origin, anchor);
        self.zoom = zoom;
        self.pan = anchor - origin - pt.to_vec2() * zoom;
    }

    /// Switches to page `page` if it exists among `count` pages; returns whether it changed.
    pub fn set_page(&mut self, page: usize, count: usize) -> bool {
        if page >= count || page == self.page {
            return false;
        }
        self.page = page;
        self.fit_pending = true;
        true
    }

    pub fn next_page(&mut self, count: usize) -> bool {
        self.set_page(self.page.saturating_add(1), count)
    }

    pub fn prev_page(&mut self, count: usize) -> bool {
        match self.page.checked_sub(1) {
            Some(p) => self.set_page(p, count),
            None => false,
        }
    }

    /// Puts the view back on a valid page after the document changed (e.g. a new file).
    pub fn reset_for(&mut self, count: usize) {
        if self.page >= count {
            self.page = count.saturating_sub(1);
        }
        self.fit_pending = true;
    }

    /// Zoom in percent as shown to the user (100 % = actual size).
    pub fn zoom_percent(&self) -> f32 {
        self.zoom / ZOOM_100 * 100.0
    }
}

/// The zoom (logical pixels per point) at which `page` fits into `canvas` with
/// [`FIT_MARGIN`] on every side.
pub fn fit_zoom(page: Vec2, canvas: Vec2) -> f32 {
    if page.x <= 0.0 || page.y <= 0.0 {
        return 1.0;
    }
    let avail = (canvas - Vec2::splat(2.0 * FIT_MARGIN)).max(Vec2::splat(1.0));
    (avail.x / page.x)
        .min(avail.y / page.y)
        .clamp(ZOOM_MIN, ZOOM_MAX)
}

#[cfg(test)]
mod refit_tests {
    use super::*;

    #[test]
    fn a_fitted_page_refits_when_the_canvas_changes_until_the_user_zooms() {
        let page = Vec2::new(992.0, 1417.0);
        let mut v = View::default();
        v.fit(page, Vec2::new(1200.0, 800.0));
        assert!(!v.needs_refit(Vec2::new(1200.0, 800.0)));
        // A side panel opens: the canvas narrows, the page must fit again.
        assert!(v.needs_refit(Vec2::new(700.0, 800.0)));
        v.fit(page, Vec2::new(700.0, 800.0));
        assert!(v.zoom * page.x <= 700.0 && v.pan.x >= 0.0);
        // The user zooms: their zoom is kept whatever the canvas does.
        v.zoom *= 2.0;
        assert!(!v.needs_refit(Vec2::new(1200.0, 800.0)));
    }
}
