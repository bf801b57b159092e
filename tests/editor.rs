//! Editing: commands with undo/redo, selection and moving in the window, the story
//! panel, autosave and recovery.

use egui::{vec2, Key, Modifiers, Pos2};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use huaban::app::dialogs::{Answer, Dialog};
use huaban::app::{autosave, Document, Edit, HuabanApp};
use huaban::fonts::FontSet;
use huaban::model::Role;
use std::path::{Path, PathBuf};

fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini.huaban")
}

fn fonts() -> FontSet {
    FontSet::load(&[FontSet::default_dir()], false)
}

/// A private copy of mini.huaban (and nothing else) in a fresh folder.
fn copy_of_mini(name: &str) -> (PathBuf, PathBuf) {
    let d = std::env::temp_dir().join(format!("huaban-editor-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let f = d.join("mini.huaban");
    std::fs::copy(mini(), &f).unwrap();
    (d, f)
}

fn frame_xy(doc: &Document, id: &str) -> (f64, f64) {
    let (p, f) = doc.edition.find_frame(id).unwrap();
    let fr = &doc.edition.pages[p].frames[f];
    (fr.x, fr.y)
}

fn harness(app: HuabanApp) -> Harness<'static, HuabanApp> {
    let mut h = Harness::builder()
        .with_size(vec2(1400.0, 900.0))
        .with_context_setup(huaban::app::install_fonts)
        .build_ui_state(|ui, app: &mut HuabanApp| app.ui(ui), app);
    h.run();
    h
}

#[test]
fn move_undo_redo_and_refusal() {
    let fonts = fonts();
    let mut doc = Document::load(&mini(), &fonts).unwrap();
    let original = doc.edition.clone();
    let rev = doc.revision;
    let move_f1 = Edit::MoveFrame {
        frame: "f1".into(),
        dx: 1.0,
        dy: -2.5,
    };
    doc.apply(move_f1, &fonts).unwrap();
    assert!(doc.dirty && doc.revision > rev);
    assert_eq!(frame_xy(&doc, "f1"), (17.0, 27.5));
    assert!(doc.undo(&fonts).unwrap());
    assert_eq!(doc.edition, original);
    assert!(doc.redo(&fonts).unwrap());
    assert_eq!(frame_xy(&doc, "f1"), (17.0, 27.5));
    assert!(!doc.redo(&fonts).unwrap(), "nothing left to redo");

    // An edit that makes the edition invalid is refused and changes nothing.
    let before = doc.edition.clone();
    let rev = doc.revision;
    let err = doc
        .apply(
            Edit::SetFrameColumns {
                frame: "f1".into(),
                columns: 0,
            },
            &fonts,
        )
        .unwrap_err();
    assert!(err.contains("columns"), "{err}");
    assert_eq!(doc.edition, before);
    assert_eq!(doc.revision, rev);
    let err = doc
        .apply(
            Edit::ResizeFrame {
                frame: "f1".into(),
                x: 0.0,
                y: 0.0,
                w: -5.0,
                h: 10.0,
            },
            &fonts,
        )
        .unwrap_err();
    assert!(err.contains("negative"), "{err}");
    assert!(doc
        .apply(
            Edit::MoveFrame {
                frame: "nope".into(),
                dx: 1.0,
                dy: 1.0
            },
            &fonts
        )
        .is_err());
    // Undo all the way back.
    while doc.undo(&fonts).unwrap() {}
    assert_eq!(doc.edition, original);
}

#[test]
fn unlink_and_link_round_trip() {
    let fonts = fonts();
    let mut doc = Document::load(&mini(), &fonts).unwrap();
    let original = doc.edition.clone();
    doc.apply(Edit::UnlinkFrame { frame: "f2".into() }, &fonts)
        .unwrap();
    let s1 = doc.edition.story("s1").unwrap();
    assert_eq!(s1.thread, ["f1"]);
    let (p, f) = doc.edition.find_frame("f2").unwrap();
    let new_story = doc.edition.pages[p].frames[f]
        .story_id()
        .unwrap()
        .to_string();
    assert_ne!(new_story, "s1");
    assert_eq!(doc.edition.story(&new_story).unwrap().thread, ["f2"]);

    // Link it back: the empty story it showed goes away, the edition is as before.
    doc.apply(
        Edit::LinkFrames {
            story: "s1".into(),
            frame: "f2".into(),
        },
        &fonts,
    )
    .unwrap();
    assert_eq!(doc.edition.story("s1").unwrap().thread, ["f1", "f2"]);
    assert!(doc.edition.story(&new_story).is_none());
    assert_eq!(doc.edition, original);
    // Linking twice is refused.
    assert!(doc
        .apply(
            Edit::LinkFrames {
                story: "s1".into(),
                frame: "f2".into()
            },
            &fonts
        )
        .is_err());
    // Undo both: back through the unlinked state to the original.
    doc.undo(&fonts).unwrap();
    assert_eq!(doc.edition.story("s1").unwrap().thread, ["f1"]);
    doc.undo(&fonts).unwrap();
    assert_eq!(doc.edition, original);
    doc.redo(&fonts).unwrap();
    doc.redo(&fonts).unwrap();
    assert_eq!(doc.edition, original);
}

#[test]
fn editing_text_recomposes_and_saves() {
    let fonts = fonts();
    let (dir, file) = copy_of_mini("text");
    let mut doc = Document::load(&file, &fonts).unwrap();
    let lines = |doc: &Document| {
        doc.composition
            .pages
            .iter()
            .flat_map(|p| &p.lines)
            .filter(|l| l.role == Role::Body)
            .count()
    };
    let before = lines(&doc);
    doc.apply(
        Edit::EditParagraph {
            story: "s1".into(),
            index: 0,
            text: "短。".into(),
        },
        &fonts,
    )
    .unwrap();
    assert!(lines(&doc) < before, "{} !< {before}", lines(&doc));
    let fit = &doc.composition.stories["s1"];
    assert_eq!(fit.overset_chars, 0, "{fit:?}");
    assert!(fit.short_lines > 0, "{fit:?}");
    let s = huaban::app::Lang::Zh.strings();
    assert_eq!(
        huaban::app::story_panel::fit_text(s, fit),
        format!("差 {} 行", fit.short_lines)
    );

    // Save and load again: the same edition.
    doc.save().unwrap();
    assert!(!doc.dirty);
    let again = Document::load(&file, &fonts).unwrap();
    assert_eq!(again.edition, doc.edition);
    assert_eq!(
        again.edition.story("s1").unwrap().paragraphs[0].text,
        "短。"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn frame_centre(h: &Harness<'static, HuabanApp>, id: &str) -> Pos2 {
    let r = h.state().doc.as_ref().unwrap().composition.pages[0]
        .frames
        .iter()
        .find(|(f, _)| f == id)
        .unwrap()
        .1;
    let centre = Pos2::new((r.x + r.w / 2.0) as f32, (r.y + r.h / 2.0) as f32);
    h.state().page_to_screen(centre)
}

fn doc<'h>(h: &'h Harness<'static, HuabanApp>) -> &'h Document {
    h.state().doc.as_ref().unwrap()
}

#[test]
fn click_select_keyboard_nudge_undo_redo() {
    let (dir, file) = copy_of_mini("keys");
    let mut h = harness(HuabanApp::new(Some(file), fonts()));
    let pos = frame_centre(&h, "f1");
    h.hover_at(pos);
    h.drag_at(pos);
    h.drop_at(pos);
    h.run();
    assert_eq!(h.state().view.selected.as_deref(), Some("f1"));
    // The story panel is open with the paragraphs' roles and the copyfit.
    assert!(h.get_all_by_label("正文").count() >= 1);
    h.get_by_label("应用");

    let (x, y) = frame_xy(doc(&h), "f1");
    h.key_press(Key::ArrowRight);
    h.run();
    assert_eq!(frame_xy(doc(&h), "f1"), (x + 1.0, y));
    assert!(doc(&h).dirty);
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    h.run();
    assert_eq!(frame_xy(doc(&h), "f1"), (x + 1.0, y + 10.0));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(frame_xy(doc(&h), "f1"), (x + 1.0, y));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(frame_xy(doc(&h), "f1"), (x, y));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(frame_xy(doc(&h), "f1"), (x + 1.0, y));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(frame_xy(doc(&h), "f1"), (x + 1.0, y + 10.0));

    // Clicking outside every frame clears the selection and closes the panel.
    let empty = h.state().page_to_screen(Pos2::new(2.0, 2.0));
    h.hover_at(empty);
    h.drag_at(empty);
    h.drop_at(empty);
    h.run();
    assert_eq!(h.state().view.selected, None);
    assert!(h.query_by_label("应用").is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dragging_a_frame_is_one_move() {
    let (dir, file) = copy_of_mini("drag");
    let mut h = harness(HuabanApp::new(Some(file), fonts()));
    let (x, y) = frame_xy(doc(&h), "img");
    let from = frame_centre(&h, "img");
    let zoom = h.state().view.zoom;
    // 20 mm to the right, in screen pixels.
    let dx = (20.0 * 72.0 / 25.4) as f32 * zoom;
    h.hover_at(from);
    h.drag_at(from);
    h.run();
    for i in 1..=5 {
        h.hover_at(from + vec2(dx * i as f32 / 5.0, 0.0));
        h.run();
    }
    assert_eq!(
        frame_xy(doc(&h), "img"),
        (x, y),
        "nothing moves before release"
    );
    h.drop_at(from + vec2(dx, 0.0));
    h.run();
    let (nx, ny) = frame_xy(doc(&h), "img");
    assert!((nx - x - 20.0).abs() <= 0.11 && ny == y, "{nx} {ny}");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(frame_xy(doc(&h), "img"), (x, y), "one undo undoes the drag");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn autosave_then_recover() {
    let (dir, file) = copy_of_mini("autosave");
    let mut app = HuabanApp::new(Some(file.clone()), fonts());
    let rec = autosave::recovery_path(&file);
    app.autosave_now();
    assert!(!rec.exists(), "nothing to autosave while clean");
    app.apply(Edit::MoveFrame {
        frame: "f1".into(),
        dx: 3.0,
        dy: 0.0,
    });
    app.autosave_now();
    assert!(rec.exists());
    let edited = app.doc.as_ref().unwrap().edition.clone();
    assert_eq!(huaban::model::load(&rec).unwrap(), edited);
    drop(app); // as if the editor crashed

    // Opening again offers to recover; recovering gives the edited edition, unsaved.
    let mut h = harness(HuabanApp::new(Some(file.clone()), fonts()));
    assert!(matches!(h.state().dialog, Some(Dialog::Recover(_))));
    h.get_by_label("放弃");
    h.get_by_label("恢复").click();
    h.run();
    assert!(h.state().dialog.is_none());
    assert_eq!(doc(&h).edition, edited);
    assert!(doc(&h).dirty);
    // A clean save removes the recovery file; the saved file holds the edit.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!doc(&h).dirty);
    assert!(!rec.exists());
    assert_eq!(huaban::model::load(&file).unwrap(), edited);

    // Discarding deletes the recovery file and keeps the file as saved.
    let mut app = HuabanApp::new(Some(file.clone()), fonts());
    assert!(app.dialog.is_none(), "no recovery file, no question");
    app.apply(Edit::MoveFrame {
        frame: "f1".into(),
        dx: 1.0,
        dy: 0.0,
    });
    app.autosave_now();
    let mut app = HuabanApp::new(Some(file.clone()), fonts());
    assert!(app.dialog.is_some());
    app.answer(&egui::Context::default(), Answer::Discard);
    assert!(!rec.exists());
    assert_eq!(app.doc.as_ref().unwrap().edition, edited);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn closing_with_changes_asks() {
    let (dir, file) = copy_of_mini("close");
    let mut h = harness(HuabanApp::new(Some(file), fonts()));
    h.state_mut().apply(Edit::MoveFrame {
        frame: "f1".into(),
        dx: 1.0,
        dy: 0.0,
    });
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(matches!(h.state().dialog, Some(Dialog::Unsaved(_))));
    h.get_by_label("不保存");
    h.get_by_label("取消").click();
    h.run();
    assert!(h.state().dialog.is_none());
    assert!(doc(&h).dirty, "cancel keeps the changes");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn story_panel_commits_paragraph_edits() {
    let (dir, file) = copy_of_mini("panel");
    let mut h = harness(HuabanApp::new(Some(file), fonts()));
    h.state_mut().view.selected = Some("f1".into());
    h.run();
    let text = doc(&h).edition.story("s1").unwrap().paragraphs[0]
        .text
        .clone();
    let first = h.get_by_value(&text);
    first.focus();
    h.run();
    first_type(&mut h, "新");
    h.get_by_label("应用").click();
    h.run();
    let now = &doc(&h).edition.story("s1").unwrap().paragraphs[0].text;
    assert_ne!(now, &text);
    assert!(now.contains('新'), "{now}");
    assert!(doc(&h).history.can_undo());
    let fit = &doc(&h).composition.stories["s1"];
    let label = huaban::app::story_panel::fit_text(huaban::app::Lang::Zh.strings(), fit);
    h.get_by_label(&label);
    let _ = std::fs::remove_dir_all(&dir);
}

fn first_type(h: &mut Harness<'static, HuabanApp>, s: &str) {
    h.event(egui::Event::Text(s.into()));
    h.run();
}
