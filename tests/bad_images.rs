//! Bad and unusual photos (docs/reliability.md, catalogue rows 40–46 and the image rows
//! after them): damaged files are named with page and frame by `huaban check`, refused by
//! `export` with a message naming the file, and real CMYK and progressive JPEGs export
//! and render with the right colours.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh folder for one case under the target directory.
fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bad_images-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// tests/data/mini.huaban as JSON, without its photo (cases add their own).
fn mini() -> Value {
    let p = root().join("tests/data/mini.huaban");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    v["pages"][0]["frames"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["id"] != "img");
    v
}

fn write(name: &str, v: &Value) -> PathBuf {
    let p = dir(name).join(format!("{name}.huaban"));
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p
}

/// Runs the binary; (exit code, stdout + stderr). Exit 101 would be a Rust panic.
fn huaban(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_huaban"))
        .args(args)
        .output()
        .expect("run huaban");
    let code = out.status.code().unwrap_or(-1);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(code, 101, "huaban {args:?} panicked:\n{text}");
    assert!(!text.contains("panicked"), "huaban {args:?}:\n{text}");
    (code, text)
}

fn story_text(v: &mut Value, text: &str) {
    v["stories"][0]["paragraphs"] = json!([{ "role": "body", "text": text }]);
}

fn png_bytes(w: u32, h: u32) -> Vec<u8> {
    let mut b = Vec::new();
    image::RgbImage::from_pixel(w, h, image::Rgb([200, 30, 40]))
        .write_to(&mut std::io::Cursor::new(&mut b), image::ImageFormat::Png)
        .unwrap();
    b
}

fn jpeg_bytes() -> Vec<u8> {
    let mut b = Vec::new();
    image::RgbImage::from_pixel(16, 16, image::Rgb([200, 30, 40]))
        .write_to(&mut std::io::Cursor::new(&mut b), image::ImageFormat::Jpeg)
        .unwrap();
    b
}

/// Finds a JPEG marker segment (FF `marker`).
fn marker_at(b: &[u8], marker: u8) -> usize {
    b.windows(2).position(|w| w == [0xFF, marker]).unwrap()
}

fn bad_images() -> Vec<(&'static str, Vec<u8>)> {
    let jpg = jpeg_bytes();
    let png = png_bytes(8, 8);
    // Header of a 100000×100000 PNG: IHDR only, no pixel data.
    let mut huge = png[..33].to_vec();
    huge[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    // Baseline JPEG relabelled progressive (SOF2): the scan data no longer matches.
    let mut prog = jpg.clone();
    let sof = marker_at(&prog, 0xC0);
    prog[sof + 1] = 0xC2;
    // A 4-component (CMYK) frame header in front of a 3-component scan.
    let mut cmyk = jpg.clone();
    let sof = marker_at(&cmyk, 0xC0);
    let len = u16::from_be_bytes([cmyk[sof + 2], cmyk[sof + 3]]) + 3;
    cmyk[sof + 2..sof + 4].copy_from_slice(&len.to_be_bytes());
    cmyk[sof + 9] = 4;
    cmyk.splice(sof + 19..sof + 19, [4u8, 0x11, 0]);
    let mut corrupt = jpg.clone();
    let n = corrupt.len();
    corrupt[n / 2..].iter_mut().for_each(|b| *b = 0x5A);
    vec![
        ("corrupt.jpg", corrupt),
        ("zero.jpg", Vec::new()),
        ("truncated.png", png[..png.len() / 2].to_vec()),
        ("huge.png", huge),
        ("progressive.jpg", prog),
        ("cmyk.jpg", cmyk),
        ("text.png", b"not an image".to_vec()),
    ]
}

#[test]
fn bad_images_are_reported_by_path_in_check_export_and_render() {
    for (file, bytes) in bad_images() {
        let stem = file.replace('.', "_");
        let mut v = mini();
        story_text(&mut v, "短文。"); // no overset: check fails only for the image
        let frames = v["pages"][0]["frames"].as_array_mut().unwrap();
        frames.push(json!({"id": "img", "x": 132.5, "y": 30, "w": 76, "h": 60,
            "kind": {"type": "image", "src": file, "caption": "说明"}}));
        let p = write(&stem, &v);
        std::fs::write(p.with_file_name(file), &bytes).unwrap();
        let ps = p.to_str().unwrap();
        let (code, text) = huaban(&["check", ps]);
        // Either the header reads (the image is placed) or the image is named.
        assert!(
            code == 0 || text.contains(file),
            "check {file}: {code}\n{text}"
        );
        let out = p.with_file_name("pdf");
        let (code, text) = huaban(&["export", ps, "--out", out.to_str().unwrap()]);
        assert!(
            code == 0 || text.contains(file),
            "export {file}: {code}\n{text}"
        );
        let png = p.with_file_name("p1.png");
        let (code, text) = huaban(&[
            "render",
            ps,
            "--page",
            "1",
            "--dpi",
            "20",
            "--out",
            png.to_str().unwrap(),
        ]);
        assert!(
            code == 0 || text.contains(file),
            "render {file}: {code}\n{text}"
        );
    }
}

// ---- damaged files: check names page and frame, export refuses ----

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/data/images").join(name)).unwrap()
}

