//! The catalogue of bad inputs (docs/reliability.md): every kind of broken layout file,
//! text and image that Huaban must answer with a clear error naming the file and place,
//! or compose with problems reported; never a panic, never a hang.

use huaban::cli::load_and_compose;
use huaban::fonts::FontSet;
use huaban::model;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(FontSet::load_default)
}

/// A fresh folder for one case under the target directory.
fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bad_inputs-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// tests/data/mini.huaban as JSON, without its photo (cases add their own).
fn mini() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.huaban");
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
    v["pages"][0]["frames"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["id"] != "img");
    v
}

fn write_bytes(name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir(name).join(format!("{name}.huaban"));
    std::fs::write(&p, bytes).unwrap();
    p
}

fn write(name: &str, v: &Value) -> PathBuf {
    write_bytes(name, serde_json::to_string_pretty(v).unwrap().as_bytes())
}

/// Loading must fail; the message names the file and contains every one of `needles`.
fn load_err(path: &Path, needles: &[&str]) -> String {
    let msg = match model::load(path) {
        Ok(_) => panic!("{} loaded but should not", path.display()),
        Err(e) => e.to_string(),
    };
    let name = path.file_name().unwrap().to_str().unwrap();
    assert!(msg.contains(name), "message does not name the file: {msg}");
    for n in needles {
        assert!(msg.contains(n), "message lacks “{n}”: {msg}");
    }
    msg
}

fn mutated_err(name: &str, needles: &[&str], f: impl FnOnce(&mut Value)) -> String {
    let mut v = mini();
    f(&mut v);
    load_err(&write(name, &v), needles)
}

