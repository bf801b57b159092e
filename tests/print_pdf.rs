//! Print-ready PDF (issue #7): `huaban export --profile newsprint|coated|screen` on the
//! mini and the sample edition, checked in-process with lopdf and with tools we did not
//! write (qpdf, poppler, Ghostscript, MuPDF). A check whose tool is absent is skipped
//! with a note.

use huaban::display::{DisplayPage, Item, Rect};
use huaban::fonts::FontSet;
use huaban::model::Color;
use huaban::pdf::{write_pdf_with, PdfMeta};
use huaban::print::PrintProfile;
use lopdf::{Document, Object};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const PROFILES: [&str; 3] = ["newsprint", "coated", "screen"];

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn editions() -> [(&'static str, PathBuf); 2] {
    [
        ("mini", manifest().join("tests/data/mini.huaban")),
        (
            "sample",
            manifest().join("sample_edition/zhuzhou-2024-03-12.huaban"),
        ),
    ]
}

fn huaban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huaban"))
        .args(args)
        .output()
        .expect("run huaban")
}

/// Every (edition, profile) exported once as one combined PDF: (edition, profile, file).
fn exported() -> &'static [(String, String, PathBuf)] {
    static FILES: OnceLock<Vec<(String, String, PathBuf)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("huaban-print-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut out = Vec::new();
        for (ed, path) in editions() {
            for prof in PROFILES {
                let f = dir.join(format!("{ed}-{prof}.pdf"));
                let o = huaban(&[
                    "export",
                    path.to_str().unwrap(),
                    "--combined",
                    f.to_str().unwrap(),
                    "--profile",
                    prof,
                ]);
                assert!(
                    o.status.success(),
                    "export {ed} --profile {prof}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
                out.push((ed.to_string(), prof.to_string(), f));
            }
        }
        out
    })
}

fn is_pdfx(profile: &str) -> bool {
    profile != "screen"
}

/// Runs an external tool; `None` (with a note) if it is not installed.
fn tool(name: &str, args: &[&str]) -> Option<Output> {
    match Command::new(name).args(args).output() {
        Ok(o) => Some(o),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("note: `{name}` is not installed; skipping that check");
            None
        }
        Err(e) => panic!("{name}: {e}"),
    }
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn num(o: &Object) -> f64 {
    o.as_float()
        .map(f64::from)
        .or(o.as_i64().map(|i| i as f64))
        .unwrap()
}

fn rect(dict: &lopdf::Dictionary, key: &[u8]) -> Option<Vec<f64>> {
    Some(
        dict.get(key)
            .ok()?
            .as_array()
            .ok()?
            .iter()
            .map(num)
            .collect(),
    )
}

fn info(doc: &Document) -> &lopdf::Dictionary {
    let id = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    doc.get_dictionary(id).unwrap()
}

