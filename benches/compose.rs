//! Composition speed: one full broadsheet page of body text (about 6,000 characters in
//! 8 columns) from the model with nothing cached, and recomposing it after a one-character
//! edit with the cache the editor keeps between compositions.

use criterion::{criterion_group, criterion_main, Criterion};
use huaban::compose::{compose, compose_with_cache, ComposeCache};
use huaban::fonts::FontSet;
use std::path::Path;

fn page_text() -> (String, Vec<String>) {
    let text = include_str!("../tests/data/taohuayuanji.txt");
    let (h, paras) = huaban::typeset::split_text(text);
    let mut all = Vec::new();
    while all
        .iter()
        .map(|p: &String| p.chars().count())
        .sum::<usize>()
        < 6000
    {
        // Each copy numbered, so no two paragraphs are the same text (a cache of shaped
        // paragraphs must not make repeated text look cheap).
        let copy = all.len() / paras.len().max(1) + 1;
        all.extend(paras.iter().map(|p| format!("（{copy}）{p}")));
    }
    (h, all)
}

fn bench(c: &mut Criterion) {
    let fonts = FontSet::load(&[FontSet::default_dir()], false);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let t = huaban::model::Template::load(&root.join("layouts/broadsheet.json")).unwrap();
    let (h, paras) = page_text();
    let (ed, comp) = huaban::typeset::typeset(
        &h,
        &paras,
        "broadsheet",
        &t,
        huaban::model::FontRole::Song,
        &fonts,
    )
    .unwrap();
    let chars: usize = comp
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .map(|l| l.text.chars().count())
        .sum();
    eprintln!("{} pages, {} characters set", comp.pages.len(), chars);
    c.bench_function("compose broadsheet page (6000 chars)", |b| {
        b.iter(|| compose(&ed, &fonts, root).unwrap())
    });
    // The editor's case: the cache holds the page as last composed; one character of one
    // paragraph changes (alternating, so every iteration is a real edit) and the whole
    // edition is recomposed. Only the edited paragraph is shaped and broken again.
    let mut edited = ed.clone();
    let mut cache = ComposeCache::new();
    compose_with_cache(&edited, &fonts, root, &mut cache).unwrap();
    c.bench_function("recompose after a one-character edit", |b| {
        b.iter(|| {
            let p = &mut edited.stories[0].paragraphs[1].text;
            let at = p.find(['林', '森']).expect("paragraph 2 has 林");
            if p[at..].starts_with('林') {
                p.replace_range(at..at + '林'.len_utf8(), "森");
            } else {
                p.replace_range(at..at + '森'.len_utf8(), "林");
            }
            let comp = compose_with_cache(&edited, &fonts, root, &mut cache).unwrap();
            assert_eq!(cache.misses, 1);
            comp
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
