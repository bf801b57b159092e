//! The editor's definition of done, through the window: from an empty edition, add a
//! page, draw text and image frames, import two stories, link a story across the pages
//! by its out-port, save, reopen and export — asserting the model and the PDFs.

use egui::{Key, Modifiers, Pos2};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use huaban::app::{Document, HuabanApp};
use huaban::fonts::FontSet;
use huaban::model::{FrameKind, TextContent};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fonts() -> FontSet {
    FontSet::load(&[FontSet::default_dir()], false)
}

fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.huaban")
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("huaban-flow-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn harness(app: HuabanApp) -> Harness<'static, HuabanApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 950.0))
        .with_context_setup(huaban::app::install_fonts)
        .build_ui_state(|ui, app: &mut HuabanApp| app.ui(ui), app);
    h.run();
    h
}

fn doc<'h>(h: &'h Harness<'static, HuabanApp>) -> &'h Document {
    h.state().doc.as_ref().unwrap()
}

/// Screen position of a page point given in mm.
fn at_mm(h: &Harness<'static, HuabanApp>, x: f64, y: f64) -> Pos2 {
    let k = 72.0 / 25.4;
    h.state()
        .page_to_screen(Pos2::new((x * k) as f32, (y * k) as f32))
}

/// Drags from one page point to another, both in mm.
fn drag(h: &mut Harness<'static, HuabanApp>, a: (f64, f64), b: (f64, f64)) {
    let (from, to) = (at_mm(h, a.0, a.1), at_mm(h, b.0, b.1));
    h.hover_at(from);
    h.drag_at(from);
    h.run();
    for i in 1..=4 {
        h.hover_at(from + (to - from) * (i as f32 / 4.0));
        h.run();
    }
    h.drop_at(to);
    h.run();
}

fn click_mm(h: &mut Harness<'static, HuabanApp>, x: f64, y: f64) {
    let p = at_mm(h, x, y);
    click(h, p);
}

fn click(h: &mut Harness<'static, HuabanApp>, p: Pos2) {
    h.hover_at(p);
    h.drag_at(p);
    h.drop_at(p);
    h.run();
}

/// A file dropped on the window (as the native backend reports it).
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut Harness<'static, HuabanApp>, p: &Path) {
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(p.to_path_buf())));
    h.run();
}

fn frame(d: &Document, id: &str) -> huaban::model::Frame {
    let (p, f) = d
        .edition
        .find_frame(id)
        .unwrap_or_else(|| panic!("no frame {id}"));
    d.edition.pages[p].frames[f].clone()
}

fn story_of(d: &Document, frame_id: &str) -> huaban::model::Story {
    let f = frame(d, frame_id);
    d.edition.story(f.story_id().unwrap()).unwrap().clone()
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).replace([' ', '\n'], "")
}