/// mini with one photo frame (80 × 60 mm at 132.5, 30 mm, no caption) showing `file`
/// written with `bytes`; returns the layout file.
fn with_photo(case: &str, file: &str, bytes: &[u8]) -> PathBuf {
    let mut v = mini();
    story_text(&mut v, "短文。"); // no overset: check fails only for the image
    v["pages"][0]["frames"].as_array_mut().unwrap().push(json!(
        {"id": "img", "x": 132.5, "y": 30, "w": 80, "h": 60,
         "kind": {"type": "image", "src": file}}));
    let p = write(case, &v);
    std::fs::write(p.with_file_name(file), bytes).unwrap();
    p
}

#[test]
fn truncated_photos_are_named_by_check_and_refused_by_export() {
    let prog = fixture("progressive.jpg");
    let cmyk = fixture("cmyk-adobe.jpg");
    let png = {
        let mut b = Vec::new();
        image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 90]))
            .write_to(&mut std::io::Cursor::new(&mut b), image::ImageFormat::Png)
            .unwrap();
        b
    };
    let cases: [(&str, &[u8], &str); 4] = [
        ("cut-progressive.jpg", &prog[..prog.len() / 2], "truncated"),
        ("cut-cmyk.jpg", &cmyk[..cmyk.len() * 2 / 3], "truncated"),
        ("no-eoi.jpg", &prog[..prog.len() - 2], "truncated"),
        ("cut-photo.png", &png[..png.len() - 40], "damaged"),
    ];
    for (file, bytes, why) in cases {
        let p = with_photo(&format!("trunc-{}", file.replace('.', "_")), file, bytes);
        let ps = p.to_str().unwrap();
        let (code, text) = huaban(&["check", ps]);
        assert_eq!(code, 1, "check {file}:\n{text}");
        for needle in ["page 1", "frame “img”", file, why] {
            assert!(
                text.contains(needle),
                "check {file} lacks {needle}:\n{text}"
            );
        }
        let (code, text) = huaban(&["check", ps, "--json"]);
        assert_eq!(code, 1, "check --json {file}:\n{text}");
        let j: Value = serde_json::from_str(text.trim()).unwrap();
        assert!(
            j["problems"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["frame"] == "img"
                    && p["page"] == 1
                    && p["message"].as_str().unwrap().contains(file)),
            "{j}"
        );
        let out = p.with_file_name("pdf");
        let (code, text) = huaban(&["export", ps, "--out", out.to_str().unwrap()]);
        assert_eq!(code, 1, "export {file}:\n{text}");
        assert!(text.contains(file), "export {file}:\n{text}");
        let written = std::fs::read_dir(&out).map_or(0, |d| d.count());
        assert_eq!(written, 0, "export {file} wrote a PDF anyway");
        // The editor's renderer draws what it can; it must not fall over.
        let png_out = p.with_file_name("p1.png");
        huaban(&[
            "render",
            ps,
            "--dpi",
            "20",
            "--out",
            png_out.to_str().unwrap(),
        ]);
    }
}

// ---- real CMYK (Adobe, inverted) and progressive JPEGs ----

