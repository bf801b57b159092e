//! The page canvas: shows the current page rasterised from the display list (the same one
//! the PDF and PNG backends draw), with frame outlines and margin/column guides painted
//! on top, and handles zoom and pan.

use super::commands::Edit;
use super::gestures::{self, Drawn, Gesture, Outcome};
use super::snap::Guide;
use super::state::{Document, View};
use crate::fonts::FontSet;
use crate::raster::{self, ImageCache};
use crate::units::mm_to_pt;
use egui::{
    pos2, Color32, ColorImage, Pos2, Rect, Sense, Stroke, StrokeKind, TextureHandle,
    TextureOptions, Vec2,
};

/// Largest texture side rendered for the whole page; above it only the visible part is.
pub const WHOLE_PAGE_MAX_PX: f32 = 4096.0;
/// Wait this long after the last zoom step before rendering at the new scale (seconds).
const ZOOM_SETTLE: f64 = 0.15;

const FRAME_COLOR: Color32 = Color32::from_rgb(40, 110, 230);
const HOVER_COLOR: Color32 = Color32::from_rgb(255, 140, 0);
const SELECTED_COLOR: Color32 = Color32::from_rgb(230, 30, 60);
const MARGIN_COLOR: Color32 = Color32::from_rgb(200, 60, 200);
const THREAD_COLOR: Color32 = Color32::from_rgb(0, 160, 80);
const GUIDE_COLOR: Color32 = Color32::from_rgb(255, 0, 200);
const COLUMN_COLOR: Color32 = Color32::from_rgba_premultiplied(0, 150, 170, 150);

/// What was rendered into the texture.
#[derive(Debug, Clone, PartialEq)]
struct RenderKey {
    revision: u64,
    page: usize,
    /// Physical pixels per point.
    scale: f32,
    /// The part of the page in the texture, in points.
    region: Rect,
}

/// The page texture and what it holds; re-rendered only when the key changes.
#[derive(Default)]
pub struct PageCache {
    texture: Option<TextureHandle>,
    key: Option<RenderKey>,
    images: ImageCache,
    last_zoom: f32,
    zoom_changed_at: f64,
    /// Number of renders so far (for tests and the debug status).
    pub renders: u64,
}

/// What the canvas reports for the status bar.
#[derive(Debug, Default, Clone)]
pub struct Hover {
    /// Pointer position on the page in points (also when outside the page).
    pub page_pt: Option<Pos2>,
    /// Frame id and story slug under the pointer.
    pub frame: Option<(String, String)>,
    /// An edit made on the canvas (a frame dragged), for the document to apply.
    pub edit: Option<Edit>,
    /// A frame drawn with a frame tool, for the app to create.
    pub drawn: Option<Drawn>,
}

/// Per-canvas interaction state.
pub struct Canvas {
    pub cache: PageCache,
    /// The drag in progress.
    pub(super) gesture: Gesture,
    /// Where the canvas was last frame, for menu commands like “100 %”.
    pub last_rect: Rect,
}

impl Default for Canvas {
    fn default() -> Self {
        Canvas {
            cache: PageCache::default(),
            gesture: Gesture::None,
            last_rect: Rect::ZERO,
        }
    }
}

