//! Edits of the edition as commands: each [`Edit`] applies to an [`Edition`], is checked
//! with [`model::validate`] (an edit that would make the edition invalid is refused and
//! leaves it unchanged), and yields its inverse. [`History`] keeps them for undo/redo.
//!
//! Frames are named by id (ids are unique in an edition), stories by id.

use crate::model::{
    self, Edition, Frame, FrameKind, Paragraph, ParagraphStyle, Story, Template, TextContent,
};

/// One change of the edition. Lengths in millimetres.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Moves a frame by (dx, dy).
    MoveFrame { frame: String, dx: f64, dy: f64 },
    /// Sets a frame's rectangle.
    ResizeFrame {
        frame: String,
        x: f64,
        y: f64,
        w: f64,
        h: f64,
    },
    /// Replaces all body paragraphs of a story.
    SetStoryText {
        story: String,
        paragraphs: Vec<Paragraph>,
    },
    /// Replaces the text of one body paragraph.
    EditParagraph {
        story: String,
        index: usize,
        text: String,
    },
    /// Appends a text frame to a story's thread; the frame then shows that story's body.
    /// It leaves the thread of the story it showed before; that story is dropped if it is
    /// left empty (no text, no frames).
    LinkFrames { story: String, frame: String },
    /// Takes a frame out of its story's thread; it then shows a new, empty story.
    UnlinkFrame { frame: String },
    /// Sets the number of columns inside a text frame.
    SetFrameColumns { frame: String, columns: u32 },
    /// Puts back stories and frames as they were (the inverse of the thread edits).
    Restore(Snapshot),
    /// Inserts an empty page at `at` with `template`; `def` is copied into the edition if
    /// it does not have that template yet.
    AddPage {
        at: usize,
        template: String,
        def: Option<Template>,
    },
    /// Deletes a page; its frames leave their stories' threads (the stories stay).
    DeletePage { at: usize },
    /// Copies a page after itself; copied text frames get new empty stories.
    DuplicatePage { at: usize },
    /// Moves a page from one position to another.
    MovePage { from: usize, to: usize },
    /// Gives a page another template (copied in from `def` if new to the edition).
    ApplyTemplate {
        at: usize,
        template: String,
        def: Option<Template>,
    },
    /// Adds a frame to a page (front-most). A text frame with an empty story id gets a
    /// new empty story.
    AddFrame { page: usize, frame: Frame },
    /// Deletes a frame; it leaves its story's thread.
    DeleteFrame { frame: String },
    /// Sets a frame's kind-specific properties (columns, gutter, styles, image file and
    /// fit, rule weight); not which story it shows.
    SetFrameKind { frame: String, kind: FrameKind },
    /// Adds a story (not yet placed: empty thread).
    AddStory(Story),
    /// Sets (or adds) the paragraph style `name`.
    SetStyle { name: String, style: ParagraphStyle },
    /// Puts the whole edition back as it was (the inverse of the structural edits).
    Replace(Box<Edition>),
}

/// Copies of stories and frames to put back, and stories to drop.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    /// (position in `stories`, the story as it was).
    pub stories: Vec<(usize, Story)>,
    /// Ids of stories that did not exist before.
    pub added_stories: Vec<String>,
    pub frames: Vec<Frame>,
}

impl Edit {
    /// Applies the edit and returns its inverse; on error the edition is unchanged.
    pub fn apply(&self, ed: &mut Edition) -> Result<Edit, String> {
        let inverse = self.apply_unchecked(ed)?;
        if let Err(e) = model::validate(ed) {
            inverse
                .apply_unchecked(ed)
                .expect("the inverse of an applied edit applies");
            return Err(e);
        }
        Ok(inverse)
    }

