//! What the pointer does on the canvas: pan, select, move, resize by handles, draw new
//! frames with the frame tools, and link text frames through their out-ports. Moves,
//! resizes and drawn frames snap (see [`super::snap`]) and show the guides they met.

use super::canvas::Canvas;
use super::commands::Edit;
use super::snap::{Guide, Snap};
use super::state::{Document, Tool, View};
use crate::units::pt_to_mm;
use egui::{pos2, CursorIcon, Key, PointerButton, Pos2, Rect, Response, Vec2};

/// Snap distance in screen pixels.
const SNAP_PX: f32 = 6.0;
/// Half the side of a resize handle, in screen pixels.
pub const HANDLE_PX: f32 = 4.5;
/// Side of the out-port square, in screen pixels.
pub const PORT_PX: f32 = 11.0;
/// Smallest frame drawn by dragging, in points (shorter drags are clicks).
const MIN_DRAW_PT: f32 = 4.0;

/// The drag in progress.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Gesture {
    #[default]
    None,
    Pan,
    /// Moving frame `id` (its rectangle when the drag started, page point of the press).
    Move {
        id: String,
        orig: Rect,
        start: Pos2,
    },
    /// Resizing frame `id` by a handle: which edges move (−1 min, 1 max, 0 none).
    Resize {
        id: String,
        orig: Rect,
        hx: i8,
        hy: i8,
    },
    /// Drawing a new frame from `start` (page pt).
    Draw {
        start: Pos2,
    },
}

/// A frame the user drew: the tool and its rectangle in mm (x, y, w, h).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drawn {
    pub tool: Tool,
    pub page: usize,
    pub rect_mm: [f64; 4],
}

/// What a frame of interaction produced.
#[derive(Debug, Default)]
pub struct Outcome {
    pub edit: Option<Edit>,
    pub drawn: Option<Drawn>,
    /// Where the rectangle being dragged is now (page pt), for the preview.
    pub preview: Option<Rect>,
    pub guides: Vec<Guide>,
}

/// Rounds points to millimetres with one decimal.
pub fn mm1(pt: f32) -> f64 {
    (pt_to_mm(pt as f64) * 10.0).round() / 10.0
}

/// The frame's rectangle in page points, from the model.
pub fn model_rect(doc: &Document, id: &str) -> Option<Rect> {
    let (p, f) = doc.edition.find_frame(id)?;
    let f = &doc.edition.pages[p].frames[f];
    let pt = |mm: f64| crate::units::mm_to_pt(mm) as f32;
    Some(Rect::from_min_size(
        pos2(pt(f.x), pt(f.y)),
        Vec2::new(pt(f.w), pt(f.h)),
    ))
}

/// The 8 handles of a screen rectangle: (hx, hy, centre).
pub fn handles(r: Rect) -> Vec<(i8, i8, Pos2)> {
    let mut out = Vec::new();
    for hy in [-1i8, 0, 1] {
        for hx in [-1i8, 0, 1] {
            if hx == 0 && hy == 0 {
                continue;
            }
            let x = [r.min.x, r.center().x, r.max.x][(hx + 1) as usize];
            let y = [r.min.y, r.center().y, r.max.y][(hy + 1) as usize];
            out.push((hx, hy, pos2(x, y)));
        }
    }
    out
}

/// The out-port of a text frame on screen: a square on the right edge near the bottom.
pub fn out_port(r: Rect) -> Rect {
    let c = pos2(r.max.x, (r.max.y - 2.0 * PORT_PX).max(r.center().y));
    Rect::from_center_size(c, Vec2::splat(PORT_PX))
}

/// The in-port: on the left edge near the top.
pub fn in_port(r: Rect) -> Rect {
    let c = pos2(r.min.x, (r.min.y + 2.0 * PORT_PX).min(r.center().y));
    Rect::from_center_size(c, Vec2::splat(PORT_PX))
}

fn is_text(doc: &Document, id: &str) -> bool {
    doc.edition
        .find_frame(id)
        .is_some_and(|(p, f)| doc.edition.pages[p].frames[f].story_id().is_some())
}

