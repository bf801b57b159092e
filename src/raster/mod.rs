//! PNG backend: rasterises display-list pages with tiny-skia.
//!
//! Text is drawn from glyph outlines (CFF and TrueType alike, read with skrifa), cached
//! as paths in font units and filled anti-aliased with one transform per glyph. Photos
//! are decoded once per size bucket and drawn as a pattern clipped to their frame. Both
//! caches live in [`ImageCache`], which the editor keeps across redraws.

mod glyphs;
mod images;

use crate::display::{DisplayPage, Item, Rect, Rotation, Stroke, TextRun};
use crate::fonts::{default_family, Face, FontSet};
use crate::model::{Color, FontRole};
use std::path::Path;
use std::sync::Mutex;
use tiny_skia::{
    FillRule, FilterQuality, Paint, PathBuilder, Pattern, Pixmap, SpreadMode, Transform,
};

/// The largest pixmap side a render produces; larger requests are cropped to it.
pub const MAX_SIDE: u32 = 20_000;
/// The largest pixel count a render produces (≈1.2 GB); larger requests lose rows.
pub const MAX_PIXELS: u64 = 300_000_000;

/// Decoded images and glyph outlines, shared between renders (and threads).
#[derive(Default)]
pub struct ImageCache {
    images: Mutex<images::Images>,
    glyphs: glyphs::GlyphCache,
}

impl ImageCache {
    /// How many (image, size bucket) entries are cached.
    pub fn image_entries(&self) -> usize {
        self.images.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    /// How many glyph outlines are cached.
    pub fn glyph_entries(&self) -> usize {
        self.glyphs.len()
    }
}

/// Renders a page at `scale` pixels per point on white.
pub fn render(page: &DisplayPage, fonts: &FontSet, scale: f64, images: &ImageCache) -> Pixmap {
    let whole = Rect::new(0.0, 0.0, page.width, page.height);
    render_region(page, fonts, scale, images, whole)
}

pub fn save_png(pixmap: &Pixmap, path: &Path) -> Result<(), String> {
    pixmap.save_png(path).map_err(|e| e.to_string())
}

/// Pixel size of `region` at `scale`: ceil of its size, at least 1, at most [`MAX_SIDE`]
/// a side and [`MAX_PIXELS`] in all (excess columns and rows are cropped). Nonsense
/// (NaN, infinite, negative) gives 1×1.
pub fn pixel_size(region: Rect, scale: f64) -> (u32, u32) {
    let side = |v: f64| {
        let px = (v * scale).ceil();
        if px.is_finite() && px >= 1.0 {
            px.min(MAX_SIDE as f64) as u32
        } else {
            1
        }
    };
    let w = side(region.w);
    let h = side(region.h).min((MAX_PIXELS / w as u64).max(1) as u32);
    (w, h)
}

/// Renders only `region` (points, page coordinates) of a page at `scale` pixels per point:
/// the editor's view at high zoom. Pixel (0,0) is the region's top-left corner.
pub fn render_region(
    page: &DisplayPage,
    fonts: &FontSet,
    scale: f64,
    images: &ImageCache,
    region: Rect,
) -> Pixmap {
    let (w, h) = pixel_size(region, scale);
    let mut pix = Pixmap::new(w, h).expect("pixel_size gives a non-zero size within limits");
    pix.fill(tiny_skia::Color::WHITE);
    let ok = |v: f64| v.is_finite();
    if !(ok(scale) && scale > 0.0 && ok(region.x) && ok(region.y)) {
        return pix;
    }
    let mut c = Canvas {
        pix: &mut pix,
        scale,
        origin: (region.x, region.y),
        // What the pixmap shows, in points (after any cropping).
        view: Rect::new(region.x, region.y, w as f64 / scale, h as f64 / scale),
        fonts,
        cache: images,
    };
    for item in &page.items {
        c.item(item);
    }
    pix
}

struct Canvas<'a> {
    pix: &'a mut Pixmap,
    scale: f64,
    origin: (f64, f64),
    view: Rect,
    fonts: &'a FontSet,
    cache: &'a ImageCache,
}

