//! Chinese composition rules (W3C clreq, GB/T 15834) checked line by line on real text:
//! prohibited line starts/ends, justified lines exactly filling the measure, 2-em indents,
//! baselines on the page grid, numbers kept with their measure words.

use huaban::compose::{
    next_break, no_line_end, no_line_start, prepare, Composition, Problems, Resolved,
};
use huaban::fonts::FontSet;
use huaban::model::{Align, FontRole, Role};
use std::path::Path;
use std::sync::OnceLock;

fn fonts() -> &'static FontSet {
    static F: OnceLock<FontSet> = OnceLock::new();
    F.get_or_init(|| FontSet::load(&[FontSet::default_dir()], false))
}

fn justified(role: Role) -> bool {
    matches!(
        role,
        Role::Body | Role::BodyNoIndent | Role::Byline | Role::EditorNote | Role::Caption
    )
}

/// Returns every rule violation found on composed pages.
fn violations(comp: &Composition, grid_origin: f64, pitch: f64) -> Vec<String> {
    let mut v = Vec::new();
    for (pi, page) in comp.pages.iter().enumerate() {
        let mut phase: Option<f64> = None;
        for l in &page.lines {
            let at = format!("page {} frame {} line “{}”", pi + 1, l.frame, l.text);
            let first = l.text.chars().find(|c| !c.is_whitespace());
            let last = l.text.chars().rev().find(|c| !c.is_whitespace());
            if first.is_some_and(no_line_start) {
                v.push(format!("{at}: starts with a prohibited mark"));
            }
            if last.is_some_and(no_line_end) {
                v.push(format!("{at}: ends with an opening mark"));
            }
            if l.right > l.x + l.width + 0.01 {
                v.push(format!(
                    "{at}: overfull by {:.2} pt",
                    l.right - l.x - l.width
                ));
            }
            if justified(l.role) && !l.last_of_paragraph && (l.right - (l.x + l.width)).abs() > 0.01
            {
                v.push(format!(
                    "{at}: justified line ends {:.3} pt from the column edge",
                    l.x + l.width - l.right
                ));
            }
            if l.role == Role::Body
                && l.first_of_paragraph
                && (l.first_x - l.x - 2.0 * 9.5).abs() > 0.01
            {
                v.push(format!(
                    "{at}: first-line indent is {:.2} pt, not 2 em",
                    l.first_x - l.x
                ));
            }
            let body_chars = l
                .text
                .chars()
                .filter(|c| huaban::compose::is_han(*c) || c.is_alphanumeric())
                .count();
            if justified(l.role) && l.last_of_paragraph && !l.first_of_paragraph && body_chars <= 1
            {
                v.push(format!("{at}: a one-character last line (孤字)"));
            }
            if l.role == Role::Body {
                let ph = (l.baseline - grid_origin).rem_euclid(pitch);
                match phase {
                    None => phase = Some(ph),
                    Some(p) if (p - ph).abs() > 0.01 => {
                        v.push(format!("{at}: baseline off the grid ({ph:.2} vs {p:.2})"))
                    }
                    _ => {}
                }
            }
        }
    }
    v
}

fn typeset(text: &str, template: &str, role: FontRole) -> (huaban::model::Edition, Composition) {
    let t = huaban::model::Template::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("layouts")
            .join(format!("{template}.json")),
    )
    .unwrap();
    let (h, paras) = huaban::typeset::split_text(text);
    huaban::typeset::typeset(&h, &paras, template, &t, role, fonts()).unwrap()
}

fn check_text(text: &str, template: &str, role: FontRole) {
    let (ed, comp) = typeset(text, template, role);
    let t = &ed.templates[template];
    let v = violations(&comp, huaban::units::mm_to_pt(t.margin_top), t.grid_pt);
    assert!(v.is_empty(), "{template}/{role:?}:\n{}", v.join("\n"));
    assert!(
        comp.stories["text"].overset_chars == 0,
        "typeset adds pages until the text fits"
    );
    // Every character of the text is on the page, in order.
    let all: String = comp
        .pages
        .iter()
        .flat_map(|p| {
            p.lines
                .iter()
                .filter(|l| l.role == Role::Body)
                .map(|l| l.text.clone())
        })
        .collect();
    let want: String = huaban::typeset::split_text(text).1.concat();
    assert_eq!(all.replace(' ', ""), want.replace(' ', ""));
}

