//! Rasteriser speed: mini page 1 and the sample edition's front page at 150 dpi (warm
//! caches, as the editor and a multi-page export see them) and mini cold (fresh caches:
//! JPEG decode and glyph outlines included).

use criterion::{criterion_group, criterion_main, Criterion};
use huaban::display::{DisplayPage, Item};
use huaban::fonts::FontSet;
use huaban::raster::{render, ImageCache};
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let fonts = FontSet::load_default();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mini = root.join("tests/data/mini.huaban");
    let (_ed, comp) = huaban::cli::load_and_compose(&mini, &fonts).expect("mini composes");
    let page = comp.display_page(0).expect("page 1");
    let dpi150 = 150.0 / 72.0;
    let cache = ImageCache::default();
    c.bench_function("mini p1 150dpi warm", |b| {
        b.iter(|| black_box(render(&page, &fonts, dpi150, &cache)))
    });
    c.bench_function("mini p1 72dpi warm", |b| {
        b.iter(|| black_box(render(&page, &fonts, 1.0, &cache)))
    });
    c.bench_function("mini p1 150dpi cold", |b| {
        b.iter(|| black_box(render(&page, &fonts, dpi150, &ImageCache::default())))
    });
    // A broadsheet's worth of text: page 1's text repeated over the page.
    let dense = dense_page(&page);
    eprintln!("dense page: {} glyphs", glyph_count(&dense));
    c.bench_function("dense page 150dpi warm", |b| {
        b.iter(|| black_box(render(&dense, &fonts, dpi150, &cache)))
    });
    let sample = huaban::cli::sample_edition_path();
    if let Ok((_ed, comp)) = huaban::cli::load_and_compose(&sample, &fonts) {
        let page = comp.display_page(0).expect("page 1");
        eprintln!("sample p1: {} glyphs", glyph_count(&page));
        c.bench_function("sample p1 150dpi warm", |b| {
            b.iter(|| black_box(render(&page, &fonts, dpi150, &cache)))
        });
    }
}

fn glyph_count(page: &DisplayPage) -> usize {
    page.items
        .iter()
        .map(|i| match i {
            Item::Text(r) => r.glyphs.len(),
            _ => 0,
        })
        .sum()
}

fn dense_page(page: &DisplayPage) -> DisplayPage {
    let mut out = DisplayPage {
        width: page.width,
        height: page.height,
        items: page.items.clone(),
    };
    let (dx, dy) = (330.0, 240.0);
    for i in 0..3 {
        for j in 0..6 {
            if i == 0 && j == 0 {
                continue;
            }
            for it in &page.items {
                if let Item::Text(r) = it {
                    let mut r = r.clone();
                    for g in &mut r.glyphs {
                        g.x += i as f64 * dx;
                        g.y += j as f64 * dy;
                    }
                    out.items.push(Item::Text(r));
                }
            }
        }
    }
    out
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
