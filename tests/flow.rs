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

/// A 4-column story, 40 lines deep, with a photo (wrap on or off) across its middle
/// columns.
fn wrapped(wrap: Option<serde_json::Value>) -> Edition {
    let mut ed = edition(24, 1, 40);
    ed.pages[0].frames[0].w = 4.0 * 36.87 + 3.0 * 3.35;
    if let huaban::model::FrameKind::Text { columns, .. } = &mut ed.pages[0].frames[0].kind {
        *columns = 4;
    }
    let mut photo = json!({"id": "photo", "x": 40.0, "y": 60.0, "w": 70.0, "h": 45.0,
        "kind": {"type": "image", "src": "sample_edition/photos/bridge.jpg"}});
    if let Some(w) = wrap {
        photo["kind"]["wrap"] = w;
    }
    ed.pages[0]
        .frames
        .push(serde_json::from_value(photo).unwrap());
    huaban::model::validate(&ed).unwrap();
    ed
}

/// A composed line's cell box in points: (left, top, right, bottom).
fn line_box(l: &huaban::compose::LineInfo) -> (f64, f64, f64, f64) {
    let top = 30.0 * 72.0 / 25.4 + l.cell.unwrap() as f64 * 14.0;
    (l.x, top, l.x + l.width, top + 14.0)
}

#[test]
fn text_wraps_around_a_photo_in_a_four_column_story() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pt = |mm: f64| mm * 72.0 / 25.4;
    let (off, px0, py0, px1, py1) = (2.5, 40.0, 60.0, 110.0, 105.0);
    let ed = wrapped(Some(json!({"on": true, "offset": off})));
    let comp = compose(&ed, fonts(), root).unwrap();
    assert!(
        !comp.problems.iter().any(|p| p.message.contains("image")),
        "{:?}",
        comp.problems
    );
    let keep_out = (pt(px0 - off), pt(py0 - off), pt(px1 + off), pt(py1 + off));
    let body: Vec<_> = comp.pages[0]
        .lines
        .iter()
        .filter(|l| l.frame == "f1")
        .collect();
    for l in &body {
        let (a, b, c, d) = line_box(l);
        let overlaps = a < keep_out.2 - 0.01
            && c > keep_out.0 + 0.01
            && b < keep_out.3 - 0.01
            && d > keep_out.1 + 0.01;
        assert!(
            !overlaps,
            "line “{}” at {:?} runs into the photo",
            l.text,
            (a, b, c, d)
        );
        // Every line is on the grid and inside the frame.
        assert!(a >= pt(15.8) - 0.01 && c <= pt(15.8 + ed.pages[0].frames[0].w) + 0.01);
    }
    let col_w = pt(36.87);
    // Lines beside the photo are shortened, not all skipped: column 1 (x 15.8–52.7 mm)
    // keeps its left part (40 − 2.5 − 15.8 = 21.7 mm, ~6 characters).
    let beside: Vec<_> = body
        .iter()
        .filter(|l| {
            let (_, top, _, bottom) = line_box(l);
            top < keep_out.3 && bottom > keep_out.1
        })
        .collect();
    assert!(
        beside
            .iter()
            .any(|l| l.width < col_w - 1.0 && l.width > 30.0),
        "no shortened lines beside the photo"
    );
    assert!(beside
        .iter()
        .all(|l| l.width >= col_w - 0.01 || l.width >= 3.0 * 9.5));
    // Text continues below the photo in the columns it covers, on the grid.
    let below = body
        .iter()
        .filter(|l| {
            let (a, top, c, _) = line_box(l);
            top >= keep_out.3 - 0.01 && a < keep_out.2 && c > keep_out.0
        })
        .count();
    assert!(below >= 8, "only {below} lines below the photo");
    // The columns' cells are continuous apart from the photo: no line is lost.
    let cells: Vec<i64> = body.iter().filter_map(|l| l.cell).collect();
    assert!(cells.iter().all(|&c| (0..40 + 30).contains(&c)));

    // Wrap off: the text runs under the photo.
    let off_ed = wrapped(Some(json!({"on": false})));
    let comp = compose(&off_ed, fonts(), root).unwrap();
    let photo = (pt(px0), pt(py0), pt(px1), pt(py1));
    let under = comp.pages[0]
        .lines
        .iter()
        .filter(|l| l.frame == "f1")
        .filter(|l| {
            let (a, b, c, d) = line_box(l);
            a < photo.2 && c > photo.0 && b < photo.3 && d > photo.1
        })
        .count();
    assert!(
        under > 10,
        "with wrap off the text should run under the photo"
    );
    // Default (no wrap field): on, with the default offset.
    let default = compose(&wrapped(None), fonts(), root).unwrap();
    assert!(default.pages[0]
        .lines
        .iter()
        .filter(|l| l.frame == "f1")
        .all(|l| {
            let (a, b, c, d) = line_box(l);
            !(a < photo.2 - 0.01 && c > photo.0 + 0.01 && b < photo.3 - 0.01 && d > photo.1 + 0.01)
        }));
}

