//! The PNG rasteriser against the mini edition: sizes, text where the composer put it,
//! white where nothing is, the photo in its frame, missing images, regions, and the CLI.

use huaban::compose::Composition;
use huaban::display::{DisplayPage, ImageItem, Item, Rect};
use huaban::fonts::FontSet;
use huaban::raster::{render, render_region, ImageCache};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tiny_skia::Pixmap;

fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.huaban")
}

fn setup() -> &'static (FontSet, Composition) {
    static S: OnceLock<(FontSet, Composition)> = OnceLock::new();
    S.get_or_init(|| {
        let fonts = FontSet::load_default();
        let (_ed, comp) = huaban::cli::load_and_compose(&mini(), &fonts).expect("mini composes");
        (fonts, comp)
    })
}

fn rgb(p: &Pixmap, x: u32, y: u32) -> [u8; 3] {
    let c = p.pixel(x, y).expect("pixel inside the pixmap");
    [c.red(), c.green(), c.blue()]
}

/// Pixels of `r` (points) at `scale`, clipped to the pixmap.
fn pixels_in(p: &Pixmap, r: Rect, scale: f64) -> Vec<[u8; 3]> {
    let x0 = (r.x * scale).floor().max(0.0) as u32;
    let y0 = (r.y * scale).floor().max(0.0) as u32;
    let x1 = ((r.right() * scale).ceil() as u32).min(p.width());
    let y1 = ((r.bottom() * scale).ceil() as u32).min(p.height());
    let mut v = Vec::new();
    for y in y0..y1 {
        for x in x0..x1 {
            v.push(rgb(p, x, y));
        }
    }
    v
}

fn dark(c: &[u8; 3]) -> bool {
    c.iter().all(|v| *v < 90)
}

fn white(c: &[u8; 3]) -> bool {
    c.iter().all(|v| *v == 255)
}

fn frame(comp: &Composition, id: &str) -> Rect {
    comp.pages[0]
        .frames
        .iter()
        .find(|(f, _)| f == id)
        .unwrap_or_else(|| panic!("frame {id} on page 1"))
        .1
}

fn check_page_one(scale: f64) {
    let (fonts, comp) = setup();
    let page = comp.display_page(0).unwrap();
    let cache = ImageCache::default();
    let pix = render(&page, fonts, scale, &cache);
    assert_eq!(pix.width(), (page.width * scale).ceil() as u32);
    assert_eq!(pix.height(), (page.height * scale).ceil() as u32);

    let all = pixels_in(&pix, Rect::new(0.0, 0.0, page.width, page.height), scale);
    let inked = all.iter().filter(|c| !white(c)).count();
    assert!(
        inked > all.len() / 200,
        "page looks blank: {inked} inked pixels"
    );

    // Every body line of the text frame has dark pixels between its x and right edge,
    // within an em above its baseline; and none far below it (text is upright, on its line).
    let f1 = frame(comp, "f1");
    let lines: Vec<_> = comp.pages[0]
        .lines
        .iter()
        .filter(|l| l.frame == "f1" && !l.text.trim().is_empty())
        .collect();
    assert!(lines.len() >= 5, "f1 has {} lines", lines.len());
    for l in &lines {
        assert!(f1.contains(l.x, l.baseline), "line {:?} outside f1", l.text);
        let band = Rect::new(l.x, l.baseline - 8.0, (l.right - l.x).max(5.0), 8.0);
        let n = pixels_in(&pix, band, scale)
            .iter()
            .filter(|c| dark(c))
            .count();
        assert!(
            n > 5,
            "no ink above the baseline of {:?} at {scale}",
            l.text
        );
        let below = Rect::new(band.x, l.baseline + 2.5, band.w, 2.5);
        let m = pixels_in(&pix, below, scale)
            .iter()
            .filter(|c| dark(c))
            .count();
        assert!(
            m * 10 < n,
            "ink below the baseline of {:?} at {scale}",
            l.text
        );
    }

    // Bottom-right margin: nothing there.
    let margin = Rect::new(page.width - 40.0, page.height - 40.0, 35.0, 35.0);
    assert!(pixels_in(&pix, margin, scale).iter().all(white));

    // The photo: many colours, some of them saturated (not grey, not white).
    let img = frame(comp, "img");
    let top = Rect::new(img.x + 2.0, img.y + 2.0, img.w - 4.0, img.h * 0.5);
    let px = pixels_in(&pix, top, scale);
    let saturated = px
        .iter()
        .filter(|c| {
            let (mx, mn) = (*c.iter().max().unwrap(), *c.iter().min().unwrap());
            mx - mn > 60
        })
        .count();
    assert!(
        saturated > px.len() / 50,
        "photo has no colour ({saturated})"
    );
    let mut distinct: Vec<[u8; 3]> = px.iter().map(|c| c.map(|v| v >> 3)).collect();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() > 200, "photo has {} colours", distinct.len());
    assert_eq!(cache.image_entries(), 1);
    assert!(cache.glyph_entries() > 100);
}

#[test]
fn page_one_at_72_dpi() {
    check_page_one(1.0);
}

#[test]
fn page_one_at_150_dpi() {
    check_page_one(150.0 / 72.0);
}

