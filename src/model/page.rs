use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One page of the edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub id: String,
    /// Name of a template in [`crate::model::Edition::templates`].
    pub template: String,
    /// Section name printed in the folio (要闻, 综合, 民生 …).
    #[serde(default)]
    pub section: String,
    /// Whether the template's running head (folio) is printed; page 1 has a masthead instead.
    #[serde(default = "yes")]
    pub folio: bool,
    /// Frames, back to front.
    #[serde(default)]
    pub frames: Vec<Frame>,
}

/// A rectangle on the page, in millimetres from the trim's top-left corner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Frame {
    pub id: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub kind: FrameKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum FrameKind {
    /// Text of a story.
    Text {
        story: String,
        #[serde(default)]
        content: TextContent,
        /// Columns inside the frame.
        #[serde(default = "one")]
        columns: u32,
        /// Gutter between the frame's columns in mm; default: the template's gutter.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        gutter: Option<f64>,
        /// Role key → style name, to set e.g. this story's headline larger.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        styles: BTreeMap<String, String>,
        /// Inner margin in mm (text inside a box).
        #[serde(default, skip_serializing_if = "is_zero")]
        inset: f64,
        /// Set vertically (竖排): characters top to bottom, columns right to left, with
        /// the font's vertical punctuation. Only for `content: headline` frames.
        #[serde(default, skip_serializing_if = "is_false")]
        vertical: bool,
    },
    /// Free text that belongs to no story: masthead, box titles, labels.
    Label {
        text: String,
        style: String,
        #[serde(default, skip_serializing_if = "is_zero")]
        inset: f64,
    },
    /// A photo with its caption and credit below it, inside the frame.
    Image {
        /// Path relative to the layout file.
        src: String,
        #[serde(default)]
        fit: Fit,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        credit: Option<String>,
    },
    /// A straight line from the frame's top-left to its top-right (h = 0) or down its
    /// left edge (w = 0).
    Rule {
        #[serde(default = "default_rule_weight")]
        weight_pt: f64,
        #[serde(default)]
        color: Color,
    },
    /// A box (框): a stroke around the frame, optionally filled.
    Box {
        #[serde(default = "default_rule_weight")]
        stroke_pt: f64,
        #[serde(default)]
        color: Color,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fill: Option<Color>,
    },
}

fn yes() -> bool {
    true
}
fn one() -> u32 {
    1
}
fn default_rule_weight() -> f64 {
    0.5
}
fn is_false(v: &bool) -> bool {
    !*v
}
fn is_zero(v: &f64) -> bool {
    *v == 0.0
}

/// What part of the story a text frame shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextContent {
    /// The headline block (引题, 主题, 副题) only.
    Headline,
    /// The body, as one frame of the story's thread.
    #[default]
    Body,
    /// The headline block across the top of the frame, then the body in columns below
    /// (the frame must be in the story's thread).
    Story,
}

/// How a photo fills its frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// Scale to cover the frame, cropping the overflow around the centre.
    #[default]
    Fill,
    /// Scale to fit inside the frame, leaving space.
    Fit,
}

/// A CMYK colour, each ink 0–100 %.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Color(pub [f32; 4]);

impl Color {
    pub const BLACK: Color = Color([0.0, 0.0, 0.0, 100.0]);
    pub const WHITE: Color = Color([0.0, 0.0, 0.0, 0.0]);
    pub fn c(&self) -> f32 {
        self.0[0]
    }
    pub fn m(&self) -> f32 {
        self.0[1]
    }
    pub fn y(&self) -> f32 {
        self.0[2]
    }
    pub fn k(&self) -> f32 {
        self.0[3]
    }
    /// Naive device conversion for screen and PNG (no colour management).
    pub fn to_rgb8(&self) -> [u8; 3] {
        let [c, m, y, k] = self.0.map(|v| (v / 100.0).clamp(0.0, 1.0));
        let f = |x: f32| ((1.0 - x) * (1.0 - k) * 255.0).round() as u8;
        [f(c), f(m), f(y)]
    }
}

impl Default for Color {
    fn default() -> Self {
        Color::BLACK
    }
}

impl Frame {
    pub fn story_id(&self) -> Option<&str> {
        match &self.kind {
            FrameKind::Text { story, .. } => Some(story),
            _ => None,
        }
    }
}