/// Loads and composes; returns the problems' messages.
fn composes(path: &Path) -> Vec<String> {
    let (_, comp) = load_and_compose(path, fonts()).unwrap_or_else(|e| panic!("{e}"));
    comp.problems.into_iter().map(|p| p.message).collect()
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

// ---- the file itself ----

#[test]
fn zero_byte_file() {
    load_err(&write_bytes("zero_byte", b""), &["line 1", "truncated"]);
}

#[test]
fn truncated_json() {
    let text = serde_json::to_string_pretty(&mini()).unwrap();
    load_err(
        &write_bytes("truncated", &text.as_bytes()[..text.len() / 2]),
        &["line", "column", "truncated"],
    );
}

#[test]
fn invalid_json_syntax() {
    load_err(
        &write_bytes("syntax", b"{\n  \"format\": 1,,\n}"),
        &["line 2", "column"],
    );
}

#[test]
fn not_utf8() {
    load_err(
        &write_bytes("latin1", b"{\"format\": 1, \"x\": \"caf\xe9\"}"),
        &["not UTF-8", "offset 23"],
    );
}

#[test]
fn byte_order_mark_is_an_error_with_place() {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend(serde_json::to_vec(&mini()).unwrap());
    load_err(&write_bytes("bom", &b), &["line 1", "column 1"]);
}

#[test]
fn top_level_not_an_object() {
    load_err(&write_bytes("array", b"[1, 2, 3]"), &["no \"format\""]);
}

#[test]
fn nesting_ten_thousand_deep_is_an_error_not_a_stack_overflow() {
    let mut s = String::from("{\"format\": 1, \"meta\": ");
    s.push_str(&"[".repeat(10_000));
    load_err(&write_bytes("deep", s.as_bytes()), &["recursion limit"]);
}

#[test]
fn file_over_size_limit_is_refused_before_reading() {
    let p = dir("huge_file").join("huge_file.huaban");
    let f = std::fs::File::create(&p).unwrap();
    f.set_len(model::MAX_FILE_BYTES + 1).unwrap(); // sparse: costs no disk
    let t = Instant::now();
    load_err(&p, &["MB", "at most"]);
    assert!(t.elapsed() < Duration::from_secs(1));
}

#[test]
fn wrong_type() {
    mutated_err("wrong_type", &["line", "column", "invalid type"], |v| {
        v["pages"][0]["frames"][0]["kind"]["columns"] = json!("three");
    });
}

#[test]
fn unknown_field() {
    mutated_err("unknown_field", &["unknown field `colour`", "line"], |v| {
        v["meta"]["colour"] = json!("red");
    });
}

#[test]
fn format_0() {
    mutated_err("format_0", &["version 0"], |v| v["format"] = json!(0));
}

#[test]
fn format_99() {
    mutated_err("format_99", &["99", "newer"], |v| v["format"] = json!(99));
}

#[test]
fn format_missing() {
    mutated_err("format_missing", &["no \"format\""], |v| {
        v.as_object_mut().unwrap().remove("format");
    });
}

#[test]
fn format_string() {
    mutated_err("format_string", &["whole number", "\"1\""], |v| {
        v["format"] = json!("1")
    });
}

#[test]
fn format_fraction_or_negative() {
    mutated_err("format_frac", &["whole number"], |v| {
        v["format"] = json!(1.5)
    });
    mutated_err("format_neg", &["whole number"], |v| v["format"] = json!(-1));
}

#[test]
fn duplicate_story_id() {
    mutated_err("dup_story", &["story id “s1” is used twice"], |v| {
        let s = v["stories"][0].clone();
        v["stories"].as_array_mut().unwrap().push(s);
    });
}

#[test]
fn duplicate_frame_id() {
    mutated_err("dup_frame", &["page 2 frame “f1”", "used twice"], |v| {
        v["pages"][1]["frames"][0]["id"] = json!("f1");
    });
}

#[test]
fn dangling_frame_to_story() {
    mutated_err(
        "dangling_story",
        &["frame “f2”", "story “nope”"],
        |v| {
            v["pages"][1]["frames"][0]["kind"]["story"] = json!("nope");
        },
    );
}

#[test]
fn dangling_thread_to_frame() {
    mutated_err(
        "dangling_thread",
        &["story “s1”", "frame “f9”"],
        |v| {
            v["stories"][0]["thread"] = json!(["f1", "f2", "f9"]);
        },
    );
}

#[test]
fn thread_lists_a_frame_twice() {
    mutated_err("thread_loop", &["“f1” is in its thread twice"], |v| {
        v["stories"][0]["thread"] = json!(["f1", "f2", "f1"]);
    });
}

#[test]
fn headline_frame_in_thread() {
    mutated_err(
        "headline_thread",
        &["“f2”", "not a body text frame"],
        |v| {
            v["pages"][1]["frames"][0]["kind"]["content"] = json!("headline");
        },
    );
}

#[test]
fn body_frame_outside_thread() {
    mutated_err(
        "unthreaded",
        &["frame “f2”", "not in that story's thread"],
        |v| {
            v["stories"][0]["thread"] = json!(["f1"]);
        },
    );
}

#[test]
fn negative_size() {
    mutated_err("negative", &["frame “f1”", "negative size"], |v| {
        v["pages"][0]["frames"][0]["w"] = json!(-10.0);
    });
}

#[test]
fn size_1e300() {
    mutated_err("1e300", &["frame “f1”", "not a usable"], |v| {
        v["pages"][0]["frames"][0]["h"] = json!(1e300);
    });
}

#[test]
fn number_beyond_f64_is_a_syntax_error_with_place() {
    let text =
        serde_json::to_string_pretty(&mini())
            .unwrap()
            .replacen("\"h\": 80", "\"h\": 1e400", 1);
    assert!(text.contains("1e400"));
    load_err(
        &write_bytes("1e400", text.as_bytes()),
        &["out of range", "line"],
    );
}

#[test]
fn nan_literal_is_a_syntax_error() {
    let text =
        serde_json::to_string_pretty(&mini())
            .unwrap()
            .replacen("\"h\": 80", "\"h\": NaN", 1);
    load_err(&write_bytes("nan", text.as_bytes()), &["line", "column"]);
}

#[test]
fn zero_columns() {
    mutated_err("zero_cols", &["frame “f1”", "0 columns"], |v| {
        v["pages"][0]["frames"][0]["kind"]["columns"] = json!(0);
    });
}

#[test]
fn missing_template_and_style() {
    mutated_err("no_template", &["page 2", "template “tabloid”"], |v| {
        v["pages"][1]["template"] = json!("tabloid");
    });
    mutated_err("no_style", &["style “无此样式”"], |v| {
        v["pages"][0]["frames"][0]["kind"]["styles"] = json!({"body": "无此样式"});
    });
}

#[test]
fn ten_thousand_pages_rejected_fast() {
    let mut v = mini();
    let page = json!({"id": "p", "template": "broadsheet", "frames": []});
    let pages = v["pages"].as_array_mut().unwrap();
    pages.extend(std::iter::repeat_n(page, 10_000));
    let p = write("10k_pages", &v);
    let t = Instant::now();
    load_err(&p, &["10002 pages", "at most 2000"]);
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
}

#[test]
fn too_many_frames_on_a_page() {
    mutated_err("many_frames", &["page 1", "frames; at most"], |v| {
        let rule = |i: usize| {
            json!({"id": format!("r{i}"), "x": 1, "y": 1, "w": 1, "h": 0,
                   "kind": {"type": "rule", "stroke_pt": 0.5}})
        };
        let frames = v["pages"][0]["frames"].as_array_mut().unwrap();
        frames.extend((0..model::MAX_FRAMES_PER_PAGE).map(rule));
    });
}

#[test]
fn fifty_mb_story_rejected_with_limit() {
    let mut v = mini();
    story_text(&mut v, &"字".repeat(50 * 1024 * 1024 / 3));
    let p = write("50mb", &v);
    let t = Instant::now();
    let msg = load_err(&p, &["story “s1”", "characters; at most"]);
    assert!(t.elapsed() < Duration::from_secs(20), "{:?}", t.elapsed());
    let _ = std::fs::remove_file(&p);
    assert!(!msg.contains("字字字"), "message must not echo the text");
}

#[test]
fn paragraph_over_limit_rejected() {
    mutated_err(
        "long_para",
        &["story “s1”", "paragraph 1", "at most"],
        |v| {
            story_text(v, &"a".repeat(model::MAX_PARAGRAPH_CHARS + 1));
        },
    );
}

// ---- text that composes ----

#[test]
fn one_long_line_without_breaks_composes_in_bounded_time() {
    // The longest paragraph allowed, with no break opportunity at all.
    let mut v = mini();
    story_text(&mut v, &"x".repeat(model::MAX_PARAGRAPH_CHARS));
    let p = write("long_line", &v);
    let t = Instant::now();
    let (_, comp) = load_and_compose(&p, fonts()).unwrap();
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    // The unbreakable word is set (overflowing its column) or counted as overset.
    let set: usize = comp
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.matches('x').count())
        .sum();
    let over = comp.stories["s1"].overset_chars;
    assert!(
        set + over >= model::MAX_PARAGRAPH_CHARS,
        "set {set} + overset {over}"
    );
}

