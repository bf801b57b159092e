//! The display list: what to draw on each page, in page coordinates (points, origin at
//! the trim's top-left corner, y downwards). It is the one thing the backends (the egui
//! canvas, the PDF writer, the PNG rasteriser) read, so screen, PNG and PDF agree.

use crate::fonts::FontId;
use crate::model::Color;
use std::path::PathBuf;

/// A rectangle in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn new(x: f64, y: f64, w: f64, h: f64) -> Rect {
        Rect { x, y, w, h }
    }
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.right() && y >= self.y && y <= self.bottom()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stroke {
    pub width: f64,
    pub color: Color,
}

/// One glyph placed on the page: its pen position on the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub id: u16,
    pub x: f64,
    pub y: f64,
    /// Byte range in the run's `text` that this glyph stands for (ToUnicode, copy, search).
    pub text_start: u32,
    pub text_len: u32,
}

/// How a run's glyphs are turned about their pen positions (vertical text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rotation {
    /// Upright: the glyph's baseline runs to the right (all horizontal text, and the
    /// upright characters of vertical text, whose vertical origin the composer has
    /// already turned into a pen position).
    #[default]
    None,
    /// Turned 90° clockwise: the baseline runs down the page and the glyph's top faces
    /// right (Latin words and long numbers in a vertical column, and in fonts without
    /// vertical forms, brackets and dashes).
    Cw90,
}

/// Glyphs of one face, size and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub font: FontId,
    pub size: f64,
    pub color: Color,
    pub text: String,
    pub glyphs: Vec<Glyph>,
    /// Every glyph of the run is turned this way about its pen position.
    pub rotation: Rotation,
}

impl TextRun {
    pub fn glyph_text(&self, g: &Glyph) -> &str {
        let s = g.text_start as usize;
        self.text.get(s..s + g.text_len as usize).unwrap_or("")
    }
}

/// A photo drawn in `rect` (its full extent, which may exceed the clip) and clipped to `clip`.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageItem {
    pub path: PathBuf,
    pub rect: Rect,
    pub clip: Rect,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(TextRun),
    Rect {
        rect: Rect,
        fill: Option<Color>,
        stroke: Option<Stroke>,
    },
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: Stroke,
    },
    Image(ImageItem),
    /// A linked image that could not be read: drawn as a crossed grey box with its name.
    MissingImage {
        rect: Rect,
        path: PathBuf,
    },
}

/// One page to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayPage {
    pub width: f64,
    pub height: f64,
    pub items: Vec<Item>,
}

impl DisplayPage {
    /// All text of the page in drawing order (for tests and search).
    pub fn text(&self) -> String {
        let mut s = String::new();
        for it in &self.items {
            if let Item::Text(r) = it {
                s.push_str(&r.text);
            }
        }
        s
    }
}
