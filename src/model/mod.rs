//! The document model: an edition holds pages, pages hold frames, frames show stories.
//!
//! Everything here is plain data with serde derives; the file format is versioned
//! (`"format"`, see [`file`]). Geometry is in millimetres on the page, origin top-left.
//! Nothing in this module knows about fonts, composition or output.

mod file;
mod page;
mod story;
mod style;
mod template;
mod validate;

pub use file::{load, save, to_json, LoadError, FORMAT_VERSION, MAX_FILE_BYTES};
pub use page::{Color, Fit, Frame, FrameKind, Page, TextContent};
pub use story::{Paragraph, Role, Story};
pub use style::{Align, FontRole, ParagraphStyle, StyleSheet};
pub use template::Template;
pub use validate::{
    validate, MAX_FRAMES_PER_PAGE, MAX_PAGES, MAX_PAGE_MM, MAX_PARAGRAPH_CHARS, MAX_STORY_CHARS,
};

use serde::{Deserialize, Serialize};

/// A whole edition: one night's paper (or a part of it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// File format version; see [`FORMAT_VERSION`].
    pub format: u32,
    pub meta: EditionMeta,
    #[serde(default)]
    pub settings: Settings,
    /// Page templates used by the pages, by name (copied in from `layouts/`).
    pub templates: std::collections::BTreeMap<String, Template>,
    #[serde(default)]
    pub styles: StyleSheet,
    pub stories: Vec<Story>,
    pub pages: Vec<Page>,
}

/// Facts about the edition printed in folios and masthead and used for file names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionMeta {
    /// Paper name, e.g. 株洲日报.
    pub paper: String,
    /// Publication date, ISO `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub issue: Option<String>,
}

/// House-style settings of the edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Jump line at the end of a story's last frame on a page; `{page}` is the
    /// continuation's page number, `{page:02}` the same with two digits.
    pub jump_out: String,
    /// Jump line at the start of a continuation; `{page}` is the page it comes from.
    pub jump_in: String,
    /// Font family per role, overriding the bundled Noto Serif/Sans CJK SC and Huaban Kai.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub fonts: std::collections::BTreeMap<FontRole, String>,
    /// File name of each page's PDF (`huaban export --out DIR`), without `.pdf`; see
    /// `crate::print::naming` for the fields, e.g. `ZZRB{date:%Y%m%d}A{page:02}`.
    #[serde(skip_serializing_if = "is_default_page_file_name")]
    pub page_file_name: String,
}

/// The page file name pattern when the edition names none: `2024-03-12_01`.
pub const DEFAULT_PAGE_FILE_NAME: &str = "{date}_{page:02}";

fn is_default_page_file_name(s: &String) -> bool {
    s == DEFAULT_PAGE_FILE_NAME
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            jump_out: "（下转第{page}版）".into(),
            jump_in: "◀◀上接{page:02}版".into(),
            fonts: Default::default(),
            page_file_name: DEFAULT_PAGE_FILE_NAME.into(),
        }
    }
}

impl Edition {
    pub fn story(&self, id: &str) -> Option<&Story> {
        self.stories.iter().find(|s| s.id == id)
    }

    pub fn template_of(&self, page: &Page) -> Option<&Template> {
        self.templates.get(&page.template)
    }

    /// Finds a frame by id: (page index, frame index).
    pub fn find_frame(&self, id: &str) -> Option<(usize, usize)> {
        self.pages
            .iter()
            .enumerate()
            .find_map(|(pi, p)| p.frames.iter().position(|f| f.id == id).map(|fi| (pi, fi)))
    }
}
