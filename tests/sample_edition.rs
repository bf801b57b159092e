//! The sample edition end to end: composed completely (no story overset, every story's text
//! placed in order across its thread), exported one PDF per page, and read back with poppler
//! (`pdftotext -raw`, `pdffonts`), qpdf and lopdf — readers this project did not write.

use huaban::fonts::FontSet;
use huaban::model::{Role, TextContent};
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_edition/zhuzhou-2024-03-12.huaban")
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

#[test]
fn every_story_is_placed_whole_and_in_order() {
    let fonts = FontSet::load_default();
    let (ed, comp) = huaban::cli::load_and_compose(&sample(), &fonts).unwrap();
    assert!(ed.pages.len() >= 4);
    for s in &ed.stories {
        if s.thread.is_empty() {
            continue;
        }
        let fit = &comp.stories[&s.id];
        assert_eq!(fit.overset_chars, 0, "story {} is overset", s.slug);
        // No story leaves a hole in the page: at most three empty lines (差 N 行).
        assert!(
            fit.short_lines <= 3,
            "story {} leaves {} lines empty",
            s.slug,
            fit.short_lines
        );
        let mut set = String::new();
        for fid in &s.thread {
            for p in &comp.pages {
                for l in p.lines.iter().filter(|l| {
                    &l.frame == fid
                        && !matches!(
                            l.role,
                            Role::Jump
                                | Role::JumpHeadline
                                | Role::Kicker
                                | Role::Headline
                                | Role::Subheadline
                        )
                }) {
                    set.push_str(&l.text);
                }
            }
        }
        let want: String = s
            .body_paragraphs()
            .iter()
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(
            squash(&set),
            squash(&want),
            "story {}: text set ≠ text written",
            s.slug
        );
    }
    // Headline frames carry their story's headline.
    for p in &ed.pages {
        for f in &p.frames {
            if let huaban::model::FrameKind::Text {
                story,
                content: TextContent::Headline | TextContent::Story,
                ..
            } = &f.kind
            {
                let s = ed.story(story).unwrap();
                let lines: String = comp
                    .pages
                    .iter()
                    .flat_map(|cp| cp.lines.iter())
                    .filter(|l| l.frame == f.id)
                    .map(|l| l.text.as_str())
                    .collect();
                assert!(
                    squash(&lines).contains(&squash(&s.headline)),
                    "frame {} lacks headline {}",
                    f.id,
                    s.headline
                );
            }
        }
    }
}

#[test]
fn exported_pages_read_back_with_poppler_qpdf_and_lopdf() {
    let dir = std::env::temp_dir().join(format!("huaban-sample-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_huaban"))
        .arg("export")
        .arg(sample())
        .arg("--out")
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fonts = FontSet::load_default();
    let (ed, comp) = huaban::cli::load_and_compose(&sample(), &fonts).unwrap();
    for (i, page) in comp.pages.iter().enumerate() {
        let pdf = dir.join(format!("2024-03-12_{:02}.pdf", i + 1));
        assert!(pdf.exists(), "{} missing", pdf.display());
        // Page size = the template's trim.
        let doc = lopdf::Document::load(&pdf).unwrap();
        let t = &ed.templates[&ed.pages[i].template];
        let (_, pid) = doc.get_pages().into_iter().next().unwrap();
        let mb = doc
            .get_dictionary(pid)
            .unwrap()
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                o.as_float()
                    .map(f64::from)
                    .or_else(|_| o.as_i64().map(|v| v as f64))
                    .unwrap()
            })
            .collect::<Vec<f64>>();
        assert!(
            (mb[2] - mb[0] - huaban::units::mm_to_pt(t.trim_w)).abs() < 0.5
                && (mb[3] - mb[1] - huaban::units::mm_to_pt(t.trim_h)).abs() < 0.5,
            "MediaBox {mb:?}"
        );
        if !tool("pdftotext") {
            eprintln!("pdftotext missing: skipping text read-back (install poppler-utils)");
            continue;
        }
        let txt = Command::new("pdftotext")
            .arg("-raw")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let txt = squash(&String::from_utf8_lossy(&txt.stdout));
        // Each frame's lines come back in order.
        let mut frames: Vec<&str> = page.lines.iter().map(|l| l.frame.as_str()).collect();
        frames.dedup();
        for f in frames {
            let want: String = page
                .lines
                .iter()
                .filter(|l| l.frame == f)
                .map(|l| squash(&l.text))
                .collect();
            assert!(
                txt.contains(&want),
                "page {} frame {f}: text not read back in order:\n{want}",
                i + 1
            );
        }
        let fonts_out =
            String::from_utf8_lossy(&Command::new("pdffonts").arg(&pdf).output().unwrap().stdout)
                .to_string();
        for line in fonts_out.lines().skip(2) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            assert!(cols.len() >= 5, "{line}");
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "font not embedded: {line}");
            assert!(
                cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+',
                "font not subset: {line}"
            );
        }
        if tool("qpdf") {
            let q = Command::new("qpdf")
                .arg("--check")
                .arg(&pdf)
                .output()
                .unwrap();
            assert!(
                q.status.success(),
                "qpdf: {}",
                String::from_utf8_lossy(&q.stdout)
            );
        }
    }
    // Continued stories carry their jump lines.
    let all: String = (1..=comp.pages.len())
        .map(|n| {
            squash(&String::from_utf8_lossy(
                &Command::new("pdftotext")
                    .arg(dir.join(format!("2024-03-12_{n:02}.pdf")))
                    .arg("-")
                    .output()
                    .unwrap()
                    .stdout,
            ))
        })
        .collect();
    assert!(all.contains("上接01版"), "no ◀◀上接01版 continuation");
    assert!(all.contains("下转第"), "no 下转 jump line");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_text_runs_under_a_photo() {
    let fonts = FontSet::load_default();
    let (ed, comp) = huaban::cli::load_and_compose(&sample(), &fonts).unwrap();
    let pt = |mm: f64| mm * 72.0 / 25.4;
    let mut photos = 0;
    for (page, cp) in ed.pages.iter().zip(&comp.pages) {
        for f in &page.frames {
            if !matches!(f.kind, huaban::model::FrameKind::Image { .. }) {
                continue;
            }
            photos += 1;
            let (x0, y0, x1, y1) = (pt(f.x), pt(f.y), pt(f.x + f.w), pt(f.y + f.h));
            for l in cp
                .lines
                .iter()
                .filter(|l| l.frame != f.id && l.cell.is_some())
            {
                // The line's glyph box: from its left edge to its last glyph, one em high.
                let (top, bottom) = (l.baseline - 9.0, l.baseline + 2.0);
                let overlaps = l.x < x1 - 0.5 && l.right > x0 + 0.5 && top < y1 && bottom > y0;
                assert!(
                    !overlaps,
                    "page {}: line “{}” of {} runs under photo {}",
                    page.id, l.text, l.frame, f.id
                );
            }
        }
    }
    assert!(photos >= 8, "{photos}");
}
