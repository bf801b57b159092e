//! PDF backend: writes display-list pages through printpdf with embedded, subset fonts.
//! (Being written: see issue 3.)

use crate::display::DisplayPage;
use crate::fonts::FontSet;
use crate::model::Edition;

/// Document-level facts written into the PDF.
#[derive(Debug, Clone)]
pub struct PdfMeta {
    pub title: String,
    /// ISO date of the edition, used for the creation date.
    pub date: String,
}

impl PdfMeta {
    pub fn from_edition(ed: &Edition) -> PdfMeta {
        PdfMeta {
            title: format!("{} {}", ed.meta.paper, ed.meta.date),
            date: ed.meta.date.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{0}")]
    Other(String),
}

pub fn write_pdf(
    _pages: &[DisplayPage],
    _fonts: &FontSet,
    _meta: &PdfMeta,
) -> Result<Vec<u8>, PdfError> {
    Err(PdfError::Other("PDF export is not written yet".into()))
}