    fn apply_unchecked(&self, ed: &mut Edition) -> Result<Edit, String> {
        match self {
            Edit::MoveFrame { frame, dx, dy } => {
                let f = frame_mut(ed, frame)?;
                f.x += dx;
                f.y += dy;
                Ok(Edit::MoveFrame {
                    frame: frame.clone(),
                    dx: -dx,
                    dy: -dy,
                })
            }
            Edit::ResizeFrame { frame, x, y, w, h } => {
                let f = frame_mut(ed, frame)?;
                let old = Edit::ResizeFrame {
                    frame: frame.clone(),
                    x: f.x,
                    y: f.y,
                    w: f.w,
                    h: f.h,
                };
                (f.x, f.y, f.w, f.h) = (*x, *y, *w, *h);
                Ok(old)
            }
            Edit::SetStoryText { story, paragraphs } => {
                let s = story_mut(ed, story)?;
                let old = std::mem::replace(&mut s.paragraphs, paragraphs.clone());
                Ok(Edit::SetStoryText {
                    story: story.clone(),
                    paragraphs: old,
                })
            }
            Edit::EditParagraph { story, index, text } => {
                let s = story_mut(ed, story)?;
                let n = s.paragraphs.len();
                let p = s.paragraphs.get_mut(*index).ok_or_else(|| {
                    format!("story “{story}” has {n} paragraphs, not {}", index + 1)
                })?;
                let old = std::mem::replace(&mut p.text, text.clone());
                Ok(Edit::EditParagraph {
                    story: story.clone(),
                    index: *index,
                    text: old,
                })
            }
            Edit::SetFrameColumns { frame, columns } => {
                let f = frame_mut(ed, frame)?;
                let FrameKind::Text { columns: c, .. } = &mut f.kind else {
                    return Err(format!("frame “{frame}” is not a text frame"));
                };
                let old = std::mem::replace(c, *columns);
                Ok(Edit::SetFrameColumns {
                    frame: frame.clone(),
                    columns: old,
                })
            }
            Edit::LinkFrames { story, frame } => link(ed, story, frame),
            Edit::UnlinkFrame { frame } => unlink(ed, frame),
            Edit::Restore(snap) => Ok(Edit::Restore(restore(ed, snap)?)),
            _ => super::edits::apply(ed, self),
        }
    }
}

fn frame_mut<'a>(ed: &'a mut Edition, id: &str) -> Result<&'a mut Frame, String> {
    let (p, f) = ed
        .find_frame(id)
        .ok_or_else(|| format!("frame “{id}” does not exist"))?;
    Ok(&mut ed.pages[p].frames[f])
}

fn story_mut<'a>(ed: &'a mut Edition, id: &str) -> Result<&'a mut Story, String> {
    ed.stories
        .iter_mut()
        .find(|s| s.id == id)
        .ok_or_else(|| format!("story “{id}” does not exist"))
}

fn story_index(ed: &Edition, id: &str) -> Result<usize, String> {
    ed.stories
        .iter()
        .position(|s| s.id == id)
        .ok_or_else(|| format!("story “{id}” does not exist"))
}

/// The story a text frame shows.
fn text_story(ed: &Edition, frame: &str) -> Result<String, String> {
    let (p, f) = ed
        .find_frame(frame)
        .ok_or_else(|| format!("frame “{frame}” does not exist"))?;
    ed.pages[p].frames[f]
        .story_id()
        .map(str::to_string)
        .ok_or_else(|| format!("frame “{frame}” is not a text frame"))
}

/// A snapshot of the given stories and frames as they are now.
fn snapshot(ed: &Edition, stories: &[&str], frames: &[&str]) -> Result<Snapshot, String> {
    let mut snap = Snapshot::default();
    for id in stories {
        let i = story_index(ed, id)?;
        snap.stories.push((i, ed.stories[i].clone()));
    }
    for id in frames {
        let (p, f) = ed
            .find_frame(id)
            .ok_or_else(|| format!("frame “{id}” does not exist"))?;
        snap.frames.push(ed.pages[p].frames[f].clone());
    }
    Ok(snap)
}

fn link(ed: &mut Edition, story: &str, frame: &str) -> Result<Edit, String> {
    let old_story = text_story(ed, frame)?;
    story_index(ed, story)?;
    if old_story == story
        && ed.stories[story_index(ed, story)?]
            .thread
            .iter()
            .any(|t| t == frame)
    {
        return Err(format!(
            "frame “{frame}” is already in the thread of “{story}”"
        ));
    }
    let mut snap = snapshot(ed, &[story, old_story.as_str()], &[frame])?;
    snap.stories.dedup_by(|a, b| a.0 == b.0);
    story_mut(ed, &old_story)?.thread.retain(|t| t != frame);
    let thread = &mut story_mut(ed, story)?.thread;
    thread.push(frame.to_string());
    let first = thread.len() == 1;
    if let FrameKind::Text {
        story: s, content, ..
    } = &mut frame_mut(ed, frame)?.kind
    {
        *s = story.to_string();
        // Only the first frame of a thread may carry the headline block.
        if *content == TextContent::Headline || (!first && *content == TextContent::Story) {
            *content = TextContent::Body;
        }
    }
    // Drop the frame's old story if nothing is left of it.
    let i = story_index(ed, &old_story)?;
    let s = &ed.stories[i];
    let used = ed
        .pages
        .iter()
        .flat_map(|p| &p.frames)
        .any(|f| f.story_id() == Some(old_story.as_str()));
    if old_story != story && !used && s.paragraphs.is_empty() && s.headline.is_empty() {
        ed.stories.remove(i);
    }
    Ok(Edit::Restore(snap))
}

