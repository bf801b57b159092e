//! The structural edits of [`Edit`]: pages (add, delete, duplicate, move, template),
//! frames (add, delete, properties), stories (add) and paragraph styles. Each changes a
//! copy-free edition in place and returns [`Edit::Replace`] with the edition as it was,
//! which is the simplest inverse that is always right; [`Edit::apply`] validates after.

use super::commands::Edit;
use crate::model::{Edition, Frame, FrameKind, Page, ParagraphStyle, Story, Template};

/// An id made of `prefix` and the smallest number ≥ 1 that `taken` refuses.
pub fn fresh_id(prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..)
        .map(|n| format!("{prefix}{n}"))
        .find(|id| !taken(id))
        .expect("some number is free")
}

/// A frame id not used in the edition.
pub fn fresh_frame_id(ed: &Edition, prefix: &str) -> String {
    fresh_id(prefix, |id| ed.find_frame(id).is_some())
}

/// A story id not used in the edition.
pub fn fresh_story_id(ed: &Edition, prefix: &str) -> String {
    fresh_id(prefix, |id| ed.story(id).is_some())
}

fn page_index_err(ed: &Edition, at: usize) -> String {
    format!(
        "page {} does not exist (the edition has {})",
        at + 1,
        ed.pages.len()
    )
}

/// Makes the template known to the edition: `def` is copied in under `name` when the
/// edition does not have it yet.
fn ensure_template(ed: &mut Edition, name: &str, def: &Option<Template>) -> Result<(), String> {
    if ed.templates.contains_key(name) {
        return Ok(());
    }
    match def {
        Some(t) => {
            ed.templates.insert(name.to_string(), t.clone());
            Ok(())
        }
        None => Err(format!("template “{name}” is not in the edition")),
    }
}

/// Removes frame ids from every story's thread; drops stories that are left with no
/// frame showing them and no text at all.
fn forget_frames(ed: &mut Edition, gone: &[String]) {
    for s in &mut ed.stories {
        s.thread.retain(|t| !gone.contains(t));
    }
    let shown: Vec<String> = ed
        .pages
        .iter()
        .flat_map(|p| &p.frames)
        .filter_map(|f| f.story_id().map(str::to_string))
        .collect();
    ed.stories
        .retain(|s| shown.contains(&s.id) || !s.paragraphs.is_empty() || !s.headline.is_empty());
}

/// A new, empty story shown by text frame `frame`.
pub fn empty_story(id: &str, slug: &str, frame: &str) -> Story {
    Story {
        id: id.to_string(),
        slug: slug.to_string(),
        kicker: None,
        headline: String::new(),
        subheadline: None,
        jump_headline: None,
        byline: None,
        paragraphs: Vec::new(),
        thread: vec![frame.to_string()],
    }
}

