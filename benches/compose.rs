//! Composition speed: one full broadsheet page of body text (about 6,000 characters in
//! 8 columns) from the model, and the same after a one-character edit.

use criterion::{criterion_group, criterion_main, Criterion};
use huaban::compose::compose;
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
        all.extend(paras.iter().cloned());
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
    let mut edited = ed.clone();
    c.bench_function("recompose after a one-character edit", |b| {
        b.iter(|| {
            let p = &mut edited.stories[0].paragraphs[3].text;
            if p.starts_with('林') {
                p.replace_range(0..'林'.len_utf8(), "森");
            } else {
                p.replace_range(0..'森'.len_utf8(), "林");
            }
            compose(&edited, &fonts, root).unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