#[test]
fn a_box_does_not_push_out_its_own_text_and_copyfit_skips_covered_lines() {
    // The story sits inside a box: the box is its frame, not an obstacle.
    let mut ed = edition(1, 1, 30);
    let f = ed.pages[0].frames[0].clone();
    let bx = json!({"id": "box", "x": f.x - 2.0, "y": f.y - 2.0, "w": f.w + 4.0, "h": f.h + 4.0,
        "kind": {"type": "box"}});
    ed.pages[0]
        .frames
        .insert(0, serde_json::from_value(bx).unwrap());
    let plain = compose(&edition(1, 1, 30), fonts(), Path::new(".")).unwrap();
    let boxed = compose(&ed, fonts(), Path::new(".")).unwrap();
    assert_eq!(plain.stories["s"], boxed.stories["s"]);
    // A rule across the frame (wrap on) takes its cells out of the 差 N 行 count.
    let mut ed = edition(1, 1, 30);
    let rule = json!({"id": "rule", "x": f.x, "y": f.y + 20.0 * 14.0 / (72.0 / 25.4) + 1.0,
        "w": f.w, "h": 0.0, "kind": {"type": "rule", "wrap": {"on": true, "offset": 1.0}}});
    ed.pages[0]
        .frames
        .push(serde_json::from_value(rule).unwrap());
    let ruled = compose(&ed, fonts(), Path::new(".")).unwrap();
    let lost = plain.stories["s"].short_lines - ruled.stories["s"].short_lines;
    assert!((1..=2).contains(&lost), "{lost}");
    assert!(ruled.pages[0].lines.iter().all(|l| l.cell != Some(20)));
}

/// Two pages: page 1 with the template's masthead, page 2 with a folio; edition data for
/// both.
fn front_and_inner(serial: Option<u32>) -> Edition {
    let mut ed = edition(2, 2, 20);
    let mut t = ed.templates["b"].clone();
    let f = |y: f64, text: &str| huaban::model::MastheadField {
        x: 0.0,
        y,
        w: 300.0,
        h: 8.0,
        text: text.into(),
        style: "m".into(),
    };
    t.masthead = Some(huaban::model::Masthead {
        x: 15.8,
        y: 5.0,
        w: 318.4,
        h: 24.0,
        rule_pt: 1.0,
        fields: vec![
            f(0.0, "{paper}"),
            f(8.0, "{date}　总第{serial}期　第{page}版"),
            f(
                16.0,
                "国内统一连续出版物号 {code:国内统一连续出版物号}　邮发代号 {code:邮发代号}　{credits}",
            ),
        ],
    });
    ed.templates.insert("b".into(), t);
    ed.styles.insert(
        "m".into(),
        huaban::model::ParagraphStyle::new(huaban::model::FontRole::Song, 12.0),
    );
    ed.pages[0].folio = false;
    ed.pages[1].section = "民生".into();
    ed.meta.serial = serial;
    ed.meta.codes = vec![
        huaban::model::PublicationCode {
            label: "国内统一连续出版物号".into(),
            value: "CN 43-0023".into(),
        },
        huaban::model::PublicationCode {
            label: "邮发代号".into(),
            value: "41-99".into(),
        },
    ];
    ed.meta.credits = ["p1", "p2"]
        .iter()
        .zip(["甲", "乙"])
        .map(|(p, n)| huaban::model::PageCredits {
            page: p.to_string(),
            editor: format!("编辑{n}"),
            designer: format!("美编{n}"),
            proofreader: format!("校对{n}"),
        })
        .collect();
    huaban::model::validate(&ed).unwrap();
    ed
}

