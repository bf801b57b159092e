//! Tests of the editor that need no display: the no-display exit path, the view
//! arithmetic, loading documents, and one headless frame of the whole window (kittest).

use egui::{pos2, vec2, Pos2, Rect, Vec2};
use huaban::app::{fit_zoom, wanted_region, Document, HuabanApp, Lang, Notice, View, ZOOM_100};
use huaban::fonts::FontSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.huaban")
}

fn fonts() -> FontSet {
    FontSet::load(&[FontSet::default_dir()], false)
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("huaban-app-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn without_display_exits_2_with_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_huaban"))
        .arg(mini())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no display found"), "stderr: {err}");
    assert!(err.contains("huaban export"), "stderr: {err}");
}

#[test]
fn fit_zoom_fits_the_limiting_side() {
    let page = vec2(1000.0, 1400.0);
    // Tall canvas: the width limits.
    let z = fit_zoom(page, vec2(532.0, 2000.0));
    assert!((z - 0.5).abs() < 1e-6, "{z}");
    // Wide canvas: the height limits.
    let z = fit_zoom(page, vec2(3000.0, 732.0));
    assert!((z - 0.5).abs() < 1e-6, "{z}");
    // The fitted page is inside the canvas and centred.
    let mut v = View::default();
    let canvas = vec2(900.0, 700.0);
    v.fit(page, canvas);
    assert!(!v.fit_pending);
    let r = v.rect_to_screen(Pos2::ZERO, Rect::from_min_size(Pos2::ZERO, page));
    assert!(r.min.x >= 0.0 && r.min.y >= 0.0 && r.max.x <= 900.0 && r.max.y <= 700.0);
    assert!((r.center() - pos2(450.0, 350.0)).length() < 1e-3);
    // Degenerate sizes do not give zero or infinite zoom.
    assert!(fit_zoom(vec2(0.0, 0.0), canvas).is_finite());
    assert!(fit_zoom(page, vec2(0.0, 0.0)) > 0.0);
}

#[test]
fn screen_page_mapping_round_trips() {
    let v = View {
        zoom: 2.5,
        pan: vec2(-130.0, 47.5),
        ..View::default()
    };
    let origin = pos2(210.0, 30.0);
    for pt in [pos2(0.0, 0.0), pos2(12.5, 700.0), pos2(991.0, 3.0)] {
        let s = v.page_to_screen(origin, pt);
        let back = v.screen_to_page(origin, s);
        assert!((back - pt).length() < 1e-3, "{pt:?} -> {s:?} -> {back:?}");
    }
    // The page origin sits at canvas origin + pan.
    assert_eq!(v.page_to_screen(origin, Pos2::ZERO), origin + v.pan);
    // 1 pt at 100 % is 96/72 logical px.
    let v = View {
        zoom: ZOOM_100,
        pan: Vec2::ZERO,
        ..View::default()
    };
    let d = v.page_to_screen(Pos2::ZERO, pos2(72.0, 0.0));
    assert!((d.x - 96.0).abs() < 1e-4);
    assert!((v.zoom_percent() - 100.0).abs() < 1e-3);
}

#[test]
fn zoom_keeps_the_point_under_the_cursor() {
    let mut v = View {
        zoom: 1.0,
        pan: vec2(20.0, 30.0),
        ..View::default()
    };
    let origin = pos2(100.0, 50.0);
    let cursor = pos2(400.0, 300.0);
    let before = v.screen_to_page(origin, cursor);
    v.zoom_to(3.0, origin, cursor);
    assert_eq!(v.zoom, 3.0);
    let after = v.screen_to_page(origin, cursor);
    assert!((after - before).length() < 1e-3);
    // Clamped.
    v.zoom_to(1e6, origin, cursor);
    assert!(v.zoom <= huaban::app::state::ZOOM_MAX);
}

#[test]
fn page_switching_stays_in_bounds() {
    let mut v = View {
        fit_pending: false,
        ..View::default()
    };
    assert!(!v.set_page(2, 2), "page 3 of 2");
    assert_eq!(v.page, 0);
    assert!(!v.prev_page(2));
    assert!(v.next_page(2));
    assert_eq!(v.page, 1);
    assert!(v.fit_pending, "a new page is fitted");
    assert!(!v.next_page(2));
    assert_eq!(v.page, 1);
    assert!(v.prev_page(2));
    assert_eq!(v.page, 0);
    assert!(!v.set_page(0, 2), "same page is no change");
    v.page = 5;
    v.reset_for(2);
    assert_eq!(v.page, 1);
    v.reset_for(0);
    assert_eq!(v.page, 0);
}

#[test]
fn region_rendering_above_the_limit() {
    let page = vec2(1000.0, 1400.0);
    let everything = Rect::from_min_max(pos2(-500.0, -500.0), pos2(2000.0, 2000.0));
    // Small enough: the whole page.
    let r = wanted_region(page, 2.0, everything, 4096.0).unwrap();
    assert_eq!(r, Rect::from_min_size(Pos2::ZERO, page));
    // Too big: the visible part, grown for panning, never more than 4096 px a side.
    let visible = Rect::from_min_size(pos2(300.0, 400.0), vec2(100.0, 80.0));
    let r = wanted_region(page, 10.0, visible, 4096.0).unwrap();
    assert!(r.contains_rect(visible), "{r:?}");
    assert!(r.width() * 10.0 <= 4096.0 + 1e-3 && r.height() * 10.0 <= 4096.0 + 1e-3);
    assert!(r.width() > visible.width());
    // Off the page: nothing to render.
    let off = Rect::from_min_size(pos2(5000.0, 5000.0), vec2(10.0, 10.0));
    assert!(wanted_region(page, 10.0, off, 4096.0).is_none());
}

