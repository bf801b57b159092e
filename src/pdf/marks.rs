//! Crop (trim) marks outside the bleed, in the registration colour (`/Separation /All`,
//! so they print on every plate), added to each page with lopdf after printpdf's content.
//!
//! Geometry: a mark starts [`MARK_GAP_MM`] outside the bleed and is [`MARK_LEN_MM`] long,
//! on the lines of the trim's edges at each corner; the media box grows by
//! [`mark_area_pt`] beyond the bleed box to hold them.

use lopdf::{dictionary, Document, Object, ObjectId, Stream};

/// Gap between the bleed box and the start of a mark.
pub const MARK_GAP_MM: f64 = 2.0;
/// Length of a mark.
pub const MARK_LEN_MM: f64 = 5.0;
/// Mark line width in points.
pub const MARK_WIDTH_PT: f64 = 0.25;

fn mm(v: f64) -> f64 {
    v * 72.0 / 25.4
}

/// How far the media box reaches beyond the bleed box when marks are drawn.
pub fn mark_area_pt() -> f64 {
    mm(MARK_GAP_MM + MARK_LEN_MM + 1.0)
}

/// The mark strokes for a `w`×`h` pt trim with `bleed` pt bleed, as PDF operators.
fn marks_content(w: f64, h: f64, bleed: f64) -> String {
    let a = bleed + mm(MARK_GAP_MM);
    let b = a + mm(MARK_LEN_MM);
    let mut s = format!("q /HuabanReg CS 1 SCN {MARK_WIDTH_PT} w 0 J [] 0 d\n");
    for (x, sx) in [(0.0, -1.0), (w, 1.0)] {
        for (y, sy) in [(0.0, -1.0), (h, 1.0)] {
            // Horizontal mark on the line of the top/bottom edge, vertical on the side.
            s.push_str(&format!(
                "{:.3} {y:.3} m {:.3} {y:.3} l S\n",
                x + sx * a,
                x + sx * b
            ));
            s.push_str(&format!(
                "{x:.3} {:.3} m {x:.3} {:.3} l S\n",
                y + sy * a,
                y + sy * b
            ));
        }
    }
    s.push_str("Q\n");
    s
}

/// Draws crop marks on every page; `sizes` and `bleed` are per page in points.
pub(super) fn add(doc: &mut Document, sizes: &[(f64, f64)], bleed: &[f64]) -> Result<(), String> {
    let tint = doc.add_object(dictionary! {
        "FunctionType" => 2,
        "Domain" => vec![0.into(), 1.into()],
        "C0" => vec![0.into(), 0.into(), 0.into(), 0.into()],
        "C1" => vec![1.into(), 1.into(), 1.into(), 1.into()],
        "N" => 1,
    });
    let reg = Object::Array(vec![
        Object::Name(b"Separation".to_vec()),
        Object::Name(b"All".to_vec()),
        Object::Name(b"DeviceCMYK".to_vec()),
        Object::Reference(tint),
    ]);
    let open = doc.add_object(Stream::new(dictionary! {}, b"q\n".to_vec()));
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for (i, id) in pages.into_iter().enumerate() {
        let Some(&(w, h)) = sizes.get(i) else { break };
        let b = bleed.get(i).copied().unwrap_or(0.0).max(0.0);
        // Close whatever state the page content leaves open, then draw the marks.
        let body = format!("Q\n{}", marks_content(w, h, b));
        let marks = doc.add_object(Stream::new(dictionary! {}, body.into_bytes()));
        let page = doc
            .get_dictionary(id)
            .map_err(|e| format!("page {}: {e}", i + 1))?
            .clone();
        let mut contents = match page.get(b"Contents") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o @ Object::Reference(_)) => vec![o.clone()],
            _ => Vec::new(),
        };
        contents.insert(0, Object::Reference(open));
        contents.push(Object::Reference(marks));
        // The page's resources, inline or referenced, get the registration colour space.
        let mut res = match page.get(b"Resources") {
            Ok(Object::Reference(r)) => doc
                .get_dictionary(*r)
                .map_err(|e| format!("page {} resources: {e}", i + 1))?
                .clone(),
            Ok(Object::Dictionary(d)) => d.clone(),
            _ => lopdf::Dictionary::new(),
        };
        let mut spaces = match res.get(b"ColorSpace") {
            Ok(Object::Dictionary(d)) => d.clone(),
            Ok(Object::Reference(r)) => doc.get_dictionary(*r).cloned().unwrap_or_default(),
            _ => lopdf::Dictionary::new(),
        };
        spaces.set("HuabanReg", reg.clone());
        res.set("ColorSpace", spaces);
        let page = doc
            .get_dictionary_mut(id)
            .map_err(|e| format!("page {}: {e}", i + 1))?;
        page.set("Contents", Object::Array(contents));
        page.set("Resources", res);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stay_outside_the_bleed() {
        let bleed = mm(3.0);
        let s = marks_content(100.0, 200.0, bleed);
        // Every coordinate off the trim's edge lines lies beyond the bleed.
        let nums: Vec<f64> = s
            .split_whitespace()
            .filter_map(|t| t.parse::<f64>().ok())
            .collect();
        assert!(nums.iter().any(|&v| v < -bleed));
        for &v in &nums {
            assert!(
                !(v < 0.0 && v > -bleed - mm(MARK_GAP_MM) + 1e-3),
                "mark inside the bleed or gap: {v}"
            );
        }
        assert_eq!(s.matches(" l S").count(), 8);
        assert!(mark_area_pt() > mm(MARK_GAP_MM + MARK_LEN_MM));
    }
}
