//! PDF export: the files `huaban export` writes, checked with lopdf, poppler and qpdf.

use huaban::display::{DisplayPage, Glyph, Item, Rect, Stroke, TextRun};
use huaban::fonts::FontSet;
use huaban::model::{Color, FontRole};
use huaban::pdf::{write_pdf, PdfMeta};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const TRIM_W: f64 = 350.0 / 25.4 * 72.0; // 992.13 pt
const TRIM_H: f64 = 500.0 / 25.4 * 72.0; // 1417.32 pt

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mini() -> PathBuf {
    manifest().join("tests/data/mini.huaban")
}

/// A fresh, empty folder for one test.
fn tmp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("huaban-pdf-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run_huaban(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_huaban"))
        .args(args)
        .output()
        .expect("run huaban");
    assert!(
        out.status.success(),
        "huaban {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The per-page export of the mini edition, made once for all tests.
fn exported() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tmp_dir("pages");
        run_huaban(&[
            "export",
            mini().to_str().unwrap(),
            "--out",
            d.to_str().unwrap(),
        ]);
        d
    })
}

fn page_file(n: usize) -> PathBuf {
    exported().join(format!("2024-03-12_{n:02}.pdf"))
}

/// Runs a poppler/qpdf tool; `None` (with a note) if it is not installed.
fn tool(name: &str, args: &[&str]) -> Option<std::process::Output> {
    match Command::new(name).args(args).output() {
        Ok(o) => Some(o),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("note: `{name}` is not installed; skipping that check");
            None
        }
        Err(e) => panic!("{name}: {e}"),
    }
}

fn pdftotext(path: &Path, layout: bool) -> Option<String> {
    let p = path.to_str().unwrap();
    let args: Vec<&str> = if layout {
        vec!["-layout", p, "-"]
    } else {
        vec![p, "-"]
    };
    let o = tool("pdftotext", &args)?;
    assert!(o.status.success(), "pdftotext {p}");
    Some(String::from_utf8(o.stdout).expect("pdftotext gives UTF-8"))
}

/// Text without any whitespace: pdftotext puts spaces where the composer leaves gaps
/// (between Chinese and digits, justified lines) and breaks lines.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn export_writes_one_file_per_page_named_by_date() {
    let names: Vec<String> = std::fs::read_dir(exported())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, ["2024-03-12_01.pdf", "2024-03-12_02.pdf"]);
}

#[test]
fn pages_load_in_lopdf_with_the_trim_as_media_box() {
    for n in 1..=2 {
        let doc = lopdf::Document::load(page_file(n)).expect("lopdf loads the PDF");
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 1, "page file {n} has one page");
        let page = doc.get_dictionary(pages[&1]).unwrap();
        let mb: Vec<f64> = page
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().map(f64::from).or(o.as_i64().map(|i| i as f64)))
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(mb.len(), 4);
        assert!(mb[0].abs() < 0.01 && mb[1].abs() < 0.01, "{mb:?}");
        assert!((mb[2] - TRIM_W).abs() < 0.5, "width {mb:?}");
        assert!((mb[3] - TRIM_H).abs() < 0.5, "height {mb:?}");
    }
}

#[test]
fn creation_date_is_the_edition_date() {
    let doc = lopdf::Document::load(page_file(1)).unwrap();
    let info_id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info_id).unwrap();
    let date = info.get(b"CreationDate").unwrap().as_str().unwrap();
    let date = String::from_utf8_lossy(date);
    assert!(date.starts_with("D:20240312"), "{date}");
    // The default print profile (newsprint) makes PDF/X-4; never printpdf's empty claim.
    let claim = info
        .get(b"GTS_PDFXVersion")
        .map(|v| v.as_str().unwrap().to_vec());
    assert!(
        claim.as_ref().is_err() || claim.as_ref().unwrap() == b"PDF/X-4",
        "no broken PDF/X claim: {claim:?}"
    );
}

