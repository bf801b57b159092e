//! Shaping a run of text in one face with harfrust (the face's own GSUB/GPOS).

use super::Face;
use harfrust::{Buffer, Direction, Feature, ShapeOptions, ShaperFont, Tag};

/// One shaped glyph: advance and offsets in ems; `cluster` is the byte offset of the
/// first character it stands for in the shaped text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShapedGlyph {
    pub glyph: u16,
    pub cluster: u32,
    pub advance: f64,
    pub x_offset: f64,
    pub y_offset: f64,
}

/// Shapes `text` horizontally in `face` with extra OpenType `features` (e.g. `halt`).
pub fn shape(face: &Face, text: &str, features: &[(&[u8; 4], u32)]) -> Vec<ShapedGlyph> {
    let shaper = ShaperFont::new(&face.font);
    let mut buffer = Buffer::new();
    buffer.push_str(text);
    buffer.set_direction(Direction::LeftToRight);
    buffer.guess_segment_properties();
    let feats: Vec<Feature> = features
        .iter()
        .map(|(t, v)| Feature::new(Tag::new(t), *v, ..))
        .collect();
    if harfrust::shape(&shaper, &mut buffer, ShapeOptions::new().features(&feats)).is_err() {
        return Vec::new();
    }
    let upem = face.units_per_em;
    buffer
        .glyph_infos()
        .iter()
        .zip(buffer.glyph_positions())
        .map(|(i, p)| ShapedGlyph {
            glyph: i.glyph_id.min(u16::MAX as u32) as u16,
            cluster: i.cluster,
            advance: p.x_advance as f64 / upem,
            x_offset: p.x_offset as f64 / upem,
            y_offset: p.y_offset as f64 / upem,
        })
        .collect()
}
