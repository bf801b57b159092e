//! PDF backend: writes display-list pages through printpdf with embedded, subset fonts.
//!
//! Page coordinates in the display list are points from the top-left corner, y down;
//! PDF's are from the bottom-left, y up, so every y is flipped against the page height.
//! Text is drawn glyph by glyph at the composer's positions (printpdf merges each
//! baseline back into one `TJ`), in DeviceCMYK; each glyph carries the text it stands for
//! so the ToUnicode map makes copy, search and `pdftotext` work. JPEGs are embedded as
//! they are (DCTDecode).

mod draw;
mod fonts;
mod images;
mod marks;
pub(crate) use images::jpeg_info;
pub use images::verify_image;
mod pdfx;

use crate::display::{DisplayPage, Item};
use crate::fonts::FontSet;
use crate::model::Edition;
use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, Pt, XObjectId};
use std::collections::HashMap;
use std::path::PathBuf;

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

/// How vector colours (text, rules, boxes) are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorMode {
    /// DeviceCMYK, as the model gives them.
    #[default]
    Cmyk,
    /// Converted to DeviceRGB with the naive formula (for the screen).
    Rgb,
}

/// A PDF/X output intent.
#[derive(Debug, Clone)]
pub struct OutputIntent {
    /// The ICC profile (CMYK, embedded as `DestOutputProfile`).
    pub icc: Vec<u8>,
    pub output_condition_identifier: String,
    pub registry_name: Option<String>,
    pub output_condition: Option<String>,
    pub info: Option<String>,
}

/// What makes the file a PDF/X file.
#[derive(Debug, Clone)]
pub struct Pdfx {
    /// `GTS_PDFXVersion`, e.g. `PDF/X-4`.
    pub version: String,
    pub intent: OutputIntent,
    /// Profile that tags RGB images as ICCBased (PDF/X-4 allows no DeviceRGB).
    pub rgb_icc: Option<Vec<u8>>,
}

/// Output options; the default is a plain PDF in DeviceCMYK (what [`write_pdf`] writes).
/// `crate::print::PrintProfile::pdf_options` builds them from a print profile.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    pub pdfx: Option<Pdfx>,
    pub color: ColorMode,
    /// 100 % K text below this size (pt) overprints (`/OP /op true`, `/OPM 1`).
    pub overprint_black_below: Option<f64>,
    /// Bleed per page in points (missing pages: 0). The bleed box is the trim grown by it.
    pub bleed: Vec<f64>,
    /// Crop marks outside the bleed; the media box grows to hold them.
    pub marks: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("{0}")]
    Other(String),
}

/// Writes `pages` as one plain PDF document (one PDF page per display page).
pub fn write_pdf(
    pages: &[DisplayPage],
    fonts: &FontSet,
    meta: &PdfMeta,
) -> Result<Vec<u8>, PdfError> {
    write_pdf_with(pages, fonts, meta, &PdfOptions::default())
}