#[test]
fn fonts_are_embedded_as_subsets() {
    for n in 1..=2 {
        let Some(o) = tool("pdffonts", &[page_file(n).to_str().unwrap()]) else {
            return;
        };
        assert!(o.status.success());
        let out = String::from_utf8_lossy(&o.stdout);
        let rows: Vec<&str> = out
            .lines()
            .skip(2)
            .filter(|l| !l.trim().is_empty())
            .collect();
        assert!(rows.len() >= 2, "page {n} uses fonts:\n{out}");
        for row in rows {
            let name = row.split_whitespace().next().unwrap();
            let (tag, _) = name.split_once('+').unwrap_or(("", ""));
            assert!(
                tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
                "not a subset name: {row}"
            );
            // Columns: name, type (1–3 words), encoding, emb, sub, uni, object, gen.
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
        }
    }
}

#[test]
fn story_text_comes_out_of_pdftotext() {
    let (Some(p1), Some(p2)) = (
        pdftotext(&page_file(1), false),
        pdftotext(&page_file(2), false),
    ) else {
        return;
    };
    let (p1, p2) = (squeeze(&p1), squeeze(&p2));
    for s in [
        "组建32个网格党支部",
        "授牌仪式上",
        "下转第2版",
        "图片说明文字测试",
    ] {
        assert!(p1.contains(s), "page 1 lacks “{s}”:\n{p1}");
    }
    for s in ["上接01版", "小标题测试", "担任金园小区网格"] {
        assert!(p2.contains(s), "page 2 lacks “{s}”:\n{p2}");
    }
    assert!(!p1.contains('\u{FFFD}') && !p2.contains('\u{FFFD}'));
}

#[test]
fn layout_text_keeps_column_lines_in_order() {
    let Some(t) = pdftotext(&page_file(1), true) else {
        return;
    };
    // The first body column's lines, in order, each on its own output line.
    let line_of = |s: &str| {
        t.lines()
            .position(|l| squeeze(l).contains(s))
            .unwrap_or_else(|| panic!("“{s}” not found in:\n{t}"))
    };
    // The first three lines of the story's first column, as the composer set them.
    let fonts = FontSet::load(&[FontSet::default_dir()], false);
    let (_, comp) = huaban::cli::load_and_compose(&mini(), &fonts).unwrap();
    let col: Vec<String> = comp.pages[0]
        .lines
        .iter()
        .filter(|l| l.frame == "f1" && l.role == huaban::model::Role::Byline)
        .take(3)
        .map(|l| squeeze(&l.text))
        .collect();
    assert_eq!(col.len(), 3);
    let (a, b, c) = (line_of(&col[0]), line_of(&col[1]), line_of(&col[2]));
    assert!(a < b && b < c, "{a} {b} {c}");
}

