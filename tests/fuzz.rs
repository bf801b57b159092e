//! Property tests (fuzzing on stable Rust): the loader on mutated files, the composer on
//! random text in random frames, and the PDF and raster backends on the results. Each
//! must answer Ok or Err, never panic or hang. CI runs a few dozen cases each; for a long
//! run: `PROPTEST_CASES=100000 cargo test --release --test fuzz` (docs/reliability.md).

use huaban::fonts::FontSet;
use huaban::model::{self, Edition};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(FontSet::load_default)
}

fn mini_text() -> &'static str {
    static T: OnceLock<String> = OnceLock::new();
    T.get_or_init(|| {
        let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.huaban");
        std::fs::read_to_string(p).unwrap()
    })
}

/// `PROPTEST_CASES` if set, else `n` (small enough for CI in debug builds).
fn config(n: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(n);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz");
    std::fs::create_dir_all(&d).unwrap();
    d.join(format!("{name}-{:?}.huaban", std::thread::current().id()))
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let snippets = prop::sample::select(vec![
        b"{".to_vec(),
        b"}".to_vec(),
        b"\"".to_vec(),
        b"1e999".to_vec(),
        b"-0".to_vec(),
        b"null".to_vec(),
        b"\\ud800".to_vec(),
        b"\xff\xfe".to_vec(),
        "字".as_bytes().to_vec(),
        b",".to_vec(),
        b"[]".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), snippets).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len().max(1);
    match m {
        Mutation::Flip(i, b) => {
            let i = i % n;
            if let Some(x) = bytes.get_mut(i) {
                *x ^= b | 1;
            }
        }
        Mutation::Truncate(i) => bytes.truncate(i % n),
        Mutation::Insert(i, s) => {
            let i = i % n;
            bytes.splice(i..i, s.iter().copied());
        }
        Mutation::Delete(i, k) => {
            let i = i % n;
            let j = (i + k).min(bytes.len());
            bytes.drain(i..j);
        }
    }
}

proptest! {
    #![proptest_config(config(200))]
    #[test]
    fn loader_never_panics_on_mutated_files(ms in prop::collection::vec(mutation(), 1..6)) {
        let mut bytes = mini_text().as_bytes().to_vec();
        for m in &ms {
            apply(&mut bytes, m);
        }
        let p = tmp("mutated");
        std::fs::write(&p, &bytes).unwrap();
        if let Err(e) = model::load(&p) {
            let msg = e.to_string();
            prop_assert!(msg.contains("mutated-"), "error does not name the file: {}", msg);
        }
    }
}

/// Characters that stress the composer: Han, Latin, punctuation and Unicode oddities.
fn odd_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::char::range('\u{4e00}', '\u{9fff}'),
        2 => prop::char::range(' ', '~'),
        2 => prop::sample::select("，。、；：？！“”‘’（）《》【】—…·「」　".chars().collect::<Vec<_>>()),
        1 => prop::sample::select(vec![
            '\u{0}', '\t', '\r', '\n', '\u{301}', '\u{200d}', '\u{200b}', '\u{fe0f}',
            '\u{e0100}', '\u{ffff}', '\u{fffd}', '\u{2028}', '\u{ad}', '\u{feff}',
            '👩', '🇨', '\u{20000}', '\u{30000}', 'م', 'ש', '\u{202e}', '\u{85}',
        ]),
        1 => any::<char>(),
    ]
}

fn paragraphs() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(
        prop::collection::vec(odd_char(), 0..120).prop_map(|v| v.into_iter().collect()),
        1..5,
    )
}

/// One text frame on one page with random size and columns, showing `paras`.
fn edition(paras: &[String], cols: u32, w: f64, h: f64) -> Edition {
    let mut v: Value = serde_json::from_str(mini_text()).unwrap();
    v["pages"] = json!([{"id": "p1", "template": "broadsheet", "frames": [
        {"id": "f1", "x": 16, "y": 30, "w": w, "h": h,
         "kind": {"type": "text", "story": "s1", "content": "body", "columns": cols}}]}]);
    let s = &mut v["stories"][0];
    s["paragraphs"] = paras
        .iter()
        .map(|t| json!({"role": "body", "text": t}))
        .collect();
    s["thread"] = json!(["f1"]);
    let ed: Edition = serde_json::from_value(v).unwrap();
    model::validate(&ed).unwrap();
    ed
}

fn visible(s: &str) -> usize {
    s.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .count()
}

proptest! {
    #![proptest_config(config(100))]
    #[test]
    fn composer_sets_or_counts_every_character(
        paras in paragraphs(), cols in 1u32..=8, w in 1.0f64..400.0, h in 0.0f64..500.0,
    ) {
        let ed = edition(&paras, cols, w, h);
        let t = Instant::now();
        let comp = huaban::compose::compose(&ed, fonts(), Path::new(".")).unwrap();
        prop_assert!(t.elapsed() < Duration::from_secs(10), "slow: {:?}", t.elapsed());
        let set: usize = comp.pages[0]
            .lines
            .iter()
            .filter(|l| l.frame == "f1")
            .map(|l| visible(&l.text))
            .sum();
        let over = comp.stories.get("s1").map_or(0, |f| f.overset_chars);
        let want: usize = paras.iter().map(|p| visible(p)).sum();
        prop_assert!(set + over >= want, "set {} + overset {} < {} characters", set, over, want);
    }
}

proptest! {
    #![proptest_config(config(24))]
    #[test]
    fn pdf_and_raster_never_panic(
        paras in paragraphs(), cols in 1u32..=8, w in 1.0f64..400.0, h in 0.0f64..500.0,
    ) {
        let ed = edition(&paras, cols, w, h);
        let comp = huaban::compose::compose(&ed, fonts(), Path::new(".")).unwrap();
        let page = comp.display_page(0).unwrap();
        let meta = huaban::pdf::PdfMeta::from_edition(&ed);
        let pdf = huaban::pdf::write_pdf(std::slice::from_ref(&page), fonts(), &meta).unwrap();
        prop_assert!(pdf.starts_with(b"%PDF"));
        let images = huaban::raster::ImageCache::default();
        let pix = huaban::raster::render(&page, fonts(), 0.05, &images);
        prop_assert!(pix.width() > 0);
    }
}
