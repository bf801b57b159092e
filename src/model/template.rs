//! Page templates (版式): trim size, margins, the column grid and the body-text line grid.
//! Templates live as data files in `layouts/`; an edition carries a copy of each template
//! its pages use, so a layout file is complete on its own.

use crate::units::{mm_to_pt, FontSize};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Display name, e.g. “对开 8栏”.
    pub label: String,
    /// Trim width and height in mm.
    pub trim_w: f64,
    pub trim_h: f64,
    /// Bleed beyond the trim in mm (0 for most newspapers).
    #[serde(default)]
    pub bleed: f64,
    pub margin_top: f64,
    pub margin_bottom: f64,
    pub margin_left: f64,
    pub margin_right: f64,
    pub columns: u32,
    /// Gutter between columns in mm.
    pub gutter: f64,
    /// Body text size the line grid is made for.
    pub body_size: FontSize,
    /// Line grid pitch (行距, baseline to baseline) in points.
    pub grid_pt: f64,
    /// Height of the running head (folio) above the type area, in mm; 0 for none.
    #[serde(default)]
    pub folio_height: f64,
    /// Free text on where the figures come from.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The masthead (报头) of front pages: pages on this template without a folio print it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masthead: Option<Masthead>,
}

/// The masthead area and what goes in it, filled from the edition's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Masthead {
    /// The area on the page, in mm from the trim's top-left corner.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Weight of the rule under the area in pt; 0 for none.
    #[serde(default)]
    pub rule_pt: f64,
    pub fields: Vec<MastheadField>,
}

/// One piece of text in the masthead, placed in mm from the masthead area's top-left.
///
/// `text` is a pattern: `{paper}`, `{date}` (2024年3月12日　星期二), `{serial}` (the 总第N期
/// number), `{issue}`, `{page}` (01), `{section}`, `{credits}` (责任编辑：… 美编：… 校对：…)
/// and `{code:LABEL}` (the value of the publication code LABEL, e.g.
/// `{code:国内统一连续出版物号}`) are filled in from the edition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MastheadField {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub text: String,
    /// A paragraph style of the edition.
    pub style: String,
}

impl Template {
    pub fn type_area_w(&self) -> f64 {
        self.trim_w - self.margin_left - self.margin_right
    }

    pub fn type_area_h(&self) -> f64 {
        self.trim_h - self.margin_top - self.margin_bottom
    }

    pub fn column_w(&self) -> f64 {
        (self.type_area_w() - self.gutter * (self.columns.max(1) - 1) as f64)
            / self.columns.max(1) as f64
    }

    /// Left edge (mm) of column `i` (0-based).
    pub fn column_x(&self, i: u32) -> f64 {
        self.margin_left + i as f64 * (self.column_w() + self.gutter)
    }

    /// Width (mm) of `n` columns with their gutters.
    pub fn span_w(&self, n: u32) -> f64 {
        n as f64 * self.column_w() + n.saturating_sub(1) as f64 * self.gutter
    }

    /// Grid pitch in mm.
    pub fn grid_mm(&self) -> f64 {
        self.grid_pt / mm_to_pt(1.0)
    }

    /// Number of whole body lines in the type area.
    pub fn grid_lines(&self) -> u32 {
        (mm_to_pt(self.type_area_h()) / self.grid_pt).floor() as u32
    }

    /// Reads a template file from `layouts/`.
    pub fn load(path: &Path) -> Result<Template, super::LoadError> {
        let text = std::fs::read_to_string(path).map_err(|e| super::LoadError::Io {
            path: path.to_owned(),
            source: e,
        })?;
        serde_json::from_str(&text).map_err(|e| super::LoadError::from_json(path, &text, e))
    }
}
