//! Builds the sample edition `sample_edition/zhuzhou-2024-03-12.huaban` from the seed text
//! (one page of 株洲日报 of 12 March 2024, extracted from its PDF):
//!
//! ```text
//! cargo run --example make_sample_edition [SEED.txt] [OUT.huaban]
//! ```
//!
//! Every word of news text comes from the seed, through `huaban::import`. What is
//! editorial (page sections, the 单项冠军 headline, the layout) is listed in
//! `sample_edition/README.md`.

use huaban::import::{paragraphs, ImportOptions};
use huaban::model::{
    Align, Edition, EditionMeta, FontRole, Paragraph, ParagraphStyle, Role, Settings, Story,
    StyleSheet, Template, FORMAT_VERSION,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seed = match args.get(1) {
        Some(a) => PathBuf::from(a),
        // From the repository, or from a worktree one level further down.
        None => ["../shared/seed", "../../shared/seed"]
            .iter()
            .map(|d| Path::new(d).join(SEED_NAME))
            .find(|p| p.exists())
            .unwrap_or_else(|| Path::new("../shared/seed").join(SEED_NAME)),
    };
    let out = PathBuf::from(
        args.get(2)
            .map(String::as_str)
            .unwrap_or("sample_edition/zhuzhou-2024-03-12.huaban"),
    );
    let text = std::fs::read_to_string(&seed)
        .unwrap_or_else(|e| fail(&format!("{}: cannot read: {e}", seed.display())));
    let template = Template::load(Path::new("layouts/broadsheet.json"))
        .unwrap_or_else(|e| fail(&e.to_string()));
    let ed = build(&text, template).unwrap_or_else(|e| fail(&format!("{}: {e}", seed.display())));
    huaban::model::validate(&ed)
        .unwrap_or_else(|e| fail(&format!("built edition is invalid: {e}")));
    huaban::model::save(&ed, &out).unwrap_or_else(|e| fail(&e.to_string()));
    // The .bak that save() keeps is not part of the sample.
    let mut bak = out.clone().into_os_string();
    bak.push(".bak");
    let _ = std::fs::remove_file(bak);
    eprintln!(
        "wrote {} ({} pages, {} stories)",
        out.display(),
        ed.pages.len(),
        ed.stories.len()
    );
}

/// The edition's date (ISO); the seed's news happened on 11 March 2024.
const DATE: &str = "2024-03-12";
const SEED_NAME: &str = "000_a6ff651a8bc0a567.txt";

fn fail(msg: &str) -> ! {
    eprintln!("make_sample_edition: {msg}");
    std::process::exit(1)
}

// ---------------------------------------------------------------------------------------
// Stories from the seed.

/// The seed as paragraphs, with a cursor for cutting it into stories.
struct Seed {
    paras: Vec<Paragraph>,
}

impl Seed {
    /// Index of the paragraph whose text is exactly `text`.
    fn find(&self, text: &str) -> Result<usize, String> {
        self.paras
            .iter()
            .position(|p| p.text == text)
            .ok_or_else(|| format!("the seed has no paragraph “{text}”"))
    }

    /// Paragraphs strictly between the paragraphs `from` and `to` (texts).
    fn between(&self, from: &str, to: Option<&str>) -> Result<Vec<Paragraph>, String> {
        let a = self.find(from)? + 1;
        let b = match to {
            Some(t) => self.find(t)?,
            None => self.paras.len(),
        };
        Ok(self.paras[a..b].to_vec())
    }
}

/// Splits “株洲日报讯（全媒体记者/何昆红） 3月11日，…” into the 电头 and the rest.
fn split_byline(p: &Paragraph) -> (String, Option<Paragraph>) {
    match p.text.split_once("） ") {
        Some((head, rest)) => (
            format!("{head}）"),
            Some(Paragraph::new(Role::Body, rest.trim())),
        ),
        None => (p.text.clone(), None),
    }
}

fn story(id: &str, slug: &str, headline: &str) -> Story {
    Story {
        id: id.into(),
        slug: slug.into(),
        kicker: None,
        headline: headline.into(),
        subheadline: None,
        jump_headline: None,
        byline: None,
        paragraphs: Vec::new(),
        thread: Vec::new(),
    }
}

/// A news story: headline paragraph, then the byline paragraph, then body up to `end`.
fn news(seed: &Seed, id: &str, slug: &str, head: &str, end: Option<&str>) -> Result<Story, String> {
    let mut s = story(id, slug, head);
    let mut body = seed.between(head, end)?;
    let (byline, first) = split_byline(&body.remove(0));
    s.byline = Some(byline);
    s.paragraphs = first.into_iter().chain(body).collect();
    Ok(s)
}

fn with_role(mut paras: Vec<Paragraph>, texts: &[&str], role: Role) -> Vec<Paragraph> {
    for p in &mut paras {
        if texts.contains(&p.text.as_str()) {
            p.role = role;
        }
    }
    paras
}