fn paint(color: Color) -> Paint<'static> {
    let [r, g, b] = color.to_rgb8();
    let mut p = Paint::default();
    p.set_color_rgba8(r, g, b, 255);
    p.anti_alias = true;
    p
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// `r` grown by `d` on every side.
fn grow(r: Rect, d: f64) -> Rect {
    Rect::new(r.x - d, r.y - d, r.w + 2.0 * d, r.h + 2.0 * d)
}

fn intersect(a: Rect, b: Rect) -> Option<Rect> {
    let (x0, y0) = (a.x.max(b.x), a.y.max(b.y));
    let (x1, y1) = (a.right().min(b.right()), a.bottom().min(b.bottom()));
    (x1 > x0 && y1 > y0).then(|| Rect::new(x0, y0, x1 - x0, y1 - y0))
}

fn sk_rect(r: Rect) -> Option<tiny_skia::Rect> {
    tiny_skia::Rect::from_xywh(r.x as f32, r.y as f32, r.w as f32, r.h as f32)
}

impl Canvas<'_> {
    /// Page points → pixels.
    fn transform(&self) -> Transform {
        let s = self.scale as f32;
        Transform::from_row(
            s,
            0.0,
            0.0,
            s,
            (-self.origin.0 * self.scale) as f32,
            (-self.origin.1 * self.scale) as f32,
        )
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Text(run) => self.text(run),
            Item::Rect { rect, fill, stroke } => {
                let pad = stroke.map_or(0.0, |s| s.width);
                if overlaps(grow(*rect, pad), self.view) {
                    self.rect(*rect, *fill, *stroke);
                }
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                let bb = Rect::new(x1.min(*x2), y1.min(*y2), (x2 - x1).abs(), (y2 - y1).abs());
                if overlaps(grow(bb, stroke.width.max(1.0)), self.view) {
                    let mut pb = PathBuilder::new();
                    pb.move_to(*x1 as f32, *y1 as f32);
                    pb.line_to(*x2 as f32, *y2 as f32);
                    if let Some(path) = pb.finish() {
                        self.stroke(&path, *stroke);
                    }
                }
            }
            Item::Image(img) => {
                let Some(clip) = intersect(img.clip, img.rect) else {
                    return;
                };
                if !overlaps(clip, self.view) {
                    return;
                }
                if !self.image(&img.path, img.rect, clip) {
                    self.missing(clip);
                    self.missing_label(clip, &img.path);
                }
            }
            Item::MissingImage { rect, path } => {
                if overlaps(grow(*rect, 1.0), self.view) {
                    self.missing(*rect);
                    self.missing_label(*rect, path);
                }
            }
        }
    }

    fn stroke(&mut self, path: &tiny_skia::Path, stroke: Stroke) {
        let st = tiny_skia::Stroke {
            width: stroke.width.max(0.0) as f32,
            ..Default::default()
        };
        let ts = self.transform();
        self.pix
            .stroke_path(path, &paint(stroke.color), &st, ts, None);
    }

    fn rect(&mut self, rect: Rect, fill: Option<Color>, stroke: Option<Stroke>) {
        let Some(r) = sk_rect(rect) else { return };
        let ts = self.transform();
        if let Some(f) = fill {
            self.pix.fill_rect(r, &paint(f), ts, None);
        }
        if let Some(s) = stroke {
            self.stroke(&PathBuilder::from_rect(r), s);
        }
    }

    /// A light grey box with a cross, for a photo that cannot be read.
    fn missing(&mut self, rect: Rect) {
        let Some(r) = sk_rect(rect) else { return };
        let ts = self.transform();
        let mut fill = Paint::default();
        fill.set_color_rgba8(0xE4, 0xE4, 0xE4, 255);
        self.pix.fill_rect(r, &fill, ts, None);
        let mut pb = PathBuilder::new();
        pb.push_rect(r);
        pb.move_to(r.left(), r.top());
        pb.line_to(r.right(), r.bottom());
        pb.move_to(r.right(), r.top());
        pb.line_to(r.left(), r.bottom());
        if let Some(path) = pb.finish() {
            let mut p = Paint::default();
            p.set_color_rgba8(0x99, 0x99, 0x99, 255);
            p.anti_alias = true;
            // About one pixel, but at least a hairline's worth in points.
            let st = tiny_skia::Stroke {
                width: (1.0 / self.scale).max(0.5) as f32,
                ..Default::default()
            };
            self.pix.stroke_path(&path, &p, &st, ts, None);
        }
    }

    /// Draws the photo at `path` scaled into `rect`, visible only inside `clip`; false if
    /// it cannot be read.
    fn image(&mut self, path: &Path, rect: Rect, clip: Rect) -> bool {
        if rect.w <= 0.0 || rect.h <= 0.0 {
            return true;
        }
        let Some(src) = images::load(&self.cache.images, path, rect.w * self.scale) else {
            return false;
        };
        let (pw, ph) = (src.width() as f64, src.height() as f64);
        // Image pixels → page points.
        let pattern_ts = Transform::from_row(
            (rect.w / pw) as f32,
            0.0,
            0.0,
            (rect.h / ph) as f32,
            rect.x as f32,
            rect.y as f32,
        );
        let quality = if rect.w * self.scale > pw * 1.01 || rect.w * self.scale < pw * 0.99 {
            FilterQuality::Bilinear
        } else {
            FilterQuality::Nearest
        };
        let paint = Paint {
            shader: Pattern::new((*src).as_ref(), SpreadMode::Pad, quality, 1.0, pattern_ts),
            anti_alias: true,
            ..Default::default()
        };
        if let Some(r) = sk_rect(clip) {
            let ts = self.transform();
            self.pix.fill_rect(r, &paint, ts, None);
        }
        true
    }

    fn text(&mut self, run: &TextRun) {
        let Some(face) = self.fonts.get(run.font) else {
            return;
        };
        let glyphs: Vec<_> = run.glyphs.iter().map(|g| (g.id, g.x, g.y)).collect();
        match run.rotation {
            Rotation::None => self.glyphs(face, run.size, run.color, &glyphs),
            Rotation::Cw90 => self.glyphs_cw90(face, run.size, run.color, &glyphs),
        }
    }

    /// Like [`Canvas::glyphs`], each glyph turned 90° clockwise about its pen position:
    /// its baseline runs down the page and its top faces right (vertical text).
    fn glyphs_cw90(&mut self, face: &Face, size: f64, color: Color, glyphs: &[(u16, f64, f64)]) {
        if !(size.is_finite() && size > 0.0) || glyphs.is_empty() {
            return;
        }
        // Ink lies right of the pen (the glyph's height) and below it (its advance).
        let v = self.view;
        let visible = |x: f64, y: f64| {
            x - 0.6 * size < v.right()
                && x + 1.5 * size > v.x
                && y - size < v.bottom()
                && y + 2.0 * size > v.y
        };
        let shown: Vec<_> = glyphs.iter().filter(|g| visible(g.1, g.2)).collect();
        if shown.is_empty() {
            return;
        }
        let outlines = self.cache.glyphs.outlines(face, shown.iter().map(|g| g.0));
        let paint = paint(color);
        let k = (size / face.units_per_em * self.scale) as f32;
        for (&&(_, x, y), outline) in shown.iter().zip(outlines) {
            let Some(path) = outline else { continue };
            // Font x (advance) → down the page, font y (up) → right.
            let ts = Transform::from_row(
                0.0,
                k,
                k,
                0.0,
                ((x - self.origin.0) * self.scale) as f32,
                ((y - self.origin.1) * self.scale) as f32,
            );
            self.pix
                .fill_path(&path, &paint, FillRule::Winding, ts, None);
        }
    }

    /// Fills glyphs `(id, pen x, pen y on the baseline)` of `face` at `size` points.
    fn glyphs(&mut self, face: &Face, size: f64, color: Color, glyphs: &[(u16, f64, f64)]) {
        if !(size.is_finite() && size > 0.0) || glyphs.is_empty() {
            return;
        }
        // Generous glyph box around the pen position: CJK glyphs fill about one em above
        // the baseline; Latin descenders and wide glyphs are covered by the margins.
        let v = self.view;
        let visible = |x: f64, y: f64| {
            x < v.right() + size
                && x + 2.0 * size > v.x
                && y - 1.5 * size < v.bottom()
                && y + 0.6 * size > v.y
        };
        let shown: Vec<_> = glyphs.iter().filter(|g| visible(g.1, g.2)).collect();
        if shown.is_empty() {
            return;
        }
        let outlines = self.cache.glyphs.outlines(face, shown.iter().map(|g| g.0));
        let paint = paint(color);
        let k = size / face.units_per_em * self.scale;
        for (&&(_, x, y), outline) in shown.iter().zip(outlines) {
            let Some(path) = outline else { continue };
            let ts = Transform::from_row(
                k as f32,
                0.0,
                0.0,
                -k as f32,
                ((x - self.origin.0) * self.scale) as f32,
                ((y - self.origin.1) * self.scale) as f32,
            );
            self.pix
                .fill_path(&path, &paint, FillRule::Winding, ts, None);
        }
    }

    /// The file name of a missing photo in small grey type at the box's top left, cut
    /// at its right edge; left out if the box is too small or no sans face is found.
    fn missing_label(&mut self, rect: Rect, path: &Path) {
        const SIZE: f64 = 7.0;
        const PAD: f64 = 3.0;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.is_empty() || rect.h < SIZE + 2.0 * PAD || rect.w < 3.0 * SIZE {
            return;
        }
        let Some(id) = self.fonts.find(default_family(FontRole::Hei), false) else {
            return;
        };
        let face = self.fonts.face(id);
        let (mut x, y) = (rect.x + PAD, rect.y + PAD + SIZE * 0.88);
        let mut glyphs = Vec::new();
        for g in crate::fonts::shape(face, &name, &[]) {
            let adv = g.advance * SIZE;
            if x + adv > rect.right() - PAD {
                break;
            }
            if g.glyph != 0 {
                glyphs.push((g.glyph, x + g.x_offset * SIZE, y - g.y_offset * SIZE));
            }
            x += adv;
        }
        self.glyphs(face, SIZE, Color([0.0, 0.0, 0.0, 65.0]), &glyphs);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixel_size_rounds_up_and_caps() {
        let r = Rect::new(0.0, 0.0, 100.0, 50.5);
        assert_eq!(pixel_size(r, 1.0), (100, 51));
        assert_eq!(pixel_size(r, 2.0), (200, 101));
        assert_eq!(pixel_size(r, 1e9).0, MAX_SIDE);
        let (w, h) = pixel_size(Rect::new(0.0, 0.0, 1e6, 1e6), 1.0);
        assert!(w as u64 * h as u64 <= MAX_PIXELS);
        assert_eq!(pixel_size(r, f64::NAN), (1, 1));
        assert_eq!(pixel_size(r, -3.0), (1, 1));
        assert_eq!(pixel_size(Rect::new(0.0, 0.0, 0.0, 0.0), 1.0), (1, 1));
    }

    #[test]
    fn absurd_requests_do_not_panic() {
        let fonts = FontSet::load(&[], false);
        let page = DisplayPage {
            width: 100.0,
            height: 100.0,
            items: vec![Item::MissingImage {
                rect: Rect::new(10.0, 10.0, 50.0, 50.0),
                path: "nope.jpg".into(),
            }],
        };
        let cache = ImageCache::default();
        for scale in [f64::NAN, f64::INFINITY, -1.0, 0.0, 1e-9] {
            let p = render(&page, &fonts, scale, &cache);
            assert!(p.width() >= 1 && p.height() >= 1);
        }
    }
}
