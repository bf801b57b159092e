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
    self, Align, Color, Edition, EditionMeta, FontRole, Frame, FrameKind, Page, Paragraph,
    ParagraphStyle, Role, Settings, Story, StyleSheet, Template, TextContent, FORMAT_VERSION,
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
    model::validate(&ed).unwrap_or_else(|e| fail(&format!("built edition is invalid: {e}")));
    model::save(&ed, &out).unwrap_or_else(|e| fail(&e.to_string()));
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

    let mut ideas = story("ideas", "献策株洲", IDEAS);
    for (i, p) in seed.between(IDEAS, Some(ENV))?.into_iter().enumerate() {
        let role = if i < 2 {
            Role::EditorNote
        } else if IDEAS_PIECES.iter().any(|(h, _)| *h == p.text) {
            Role::Subhead
        } else if IDEAS_PIECES.iter().any(|(_, a)| *a == p.text) {
            Role::Author
        } else {
            p.role
        };
        ideas.paragraphs.push(Paragraph::new(role, p.text));
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

    Ok(vec![champ, spring, grid, mother, feiyi, ideas, env])
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
    s.insert("masthead".into(), style(Song, 66.0, true, Center));
    s.insert("masthead_line".into(), style(Hei, 11.0, false, Center));
    s.insert("masthead_line_left".into(), style(Hei, 11.0, false, Left));
    s.insert("masthead_line_right".into(), style(Hei, 11.0, false, Right));
    s.insert("headline_lead".into(), style(Song, 40.0, true, Center));
    s.insert("headline_big".into(), style(Song, 30.0, true, Center));
    s.insert("headline_mid".into(), style(Hei, 22.0, true, Center));
    s.insert("headline_small".into(), style(Song, 18.0, true, Center));
    s.insert("kicker_lead".into(), style(Hei, 16.0, false, Center));
    s.insert(
        "piece_title".into(),
        ParagraphStyle {
            space_before_lines: 1.0,
            ..style(Hei, 14.0, true, Center)
        },
    );
    s.insert("box_title".into(), style(Hei, 12.0, true, Center));
    s.insert("qr_caption".into(), style(Kai, 9.0, false, Center));
    s
}

/// Role → style mapping for a text frame.
fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Layout on the template's grid.

/// Columns `(first, count)` of the template.
type Cols = (u32, u32);
/// Grid lines `(first, count)` from the top of the type area.
type Lines = (u32, u32);
/// An image: file in photos/, caption, credit.
type Img = (&'static str, Option<&'static str>, Option<&'static str>);

/// Places frames on one page, on the template's columns and line grid.
struct Pager<'a> {
    t: &'a Template,
    frames: Vec<Frame>,
    /// (story, frame id) for body frames, in reading order.
    threads: &'a mut Vec<(String, String)>,
    page: usize,
}