impl Canvas {
    /// Shows the canvas in the remaining space of `ui`.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        doc: &Document,
        view: &mut View,
        fonts: &FontSet,
    ) -> Hover {
        let rect = ui.available_rect_before_wrap();
        let response = ui.allocate_rect(rect, Sense::click_and_drag());
        self.last_rect = rect;
        let origin = rect.min;
        let page_count = doc.page_count();
        if page_count == 0 {
            return Hover::default();
        }
        if view.page >= page_count {
            view.reset_for(page_count);
        }
        let page_size = doc.page_size(view.page).unwrap_or(Vec2::new(595.0, 842.0));
        let usable = rect.width() > 1.0 && rect.height() > 1.0;
        // Never refit under a drag in progress: the page would move under the pointer.
        let dragging = ui.input(|i| i.pointer.any_down() || i.pointer.any_released());
        if usable && (view.fit_pending || (!dragging && view.needs_refit(rect.size()))) {
            view.fit(page_size, rect.size());
        }

        self.zoom_and_scroll(ui, &response, view, origin);
        let mut out = self.gestures(ui, &response, doc, view, origin);

        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, Color32::from_gray(96));
        let page_rect = view.rect_to_screen(origin, Rect::from_min_size(Pos2::ZERO, page_size));
        painter.rect_filled(
            page_rect.translate(Vec2::splat(3.0)),
            0.0,
            Color32::from_black_alpha(90),
        );
        painter.rect_filled(page_rect, 0.0, Color32::WHITE);

        let visible = Rect::from_min_max(
            view.screen_to_page(origin, rect.min),
            view.screen_to_page(origin, rect.max),
        );
        self.update_texture(ui, doc, view, fonts, page_size, visible);
        if let (Some(tex), Some(key)) = (&self.cache.texture, &self.cache.key) {
            if key.page == view.page {
                let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
                painter.image(
                    tex.id(),
                    view.rect_to_screen(origin, key.region),
                    uv,
                    Color32::WHITE,
                );
            }
        }

        let hover_pt = response.hover_pos().map(|p| view.screen_to_page(origin, p));
        let frame = hover_pt.and_then(|pt| doc.frame_at(view.page, pt));
        if view.show_guides {
            paint_guides(&painter, doc, view, origin);
        }
        if view.show_frames {
            paint_frames(
                &painter,
                doc,
                view,
                origin,
                frame.as_ref().map(|f| f.0.as_str()),
            );
        }
        if view.show_threads {
            paint_threads(&painter, doc, view, origin);
        }
        paint_selection(&painter, doc, view, origin, &out);
        Hover {
            page_pt: hover_pt,
            frame,
            edit: out.edit.take(),
            drawn: out.drawn.take(),
        }
    }

    fn zoom_and_scroll(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        view: &mut View,
        origin: Pos2,
    ) {
        if let Some(pos) = response.hover_pos() {
            let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta));
            if zoom != 1.0 {
                view.zoom_to(view.zoom * zoom, origin, pos);
            }
            if scroll != Vec2::ZERO {
                view.pan += scroll;
            }
        }
    }

    /// Re-renders the page texture if page, document, scale or (at high zoom) the visible
    /// region changed. While the user is still zooming, the old texture is shown scaled.
    fn update_texture(
        &mut self,
        ui: &egui::Ui,
        doc: &Document,
        view: &View,
        fonts: &FontSet,
        page_size: Vec2,
        visible: Rect,
    ) {
        let cache = &mut self.cache;
        let now = ui.input(|i| i.time);
        if cache.last_zoom != view.zoom {
            cache.last_zoom = view.zoom;
            cache.zoom_changed_at = now;
        }
        let max_side = WHOLE_PAGE_MAX_PX.min(ui.input(|i| i.max_texture_side) as f32);
        let scale = view.zoom * ui.ctx().pixels_per_point();
        let Some(region) = wanted_region(page_size, scale, visible, max_side) else {
            return;
        };
        // The part that must be in the texture: what is visible of the page, cut to the
        // size limit like the region itself.
        let needed = visible.intersect(page_rect(page_size));
        let needed =
            Rect::from_min_size(needed.min, needed.size().min(Vec2::splat(max_side / scale)));
        let fresh = cache.key.as_ref().is_some_and(|k| {
            k.revision == doc.revision
                && k.page == view.page
                && k.scale == scale
                && (k.region == region || k.region.expand(0.01).contains_rect(needed))
        });
        if fresh {
            return;
        }
        let same_page = cache
            .key
            .as_ref()
            .is_some_and(|k| k.page == view.page && k.revision == doc.revision);
        let settling = now - cache.zoom_changed_at < ZOOM_SETTLE;
        if same_page && settling {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(ZOOM_SETTLE));
            return;
        }
        let Some(dp) = doc.composition.display_page(view.page) else {
            return;
        };
        let whole = region == page_rect(page_size);
        let pixmap = if whole {
            raster::render(&dp, fonts, scale as f64, &cache.images)
        } else {
            let r = crate::display::Rect::new(
                region.min.x as f64,
                region.min.y as f64,
                region.width() as f64,
                region.height() as f64,
            );
            raster::render_region(&dp, fonts, scale as f64, &cache.images, r)
        };
        let size = [pixmap.width() as usize, pixmap.height() as usize];
        let image = ColorImage::from_rgba_premultiplied(size, pixmap.data());
        match &mut cache.texture {
            Some(t) => t.set(image, TextureOptions::LINEAR),
            None => {
                cache.texture = Some(ui.ctx().load_texture(
                    "huaban-page",
                    image,
                    TextureOptions::LINEAR,
                ))
            }
        }
        cache.renders += 1;
        cache.key = Some(RenderKey {
            revision: doc.revision,
            page: view.page,
            scale,
            region,
        });
    }
}