const TAOHUAYUAN: &str = include_str!("data/taohuayuanji.txt");

#[test]
fn classical_prose_in_broadsheet_columns_song() {
    check_text(TAOHUAYUAN, "broadsheet", FontRole::Song);
}

#[test]
fn classical_prose_in_tabloid_columns_kai_without_gpos() {
    check_text(TAOHUAYUAN, "tabloid", FontRole::Kai);
}

#[test]
fn mini_edition_follows_the_rules() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.huaban");
    let (ed, comp) = huaban::cli::load_and_compose(&path, fonts()).unwrap();
    let t = &ed.templates["broadsheet"];
    let v = violations(&comp, huaban::units::mm_to_pt(t.margin_top), t.grid_pt);
    assert!(v.is_empty(), "{}", v.join("\n"));
}

fn body(font: usize, size: f64) -> Resolved {
    Resolved {
        font,
        size,
        indent: 2.0 * size,
        align: Align::Justify,
        cells: 1,
        space_before: 0,
        space_after: 0,
        color: huaban::model::Color::BLACK,
    }
}

/// Breaks `text` at every measure from 6 to 16 ems (half-em steps) and returns the lines.
fn lines_at_all_widths(text: &str) -> Vec<Vec<String>> {
    let f = fonts().role(FontRole::Song, None, false).unwrap();
    let p = prepare(
        text,
        Role::Body,
        body(f, 10.0),
        fonts(),
        &mut Problems::default(),
    );
    (12..=32)
        .map(|half_ems| {
            let w = half_ems as f64 * 5.0;
            let mut out = Vec::new();
            let mut u = 0;
            while u < p.units.len() {
                let b = next_break(&p, u, w, u == 0);
                out.push(
                    p.units[b.start..b.end]
                        .iter()
                        .flat_map(|x| {
                            x.glyphs.iter().map(|g| {
                                &p.text[g.text_start as usize..(g.text_start + g.text_len) as usize]
                            })
                        })
                        .collect(),
                );
                u = b.end;
            }
            out
        })
        .collect()
}

#[test]
fn numbers_stay_with_measure_words_and_marks_obey_prohibitions() {
    let text = "目前全省共有86辆“母亲健康快车”，我市2辆“母亲健康快车”分别落地在醴陵市、茶陵县基层医疗机构。吸引入场求职人员4.33万人次，提供岗位7万余个（其中需要博士的岗位20个）……这是真的——不是吗？";
    for lines in lines_at_all_widths(text) {
        for pair in lines.windows(2) {
            let (a, b) = (
                pair[0].chars().last().unwrap(),
                pair[1].chars().next().unwrap(),
            );
            assert!(
                !(a.is_ascii_digit() && huaban::compose::is_han(b)),
                "number parted from its measure word: {pair:?}"
            );
            assert!(!no_line_start(b), "line starts with {b}: {pair:?}");
            assert!(!no_line_end(a), "line ends with {a}: {pair:?}");
            assert!(
                !((a == '—' && b == '—') || (a == '…' && b == '…')),
                "dash or ellipsis split: {pair:?}"
            );
        }
        assert_eq!(lines.concat(), text, "no character lost or doubled");
    }
}

#[test]
fn latin_words_are_never_split() {
    let text = "与上海、深圳、雄安新区等22个开放前沿阵地一同入选全国IPv6技术创新和融合应用综合试点城市，与企业HR互相留下了联系方式。";
    for lines in lines_at_all_widths(text) {
        for l in &lines {
            assert!(
                !l.ends_with("IP") && !l.ends_with("IPv") && !l.ends_with('H'),
                "Latin word split: {lines:?}"
            );
        }
    }
}

#[test]
fn a_character_no_font_has_is_reported_not_dropped() {
    // U+2A6A5 (CJK Extension B) is in none of the bundled fonts; the set here has no
    // system fonts, so nothing can stand in for it.
    let text = "标题\n\n龘𪚥字在正文里。";
    let (_ed, comp) = typeset(text, "broadsheet", FontRole::Song);
    assert!(
        comp.problems.iter().any(|p| p.message.contains("U+2A6A5")),
        "{:?}",
        comp.problems
    );
    let body: String = comp.pages[0]
        .lines
        .iter()
        .filter(|l| l.role == Role::Body)
        .map(|l| l.text.clone())
        .collect();
    assert!(
        body.contains('𪚥'),
        "the character stays in the text (for ToUnicode): {body}"
    );
}