impl<'a> Pager<'a> {
    fn new(t: &'a Template, threads: &'a mut Vec<(String, String)>, page: usize) -> Self {
        let frames = Vec::new();
        Pager {
            t,
            frames,
            threads,
            page,
        }
    }
    fn y(&self, line: f64) -> f64 {
        self.t.margin_top + line * self.t.grid_mm()
    }
    fn push(&mut self, name: &str, (x, y, w, h): (f64, f64, f64, f64), kind: FrameKind) {
        let id = format!("p{}-{name}", self.page);
        // Whole micrometres, short decimals that read back as the same numbers; rounded
        // outwards so the frame still holds all the grid lines it was made for.
        let (lo, hi) = (
            |v: f64| (v * 1000.0).floor() / 1000.0,
            |v: f64| (v * 1000.0).ceil() / 1000.0,
        );
        let (x0, y0) = (lo(x), lo(y));
        let (x, y, w, h) = (x0, y0, hi(x + w - x0), hi(y + h - y0));
        self.frames.push(Frame {
            id,
            x,
            y,
            w,
            h,
            kind,
        });
    }
    fn rect(&self, (col, n): Cols, (line, lines): Lines) -> (f64, f64, f64, f64) {
        let g = self.t.grid_mm();
        let (x, w) = (self.t.column_x(col), self.t.span_w(n));
        (x, self.y(line as f64), w, lines as f64 * g)
    }
    /// A text frame of `story` with as many columns as it spans.
    fn text(
        &mut self,
        name: &str,
        story: &str,
        c: TextContent,
        at: (Cols, Lines),
        st: &[(&str, &str)],
    ) {
        self.text_in(name, story, c, at, at.0 .1, st, 0.0);
    }
    #[allow(clippy::too_many_arguments)]
    fn text_in(
        &mut self,
        name: &str,
        story: &str,
        content: TextContent,
        (cols, lines): (Cols, Lines),
        columns: u32,
        styles: &[(&str, &str)],
        inset: f64,
    ) {
        let (story, styles) = (story.to_string(), map(styles));
        let kind = FrameKind::Text {
            story: story.clone(),
            content,
            columns,
            gutter: None,
            styles,
            inset,
        };
        self.push(name, self.rect(cols, lines), kind);
        if content != TextContent::Headline {
            let id = self.frames.last().expect("just pushed").id.clone();
            self.threads.push((story, id));
        }
    }
    fn image(&mut self, name: &str, (cols, lines): (Cols, Lines), (src, caption, credit): Img) {
        let kind = FrameKind::Image {
            src: format!("photos/{src}"),
            fit: model::Fit::Fill,
            caption: caption.map(str::to_string),
            credit: credit.map(str::to_string),
        };
        self.push(name, self.rect(cols, lines), kind);
    }
    fn rule(&mut self, name: &str, r: (f64, f64, f64, f64), weight_pt: f64) {
        self.push(
            name,
            r,
            FrameKind::Rule {
                weight_pt,
                color: Color::BLACK,
            },
        );
    }
    /// A horizontal rule in the middle of grid line `line`.
    fn hrule(&mut self, name: &str, (col, n): Cols, line: u32) {
        let (x, _, w, _) = self.rect((col, n), (0, 0));
        self.rule(name, (x, self.y(line as f64 + 0.5), w, 0.0), 0.5);
    }
    /// A vertical rule in the gutter left of column `col`.
    fn vrule(&mut self, name: &str, col: u32, (line, lines): Lines) {
        let x = self.t.column_x(col) - self.t.gutter / 2.0;
        let (_, y, _, h) = self.rect((col, 1), (line, lines));
        self.rule(name, (x, y, 0.0, h), 0.5);
    }
    fn boxed(&mut self, name: &str, at: (Cols, Lines), stroke_pt: f64, fill: Option<Color>) {
        let r = self.rect(at.0, at.1);
        self.push(
            name,
            r,
            FrameKind::Box {
                stroke_pt,
                color: Color::BLACK,
                fill,
            },
        );
    }
    fn label(&mut self, name: &str, r: (f64, f64, f64, f64), text: &str, style: &str) {
        let kind = FrameKind::Label {
            text: text.into(),
            style: style.into(),
            inset: 0.0,
        };
        self.push(name, r, kind);
    }
    fn page(self, section: &str, folio: bool) -> Page {
        let (id, template) = (format!("p{}", self.page), "broadsheet".to_string());
        Page {
            id,
            template,
            section: section.into(),
            folio,
            frames: self.frames,
        }
    }
}

