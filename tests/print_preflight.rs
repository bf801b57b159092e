//! Preflight (`huaban check --profile`, issue #7) on small fixtures: hairlines, objects
//! beyond the bleed, photo ink from a CMYK JPEG's pixels and from RGB photos separated
//! with the output profile, and small reverse text. Each finding names page and frame.

use huaban::display::Item;
use huaban::fonts::FontSet;
use huaban::model::Color;
use huaban::print::{ink, preflight::preflight, PrintProfile};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn huaban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_huaban"))
        .args(args)
        .output()
        .expect("run huaban")
}

/// mini.huaban with extra frames on page 1, written to a temp folder.
fn fixture(name: &str, extra: Vec<serde_json::Value>) -> PathBuf {
    let mini = manifest().join("tests/data/mini.huaban");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&mini).unwrap()).unwrap();
    let photo = manifest().join("sample_edition/photos/mariachi.jpg");
    let frames = v["pages"][0]["frames"].as_array_mut().unwrap();
    for f in frames.iter_mut() {
        if f["id"] == "img" {
            f["kind"]["src"] = photo.to_str().unwrap().into();
        }
    }
    frames.extend(extra);
    let dir = std::env::temp_dir().join(format!("huaban-preflight2-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.huaban"));
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    path
}

/// `check --profile newsprint --json` → (page, frame, message) of every warning.
fn warnings(path: &Path, profile: &str) -> Vec<(u64, String, String)> {
    let o = huaban(&[
        "check",
        path.to_str().unwrap(),
        "--profile",
        profile,
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["page"].as_u64().unwrap_or(0),
                w["frame"].as_str().unwrap_or("").to_string(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(ws: &[(u64, String, String)], page: u64, frame: &str, words: &[&str]) -> bool {
    ws.iter()
        .any(|(p, f, m)| *p == page && f == frame && words.iter().all(|w| m.contains(w)))
}

#[test]
fn hairlines_and_objects_beyond_the_bleed() {
    let path = fixture(
        "lines",
        vec![
            json!({"id": "thin", "x": 16, "y": 120, "w": 100, "h": 0,
                   "kind": {"type": "rule", "stroke_pt": 0.05}}),
            json!({"id": "hairbox", "x": 16, "y": 130, "w": 60, "h": 30,
                   "kind": {"type": "box", "stroke_pt": 0.08}}),
            json!({"id": "fine", "x": 16, "y": 170, "w": 100, "h": 0,
                   "kind": {"type": "rule", "stroke_pt": 0.1}}),
            json!({"id": "off", "x": -6, "y": 180, "w": 40, "h": 20,
                   "kind": {"type": "box", "stroke_pt": 0.5, "fill": {"k": 20}}}),
        ],
    );
    let ws = warnings(&path, "newsprint");
    assert!(
        has(&ws, 1, "thin", &["hairline", "rule", "0.050 pt", "0.1 pt"]),
        "{ws:#?}"
    );
    assert!(
        has(&ws, 1, "hairbox", &["hairline", "box stroke", "0.080 pt"]),
        "{ws:#?}"
    );
    assert!(
        !ws.iter().any(|(_, f, _)| f == "fine"),
        "0.1 pt is allowed: {ws:#?}"
    );
    assert!(
        has(
            &ws,
            1,
            "off",
            &["beyond the bleed box", "6.0 mm", "0.0 mm bleed"]
        ),
        "{ws:#?}"
    );
    // The frames that are fine stay quiet.
    assert!(
        !ws.iter().any(|(_, f, _)| f == "box" || f == "f1"),
        "{ws:#?}"
    );

    // With 7 mm of bleed (from a profile file) the box no longer sticks out.
    let mut prof: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(manifest().join("profiles/newsprint.json")).unwrap(),
    )
    .unwrap();
    prof["bleed_mm"] = 7.0.into();
    let icc = manifest().join("profiles/icc");
    prof["output_intent"]["icc"] = icc.join("Huaban-Newsprint26-approx.icc").to_str().into();
    prof["rgb_icc"] = icc.join("sRGB.icc").to_str().into();
    let pfile = path.with_file_name("bleed6.json");
    std::fs::write(&pfile, prof.to_string()).unwrap();
    let ws = warnings(&path, pfile.to_str().unwrap());
    assert!(
        !ws.iter().any(|(_, _, m)| m.contains("bleed box")),
        "{ws:#?}"
    );
    assert!(has(&ws, 1, "thin", &["hairline"]), "{ws:#?}");
}

#[test]
fn cmyk_photo_ink_is_read_from_its_pixels() {
    // 48×64 px: top half 90/80/80/90 % (340 %), bottom half 25/25/0/10 %.
    let jpg = manifest().join("tests/data/heavy-ink-cmyk.jpg");
    let data = std::fs::read(&jpg).unwrap();
    let s = ink::photo_ink(&data, 240.0, None, None).unwrap().unwrap();
    assert!(!s.converted);
    assert!((s.max_tac - 340.0).abs() < 6.0, "{s:?}");
    assert!((s.over_share - 0.5).abs() < 0.05, "{s:?}");

    let path = fixture(
        "ink",
        vec![json!({"id": "heavy", "x": 212, "y": 80, "w": 6, "h": 8,
                    "kind": {"type": "image", "src": jpg.to_str().unwrap()}})],
    );
    let ws = warnings(&path, "newsprint");
    assert!(
        has(&ws, 1, "heavy", &["total ink", "allows 240 %"]),
        "{ws:#?}"
    );
    let m = &ws
        .iter()
        .find(|(_, f, m)| f == "heavy" && m.contains("ink"))
        .unwrap()
        .2;
    assert!(
        !m.contains("separated"),
        "CMYK pixels are taken as they are: {m}"
    );
    // The coated profile allows 340 % (within rounding of the JPEG) — well, 330 %: still over.
    let ws = warnings(&path, "coated");
    assert!(
        has(&ws, 1, "heavy", &["total ink", "allows 330 %"]),
        "{ws:#?}"
    );
    // The screen profile has no ink limit.
    assert!(!warnings(&path, "screen")
        .iter()
        .any(|(_, _, m)| m.contains("ink")));
}

#[test]
fn rgb_photo_ink_is_separated_with_the_output_profile() {
    let p = PrintProfile::load("newsprint").unwrap();
    let data = std::fs::read(manifest().join("sample_edition/photos/mariachi.jpg")).unwrap();
    let cmyk = p.output_icc().unwrap().unwrap();
    let rgb = p.rgb_icc_bytes().unwrap().unwrap();
    let s = ink::photo_ink(&data, 240.0, Some(&rgb), Some(&cmyk))
        .unwrap()
        .unwrap();
    assert!(s.converted);
    // A photo with deep shadows separates to heavy ink, held under the limit by the profile.
    assert!(s.max_tac > 150.0 && s.max_tac <= 241.0, "{s:?}");
    // Without profiles there is nothing to say about RGB pixels.
    assert!(ink::photo_ink(&data, 240.0, None, None).unwrap().is_none());
}

#[test]
fn small_reverse_text_is_flagged_with_its_frame() {
    // Paragraph styles have no colour yet, so the fixture recolours composed text: the
    // first text run of frame f1 in white at 8 pt, a later one light grey at 12 pt.
    let mini = manifest().join("tests/data/mini.huaban");
    let fonts = FontSet::load_default();
    let (ed, mut comp) = huaban::cli::load_and_compose(&mini, &fonts).unwrap();
    let f1 = comp.pages[0]
        .frames
        .iter()
        .find(|(id, _)| id == "f1")
        .unwrap()
        .1;
    let mut runs = comp.pages[0].items.iter_mut().filter_map(|it| match it {
        Item::Text(t)
            if !t.text.trim().is_empty()
                && t.glyphs.iter().all(|g| f1.contains(g.x, g.y - 1.0)) =>
        {
            Some(t)
        }
        _ => None,
    });
    let first = runs.next().unwrap();
    first.color = Color::WHITE;
    first.size = 8.0;
    let second = runs.nth(2).unwrap();
    second.color = Color([0.0, 0.0, 0.0, 10.0]);
    second.size = 12.0;
    let p = PrintProfile::load("newsprint").unwrap();
    let ws = preflight(&ed, &comp, mini.parent().unwrap(), &p);
    let rev: Vec<_> = ws
        .iter()
        .filter(|w| w.message.contains("reverse text"))
        .collect();
    assert_eq!(rev.len(), 1, "{ws:#?}");
    assert_eq!(rev[0].page, Some(0));
    assert_eq!(rev[0].frame.as_deref(), Some("f1"));
    assert!(rev[0].message.contains("8.0 pt"), "{}", rev[0].message);
    assert!(
        rev[0].message.contains("at least 10 pt"),
        "{}",
        rev[0].message
    );
    // The screen profile does not ask.
    let screen = PrintProfile::load("screen").unwrap();
    let ws = preflight(&ed, &comp, mini.parent().unwrap(), &screen);
    assert!(!ws.iter().any(|w| w.message.contains("reverse")));
}
