//! Glyph outlines as tiny-skia paths in font units (y up), cached per face and glyph.
//!
//! Faces are keyed by the address of their shared font bytes (plus the collection
//! index); the cache holds a clone of that `Arc`, so the address cannot be reused by
//! another font while the entry lives. This keeps the cache correct even if it outlives
//! the [`FontSet`](crate::fonts::FontSet) or is used with several of them.

use crate::fonts::Face;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider, OutlineGlyphCollection};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tiny_skia::{Path, PathBuilder};

/// An outline, or `None` for glyphs without one (spaces) or that failed to draw.
pub type Outline = Option<Arc<Path>>;

struct FaceEntry {
    /// Keeps the bytes (and so the key's address) alive.
    _data: Arc<Vec<u8>>,
    glyphs: HashMap<u16, Outline>,
}

/// Cached glyph outlines of every face drawn so far.
#[derive(Default)]
pub struct GlyphCache {
    faces: Mutex<HashMap<(usize, u32), FaceEntry>>,
}

impl GlyphCache {
    /// The outlines of `ids` in `face`, building the ones not seen before.
    pub fn outlines(&self, face: &Face, ids: impl Iterator<Item = u16>) -> Vec<Outline> {
        let key = (Arc::as_ptr(&face.data) as usize, face.index);
        let mut faces = self.faces.lock().unwrap_or_else(|p| p.into_inner());
        let entry = faces.entry(key).or_insert_with(|| FaceEntry {
            _data: face.data.clone(),
            glyphs: HashMap::new(),
        });
        // Parsed only if some glyph of this run is new.
        let mut outlines: Option<Option<OutlineGlyphCollection>> = None;
        ids.map(|id| {
            entry
                .glyphs
                .entry(id)
                .or_insert_with(|| {
                    let o = outlines
                        .get_or_insert_with(|| {
                            FontRef::from_index(&face.data, face.index)
                                .ok()
                                .map(|f| f.outline_glyphs())
                        })
                        .as_ref()?;
                    build(o, id).map(Arc::new)
                })
                .clone()
        })
        .collect()
    }

    /// Number of cached glyphs (for tests and statistics).
    pub(super) fn len(&self) -> usize {
        let faces = self.faces.lock().unwrap_or_else(|p| p.into_inner());
        faces.values().map(|f| f.glyphs.len()).sum()
    }
}

fn build(outlines: &OutlineGlyphCollection, id: u16) -> Option<Path> {
    let glyph = outlines.get(GlyphId::new(id as u32))?;
    let mut pen = Pen(PathBuilder::new());
    glyph
        .draw(
            DrawSettings::unhinted(Size::unscaled(), LocationRef::default()),
            &mut pen,
        )
        .ok()?;
    pen.0.finish()
}

struct Pen(PathBuilder);

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}