fn build(text: &str, t: Template) -> Result<Edition, String> {
    let mut stories = stories(text)?;
    let mut threads: Vec<(String, String)> = Vec::new();
    let pages = layout::pages(&t, &mut threads);
    for (sid, fid) in threads {
        let s = stories
            .iter_mut()
            .find(|s| s.id == sid)
            .ok_or_else(|| format!("layout names story “{sid}”, which was not built"))?;
        s.thread.push(fid);
    }
    let mut templates = BTreeMap::new();
    templates.insert("broadsheet".to_string(), t);
    Ok(Edition {
        format: FORMAT_VERSION,
        meta: EditionMeta {
            paper: "株洲日报".into(),
            date: DATE.into(),
            issue: None,
        },
        settings: Settings::default(),
        templates,
        styles: styles(),
        stories,
        pages,
    })
}

mod layout {
    use super::*;
    use TextContent::{Body, Headline, Story};

    const BRIDGE: Img = (
        "bridge.jpg",
        None,
        Some("图/Sander Klootwijk（CC BY-SA 4.0）"),
    );
    const ORCHESTRA: Img = ("orchestra.jpg", Some(SPRING_CAPTION), None);
    const MARIACHI: Img = ("mariachi.jpg", None, Some(FEIYI_CREDIT));
    const MOUNTAIN: Img = (
        "mountain-path.jpg",
        None,
        Some("图/Aitzol Berasategi（CC BY 4.0）"),
    );
    const DRUM: Img = (
        "interior-drum.jpg",
        None,
        Some("图/Jakub Mede（CC BY 4.0）"),
    );
    const DANDELIONS: Img = ("dandelions.jpg", None, None);
    const GREAT_WALL: Img = ("great-wall.jpg", None, None);
    const ROCKET: Img = ("rocket.jpg", None, None);
    const ASTRONAUT: Img = ("astronaut.jpg", None, None);
    const PALACE: Img = (
        "summer-palace.jpg",
        None,
        Some("图/danielbuechele（CC BY 2.0）"),
    );
    const BIG_HEAD: &[(&str, &str)] = &[("headline", "headline_big")];
    const MID_HEAD: &[(&str, &str)] = &[("headline", "headline_mid")];
    const PIECES: &[(&str, &str)] = &[("subhead", "piece_title")];

    pub fn pages(t: &Template, th: &mut Vec<(String, String)>) -> Vec<Page> {
        vec![page1(t, th), page2(t, th), page3(t, th), page4(t, th)]
    }

    /// 要闻: masthead, the 单项冠军 lead (continued on page 4), 春风行动 (continued on
    /// page 2), 非遗 photo news, 网格党支部, 母亲健康快车.
    fn page1(t: &Template, th: &mut Vec<(String, String)>) -> Page {
        let mut p = Pager::new(t, th, 1);
        let (x, w) = (t.margin_left, t.type_area_w());
        p.label("masthead", (x, 10.0, w, 30.0), "株洲日报", "masthead");
        let date = huaban::compose::date_zh(DATE);

        p.label("date", (x, 46.0, w / 2.0, 6.0), &date, "masthead_line_left");
        p.label(
            "section",
            (x + w / 2.0, 46.0, w / 2.0, 6.0),
            "第01版　要闻",
            "masthead_line_right",
        );
        p.rule("masthead-rule", (x, 54.0, w, 0.0), 2.0);
        let (top, end) = (6, 73);
        let lead = &[("headline", "headline_lead"), ("kicker", "kicker_lead")];
        p.text("champ-head", "champion", Headline, ((0, 5), (top, 7)), lead);
        p.image("champ-photo", ((0, 5), (top + 7, 46)), BRIDGE);
        let body = top + 7 + 46;
        p.text("champ", "champion", Body, ((0, 5), (body, end - body)), &[]);
        p.vrule("v1", 5, (top, end - top));
        p.text(
            "spring-head",
            "spring",
            Headline,
            ((5, 3), (top, 7)),
            BIG_HEAD,
        );
        p.image("spring-photo", ((5, 3), (top + 7, 17)), ORCHESTRA);
        p.text("spring", "spring", Body, ((5, 3), (top + 24, 20)), &[]);
        p.hrule("r1", (5, 3), top + 44);
        let f = top + 45;
        p.text("feiyi-head", "feiyi", Headline, ((5, 3), (f, 3)), MID_HEAD);
        p.image("feiyi-photo", ((5, 3), (f + 3, 13)), MARIACHI);
        p.text(
            "feiyi",
            "feiyi",
            Body,
            ((5, 3), (f + 16, end - f - 16)),
            &[],
        );
        p.hrule("r2", (0, 8), end);
        let band = (end + 1, 91 - end - 1);
        p.text("grid", "grid", Story, ((0, 4), band), &[]);
        p.vrule("v2", 4, band);
        p.text("mother", "mother", Story, ((4, 4), band), &[]);
        p.page("要闻", false)
    }

