//! Importing plain text (稿件导入): line endings, paragraphs, 全半角 punctuation, and
//! paragraphs that a PDF text extraction split in the middle of a sentence.
//!
//! The punctuation rule follows what Founder 飞腾 does on import: the ASCII marks
//! `, : ; ? !` next to Chinese text become their full-width forms `，：；？！`, and
//! brackets `( )` around Chinese text become `（ ）`. Marks inside Latin or number runs
//! stay as they are (`3.5`, `12:30`, `IPv6`, URLs, phone numbers). Full stops `.` are
//! never touched: in number runs they are decimal points.

use crate::model::{Paragraph, Role};

/// How [`paragraphs`] treats the text.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportOptions {
    /// Convert ASCII `, : ; ( ) ? !` next to Chinese text to full width (default on).
    pub fullwidth_punct: bool,
    /// Join a paragraph that stops mid-sentence with the next one (default on). Text
    /// extracted from PDFs often breaks a paragraph at a column or page end.
    pub rejoin_split: bool,
    /// Only paragraphs at least this many characters long are joined to the next one:
    /// headlines and subheads (short, without final punctuation) are left alone.
    pub rejoin_min_chars: usize,
    /// Lines starting with `- `, `* ` or `• ` become separate paragraphs of role
    /// [`Role::List`], without the marker (default on).
    pub list_items: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            fullwidth_punct: true,
            rejoin_split: true,
            rejoin_min_chars: 30,
            list_items: true,
        }
    }
}

/// Han ideographs (CJK unified ideographs and their extensions, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Full-width and CJK punctuation: the CJK symbols block and the full-width forms
/// (but not full-width letters and digits).
fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
        || matches!(c, '…' | '—' | '·')
}

/// Curly quotes are shared by Chinese and English text; they take the script around them.
fn is_curly_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’')
}

/// Whether the text before `i` ends in Chinese: a Han character or CJK punctuation,
/// looking through curly quotes and spaces.
fn chinese_before(chars: &[char], i: usize) -> bool {
    chars[..i]
        .iter()
        .rev()
        .find(|c| !is_curly_quote(**c) && **c != ' ')
        .is_some_and(|&c| is_han(c) || is_cjk_punct(c))
}

/// Whether the text from `i` on starts in Chinese (through curly quotes and spaces).
fn chinese_after(chars: &[char], i: usize) -> bool {
    chars[i..]
        .iter()
        .find(|c| !is_curly_quote(**c) && **c != ' ')
        .is_some_and(|&c| is_han(c) || is_cjk_punct(c))
}

fn fullwidth_of(c: char) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        other => other,
    }
}

