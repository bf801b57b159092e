//! Composition: model + fonts → lines of positioned glyphs per frame, per page.
//!
//! Pure with respect to output: no UI, no PDF. It reads image headers (for photo
//! cropping) relative to the layout file's folder. The result converts to the display
//! list ([`Composition::display_page`]) that every backend draws.

mod breaker;
mod cache;
mod chars;
mod check;
mod flow;
mod furniture;
mod justify;
mod paragraph;
mod styles;
mod vertical;

pub use breaker::{avoid_orphan, greedy_break, is_hangable, is_orphan, next_break, Break};
pub use cache::ComposeCache;
pub use chars::{is_cjk, is_closing, is_han, is_opening, is_pause, no_line_end, no_line_start};
pub use furniture::{date_zh, fill_pattern, place_image, source_crop};
pub use justify::{fit_line, set_line, LineFit};
pub use paragraph::{prepare, Prepared, Resolved, Unit, UnitGlyph, DEFAULT_MAX_GAP_EM};
pub use styles::{default_style, style_for};
pub use vertical::{orientation, Orientation};

use crate::display::{DisplayPage, Item, Rect};
use crate::fonts::{FontError, FontSet};
use crate::model::{Edition, Role};
use std::collections::BTreeMap;
use std::path::Path;

/// A composed line (for checks and the editor): where it sits and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct LineInfo {
    pub frame: String,
    pub role: Role,
    pub x: f64,
    pub baseline: f64,
    /// The measure the line was set to.
    pub width: f64,
    /// Width of the content before justification.
    pub natural: f64,
    /// Grid cell index of the line's top (page grid), if on the body grid.
    pub cell: Option<i64>,
    pub text: String,
    pub first_of_paragraph: bool,
    pub last_of_paragraph: bool,
    /// Right edge of the last glyph's advance after justification.
    pub right: f64,
    /// Pen position of the first glyph (shows the indent).
    pub first_x: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComposedPage {
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
    pub lines: Vec<LineInfo>,
    /// Frame rectangles in points, by frame id (for the editor's hit testing).
    pub frames: Vec<(String, Rect)>,
}

/// How a story fits its frames (copyfit).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryFit {
    /// Characters that did not fit (超 N 字).
    pub overset_chars: usize,
    /// Lines they would take at the last frame's column width.
    pub overset_lines: usize,
    /// Empty body lines left at the end of the last frame (差 N 行).
    pub short_lines: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub page: Option<usize>,
    pub frame: Option<String>,
    pub message: String,
}

/// Collects problems found while composing (missing glyphs are reported once each).
#[derive(Debug, Default)]
pub struct Problems {
    pub list: Vec<Problem>,
    missing: BTreeMap<char, usize>,
    page: Option<usize>,
    frame: Option<String>,
}

impl Problems {
    pub fn missing_glyph(&mut self, ch: char) {
        *self.missing.entry(ch).or_default() += 1;
        if self.missing[&ch] == 1 {
            self.list.push(Problem {
                page: self.page,
                frame: self.frame.clone(),
                message: format!(
                    "no font has the character “{ch}” (U+{:04X}); it prints as a blank box",
                    ch as u32
                ),
            });
        }
    }
    pub fn push(&mut self, message: String) {
        self.list.push(Problem {
            page: self.page,
            frame: self.frame.clone(),
            message,
        });
    }
    fn at(&mut self, page: Option<usize>, frame: Option<&str>) {
        self.page = page;
        self.frame = frame.map(str::to_string);
    }
}

#[derive(Debug, Clone)]
pub struct Composition {
    pub pages: Vec<ComposedPage>,
    pub problems: Vec<Problem>,
    pub stories: BTreeMap<String, StoryFit>,
}

impl Composition {
    pub fn display_page(&self, index: usize) -> Option<DisplayPage> {
        let p = self.pages.get(index)?;
        Some(DisplayPage {
            width: p.width,
            height: p.height,
            items: p.items.clone(),
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    #[error(transparent)]
    Font(#[from] FontError),
}

/// Composes every page of the edition. `base_dir` is the layout file's folder (images are
/// linked relative to it).
pub fn compose(
    ed: &Edition,
    fonts: &FontSet,
    base_dir: &Path,
) -> Result<Composition, ComposeError> {
    compose_with_cache(ed, fonts, base_dir, &mut ComposeCache::new())
}

/// [`compose`], reusing the paragraphs `cache` holds from earlier compositions (shaped
/// text and line breaks) and leaving this composition's there for the next one. The result
/// is the same as `compose`'s; only the time differs.
pub fn compose_with_cache(
    ed: &Edition,
    fonts: &FontSet,
    base_dir: &Path,
    cache: &mut ComposeCache,
) -> Result<Composition, ComposeError> {
    cache.begin(fonts);
    let result = flow::compose_edition(ed, fonts, base_dir, cache);
    let mut result = result;
    if let Ok(comp) = result.as_mut() {
        // The check looks paragraphs up again; that is not shaping work to count.
        let counts = (cache.hits, cache.misses);
        check::loose_lines(ed, fonts, comp, cache);
        (cache.hits, cache.misses) = counts;
    }
    cache.end();
    result
}

/// Fills `{page}` / `{page:02}` in a jump-line pattern.
pub fn jump_text(pattern: &str, page: usize) -> String {
    pattern
        .replace("{page:02}", &format!("{page:02}"))
        .replace("{page}", &page.to_string())
}
