//! Recomposing the whole sample edition (4 broadsheet pages, 12 stories, 11 photos) after
//! one edit on page 1: what the editor does on every keystroke.

use criterion::{criterion_group, criterion_main, Criterion};
use huaban::compose::compose;
use huaban::fonts::FontSet;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let fonts = FontSet::load(&[FontSet::default_dir()], false);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = root.join("sample_edition/zhuzhou-2024-03-12.huaban");
    let ed = huaban::model::load(&file).unwrap();
    let base = file.parent().unwrap();
    let comp = compose(&ed, &fonts, base).unwrap();
    let lines: usize = comp.pages.iter().map(|p| p.lines.len()).sum();
    eprintln!("{} pages, {lines} lines", comp.pages.len());
    // The lead story starts on page 1 and continues on page 4: an edit there reflows both.
    let (pi, fi) = ed
        .find_frame("p1-champ")
        .expect("the lead story's frame on page 1");
    assert_eq!(pi, 0);
    let story = ed.pages[pi].frames[fi].story_id().unwrap().to_string();
    let si = ed.stories.iter().position(|s| s.id == story).unwrap();
    let pj = ed.stories[si]
        .paragraphs
        .iter()
        .position(|p| p.text.chars().count() > 40)
        .unwrap();
    let mut edited = ed.clone();
    c.bench_function("recompose sample edition after an edit on page 1", |b| {
        b.iter(|| {
            // Type a character, then delete it: the text alternates, each time recomposed.
            let t = &mut edited.stories[si].paragraphs[pj].text;
            if t.ends_with('好') {
                t.pop();
            } else {
                t.push('好');
            }
            compose(&edited, &fonts, base).unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