#[test]
fn qpdf_check_passes() {
    for n in 1..=2 {
        let f = page_file(n);
        let Some(o) = tool("qpdf", &["--check", f.to_str().unwrap()]) else {
            return;
        };
        assert!(
            o.status.success(),
            "qpdf --check {}: {}{}",
            f.display(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn jpeg_is_embedded_unchanged() {
    let original = std::fs::read(manifest().join("sample_edition/photos/mariachi.jpg")).unwrap();
    let doc = lopdf::Document::load(page_file(1)).unwrap();
    let images: Vec<&lopdf::Stream> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image"))
        .collect();
    assert_eq!(images.len(), 1, "one photo on page 1");
    let img = images[0];
    assert_eq!(
        img.dict.get(b"Filter").unwrap().as_name().unwrap(),
        b"DCTDecode"
    );
    assert_eq!(img.dict.get(b"Width").unwrap().as_i64().unwrap(), 1024);
    assert_eq!(img.dict.get(b"Height").unwrap().as_i64().unwrap(), 680);
    // RGB: DeviceRGB in a plain PDF, sRGB (ICCBased, N 3) in PDF/X (the default profile).
    match img.dict.get(b"ColorSpace").unwrap() {
        lopdf::Object::Name(n) => assert_eq!(n, b"DeviceRGB"),
        lopdf::Object::Array(a) => {
            assert_eq!(a[0].as_name().unwrap(), b"ICCBased");
            let icc = doc.get_object(a[1].as_reference().unwrap()).unwrap();
            let n = icc.as_stream().unwrap().dict.get(b"N").unwrap();
            assert_eq!(n.as_i64().unwrap(), 3);
        }
        other => panic!("colour space {other:?}"),
    }
    assert!(
        img.content == original,
        "the JPEG's bytes are embedded as they are"
    );
}

#[test]
fn colours_are_device_cmyk() {
    let doc = lopdf::Document::load(page_file(1)).unwrap();
    let page = doc.get_pages()[&1];
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let ops: Vec<&str> = content
        .operations
        .iter()
        .map(|o| o.operator.as_str())
        .collect();
    assert!(ops.contains(&"k"), "CMYK fill for text");
    assert!(ops.contains(&"K"), "CMYK stroke for rules and boxes");
    for rgb in ["rg", "RG", "g", "G", "sc", "scn"] {
        assert!(!ops.contains(&rgb), "non-CMYK colour operator {rgb}");
    }
    // 100 % K text.
    let black = content.operations.iter().any(|o| {
        o.operator == "k"
            && o.operands
                .iter()
                .map(|v| v.as_float().unwrap_or(-1.0))
                .collect::<Vec<_>>()
                == [0.0, 0.0, 0.0, 1.0]
    });
    assert!(black, "text in 100 % K");
}

#[test]
fn combined_export_has_both_pages() {
    let d = tmp_dir("combined");
    let f = d.join("all.pdf");
    run_huaban(&[
        "export",
        mini().to_str().unwrap(),
        "--combined",
        f.to_str().unwrap(),
    ]);
    let doc = lopdf::Document::load(&f).unwrap();
    assert_eq!(doc.get_pages().len(), 2);
    if let Some(t) = pdftotext(&f, false) {
        let t = squeeze(&t);
        let a = t.find("下转第2版").expect("page 1 text");
        let b = t.find("上接01版").expect("page 2 text");
        assert!(a < b, "pages in order");
    }
    if let Some(o) = tool("qpdf", &["--check", f.to_str().unwrap()]) {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
}

/// One line of text set by hand: `text` shaped in the 宋 face at `size` on baseline `y`.
fn line_page(fonts: &FontSet, text: &str, size: f64, y: f64) -> DisplayPage {
    let fid = fonts
        .role(FontRole::Song, None, false)
        .expect("bundled Song");
    let face = fonts.face(fid);
    let shaped = huaban::fonts::shape(face, text, &[]);
    let mut glyphs = Vec::new();
    let mut x = 72.0;
    for (i, g) in shaped.iter().enumerate() {
        let first_of_cluster = i == 0 || shaped[i - 1].cluster != g.cluster;
        let end = shaped[i..]
            .iter()
            .map(|n| n.cluster)
            .find(|&c| c != g.cluster)
            .unwrap_or(text.len() as u32);
        glyphs.push(Glyph {
            id: g.glyph,
            x: x + g.x_offset * size,
            y: y - g.y_offset * size,
            text_start: g.cluster,
            text_len: if first_of_cluster { end - g.cluster } else { 0 },
        });
        x += g.advance * size;
    }
    DisplayPage {
        width: x + 72.0,
        height: 300.0,
        items: vec![Item::Text(TextRun {
            font: fid,
            size,
            color: Color::BLACK,
            text: text.to_string(),
            glyphs,
            rotation: Default::default(),
        })],
    }
}

fn meta() -> PdfMeta {
    PdfMeta {
        title: "test".into(),
        date: "2024-03-12".into(),
    }
}

#[test]
fn a_lines_text_survives_exactly() {
    let fonts = FontSet::load_default();
    let text = "株洲日报讯：荷塘区“组建”32个网格Office";
    let page = line_page(&fonts, text, 20.0, 100.0);
    let bytes = write_pdf(&[page], &fonts, &meta()).unwrap();
    let f = tmp_dir("line").join("line.pdf");
    std::fs::write(&f, bytes).unwrap();
    let Some(t) = pdftotext(&f, false) else {
        return;
    };
    assert_eq!(t.trim_end_matches(['\n', '\x0c']).replace(' ', ""), text);

    // Position: the word box pdftotext reports (top-down, like ours) is around the
    // baseline at y = 100, not flipped and not shifted by a whole ascent.
    let Some(o) = tool("pdftotext", &["-bbox", f.to_str().unwrap(), "-"]) else {
        return;
    };
    let html = String::from_utf8_lossy(&o.stdout);
    let word = html.lines().find(|l| l.contains("<word")).expect("a word");
    let attr = |k: &str| -> f64 {
        let s = &word[word.find(&format!("{k}=\"")).unwrap() + k.len() + 2..];
        s[..s.find('"').unwrap()].parse().unwrap()
    };
    let (x_min, y_min, y_max) = (attr("xMin"), attr("yMin"), attr("yMax"));
    assert!((x_min - 72.0).abs() < 1.0, "xMin {x_min}");
    assert!(
        y_min > 100.0 - 20.0 * 1.3 && y_min < 100.0 - 20.0 * 0.6,
        "yMin {y_min}"
    );
    assert!(y_max > 100.0 && y_max < 100.0 + 20.0 * 0.4, "yMax {y_max}");
}

#[test]
fn missing_image_is_a_grey_crossed_box() {
    let fonts = FontSet::load_default();
    let page = DisplayPage {
        width: 300.0,
        height: 300.0,
        items: vec![
            Item::MissingImage {
                rect: Rect::new(20.0, 20.0, 100.0, 80.0),
                path: PathBuf::from("gone.jpg"),
            },
            Item::Line {
                x1: 20.0,
                y1: 150.0,
                x2: 200.0,
                y2: 150.0,
                stroke: Stroke {
                    width: 1.0,
                    color: Color([100.0, 0.0, 0.0, 0.0]),
                },
            },
        ],
    };
    let bytes = write_pdf(&[page], &fonts, &meta()).expect("no error for a missing image");
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pid = doc.get_pages()[&1];
    let content = lopdf::content::Content::decode(&doc.get_page_content(pid)).unwrap();
    let count = |op: &str| {
        content
            .operations
            .iter()
            .filter(|o| o.operator == op)
            .count()
    };
    assert_eq!(count("re"), 1, "the box");
    assert_eq!(count("B"), 1, "filled and stroked");
    assert_eq!(count("S"), 3, "two diagonals and the rule");
    // The box's grey fill (12 % K), flipped to PDF coordinates: y = 300 − 100.
    let re = content
        .operations
        .iter()
        .find(|o| o.operator == "re")
        .unwrap();
    let nums: Vec<f32> = re.operands.iter().map(|v| v.as_float().unwrap()).collect();
    assert_eq!(nums, [20.0, 200.0, 100.0, 80.0]);
}

fn image_page(path: &Path) -> DisplayPage {
    DisplayPage {
        width: 300.0,
        height: 300.0,
        items: vec![Item::Image(huaban::display::ImageItem {
            path: path.to_path_buf(),
            rect: Rect::new(10.0, 10.0, 200.0, 100.0),
            clip: Rect::new(20.0, 10.0, 150.0, 100.0),
        })],
    }
}

#[test]
fn png_with_alpha_gets_a_soft_mask() {
    let d = tmp_dir("png");
    let f = d.join("dot.png");
    let mut img = image::RgbaImage::new(4, 3);
    img.put_pixel(1, 1, image::Rgba([255, 0, 0, 128]));
    img.save(&f).unwrap();
    let bytes = write_pdf(&[image_page(&f)], &FontSet::load_default(), &meta()).unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let img = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| s.dict.get(b"SMask").is_ok())
        .expect("an image with an SMask");
    assert_eq!(img.dict.get(b"Width").unwrap().as_i64().unwrap(), 4);
    let mask_id = img.dict.get(b"SMask").unwrap().as_reference().unwrap();
    let mask = doc.get_object(mask_id).unwrap().as_stream().unwrap();
    assert_eq!(
        mask.dict.get(b"ColorSpace").unwrap().as_name().unwrap(),
        b"DeviceGray"
    );
    let out = d.join("png.pdf");
    std::fs::write(&out, &bytes).unwrap();
    if let Some(o) = tool("qpdf", &["--check", out.to_str().unwrap()]) {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }
}

#[test]
fn an_unreadable_image_is_an_error_naming_it() {
    let d = tmp_dir("badimg");
    let f = d.join("broken.jpg");
    std::fs::write(&f, b"not a picture").unwrap();
    let err = write_pdf(&[image_page(&f)], &FontSet::load_default(), &meta())
        .expect_err("a broken image must not pass silently");
    assert!(err.to_string().contains("broken.jpg"), "{err}");
}
