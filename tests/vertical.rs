//! Vertical headlines (竖排): vertical punctuation forms from the fonts, characters top to
//! bottom and columns right to left, 纵中横 for two digits, Latin turned 90°, column breaks
//! that keep clreq's prohibitions, and the PDF and PNG drawn from them.

use huaban::compose::{compose, no_line_start, Composition, LineInfo};
use huaban::display::{Glyph, Item, Rotation, TextRun};
use huaban::fonts::FontSet;
use huaban::model::{Edition, FontRole};
use serde_json::json;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(|| FontSet::load(&[FontSet::default_dir()], false))
}

const SIZE: f64 = 24.0;
const MM: f64 = 72.0 / 25.4;

fn role_name(r: FontRole) -> &'static str {
    match r {
        FontRole::Song => "song",
        FontRole::Hei => "hei",
        FontRole::Kai => "kai",
    }
}

/// One page, one vertical headline frame `w`×`h` mm holding `headline` at 24 pt.
fn edition(headline: &str, role: FontRole, w: f64, h: f64, align: &str) -> Edition {
    let t: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/broadsheet.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let v = json!({
        "format": 1, "meta": {"paper": "株洲日报", "date": "2024-03-12"}, "templates": {"b": t},
        "styles": {"vhead": {"font": role_name(role), "bold": false, "size": "24pt", "align": align}},
        "stories": [{"id": "s", "slug": "竖排", "headline": headline, "paragraphs": []}],
        "pages": [{"id": "p1", "template": "b", "folio": false, "frames": [
            {"id": "vh", "x": 100.0, "y": 40.0, "w": w, "h": h,
             "kind": {"type": "text", "story": "s", "content": "headline", "vertical": true,
                      "styles": {"headline": "vhead"}}}
        ]}]
    });
    let ed: Edition = serde_json::from_value(v).unwrap();
    huaban::model::validate(&ed).unwrap();
    ed
}

fn set(headline: &str, role: FontRole, w: f64, h: f64) -> Composition {
    let comp = compose(
        &edition(headline, role, w, h, "left"),
        fonts(),
        Path::new("."),
    )
    .unwrap();
    assert!(comp.problems.is_empty(), "{:?}", comp.problems);
    comp
}

fn runs(comp: &Composition) -> Vec<&TextRun> {
    comp.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) => Some(r),
            _ => None,
        })
        .collect()
}

/// Every glyph with its text and run, in drawing order.
fn glyphs(comp: &Composition) -> Vec<(String, Glyph, &TextRun)> {
    runs(comp)
        .into_iter()
        .flat_map(|r| {
            r.glyphs
                .iter()
                .map(move |g| (r.glyph_text(g).to_string(), *g, r))
        })
        .collect()
}

fn glyph_of<'a>(
    gs: &'a [(String, Glyph, &'a TextRun)],
    text: &str,
) -> &'a (String, Glyph, &'a TextRun) {
    gs.iter()
        .find(|(t, _, _)| t == text)
        .unwrap_or_else(|| panic!("no glyph for “{text}”"))
}

fn lines(comp: &Composition) -> &[LineInfo] {
    &comp.pages[0].lines
}

#[test]
fn noto_fonts_give_vertical_forms_for_punctuation() {
    for role in [FontRole::Song, FontRole::Hei] {
        let comp = set("甲，乙。「丙」（丁）", role, 20.0, 150.0);
        let gs = glyphs(&comp);
        for mark in ["，", "。", "「", "」", "（", "）"] {
            let (_, g, run) = glyph_of(&gs, mark);
            let face = fonts().face(run.font);
            let horizontal = face.glyph(mark.chars().next().unwrap()).unwrap();
            assert_ne!(
                g.id, horizontal,
                "{role:?}: “{mark}” kept its horizontal glyph"
            );
            assert_eq!(
                run.rotation,
                Rotation::None,
                "{role:?}: “{mark}” is a vertical form, upright"
            );
        }
    }
}