/// Converts ASCII punctuation in Chinese text to full width, as described in the
/// module documentation. Spaces right after a converted `，：；？！` are dropped.
pub fn fullwidth_punct(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    // Brackets first, as pairs: a pair is Chinese if its content starts or ends in Han,
    // or (for content that is all Latin) never. Unpaired brackets look at one side.
    let mut stack: Vec<usize> = Vec::new();
    let mut convert = vec![false; chars.len()];
    for i in 0..chars.len() {
        match chars[i] {
            '(' => stack.push(i),
            ')' => match stack.pop() {
                Some(open) => {
                    let inner = &chars[open + 1..i];
                    let first = inner.iter().find(|c| !c.is_whitespace());
                    let last = inner.iter().rev().find(|c| !c.is_whitespace());
                    let han = |c: Option<&char>| c.is_some_and(|&c| is_han(c) || is_curly_quote(c));
                    if han(first) || han(last) {
                        convert[open] = true;
                        convert[i] = true;
                    }
                }
                None => convert[i] = chinese_before(&chars, i),
            },
            _ => {}
        }
    }
    for open in stack {
        convert[open] = chinese_after(&chars, open + 1);
    }
    for i in 0..chars.len() {
        if matches!(chars[i], '(' | ')') && convert[i] {
            chars[i] = fullwidth_of(chars[i]);
        }
    }
    // Then the stops, left to right, so a converted bracket counts as Chinese.
    let mut out = String::with_capacity(text.len() + 16);
    let mut skip_spaces = false;
    for i in 0..chars.len() {
        let c = chars[i];
        if skip_spaces && c == ' ' {
            continue;
        }
        skip_spaces = false;
        if matches!(c, ',' | ':' | ';' | '?' | '!') && chinese_before(&chars, i) {
            // `12:30` after Han stays only if digits follow directly on both sides.
            let digits_around = c == ':'
                && i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit());
            if !digits_around {
                out.push(fullwidth_of(c));
                skip_spaces = true;
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// `\r\n` and lone `\r` become `\n`; a byte-order mark at the start is dropped.
pub fn normalize_newlines(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// Ends a sentence (or a clause that may end a paragraph, like 为此建议：).
fn ends_sentence(text: &str) -> bool {
    text.chars().last().is_some_and(|c| {
        matches!(
            c,
            '。' | '！'
                | '？'
                | '…'
                | '”'
                | '’'
                | '：'
                | '；'
                | '）'
                | '】'
                | '」'
                | '』'
                | '》'
                | '.'
                | '!'
                | '?'
                | ':'
                | ';'
        )
    })
}

/// A paragraph as read, before joining.
struct Raw {
    text: String,
    /// Started with an indent (full-width space, tab or two spaces): a real new paragraph.
    indented: bool,
    list: bool,
}

fn list_marker(line: &str) -> Option<&str> {
    let t = line.trim_start();
    ["- ", "* ", "• ", "· "]
        .iter()
        .find_map(|m| t.strip_prefix(m))
}

fn indented(line: &str) -> bool {
    line.starts_with('\u{3000}') || line.starts_with('\t') || line.starts_with("  ")
}

/// Splits text into paragraph texts: blank lines separate paragraphs, the lines of one
/// paragraph are joined (without a space between Chinese characters), list items
/// (with [`ImportOptions::list_items`]) are paragraphs of their own. Returns the text and
/// whether it is a list item.
fn raw_paragraphs(text: &str, opts: &ImportOptions) -> Vec<Raw> {
    let text = normalize_newlines(text);
    let mut out: Vec<Raw> = Vec::new();
    for block in text.split("\n\n") {
        let mut cur: Option<Raw> = None;
        for line in block.split('\n') {
            if line.trim().is_empty() {
                continue;
            }
            let item = if opts.list_items {
                list_marker(line)
            } else {
                None
            };
            match (item, cur.as_mut()) {
                (Some(rest), _) => {
                    out.extend(cur.take());
                    cur = Some(Raw {
                        text: rest.trim().to_string(),
                        indented: true,
                        list: true,
                    });
                }
                (None, Some(c)) if !c.list => {
                    let l = line.trim();
                    let latin_join = c
                        .text
                        .chars()
                        .last()
                        .is_some_and(|p| p.is_ascii_alphanumeric())
                        && l.chars().next().is_some_and(|n| n.is_ascii_alphanumeric());
                    if latin_join {
                        c.text.push(' ');
                    }
                    c.text.push_str(l);
                }
                (None, _) => {
                    out.extend(cur.take());
                    cur = Some(Raw {
                        text: line.trim().to_string(),
                        indented: indented(line),
                        list: false,
                    });
                }
            }
        }
        out.extend(cur);
    }
    out
}

/// Looks like a heading: short and without final punctuation.
fn heading_like(text: &str, min_chars: usize) -> bool {
    text.chars().count() < min_chars && !ends_sentence(text)
}

/// Turns plain text into paragraph texts (see [`ImportOptions`]); list items keep no
/// marker. Use [`paragraphs`] to get roles as well.
pub fn paragraph_texts(text: &str, opts: &ImportOptions) -> Vec<String> {
    paragraphs(text, Role::Body, opts)
        .into_iter()
        .map(|p| p.text)
        .collect()
}

/// Turns plain text into paragraphs of `role` (list items get [`Role::List`]).
pub fn paragraphs(text: &str, role: Role, opts: &ImportOptions) -> Vec<Paragraph> {
    let mut raws = raw_paragraphs(text, opts);
    if opts.fullwidth_punct {
        for r in &mut raws {
            r.text = fullwidth_punct(&r.text);
        }
    }
    let mut out: Vec<Raw> = Vec::with_capacity(raws.len());
    for r in raws {
        if opts.rejoin_split {
            if let Some(prev) = out.last_mut() {
                let split = !prev.list
                    && !r.list
                    && !r.indented
                    && !ends_sentence(&prev.text)
                    && prev.text.chars().count() >= opts.rejoin_min_chars
                    && !heading_like(&r.text, opts.rejoin_min_chars)
                    && !r.text.starts_with('【');
                if split {
                    prev.text.push_str(&r.text);
                    continue;
                }
            }
        }
        out.push(r);
    }
    out.into_iter()
        .map(|r| Paragraph::new(if r.list { Role::List } else { role }, r.text))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fw(s: &str) -> String {
        fullwidth_punct(s)
    }

    #[test]
    fn byline_brackets_and_comma() {
        assert_eq!(
            fw("株洲日报讯(全媒体记者/何昆红) 3月11日,荷塘区对合泰、富家垅片区32个网格党支部进行授牌。"),
            "株洲日报讯（全媒体记者/何昆红） 3月11日，荷塘区对合泰、富家垅片区32个网格党支部进行授牌。"
        );
    }

    #[test]
    fn marks_after_han_and_quotes() {
        assert_eq!(fw("集群式培育,待风起"), "集群式培育，待风起");
        assert_eq!(fw("“数智+”赋能,“云”起飞"), "“数智+”赋能，“云”起飞");
        assert_eq!(
            fw("如何发展新质生产力?习近平总书记给出了方向"),
            "如何发展新质生产力？习近平总书记给出了方向"
        );
        assert_eq!(fw("为此建议:"), "为此建议：");
        assert_eq!(
            fw("积极配合妇女“两癌”(宫颈癌、乳腺癌)免费检查项目"),
            "积极配合妇女“两癌”（宫颈癌、乳腺癌）免费检查项目"
        );
        assert_eq!(
            fw("进行投诉举报(来信来访地址为株洲市天元区衡山路137号株洲市生态环境局);也可以"),
            "进行投诉举报（来信来访地址为株洲市天元区衡山路137号株洲市生态环境局）；也可以"
        );
    }

    #[test]
    fn latin_and_number_runs_stay() {
        assert_eq!(
            fw("市执法支队支队长袁理:19973366056"),
            "市执法支队支队长袁理：19973366056"
        );
        assert_eq!(fw("会议12:30开始"), "会议12:30开始");
        assert_eq!(fw("增长3.5个百分点"), "增长3.5个百分点");
        assert_eq!(fw("全国IPv6技术创新"), "全国IPv6技术创新");
        assert_eq!(
            fw("与企业HR互相留下了联系方式"),
            "与企业HR互相留下了联系方式"
        );
        assert_eq!(
            fw("见https://www.example.com/a?b=1,c"),
            "见https://www.example.com/a?b=1,c"
        );
        assert_eq!(fw("(2024)"), "(2024)");
        assert_eq!(fw("Hello, world (test)!"), "Hello, world (test)!");
        assert_eq!(fw("年报(IPv6)"), "年报(IPv6)");
    }

    #[test]
    fn spaces_after_converted_stops_go() {
        assert_eq!(fw("培育, 待风起"), "培育，待风起");
    }

    #[test]
    fn paragraphs_split_on_blank_lines_and_trim() {
        let t = "第一段第一行\r\n第一段第二行。\r\n\r\n\r\n  第二段。  \n\n";
        let opts = ImportOptions::default();
        assert_eq!(
            paragraph_texts(t, &opts),
            vec!["第一段第一行第一段第二行。", "第二段。"]
        );
    }

    #[test]
    fn list_items_become_list_paragraphs() {
        let t = "- 市生态环境局:12369\n- 市执法支队支队长袁理:19973366056\n";
        let p = paragraphs(t, Role::Body, &ImportOptions::default());
        assert_eq!(p.len(), 2);
        assert!(p.iter().all(|p| p.role == Role::List));
        assert_eq!(p[0].text, "市生态环境局：12369");
    }

    const SPLIT: &str = "要提供精准服务,得先摸清家底。芦淞区搜集了405家企业的9967个岗位,帮助2070人达成初步就业意向,针对就业困难人员等重点群体,通过电话回\n\n访、实地走访、微信等方式进行跟踪服务,已对接服务就业困难人员6550人次。";

    #[test]
    fn rejoins_split_paragraphs() {
        let p = paragraph_texts(SPLIT, &ImportOptions::default());
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("通过电话回访、实地走访"));
        let t = "近年来更是依托13条\n\n优势产业链,坚持“聚焦、裂变、创新、升级、品牌”思路。";
        // Too short to be a split paragraph with the default threshold …
        assert_eq!(paragraph_texts(t, &ImportOptions::default()).len(), 2);
        // … but joined with a lower one.
        let low = ImportOptions {
            rejoin_min_chars: 5,
            ..Default::default()
        };
        assert_eq!(
            paragraph_texts(t, &low),
            vec!["近年来更是依托13条优势产业链，坚持“聚焦、裂变、创新、升级、品牌”思路。"]
        );
    }

    #[test]
    fn rejoin_can_be_switched_off() {
        let opts = ImportOptions {
            rejoin_split: false,
            ..Default::default()
        };
        assert_eq!(paragraph_texts(SPLIT, &opts).len(), 2);
    }

    #[test]
    fn headings_and_indented_paragraphs_are_not_joined() {
        // A truncated paragraph followed by a subhead stays apart.
        let t = "刘胜是在“春风行动”招聘会上进入企业的。“我家离公司很近,这里工作环境不错,月薪5000元,很满\n\n精准服务 帮求职者家门口就业\n\n怎样能为求职者提供精准服务,帮他们实现家门口就业是我市“春风行动”执行者们长期思考的问题。";
        let p = paragraph_texts(t, &ImportOptions::default());
        assert_eq!(p.len(), 3);
        assert!(p[0].ends_with("很满"));
        assert_eq!(p[1], "精准服务 帮求职者家门口就业");
        // An indented paragraph starts anew even after an unfinished one.
        let t = "这一段没有写完而且足够长足够长足够长足够长足够长足够长足够长\n\n\u{3000}\u{3000}新的一段从这里开始,而且也足够长足够长足够长足够长。";
        assert_eq!(paragraph_texts(t, &ImportOptions::default()).len(), 2);
    }

    #[test]
    fn conversion_can_be_switched_off() {
        let opts = ImportOptions {
            fullwidth_punct: false,
            ..Default::default()
        };
        assert_eq!(
            paragraph_texts("集群式培育,待风起", &opts),
            vec!["集群式培育,待风起"]
        );
    }
}
