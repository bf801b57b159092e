//! Page delivery (issue #7): one PDF per page named by the edition's pattern or
//! `--name`, and optional bleed and crop marks (`--bleed`, `--marks`): media box grown by
//! bleed and mark area, trim box the page, bleed box trim + bleed, marks in the
//! registration colour outside the bleed. Checked with lopdf, `pdfinfo -box` and
//! Ghostscript.

use lopdf::{Document, Object};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mini() -> PathBuf {
    manifest().join("tests/data/mini.huaban")
}

fn huaban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huaban"))
        .args(args)
        .output()
        .expect("run huaban")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("huaban-delivery-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn num(o: &Object) -> f64 {
    o.as_float()
        .map(f64::from)
        .or(o.as_i64().map(|i| i as f64))
        .unwrap()
}

fn boxes(path: &Path) -> Vec<[Vec<f64>; 3]> {
    let doc = Document::load(path).unwrap();
    doc.get_pages()
        .values()
        .map(|&id| {
            let p = doc.get_dictionary(id).unwrap();
            let r = |k: &[u8]| -> Vec<f64> {
                p.get(k)
                    .unwrap()
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(num)
                    .collect()
            };
            [r(b"MediaBox"), r(b"BleedBox"), r(b"TrimBox")]
        })
        .collect()
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.01)
}

