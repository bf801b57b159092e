//! Shaped paragraphs kept between compositions. Shaping (font fallback, harfrust, cutting
//! into units) is most of the work of composing; a caller that recomposes often (the editor
//! after each edit) keeps a [`ComposeCache`] and passes it to
//! [`super::compose_with_cache`], so only paragraphs whose text, font or size changed are
//! shaped again. Line-break plans ride along with the shaped text, so an unchanged
//! paragraph at an unchanged measure is not re-broken either.
//!
//! The cache only ever returns what shaping the same text in the same face at the same size
//! returns, so a composition with a cache equals one without. Entries not used by the
//! latest composition are dropped at its end, so the cache holds one edition's text.

use super::paragraph::{shape_paragraph, Prepared, Resolved, Shaped};
use super::Problems;
use crate::fonts::{FontId, FontSet};
use crate::model::Role;
use std::collections::HashMap;

#[derive(Debug)]
struct Entry {
    shaped: Shaped,
    used: u64,
}

/// Shaped paragraphs by (face, size, text); see the module documentation.
#[derive(Debug, Default)]
pub struct ComposeCache {
    /// The font set the entries were shaped with ([`FontSet::instance_id`]): font ids
    /// mean nothing in another set.
    fonts: Option<u64>,
    map: HashMap<(FontId, u64), HashMap<Box<str>, Entry>>,
    generation: u64,
    /// Paragraphs found already shaped / shaped anew by the latest composition.
    pub hits: usize,
    pub misses: usize,
}

impl ComposeCache {
    pub fn new() -> ComposeCache {
        ComposeCache::default()
    }

    /// Number of shaped paragraphs held.
    pub fn len(&self) -> usize {
        self.map.values().map(HashMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Starts a composition with `fonts` (forgetting everything if the font set changed).
    pub(super) fn begin(&mut self, fonts: &FontSet) {
        let id = fonts.instance_id();
        if self.fonts != Some(id) {
            self.map.clear();
            self.fonts = Some(id);
        }
        self.generation += 1;
        self.hits = 0;
        self.misses = 0;
    }

    /// Ends a composition: drops what it did not use.
    pub(super) fn end(&mut self) {
        let g = self.generation;
        for m in self.map.values_mut() {
            m.retain(|_, e| e.used == g);
        }
        self.map.retain(|_, m| !m.is_empty());
    }

    /// The paragraph `text` prepared in `style`, shaped only if not already held.
    pub(super) fn prepare(
        &mut self,
        text: &str,
        role: Role,
        style: Resolved,
        fonts: &FontSet,
        problems: &mut Problems,
    ) -> Prepared {
        let g = self.generation;
        let by_text = self
            .map
            .entry((style.font, style.size.to_bits()))
            .or_default();
        if let Some(e) = by_text.get_mut(text) {
            e.used = g;
            self.hits += 1;
            return e.shaped.prepared(role, style, problems);
        }
        self.misses += 1;
        let shaped = shape_paragraph(text, style.font, style.size, fonts);
        let p = shaped.prepared(role, style, problems);
        by_text.insert(text.into(), Entry { shaped, used: g });
        p
    }
}