#[test]
fn export_rejects_an_unknown_profile() {
    let mini = manifest().join("tests/data/mini.huaban");
    let o = huaban(&[
        "export",
        s(&mini),
        "--out",
        "/nonexistent",
        "--profile",
        "x",
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("print profile “x” not found"), "{err}");
    assert!(err.contains("newsprint"), "names the known profiles: {err}");
}

#[test]
fn qpdf_check_is_clean() {
    for (ed, prof, f) in exported() {
        let Some(o) = tool("qpdf", &["--check", s(f)]) else {
            return;
        };
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{ed}/{prof}: {out}");
        assert!(
            out.contains("No syntax or stream encoding errors found"),
            "{ed}/{prof}: {out}"
        );
        assert!(
            !out.to_lowercase().contains("warning"),
            "{ed}/{prof}: {out}"
        );
        assert!(out.contains("File is not encrypted"), "{ed}/{prof}");
        let want = if is_pdfx(prof) { "1.6" } else { "1.3" };
        assert!(
            out.contains(&format!("PDF Version: {want}")),
            "{ed}/{prof}: {out}"
        );
    }
}

#[test]
fn pdfinfo_shows_trim_and_bleed_equal_to_the_page() {
    for (ed, prof, f) in exported() {
        let Some(o) = tool("pdfinfo", &["-box", "-f", "1", "-l", "99", s(f)]) else {
            return;
        };
        assert!(o.status.success(), "{ed}/{prof}");
        let out = String::from_utf8_lossy(&o.stdout);
        let boxes = |name: &str| -> Vec<String> {
            out.lines()
                .filter(|l| l.contains(&format!(" {name}:")))
                .map(|l| l.split_once(':').unwrap().1.trim().to_string())
                .collect()
        };
        let media = boxes("MediaBox");
        assert!(!media.is_empty(), "{ed}/{prof}: {out}");
        assert_eq!(boxes("TrimBox"), media, "{ed}/{prof}: trim = page");
        assert_eq!(boxes("BleedBox"), media, "{ed}/{prof}: bleed 0 = trim");
        if is_pdfx(prof) {
            assert!(
                out.contains("PDF subtype:    PDF/X-4"),
                "{ed}/{prof}: {out}"
            );
        }
    }
}

#[test]
fn pdffonts_all_embedded() {
    for (ed, prof, f) in exported() {
        let Some(o) = tool("pdffonts", &[s(f)]) else {
            return;
        };
        let out = String::from_utf8_lossy(&o.stdout);
        let rows: Vec<&str> = out.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{ed}/{prof}: fonts listed");
        for r in rows {
            let cols: Vec<&str> = r.split_whitespace().collect();
            // name type… encoding emb sub uni object ID: emb is the 5th field from the end.
            assert_eq!(cols[cols.len() - 5], "yes", "{ed}/{prof}: embedded: {r}");
        }
    }
}

#[test]
fn ghostscript_renders_without_complaint() {
    for (ed, prof, f) in exported() {
        let Some(o) = tool(
            "gs",
            &["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage", s(f)],
        ) else {
            return;
        };
        let err = String::from_utf8_lossy(&o.stderr);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{ed}/{prof}: {err}");
        assert!(err.trim().is_empty(), "{ed}/{prof}: gs stderr: {err}");
        assert!(!out.contains("rror"), "{ed}/{prof}: gs stdout: {out}");
    }
}

#[test]
fn mupdf_opens_and_draws() {
    for (ed, prof, f) in exported() {
        let Some(o) = tool("mutool", &["info", s(f)]) else {
            return;
        };
        assert!(o.status.success(), "{ed}/{prof}: mutool info");
        let o = tool("mutool", &["draw", "-o", "/dev/null", s(f)]).unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{ed}/{prof}: {err}");
        // This MuPDF build says it has no ICC support on every file; anything else counts.
        for l in err.lines() {
            let l = l.to_lowercase();
            if l.contains("icc support is not available") {
                continue;
            }
            assert!(
                !l.contains("error") && !l.contains("warning"),
                "{ed}/{prof}: mutool draw: {l}"
            );
        }
    }
}

#[test]
fn output_intent_info_and_xmp_are_pdfx4() {
    for (ed, prof, f) in exported().iter().filter(|(_, p, _)| is_pdfx(p)) {
        let doc = Document::load(f).unwrap();
        assert_eq!(doc.version, "1.6", "{ed}/{prof}");
        assert!(
            doc.trailer.get(b"Encrypt").is_err(),
            "{ed}/{prof}: no encryption"
        );
        assert!(doc.trailer.get(b"ID").is_ok(), "{ed}/{prof}: file id");
        let cat = doc.catalog().unwrap();
        let ois = cat.get(b"OutputIntents").unwrap().as_array().unwrap();
        assert_eq!(ois.len(), 1);
        let oi = doc.dereference(&ois[0]).unwrap().1.as_dict().unwrap();
        assert_eq!(oi.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
        let ident = oi
            .get(b"OutputConditionIdentifier")
            .unwrap()
            .as_str()
            .unwrap();
        let want = if prof == "newsprint" {
            "IFRA26"
        } else {
            "FOGRA39"
        };
        assert_eq!(ident, want.as_bytes(), "{ed}/{prof}");
        assert_eq!(
            oi.get(b"RegistryName").unwrap().as_str().unwrap(),
            b"http://www.color.org"
        );
        assert!(oi.get(b"Info").is_ok() && oi.get(b"OutputCondition").is_ok());
        let icc_ref = oi
            .get(b"DestOutputProfile")
            .unwrap()
            .as_reference()
            .unwrap();
        let icc = doc.get_object(icc_ref).unwrap().as_stream().unwrap();
        assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
        let bytes = icc
            .decompressed_content()
            .unwrap_or_else(|_| icc.content.clone());
        let file = if prof == "newsprint" {
            "Huaban-Newsprint26-approx.icc"
        } else {
            "Huaban-Coated-approx.icc"
        };
        let want = std::fs::read(manifest().join("profiles/icc").join(file)).unwrap();
        assert!(bytes == want, "{ed}/{prof}: embedded ICC = {file}");

        let info = info(&doc);
        let v = info.get(b"GTS_PDFXVersion").unwrap().as_str().unwrap();
        assert_eq!(v, b"PDF/X-4");
        assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
        assert!(info.get(b"Title").is_ok());
        for k in [&b"CreationDate"[..], b"ModDate"] {
            let d = info.get(k).unwrap().as_str().unwrap();
            assert!(d.starts_with(b"D:20240312"), "{ed}/{prof}");
        }

        let xmp_ref = cat.get(b"Metadata").unwrap().as_reference().unwrap();
        let xmp = doc.get_object(xmp_ref).unwrap().as_stream().unwrap();
        assert!(xmp.dict.get(b"Filter").is_err(), "XMP left uncompressed");
        let xmp = String::from_utf8(xmp.content.clone()).unwrap();
        assert!(xmp.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
        assert!(xmp.contains("<pdf:Trapped>False</pdf:Trapped>"));
        assert!(xmp.contains("<xmp:CreateDate>2024-03-12T00:00:00Z</xmp:CreateDate>"));
    }
}

#[test]
fn every_page_has_trim_and_bleed_boxes() {
    for (ed, prof, f) in exported() {
        let doc = Document::load(f).unwrap();
        let pages = doc.get_pages();
        assert!(pages.len() >= 2, "{ed}/{prof}");
        for (n, id) in pages {
            let p = doc.get_dictionary(id).unwrap();
            let media = rect(p, b"MediaBox").unwrap();
            assert_eq!(rect(p, b"TrimBox"), Some(media.clone()), "{ed}/{prof} p{n}");
            assert_eq!(
                rect(p, b"BleedBox"),
                Some(media.clone()),
                "{ed}/{prof} p{n}"
            );
            assert!(media[0].abs() < 0.01 && media[1].abs() < 0.01);
        }
    }
}

/// All image XObjects of a document.
fn images(doc: &Document) -> Vec<&lopdf::Stream> {
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image"))
        .collect()
}

#[test]
fn rgb_photos_are_srgb_in_pdfx_and_device_rgb_on_screen() {
    for (ed, prof, f) in exported() {
        let doc = Document::load(f).unwrap();
        let imgs = images(&doc);
        assert!(!imgs.is_empty(), "{ed}/{prof}: photos");
        for img in imgs {
            let cs = img.dict.get(b"ColorSpace").unwrap();
            if is_pdfx(prof) {
                let a = cs.as_array().expect("ICCBased");
                assert_eq!(a[0].as_name().unwrap(), b"ICCBased");
                let icc = doc.get_object(a[1].as_reference().unwrap()).unwrap();
                let n = icc.as_stream().unwrap().dict.get(b"N").unwrap();
                assert_eq!(n.as_i64().unwrap(), 3, "{ed}/{prof}");
            } else {
                assert_eq!(cs.as_name().unwrap(), b"DeviceRGB", "{ed}/{prof}");
            }
        }
    }
}

/// The page's content operators.
fn ops(doc: &Document, page: lopdf::ObjectId) -> Vec<lopdf::content::Operation> {
    let c = doc.get_page_content(page);
    lopdf::content::Content::decode(&c).unwrap().operations
}

/// Resolves a page's ExtGState by name.
fn ext_gstate<'a>(doc: &'a Document, page: lopdf::ObjectId, name: &[u8]) -> &'a lopdf::Dictionary {
    let p = doc.get_dictionary(page).unwrap();
    let res = doc.dereference(p.get(b"Resources").unwrap()).unwrap().1;
    let gs = res.as_dict().unwrap().get(b"ExtGState").unwrap();
    let gs = doc.dereference(gs).unwrap().1.as_dict().unwrap();
    doc.dereference(gs.get(name).unwrap())
        .unwrap()
        .1
        .as_dict()
        .unwrap()
}

#[test]
fn small_black_text_overprints_in_print_profiles_only() {
    for (ed, prof, f) in exported() {
        let doc = Document::load(f).unwrap();
        let (_, page) = doc.get_pages().into_iter().next().unwrap();
        let ops = ops(&doc, page);
        let gs: Vec<&lopdf::content::Operation> =
            ops.iter().filter(|o| o.operator == "gs").collect();
        if !is_pdfx(prof) {
            assert!(gs.is_empty(), "{ed}/{prof}: no overprint on screen");
            assert!(
                ops.iter().all(|o| o.operator != "k"),
                "{ed}/{prof}: RGB only"
            );
            continue;
        }
        assert!(!gs.is_empty(), "{ed}/{prof}: body text overprints");
        for g in &gs {
            let d = ext_gstate(&doc, page, g.operands[0].as_name().unwrap());
            assert!(d.get(b"OP").unwrap().as_bool().unwrap(), "{ed}/{prof}: OP");
            assert!(d.get(b"op").unwrap().as_bool().unwrap(), "{ed}/{prof}: op");
            assert_eq!(d.get(b"OPM").unwrap().as_i64().unwrap(), 1);
        }
        // Each `gs` is followed (inside its q … Q) by a text object set in 0 0 0 1 k at a
        // size under 12 pt.
        for (i, _) in ops.iter().enumerate().filter(|(_, o)| o.operator == "gs") {
            let rest = &ops[i + 1..];
            let end = rest.iter().position(|o| o.operator == "Q").unwrap();
            let k = rest[..end].iter().find(|o| o.operator == "k").unwrap();
            let k: Vec<f64> = k.operands.iter().map(num).collect();
            assert_eq!(k, [0.0, 0.0, 0.0, 1.0], "{ed}/{prof}");
            let tf = rest[..end].iter().find(|o| o.operator == "Tf").unwrap();
            assert!(num(&tf.operands[1]) < 12.0, "{ed}/{prof}");
        }
    }
}

#[test]
fn bleed_grows_media_and_bleed_box_around_the_trim() {
    let (w, h) = (300.0, 400.0);
    let page = DisplayPage {
        width: w,
        height: h,
        items: vec![Item::Rect {
            rect: Rect::new(-8.5, -8.5, w + 17.0, 20.0),
            fill: Some(Color([0.0, 100.0, 100.0, 0.0])),
            stroke: None,
        }],
    };
    let mut opts = PrintProfile::load("newsprint")
        .unwrap()
        .pdf_options()
        .unwrap();
    opts.bleed = vec![8.5];
    let meta = PdfMeta {
        title: "bleed".into(),
        date: "2024-03-12".into(),
    };
    let bytes = write_pdf_with(&[page], &FontSet::load_default(), &meta, &opts).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let p = doc.get_dictionary(doc.get_pages()[&1]).unwrap();
    let bleed = vec![-8.5, -8.5, w + 8.5, h + 8.5];
    assert_eq!(rect(p, b"MediaBox"), Some(bleed.clone()));
    assert_eq!(rect(p, b"BleedBox"), Some(bleed));
    assert_eq!(rect(p, b"TrimBox"), Some(vec![0.0, 0.0, w, h]));
}

#[test]
fn check_profile_warns_of_low_resolution_and_rgb_photos() {
    // mini.huaban with its 1024-px photo blown up to 260 mm wide (100 ppi).
    let mini = manifest().join("tests/data/mini.huaban");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mini).unwrap()).unwrap();
    let photo = manifest().join("sample_edition/photos/mariachi.jpg");
    for page in v["pages"].as_array_mut().unwrap() {
        for f in page["frames"].as_array_mut().unwrap() {
            if f["id"] == "img" {
                f["w"] = 260.0.into();
                f["h"] = 180.0.into();
                f["kind"]["src"] = photo.to_str().unwrap().into();
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("huaban-preflight-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sample = dir.join("big-photo.huaban");
    std::fs::write(&sample, serde_json::to_string(&v).unwrap()).unwrap();
    let o = huaban(&["check", s(&sample), "--profile", "newsprint"]);
    let out = String::from_utf8_lossy(&o.stdout);
    let plain = huaban(&["check", s(&sample)]);
    assert_eq!(
        o.status.code(),
        plain.status.code(),
        "warnings do not change the exit status: {out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("warning: page 1")
            && l.contains("frame “img”")
            && l.contains("100 ppi")
            && l.contains("at least 200 ppi")),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.contains("frame “img”")
            && l.contains("is RGB")
            && l.contains("prints CMYK")),
        "{out}"
    );

    // The screen profile prints RGB and asks for 96 ppi: no warning for this photo.
    let o = huaban(&["check", s(&sample), "--profile", "screen", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let warnings = v["warnings"].as_array().unwrap();
    for w in warnings {
        let m = w["message"].as_str().unwrap();
        assert!(!m.contains("RGB"), "{m}");
        assert!(w["page"].as_u64().is_some() && w["frame"].as_str().is_some());
    }

    // Without --profile there is no preflight.
    let o = huaban(&["check", s(&sample)]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("warning:"));
    let _ = std::fs::remove_dir_all(&dir);
}