/// The text of page `i` of an exported PDF, read back with poppler's pdftotext.
fn pdf_text(comp: &huaban::compose::Composition, i: usize) -> Option<String> {
    let page = comp.display_page(i).unwrap();
    let meta = huaban::pdf::PdfMeta {
        title: "masthead".into(),
        date: "2024-03-12".into(),
    };
    let bytes = huaban::pdf::write_pdf(&[page], fonts(), &meta).unwrap();
    let f = std::env::temp_dir().join(format!("huaban-flow-{}-{i}.pdf", std::process::id()));
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&f)
        .arg("-")
        .output()
        .ok()?;
    std::fs::remove_file(&f).ok();
    Some(String::from_utf8(out.stdout).unwrap())
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '　')
        .collect()
}

#[test]
fn masthead_and_folio_credits_come_from_the_edition_and_read_back_from_the_pdf() {
    let ed = front_and_inner(Some(12_345));
    let comp = compose(&ed, fonts(), Path::new(".")).unwrap();
    assert!(comp.problems.is_empty(), "{:?}", comp.problems);
    let (Some(p1), Some(p2)) = (pdf_text(&comp, 0), pdf_text(&comp, 1)) else {
        eprintln!("pdftotext not installed: skipped");
        return;
    };
    let (p1, p2) = (squash(&p1), squash(&p2));
    for want in [
        "株洲日报",
        "2024年3月12日星期二",
        "总第12345期",
        "第01版",
        "国内统一连续出版物号CN43-0023",
        "邮发代号41-99",
        "责任编辑：编辑甲美编：美编甲校对：校对甲",
    ] {
        assert!(p1.contains(want), "page 1 lacks “{want}”: {p1}");
    }
    assert!(!p1.contains("编辑乙"), "page 1 shows page 2's credits");
    for want in ["第02版", "民生", "责任编辑：编辑乙美编：美编乙校对：校对乙"]
    {
        assert!(p2.contains(want), "page 2 folio lacks “{want}”: {p2}");
    }
    assert!(!p2.contains("总第"), "the masthead is only on page 1");

    // Reordering pages: the credits and 版次 follow the page.
    let mut swapped = ed.clone();
    swapped.pages.swap(0, 1);
    swapped.pages[0].folio = false;
    swapped.pages[1].folio = true;
    let comp = compose(&swapped, fonts(), Path::new(".")).unwrap();
    let p1 = squash(&pdf_text(&comp, 0).unwrap());
    assert!(p1.contains("校对：校对乙") && p1.contains("第01版"), "{p1}");

    // No issue number in the edition: a problem naming it, the field left out.
    let comp = compose(&front_and_inner(None), fonts(), Path::new(".")).unwrap();
    assert!(
        comp.problems
            .iter()
            .any(|p| p.message.contains("总第N期") && p.page == Some(0)),
        "{:?}",
        comp.problems
    );
}

#[test]
fn credits_for_a_page_that_does_not_exist_are_refused() {
    let mut ed = front_and_inner(Some(1));
    ed.meta.credits[1].page = "p9".into();
    let err = huaban::model::validate(&ed).unwrap_err();
    assert!(err.contains("p9"), "{err}");
}
