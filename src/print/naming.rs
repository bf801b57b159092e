//! File names of delivered pages, from the edition's pattern (`settings.page_file_name`).
//!
//! Fields in braces:
//! - `{page}` the page number, `{page:02}` / `{page:03}` zero-padded;
//! - `{date}` the ISO date (`2024-03-12`), `{date:%Y%m%d}` formatted with `%Y` `%y` `%m`
//!   `%d` (and any literal characters);
//! - `{paper}` the paper's name, `{issue}` the issue number (empty when unset),
//!   `{section}` the page's section (要闻 …), `{page_id}` the page's id,
//!   `{profile}` the print profile's name.
//!
//! `{{` and `}}` are literal braces. `/`, `\`, `:` and other characters file systems
//! refuse become `_`. Example: `ZZRB{date:%Y%m%d}A{page:02}` → `ZZRB20240312A01`.

use crate::model::Edition;

/// The file name (with `.pdf`) of page `index` under `pattern`.
pub fn page_file_name(
    pattern: &str,
    ed: &Edition,
    index: usize,
    profile: &str,
) -> Result<String, String> {
    let bad = |msg: String| format!("page file name “{pattern}”: {msg}");
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("{{") || rest.starts_with("}}") {
            out.push(c);
            rest = &rest[2..];
            continue;
        }
        if c == '}' {
            return Err(bad("a “}” without its “{” (write “}}” for a brace)".into()));
        }
        if c != '{' {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest
            .find('}')
            .ok_or_else(|| bad("a “{” without its “}”".into()))?;
        let field = &rest[1..end];
        rest = &rest[end + 1..];
        let (name, spec) = match field.split_once(':') {
            Some((n, s)) => (n, Some(s)),
            None => (field, None),
        };
        let page = ed.pages.get(index);
        let value = match (name, spec) {
            ("page", None) => (index + 1).to_string(),
            ("page", Some(w)) => {
                let width: usize = w
                    .strip_prefix('0')
                    .and_then(|d| d.parse().ok())
                    .filter(|&d| (1..=6).contains(&d))
                    .ok_or_else(|| bad(format!("{{page:{w}}}: write {{page:02}} or {{page:03}}")))?;
                format!("{:0width$}", index + 1)
            }
            ("date", None) => ed.meta.date.clone(),
            ("date", Some(f)) => format_date(&ed.meta.date, f).map_err(bad)?,
            ("paper", None) => ed.meta.paper.clone(),
            ("issue", None) => ed.meta.issue.clone().unwrap_or_default(),
            ("section", None) => page.map(|p| p.section.clone()).unwrap_or_default(),
            ("page_id", None) => page.map(|p| p.id.clone()).unwrap_or_default(),
            ("profile", None) => profile.to_string(),
            _ => {
                return Err(bad(format!(
                    "unknown field {{{field}}} (known: page, page:02, date, date:%Y%m%d, paper, issue, section, page_id, profile)"
                )))
            }
        };
        out.push_str(&value);
    }
    let name: String = out
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let name = name.trim();
    if name.is_empty() || name == "." || name == ".." {
        return Err(bad("gives an empty file name".into()));
    }
    Ok(format!("{name}.pdf"))
}

/// The names of the pages `sel`, checked to differ (a pattern without `{page}` would
/// overwrite one page with the next).
pub fn page_file_names(
    pattern: &str,
    ed: &Edition,
    sel: &[usize],
    profile: &str,
) -> Result<Vec<String>, String> {
    let names = sel
        .iter()
        .map(|&i| page_file_name(pattern, ed, i, profile))
        .collect::<Result<Vec<_>, _>>()?;
    for (k, n) in names.iter().enumerate() {
        if let Some(j) = names[..k].iter().position(|m| m == n) {
            return Err(format!(
                "page file name “{pattern}”: pages {} and {} would both be {n}; add {{page:02}}",
                sel[j] + 1,
                sel[k] + 1
            ));
        }
    }
    Ok(names)
}

/// `YYYY-MM-DD` in a strftime-like format with `%Y %y %m %d %%`.
fn format_date(iso: &str, fmt: &str) -> Result<String, String> {
    let mut it = iso.trim().splitn(3, '-');
    let parts = (|| {
        let y = it.next()?;
        let m = it.next()?;
        let d = it.next()?.get(..2)?;
        (y.len() == 4
            && m.len() == 2
            && [y, m, d]
                .iter()
                .all(|s| s.bytes().all(|b| b.is_ascii_digit())))
        .then_some((y, m, d))
    })();
    let (y, m, d) = parts.ok_or_else(|| format!("the edition's date “{iso}” is not YYYY-MM-DD"))?;
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(y),
            Some('y') => out.push_str(&y[2..]),
            Some('m') => out.push_str(m),
            Some('d') => out.push_str(d),
            Some('%') => out.push('%'),
            other => {
                return Err(format!(
                    "{{date:{fmt}}}: “%{}” is not %Y, %y, %m or %d",
                    other.map(String::from).unwrap_or_default()
                ))
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edition() -> Edition {
        let path = crate::cli::sample_edition_path();
        crate::model::load(&path).unwrap()
    }

    #[test]
    fn newspaper_convention() {
        let ed = edition();
        let n = page_file_name("ZZRB{date:%Y%m%d}A{page:02}", &ed, 0, "newsprint").unwrap();
        assert_eq!(n, "ZZRB20240312A01.pdf");
        let n = page_file_name("{date:%y%m%d}-{page:03}-{profile}", &ed, 3, "coated").unwrap();
        assert_eq!(n, "240312-004-coated.pdf");
        let n = page_file_name(crate::model::DEFAULT_PAGE_FILE_NAME, &ed, 1, "x").unwrap();
        assert_eq!(n, "2024-03-12_02.pdf");
        let n = page_file_name("{paper}/{section}{{x}}", &ed, 0, "x").unwrap();
        assert_eq!(
            n,
            format!("{}_{}{{x}}.pdf", ed.meta.paper, ed.pages[0].section)
        );
    }

    #[test]
    fn bad_patterns_say_what_is_wrong() {
        let ed = edition();
        let e = page_file_name("{pgae}", &ed, 0, "x").unwrap_err();
        assert!(e.contains("unknown field {pgae}"), "{e}");
        let e = page_file_name("{date:%Q}", &ed, 0, "x").unwrap_err();
        assert!(e.contains("%Q"), "{e}");
        assert!(page_file_name("{page", &ed, 0, "x").is_err());
        assert!(page_file_name("{page:2}", &ed, 0, "x").is_err());
        let e = page_file_names("ZZRB{date:%Y%m%d}", &ed, &[0, 1], "x").unwrap_err();
        assert!(e.contains("pages 1 and 2"), "{e}");
    }
}