fn page_rect(size: Vec2) -> Rect {
    Rect::from_min_size(Pos2::ZERO, size)
}

/// The part of the page (pt) to render at `scale` px/pt: the whole page if it fits in
/// `max_side` pixels, else the visible part with some room around it for panning, at most
/// `max_side` pixels on each side. `None` if nothing of the page is visible.
pub fn wanted_region(page: Vec2, scale: f32, visible: Rect, max_side: f32) -> Option<Rect> {
    let whole = page_rect(page);
    if page.x * scale <= max_side && page.y * scale <= max_side {
        return Some(whole);
    }
    let vis = visible.intersect(whole);
    if vis.width() <= 0.0 || vis.height() <= 0.0 {
        return None;
    }
    let max_pt = max_side / scale;
    let pad = |len: f32| ((max_pt - len) / 2.0).clamp(0.0, len / 2.0);
    let grown = vis.expand2(Vec2::new(pad(vis.width()), pad(vis.height())));
    let r = grown.intersect(whole);
    // A visible part larger than the limit (a huge window) is cut to the limit.
    Some(Rect::from_min_size(
        r.min,
        r.size().min(Vec2::splat(max_pt)),
    ))
}

fn paint_guides(painter: &egui::Painter, doc: &Document, view: &View, origin: Pos2) {
    let Some(t) = doc
        .edition
        .pages
        .get(view.page)
        .and_then(|p| doc.edition.template_of(p))
    else {
        return;
    };
    let pt = |mm: f64| mm_to_pt(mm) as f32;
    let top = pt(t.margin_top);
    let bottom = pt(t.trim_h - t.margin_bottom);
    let type_area = Rect::from_min_max(
        pos2(pt(t.margin_left), top),
        pos2(pt(t.trim_w - t.margin_right), bottom),
    );
    let thin = Stroke::new(1.0, MARGIN_COLOR);
    painter.rect_stroke(
        view.rect_to_screen(origin, type_area),
        0.0,
        thin,
        StrokeKind::Middle,
    );
    let col = Stroke::new(1.0, COLUMN_COLOR);
    for i in 0..t.columns {
        let x0 = pt(t.column_x(i));
        let x1 = pt(t.column_x(i) + t.column_w());
        for x in [x0, x1] {
            if (x - type_area.min.x).abs() < 0.01 || (x - type_area.max.x).abs() < 0.01 {
                continue;
            }
            let a = view.page_to_screen(origin, pos2(x, top));
            let b = view.page_to_screen(origin, pos2(x, bottom));
            painter.line_segment([a, b], col);
        }
    }
}

fn paint_frames(
    painter: &egui::Painter,
    doc: &Document,
    view: &View,
    origin: Pos2,
    hovered: Option<&str>,
) {
    let Some(cp) = doc.composition.pages.get(view.page) else {
        return;
    };
    for (id, r) in &cp.frames {
        let rect = Rect::from_min_size(
            pos2(r.x as f32, r.y as f32),
            Vec2::new(r.w as f32, r.h as f32),
        );
        let screen = view.rect_to_screen(origin, rect);
        let (color, width) = if hovered == Some(id.as_str()) {
            (HOVER_COLOR, 2.0)
        } else {
            (FRAME_COLOR, 1.0)
        };
        painter.rect_stroke(screen, 0.0, Stroke::new(width, color), StrokeKind::Middle);
    }
}

