//! Text wrap (绕排): photos, boxes and rules with wrap on push the lines of text frames
//! they overlap aside. A line keeps its grid cell; it is shortened to the widest free
//! stretch beside the objects, or skipped when that stretch is too narrow to set.

use crate::model::{Frame, Page};
use crate::units::mm_to_pt;

/// An object's bounding box grown by its wrap offset, in page points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Obstacle {
    pub(crate) x0: f64,
    pub(crate) y0: f64,
    pub(crate) x1: f64,
    pub(crate) y1: f64,
}

/// Tolerance in mm for “the text frame lies inside the object” (a box's own content).
const INSIDE_TOL: f64 = 0.1;

/// The objects on `page` that push the lines of text frame `f` aside: those that overlap
/// the frame. An object that contains the whole frame (a box around its text) does not
/// push its content out.
pub(crate) fn obstacles_for(page: &Page, f: &Frame) -> Vec<Obstacle> {
    let mut out = Vec::new();
    for o in &page.frames {
        if o.id == f.id {
            continue;
        }
        let Some(wrap) = o.kind.wrap() else { continue };
        let inside = f.x >= o.x - INSIDE_TOL
            && f.y >= o.y - INSIDE_TOL
            && f.x + f.w <= o.x + o.w + INSIDE_TOL
            && f.y + f.h <= o.y + o.h + INSIDE_TOL;
        if inside {
            continue;
        }
        // Only objects placed over the frame push its text; one that merely abuts it (a
        // photo above a story, on the layout grid) does not, whatever its offset.
        const E: f64 = 0.01;
        if o.x + o.w <= f.x + E
            || o.x >= f.x + f.w - E
            || o.y + o.h <= f.y + E
            || o.y >= f.y + f.h - E
        {
            continue;
        }
        let d = wrap.offset;
        let (x0, y0, x1, y1) = (o.x - d, o.y - d, o.x + o.w + d, o.y + o.h + d);
        out.push(Obstacle {
            x0: mm_to_pt(x0),
            y0: mm_to_pt(y0),
            x1: mm_to_pt(x1),
            y1: mm_to_pt(y1),
        });
    }
    out
}

/// The widest stretch of `x .. x + w` (pt) that no obstacle covers over the band
/// `top .. bottom`: (left, width). The whole measure when nothing is in the way.
pub(crate) fn free_span(obs: &[Obstacle], x: f64, w: f64, top: f64, bottom: f64) -> (f64, f64) {
    const EPS: f64 = 0.01;
    let mut spans = vec![(x, x + w)];
    for o in obs {
        if o.y0 >= bottom - EPS || o.y1 <= top + EPS {
            continue;
        }
        let mut next = Vec::with_capacity(spans.len() + 1);
        for (a, b) in spans {
            if o.x1 <= a + EPS || o.x0 >= b - EPS {
                next.push((a, b));
                continue;
            }
            if o.x0 > a {
                next.push((a, o.x0));
            }
            if o.x1 < b {
                next.push((o.x1, b));
            }
        }
        spans = next;
    }
    spans
        .into_iter()
        .map(|(a, b)| (a, b - a))
        .fold(
            (x, 0.0),
            |best, s| if s.1 > best.1 + EPS { s } else { best },
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ob(x0: f64, y0: f64, x1: f64, y1: f64) -> Obstacle {
        Obstacle { x0, y0, x1, y1 }
    }

    #[test]
    fn free_span_takes_the_wider_side() {
        let obs = [ob(40.0, 10.0, 70.0, 50.0)];
        assert_eq!(free_span(&obs, 0.0, 100.0, 0.0, 5.0), (0.0, 100.0));
        assert_eq!(free_span(&obs, 0.0, 100.0, 20.0, 34.0), (0.0, 40.0));
        let obs = [ob(10.0, 10.0, 50.0, 50.0)];
        assert_eq!(free_span(&obs, 0.0, 100.0, 20.0, 34.0), (50.0, 50.0));
        // Covered entirely.
        let obs = [ob(-5.0, 10.0, 120.0, 50.0)];
        assert_eq!(free_span(&obs, 0.0, 100.0, 20.0, 34.0).1, 0.0);
        // Touching edges do not count.
        let obs = [ob(100.0, 0.0, 120.0, 50.0), ob(0.0, 34.0, 100.0, 50.0)];
        assert_eq!(free_span(&obs, 0.0, 100.0, 20.0, 34.0), (0.0, 100.0));
    }
}