    /// 民生: 春风行动 continued, the 环保 box.
    fn page2(t: &Template, th: &mut Vec<(String, String)>) -> Page {
        let mut p = Pager::new(t, th, 2);
        let s = 21;
        p.text("spring", "spring", Body, ((0, 5), (0, s)), &[]);
        p.hrule("r1", (0, 5), s);
        p.image("dandelions", ((0, 5), (s + 1, 91 - s - 1)), DANDELIONS);
        p.vrule("v1", 5, (0, 91));
        let e = 29;
        let q = 7; // grid lines for the QR code and its caption
        p.boxed("env-box", ((5, 3), (0, e + q)), 1.0, None);
        p.text_in("env", "env", Story, ((5, 3), (0, e)), 3, MID_HEAD, 2.0);
        // The QR code is not available: a grey square holds its place.
        let (qx, qy) = (t.column_x(5) + (t.span_w(3) - 22.0) / 2.0, p.y(e as f64));
        let grey = Some(Color([0.0, 0.0, 0.0, 20.0]));
        p.push(
            "env-qr",
            (qx, qy, 22.0, 22.0),
            FrameKind::Box {
                stroke_pt: 0.0,
                color: Color::BLACK,
                fill: grey,
            },
        );
        p.label(
            "env-qr-caption",
            (t.column_x(5), qy + 23.0, t.span_w(3), 6.0),
            ENV_QR,
            "qr_caption",
        );
        p.image("wall", ((5, 3), (e + q + 1, 20)), GREAT_WALL);
        let r = e + q + 22;
        p.image("rocket", ((5, 3), (r, 91 - r)), ROCKET);
        p.page("民生", true)
    }

    /// 观点: “献策株洲”金点子摘登 (continued on page 4).
    fn page3(t: &Template, th: &mut Vec<(String, String)>) -> Page {
        let mut p = Pager::new(t, th, 3);
        let head = &[("headline", "headline_lead")];
        p.text("ideas-head", "ideas", Headline, ((0, 8), (0, 6)), head);
        p.hrule("r1", (0, 8), 6);
        p.text("ideas", "ideas", Body, ((0, 4), (7, 40)), PIECES);
        p.vrule("v1", 4, (7, 40));
        p.image("mountain", ((4, 4), (7, 40)), MOUNTAIN);
        p.hrule("r2", (0, 8), 47);
        p.image("palace", ((0, 3), (48, 43)), PALACE);
        p.page("观点", true)
    }

    /// 经济: 单项冠军 continued, 献策株洲 continued.
    fn page4(t: &Template, th: &mut Vec<(String, String)>) -> Page {
        let mut p = Pager::new(t, th, 4);
        p.text("champ", "champion", Body, ((0, 5), (0, 30)), &[]);
        p.vrule("v1", 5, (0, 91));
        p.hrule("r1", (0, 5), 30);
        p.image("drum", ((0, 5), (31, 60)), DRUM);
        p.text("ideas", "ideas", Body, ((5, 3), (0, 22)), PIECES);
        p.hrule("r2", (5, 3), 22);
        p.image("astronaut", ((5, 3), (23, 68)), ASTRONAUT);
        p.page("经济", true)
    }
}
