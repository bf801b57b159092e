//! Character classes for Chinese composition (W3C clreq, GB/T 15834).

/// Closing brackets and quotes: ink in the left half of the em, never at line start.
pub fn is_closing(c: char) -> bool {
    matches!(
        c,
        '”' | '’'
            | '）'
            | '》'
            | '〉'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〗'
            | '］'
            | '｝'
            | '〙'
            | '〛'
    )
}

/// Opening brackets and quotes: ink in the right half of the em, never at line end.
pub fn is_opening(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '（'
            | '《'
            | '〈'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〖'
            | '［'
            | '｛'
            | '〘'
            | '〚'
    )
}

/// Pause and stop punctuation set in the left half of the em (GB style): 、，。；：
/// (？！ are centred-ish and not compressed).
pub fn is_pause(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '；' | '：' | '．')
}

/// Characters a line may not start with (strict level, as newspapers set body text).
pub fn no_line_start(c: char) -> bool {
    is_closing(c)
        || is_pause(c)
        || matches!(
            c,
            '？' | '！'
                | '…'
                | '‥'
                | '·'
                | '・'
                | '％'
                | '‰'
                | '℃'
                | '〃'
                | '々'
                | 'ー'
                | '～'
                | ','
                | '.'
                | ';'
                | ':'
                | '?'
                | '!'
                | ')'
                | ']'
                | '}'
                | '%'
        )
}

/// Characters a line may not end with.
pub fn no_line_end(c: char) -> bool {
    is_opening(c)
        || matches!(
            c,
            '(' | '[' | '{' | '￥' | '＄' | '$' | '£' | '¥' | '#' | '＃' | '@' | '＠'
        )
}

/// Characters that stand as whole ems on the CJK grid: Han, kana, full-width forms and
/// CJK punctuation. Everything else (Latin, digits, ASCII) is set proportionally.
pub fn is_cjk(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31FF |
        0x3200..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE10..=0xFE1F |
        0xFE30..=0xFE4F | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFF)
        || matches!(
            c,
            '“' | '”'
                | '‘'
                | '’'
                | '…'
                | '—'
                | '·'
                | '■'
                | '●'
                | '◀'
                | '▶'
                | '▲'
                | '▼'
                | '◆'
                | '★'
                | '☆'
                | '○'
                | '□'
                | '△'
        )
}

/// Han ideographs (for Han–Latin spacing and 孤字 checks).
pub fn is_han(c: char) -> bool {
    let u = c as u32;
    matches!(u, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Latin letters and digits that get ¼-em spacing next to Han characters.
pub fn is_western_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c as u32, 0xC0..=0x24F | 0x370..=0x3FF | 0x400..=0x4FF)
}

/// Pairs that must not be split across lines: ——, ……, ‥‥.
pub fn inseparable(a: char, b: char) -> bool {
    (a == b && matches!(a, '—' | '…' | '‥' | '─'))
        || (a.is_ascii_digit() && (b.is_ascii_digit() || b == '.'))
}

/// A number followed by its measure word or unit: “86辆”, “2辆”, “10余年”, “4.33万”.
pub fn number_binds(prev: char, next: char) -> bool {
    (prev.is_ascii_digit() || matches!(prev, '%' | '％'))
        && (is_han(next) || matches!(next, '%' | '％' | '‰' | '℃'))
}