#[test]
fn empty_edition_to_exported_pdfs() {
    let dir = temp_dir("done");
    // A photo and a second story to import.
    let photo = dir.join("photo.png");
    image::RgbImage::from_fn(600, 400, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 120])
    })
    .save(&photo)
    .unwrap();
    let story2 = dir.join("市场新闻.txt");
    std::fs::write(
        &story2,
        "# 株洲菜市场迎来春季新菜\n\n本报讯 近日,株洲各大菜市场的春季时令蔬菜陆续上市,价格平稳,市民选购热情高涨。\n\n记者在芦淞区一家菜市场看到,香椿、春笋和蒿菜摆满摊位。",
    )
    .unwrap();
    let story1 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/taohuayuanji.txt");

    let mut h = harness(HuabanApp::new(Some(mini()), fonts()));
    // File → New (Ctrl+N), then the template dialog's “新建”.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("新建").click();
    h.run();
    assert!(doc(&h).untitled);
    assert_eq!(doc(&h).edition.pages.len(), 1);
    assert!(doc(&h).edition.stories.is_empty());
    assert_eq!(doc(&h).edition.pages[0].template, "broadsheet");

    // Pages panel: add a page; the view goes to it.
    h.get_by_label("加版").click();
    h.run();
    assert_eq!(doc(&h).edition.pages.len(), 2);
    assert_eq!(h.state().view.page, 1);
    h.get_by_label("第1版").click();
    h.run();
    assert_eq!(h.state().view.page, 0);

    // Text tool (T): draw a frame over the first two columns; it snaps to the column
    // edges and the top margin.
    h.key_press(Key::T);
    h.run();
    let t = doc(&h).edition.templates["broadsheet"].clone();
    let right = t.column_x(1) + t.column_w();
    drag(
        &mut h,
        (t.margin_left + 0.6, t.margin_top + 0.5),
        (right - 0.5, 120.0),
    );
    let t1 = frame(doc(&h), "t1");
    assert!(
        (t1.x - t.margin_left).abs() < 0.06,
        "snapped left edge {}",
        t1.x
    );
    assert!(
        (t1.y - t.margin_top).abs() < 0.06,
        "snapped top edge {}",
        t1.y
    );
    assert!(
        (t1.x + t1.w - right).abs() < 0.11,
        "snapped right edge {}",
        t1.x + t1.w
    );
    assert!(
        matches!(t1.kind, FrameKind::Text { columns: 2, .. }),
        "{:?}",
        t1.kind
    );
    assert_eq!(h.state().view.selected.as_deref(), Some("t1"));

    // The first story, dropped on the window while t1 is selected, flows into it.
    drop_file(&mut h, &story1);
    let s1 = story_of(doc(&h), "t1");
    assert_eq!(s1.headline, "桃花源记");
    assert!(s1.paragraphs.len() >= 3, "{:?}", s1.paragraphs);
    assert_eq!(s1.thread, vec!["t1".to_string()]);
    let fit = doc(&h).composition.stories[&s1.id].clone();
    assert!(
        fit.overset_chars > 0,
        "the story must not fit one small frame: {fit:?}"
    );

    // A second text frame below, and the second story into it.
    drag(
        &mut h,
        (t.column_x(2), t.margin_top),
        (t.column_x(4) + t.column_w(), 200.0),
    );
    assert_eq!(h.state().view.selected.as_deref(), Some("t2"));
    drop_file(&mut h, &story2);
    let s2 = story_of(doc(&h), "t2");
    assert_eq!(s2.headline, "株洲菜市场迎来春季新菜");
    assert!(
        s2.paragraphs[0].text.contains("近日，株洲"),
        "全半角: {}",
        s2.paragraphs[0].text
    );

    // The photo: dropped with a text frame selected it loads the place gun (image tool);
    // dragging out a frame places it.
    drop_file(&mut h, &photo);
    assert_eq!(h.state().view.tool, huaban::app::Tool::Image);
    drag(
        &mut h,
        (t.column_x(5), t.margin_top),
        (t.column_x(7) + t.column_w(), 150.0),
    );
    let img = frame(doc(&h), "img1");
    match &img.kind {
        FrameKind::Image { src, .. } => assert!(src.ends_with("photo.png"), "{src}"),
        k => panic!("{k:?}"),
    }
    // Properties show the effective resolution.
    assert!(h.query_by_label_contains("ppi").is_some());

    // Page 2: a text frame for the continuation.
    h.key_press(Key::Escape);
    h.get_by_label("第2版").click();
    h.run();
    h.key_press(Key::T);
    h.run();
    drag(
        &mut h,
        (t.column_x(0), t.margin_top),
        (t.column_x(3) + t.column_w(), 250.0),
    );
    let cont = h.state().view.selected.clone().unwrap();
    assert_eq!(doc(&h).edition.find_frame(&cont).unwrap().0, 1);

    // Link: back to page 1, select t1, click its out-port, go to page 2, click the frame.
    h.key_press(Key::V);
    h.get_by_label("第1版").click();
    h.run();
    click_mm(&mut h, t1.x + t1.w / 2.0, t1.y + t1.h / 2.0);
    assert_eq!(h.state().view.selected.as_deref(), Some("t1"));
    let port = h.state().out_port_on_screen("t1").unwrap();
    click(&mut h, port);
    assert_eq!(h.state().view.linking.as_deref(), Some("t1"));
    h.get_by_label("第2版").click();
    h.run();
    click_mm(&mut h, 40.0, 100.0);
    let s1 = story_of(doc(&h), "t1");
    assert_eq!(s1.thread, vec!["t1".to_string(), cont.clone()]);
    assert!(matches!(
        frame(doc(&h), &cont).kind,
        FrameKind::Text {
            content: TextContent::Body,
            ..
        }
    ));
    assert_eq!(
        doc(&h).composition.stories[&s1.id].overset_chars,
        0,
        "fits across two pages"
    );

    // Save (as: the new edition has no file yet), reopen, same model.
    let file = dir.join("edition.huaban");
    h.state_mut().save_as(&file);
    assert!(!doc(&h).dirty && !doc(&h).untitled);
    let saved = doc(&h).edition.clone();
    let mut h = harness(HuabanApp::new(Some(file.clone()), fonts()));
    assert_eq!(doc(&h).edition, saved);

    // Export (Ctrl+E): one PDF per page, on a background thread with progress.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    let out = dir.join("pdf");
    h.state_mut().export.as_mut().unwrap().dest = out.clone();
    h.get_by_label("导出").click();
    // The dialog repaints while the export thread runs: step, don't wait to settle.
    h.run_steps(2);
    let t0 = std::time::Instant::now();
    loop {
        let p = h.state().export.as_ref().unwrap().progress().unwrap();
        if p.finished {
            assert_eq!(p.error, None);
            assert_eq!(p.files.len(), 2);
            break;
        }
        assert!(t0.elapsed().as_secs() < 120, "export did not finish");
        std::thread::sleep(std::time::Duration::from_millis(100));
        h.step();
    }
    let date = &saved.meta.date;
    let p1 = pdftotext(&out.join(format!("{date}_01.pdf")));
    let p2 = pdftotext(&out.join(format!("{date}_02.pdf")));
    assert!(p1.contains("桃花源记") && p1.contains("晋太元中"), "{p1}");
    assert!(p1.contains("株洲菜市场迎来春季新菜"), "{p1}");
    assert!(p1.contains("下转第2版"), "jump line on page 1: {p1}");
    assert!(p2.contains("上接"), "jump line on page 2: {p2}");
    let last = saved
        .story(&s1.id)
        .unwrap()
        .paragraphs
        .last()
        .unwrap()
        .text
        .clone();
    let tail: String = last
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    assert!(
        p2.contains(&tail),
        "the story ends on page 2: {tail} in {p2}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn link_by_out_port_then_undo() {
    let mut h = harness(HuabanApp::new(Some(mini()), fonts()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("新建").click();
    h.run();
    h.key_press(Key::T);
    drag(&mut h, (20.0, 40.0), (100.0, 100.0));
    drag(&mut h, (20.0, 150.0), (100.0, 220.0));
    let (a, b) = ("t1".to_string(), "t2".to_string());
    let before = doc(&h).edition.clone();
    h.key_press(Key::V);
    click_mm(&mut h, 60.0, 70.0);
    assert_eq!(h.state().view.selected.as_deref(), Some("t1"));
    let port = h.state().out_port_on_screen(&a).unwrap();
    click(&mut h, port);
    click_mm(&mut h, 60.0, 190.0);
    assert_eq!(story_of(doc(&h), &b).thread, vec![a.clone(), b.clone()]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(doc(&h).edition, before, "one undo unlinks");

    // Escape cancels linking: the next click only selects.
    click_mm(&mut h, 60.0, 70.0);
    let port = h.state().out_port_on_screen(&a).unwrap();
    click(&mut h, port);
    h.key_press(Key::Escape);
    h.run();
    click_mm(&mut h, 60.0, 190.0);
    assert_eq!(doc(&h).edition, before);
    assert_eq!(h.state().view.selected.as_deref(), Some("t2"));

    // Deleting an empty text frame needs no question and is undoable.
    h.key_press(Key::Delete);
    h.run();
    assert!(doc(&h).edition.find_frame("t2").is_none());
    assert!(h.state().dialog.is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(doc(&h).edition, before);
}

#[test]
fn page_commands_undo_to_the_same_edition() {
    use huaban::app::Edit;
    let fonts = fonts();
    let mut d = Document::load(&mini(), &fonts).unwrap();
    let original = d.edition.clone();
    d.apply(Edit::DuplicatePage { at: 0 }, &fonts).unwrap();
    assert_eq!(d.edition.pages.len(), 3);
    // The copy's text frame shows a new empty story; the original thread is unchanged.
    let copy = &d.edition.pages[1];
    let t = copy.frames.iter().find(|f| f.story_id().is_some()).unwrap();
    assert_ne!(t.id, "f1");
    let s = d.edition.story(t.story_id().unwrap()).unwrap();
    assert!(s.paragraphs.is_empty() && s.thread == vec![t.id.clone()]);
    assert_eq!(d.edition.story("s1").unwrap().thread, vec!["f1", "f2"]);
    d.apply(Edit::MovePage { from: 2, to: 0 }, &fonts).unwrap();
    assert_eq!(d.edition.pages[0].id, "p2");
    // Deleting the page with f2 takes f2 out of the thread; the story keeps its text.
    d.apply(Edit::DeletePage { at: 0 }, &fonts).unwrap();
    assert_eq!(d.edition.story("s1").unwrap().thread, vec!["f1"]);
    let (templates, bad) = huaban::app::layout_templates();
    assert!(bad.is_empty(), "{bad:?}");
    let (name, tabloid) = templates.into_iter().find(|(n, _)| n == "tabloid").unwrap();
    d.apply(
        Edit::ApplyTemplate {
            at: 0,
            template: name.clone(),
            def: Some(tabloid),
        },
        &fonts,
    )
    .unwrap();
    assert_eq!(d.edition.pages[0].template, "tabloid");
    assert!(d.edition.templates.contains_key("tabloid"));
    // The last page cannot go.
    d.apply(Edit::DeletePage { at: 1 }, &fonts).unwrap();
    assert!(d.apply(Edit::DeletePage { at: 0 }, &fonts).is_err());
    while d.undo(&fonts).unwrap() {}
    assert_eq!(d.edition, original);
}
