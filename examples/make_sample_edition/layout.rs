//! The pages: frames on the templates' columns and line grids.

use super::*;
use huaban::model::{self, Color, Frame, FrameKind, Page, TextContent};
use TextContent::{Body, Headline, Story};

/// The inner pages' template: the broadsheet with a 21 pt line grid for 五号 (10.5 pt) body
/// text, set more generously than page 1's 9.5 pt on 14 pt.
pub const WIDE_TEMPLATE: &str = "broadsheet_wide";

pub fn wide_template(t: &Template) -> Template {
    Template {
        label: format!("{}，五号正文", t.label),
        body_size: huaban::units::FontSize::pt(10.5),
        grid_pt: 21.0,
        note: "The broadsheet with a 21 pt line pitch for 10.5 pt (五号) body text, as feature \
               and inner pages are often set."
            .into(),
        ..t.clone()
    }
}

/// Page 1's template: the broadsheet with the masthead (报头) area — the paper's name, the
/// date, 版次 and section, the publication code and the page's editors — filled from the
/// edition's data.
pub fn front_template(t: &Template) -> Template {
    let (x, w) = (t.margin_left, t.type_area_w());
    let field = |x: f64, y: f64, w: f64, h: f64, text: &str, style: &str| model::MastheadField {
        x,
        y,
        w,
        h,
        text: text.into(),
        style: style.into(),
    };
    Template {
        masthead: Some(model::Masthead {
            x,
            y: 10.0,
            w,
            h: 44.0,
            rule_pt: 2.0,
            fields: vec![
                field(0.0, 0.0, w, 30.0, "{paper}", "masthead"),
                field(
                    0.0,
                    24.0,
                    w / 3.0,
                    5.0,
                    "国内统一连续出版物号 {code:国内统一连续出版物号}",
                    "masthead_small_left",
                ),
                field(
                    w * 2.0 / 3.0,
                    24.0,
                    w / 3.0,
                    5.0,
                    "{credits}",
                    "masthead_small_right",
                ),
                field(0.0, 36.0, w / 2.0, 6.0, "{date}", "masthead_line_left"),
                field(
                    w / 2.0,
                    36.0,
                    w / 2.0,
                    6.0,
                    "第{page}版　{section}",
                    "masthead_line_right",
                ),
            ],
        }),
        ..t.clone()
    }
}

