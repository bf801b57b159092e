//! Display-list items → printpdf operations.

use super::fonts::DocFonts;
use crate::display::{DisplayPage, Item, Rect, Rotation, Stroke, TextRun};
use crate::model::Color;
use printpdf::{
    Codepoint, CurTransMat, ExtendedGraphicsStateId, Line, LinePoint, Op, PaintMode, PdfFontHandle,
    Point, Pt, TextItem, TextMatrix, XObjectId, XObjectTransform,
};
use std::collections::HashMap;
use std::path::PathBuf;

/// How a page is drawn beyond its items: colour space and overprinting.
pub(super) struct Style {
    /// Vector colours as DeviceRGB (screen) instead of DeviceCMYK.
    pub rgb: bool,
    /// The overprint ExtGState and the size (pt) below which 100 % K text uses it.
    pub overprint: Option<(ExtendedGraphicsStateId, f64)>,
}

/// Our CMYK (0–100 %) as printpdf's (0–1), drawn in DeviceCMYK, or for the screen in
/// DeviceRGB by the naive formula (R = (1 − C)(1 − K), …).
fn colour(c: Color, style: &Style) -> printpdf::Color {
    let [c, m, y, k] = c.0.map(|v| (v / 100.0).clamp(0.0, 1.0));
    if style.rgb {
        return printpdf::Color::Rgb(printpdf::Rgb {
            r: (1.0 - c) * (1.0 - k),
            g: (1.0 - m) * (1.0 - k),
            b: (1.0 - y) * (1.0 - k),
            icc_profile: None,
        });
    }
    printpdf::Color::Cmyk(printpdf::Cmyk {
        c,
        m,
        y,
        k,
        icc_profile: None,
    })
}

/// Solid black (0/0/0/100), the colour that overprints.
fn is_pure_black(c: Color) -> bool {
    let [c, m, y, k] = c.0;
    c <= 0.0 && m <= 0.0 && y <= 0.0 && k >= 100.0
}

/// Turns page coordinates (y down from the top) into PDF ones (y up from the bottom).
struct Flip {
    height: f64,
}

impl Flip {
    fn point(&self, x: f64, y: f64) -> Point {
        Point {
            x: Pt(x as f32),
            y: Pt((self.height - y) as f32),
        }
    }

    fn rect(&self, r: &Rect, mode: PaintMode) -> printpdf::Rect {
        printpdf::Rect {
            x: Pt(r.x as f32),
            y: Pt((self.height - r.bottom()) as f32),
            width: Pt(r.w as f32),
            height: Pt(r.h as f32),
            mode: Some(mode),
            winding_order: None,
        }
    }
}

/// The operations drawing one page.
pub(super) fn page_ops(
    page: &DisplayPage,
    fonts: &DocFonts,
    images: &HashMap<PathBuf, XObjectId>,
    style: &Style,
) -> Vec<Op> {
    let flip = Flip {
        height: page.height,
    };
    let mut ops = Vec::new();
    for item in &page.items {
        match item {
            Item::Text(run) => text(&mut ops, &flip, run, fonts, style),
            Item::Rect { rect, fill, stroke } => {
                rectangle(&mut ops, &flip, rect, *fill, stroke.as_ref(), style)
            }
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => line(&mut ops, &flip, (*x1, *y1), (*x2, *y2), stroke, style),
            Item::Image(img) => match images.get(&img.path) {
                Some(id) => image(&mut ops, &flip, id, &img.rect, &img.clip),
                None => missing_image(&mut ops, &flip, &img.clip, style),
            },
            Item::MissingImage { rect, .. } => missing_image(&mut ops, &flip, rect, style),
        }
    }
    ops
}