const GRID: &str = "组建32个网格党支部 筑牢自建房整治坚实防线";
const MOTHER: &str = "“母亲健康快车”驶入醴陵";
const FEIYI: &str = "非遗绽魅力 文化润人心";
const FEIYI_CREDIT: &str = "株洲日报全媒体记者/周圆 通讯员/朱春华 摄";
const SPRING: &str = "54场“春风行动” 让9000余人上岗";
const SPRING_CAPTION: &str = "我市“春风行动”招聘会现场。记者/何春林 摄";
const SPRING_SUBHEADS: [&str; 2] = ["纾困解难 助企业实现开门红", "精准服务 帮求职者家门口就业"];
const IDEAS: &str = "“献策株洲”金点子摘登";
const IDEAS_PIECES: [(&str, &str); 5] = [
    ("唱好研发“双城计” 加快培育新质生产力", "市委党校 易理"),
    (
        "推动硬质合金 产业数字化转型 助力硬质合金强国建设",
        "荷塘区 徐涛",
    ),
    (
        "加强醴芦淞区域联动协调 打造区域产业集群高地",
        "芦淞区 陈美佳",
    ),
    ("探索株洲乡村振兴新路子", "民革湖南科技职业学院支部 易为欢"),
    ("株洲需要打造“炎帝时间”", "网友 张书乐"),
];
const ENV: &str = "发现环保问题 直接给局长打电话";
const ENV_PHONES: &str = "【具体举报电话】";
const ENV_QR: &str = "株洲生态环境公众号";
const CHAMP_JUMP: &str = "◀◀上接01版";
const CHAMP_SUBHEADS: [&str; 2] = ["集群式培育，待风起", "“数智+”赋能，“云”起飞"];
/// Editorial: the seed has only the continuation of this story, without its headline.
/// The headline condenses the seed's own sentence “让每一次新产品、新技术、新领域的突破，
/// 都实现了倍增效益”.
pub const CHAMP_KICKER: &str = "专精特新";
pub const CHAMP_HEADLINE: &str = "让每一次突破都实现倍增效益";

fn stories(text: &str) -> Result<Vec<Story>, String> {
    let seed = Seed {
        paras: paragraphs(text, Role::Body, &ImportOptions::default()),
    };
    let grid = news(&seed, "grid", "网格党支部", GRID, Some(MOTHER))?;
    let mother = news(&seed, "mother", "母亲健康快车", MOTHER, Some(FEIYI))?;

    let mut feiyi = story("feiyi", "非遗剪纸", FEIYI);
    feiyi.paragraphs = seed.between(FEIYI, Some(FEIYI_CREDIT))?;

    let mut spring = news(&seed, "spring", "春风行动", SPRING, Some(SPRING_CAPTION))?;
    let rest = seed.between(SPRING_CAPTION, Some(IDEAS))?;
    spring
        .paragraphs
        .extend(with_role(rest, &SPRING_SUBHEADS, Role::Subhead));

    // The 摘登: the 编者按 under the column's headline, then each contributed piece as a
    // story of its own (no headline: its title and author are its first paragraphs), so
    // that each piece gets its own block on the 观点 page.
    let mut ideas = story("ideas", "献策株洲", IDEAS);
    let mut pieces: Vec<Story> = Vec::new();
    for (i, p) in seed.between(IDEAS, Some(ENV))?.into_iter().enumerate() {
        let role = if i < 2 {
            Role::EditorNote
        } else if let Some(n) = IDEAS_PIECES.iter().position(|(h, _)| *h == p.text) {
            let author = IDEAS_PIECES[n].1.rsplit(' ').next().unwrap_or_default();
            pieces.push(story(
                &format!("idea{}", n + 1),
                &format!("献策株洲·{author}"),
                "",
            ));
            Role::Subhead
        } else if IDEAS_PIECES.iter().any(|(_, a)| *a == p.text) {
            Role::Author
        } else {
            p.role
        };
        let para = Paragraph::new(role, p.text);
        match pieces.last_mut() {
            Some(piece) => piece.paragraphs.push(para),
            None => ideas.paragraphs.push(para),
        }
    }

    let mut env = story("env", "环保举报电话", ENV);
    let body = seed.between(ENV, Some(CHAMP_JUMP))?;
    for p in body {
        match p.text.as_str() {
            ENV_PHONES | ENV_QR => {}
            t if t.starts_with("株洲日报讯") => env.byline = Some(t.to_string()),
            _ => env.paragraphs.push(p),
        }
    }
    // The phone list under its label, after the body (the box's lower part).
    let first_item = env
        .paragraphs
        .iter()
        .position(|p| p.role == Role::List)
        .ok_or("the 环保 story has no phone list")?;
    env.paragraphs
        .insert(first_item, Paragraph::new(Role::Subhead, ENV_PHONES));

    let mut champ = story("champion", "单项冠军", CHAMP_HEADLINE);
    champ.kicker = Some(CHAMP_KICKER.into());
    champ.paragraphs = with_role(
        seed.between(CHAMP_JUMP, None)?,
        &CHAMP_SUBHEADS,
        Role::Subhead,
    );

    let mut all = vec![champ, spring, grid, mother, feiyi, ideas];
    all.extend(pieces);
    all.push(env);
    Ok(all)
}