#[test]
fn pages_are_named_by_the_pattern() {
    let dir = tmp("names");
    let o = huaban(&[
        "export",
        mini().to_str().unwrap(),
        "--out",
        dir.to_str().unwrap(),
        "--name",
        "ZZRB{date:%Y%m%d}A{page:02}",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let date = {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(mini()).unwrap()).unwrap();
        v["meta"]["date"].as_str().unwrap().replace('-', "")
    };
    assert_eq!(
        files(&dir),
        [format!("ZZRB{date}A01.pdf"), format!("ZZRB{date}A02.pdf")]
    );

    // The pattern can live in the edition's settings.
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(mini()).unwrap()).unwrap();
    v["settings"] = serde_json::json!({"page_file_name": "{section}-{page:03}"});
    let photo = manifest().join("sample_edition/photos/mariachi.jpg");
    v["pages"][0]["frames"][1]["kind"]["src"] = photo.to_str().unwrap().into();
    let ed = dir.join("named.huaban");
    std::fs::write(&ed, v.to_string()).unwrap();
    let out = dir.join("by-setting");
    let o = huaban(&[
        "export",
        ed.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        files(&out),
        ["综合-002.pdf", "要闻-001.pdf"],
        "sorted by bytes"
    );

    // A pattern that names every page the same is refused before anything is written.
    let out = dir.join("clash");
    let o = huaban(&[
        "export",
        mini().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        "ZZRB{date:%Y%m%d}",
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("pages 1 and 2"), "{err}");
    assert!(!out.exists() || files(&out).is_empty());
    let o = huaban(&[
        "export",
        mini().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        "{pgae}",
    ]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown field {pgae}"));
}

#[test]
fn newspaper_default_has_no_bleed_and_no_marks() {
    let dir = tmp("plain");
    let f = dir.join("p.pdf");
    let o = huaban(&[
        "export",
        mini().to_str().unwrap(),
        "--combined",
        f.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    for [media, bleed, trim] in boxes(&f) {
        assert!(close(&media, &trim) && close(&bleed, &trim), "{media:?}");
    }
    let doc = Document::load(&f).unwrap();
    for &id in doc.get_pages().values() {
        let ops = lopdf::content::Content::decode(&doc.get_page_content(id))
            .unwrap()
            .operations;
        assert!(
            !ops.iter().any(|o| o.operator == "CS"),
            "no marks by default"
        );
    }
}

#[test]
fn bleed_and_crop_marks() {
    let dir = tmp("marks");
    let f = dir.join("m.pdf");
    let o = huaban(&[
        "export",
        mini().to_str().unwrap(),
        "--combined",
        f.to_str().unwrap(),
        "--bleed",
        "3",
        "--marks",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let b = 3.0 * 72.0 / 25.4;
    let m = b + (2.0 + 5.0 + 1.0) * 72.0 / 25.4;
    let doc = Document::load(&f).unwrap();
    for (n, [media, bleed, trim]) in boxes(&f).into_iter().enumerate() {
        let (w, h) = (trim[2], trim[3]);
        assert!(close(&trim[..2], &[0.0, 0.0]), "page {n}: {trim:?}");
        assert!(
            close(&bleed, &[-b, -b, w + b, h + b]),
            "page {n}: {bleed:?}"
        );
        assert!(
            close(&media, &[-m, -m, w + m, h + m]),
            "page {n}: {media:?}"
        );
    }
    // Marks: eight strokes in /Separation /All per page, all outside the bleed box.
    for (&_, &id) in doc.get_pages().iter() {
        let content = doc.get_page_content(id);
        let ops = lopdf::content::Content::decode(&content)
            .unwrap()
            .operations;
        let k = ops
            .iter()
            .position(|o| o.operator == "CS" && o.operands[0].as_name().ok() == Some(b"HuabanReg"))
            .expect("marks select the registration colour");
        let mut strokes = 0;
        let mut pts = Vec::new();
        for o in &ops[k..] {
            match o.operator.as_str() {
                "m" | "l" => pts.push((num(&o.operands[0]), num(&o.operands[1]))),
                "S" => strokes += 1,
                _ => {}
            }
        }
        assert_eq!(strokes, 8);
        let p = doc.get_dictionary(id).unwrap();
        let trim: Vec<f64> = p
            .get(b"TrimBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(num)
            .collect();
        for (x, y) in pts {
            let inside_bleed =
                x > -b + 0.01 && x < trim[2] + b - 0.01 && y > -b + 0.01 && y < trim[3] + b - 0.01;
            assert!(!inside_bleed, "mark point ({x}, {y}) inside the bleed");
        }
        let res = doc.get_dictionary(id).unwrap().get(b"Resources").unwrap();
        let res = match res {
            Object::Reference(r) => doc.get_dictionary(*r).unwrap(),
            Object::Dictionary(d) => d,
            _ => panic!(),
        };
        let cs = res.get(b"ColorSpace").unwrap().as_dict().unwrap();
        let reg = cs.get(b"HuabanReg").unwrap().as_array().unwrap();
        assert_eq!(reg[0].as_name().unwrap(), b"Separation");
        assert_eq!(reg[1].as_name().unwrap(), b"All");
    }

    // Tools we did not write agree.
    if let Ok(o) = Command::new("pdfinfo")
        .args(["-box", "-f", "1", "-l", "1", f.to_str().unwrap()])
        .output()
    {
        let out = String::from_utf8_lossy(&o.stdout);
        let line = |k: &str| out.lines().find(|l| l.starts_with(k)).unwrap().to_string();
        assert!(
            line("Page    1 MediaBox").contains(&format!("{:.2}", -m)),
            "{out}"
        );
        assert!(
            line("Page    1 BleedBox").contains(&format!("{:.2}", -b)),
            "{out}"
        );
        assert!(line("Page    1 TrimBox").contains("0.00     0.00"), "{out}");
    }
    if let Ok(o) = Command::new("gs")
        .args([
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-sDEVICE=nullpage",
            f.to_str().unwrap(),
        ])
        .output()
    {
        assert!(o.status.success());
        assert!(
            o.stderr.is_empty() && o.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    if let Ok(o) = Command::new("qpdf")
        .args(["--check", f.to_str().unwrap()])
        .output()
    {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    }

    // A bleed out of range is refused.
    let o = huaban(&[
        "export",
        mini().to_str().unwrap(),
        "--combined",
        f.to_str().unwrap(),
        "--bleed",
        "40",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--bleed 40"));
}
