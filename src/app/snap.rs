//! Snapping while drawing, moving and resizing frames: to the margins, the column edges,
//! the baseline grid and the edges of the page's other frames. Positions in points.

use super::state::Document;
use crate::units::mm_to_pt;

/// Where something snapped: the guide to draw (a vertical line at `x` or a horizontal
/// line at `y`, in points) .
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Guide {
    X(f32),
    Y(f32),
}

/// Snap targets of one page.
#[derive(Debug, Default, Clone)]
pub struct Snap {
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
}

impl Snap {
    /// The targets of `page`, leaving out frame `except` (the one being moved).
    pub fn for_page(doc: &Document, page: usize, except: Option<&str>) -> Snap {
        let mut s = Snap::default();
        let ed = &doc.edition;
        let Some(p) = ed.pages.get(page) else {
            return s;
        };
        let pt = |mm: f64| mm_to_pt(mm) as f32;
        if let Some(t) = ed.template_of(p) {
            s.xs.extend([
                0.0,
                pt(t.trim_w),
                pt(t.margin_left),
                pt(t.trim_w - t.margin_right),
            ]);
            for i in 0..t.columns {
                s.xs.push(pt(t.column_x(i)));
                s.xs.push(pt(t.column_x(i) + t.column_w()));
            }
            s.ys.extend([
                0.0,
                pt(t.trim_h),
                pt(t.margin_top),
                pt(t.trim_h - t.margin_bottom),
            ]);
            let top = pt(t.margin_top);
            for k in 0..=t.grid_lines() {
                s.ys.push(top + k as f32 * t.grid_pt as f32);
            }
        }
        for f in &p.frames {
            if Some(f.id.as_str()) == except {
                continue;
            }
            s.xs.extend([pt(f.x), pt(f.x + f.w)]);
            s.ys.extend([pt(f.y), pt(f.y + f.h)]);
        }
        s
    }

    /// `v` moved to the nearest target within `tol`, and that target.
    fn nearest(targets: &[f32], v: f32, tol: f32) -> Option<f32> {
        targets
            .iter()
            .copied()
            .filter(|t| (t - v).abs() <= tol)
            .min_by(|a, b| (a - v).abs().total_cmp(&(b - v).abs()))
    }

    /// Snaps a point; returns it and the guides it snapped to.
    pub fn point(&self, x: f32, y: f32, tol: f32, guides: &mut Vec<Guide>) -> (f32, f32) {
        let sx = Self::nearest(&self.xs, x, tol);
        let sy = Self::nearest(&self.ys, y, tol);
        if let Some(v) = sx {
            guides.push(Guide::X(v));
        }
        if let Some(v) = sy {
            guides.push(Guide::Y(v));
        }
        (sx.unwrap_or(x), sy.unwrap_or(y))
    }

    /// The shift that makes one of the edges `a` or `b` (along one axis) meet a target
    /// within `tol`, and the target.
    pub fn shift(targets: &[f32], a: f32, b: f32, tol: f32) -> Option<(f32, f32)> {
        let da = Self::nearest(targets, a, tol).map(|t| (t - a, t));
        let db = Self::nearest(targets, b, tol).map(|t| (t - b, t));
        match (da, db) {
            (Some(x), Some(y)) => Some(if x.0.abs() <= y.0.abs() { x } else { y }),
            (x, y) => x.or(y),
        }
    }

    /// Snaps a moved rectangle (left/right and top/bottom edges) by shifting it.
    pub fn rect_shift(&self, r: egui::Rect, tol: f32, guides: &mut Vec<Guide>) -> egui::Vec2 {
        let mut d = egui::Vec2::ZERO;
        if let Some((dx, t)) = Self::shift(&self.xs, r.min.x, r.max.x, tol) {
            d.x = dx;
            guides.push(Guide::X(t));
        }
        if let Some((dy, t)) = Self::shift(&self.ys, r.min.y, r.max.y, tol) {
            d.y = dy;
            guides.push(Guide::Y(t));
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snaps_to_the_nearest_target_within_tolerance() {
        let s = Snap {
            xs: vec![10.0, 20.0],
            ys: vec![5.0],
        };
        let mut g = Vec::new();
        assert_eq!(s.point(11.0, 50.0, 2.0, &mut g), (10.0, 50.0));
        assert_eq!(g, vec![Guide::X(10.0)]);
        g.clear();
        assert_eq!(s.point(15.0, 6.5, 2.0, &mut g), (15.0, 5.0));
        assert_eq!(g, vec![Guide::Y(5.0)]);
        // The right edge snaps when it is the closer one.
        assert_eq!(Snap::shift(&s.xs, 0.0, 19.5, 2.0), Some((0.5, 20.0)));
    }
}
