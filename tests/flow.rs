//! Page flow: threads across pages, jump lines that follow the pages, copyfit counts.

use huaban::compose::compose;
use huaban::fonts::FontSet;
use huaban::model::Edition;
use serde_json::json;
use std::path::Path;
use std::sync::OnceLock;

fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(|| FontSet::load(&[FontSet::default_dir()], false))
}

const PARA: &str = "株洲先进制造业发达，拥有丰富文旅资源，且作为炎帝陵寝所在，可以炎帝IP为“护城河”，结合炎帝八大功绩集中在工程科技领域的人设，形成对全国乃至全球华人制造业精英的独有号召力。";

/// One story threaded through one 1-column frame per page, `lines` grid lines tall each.
fn edition(paragraphs: usize, pages: usize, lines: u32) -> Edition {
    let t: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/broadsheet.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let h = lines as f64 * 14.0 / (72.0 / 25.4);
    let pages_json: Vec<_> = (1..=pages)
        .map(|n| json!({"id": format!("p{n}"), "template": "b", "section": "", "frames": [
            {"id": format!("f{n}"), "x": 15.8, "y": 30.0, "w": 36.87, "h": h, "kind": {"type": "text", "story": "s", "columns": 1}}
        ]}))
        .collect();
    let v = json!({
        "format": 1, "meta": {"paper": "株洲日报", "date": "2024-03-12"}, "templates": {"b": t},
        "stories": [{"id": "s", "slug": "炎帝时间", "headline": "株洲需要打造“炎帝时间”",
            "paragraphs": vec![json!({"role": "body", "text": PARA}); paragraphs],
            "thread": (1..=pages).map(|n| format!("f{n}")).collect::<Vec<_>>()}],
        "pages": pages_json
    });
    let ed: Edition = serde_json::from_value(v).unwrap();
    huaban::model::validate(&ed).unwrap();
    ed
}

fn page_text(comp: &huaban::compose::Composition, i: usize) -> String {
    comp.pages[i]
        .lines
        .iter()
        .map(|l| l.text.as_str())
        .collect()
}

#[test]
fn a_story_threads_across_three_pages_with_jump_lines() {
    let ed = edition(8, 3, 20);
    let comp = compose(&ed, fonts(), Path::new(".")).unwrap();
    let (p1, p2, p3) = (
        page_text(&comp, 0),
        page_text(&comp, 1),
        page_text(&comp, 2),
    );
    assert!(p1.contains("（下转第2版）"), "{p1}");
    assert!(
        p2.contains("◀◀上接01版") && p2.contains("（下转第3版）"),
        "{p2}"
    );
    assert!(p3.contains("◀◀上接02版"), "{p3}");
    assert!(
        !p3.contains("下转"),
        "the last frame has nowhere to jump to"
    );
    // The continuation carries the jump headline.
    assert!(p2.contains("株洲需要打造“炎帝时间”"));
}

#[test]
fn reordering_pages_updates_the_jump_lines() {
    let mut ed = edition(8, 3, 20);
    ed.pages.swap(1, 2); // frame f2 is now on page 3, f3 on page 2
    let comp = compose(&ed, fonts(), Path::new(".")).unwrap();
    let (p1, p2, p3) = (
        page_text(&comp, 0),
        page_text(&comp, 1),
        page_text(&comp, 2),
    );
    assert!(p1.contains("（下转第3版）"), "{p1}");
    assert!(
        p3.contains("◀◀上接01版") && p3.contains("（下转第2版）"),
        "{p3}"
    );
    assert!(p2.contains("◀◀上接03版"), "{p2}");
}

#[test]
fn copyfit_counts_overset_and_short() {
    // One paragraph in one frame: measure how many lines it takes.
    let probe = compose(&edition(1, 1, 60), fonts(), Path::new(".")).unwrap();
    let lines = probe.pages[0]
        .lines
        .iter()
        .filter(|l| l.frame == "f1")
        .count() as u32;
    let fit = &probe.stories["s"];
    assert_eq!(fit.overset_chars, 0);
    assert_eq!(
        fit.short_lines as u32,
        60 - lines,
        "差 N 行: the empty lines below the text"
    );

    let exact = compose(&edition(1, 1, lines), fonts(), Path::new(".")).unwrap();
    assert_eq!(
        (
            exact.stories["s"].overset_chars,
            exact.stories["s"].short_lines
        ),
        (0, 0)
    );

    let over = compose(&edition(1, 1, lines - 2), fonts(), Path::new(".")).unwrap();
    let f = &over.stories["s"];
    assert_eq!(f.overset_lines, 2, "two lines do not fit");
    let set: usize = over.pages[0]
        .lines
        .iter()
        .filter(|l| l.frame == "f1")
        .map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    assert_eq!(
        f.overset_chars + set,
        PARA.chars().count(),
        "超 N 字 counts exactly what is not set"
    );
    assert!(over
        .problems
        .iter()
        .any(|p| p.message.contains(&format!("超 {} 字", f.overset_chars))));
}