#[test]
fn cff_and_truetype_faces_both_draw() {
    let (fonts, comp) = setup();
    let page = comp.display_page(0).unwrap();
    let scale = 2.0;
    let pix = render(&page, fonts, scale, &ImageCache::default());
    let (mut cff, mut ttf) = (0, 0);
    for it in &page.items {
        let Item::Text(run) = it else { continue };
        if run.text.trim().is_empty() || run.glyphs.is_empty() {
            continue;
        }
        let (g0, g1) = (run.glyphs.first().unwrap(), run.glyphs.last().unwrap());
        let band = Rect::new(
            g0.x,
            g0.y - run.size,
            g1.x - g0.x + run.size,
            run.size * 1.1,
        );
        let ink = pixels_in(&pix, band, scale)
            .iter()
            .filter(|c| !white(c))
            .count();
        assert!(ink > 0, "run {:?} drew nothing", run.text);
        if fonts.face(run.font).is_cff() {
            cff += 1;
        } else {
            ttf += 1;
        }
    }
    assert!(cff > 0 && ttf > 0, "cff runs {cff}, truetype runs {ttf}");
}

#[test]
fn region_matches_the_full_render() {
    let (fonts, comp) = setup();
    let page = comp.display_page(0).unwrap();
    let cache = ImageCache::default();
    let scale = 3.0;
    let full = render(&page, fonts, scale, &cache);
    // Whole points at this scale are whole pixels, so the two agree pixel for pixel.
    let f1 = frame(comp, "f1");
    let region = Rect::new(f1.x.floor(), f1.y.floor(), 100.0, 60.0);
    let part = render_region(&page, fonts, scale, &cache, region);
    assert_eq!((part.width(), part.height()), (300, 180));
    let (ox, oy) = ((region.x * scale) as u32, (region.y * scale) as u32);
    let mut differ = 0;
    let mut inked = 0;
    for y in 0..part.height() {
        for x in 0..part.width() {
            let (a, b) = (rgb(&part, x, y), rgb(&full, ox + x, oy + y));
            if a.iter().zip(b).any(|(p, q)| p.abs_diff(q) > 8) {
                differ += 1;
            }
            if !white(&a) {
                inked += 1;
            }
        }
    }
    assert!(inked > 1000, "region is blank");
    assert!(differ < 50, "{differ} pixels differ from the full render");
}

#[test]
fn missing_images_are_grey_boxes() {
    let fonts = FontSet::load(&[], false);
    let page = DisplayPage {
        width: 200.0,
        height: 100.0,
        items: vec![
            Item::MissingImage {
                rect: Rect::new(10.0, 10.0, 80.0, 80.0),
                path: "gone.jpg".into(),
            },
            // Composed fine, unreadable at render time: drawn the same way.
            Item::Image(ImageItem {
                path: "/nonexistent/photo.jpg".into(),
                rect: Rect::new(100.0, 0.0, 100.0, 100.0),
                clip: Rect::new(110.0, 10.0, 80.0, 80.0),
            }),
        ],
    };
    let pix = render(&page, &fonts, 2.0, &ImageCache::default());
    for (cx, cy) in [(30.0, 50.0), (130.0, 50.0)] {
        // Off the cross's diagonals: plain light grey.
        let c = rgb(&pix, (cx * 2.0) as u32, (cy * 2.0) as u32);
        assert!(c[0] == c[1] && c[1] == c[2], "{c:?} not grey");
        assert!((180..250).contains(&c[0]), "{c:?} not light grey");
    }
    // The cross: the box's centre is darker than its fill.
    let centre = rgb(&pix, 100, 100);
    assert!(centre[0] < 200, "no cross: {centre:?}");
    // Outside the clip of the image item, and between the boxes: white.
    assert!(white(&rgb(&pix, 205, 10)));
    assert!(white(&rgb(&pix, 195, 100)));
}

#[test]
fn missing_images_show_their_file_name() {
    let (fonts, _) = setup();
    let page = DisplayPage {
        width: 200.0,
        height: 100.0,
        items: vec![Item::MissingImage {
            rect: Rect::new(10.0, 10.0, 180.0, 80.0),
            path: "photos/不在了-gone.jpg".into(),
        }],
    };
    let scale = 3.0;
    let pix = render(&page, fonts, scale, &ImageCache::default());
    // The name's line at the top left: darker than the cross passing through it.
    let label = Rect::new(13.0, 13.0, 60.0, 7.0);
    let inked = pixels_in(&pix, label, scale)
        .iter()
        .filter(|c| c[0] < 140)
        .count();
    assert!(inked > 50, "no file name drawn ({inked})");
    // Without fonts the box is still drawn, just unlabelled.
    let none = FontSet::load(&[], false);
    let bare = render(&page, &none, scale, &ImageCache::default());
    let inked = pixels_in(&bare, label, scale)
        .iter()
        .filter(|c| c[0] < 140)
        .count();
    assert_eq!(inked, 0);
}

fn temp_png(tag: &str) -> PathBuf {
    std::env::temp_dir().join(format!("huaban-render-{tag}-{}.png", std::process::id()))
}

#[test]
fn cli_renders_a_page() {
    let out = temp_png("cli");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_huaban"))
        .args([
            "render",
            mini().to_str().unwrap(),
            "--page",
            "1",
            "--dpi",
            "50",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run huaban");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let img = image::open(&out).expect("a PNG");
    let _ = std::fs::remove_file(&out);
    let (fonts, comp) = setup();
    let _ = fonts;
    let scale = 50.0 / 72.0;
    let (w, h) = (comp.pages[0].width, comp.pages[0].height);
    assert_eq!(img.width(), (w * scale).ceil() as u32);
    assert_eq!(img.height(), (h * scale).ceil() as u32);
}

#[test]
fn cli_rejects_a_page_that_does_not_exist() {
    let out = temp_png("bad");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_huaban"))
        .args(["render", mini().to_str().unwrap(), "--page", "9"])
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run huaban");
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(!st.status.success());
    assert_eq!(st.status.code(), Some(1), "{err}");
    assert!(err.contains("--page 9"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out.exists());
}
