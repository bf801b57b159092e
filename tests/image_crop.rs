//! Photo fitting: fill, fit and crop with a focus point, the same in the PDF and the PNG.

use huaban::compose::{compose, source_crop};
use huaban::display::{Item, Rect};
use huaban::fonts::FontSet;
use huaban::model::Edition;
use huaban::pdf::{write_pdf, PdfMeta};
use huaban::raster::{render, ImageCache};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Four vertical bands of 100 × 100 px: red, green, blue, black.
const BANDS: [[u8; 3]; 4] = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [0, 0, 0]];

fn photo_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("huaban-crop-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let mut img = image::RgbImage::new(400, 100);
    for (x, _, p) in img.enumerate_pixels_mut() {
        *p = image::Rgb(BANDS[(x / 100) as usize]);
    }
    img.save(d.join("bands.png")).unwrap();
    d
}

/// One page with a 50 × 50 mm photo frame at (20, 40) mm.
fn edition(fit: &str, focus: Option<(f64, f64)>) -> Edition {
    let t: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/broadsheet.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut kind = json!({"type": "image", "src": "bands.png", "fit": fit});
    if let Some((x, y)) = focus {
        kind["focus"] = json!({"x": x, "y": y});
    }
    let v = json!({
        "format": 1, "meta": {"paper": "株洲日报", "date": "2024-03-12"}, "templates": {"b": t},
        "stories": [],
        "pages": [{"id": "p1", "template": "b", "folio": false, "frames": [
            {"id": "photo", "x": 20.0, "y": 40.0, "w": 50.0, "h": 50.0, "kind": kind}]}]
    });
    let ed: Edition = serde_json::from_value(v).unwrap();
    huaban::model::validate(&ed).unwrap();
    ed
}

fn mm(v: f64) -> f64 {
    v * 72.0 / 25.4
}

/// Mean colour of the inner part of the frame (1 px per pt), from an RGB getter.
fn mean(get: impl Fn(u32, u32) -> [u8; 3]) -> [f64; 3] {
    let (x0, y0, x1, y1) = (mm(22.0), mm(42.0), mm(68.0), mm(88.0));
    let mut sum = [0.0; 3];
    let mut n = 0.0;
    for y in (y0 as u32..y1 as u32).step_by(2) {
        for x in (x0 as u32..x1 as u32).step_by(2) {
            let c = get(x, y);
            for i in 0..3 {
                sum[i] += c[i] as f64;
            }
            n += 1.0;
        }
    }
    sum.map(|s| s / n)
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

/// (raster mean, PDF mean, the photo's source crop in pixels).
fn both(dir: &Path, ed: &Edition) -> ([f64; 3], Option<[f64; 3]>, Rect) {
    let fonts = FontSet::load_default();
    let comp = compose(ed, &fonts, dir).unwrap();
    assert!(comp.problems.is_empty(), "{:?}", comp.problems);
    let page = comp.display_page(0).unwrap();
    let img = page
        .items
        .iter()
        .find_map(|i| match i {
            Item::Image(img) => Some(img.clone()),
            _ => None,
        })
        .expect("the photo is drawn");
    let crop = source_crop((400.0, 100.0), img.rect, img.clip);
    let pix = render(&page, &fonts, 1.0, &ImageCache::default());
    let raster = mean(|x, y| {
        let p = pix.pixel(x, y).unwrap();
        [p.red(), p.green(), p.blue()]
    });
    if !tool("pdftoppm") {
        return (raster, None, crop);
    }
    let meta = PdfMeta {
        title: "crop".into(),
        date: "2024-03-12".into(),
    };
    let bytes = write_pdf(&[page], &fonts, &meta).unwrap();
    let n = dir.join(format!("{}.pdf", crop.x as u32));
    std::fs::write(&n, bytes).unwrap();
    let out = dir.join(format!("{}-png", crop.x as u32));
    let st = Command::new("pdftoppm")
        .args(["-png", "-r", "72", "-singlefile"])
        .arg(&n)
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let png = image::open(out.with_extension("png")).unwrap().to_rgb8();
    let pdf = mean(|x, y| png.get_pixel(x, y).0);
    (raster, Some(pdf), crop)
}

fn near(a: [f64; 3], b: [f64; 3], tol: f64) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() <= tol)
}

#[test]
fn crop_keeps_the_focus_in_view_in_pdf_and_png_alike() {
    let dir = photo_dir();
    // The frame is square: covering it shows 100 px of the 400 px width, one band.
    for (focus, band, crop_x) in [
        ((0.1, 0.5), 0, 0.0),     // near the left edge: clamped to the photo's edge
        ((0.375, 0.5), 1, 100.0), // the green band's centre
        ((0.625, 0.5), 2, 200.0), // the blue band's centre
        ((0.99, 0.5), 3, 300.0),  // clamped to the right edge
    ] {
        let (raster, pdf, crop) = both(&dir, &edition("crop", Some(focus)));
        assert!(
            (crop.x - crop_x).abs() < 0.5 && (crop.w - 100.0).abs() < 0.5,
            "{focus:?}: source crop {crop:?}"
        );
        assert!((crop.y).abs() < 0.5 && (crop.h - 100.0).abs() < 0.5);
        let want = BANDS[band].map(f64::from);
        assert!(
            near(raster, want, 12.0),
            "{focus:?}: PNG shows {raster:?}, want {want:?}"
        );
        if let Some(pdf) = pdf {
            assert!(
                near(pdf, want, 12.0),
                "{focus:?}: PDF shows {pdf:?}, want {want:?}"
            );
            assert!(near(pdf, raster, 8.0), "PDF {pdf:?} ≠ PNG {raster:?}");
        }
    }
    // Fill centres: half green, half blue; the same as crop without a focus.
    let (fill, fill_pdf, crop) = both(&dir, &edition("fill", None));
    assert!((crop.x - 150.0).abs() < 0.5, "{crop:?}");
    assert!(near(fill, [0.0, 127.5, 127.5], 12.0), "{fill:?}");
    if let Some(p) = fill_pdf {
        assert!(near(p, fill, 8.0));
    }
    // Fit shows the whole photo: the source crop is all of it.
    let (_, _, crop) = both(&dir, &edition("fit", None));
    assert!(
        crop.x.abs() < 0.5 && (crop.w - 400.0).abs() < 0.5,
        "{crop:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_focus_outside_the_photo_is_refused() {
    let mut ed = edition("crop", None);
    if let huaban::model::FrameKind::Image { focus, .. } = &mut ed.pages[0].frames[0].kind {
        focus.x = 1.5;
    }
    let err = huaban::model::validate(&ed).unwrap_err();
    assert!(err.contains("photo") && err.contains("focus"), "{err}");
}