fn text(ops: &mut Vec<Op>, flip: &Flip, run: &TextRun, fonts: &DocFonts, style: &Style) {
    let Some(font) = fonts.fonts.get(&run.font) else {
        return;
    };
    if run.glyphs.is_empty() {
        return;
    }
    // Small solid-black text overprints, so a slight misregister shows no white halo.
    let overprint = style
        .overprint
        .as_ref()
        .filter(|(_, below)| run.size < *below && is_pure_black(run.color));
    if let Some((gs, _)) = overprint {
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::LoadGraphicsState { gs: gs.clone() });
    }
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFillColor {
        col: colour(run.color, style),
    });
    ops.push(Op::SetFont {
        font: PdfFontHandle::External(font.id.clone()),
        size: Pt(run.size as f32),
    });
    for g in &run.glyphs {
        let p = flip.point(g.x, g.y);
        let matrix = match run.rotation {
            Rotation::None => TextMatrix::Translate(p.x, p.y),
            // Baseline down the page, glyph tops to the right (PDF space is y up).
            Rotation::Cw90 => TextMatrix::Raw([0.0, -1.0, 1.0, 0.0, p.x.0, p.y.0]),
        };
        ops.push(Op::SetTextMatrix { matrix });
        // Every use of a glyph carries the same text: the ToUnicode map has one entry
        // per glyph, and printpdf keeps the last one it sees.
        let t = font.glyph_text.get(&g.id).cloned().unwrap_or_default();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![Codepoint::with_cid(g.id, 0.0, t)])],
        });
    }
    ops.push(Op::EndTextSection);
    if overprint.is_some() {
        ops.push(Op::RestoreGraphicsState);
    }
}

fn rectangle(
    ops: &mut Vec<Op>,
    flip: &Flip,
    rect: &Rect,
    fill: Option<Color>,
    stroke: Option<&Stroke>,
    style: &Style,
) {
    // A zero-width stroke would print as a device hairline: treat it as no stroke.
    let stroke = stroke.filter(|s| s.width > 0.0);
    let mode = match (fill, stroke) {
        (Some(_), Some(_)) => PaintMode::FillStroke,
        (Some(_), None) => PaintMode::Fill,
        (None, Some(_)) => PaintMode::Stroke,
        (None, None) => return,
    };
    if let Some(c) = fill {
        ops.push(Op::SetFillColor {
            col: colour(c, style),
        });
    }
    if let Some(s) = stroke {
        set_stroke(ops, s, style);
    }
    ops.push(Op::DrawRectangle {
        rectangle: flip.rect(rect, mode),
    });
}

fn set_stroke(ops: &mut Vec<Op>, s: &Stroke, style: &Style) {
    ops.push(Op::SetOutlineColor {
        col: colour(s.color, style),
    });
    ops.push(Op::SetOutlineThickness {
        pt: Pt(s.width as f32),
    });
}

fn line(
    ops: &mut Vec<Op>,
    flip: &Flip,
    a: (f64, f64),
    b: (f64, f64),
    stroke: &Stroke,
    style: &Style,
) {
    if stroke.width <= 0.0 {
        return;
    }
    set_stroke(ops, stroke, style);
    ops.push(Op::DrawLine {
        line: Line {
            points: vec![
                LinePoint {
                    p: flip.point(a.0, a.1),
                    bezier: false,
                },
                LinePoint {
                    p: flip.point(b.0, b.1),
                    bezier: false,
                },
            ],
            is_closed: false,
        },
    });
}

/// Draws the image over `rect`, clipped to `clip`.
fn image(ops: &mut Vec<Op>, flip: &Flip, id: &XObjectId, rect: &Rect, clip: &Rect) {
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::DrawRectangle {
        rectangle: flip.rect(clip, PaintMode::Clip),
    });
    // The image space is the unit square: scale it to `rect`, bottom-left corner first.
    let bl = flip.point(rect.x, rect.bottom());
    ops.push(Op::SetTransformationMatrix {
        matrix: CurTransMat::Raw([rect.w as f32, 0.0, 0.0, rect.h as f32, bl.x.0, bl.y.0]),
    });
    ops.push(Op::UseXobject {
        id: id.clone(),
        transform: XObjectTransform {
            no_auto_scale: true,
            ..Default::default()
        },
    });
    ops.push(Op::RestoreGraphicsState);
}

/// A light grey box with a cross: where a photo goes that could not be read.
fn missing_image(ops: &mut Vec<Op>, flip: &Flip, rect: &Rect, style: &Style) {
    let grey = Stroke {
        width: 0.5,
        color: Color([0.0, 0.0, 0.0, 45.0]),
    };
    ops.push(Op::SaveGraphicsState);
    rectangle(
        ops,
        flip,
        rect,
        Some(Color([0.0, 0.0, 0.0, 12.0])),
        Some(&grey),
        style,
    );
    line(
        ops,
        flip,
        (rect.x, rect.y),
        (rect.right(), rect.bottom()),
        &grey,
        style,
    );
    line(
        ops,
        flip,
        (rect.right(), rect.y),
        (rect.x, rect.bottom()),
        &grey,
        style,
    );
    ops.push(Op::RestoreGraphicsState);
}
