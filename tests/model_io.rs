//! Reading and writing layout files: the sample edition round-trips, and bad files give
//! errors that name the file and say what is wrong, without a panic.

use huaban::model::{self, Edition, FontRole, FrameKind};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_edition/zhuzhou-2024-03-12.huaban")
}

fn sample() -> Edition {
    model::load(&sample_path()).unwrap_or_else(|e| panic!("the sample edition must load: {e}"))
}

/// A fresh folder under the target directory (no extra crates needed).
fn temp_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("model_io-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Writes `text` as a layout file next to a copy of the sample's photos folder link.
fn write_layout(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn huaban(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_huaban"))
        .args(args)
        .output()
        .expect("run huaban");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn save_and_load_round_trip() {
    let ed = sample();
    let dir = temp_dir("roundtrip");
    let p = dir.join("copy.huaban");
    model::save(&ed, &p).unwrap();
    let back = model::load(&p).unwrap();
    assert_eq!(back, ed);
}

#[test]
fn saving_twice_gives_identical_bytes() {
    let ed = sample();
    let dir = temp_dir("twice");
    let (a, b) = (dir.join("a.huaban"), dir.join("b.huaban"));
    model::save(&ed, &a).unwrap();
    model::save(&model::load(&a).unwrap(), &b).unwrap();
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
    // The committed file is in canonical form too.
    let committed = std::fs::read_to_string(sample_path()).unwrap();
    assert!(
        committed == model::to_json(&ed),
        "the committed sample is not in canonical form; regenerate it"
    );
}

#[test]
fn sample_has_four_pages_and_every_seed_story() {
    let ed = sample();
    assert!(ed.pages.len() >= 4, "only {} pages", ed.pages.len());
    assert!(!ed.pages[0].folio, "page 1 carries a masthead, not a folio");
    let heads: Vec<&str> = ed.stories.iter().map(|s| s.headline.as_str()).collect();
    for h in [
        "组建32个网格党支部 筑牢自建房整治坚实防线",
        "“母亲健康快车”驶入醴陵",
        "非遗绽魅力 文化润人心",
        "54场“春风行动” 让9000余人上岗",
        "“献策株洲”金点子摘登",
        "发现环保问题 直接给局长打电话",
    ] {
        assert!(heads.contains(&h), "no story with the headline {h}");
    }
    let all_text: Vec<&str> = ed
        .stories
        .iter()
        .flat_map(|s| s.paragraphs.iter().map(|p| p.text.as_str()))
        .collect();
    for t in [
        "纾困解难 助企业实现开门红",
        "精准服务 帮求职者家门口就业",
        "集群式培育，待风起",
        "“数智+”赋能，“云”起飞",
        "唱好研发“双城计” 加快培育新质生产力",
        "推动硬质合金 产业数字化转型 助力硬质合金强国建设",
        "加强醴芦淞区域联动协调 打造区域产业集群高地",
        "探索株洲乡村振兴新路子",
        "株洲需要打造“炎帝时间”",
        "市委党校 易理",
        "【编者按】",
        "【具体举报电话】",
    ] {
        assert!(all_text.contains(&t), "no paragraph “{t}”");
    }
    // The jump line is the composer's business, not the story's.
    assert!(!all_text.iter().any(|t| t.contains("上接")));
    // The truncated paragraph ends where the seed ends it.
    assert!(all_text.iter().any(|t| t.ends_with("月薪5000元，很满")));
}

/// Page index (0-based) of each frame in a story's thread.
fn thread_pages(ed: &Edition, story: &str) -> Vec<usize> {
    let s = ed.story(story).expect("story exists");
    s.thread
        .iter()
        .map(|f| ed.find_frame(f).expect("thread frame exists").0)
        .collect()
}

#[test]
fn champion_starts_on_page_one_and_jumps() {
    let ed = sample();
    let champ = ed
        .stories
        .iter()
        .find(|s| s.slug == "单项冠军")
        .expect("the 单项冠军 story");
    let pages = thread_pages(&ed, &champ.id);
    assert_eq!(pages.first(), Some(&0), "starts on page 1");
    assert!(pages.iter().any(|&p| p > 0), "continues on a later page");
    // At least one other story is continued across pages as well.
    let others = ed
        .stories
        .iter()
        .filter(|s| s.id != champ.id)
        .filter(|s| {
            let p = thread_pages(&ed, &s.id);
            p.windows(2).any(|w| w[0] != w[1])
        })
        .count();
    assert!(others >= 1);
}

#[test]
fn sample_edition_checks_clean() {
    let p = sample_path();
    let (code, out) = huaban(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 0, "huaban check reported problems:\n{out}");
    assert!(!out.contains('超'), "a story is overset:\n{out}");
}

#[test]
fn truncated_file_names_path_and_place() {
    let text = std::fs::read_to_string(sample_path()).unwrap();
    let dir = temp_dir("truncated");
    let cut: String = text.chars().take(text.chars().count() / 2).collect();
    let p = write_layout(&dir, "cut.huaban", &cut);
    let err = model::load(&p).unwrap_err().to_string();
    assert!(err.contains(&p.display().to_string()), "{err}");
    assert!(err.contains("line "), "{err}");
    assert!(
        err.contains("truncated") || err.contains("ends too early"),
        "{err}"
    );
}

fn edited(name: &str, f: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let text = std::fs::read_to_string(sample_path()).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    f(&mut v);
    let dir = temp_dir(name);
    // Keep the photos reachable from the copy.
    let link = dir.join("photos");
    #[cfg(unix)]
    std::os::unix::fs::symlink(sample_path().parent().unwrap().join("photos"), &link).unwrap();
    write_layout(
        &dir,
        &format!("{name}.huaban"),
        &serde_json::to_string_pretty(&v).unwrap(),
    )
}

#[test]
fn newer_format_says_newer() {
    let p = edited("format99", |v| v["format"] = 99.into());
    let err = model::load(&p).unwrap_err().to_string();
    assert!(err.contains(&p.display().to_string()), "{err}");
    assert!(err.contains("newer"), "{err}");
    assert!(err.contains("99"), "{err}");
}

#[test]
fn missing_format_is_explained() {
    let p = edited("noformat", |v| {
        v.as_object_mut().unwrap().remove("format");
    });
    let err = model::load(&p).unwrap_err().to_string();
    assert!(err.contains(&p.display().to_string()), "{err}");
    assert!(err.contains("\"format\""), "{err}");
}

#[test]
fn dangling_thread_frame_is_reported() {
    let p = edited("dangling", |v| {
        v["stories"][0]["thread"]
            .as_array_mut()
            .unwrap()
            .push("no-such-frame".into());
    });
    let err = model::load(&p).unwrap_err().to_string();
    assert!(err.contains(&p.display().to_string()), "{err}");
    assert!(err.contains("no-such-frame"), "{err}");
}

#[test]
fn duplicate_frame_id_is_reported() {
    let p = edited("duplicate", |v| {
        let frames = v["pages"][1]["frames"].as_array_mut().unwrap();
        let mut copy = frames[0].clone();
        copy["x"] = 100.0.into();
        frames.push(copy);
    });
    let err = model::load(&p).unwrap_err().to_string();
    assert!(err.contains(&p.display().to_string()), "{err}");
    assert!(err.contains("used twice"), "{err}");
}

#[test]
fn missing_image_loads_but_check_fails_naming_it() {
    let p = edited("noimage", |v| {
        for page in v["pages"].as_array_mut().unwrap() {
            for f in page["frames"].as_array_mut().unwrap() {
                if f["kind"]["type"] == "image" {
                    f["kind"]["src"] = "photos/not-there.jpg".into();
                    return;
                }
            }
        }
        panic!("the sample has no image frame");
    });
    let ed = model::load(&p).expect("a missing image is not a load error");
    assert!(ed.pages.iter().flat_map(|p| &p.frames).any(
        |f| matches!(&f.kind, FrameKind::Image { src, .. } if src.ends_with("not-there.jpg"))
    ));
    let (code, out) = huaban(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("not-there.jpg"), "{out}");
}

#[test]
fn unknown_font_is_a_compose_error_naming_the_file() {
    let p = edited("nofont", |v| {
        v["settings"]["fonts"] = serde_json::json!({"song": "No Such Font"});
    });
    let ed = model::load(&p).expect("a font name is not checked on load");
    assert_eq!(
        ed.settings.fonts.get(&FontRole::Song).map(String::as_str),
        Some("No Such Font")
    );
    let fonts = huaban::fonts::FontSet::load_default();
    let err = match huaban::cli::load_and_compose(&p, &fonts) {
        Ok(_) => panic!("composing with an unknown font must fail"),
        Err(e) => e,
    };
    assert!(err.contains(&p.display().to_string()), "{err}");
    assert!(err.contains("No Such Font"), "{err}");
    let (code, out) = huaban(&["check", p.to_str().unwrap()]);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("nofont.huaban"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
}

#[test]
fn cli_reports_bad_files_without_panicking() {
    let text = std::fs::read_to_string(sample_path()).unwrap();
    let dir = temp_dir("cli-bad");
    let third: String = text.chars().take(text.chars().count() / 3).collect();
    let p = write_layout(&dir, "half.huaban", &third);
    let (code, out) = huaban(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("half.huaban"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
}

#[test]
fn mini_fixture_still_loads() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.huaban");
    let ed = model::load(&p).unwrap();
    assert_eq!(ed.meta.paper, "株洲日报");
}

// ---- Format versions and migration (docs/reliability.md, “Format versions”) ----

fn formats_dir(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/formats/v{version}"))
}

fn frozen_files(version: u32) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(formats_dir(version))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "huaban"))
        .collect();
    v.sort();
    v
}

/// Every value of the format 1 tree `old` is in the format 2 tree `new` at its place:
/// a rule's `weight_pt` is its `stroke_pt`, a `[c, m, y, k]` colour is `{c, m, y, k}`;
/// `new` may add defaults. Returns how many leaves were compared.
fn v1_values_in_v2(old: &serde_json::Value, new: &serde_json::Value, at: &str) -> usize {
    use serde_json::Value;
    let num = |v: &Value| {
        v.as_f64()
            .unwrap_or_else(|| panic!("{at}: {v} is not a number"))
    };
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            let rule = o.get("type").and_then(Value::as_str) == Some("rule");
            let mut count = 0;
            for (k, ov) in o {
                if at.is_empty() && k == "format" {
                    continue;
                }
                let nk = if rule && k == "weight_pt" {
                    "stroke_pt"
                } else {
                    k.as_str()
                };
                let here = format!("{at}/{k}");
                match (ov, n.get(nk)) {
                    (Value::Null, None) => {}
                    (Value::Array(a), Some(Value::Object(c))) if k == "color" || k == "fill" => {
                        assert_eq!(a.len(), 4, "{here}");
                        for (ink, v) in ["c", "m", "y", "k"].iter().zip(a) {
                            assert_eq!(num(v), num(&c[*ink]), "{here}/{ink}");
                            count += 1;
                        }
                        assert_eq!(c.len(), 4, "{here}: {c:?}");
                    }
                    (_, Some(nv)) => count += v1_values_in_v2(ov, nv, &here),
                    (_, None) => panic!("{here} ({nk}) is missing after migration"),
                }
            }
            count
        }
        (Value::Array(o), Value::Array(n)) => {
            assert_eq!(o.len(), n.len(), "{at}: array length");
            o.iter()
                .zip(n)
                .enumerate()
                .map(|(i, (a, b))| v1_values_in_v2(a, b, &format!("{at}/{i}")))
                .sum()
        }
        (Value::Number(_), _) => {
            assert_eq!(num(old), num(new), "{at}");
            1
        }
        _ => {
            assert_eq!(old, new, "{at}");
            1
        }
    }
}

