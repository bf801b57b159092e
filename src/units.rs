//! Units of the trade: millimetres for geometry, points for type, and the Chinese
//! 号 (hao) and 级 (Q) scales for font sizes.
//!
//! In a layout file a font size is written as a number (points) or a string:
//! `"9.5pt"`, `"3.5mm"`, `"13Q"`/`"13级"`, `"五号"`, `"小五号"`, `"5号"`, `"小5号"`, `"初号"`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Points per millimetre (1 pt = 1/72 in, 1 in = 25.4 mm).
pub const PT_PER_MM: f64 = 72.0 / 25.4;

pub fn mm_to_pt(mm: f64) -> f64 {
    mm * PT_PER_MM
}

pub fn pt_to_mm(pt: f64) -> f64 {
    pt / PT_PER_MM
}

/// The 号 scale as used by Founder and Chinese newspapers (GB/T and industry practice).
/// Index: (name, points).
pub const HAO: &[(&str, f64)] = &[
    ("初号", 42.0),
    ("小初号", 36.0),
    ("一号", 26.0),
    ("小一号", 24.0),
    ("二号", 22.0),
    ("小二号", 18.0),
    ("三号", 16.0),
    ("小三号", 15.0),
    ("四号", 14.0),
    ("小四号", 12.0),
    ("五号", 10.5),
    ("小五号", 9.0),
    ("六号", 7.5),
    ("小六号", 6.5),
    ("七号", 5.5),
    ("八号", 5.0),
];

/// A font size, stored in points but remembering how the user wrote it so a saved file
/// reads back the way it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct FontSize {
    pub pt: f64,
    pub written: Option<String>,
}

impl FontSize {
    pub fn pt(pt: f64) -> Self {
        FontSize { pt, written: None }
    }

    /// Parses `9.5`, `9.5pt`, `3.5mm`, `13Q`, `13级`, `五号`, `小五号`, `5号`, `小5号`, `初号`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let num = |v: &str| -> Result<f64, String> {
            v.trim().parse::<f64>().map_err(|_| {
                format!("“{s}” is not a font size (expected e.g. 9.5pt, 3.5mm, 13Q, 小五号)")
            })
        };
        let pt = if let Some(v) = t.strip_suffix("pt") {
            num(v)?
        } else if let Some(v) = t.strip_suffix("mm") {
            mm_to_pt(num(v)?)
        } else if let Some(v) = t
            .strip_suffix('Q')
            .or_else(|| t.strip_suffix('q'))
            .or_else(|| t.strip_suffix('级'))
        {
            // 1 Q = 0.25 mm
            mm_to_pt(num(v)? * 0.25)
        } else if t.ends_with('号') {
            hao_to_pt(t)
                .ok_or_else(|| format!("“{s}” is not a 号 size (初号 … 八号, 小初号 … 小六号)"))?
        } else {
            num(t)?
        };
        if !pt.is_finite() || pt <= 0.0 || pt > 2000.0 {
            return Err(format!(
                "font size “{s}” is out of range (0 < size ≤ 2000 pt)"
            ));
        }
        Ok(FontSize {
            pt,
            written: Some(t.to_string()),
        })
    }
}

fn hao_to_pt(t: &str) -> Option<f64> {
    let digits = ["初", "一", "二", "三", "四", "五", "六", "七", "八"];
    // Normalise Arabic digits: 5号 → 五号, 小5号 → 小五号.
    let mut norm = String::new();
    for ch in t.chars() {
        match ch.to_digit(10) {
            Some(d) if (d as usize) < digits.len() => norm.push_str(digits[d as usize]),
            _ => norm.push(ch),
        }
    }
    HAO.iter().find(|(n, _)| *n == norm).map(|(_, pt)| *pt)
}

impl Serialize for FontSize {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.written {
            Some(w) => s.serialize_str(w),
            None => s.serialize_f64(self.pt),
        }
    }
}

impl<'de> Deserialize<'de> for FontSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = FontSize;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a font size: a number of points or a string such as \"9.5pt\", \"13Q\", \"小五号\"")
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<FontSize, E> {
                if !v.is_finite() || v <= 0.0 || v > 2000.0 {
                    return Err(E::custom(format!(
                        "font size {v} pt is out of range (0 < size ≤ 2000 pt)"
                    )));
                }
                Ok(FontSize::pt(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<FontSize, E> {
                self.visit_f64(v as f64)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<FontSize, E> {
                self.visit_f64(v as f64)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<FontSize, E> {
                FontSize::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_notations() {
        assert_eq!(FontSize::parse("9.5pt").unwrap().pt, 9.5);
        assert_eq!(FontSize::parse("小五号").unwrap().pt, 9.0);
        assert_eq!(FontSize::parse("小5号").unwrap().pt, 9.0);
        assert_eq!(FontSize::parse("5号").unwrap().pt, 10.5);
        assert_eq!(FontSize::parse("初号").unwrap().pt, 42.0);
        assert!((FontSize::parse("13Q").unwrap().pt - 9.2126).abs() < 1e-3);
        assert!((FontSize::parse("13级").unwrap().pt - 9.2126).abs() < 1e-3);
        assert!((FontSize::parse("3.5mm").unwrap().pt - 9.9213).abs() < 1e-3);
        assert!(FontSize::parse("九号").is_err());
        assert!(FontSize::parse("-3pt").is_err());
        assert!(FontSize::parse("NaN").is_err());
    }
}