/// The selected frame with its handles and ports, the frame being dragged or drawn, and
/// the snap guides it meets.
fn paint_selection(
    painter: &egui::Painter,
    doc: &Document,
    view: &View,
    origin: Pos2,
    out: &Outcome,
) {
    let stroke = Stroke::new(2.0, SELECTED_COLOR);
    if let Some(sel) = &view.selected {
        if let Some(r) = gestures::model_rect(doc, sel) {
            let r = view.rect_to_screen(origin, r);
            painter.rect_stroke(r, 0.0, stroke, StrokeKind::Outside);
            for (_, _, c) in gestures::handles(r) {
                let h = Rect::from_center_size(c, Vec2::splat(2.0 * gestures::HANDLE_PX));
                painter.rect_filled(h, 0.0, Color32::WHITE);
                painter.rect_stroke(h, 0.0, Stroke::new(1.0, SELECTED_COLOR), StrokeKind::Middle);
            }
            if let Some(fit) = text_fit(doc, sel) {
                paint_port(painter, gestures::in_port(r), false, false);
                paint_port(painter, gestures::out_port(r), true, fit);
            }
        }
    }
    if let Some(src) = &view.linking {
        if let Some(r) = gestures::model_rect(doc, src) {
            let r = view.rect_to_screen(origin, r);
            painter.rect_stroke(r, 0.0, Stroke::new(3.0, THREAD_COLOR), StrokeKind::Outside);
        }
    }
    if let Some(p) = out.preview {
        let r = view.rect_to_screen(origin, p);
        painter.rect_filled(r, 0.0, SELECTED_COLOR.gamma_multiply(0.15));
        painter.rect_stroke(r, 0.0, stroke, StrokeKind::Middle);
    }
    let page = doc.page_size(view.page).unwrap_or(Vec2::ZERO);
    let guide = Stroke::new(1.0, GUIDE_COLOR);
    for g in &out.guides {
        let (a, b) = match *g {
            Guide::X(x) => (pos2(x, 0.0), pos2(x, page.y)),
            Guide::Y(y) => (pos2(0.0, y), pos2(page.x, y)),
        };
        painter.line_segment(
            [
                view.page_to_screen(origin, a),
                view.page_to_screen(origin, b),
            ],
            guide,
        );
    }
}

/// For a text frame: whether its story is overset (the out-port shows a red plus).
fn text_fit(doc: &Document, id: &str) -> Option<bool> {
    let (p, f) = doc.edition.find_frame(id)?;
    let story = doc.edition.pages[p].frames[f].story_id()?;
    Some(
        doc.composition
            .stories
            .get(story)
            .is_some_and(|f| f.overset_chars > 0),
    )
}

fn paint_port(painter: &egui::Painter, r: Rect, out: bool, overset: bool) {
    painter.rect_filled(r, 0.0, Color32::WHITE);
    painter.rect_stroke(r, 0.0, Stroke::new(1.0, FRAME_COLOR), StrokeKind::Middle);
    let c = r.center();
    let s = r.width() * 0.3;
    if overset {
        let red = Stroke::new(2.0, SELECTED_COLOR);
        painter.line_segment([c - Vec2::X * s, c + Vec2::X * s], red);
        painter.line_segment([c - Vec2::Y * s, c + Vec2::Y * s], red);
    } else if out {
        painter.arrow(
            c - Vec2::X * s,
            Vec2::X * 2.0 * s,
            Stroke::new(1.5, FRAME_COLOR),
        );
    }
}

/// Arrows from each text frame to the next in its story's thread; to a frame on another
/// page, an arrow off the right edge with the page number.
fn paint_threads(painter: &egui::Painter, doc: &Document, view: &View, origin: Pos2) {
    let ed = &doc.edition;
    let stroke = Stroke::new(2.0, THREAD_COLOR);
    for s in &ed.stories {
        for pair in s.thread.windows(2) {
            let (Some((pa, _)), Some((pb, _))) = (ed.find_frame(&pair[0]), ed.find_frame(&pair[1]))
            else {
                continue;
            };
            let ra = gestures::model_rect(doc, &pair[0]).map(|r| view.rect_to_screen(origin, r));
            let rb = gestures::model_rect(doc, &pair[1]).map(|r| view.rect_to_screen(origin, r));
            let (Some(ra), Some(rb)) = (ra, rb) else {
                continue;
            };
            if pa == view.page && pb == view.page {
                let a = gestures::out_port(ra).center();
                let b = gestures::in_port(rb).center();
                painter.arrow(a, b - a, stroke);
            } else if pa == view.page {
                let a = gestures::out_port(ra).center();
                painter.arrow(a, Vec2::new(30.0, 0.0), stroke);
                painter.text(
                    a + Vec2::new(34.0, 0.0),
                    egui::Align2::LEFT_CENTER,
                    format!("→ {}", pb + 1),
                    egui::FontId::proportional(13.0),
                    THREAD_COLOR,
                );
            } else if pb == view.page {
                let b = gestures::in_port(rb).center();
                painter.arrow(b - Vec2::new(30.0, 0.0), Vec2::new(30.0, 0.0), stroke);
                painter.text(
                    b - Vec2::new(34.0, 0.0),
                    egui::Align2::RIGHT_CENTER,
                    format!("{} →", pa + 1),
                    egui::FontId::proportional(13.0),
                    THREAD_COLOR,
                );
            }
        }
    }
}