#[test]
fn frozen_format_1_files_are_still_format_1() {
    let files = frozen_files(1);
    assert!(files.len() >= 2, "{files:?}");
    for p in files {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        assert_eq!(
            v["format"],
            1,
            "{}: a frozen file must not be rewritten",
            p.display()
        );
    }
}

#[test]
fn format_1_files_load_migrate_and_resave_as_current_format() {
    assert_eq!(model::FORMAT_VERSION, 2);
    let dir = temp_dir("migrate-v1");
    for p in frozen_files(1) {
        let old_text = std::fs::read_to_string(&p).unwrap();
        let ed = model::load(&p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ed.format, model::FORMAT_VERSION, "{}", p.display());
        let out = dir.join(p.file_name().unwrap());
        model::save(&ed, &out).unwrap();
        let new_text = std::fs::read_to_string(&out).unwrap();
        assert!(new_text.contains("\"format\": 2"), "{}", p.display());
        assert!(!new_text.contains("weight_pt"), "{}", p.display());
        let old: serde_json::Value = serde_json::from_str(&old_text).unwrap();
        let new: serde_json::Value = serde_json::from_str(&new_text).unwrap();
        let leaves = v1_values_in_v2(&old, &new, "");
        assert!(
            leaves > 50,
            "{}: only {leaves} values compared",
            p.display()
        );
        // The re-saved file is a current-format file that reads back the same.
        assert_eq!(model::load(&out).unwrap(), ed, "{}", p.display());
    }
}

