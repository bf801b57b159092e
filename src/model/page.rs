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
        /// The point of the photo kept in view when it is cropped ([`Fit::Crop`]).
        #[serde(default, skip_serializing_if = "Focus::is_centre")]
        focus: Focus,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        caption: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        credit: Option<String>,
        /// Text wrap around the photo (on by default).
        #[serde(default = "Wrap::on", skip_serializing_if = "Wrap::is_on")]
        wrap: Wrap,
    },
    /// A straight line from the frame's top-left to its top-right (h = 0) or down its
    /// left edge (w = 0).
    Rule {
        /// Line weight in points. Written `stroke_pt` like a box's (format 2; format 1
        /// called it `weight_pt`, see `model::migrate`).
        #[serde(rename = "stroke_pt", default = "default_rule_weight")]
        weight_pt: f64,
        #[serde(default)]
        color: Color,
        /// Text wrap around the rule (off by default).
        #[serde(default = "Wrap::off", skip_serializing_if = "Wrap::is_off")]
        wrap: Wrap,
    },
    /// A box (框): a stroke around the frame, optionally filled.
    Box {
        #[serde(default = "default_rule_weight")]
        stroke_pt: f64,
        #[serde(default)]
        color: Color,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fill: Option<Color>,
        /// Text wrap around the box (on by default; text frames inside the box are its
        /// content and are not pushed out).
        #[serde(default = "Wrap::on", skip_serializing_if = "Wrap::is_on")]
        wrap: Wrap,
    },
}

/// Text wrap (绕排) of an object: text frames it overlaps set their lines beside it or
/// skip the lines it covers, keeping `offset` mm clear around its bounding box.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wrap {
    pub on: bool,
    /// Clear space around the object's frame, in mm.
    #[serde(default = "default_wrap_offset")]
    pub offset: f64,
}

fn default_wrap_offset() -> f64 {
    Wrap::DEFAULT_OFFSET
}

impl Wrap {
    /// Default clear space: about a third of a body character.
    pub const DEFAULT_OFFSET: f64 = 1.0;
    pub fn on() -> Wrap {
        Wrap {
            on: true,
            offset: Wrap::DEFAULT_OFFSET,
        }
    }
    pub fn off() -> Wrap {
        Wrap {
            on: false,
            offset: Wrap::DEFAULT_OFFSET,
        }
    }
    fn is_on(w: &Wrap) -> bool {
        *w == Wrap::on()
    }
    fn is_off(w: &Wrap) -> bool {
        *w == Wrap::off()
    }
}

impl FrameKind {
    /// The object's text wrap, if it pushes text aside.
    pub fn wrap(&self) -> Option<Wrap> {
        match self {
            FrameKind::Image { wrap, .. }
            | FrameKind::Rule { wrap, .. }
            | FrameKind::Box { wrap, .. } => Some(*wrap).filter(|w| w.on),
            _ => None,
        }
    }
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
    /// Scale to cover the frame like [`Fit::Fill`], cropping so that the image's focus
    /// point sits as near the frame's centre as the photo's edges allow.
    Crop,
}

/// A point of a photo as fractions of its width and height (0 = left/top, 1 = right/bottom).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Focus {
    pub x: f64,
    pub y: f64,
}

impl Default for Focus {
    fn default() -> Self {
        Focus { x: 0.5, y: 0.5 }
    }
}

impl Focus {
    fn is_centre(f: &Focus) -> bool {
        *f == Focus::default()
    }
}

/// A CMYK colour, each ink 0–100 %. Written as `{"c": 0, "m": 0, "y": 0, "k": 100}`;
/// an ink left out is 0 (format 2; format 1 wrote a bare `[c, m, y, k]` array).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "BTreeMap<String, f32>", into = "Cmyk")]
pub struct Color(pub [f32; 4]);

/// How a [`Color`] is written in a layout file (read from a map, so that a format 1
/// array is an error rather than read by position).
#[derive(Clone, Copy, Serialize)]
struct Cmyk {
    c: f32,
    m: f32,
    y: f32,
    k: f32,
}

impl TryFrom<BTreeMap<String, f32>> for Color {
    type Error = String;
    fn try_from(m: BTreeMap<String, f32>) -> Result<Color, String> {
        let mut c = [0.0; 4];
        for (ink, v) in m {
            let i = ["c", "m", "y", "k"]
                .iter()
                .position(|k| *k == ink)
                .ok_or_else(|| format!("unknown ink “{ink}” in a colour (c, m, y, k)"))?;
            c[i] = v;
        }
        Ok(Color(c))
    }
}

impl From<Color> for Cmyk {
    fn from(v: Color) -> Cmyk {
        let [c, m, y, k] = v.0;
        Cmyk { c, m, y, k }
    }
}

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
