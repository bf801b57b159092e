//! Fonts for the PDF: each face the display list uses is parsed and added to the document
//! once; printpdf embeds it as a subset (CFF as CIDFontType0C, `glyf` as CIDFontType2)
//! with a ToUnicode map built from the text each glyph stands for.

use super::PdfError;
use crate::display::{DisplayPage, Item};
use crate::fonts::{FontId, FontSet};
use printpdf::{ParsedFont, PdfDocument};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

/// A face as the document knows it.
pub(super) struct DocFont {
    pub id: printpdf::FontId,
    /// Glyph id → the text it stands for (ToUnicode). One text per glyph, since the
    /// ToUnicode map has one entry per glyph: the first non-empty text seen wins.
    pub glyph_text: HashMap<u16, String>,
}

/// The document's fonts, keyed by the [`FontSet`] slot.
#[derive(Default)]
pub(super) struct DocFonts {
    pub fonts: BTreeMap<FontId, DocFont>,
}

impl DocFonts {
    /// Adds every face used on `pages` to `doc`, once each.
    pub fn collect(
        pages: &[DisplayPage],
        set: &FontSet,
        doc: &mut PdfDocument,
    ) -> Result<DocFonts, PdfError> {
        let mut texts: BTreeMap<FontId, HashMap<u16, String>> = BTreeMap::new();
        for page in pages {
            for item in &page.items {
                let Item::Text(run) = item else { continue };
                let map = texts.entry(run.font).or_default();
                for g in &run.glyphs {
                    let t = run.glyph_text(g);
                    let e = map.entry(g.id).or_default();
                    if e.is_empty() && !t.is_empty() {
                        *e = t.to_string();
                    }
                }
            }
        }
        let mut out = DocFonts::default();
        for (fid, glyph_text) in texts {
            let parsed = parsed_font(set, fid)?;
            let id = doc.add_font(&parsed);
            out.fonts.insert(fid, DocFont { id, glyph_text });
        }
        Ok(out)
    }
}

/// Parsing a CJK face takes a while, and `export --out` writes one PDF per page: keep
/// parsed faces for the life of the process, keyed by the face's bytes (the `Arc` is
/// kept alive with the entry, so its address cannot be reused) and collection index.
type ParsedCache = Mutex<HashMap<(usize, u32), (Arc<Vec<u8>>, ParsedFont)>>;

fn parsed_font(set: &FontSet, fid: FontId) -> Result<ParsedFont, PdfError> {
    static CACHE: OnceLock<ParsedCache> = OnceLock::new();
    let face = set
        .get(fid)
        .ok_or_else(|| PdfError::Other(format!("font slot {fid} cannot be loaded")))?;
    let key = (Arc::as_ptr(&face.data) as usize, face.index);
    let cache = CACHE.get_or_init(Default::default);
    if let Some((_, f)) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return Ok(f.clone());
    }
    let mut warnings = Vec::new();
    let parsed = ParsedFont::from_bytes(&face.data, face.index as usize, &mut warnings)
        .ok_or_else(|| {
            PdfError::Other(format!(
                "{} ({}): the PDF writer cannot read this font",
                face.path.display(),
                face.postscript_name
            ))
        })?;
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, (face.data.clone(), parsed.clone()));
    Ok(parsed)
}