// ---------------------------------------------------------------------------------------
// Styles.

fn style(font: FontRole, size: f64, bold: bool, align: Align) -> ParagraphStyle {
    ParagraphStyle {
        bold,
        align,
        ..ParagraphStyle::new(font, size)
    }
}

fn styles() -> StyleSheet {
    use Align::*;
    use FontRole::*;
    let mut s = StyleSheet::new();
    let mut add = |name: &str, st: ParagraphStyle| {
        s.insert(name.into(), st);
    };
    add("masthead", style(Song, 66.0, true, Center));
    add("masthead_line", style(Hei, 11.0, false, Center));
    add("masthead_line_left", style(Hei, 11.0, false, Left));
    add("masthead_line_right", style(Hei, 11.0, false, Right));
    add("masthead_small_left", style(Song, 9.0, false, Left));
    add("masthead_small_right", style(Song, 9.0, false, Right));
    // Headlines by rank: page lead 标宋, secondary and small items 黑体.
    add("headline_lead", style(Song, 32.0, true, Center));
    add("headline_big", style(Song, 28.0, true, Center));
    add("headline_mid", style(Hei, 22.0, true, Center));
    add("headline_small", style(Hei, 16.0, true, Center));
    add("kicker_lead", style(Hei, 14.0, false, Center));
    add("box_title", style(Hei, 12.0, true, Center));
    add("qr_caption", style(Kai, 9.0, false, Center));
    // 导读 on page 1.
    add(
        "index_title",
        ParagraphStyle {
            leading_pt: Some(24.0),
            ..style(Hei, 18.0, true, Center)
        },
    );
    add("index_entry", style(Hei, 10.0, false, Left));
    add("index_page", style(Kai, 10.0, false, Right));
    // Section label (栏目) on the inner pages.
    add("section_tag", style(Hei, 14.0, true, Left));
    // Inner pages: 五号 (10.5 pt) body on their 21 pt grid.
    let indented = |font, size| ParagraphStyle {
        indent_em: 2.0,
        ..style(font, size, false, Justify)
    };
    add("body_wide", indented(Song, 10.5));
    add("byline_wide", indented(Kai, 10.5));
    add("editor_note_wide", indented(Kai, 10.5));
    add("list_wide", style(Song, 10.5, false, Left));
    add("author_wide", style(Kai, 10.5, false, Center));
    add(
        "piece_author",
        ParagraphStyle {
            space_after_lines: 1.0,
            ..style(Kai, 10.5, false, Center)
        },
    );
    add("jump_wide", style(Kai, 10.5, false, Right));
    add("jump_headline_wide", style(Hei, 20.0, true, Center));
    add(
        "subhead_wide",
        ParagraphStyle {
            space_before_lines: 1.0,
            ..style(Hei, 12.0, true, Center)
        },
    );
    // A contributed piece's title: 黑体, each line two lines of the 21 pt grid.
    add(
        "piece_title",
        ParagraphStyle {
            leading_pt: Some(28.0),
            ..style(Hei, 18.0, true, Center)
        },
    );
    s
}

/// Role → style mapping for a text frame.
fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn build(text: &str, t: Template) -> Result<Edition, String> {
    let mut stories = stories(text)?;
    let mut threads: Vec<(String, String)> = Vec::new();
    let wide = layout::wide_template(&t);
    let pages = layout::pages(&t, &wide, &mut threads);
    for (sid, fid) in threads {
        let s = stories
            .iter_mut()
            .find(|s| s.id == sid)
            .ok_or_else(|| format!("layout names story “{sid}”, which was not built"))?;
        s.thread.push(fid);
    }
    let mut templates = BTreeMap::new();
    templates.insert("broadsheet".to_string(), layout::front_template(&t));
    templates.insert(layout::WIDE_TEMPLATE.to_string(), layout::wide_template(&t));
    Ok(Edition {
        format: FORMAT_VERSION,
        meta: EditionMeta {
            paper: "株洲日报".into(),
            date: DATE.into(),
            issue: None,
            // The issue number is not in the seed: left out rather than made up.
            serial: None,
            codes: vec![huaban::model::PublicationCode {
                label: "国内统一连续出版物号".into(),
                value: "CN 43-0023".into(),
            }],
            credits: credits(),
        },
        settings: Settings::default(),
        templates,
        styles: styles(),
        stories,
        pages,
    })
}

/// Page editors. The seed does not name them: these are placeholders (甲乙丙), marked as
/// such in sample_edition/README.md.
fn credits() -> Vec<huaban::model::PageCredits> {
    (1..=4)
        .map(|n| huaban::model::PageCredits {
            page: format!("p{n}"),
            editor: "编辑甲".into(),
            designer: "美编乙".into(),
            proofreader: "校对丙".into(),
        })
        .collect()
}

mod layout;