#[test]
fn huaban_kai_marks_are_vertical_forms_or_placed_by_clreq() {
    let comp = set("甲，乙。「丙」（丁）", FontRole::Kai, 20.0, 150.0);
    let gs = glyphs(&comp);
    let (_, han, _) = glyph_of(&gs, "甲");
    for mark in ["，", "。", "「", "」", "（", "）"] {
        let (_, g, run) = glyph_of(&gs, mark);
        let face = fonts().face(run.font);
        let horizontal = face.glyph(mark.chars().next().unwrap()).unwrap();
        // Either the font's vertical form, or the horizontal mark turned (brackets) or
        // moved to the em's top right (、，。), never the horizontal mark as it stands.
        let vertical_form = g.id != horizontal;
        let turned = run.rotation == Rotation::Cw90;
        let moved = g.x > han.x + 0.2 * SIZE;
        assert!(
            vertical_form || turned || moved,
            "“{mark}” set as in horizontal text"
        );
    }
}

#[test]
fn characters_go_down_and_columns_go_right_to_left() {
    // Two phrases, the frame long enough for five characters: one column each.
    let comp = set("春风送暖 万人上岗", FontRole::Song, 40.0, 5.2 * SIZE / MM);
    let ls = lines(&comp);
    assert_eq!(ls.len(), 2, "{ls:?}");
    assert_eq!(ls[0].text.trim(), "春风送暖");
    assert_eq!(ls[1].text.trim(), "万人上岗");
    assert!(
        ls[0].baseline > ls[1].baseline + SIZE,
        "the second column is left of the first: {} vs {}",
        ls[1].baseline,
        ls[0].baseline
    );
    let gs = glyphs(&comp);
    let frame_top = 40.0 * MM;
    let frame_right = (100.0 + 40.0) * MM;
    for col in [&gs[0..4], &gs[4..8]] {
        for pair in col.windows(2) {
            let (a, b) = (&pair[0].1, &pair[1].1);
            assert!(
                (b.y - a.y - SIZE).abs() < 0.01,
                "one em down from “{}” to “{}”: {} → {}",
                pair[0].0,
                pair[1].0,
                a.y,
                b.y
            );
            assert!((b.x - a.x).abs() < 0.5 * SIZE, "same column");
        }
        // The first character's em box starts at the frame's top (left-aligned = top).
        assert!(
            (col[0].1.y - 0.88 * SIZE - frame_top).abs() < 0.5,
            "{}",
            col[0].1.y
        );
    }
    assert!(gs[0].1.x < frame_right && gs[4].1.x < gs[0].1.x - SIZE);
}

#[test]
fn no_column_starts_with_closing_or_pause_punctuation() {
    for role in [FontRole::Song, FontRole::Kai] {
        // Four ems a column: “，” would start the second column, “」” the third.
        for text in ["一二三四，五六七八", "甲乙丙丁戊己「庚辛」壬癸"] {
            let comp = set(text, role, 60.0, 4.02 * SIZE / MM);
            let ls = lines(&comp);
            assert!(ls.len() >= 2, "{ls:?}");
            for l in ls {
                let first = l.text.chars().next().unwrap();
                assert!(!no_line_start(first), "{role:?}: column “{}”", l.text);
                assert!(l.right <= l.x + l.width + 0.01, "column overfull: {l:?}");
            }
            let all: String = ls.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(all, text);
        }
    }
}

#[test]
fn two_digits_share_one_em_cell() {
    let comp = set("组建32个网格", FontRole::Hei, 20.0, 150.0);
    let gs = glyphs(&comp);
    let (_, d3, r3) = glyph_of(&gs, "3");
    let (_, d2, r2) = glyph_of(&gs, "2");
    let (_, before, _) = glyph_of(&gs, "建");
    let (_, after, _) = glyph_of(&gs, "个");
    assert_eq!(r3.rotation, Rotation::None);
    assert_eq!(r2.rotation, Rotation::None);
    assert!((d3.y - d2.y).abs() < 0.01, "side by side on one baseline");
    assert!(d2.x > d3.x, "“3” left of “2”");
    assert!(
        (after.y - before.y - 2.0 * SIZE).abs() < 0.01,
        "the digits take exactly one em: {} → {}",
        before.y,
        after.y
    );
    // Centred on the column's axis, within the em.
    let face = fonts().face(r2.font);
    let right = d2.x + face.advance(d2.id) * r2.size;
    let axis = before.x + fonts().face(gs[0].2.font).advance(before.id) * SIZE / 2.0;
    assert!(
        (d3.x + right - 2.0 * axis).abs() < 0.5,
        "not centred: {} … {right}, axis {axis}",
        d3.x
    );
    assert!(right - d3.x <= SIZE + 0.01, "wider than the em");
}