impl Canvas {
    /// Handles the pointer on the canvas for this frame.
    pub(super) fn gestures(
        &mut self,
        ui: &egui::Ui,
        response: &Response,
        doc: &Document,
        view: &mut View,
        origin: Pos2,
    ) -> Outcome {
        let mut out = Outcome::default();
        let to_page = |v: &View, p: Pos2| v.screen_to_page(origin, p);
        let tol = SNAP_PX / view.zoom.max(0.01);
        if ui.input(|i| i.key_pressed(Key::Escape)) {
            view.linking = None;
            self.gesture = Gesture::None;
        }
        let space = ui.input(|i| i.key_down(Key::Space));
        let press = ui
            .input(|i| i.pointer.press_origin())
            .or(response.interact_pointer_pos());

        // A click: link, select, or place a default-size frame.
        if response.clicked() {
            if let Some(p) = response.interact_pointer_pos() {
                let hit = doc.frame_at(view.page, to_page(view, p)).map(|f| f.0);
                if let Some(src) = view.linking.take() {
                    if let (Some(target), Some(story)) = (&hit, story_of(doc, &src)) {
                        if is_text(doc, target) && *target != src {
                            out.edit = Some(Edit::LinkFrames {
                                story,
                                frame: target.clone(),
                            });
                        }
                    }
                    view.selected = hit;
                } else if let Some(sel) = self.port_hit(doc, view, origin, p) {
                    view.linking = Some(sel);
                } else {
                    view.selected = hit;
                }
            }
        }

        if response.drag_started() {
            let start = press.unwrap_or_default();
            let pt = to_page(view, start);
            let on_frame = doc.frame_at(view.page, pt).map(|f| f.0);
            // Handles belong to the select tool; a frame tool draws even next to them.
            let handle = if view.tool == Tool::Select {
                self.handle_hit(doc, view, origin, start)
            } else {
                None
            };
            self.gesture = if response.drag_started_by(PointerButton::Middle)
                || (response.drag_started_by(PointerButton::Primary) && space)
            {
                Gesture::Pan
            } else if !response.drag_started_by(PointerButton::Primary) {
                Gesture::None
            } else if let Some((id, hx, hy)) = handle {
                let orig = model_rect(doc, &id).unwrap_or(Rect::NOTHING);
                Gesture::Resize { id, orig, hx, hy }
            } else if view.tool != Tool::Select {
                Gesture::Draw { start: pt }
            } else if let Some(id) = on_frame {
                view.selected = Some(id.clone());
                let orig = model_rect(doc, &id).unwrap_or(Rect::NOTHING);
                Gesture::Move {
                    id,
                    orig,
                    start: pt,
                }
            } else {
                Gesture::Pan
            };
        }

        let now = response.interact_pointer_pos().map(|p| to_page(view, p));
        let snap = || {
            let except = match &self.gesture {
                Gesture::Move { id, .. } | Gesture::Resize { id, .. } => Some(id.as_str()),
                _ => None,
            };
            Snap::for_page(doc, view.page, except)
        };
        match (&self.gesture, now) {
            (Gesture::Pan, _) if response.dragged() => {
                view.pan += response.drag_delta();
                ui.ctx().set_cursor_icon(CursorIcon::Grabbing);
            }
            (Gesture::Move { orig, start, .. }, Some(now)) => {
                let moved = orig.translate(now - *start);
                let d = snap().rect_shift(moved, tol, &mut out.guides);
                out.preview = Some(moved.translate(d));
                ui.ctx().set_cursor_icon(CursorIcon::Move);
            }
            (Gesture::Resize { orig, hx, hy, .. }, Some(now)) => {
                let (x, y) = snap().point(now.x, now.y, tol, &mut out.guides);
                let mut r = *orig;
                match hx {
                    -1 => r.min.x = x,
                    1 => r.max.x = x,
                    _ => out.guides.retain(|g| !matches!(g, Guide::X(_))),
                }
                match hy {
                    -1 => r.min.y = y,
                    1 => r.max.y = y,
                    _ => out.guides.retain(|g| !matches!(g, Guide::Y(_))),
                }
                out.preview = Some(Rect::from_two_pos(r.min, r.max));
            }
            (Gesture::Draw { start }, Some(now)) => {
                let s = snap();
                let mut g = Vec::new();
                let a = s.point(start.x, start.y, tol, &mut g);
                let b = s.point(now.x, now.y, tol, &mut out.guides);
                let mut r = Rect::from_two_pos(pos2(a.0, a.1), pos2(b.0, b.1));
                if view.tool == Tool::Rule {
                    // A rule is horizontal or vertical, whichever the drag is more.
                    if r.width() >= r.height() {
                        r.max.y = a.1;
                        r.min.y = a.1;
                    } else {
                        r.max.x = a.0;
                        r.min.x = a.0;
                    }
                }
                out.preview = Some(r);
                ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
            }
            _ => {}
        }

        if response.drag_stopped() {
            let g = std::mem::take(&mut self.gesture);
            if let Some(r) = out.preview {
                match g {
                    Gesture::Move { id, orig, .. } => {
                        let (dx, dy) = (
                            mm1(r.min.x) - mm1(orig.min.x),
                            mm1(r.min.y) - mm1(orig.min.y),
                        );
                        let round = |v: f64| (v * 10.0).round() / 10.0;
                        if dx != 0.0 || dy != 0.0 {
                            out.edit = Some(Edit::MoveFrame {
                                frame: id,
                                dx: round(dx),
                                dy: round(dy),
                            });
                        }
                    }
                    Gesture::Resize { id, .. } => {
                        out.edit = Some(Edit::ResizeFrame {
                            frame: id,
                            x: mm1(r.min.x),
                            y: mm1(r.min.y),
                            w: mm1(r.width()),
                            h: mm1(r.height()),
                        });
                    }
                    Gesture::Draw { .. } if r.width().max(r.height()) >= MIN_DRAW_PT => {
                        out.drawn = Some(Drawn {
                            tool: view.tool,
                            page: view.page,
                            rect_mm: [mm1(r.min.x), mm1(r.min.y), mm1(r.width()), mm1(r.height())],
                        });
                    }
                    _ => {}
                }
            }
            out.preview = None;
            out.guides.clear();
        }
        if self.gesture == Gesture::None && response.hovered() {
            if space {
                ui.ctx().set_cursor_icon(CursorIcon::Grab);
            } else if view.linking.is_some() {
                ui.ctx().set_cursor_icon(CursorIcon::Alias);
            } else if view.tool != Tool::Select {
                ui.ctx().set_cursor_icon(CursorIcon::Crosshair);
            } else if let Some(p) = response.hover_pos() {
                if let Some((_, hx, hy)) = self.handle_hit(doc, view, origin, p) {
                    ui.ctx().set_cursor_icon(match (hx, hy) {
                        (0, _) => CursorIcon::ResizeVertical,
                        (_, 0) => CursorIcon::ResizeHorizontal,
                        (a, b) if a == b => CursorIcon::ResizeNwSe,
                        _ => CursorIcon::ResizeNeSw,
                    });
                }
            }
        }
        out
    }