#[test]
fn a_long_han_paragraph_composes_and_counts_overset() {
    let mut v = mini();
    story_text(&mut v, &"中文排版".repeat(25_000));
    let p = write("long_han", &v);
    let t = Instant::now();
    let (_, comp) = load_and_compose(&p, fonts()).unwrap();
    assert!(t.elapsed() < Duration::from_secs(30), "{:?}", t.elapsed());
    let set: usize = comp
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.chars().count())
        .sum();
    let over = comp.stories["s1"].overset_chars;
    assert!(over > 90_000, "overset {over}");
    assert!(set + over >= 100_000, "set {set} + overset {over}");
}

/// Every Unicode oddity we know of, in one story.
pub const ODDITIES: &[&str] = &[
    "e\u{301}\u{302}\u{303}\u{304}\u{305}", // stacked combining marks
    "\u{301}开头的组合符",                  // combining mark with no base
    "👩\u{200d}👩\u{200d}👧\u{200d}👦 👍🏽 🇨🇳", // ZWJ family, skin tone, flag
    "مرحبا بالعالم",                        // Arabic (RTL)
    "שלום עולם",                            // Hebrew (RTL)
    "NUL\u{0}here",
    "葛\u{E0100}\u{FE0F}\u{FE0E}", // variation selectors
    "\u{20000}\u{2A700}\u{2B740}\u{2B820}\u{2CEB0}\u{30000}\u{31350}", // Ext B–H
    "\u{FFFF}\u{FFFE}\u{FFFD}\u{E000}", // noncharacters, replacement, private use
    "tab\there\r\nCRLF\rCR\nLF\u{2028}\u{2029}\u{85}",
    "\u{200B}\u{200C}\u{2060}\u{AD}\u{FEFF}", // zero-width and soft hyphen
    "ﷺ ꧅ 𒀱 ᾏ ǅ",                              // very wide and titlecase glyphs
    "  ",                                     // spaces only
    "",                                       // empty
];

#[test]
fn unicode_oddities_compose_and_missing_glyphs_are_reported() {
    let mut v = mini();
    v["stories"][0]["paragraphs"] = Value::Array(
        ODDITIES
            .iter()
            .map(|t| json!({"role": "body", "text": t}))
            .collect(),
    );
    v["stories"][0]["headline"] = json!(ODDITIES.concat());
    let problems = composes(&write("unicode", &v));
    // U+FFFF is in no font: it must be named as missing, not dropped silently.
    assert!(
        problems.iter().any(|m| m.contains("U+FFFF")),
        "{problems:#?}"
    );
}

#[test]
fn lone_surrogate_escape_is_a_syntax_error_with_place() {
    let text = serde_json::to_string_pretty(&mini())
        .unwrap()
        .replacen("小标题测试", "\\ud800", 1);
    load_err(
        &write_bytes("surrogate", text.as_bytes()),
        &["line", "column", "surrogate"],
    );
}

