//! Built-in paragraph styles, used for any role the edition's style sheet leaves out.

use crate::model::{Align, FontRole, ParagraphStyle, Role, StyleSheet};

pub fn default_style(role: Role) -> ParagraphStyle {
    use FontRole::*;
    let s = |font, size: f64, bold: bool, indent: f64, align: Align| ParagraphStyle {
        bold,
        indent_em: indent,
        align,
        ..ParagraphStyle::new(font, size)
    };
    match role {
        Role::Kicker => s(Hei, 14.0, false, 0.0, Align::Center),
        Role::Headline => ParagraphStyle {
            space_after_lines: 0.0,
            ..s(Song, 26.0, true, 0.0, Align::Center)
        },
        Role::Subheadline => s(Hei, 12.0, false, 0.0, Align::Center),
        Role::Byline => s(Song, 9.5, false, 2.0, Align::Justify),
        Role::Body => s(Song, 9.5, false, 2.0, Align::Justify),
        Role::BodyNoIndent => s(Song, 9.5, false, 0.0, Align::Justify),
        Role::Subhead => ParagraphStyle {
            space_before_lines: 1.0,
            ..s(Hei, 10.5, true, 0.0, Align::Center)
        },
        Role::EditorNote => s(Kai, 9.5, false, 2.0, Align::Justify),
        Role::Author => s(Kai, 9.5, false, 0.0, Align::Center),
        Role::Caption => s(Kai, 9.0, false, 0.0, Align::Justify),
        Role::Credit => s(Kai, 9.0, false, 0.0, Align::Right),
        Role::JumpHeadline => s(Hei, 15.0, true, 0.0, Align::Center),
        Role::Jump => s(Kai, 9.5, false, 0.0, Align::Right),
        Role::List => s(Song, 9.5, false, 0.0, Align::Left),
    }
}

/// The style a paragraph of `role` gets: the frame's mapping, else the style named like
/// the role in the edition, else the built-in one.
pub fn style_for<'a>(
    sheet: &'a StyleSheet,
    frame_map: Option<&std::collections::BTreeMap<String, String>>,
    role: Role,
) -> std::borrow::Cow<'a, ParagraphStyle> {
    let name = frame_map
        .and_then(|m| m.get(role.key()))
        .map(String::as_str)
        .unwrap_or(role.key());
    match sheet.get(name) {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(default_style(role)),
    }
}