#[test]
fn latin_words_and_long_numbers_are_turned_clockwise() {
    let comp = set("采用AI技术2024年", FontRole::Song, 20.0, 200.0);
    let gs = glyphs(&comp);
    for word in [["A", "I"], ["2", "0"]] {
        let (_, a, ra) = glyph_of(&gs, word[0]);
        let (_, b, rb) = glyph_of(&gs, word[1]);
        assert_eq!(ra.rotation, Rotation::Cw90, "“{}” turned", word[0]);
        assert_eq!(rb.rotation, Rotation::Cw90);
        assert!(b.y > a.y, "the word reads downwards");
        assert!((a.x - b.x).abs() < 0.01, "on one baseline down the column");
    }
    // The text is still in order.
    let all: String = lines(&comp).iter().map(|l| l.text.as_str()).collect();
    assert_eq!(all, "采用AI技术2024年");
}

#[test]
fn vertical_is_only_for_headline_frames() {
    let mut v = serde_json::to_value(edition("标题", FontRole::Song, 20.0, 100.0, "left")).unwrap();
    v["pages"][0]["frames"][0]["kind"]["content"] = json!("body");
    v["stories"][0]["thread"] = json!(["vh"]);
    let ed: Edition = serde_json::from_value(v).unwrap();
    let e = huaban::model::validate(&ed).unwrap_err();
    assert!(e.contains("vh") && e.contains("竖排"), "{e}");
}

#[test]
fn pdf_reads_back_and_png_shows_the_columns() {
    let head = "组建32个网格党支部 筑牢自建房整治坚实防线，「AI」助力（试点）。";
    let ed = edition(head, FontRole::Song, 40.0, 150.0, "center");
    let comp = compose(&ed, fonts(), Path::new(".")).unwrap();
    assert!(comp.problems.is_empty(), "{:?}", comp.problems);
    let page = comp.display_page(0).unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("vertical");
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("vertical.pdf");
    let bytes = huaban::pdf::write_pdf(
        std::slice::from_ref(&page),
        fonts(),
        &huaban::pdf::PdfMeta::from_edition(&ed),
    )
    .unwrap();
    std::fs::write(&pdf, bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    let txt: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let want: String = head.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(txt, want, "PDF text in reading order");
    // The PNG: ink inside the frame, in the columns, nowhere else.
    let scale = 2.0;
    let png = huaban::raster::render(
        &page,
        fonts(),
        scale,
        &huaban::raster::ImageCache::default(),
    );
    huaban::raster::save_png(&png, &dir.join("vertical.png")).unwrap();
    let (fx, fy, fw, fh) = (100.0 * MM, 40.0 * MM, 40.0 * MM, 150.0 * MM);
    let mut inside = 0;
    for y in 0..png.height() {
        for x in 0..png.width() {
            let c = png.pixel(x, y).unwrap();
            if c.red() < 128 {
                let (px, py) = (x as f64 / scale, y as f64 / scale);
                assert!(
                    px >= fx - 1.0 && px <= fx + fw + 1.0 && py >= fy - 1.0 && py <= fy + fh + 1.0,
                    "ink outside the frame at {px:.1},{py:.1}"
                );
                inside += 1;
            }
        }
    }
    assert!(
        inside > 2000,
        "the headline is drawn ({inside} dark pixels)"
    );
    // Each column's ink lies within its pitch around its axis.
    for l in lines(&comp) {
        let x0 = ((l.baseline - 0.6 * SIZE) * scale) as u32;
        let x1 = ((l.baseline + 0.6 * SIZE) * scale) as u32;
        let y0 = (l.x * scale) as u32;
        let y1 = (l.right * scale) as u32;
        let dark = (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| png.pixel(x, y).unwrap().red() < 128)
            .count();
        assert!(dark > 300, "column “{}” has ink ({dark})", l.text);
    }
}
