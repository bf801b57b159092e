//! Shaping a run of text in one face with harfrust (the face's own GSUB/GPOS).

use super::Face;
use harfrust::{
    Buffer, Direction, Feature, Language, Script, ShapeOptions, ShapePlan, ShaperFont, Tag,
};
use std::sync::Arc;

/// A shaping plan kept per face: (script, language, features) → plan.
pub(super) type PlanKey = (Option<Script>, Option<Language>, Vec<([u8; 4], u32)>);

/// The face's shaping plan for `key`, made on first use (making one costs more than shaping
/// a short paragraph).
fn plan(face: &Face, key: PlanKey, feats: &[Feature]) -> Arc<ShapePlan> {
    let mut plans = face.plans.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, p)) = plans.iter().find(|(k, _)| *k == key) {
        return p.clone();
    }
    let p = Arc::new(ShapePlan::new(
        &face.font,
        Direction::LeftToRight,
        key.0,
        key.1.as_ref(),
        feats,
    ));
    plans.push((key, p.clone()));
    p
}

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
    let key: PlanKey = (
        buffer.script(),
        buffer.language().cloned(),
        features.iter().map(|(t, v)| (**t, *v)).collect(),
    );
    let plan = plan(face, key, &feats);
    let options = ShapeOptions::new().features(&feats).plan(Some(&plan));
    if harfrust::shape(&shaper, &mut buffer, options).is_err() {
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

/// How much of a punctuation mark's em is blank and may be taken away when it is set
/// compressed (clreq 3.1.6, “halt”), in ems: from the left and from the right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PunctBlank {
    pub left: f64,
    pub right: f64,
    /// Whether the amounts come from the font's GPOS `halt` feature (else from the glyph's
    /// ink box).
    pub from_gpos: bool,
}

/// The blank of `ch` in `face`: what the font's `halt` feature takes away if it has one for
/// this glyph, else the half of the em the glyph's ink leaves empty. `None` if the face has
/// no glyph for `ch` or the glyph is not about one em wide (a proportional glyph).
pub fn punct_blank(face: &Face, ch: char) -> Option<PunctBlank> {
    let mut buf = [0u8; 4];
    let s = ch.encode_utf8(&mut buf);
    let plain = *shape(face, s, &[]).first()?;
    if plain.glyph == 0 || (plain.advance - 1.0).abs() > 0.05 {
        return None;
    }
    if let Some(h) = shape(face, s, &[(b"halt", 1)]).first() {
        let removed = plain.advance - h.advance;
        if h.glyph == plain.glyph && removed > 0.01 {
            // The glyph moves left by what goes from its left side.
            let left = (plain.x_offset - h.x_offset).clamp(0.0, removed);
            return Some(PunctBlank {
                left,
                right: removed - left,
                from_gpos: true,
            });
        }
    }
    // No GPOS: the ink box says which half is empty.
    let ext = face
        .font
        .glyph_metrics()
        .extents(read_fonts::types::GlyphId::new(plain.glyph as u32))?;
    let upem = face.units_per_em;
    let (x0, x1) = (
        ext.x_bearing as f64 / upem,
        (ext.x_bearing + ext.width) as f64 / upem,
    );
    let adv = plain.advance;
    let half = adv / 2.0;
    let tol = adv * 0.02;
    let (left, right) = if x1 <= half + tol {
        (0.0, half)
    } else if x0 >= half - tol {
        (half, 0.0)
    } else {
        // Centred ink: a quarter from each side.
        (adv / 4.0, adv / 4.0)
    };
    Some(PunctBlank {
        left,
        right,
        from_gpos: false,
    })
}