/// The RGB pixel at (`x_mm`, `y_mm`) of a page image rendered at 72 dpi.
fn pixel(png: &Path, x_mm: f64, y_mm: f64) -> [u8; 3] {
    let img = image::open(png)
        .unwrap_or_else(|e| panic!("{}: {e}", png.display()))
        .to_rgb8();
    let px = |mm: f64| (mm * 72.0 / 25.4).round() as u32;
    img.get_pixel(px(x_mm), px(y_mm)).0
}

fn is_red([r, g, b]: [u8; 3]) -> bool {
    r > 150 && g < 110 && b < 110
}

fn is_blue([r, g, b]: [u8; 3]) -> bool {
    b > 120 && r < 110 && g < 140
}

/// The image XObjects of a PDF: (Width, ColorSpace, Decode, Filter) as debug strings.
fn pdf_images(pdf: &Path) -> Vec<(i64, String, String, String)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut v = Vec::new();
    for obj in doc.objects.values() {
        let Ok(s) = obj.as_stream() else { continue };
        let d = &s.dict;
        if d.get(b"Subtype").and_then(|o| o.as_name()).ok() != Some(b"Image".as_slice()) {
            continue;
        }
        let show = |k: &[u8]| d.get(k).map(|o| format!("{o:?}")).unwrap_or_default();
        let w = d.get(b"Width").and_then(|o| o.as_i64()).unwrap_or(0);
        v.push((w, show(b"ColorSpace"), show(b"Decode"), show(b"Filter")));
    }
    v
}

#[test]
fn real_cmyk_and_progressive_jpegs_export_and_render_in_their_colours() {
    for (file, cmyk) in [("cmyk-adobe.jpg", true), ("progressive.jpg", false)] {
        // Folder names distinct from the other tests' (they run in parallel).
        let p = with_photo(
            &format!("real-{}", file.replace('.', "_")),
            file,
            &fixture(file),
        );
        let ps = p.to_str().unwrap();
        let (code, text) = huaban(&["check", ps]);
        assert_eq!(code, 0, "check {file}:\n{text}");

        let pdf = p.with_file_name("out.pdf");
        let (code, text) = huaban(&["export", ps, "--combined", pdf.to_str().unwrap()]);
        assert_eq!(code, 0, "export {file}:\n{text}");
        let imgs = pdf_images(&pdf);
        let (_, space, decode, filter) = imgs
            .iter()
            .find(|i| i.0 == 160)
            .unwrap_or_else(|| panic!("{file}: no 160-px image in {imgs:?}"));
        assert!(
            filter.contains("DCTDecode"),
            "{file}: passed through: {filter}"
        );
        if cmyk {
            assert!(space.contains("DeviceCMYK"), "{space}");
            // Adobe CMYK is stored inverted; Decode [1 0 …] turns it back.
            assert!(decode.starts_with("[1 0 1 0"), "{decode}");
        } else {
            assert!(!space.contains("CMYK"), "{space}");
        }

        // Red left, blue right in the photo's top half, as three renderers see it.
        let dir = pdf.parent().unwrap();
        let mupdf = dir.join("mupdf.png");
        let st = Command::new("mutool")
            .args([
                "draw",
                "-q",
                "-r",
                "72",
                "-o",
                mupdf.to_str().unwrap(),
                pdf.to_str().unwrap(),
                "1",
            ])
            .status()
            .expect("mutool");
        assert!(st.success());
        let gs = dir.join("gs.png");
        let st = Command::new("gs")
            .args([
                "-q",
                "-dNOPAUSE",
                "-dBATCH",
                "-dSAFER",
                "-sDEVICE=png16m",
                "-r72",
            ])
            .arg(format!("-sOutputFile={}", gs.display()))
            .arg(&pdf)
            .status()
            .expect("gs");
        assert!(st.success());
        let ours = dir.join("ours.png");
        let (code, text) = huaban(&["render", ps, "--dpi", "72", "--out", ours.to_str().unwrap()]);
        assert_eq!(code, 0, "{text}");
        for png in [&mupdf, &gs, &ours] {
            let (red, blue) = (pixel(png, 152.5, 45.0), pixel(png, 192.5, 45.0));
            assert!(
                is_red(red),
                "{file} in {}: {red:?} should be red",
                png.display()
            );
            assert!(
                is_blue(blue),
                "{file} in {}: {blue:?} should be blue",
                png.display()
            );
        }
    }
}