/// Applies one structural edit; returns the edition as it was (as [`Edit::Replace`]).
pub fn apply(ed: &mut Edition, edit: &Edit) -> Result<Edit, String> {
    let before = ed.clone();
    match edit {
        Edit::AddPage { at, template, def } => {
            if *at > ed.pages.len() {
                return Err(page_index_err(ed, *at));
            }
            ensure_template(ed, template, def)?;
            let id = fresh_id("p", |id| ed.pages.iter().any(|p| p.id == id));
            ed.pages.insert(
                *at,
                Page {
                    id,
                    template: template.clone(),
                    section: String::new(),
                    folio: *at > 0,
                    frames: Vec::new(),
                },
            );
        }
        Edit::DeletePage { at } => {
            if *at >= ed.pages.len() {
                return Err(page_index_err(ed, *at));
            }
            if ed.pages.len() == 1 {
                return Err("the last page of an edition cannot be deleted".into());
            }
            let page = ed.pages.remove(*at);
            let gone: Vec<String> = page.frames.iter().map(|f| f.id.clone()).collect();
            forget_frames(ed, &gone);
        }
        Edit::DuplicatePage { at } => {
            let page = ed
                .pages
                .get(*at)
                .ok_or_else(|| page_index_err(ed, *at))?
                .clone();
            let mut copy = page.clone();
            copy.id = fresh_id(&format!("{}-", page.id), |id| {
                ed.pages.iter().any(|p| p.id == id)
            });
            let mut new_stories = Vec::new();
            let mut taken: Vec<String> = Vec::new();
            for f in &mut copy.frames {
                let id = fresh_id(&format!("{}-", f.id), |id| {
                    ed.find_frame(id).is_some() || taken.iter().any(|t| t == id)
                });
                taken.push(id.clone());
                f.id = id.clone();
                // A copied text frame gets a new empty story: a story's body runs
                // through one thread, and the copy is a place for new text.
                if let FrameKind::Text { story, content, .. } = &mut f.kind {
                    let sid = fresh_id(&format!("{id}-story"), |s| {
                        ed.story(s).is_some() || new_stories.iter().any(|n: &Story| n.id == s)
                    });
                    new_stories.push(empty_story(&sid, &sid, &id));
                    *story = sid;
                    *content = crate::model::TextContent::Body;
                }
            }
            ed.stories.extend(new_stories);
            ed.pages.insert(at + 1, copy);
        }
        Edit::MovePage { from, to } => {
            if *from >= ed.pages.len() {
                return Err(page_index_err(ed, *from));
            }
            if *to >= ed.pages.len() {
                return Err(page_index_err(ed, *to));
            }
            let p = ed.pages.remove(*from);
            ed.pages.insert(*to, p);
        }
        Edit::ApplyTemplate { at, template, def } => {
            ensure_template(ed, template, def)?;
            let n = ed.pages.len();
            let page = ed
                .pages
                .get_mut(*at)
                .ok_or_else(|| format!("page {} does not exist (the edition has {n})", at + 1))?;
            page.template = template.clone();
        }
        Edit::AddFrame { page, frame } => add_frame(ed, *page, frame)?,
        Edit::DeleteFrame { frame } => {
            let (p, f) = ed
                .find_frame(frame)
                .ok_or_else(|| format!("frame “{frame}” does not exist"))?;
            ed.pages[p].frames.remove(f);
            forget_frames(ed, std::slice::from_ref(frame));
        }
        Edit::SetFrameKind { frame, kind } => {
            let (p, f) = ed
                .find_frame(frame)
                .ok_or_else(|| format!("frame “{frame}” does not exist"))?;
            let old = &mut ed.pages[p].frames[f].kind;
            if old.story_id_of() != kind.story_id_of() {
                return Err(format!(
                    "frame “{frame}”: its story is changed by linking, not in its properties"
                ));
            }
            *old = kind.clone();
        }
        Edit::AddStory(story) => {
            if ed.story(&story.id).is_some() {
                return Err(format!("story id “{}” is used already", story.id));
            }
            ed.stories.push(story.clone());
        }
        Edit::SetStyle { name, style } => {
            ed.styles.insert(name.clone(), style.clone());
        }
        Edit::Replace(new) => {
            *ed = (**new).clone();
        }
        other => return Err(format!("not a structural edit: {other:?}")),
    }
    Ok(Edit::Replace(Box::new(before)))
}

fn add_frame(ed: &mut Edition, page: usize, frame: &Frame) -> Result<(), String> {
    if page >= ed.pages.len() {
        return Err(page_index_err(ed, page));
    }
    if ed.find_frame(&frame.id).is_some() {
        return Err(format!("frame id “{}” is used already", frame.id));
    }
    let mut frame = frame.clone();
    // A text frame naming no story gets a new empty one whose thread it starts.
    if let FrameKind::Text { story, .. } = &mut frame.kind {
        if story.is_empty() {
            let sid = fresh_story_id(ed, "s");
            ed.stories.push(empty_story(&sid, &sid, &frame.id));
            *story = sid;
        } else if let Some(s) = ed.stories.iter_mut().find(|s| &s.id == story) {
            s.thread.push(frame.id.clone());
        }
    }
    ed.pages[page].frames.push(frame);
    Ok(())
}

/// Helper trait: the story a frame kind shows, if any.
trait StoryOf {
    fn story_id_of(&self) -> Option<&str>;
}

impl StoryOf for FrameKind {
    fn story_id_of(&self) -> Option<&str> {
        match self {
            FrameKind::Text { story, .. } => Some(story),
            _ => None,
        }
    }
}

/// The style named `name`, or the built-in style of the role with that key.
pub fn style_or_default(ed: &Edition, name: &str) -> Option<ParagraphStyle> {
    if let Some(s) = ed.styles.get(name) {
        return Some(s.clone());
    }
    crate::model::Role::ALL
        .iter()
        .find(|r| r.key() == name)
        .map(|r| crate::compose::default_style(*r))
}
