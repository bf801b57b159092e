//! Prints the composed lines of a layout file: `cargo run --example dump_lines FILE [PAGE]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = std::path::PathBuf::from(args.get(1).expect("usage: dump_lines FILE [PAGE]"));
    let fonts = huaban::fonts::FontSet::load_default();
    let (_ed, comp) =
        huaban::cli::load_and_compose(&path, &fonts).unwrap_or_else(|e| panic!("{e}"));
    let only: Option<usize> = args.get(2).and_then(|p| p.parse().ok());
    for (i, p) in comp.pages.iter().enumerate() {
        if only.is_some_and(|o| o != i + 1) {
            continue;
        }
        println!("== page {}", i + 1);
        for l in &p.lines {
            println!(
                "{:>8} {:?} x={:.1} y={:.1} w={:.1} nat={:.1} right={:.1} | {}",
                l.frame, l.role, l.x, l.baseline, l.width, l.natural, l.right, l.text
            );
        }
    }
    for pr in &comp.problems {
        println!("problem: {pr:?}");
    }
}
