//! Migrations of older `.huaban` formats to the current one.
//!
//! A layout file records the format it was written in (`"format"`). Loading a file of an
//! older format runs the steps from its version up to [`super::FORMAT_VERSION`] on the
//! JSON tree, one function per version step, before the file is read into the model; the
//! next save writes the current format. Steps never drop a value: what they cannot map
//! they leave in place, so the reader reports it with its name.
//!
//! Policy (docs/reliability.md): every released format keeps a frozen sample under
//! `tests/data/formats/v<N>/` and a test that it loads; a file newer than this program
//! is refused with both versions named, never guessed at.
//!
//! Format history:
//! - 1: the first format.
//! - 2: a rule's line weight is `stroke_pt`, as a box's already was (format 1 said
//!   `weight_pt` for rules and `stroke_pt` for boxes: one property, two names); colours are
//!   labelled objects `{"c": 0, "m": 0, "y": 0, "k": 100}` instead of bare `[0, 0, 0, 100]`
//!   arrays, which a reader could not tell from RGBA.

use serde_json::{Map, Value};

/// One migration step: the tree of format N in, format N + 1 out.
type Step = fn(&mut Value) -> Result<(), String>;

/// `STEPS[i]` migrates format `i + 1` to `i + 2`.
const STEPS: [Step; 1] = [v1_to_v2];

/// Migrates `value`, a layout file of format `from`, to [`super::FORMAT_VERSION`] and sets
/// its `"format"`. Errors say which part of the file a step could not read.
pub fn migrate(value: &mut Value, from: u32) -> Result<(), String> {
    debug_assert_eq!(STEPS.len() as u32 + 1, super::FORMAT_VERSION);
    if from == 0 || from > super::FORMAT_VERSION {
        return Err(format!(
            "format version {from} cannot be migrated (this Huaban reads formats 1 to {})",
            super::FORMAT_VERSION
        ));
    }
    for (i, step) in STEPS.iter().enumerate().skip(from as usize - 1) {
        step(value).map_err(|e| format!("migrating format {} to {}: {e}", i + 1, i + 2))?;
        value["format"] = Value::from(i as u64 + 2);
    }
    Ok(())
}

/// Format 1 → 2: rules' `weight_pt` becomes `stroke_pt`; colour arrays become objects.
fn v1_to_v2(root: &mut Value) -> Result<(), String> {
    let Some(pages) = root.get_mut("pages").and_then(Value::as_array_mut) else {
        return Ok(()); // the reader reports a missing or mistyped "pages"
    };
    for (pi, page) in pages.iter_mut().enumerate() {
        let Some(frames) = page.get_mut("frames").and_then(Value::as_array_mut) else {
            continue;
        };
        for frame in frames {
            let id = frame
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            let Some(kind) = frame.get_mut("kind").and_then(Value::as_object_mut) else {
                continue;
            };
            let place = || format!("page {} frame “{id}”", pi + 1);
            if kind.get("type").and_then(Value::as_str) == Some("rule") {
                if let Some(w) = kind.remove("weight_pt") {
                    if kind.contains_key("stroke_pt") {
                        return Err(format!(
                            "{}: a format 1 rule has both \"weight_pt\" and \"stroke_pt\"",
                            place()
                        ));
                    }
                    kind.insert("stroke_pt".into(), w);
                }
            }
            for key in ["color", "fill"] {
                if let Some(c) = kind.get_mut(key) {
                    *c = colour_v2(c).map_err(|e| format!("{}: \"{key}\": {e}", place()))?;
                }
            }
        }
    }
    Ok(())
}

/// `[c, m, y, k]` → `{"c": c, "m": m, "y": y, "k": k}`; `null` (no fill) stays.
fn colour_v2(c: &Value) -> Result<Value, String> {
    match c {
        Value::Null => Ok(Value::Null),
        Value::Array(a) if a.len() == 4 && a.iter().all(Value::is_number) => {
            let mut m = Map::new();
            for (ink, v) in ["c", "m", "y", "k"].into_iter().zip(a) {
                m.insert(ink.into(), v.clone());
            }
            Ok(Value::Object(m))
        }
        other => Err(format!(
            "a colour in format 1 is four numbers [c, m, y, k] (0–100), found {other}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn v1_rule_and_colours_become_v2() {
        let mut v = json!({"format": 1, "pages": [{"frames": [
            {"id": "r", "kind": {"type": "rule", "weight_pt": 2.0, "color": [0, 0, 0, 100]}},
            {"id": "b", "kind": {"type": "box", "stroke_pt": 1.0, "color": [0, 0, 0, 100],
                                 "fill": [10, 20, 30, 40.5]}},
            {"id": "t", "kind": {"type": "text", "story": "s"}}
        ]}]});
        migrate(&mut v, 1).unwrap();
        assert_eq!(v["format"], 2);
        let f = &v["pages"][0]["frames"];
        assert_eq!(
            f[0]["kind"],
            json!({"type": "rule", "stroke_pt": 2.0, "color": {"c": 0, "m": 0, "y": 0, "k": 100}})
        );
        assert_eq!(
            f[1]["kind"]["fill"],
            json!({"c": 10, "m": 20, "y": 30, "k": 40.5})
        );
        assert_eq!(f[1]["kind"]["stroke_pt"], 1.0);
        assert_eq!(f[2]["kind"], json!({"type": "text", "story": "s"}));
    }

    #[test]
    fn bad_v1_colour_names_page_and_frame() {
        let mut v = json!({"format": 1, "pages": [{"frames": [
            {"id": "r", "kind": {"type": "rule", "color": [0, 0, 100]}}]}]});
        let e = migrate(&mut v, 1).unwrap_err();
        assert!(
            e.contains("format 1 to 2") && e.contains("page 1 frame “r”") && e.contains("color"),
            "{e}"
        );
    }

    #[test]
    fn current_format_is_left_alone() {
        let mut v = json!({"format": 2, "pages": [{"frames": [
            {"id": "r", "kind": {"type": "rule", "weight_pt": 2.0}}]}]});
        let before = v.clone();
        migrate(&mut v, 2).unwrap();
        assert_eq!(v, before);
        assert!(migrate(&mut v, 3).is_err());
    }
}
