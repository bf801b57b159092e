//! PNG backend: rasterises display-list pages with tiny-skia. (Being written: issue 3.)

use crate::display::DisplayPage;
use crate::fonts::FontSet;
use std::path::Path;

/// Decoded images, shared between renders.
#[derive(Default)]
pub struct ImageCache {}

/// Renders a page at `scale` pixels per point on white.
pub fn render(
    page: &DisplayPage,
    _fonts: &FontSet,
    scale: f64,
    _images: &ImageCache,
) -> tiny_skia::Pixmap {
    let w = (page.width * scale).ceil().max(1.0) as u32;
    let h = (page.height * scale).ceil().max(1.0) as u32;
    let mut p = tiny_skia::Pixmap::new(w, h).expect("page size checked by the model");
    p.fill(tiny_skia::Color::WHITE);
    p
}

pub fn save_png(pixmap: &tiny_skia::Pixmap, path: &Path) -> Result<(), String> {
    pixmap.save_png(path).map_err(|e| e.to_string())
}

/// Renders only `region` (points, page coordinates) of a page at `scale` pixels per point:
/// the editor's view at high zoom. Pixel (0,0) is the region's top-left corner.
pub fn render_region(
    page: &DisplayPage,
    fonts: &FontSet,
    scale: f64,
    images: &ImageCache,
    region: crate::display::Rect,
) -> tiny_skia::Pixmap {
    let _ = (page, fonts, images);
    let w = (region.w * scale).ceil().max(1.0) as u32;
    let h = (region.h * scale).ceil().max(1.0) as u32;
    let mut p = tiny_skia::Pixmap::new(w, h).expect("region size is bounded by the caller");
    p.fill(tiny_skia::Color::WHITE);
    p
}