#[test]
fn format_1_sample_keeps_its_rules_boxes_and_colours() {
    let p = formats_dir(1).join("zhuzhou-2024-03-12.huaban");
    let old: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let ed = model::load(&p).unwrap();
    let old_frames: Vec<&serde_json::Value> = old["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|pg| pg["frames"].as_array().unwrap())
        .collect();
    let new_frames: Vec<&model::Frame> = ed.pages.iter().flat_map(|pg| &pg.frames).collect();
    assert_eq!(old_frames.len(), new_frames.len());
    let (mut rules, mut fills) = (0, 0);
    for (o, n) in old_frames.iter().zip(&new_frames) {
        assert_eq!(o["id"], n.id.as_str());
        match &n.kind {
            FrameKind::Rule {
                weight_pt, color, ..
            } => {
                assert_eq!(
                    o["kind"]["weight_pt"].as_f64().unwrap(),
                    *weight_pt,
                    "{}",
                    n.id
                );
                let c: Vec<f32> = o["kind"]["color"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_f64().unwrap() as f32)
                    .collect();
                assert_eq!(c, color.0.to_vec(), "{}", n.id);
                rules += 1;
            }
            FrameKind::Box { fill: Some(f), .. } => {
                assert_eq!(
                    o["kind"]["fill"][3].as_f64().unwrap() as f32,
                    f.k(),
                    "{}",
                    n.id
                );
                fills += 1;
            }
            _ => {}
        }
    }
    assert!(
        rules >= 20 && fills >= 3,
        "{rules} rules, {fills} filled boxes"
    );
}

#[test]
fn newer_format_names_file_and_both_versions() {
    let p = edited("format3", |v| v["format"] = 3.into());
    let err = model::load(&p).unwrap_err().to_string();
    assert!(err.contains(&p.display().to_string()), "{err}");
    assert!(err.contains("format version 3"), "{err}");
    assert!(err.contains("format 2 and older"), "{err}");
    let (code, out) = huaban(&["check", p.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("format version 3"), "{out}");
}

#[test]
fn bad_value_in_a_format_1_file_is_reported_with_file_and_quote() {
    let dir = temp_dir("migrate-bad");
    let src = formats_dir(1).join("mini.huaban");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(src).unwrap()).unwrap();
    v["pages"][0]["frames"][0]["kind"]["columns"] = "three".into();
    let p = write_layout(
        &dir,
        "old.huaban",
        &serde_json::to_string_pretty(&v).unwrap(),
    );
    let err = model::load(&p).unwrap_err().to_string();
    for needle in [
        p.display().to_string().as_str(),
        "format 1 file",
        "invalid type",
        "\"three\"",
    ] {
        assert!(err.contains(needle), "lacks {needle}: {err}");
    }
    // A colour that is not four numbers is named with page and frame.
    v["pages"][0]["frames"][0]["kind"]["columns"] = 3.into();
    v["pages"][0]["frames"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(
        {"id": "r9", "x": 1, "y": 1, "w": 10, "h": 0,
         "kind": {"type": "rule", "weight_pt": 1, "color": [0, 100]}}));
    let p = write_layout(
        &dir,
        "oldcolour.huaban",
        &serde_json::to_string_pretty(&v).unwrap(),
    );
    let err = model::load(&p).unwrap_err().to_string();
    for needle in [
        "oldcolour.huaban",
        "page 1 frame “r9”",
        "color",
        "[c, m, y, k]",
    ] {
        assert!(err.contains(needle), "lacks {needle}: {err}");
    }
}