#[test]
fn loads_a_document() {
    let doc = Document::load(&mini(), &fonts()).unwrap();
    assert_eq!(doc.page_count(), 2);
    assert!(!doc.dirty);
    assert_eq!(doc.file_name(), "mini.huaban");
    let size = doc.page_size(0).unwrap();
    // 350 × 500 mm.
    assert!(
        (size.x - 992.1).abs() < 0.5 && (size.y - 1417.3).abs() < 0.5,
        "{size:?}"
    );
    // A point inside frame f1 finds it and its story's slug.
    let (_, r) = doc.composition.pages[0]
        .frames
        .iter()
        .find(|(id, _)| id == "f1")
        .unwrap()
        .clone();
    let inside = pos2((r.x + r.w / 2.0) as f32, (r.y + r.h / 2.0) as f32);
    let (id, slug) = doc.frame_at(0, inside).unwrap();
    assert_eq!(id, "f1");
    assert_eq!(slug, "网格党支部");
    assert!(doc.frame_at(0, pos2(1.0, 1.0)).is_none());
}

#[test]
fn corrupt_file_is_a_message_not_a_panic() {
    let dir = temp_dir("corrupt");
    let text = std::fs::read_to_string(mini()).unwrap();
    let bad = dir.join("broken.huaban");
    std::fs::write(&bad, &text[..text.len() / 2]).unwrap();
    let err = match Document::load(&bad, &fonts()) {
        Ok(_) => panic!("a truncated file loaded"),
        Err(e) => e,
    };
    assert!(err.contains("broken.huaban"), "{err}");

    // In the app the error becomes a notice and no document is open.
    let app = HuabanApp::new(Some(bad.clone()), fonts());
    assert!(app.doc.is_none());
    let notice = app.notice.clone().expect("a notice");
    assert!(matches!(notice, Notice::OpenFailed(_)));
    assert!(notice.text(Lang::Zh.strings()).starts_with("无法打开"));
    assert!(notice.text(Lang::En.strings()).starts_with("Cannot open"));

    // A missing file, too.
    let app = HuabanApp::new(Some(dir.join("nope.huaban")), fonts());
    assert!(app.doc.is_none() && app.notice.is_some());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn save_as_writes_a_loadable_file() {
    let dir = temp_dir("save");
    let mut app = HuabanApp::new(Some(mini()), fonts());
    assert!(app.notice.is_none(), "{:?}", app.notice);
    app.save_as(&dir.join("copy")); // gets the extension
    let saved = dir.join("copy.huaban");
    assert!(saved.exists());
    let doc = app.doc.as_ref().unwrap();
    assert_eq!(doc.path, saved);
    assert!(!doc.dirty);
    let again = Document::load(&saved, &fonts()).unwrap();
    assert_eq!(again.edition, doc.edition);

    // Saving into a folder that does not exist is a notice.
    app.save_as(&dir.join("no/such/dir/x.huaban"));
    assert!(matches!(app.notice, Some(Notice::SaveFailed(_))));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn window_runs_headless() {
    use egui_kittest::kittest::Queryable;
    let app = HuabanApp::new(Some(mini()), fonts());
    let mut harness = egui_kittest::Harness::builder()
        .with_size(vec2(1200.0, 800.0))
        .with_context_setup(huaban::app::install_fonts)
        .build_ui_state(
            |ui, app: &mut HuabanApp| {
                app.ui(ui);
            },
            app,
        );
    harness.run();
    assert!(harness.state().render_count() >= 1, "the page was rendered");
    assert!(!harness.state().view.fit_pending, "the page was fitted");
    harness.get_by_label("第1版 要闻");
    harness.get_by_label("第2版 综合").click();
    harness.run();
    assert_eq!(harness.state().view.page, 1);
    harness.get_by_label("第 2/2 版");

    // Ctrl+1: actual size; Ctrl+0: fit again.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num1);
    harness.run();
    assert!((harness.state().view.zoom - ZOOM_100).abs() < 1e-4);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num0);
    harness.run();
    assert!(harness.state().view.zoom < ZOOM_100);

    // English UI.
    harness.state_mut().lang = Lang::En;
    harness.run();
    harness.get_by_label("page 2/2");
    harness.get_by_label("Page 1 要闻");
}

#[test]
fn window_without_document_shows_the_error() {
    use egui_kittest::kittest::Queryable;
    let dir = temp_dir("nodoc");
    let bad = dir.join("bad.huaban");
    std::fs::write(&bad, "{\"format\": 1, \"meta\": ").unwrap();
    let app = HuabanApp::new(Some(bad), fonts());
    let mut harness = egui_kittest::Harness::builder()
        .with_size(vec2(1000.0, 700.0))
        .with_context_setup(huaban::app::install_fonts)
        .build_ui_state(|ui, app: &mut HuabanApp| app.ui(ui), app);
    harness.run();
    assert_eq!(harness.state().render_count(), 0);
    // In the canvas and in the status bar.
    assert_eq!(harness.get_all_by_label("没有打开的文件").count(), 2);
    let notice = harness
        .get_all_by(|n| {
            n.role() == egui::accesskit::Role::Label
                && n.value().is_some_and(|l| l.starts_with("无法打开"))
        })
        .count();
    assert_eq!(notice, 1, "the load error is shown");
    harness.get_by_label("关闭").click();
    harness.run();
    assert!(harness.state().notice.is_none());
    let _ = std::fs::remove_dir_all(&dir);
}