    /// The selected frame's handle under the screen point.
    fn handle_hit(
        &self,
        doc: &Document,
        view: &View,
        origin: Pos2,
        p: Pos2,
    ) -> Option<(String, i8, i8)> {
        let sel = view.selected.as_ref()?;
        let r = view.rect_to_screen(origin, model_rect(doc, sel)?);
        handles(r)
            .into_iter()
            .find(|(_, _, c)| (*c - p).length() <= HANDLE_PX + 2.0)
            .map(|(hx, hy, _)| (sel.clone(), hx, hy))
    }

    /// The selected text frame whose out-port is under the screen point.
    fn port_hit(&self, doc: &Document, view: &View, origin: Pos2, p: Pos2) -> Option<String> {
        let sel = view.selected.as_ref()?;
        if !is_text(doc, sel) {
            return None;
        }
        let r = view.rect_to_screen(origin, model_rect(doc, sel)?);
        out_port(r).expand(2.0).contains(p).then(|| sel.clone())
    }

    /// Where the out-port of the selected frame is on screen (for tests).
    pub fn out_port_of(&self, doc: &Document, view: &View, id: &str) -> Option<Pos2> {
        let r = view.rect_to_screen(self.last_rect.min, model_rect(doc, id)?);
        Some(out_port(r).center())
    }
}

fn story_of(doc: &Document, frame: &str) -> Option<String> {
    let (p, f) = doc.edition.find_frame(frame)?;
    doc.edition.pages[p].frames[f]
        .story_id()
        .map(str::to_string)
}
