//! PDF export speed and size (issue #7): the sample edition's pages written as PDF/X-4
//! (newsprint profile) one page per file and all pages in one file, from composed pages
//! (fonts loaded once, as in `huaban export`). File sizes are printed to stderr, with the
//! share that is photo bytes passed through.

use criterion::{criterion_group, criterion_main, Criterion};
use huaban::display::{DisplayPage, Item};
use huaban::fonts::FontSet;
use huaban::pdf::{write_pdf_with, PdfMeta};
use huaban::print::PrintProfile;
use std::hint::black_box;

fn image_bytes(page: &DisplayPage) -> u64 {
    let mut seen = Vec::new();
    page.items
        .iter()
        .filter_map(|i| match i {
            Item::Image(img) if !seen.contains(&img.path) => {
                seen.push(img.path.clone());
                std::fs::metadata(&img.path).ok().map(|m| m.len())
            }
            _ => None,
        })
        .sum()
}

fn bench(c: &mut Criterion) {
    let fonts = FontSet::load_default();
    let sample = huaban::cli::sample_edition_path();
    let (ed, comp) = huaban::cli::load_and_compose(&sample, &fonts).expect("sample composes");
    let pages: Vec<DisplayPage> = (0..comp.pages.len())
        .filter_map(|i| comp.display_page(i))
        .collect();
    let meta = PdfMeta::from_edition(&ed);
    for name in ["newsprint", "screen"] {
        let opts = PrintProfile::load(name).unwrap().pdf_options().unwrap();
        for (i, p) in pages.iter().enumerate() {
            let bytes = write_pdf_with(std::slice::from_ref(p), &fonts, &meta, &opts).unwrap();
            let img = image_bytes(p);
            eprintln!(
                "{name} page {}: {} KB ({} KB photos, {} KB the rest)",
                i + 1,
                bytes.len() / 1024,
                img / 1024,
                (bytes.len() as u64).saturating_sub(img) / 1024
            );
        }
        let all = write_pdf_with(&pages, &fonts, &meta, &opts).unwrap();
        eprintln!("{name} all {} pages: {} KB", pages.len(), all.len() / 1024);
    }
    let opts = PrintProfile::load("newsprint")
        .unwrap()
        .pdf_options()
        .unwrap();
    for i in [0, 1] {
        let p = &pages[i];
        c.bench_function(&format!("export sample p{} newsprint", i + 1), |b| {
            b.iter(|| {
                black_box(write_pdf_with(std::slice::from_ref(p), &fonts, &meta, &opts).unwrap())
            })
        });
    }
    c.bench_function("export sample all pages newsprint", |b| {
        b.iter(|| black_box(write_pdf_with(&pages, &fonts, &meta, &opts).unwrap()))
    });
    let screen = PrintProfile::load("screen").unwrap().pdf_options().unwrap();
    c.bench_function("export sample p1 screen", |b| {
        b.iter(|| black_box(write_pdf_with(&pages[..1], &fonts, &meta, &screen).unwrap()))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
