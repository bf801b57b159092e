//! The document model: an edition holds pages, pages hold frames, frames show stories.
//!
//! Everything here is plain data with serde derives; the file format is versioned
//! (`"format"`, see [`file`]). Geometry is in millimetres on the page, origin top-left.
//! Nothing in this module knows about fonts, composition or output.

mod file;
mod migrate;
mod page;
pub mod relink;
mod story;
mod style;
mod template;
mod validate;

pub use file::{load, save, to_json, LoadError, FORMAT_VERSION, MAX_FILE_BYTES};
pub use migrate::migrate;
pub use page::{Color, Fit, Focus, Frame, FrameKind, Page, TextContent, Wrap};
pub use relink::{relink_images, RelinkReport};
pub use story::{Paragraph, Role, Story};
pub use style::{Align, FontRole, ParagraphStyle, StyleSheet};
pub use template::{Masthead, MastheadField, Template};
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
    /// Running issue number since the paper's first issue (总第N期), for the masthead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<u32>,
    /// Publication codes printed in the masthead, in order: 国内统一连续出版物号
    /// “CN 43-0023”, 邮发代号 …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<PublicationCode>,
    /// Who made each page (责任编辑, 美编, 校对), printed in its folio or masthead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<PageCredits>,
}

/// One publication code of the paper: its label and value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationCode {
    /// e.g. 国内统一连续出版物号, 邮发代号.
    pub label: String,
    /// e.g. CN 43-0023.
    pub value: String,
}

/// The editors of one page, by page id (so the credits move with the page).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageCredits {
    pub page: String,
    /// 责任编辑.
    pub editor: String,
    /// 美编.
    pub designer: String,
    /// 校对.
    pub proofreader: String,
}

impl PageCredits {
    /// “责任编辑：… 美编：… 校对：…”, leaving out roles without a name.
    pub fn line(&self) -> String {
        [
            ("责任编辑", &self.editor),
            ("美编", &self.designer),
            ("校对", &self.proofreader),
        ]
        .iter()
        .filter(|(_, n)| !n.is_empty())
        .map(|(r, n)| format!("{r}：{n}"))
        .collect::<Vec<_>>()
        .join("　")
    }
}

impl EditionMeta {
    /// Credits of the page with id `page`, if any.
    pub fn credits_of(&self, page: &str) -> Option<&PageCredits> {
        self.credits.iter().find(|c| c.page == page)
    }
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