fn unlink(ed: &mut Edition, frame: &str) -> Result<Edit, String> {
    let story = text_story(ed, frame)?;
    let i = story_index(ed, &story)?;
    if !ed.stories[i].thread.iter().any(|t| t == frame) {
        return Err(format!("frame “{frame}” is not in a thread"));
    }
    let mut snap = snapshot(ed, &[story.as_str()], &[frame])?;
    let mut new_id = format!("{story}-{frame}");
    let mut n = 2;
    while ed.story(&new_id).is_some() {
        new_id = format!("{story}-{frame}-{n}");
        n += 1;
    }
    let slug = ed.stories[i].slug.clone();
    ed.stories[i].thread.retain(|t| t != frame);
    ed.stories
        .push(super::edits::empty_story(&new_id, &slug, frame));
    if let FrameKind::Text {
        story: s, content, ..
    } = &mut frame_mut(ed, frame)?.kind
    {
        *s = new_id.clone();
        *content = TextContent::Body;
    }
    snap.added_stories.push(new_id);
    Ok(Edit::Restore(snap))
}

/// Puts the snapshot back; returns a snapshot of what it replaced.
fn restore(ed: &mut Edition, snap: &Snapshot) -> Result<Snapshot, String> {
    let mut back = Snapshot::default();
    for (_, s) in &snap.stories {
        match story_index(ed, &s.id) {
            Ok(i) => back.stories.push((i, ed.stories[i].clone())),
            Err(_) => back.added_stories.push(s.id.clone()),
        }
    }
    for id in &snap.added_stories {
        let i = story_index(ed, id)?;
        back.stories.push((i, ed.stories[i].clone()));
    }
    for f in &snap.frames {
        back.frames.push(frame_mut(ed, &f.id)?.clone());
    }
    // Remove, then put back in ascending position so indices hold.
    ed.stories.retain(|s| {
        !snap.added_stories.contains(&s.id) && !snap.stories.iter().any(|(_, o)| o.id == s.id)
    });
    let mut put: Vec<_> = snap.stories.clone();
    put.sort_by_key(|(i, _)| *i);
    for (i, s) in put {
        let i = i.min(ed.stories.len());
        ed.stories.insert(i, s);
    }
    for f in &snap.frames {
        *frame_mut(ed, &f.id)? = f.clone();
    }
    back.stories.sort_by_key(|(i, _)| *i);
    Ok(back)
}

/// Undo and redo stacks. Unlimited within a session.
#[derive(Debug, Default)]
pub struct History {
    /// (edit as applied, its inverse), oldest first.
    done: Vec<(Edit, Edit)>,
    undone: Vec<(Edit, Edit)>,
}

impl History {
    /// Applies `edit` and records it; clears the redo stack.
    pub fn apply(&mut self, ed: &mut Edition, edit: Edit) -> Result<(), String> {
        let inverse = edit.apply(ed)?;
        self.done.push((edit, inverse));
        self.undone.clear();
        Ok(())
    }

    /// Undoes the last edit; `Ok(false)` if there is none.
    pub fn undo(&mut self, ed: &mut Edition) -> Result<bool, String> {
        let Some((edit, inverse)) = self.done.pop() else {
            return Ok(false);
        };
        match inverse.apply(ed) {
            Ok(_) => {
                self.undone.push((edit, inverse));
                Ok(true)
            }
            Err(e) => {
                self.done.push((edit, inverse));
                Err(e)
            }
        }
    }

    /// Redoes the last undone edit; `Ok(false)` if there is none.
    pub fn redo(&mut self, ed: &mut Edition) -> Result<bool, String> {
        let Some((edit, inverse)) = self.undone.pop() else {
            return Ok(false);
        };
        match edit.apply(ed) {
            Ok(inv) => {
                self.done.push((edit, inv));
                Ok(true)
            }
            Err(e) => {
                self.undone.push((edit, inverse));
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }
}