/// Writes `pages` as one PDF document with the given output options.
pub fn write_pdf_with(
    pages: &[DisplayPage],
    fonts: &FontSet,
    meta: &PdfMeta,
    opts: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    if pages.is_empty() {
        return Err(PdfError::Other("no pages to write".into()));
    }
    let mut doc = PdfDocument::new(&meta.title);
    set_info(&mut doc, meta);

    let doc_fonts = fonts::DocFonts::collect(pages, fonts, &mut doc)?;
    let images = add_images(pages, &mut doc)?;
    let style = draw::Style {
        rgb: opts.color == ColorMode::Rgb,
        overprint: opts.overprint_black_below.map(|below| {
            let gs = printpdf::ExtendedGraphicsState::default()
                .with_overprint_fill(true)
                .with_overprint_stroke(true)
                .with_overprint_mode(printpdf::OverprintMode::KeepUnderlying);
            (doc.add_graphics_state(gs), below)
        }),
    };

    let mut out = Vec::with_capacity(pages.len());
    for page in pages {
        if !(page.width > 0.0 && page.height > 0.0) {
            return Err(PdfError::Other(format!(
                "page size {}×{} pt is not a page",
                page.width, page.height
            )));
        }
        let ops = draw::page_ops(page, &doc_fonts, &images, &style);
        let mut p = PdfPage::new(Default::default(), Default::default(), ops);
        let r = printpdf::Rect::from_wh(Pt(page.width as f32), Pt(page.height as f32));
        p.media_box = r.clone();
        p.trim_box = r.clone();
        p.crop_box = r;
        out.push(p);
    }
    doc.with_pages(out);

    let save = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&save, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| matches!(w.severity, printpdf::PdfParseErrorSeverity::Error))
    {
        return Err(PdfError::Other(format!("PDF writer: {}", w.msg)));
    }
    tidy_info(&mut lo);
    let sizes: Vec<(f64, f64)> = pages.iter().map(|p| (p.width, p.height)).collect();
    let mark_area = if opts.marks {
        marks::mark_area_pt()
    } else {
        0.0
    };
    pdfx::set_boxes(&mut lo, &sizes, &opts.bleed, mark_area);
    if opts.marks {
        marks::add(&mut lo, &sizes, &opts.bleed).map_err(PdfError::Other)?;
    }
    if let Some(x) = &opts.pdfx {
        pdfx::apply(&mut lo, x, meta).map_err(PdfError::Other)?;
    }
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes)
        .map_err(|e| PdfError::Other(format!("PDF writer: {e}")))?;
    Ok(bytes)
}

/// printpdf writes `/GTS_PDFXVersion ()` into the document info even for a plain PDF,
/// which preflight tools read as a (broken) PDF/X claim; it also writes empty
/// author/subject/keyword strings. Drop those.
fn tidy_info(doc: &mut lopdf::Document) {
    let Ok(id) = doc.trailer.get(b"Info").and_then(|o| o.as_reference()) else {
        return;
    };
    let Ok(info) = doc.get_dictionary_mut(id) else {
        return;
    };
    let empty: Vec<Vec<u8>> = info
        .iter()
        .filter(|(k, v)| {
            k.as_slice() == b"GTS_PDFXVersion" || v.as_str().is_ok_and(|s| s.is_empty())
        })
        .map(|(k, _)| k.clone())
        .collect();
    for k in empty {
        info.remove(&k);
    }
}

/// Title, producer and the edition's date as creation/modification date (not "now", so
/// the same edition exports to the same bytes apart from printpdf's random ids).
fn set_info(doc: &mut PdfDocument, meta: &PdfMeta) {
    let info = &mut doc.metadata.info;
    info.producer = format!("Huaban {}", env!("CARGO_PKG_VERSION"));
    info.creator = "Huaban (画版)".to_string();
    if let Some(d) = parse_iso_date(&meta.date) {
        info.creation_date = d;
        info.modification_date = d;
        info.metadata_date = d;
    }
}

/// `YYYY-MM-DD` as midnight UTC.
fn parse_iso_date(s: &str) -> Option<printpdf::OffsetDateTime> {
    let mut it = s.trim().splitn(3, '-');
    let year: i32 = it.next()?.parse().ok()?;
    let month: u8 = it.next()?.parse().ok()?;
    let day: u8 = it.next()?.get(..2)?.parse().ok()?;
    if !(1..=9999).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(printpdf::DateTime {
        date: printpdf::Date { year, month, day },
        time: printpdf::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        offset: printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    })
}

/// Adds every image file used on `pages` once; a file used twice is embedded once.
fn add_images(
    pages: &[DisplayPage],
    doc: &mut PdfDocument,
) -> Result<HashMap<PathBuf, XObjectId>, PdfError> {
    let mut ids = HashMap::new();
    for it in pages.iter().flat_map(|p| &p.items) {
        let Item::Image(img) = it else { continue };
        if ids.contains_key(&img.path) {
            continue;
        }
        let x = images::load(&img.path).map_err(PdfError::Other)?;
        ids.insert(img.path.clone(), doc.add_xobject(&x));
    }
    Ok(ids)
}