#[test]
fn frames_off_the_page_and_of_zero_size_compose() {
    let mut v = mini();
    v["pages"][0]["frames"][0]["x"] = json!(-4000.0);
    v["pages"][0]["frames"][0]["h"] = json!(0.0);
    v["pages"][1]["frames"][0]["w"] = json!(0.001);
    let p = write("off_page", &v);
    let (_, comp) = load_and_compose(&p, fonts()).unwrap();
    assert!(comp.stories["s1"].overset_chars > 0);
}

#[test]
fn empty_edition_loads_and_commands_say_why() {
    let mut v = mini();
    v["pages"] = json!([]);
    v["stories"] = json!([]);
    let p = write("empty", &v);
    let ps = p.to_str().unwrap();
    let png = p.with_extension("png");
    let (code, text) = huaban(&["render", ps, "--out", png.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(text.contains("empty.huaban"), "{text}");
    let pdf = p.with_extension("pdf");
    let (code, text) = huaban(&["export", ps, "--combined", pdf.to_str().unwrap()]);
    assert_ne!(code, 0, "{text}");
}

// ---- fonts ----

#[test]
fn unknown_font_family_is_an_error_naming_file_and_family() {
    let mut v = mini();
    v["settings"] = json!({"fonts": {"song": "No Such Font Family 9"}});
    let p = write("no_font", &v);
    let err = load_and_compose(&p, fonts()).expect_err("must fail");
    assert!(err.contains("no_font.huaban"), "{err}");
    assert!(err.contains("No Such Font Family 9"), "{err}");
    let (code, text) = huaban(&["check", p.to_str().unwrap()]);
    assert_ne!(code, 0);
    assert!(text.contains("No Such Font Family 9"), "{text}");
}

#[test]
fn garbage_font_file_in_fonts_folder_does_not_panic() {
    let d = dir("garbage_font");
    std::fs::write(d.join("Broken.ttf"), b"this is not a font at all").unwrap();
    std::fs::write(d.join("Empty.otf"), b"").unwrap();
    let mut truncated = b"OTTO\x00\x0A\x00\x80".to_vec();
    truncated.extend([0u8; 40]);
    std::fs::write(d.join("Truncated.otf"), truncated).unwrap();
    let set = FontSet::load(&[d, FontSet::default_dir()], false);
    let ed = model::load(&write("garbage_font_layout", &mini())).unwrap();
    let comp = huaban::compose::compose(&ed, &set, Path::new(".")).unwrap();
    assert!(comp.pages[0].lines.len() > 5);
}

// ---- Format 2 (colours as objects, rules' `stroke_pt`) and migration from format 1 ----

fn with_rule(v: &mut Value, kind: Value) {
    v["pages"][0]["frames"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "r1", "x": 16, "y": 120, "w": 100, "h": 0, "kind": kind}));
}

#[test]
fn format_1_colour_array_in_a_format_2_file() {
    mutated_err(
        "v1_colour_in_v2",
        &["line", "invalid type: sequence, expected a map"],
        |v| {
            with_rule(
                v,
                json!({"type": "rule", "stroke_pt": 1, "color": [0, 0, 0, 100]}),
            );
        },
    );
}

#[test]
fn format_1_weight_pt_in_a_format_2_file() {
    mutated_err(
        "v1_weight_in_v2",
        &["line", "unknown field `weight_pt`"],
        |v| {
            with_rule(v, json!({"type": "rule", "weight_pt": 1}));
        },
    );
}

#[test]
fn ink_outside_0_to_100() {
    mutated_err("ink_150", &["frame “r1”", "k 150", "0 to 100"], |v| {
        with_rule(v, json!({"type": "rule", "color": {"k": 150}}));
    });
    mutated_err("ink_neg", &["frame “b1”", "fill", "c -5"], |v| {
        v["pages"][0]["frames"].as_array_mut().unwrap().push(json!(
            {"id": "b1", "x": 1, "y": 1, "w": 9, "h": 9,
             "kind": {"type": "box", "fill": {"c": -5}}}));
    });
    mutated_err("ink_r", &["line", "unknown ink “r”"], |v| {
        with_rule(v, json!({"type": "rule", "color": {"r": 50}}));
    });
}

#[test]
fn format_1_rule_with_both_weight_names() {
    mutated_err(
        "v1_both_weights",
        &["format 1", "frame “r1”", "both"],
        |v| {
            v["format"] = json!(1);
            with_rule(v, json!({"type": "rule", "weight_pt": 1, "stroke_pt": 2}));
        },
    );
}
