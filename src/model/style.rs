use crate::units::FontSize;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Paragraph styles by name. The composer looks a paragraph's style up by its role's key
/// (`body`, `headline`, …); a text frame may map roles to other styles.
pub type StyleSheet = BTreeMap<String, ParagraphStyle>;

/// The three classic newspaper type families, by role rather than by font name; the font
/// set maps each to a face (bundled first, then system fonts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FontRole {
    /// 宋体 (serif): body text; 标宋 headlines in bold.
    Song,
    /// 黑体 (sans): headlines, subheads, captions.
    Hei,
    /// 楷体 (script): 编者按, bylines, quotes.
    Kai,
}

impl FontRole {
    pub fn label_zh(self) -> &'static str {
        match self {
            FontRole::Song => "宋",
            FontRole::Hei => "黑",
            FontRole::Kai => "楷",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Both edges (last line flush left): body text.
    #[default]
    Justify,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParagraphStyle {
    pub font: FontRole,
    #[serde(default)]
    pub bold: bool,
    pub size: FontSize,
    /// Line pitch (baseline to baseline) in points; `None` means the frame's grid pitch for
    /// text at or below the grid's size, else size × 1.2 rounded up to whole grid lines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leading_pt: Option<f64>,
    /// First-line indent in ems (2 for body text).
    #[serde(default)]
    pub indent_em: f64,
    #[serde(default)]
    pub align: Align,
    /// Extra space before the paragraph, in grid lines.
    #[serde(default)]
    pub space_before_lines: f64,
    /// Extra space after the paragraph, in grid lines.
    #[serde(default)]
    pub space_after_lines: f64,
    /// Hanging punctuation: a line-end ，。、 may hang into the margin outside the measure
    /// instead of being compressed or pushing a character down (off by default).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hanging_punctuation: bool,
    /// Widest inter-character gap a justified line may get before the composer warns, in
    /// ems; `None` means 0.25 em.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_gap_em: Option<f64>,
}

impl ParagraphStyle {
    pub fn new(font: FontRole, size_pt: f64) -> Self {
        ParagraphStyle {
            font,
            bold: false,
            size: FontSize::pt(size_pt),
            leading_pt: None,
            indent_em: 0.0,
            align: Align::Justify,
            space_before_lines: 0.0,
            space_after_lines: 0.0,
            hanging_punctuation: false,
            max_gap_em: None,
        }
    }
}