/// Columns `(first, count)` of the template.
type Cols = (u32, u32);
/// Grid lines `(first, count)` from the top of the type area.
type Lines = (u32, u32);
/// An image: file in photos/, caption, credit.
type Img = (&'static str, Option<&'static str>, Option<&'static str>);
type Styles = &'static [(&'static str, &'static str)];

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
    fn text(&mut self, name: &str, story: &str, c: TextContent, at: (Cols, Lines), st: Styles) {
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
        styles: Styles,
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
            vertical: false,
        };
        self.push(name, self.rect(cols, lines), kind);
        if content != TextContent::Headline {
            let id = self.frames.last().expect("just pushed").id.clone();
            self.threads.push((story, id));
        }
    }
    /// A vertical headline frame (竖排标题) of `story`: columns right to left.
    fn vertical_head(&mut self, name: &str, story: &str, (cols, lines): (Cols, Lines), st: Styles) {
        let kind = FrameKind::Text {
            story: story.into(),
            content: Headline,
            columns: 1,
            gutter: None,
            styles: map(st),
            inset: 0.0,
            vertical: true,
        };
        self.push(name, self.rect(cols, lines), kind);
    }
    fn image(&mut self, name: &str, at: (Cols, Lines), img: Img) {
        self.image_at(name, at, img, None);
    }
    /// A photo cropped to keep `focus` (fractions of its width and height) in view.
    fn image_at(
        &mut self,
        name: &str,
        (cols, lines): (Cols, Lines),
        (src, caption, credit): Img,
        focus: Option<(f64, f64)>,
    ) {
        let (fit, focus) = match focus {
            Some((x, y)) => (model::Fit::Crop, model::Focus { x, y }),
            None => (model::Fit::Fill, model::Focus::default()),
        };
        let kind = FrameKind::Image {
            src: format!("photos/{src}"),
            fit,
            focus,
            caption: caption.map(str::to_string),
            credit: credit.map(str::to_string),
            wrap: model::Wrap::on(),
        };
        self.push(name, self.rect(cols, lines), kind);
    }
    fn rule(&mut self, name: &str, r: (f64, f64, f64, f64), weight_pt: f64) {
        let color = Color::BLACK;
        self.push(
            name,
            r,
            FrameKind::Rule {
                weight_pt,
                color,
                wrap: model::Wrap::off(),
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
        let color = Color::BLACK;
        self.push(
            name,
            r,
            FrameKind::Box {
                stroke_pt,
                color,
                fill,
                wrap: model::Wrap::on(),
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
    /// The 栏目 tag at the top left of an inner page: a label over a heavy rule.
    fn section_tag(&mut self, text: &str, cols: Cols) {
        let (x, y, w, _) = self.rect(cols, (0, 1));
        let h = self.t.grid_mm();
        self.label("tag", (x, y, w, h), text, "section_tag");
        self.rule("tag-rule", (x, y + h + 0.8, w, 0.0), 1.5);
    }
    fn page(self, section: &str, folio: bool) -> Page {
        let template = if self.t.grid_pt > 14.0 {
            WIDE_TEMPLATE
        } else {
            "broadsheet"
        };
        Page {
            id: format!("p{}", self.page),
            template: template.into(),
            section: section.into(),
            folio,
            frames: self.frames,
        }
    }
}

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
const DANDELIONS: Img = ("dandelions.jpg", None, Some("图/Clemens Engelhardt（CC0）"));
const GREAT_WALL: Img = (
    "great-wall.jpg",
    None,
    Some("图/Nicolas Perrault III（CC0）"),
);
const PALACE: Img = (
    "summer-palace.jpg",
    None,
    Some("图/danielbuechele（CC BY 2.0）"),
);

const ROCKET: Img = ("rocket.jpg", None, Some("图/SpaceX（公有领域）"));

const LEAD_HEAD: Styles = &[("headline", "headline_lead"), ("kicker", "kicker_lead")];
const BIG_HEAD: Styles = &[("headline", "headline_big")];
const MID_HEAD: Styles = &[("headline", "headline_mid")];
const SMALL_HEAD: Styles = &[("headline", "headline_small")];
/// Body text of the inner pages.
const WIDE: Styles = &[
    ("author", "author_wide"),
    ("body", "body_wide"),
    ("byline", "byline_wide"),
    ("editor_note", "editor_note_wide"),
    ("jump", "jump_wide"),
    ("jump_headline", "jump_headline_wide"),
    ("list", "list_wide"),
    ("subhead", "subhead_wide"),
];
const WIDE_MID: Styles = &[
    ("author", "author_wide"),
    ("body", "body_wide"),
    ("byline", "byline_wide"),
    ("headline", "headline_mid"),
    ("jump", "jump_wide"),
    ("list", "list_wide"),
    ("subhead", "subhead_wide"),
];
const PIECE: Styles = &[
    ("author", "piece_author"),
    ("body", "body_wide"),
    ("subhead", "piece_title"),
];

pub fn pages(t: &Template, wide: &Template, th: &mut Vec<(String, String)>) -> Vec<Page> {
    vec![
        page1(t, th),
        page2(wide, th),
        page3(wide, th),
        page4(wide, th),
    ]
}

/// 要闻: masthead, the 单项冠军 lead (continued on page 4), 春风行动 (continued on
/// page 2), 非遗 photo news, 母亲健康快车, and the 导读 of pages 2–4.
fn page1(t: &Template, th: &mut Vec<(String, String)>) -> Page {
    let mut p = Pager::new(t, th, 1);
    // The masthead (报头) comes from the template: see `front_template`.
    let (top, end) = (6, 91);
    // The lead: headline, photo, the start of the story, and under it the 导读.
    p.text(
        "champ-head",
        "champion",
        Headline,
        ((0, 5), (top, 6)),
        LEAD_HEAD,
    );
    p.image("champ-photo", ((0, 5), (top + 6, 40)), BRIDGE);
    let (body, ix) = (top + 46, IX);
    p.text(
        "champ",
        "champion",
        Body,
        ((0, 5), (body, ix - 1 - body)),
        &[],
    );
    p.hrule("r0", (0, 5), ix - 1);
    index(&mut p, (0, 5), (ix, end - ix));
    p.vrule("v1", 5, (top, end - top));
    // 春风行动 and the 非遗 photo news in the right-hand columns.
    p.text(
        "spring-head",
        "spring",
        Headline,
        ((5, 3), (top, 5)),
        MID_HEAD,
    );
    p.image("spring-photo", ((5, 3), (top + 5, 17)), ORCHESTRA);
    let s = top + 22;
    let f = F1;
    p.text("spring", "spring", Body, ((5, 3), (s, f - 1 - s)), &[]);
    p.hrule("r1", (5, 3), f - 1);
    p.text(
        "feiyi-head",
        "feiyi",
        Headline,
        ((5, 3), (f, 2)),
        SMALL_HEAD,
    );
    p.image("feiyi-photo", ((5, 3), (f + 2, 18)), MARIACHI);
    let fb = f + 20;
    p.text("feiyi", "feiyi", Body, ((5, 3), (fb, end - fb)), &[]);
    p.page("要闻", false)
}
const F1: u32 = 65;
const IX: u32 = 69;

/// The 导读 strip: the headlines of pages 2–4 with their page, in two columns. Editorial,
/// made of the seed's own headlines.
fn index(p: &mut Pager, cols: Cols, (line, lines): Lines) {
    const ENTRIES: [(&str, &str); 8] = [
        (SPRING, "第2版"),
        (ENV, "第2版"),
        (IDEAS, "第3版"),
        (IDEAS_PIECES[0].0, "第3版"),
        (IDEAS_PIECES[3].0, "第3版"),
        (IDEAS_PIECES[4].0, "第3版"),
        (CHAMP_HEADLINE, "第4版"),
        (MOTHER, "第4版"),
    ];
    p.boxed("index-box", (cols, (line, lines)), 1.0, None);
    let (x, y, w, h) = p.rect(cols, (line, lines));
    let g = p.t.grid_mm();
    // The title down the left edge, on a grey bar.
    let bar_w = 12.0;
    p.push(
        "index-bar",
        (x, y, bar_w, h),
        FrameKind::Box {
            stroke_pt: 0.0,
            color: Color::BLACK,
            fill: Some(Color([0.0, 0.0, 0.0, 15.0])),
            wrap: model::Wrap::on(),
        },
    );
    p.label(
        "index-title",
        (x, y + h / 2.0 - 12.0, bar_w, 24.0),
        "导\n读",
        "index_title",
    );
    let cw = (w - bar_w - 9.0) / 2.0;
    let rows = ENTRIES.len() / 2;
    let pitch = (h - 4.0) / rows as f64;
    for (i, (head, page)) in ENTRIES.iter().enumerate() {
        let (c, r) = (i / rows, i % rows);
        let ex = x + bar_w + 3.0 + c as f64 * (cw + 3.0);
        let r = (ex, y + 2.0 + r as f64 * pitch + (pitch - g) / 2.0, cw, g);
        let head = head.replace(' ', "　");
        p.label(&format!("index-{i}"), r, &format!("■{head}"), "index_entry");
        p.label(&format!("index-{i}-page"), r, page, "index_page");
    }
}

/// 民生: 春风行动 continued, 网格党支部, and the 环保 box down the right-hand side, its
/// text wrapping around a photo under the headline and stopping above the QR code.
fn page2(t: &Template, th: &mut Vec<(String, String)>) -> Page {
    let mut p = Pager::new(t, th, 2);
    p.section_tag("民生关注", (0, 2));
    let s = S2;
    p.text_in("spring", "spring", Body, ((0, 6), (2, s)), 3, WIDE, 0.0);
    p.hrule("r1", (0, 6), s + 2);
    let d = s + 3;
    // The tall frame shows a third of the photo's width: keep the big seed head.
    p.image_at(
        "dandelions",
        ((0, 6), (d, D2)),
        DANDELIONS,
        Some((0.2, 0.5)),
    );
    p.hrule("r2", (0, 6), d + D2);
    let g = (d + D2 + 1, 59 - d - D2);
    // 网格党支部: its headline set vertically (竖排) down the first column, the text in
    // two columns beside it.
    p.vertical_head("grid-head", "grid", ((0, 1), g), SMALL_HEAD);
    p.text_in("grid", "grid", Body, ((1, 5), g), 2, WIDE_MID, 0.0);
    p.vrule("v1", 6, (2, 58));
    p.boxed("env-box", ((6, 2), (2, 58)), 1.0, None);
    let inset = 2.5;
    p.text_in("env", "env", Story, ((6, 2), (2, 58)), 1, WIDE_MID, inset);
    // A photo across the column under the headline; the text wraps around it.
    let (px, pw) = (t.column_x(6) + inset, t.span_w(2) - 2.0 * inset);
    let (py, ph) = (p.y(E2 as f64), P2 as f64 * t.grid_mm());
    let (src, caption, credit) = PALACE;
    p.push(
        "env-photo",
        (px, py, pw, ph),
        FrameKind::Image {
            src: format!("photos/{src}"),
            fit: model::Fit::Fill,
            focus: model::Focus::default(),
            caption: caption.map(str::to_string),
            credit: credit.map(str::to_string),
            wrap: model::Wrap::on(),
        },
    );
    // The QR code is not available: a grey square holds its place, centred at the foot
    // of the box; an empty frame across the column over it and its caption carries the
    // text wrap, so the text stops above it.
    let (qw, cap_h) = (20.0, 5.0);
    let bottom = p.y(60.0) - inset;
    let (qx, qy) = (px + (pw - qw) / 2.0, bottom - qw - cap_h);
    p.push(
        "env-qr-wrap",
        (px, qy, pw, qw + cap_h),
        FrameKind::Box {
            stroke_pt: 0.0,
            color: Color::BLACK,
            fill: None,
            wrap: model::Wrap::on(),
        },
    );
    let grey = Some(Color([0.0, 0.0, 0.0, 20.0]));
    p.push(
        "env-qr",
        (qx, qy, qw, qw),
        FrameKind::Box {
            stroke_pt: 0.0,
            color: Color::BLACK,
            fill: grey,
            wrap: model::Wrap::off(),
        },
    );
    p.label(
        "env-qr-caption",
        (px, qy + qw + 0.5, pw, cap_h),
        ENV_QR,
        "qr_caption",
    );
    p.page("民生", true)
}
const S2: u32 = 8;
const D2: u32 = 39;
/// Grid line of the photo in the 环保 box, under its headline, and its depth.
const E2: u32 = 8;
const P2: u32 = 8;

/// 观点: “献策株洲”金点子摘登, the 编者按 boxed, each piece in its own single-column block
/// two template columns wide (20 characters a line), its title in 黑体 over it.
fn page3(t: &Template, th: &mut Vec<(String, String)>) -> Page {
    let mut p = Pager::new(t, th, 3);
    p.section_tag("观点·建言", (0, 2));
    p.text("ideas-head", "ideas", Headline, ((2, 6), (0, 4)), BIG_HEAD);
    p.hrule("r0", (0, 8), 4);
    // Column A: the 编者按 in a tinted box, a photo, 易理.
    let tint = Some(Color([0.0, 0.0, 0.0, 8.0]));
    p.boxed("note-box", ((0, 2), (5, 12)), 0.5, tint);
    p.text_in("ideas", "ideas", Body, ((0, 2), (5, 12)), 1, WIDE, 5.0);
    p.image("rocket", ((0, 2), (18, 8)), ROCKET);
    p.hrule("ra", (0, 2), 26);
    p.text_in("idea1", "idea1", Body, ((0, 2), (27, 33)), 1, PIECE, 0.0);
    p.vrule("v1", 2, (5, 55));
    // Columns B–D: a photo across, then 徐涛; 易为欢 and a photo; 陈美佳 and 张书乐.
    p.image("mountain", ((2, 6), (5, 23)), MOUNTAIN);
    p.hrule("rb", (2, 6), 28);
    p.text_in("idea2", "idea2", Body, ((2, 2), (29, 29)), 1, PIECE, 0.0);
    p.vrule("v2", 4, (29, 31));
    p.text_in("idea4", "idea4", Body, ((4, 2), (29, 20)), 1, PIECE, 0.0);
    p.hrule("rc", (4, 2), 49);
    p.image("wall", ((4, 2), (50, 10)), GREAT_WALL);
    p.vrule("v3", 6, (29, 31));
    p.text_in("idea3", "idea3", Body, ((6, 2), (29, 17)), 1, PIECE, 0.0);
    p.hrule("rd", (6, 2), 46);
    p.text_in("idea5", "idea5", Body, ((6, 2), (47, 13)), 1, PIECE, 0.0);
    p.page("观点", true)
}

/// 综合: 单项冠军 continued, set wide under its 转版标题 beside the drum photo; under them
/// 母亲健康快车 across the page, its two columns wrapping around a photo set into them.
fn page4(t: &Template, th: &mut Vec<(String, String)>) -> Page {
    let mut p = Pager::new(t, th, 4);
    p.section_tag("综合新闻", (0, 2));
    let c = C4;
    p.text_in("champ", "champion", Body, ((0, 5), (2, c)), 3, WIDE, 0.0);
    p.vrule("v1", 5, (2, 58));
    p.image("drum", ((5, 3), (2, 44)), DRUM);
    p.hrule("r1", (0, 5), c + 2);
    let b = (c + 3, 60 - c - 3);
    p.text_in("mother", "mother", Story, ((0, 5), b), 2, WIDE_MID, 0.0);
    // A photo across both columns under the headline; the text wraps around it (the
    // frame's default wrap) and runs on below it.
    p.image("mother-photo", ((0, 5), (c + 3 + M4, P4)), MOUNTAIN);
    p.hrule("r2", (5, 3), 46);
    p.image("wall", ((5, 3), (47, 13)), GREAT_WALL);
    p.page("综合", true)
}
const C4: u32 = 25;
/// Grid lines of the 母亲健康快车 headline block above its photo.
const M4: u32 = 4;
/// Grid lines of that photo.
const P4: u32 = 17;
