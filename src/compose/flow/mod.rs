//! Placing text into frames: stories flow through their thread of frames, column by
//! column, line by line on the page's baseline grid; headlines take whole grid lines;
//! jump lines are added where a thread leaves a page; photos get their captions.

mod grid;
mod wrap;

pub(super) use grid::{lines_needed, Grid, PageOut};

use super::furniture::{folio, image, label, masthead};
use super::paragraph::{Prepared, Resolved};
use super::styles::style_for;
use super::{jump_text, ComposeError, ComposedPage, Composition, LineInfo, Problems, StoryFit};
use crate::display::{Item, Rect, Stroke};
use crate::fonts::{FontId, FontSet};
use crate::model::{
    Align, Color, Edition, FontRole, Frame, FrameKind, ParagraphStyle, Role, Story, Template,
    TextContent,
};
use crate::units::mm_to_pt;
use grid::{block_cells, fill_column, free_cells, inner, set_block, Cursor};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

pub(super) struct Ctx<'a> {
    pub(super) ed: &'a Edition,
    fonts: &'a FontSet,
    pub(super) base: &'a Path,
    pub(super) problems: Problems,
    faces: HashMap<(FontRole, bool), FontId>,
    cache: &'a mut super::ComposeCache,
}

impl Ctx<'_> {
    fn resolve(&mut self, style: &ParagraphStyle, pitch: f64) -> Result<Resolved, ComposeError> {
        let key = (style.font, style.bold);
        let font = match self.faces.get(&key) {
            Some(f) => *f,
            None => {
                let family = self.ed.settings.fonts.get(&style.font).map(String::as_str);
                let f = self.fonts.role(style.font, family, style.bold)?;
                self.faces.insert(key, f);
                f
            }
        };
        let size = style.size.pt;
        let lead = style.leading_pt.unwrap_or(if size <= pitch * 0.8 {
            pitch
        } else {
            size * 1.25
        });
        let cells = ((lead / pitch) - 1e-6).ceil().clamp(1.0, 1000.0) as u32;
        Ok(Resolved {
            font,
            size,
            indent: style.indent_em * size,
            align: style.align,
            cells,
            space_before: style.space_before_lines.max(0.0).round() as u32,
            space_after: style.space_after_lines.max(0.0).round() as u32,
            color: Color::BLACK,
        })
    }

    pub(super) fn para(
        &mut self,
        text: &str,
        role: Role,
        style: &ParagraphStyle,
        pitch: f64,
    ) -> Result<Prepared, ComposeError> {
        let r = self.resolve(style, pitch)?;
        Ok(self
            .cache
            .prepare(text, role, r, self.fonts, &mut self.problems)
            .with_options(style.hanging_punctuation, style.max_gap_em))
    }
}

/// One frame's composed output: (frame index on its page, items, lines).
type FrameOut = (usize, Vec<Item>, Vec<LineInfo>);

pub fn compose_edition(
    ed: &Edition,
    fonts: &FontSet,
    base: &Path,
    cache: &mut super::ComposeCache,
) -> Result<Composition, ComposeError> {
    let mut ctx = Ctx {
        ed,
        fonts,
        base,
        problems: Problems::default(),
        faces: HashMap::new(),
        cache,
    };
    let mut outs: Vec<PageOut> = ed
        .pages
        .iter()
        .map(|_| PageOut {
            items: Vec::new(),
            lines: Vec::new(),
        })
        .collect();
    let mut stories: BTreeMap<String, StoryFit> = BTreeMap::new();
    // Page-level furniture and non-story frames, in page order.
    let mut frame_order: Vec<Vec<FrameOut>> = vec![Vec::new(); ed.pages.len()];
    for (pi, page) in ed.pages.iter().enumerate() {
        let t = ed
            .template_of(page)
            .expect("validated: every page has its template");
        let grid = Grid::of(t);
        ctx.problems.at(Some(pi), None);
        if page.folio && t.folio_height > 0.0 {
            folio(&mut ctx, &mut outs[pi], ed, pi, t, grid)?;
        } else if let (false, Some(m)) = (page.folio, &t.masthead) {
            masthead(&mut ctx, &mut outs[pi], pi, m, grid)?;
        }
        for (fi, f) in page.frames.iter().enumerate() {
            ctx.problems.at(Some(pi), Some(&f.id));
            let mut out = PageOut {
                items: Vec::new(),
                lines: Vec::new(),
            };
            match &f.kind {
                FrameKind::Text {
                    story,
                    content: TextContent::Headline,
                    styles,
                    vertical: true,
                    ..
                } => {
                    let s = ed.story(story).expect("validated");
                    super::vertical::headline_frame(&mut ctx, fonts, &mut out, f, s, styles)?;
                }
                FrameKind::Text {
                    story,
                    content: TextContent::Headline,
                    styles,
                    ..
                } => {
                    let s = ed.story(story).expect("validated");
                    headline_frame(&mut ctx, &mut out, f, s, styles, t, grid)?;
                }
                FrameKind::Text { .. } => {} // flowed below, per story
                FrameKind::Label { text, style, .. } => {
                    label(&mut ctx, &mut out, f, text, style, grid)?
                }
                FrameKind::Image {
                    src,
                    fit,
                    focus,
                    caption,
                    credit,
                    ..
                } => image(
                    &mut ctx,
                    &mut out,
                    f,
                    src,
                    *fit,
                    *focus,
                    caption.as_deref(),
                    credit.as_deref(),
                    grid,
                )?,
                FrameKind::Rule {
                    weight_pt, color, ..
                } => {
                    let (x, y, w, h) = (mm_to_pt(f.x), mm_to_pt(f.y), mm_to_pt(f.w), mm_to_pt(f.h));
                    let stroke = Stroke {
                        width: *weight_pt,
                        color: *color,
                    };
                    let (x2, y2) = if w >= h { (x + w, y) } else { (x, y + h) };
                    out.items.push(Item::Line {
                        x1: x,
                        y1: y,
                        x2,
                        y2,
                        stroke,
                    });
                }
                FrameKind::Box {
                    stroke_pt,
                    color,
                    fill,
                    ..
                } => {
                    let rect =
                        Rect::new(mm_to_pt(f.x), mm_to_pt(f.y), mm_to_pt(f.w), mm_to_pt(f.h));
                    let stroke = (*stroke_pt > 0.0).then_some(Stroke {
                        width: *stroke_pt,
                        color: *color,
                    });
                    out.items.push(Item::Rect {
                        rect,
                        fill: *fill,
                        stroke,
                    });
                }
            }
            frame_order[pi].push((fi, out.items, out.lines));
        }
    }
    // Stories through their threads.
    let mut story_out: HashMap<String, (Vec<Item>, Vec<LineInfo>)> = HashMap::new();
    for s in &ed.stories {
        if s.thread.is_empty() {
            continue;
        }
        let fit = flow_story(&mut ctx, s, &mut story_out)?;
        stories.insert(s.id.clone(), fit);
    }
    // Assemble pages in frame order (z-order).
    let mut pages = Vec::with_capacity(ed.pages.len());
    for (pi, page) in ed.pages.iter().enumerate() {
        let t = ed.template_of(page).expect("validated");
        let mut out = std::mem::replace(
            &mut outs[pi],
            PageOut {
                items: Vec::new(),
                lines: Vec::new(),
            },
        );
        let mut rects = Vec::new();
        for (fi, items, lines) in std::mem::take(&mut frame_order[pi]) {
            let f = &page.frames[fi];
            rects.push((
                f.id.clone(),
                Rect::new(mm_to_pt(f.x), mm_to_pt(f.y), mm_to_pt(f.w), mm_to_pt(f.h)),
            ));
            out.items.extend(items);
            out.lines.extend(lines);
            if let Some((items, lines)) = story_out.remove(&f.id) {
                out.items.extend(items);
                out.lines.extend(lines);
            }
        }
        pages.push(ComposedPage {
            width: mm_to_pt(t.trim_w),
            height: mm_to_pt(t.trim_h),
            items: out.items,
            lines: out.lines,
            frames: rects,
        });
    }
    Ok(Composition {
        pages,
        problems: ctx.problems.list,
        stories,
    })
}

fn frame_styles(f: &Frame) -> Option<&BTreeMap<String, String>> {
    match &f.kind {
        FrameKind::Text { styles, .. } => Some(styles),
        _ => None,
    }
}

fn prepare_all(
    ctx: &mut Ctx,
    paras: &[crate::model::Paragraph],
    map: Option<&BTreeMap<String, String>>,
    pitch: f64,
) -> Result<Vec<Prepared>, ComposeError> {
    let sheet = &ctx.ed.styles;
    let styles: Vec<ParagraphStyle> = paras
        .iter()
        .map(|p| style_for(sheet, map, p.role).into_owned())
        .collect();
    paras
        .iter()
        .zip(styles)
        .map(|(p, st)| ctx.para(&p.text, p.role, &st, pitch))
        .collect()
}

fn flow_story(
    ctx: &mut Ctx,
    s: &Story,
    out: &mut HashMap<String, (Vec<Item>, Vec<LineInfo>)>,
) -> Result<StoryFit, ComposeError> {
    let ed = ctx.ed;
    let frames: Vec<(usize, &Frame)> = s
        .thread
        .iter()
        .map(|id| {
            let (pi, fi) = ed.find_frame(id).expect("validated");
            (pi, &ed.pages[pi].frames[fi])
        })
        .collect();
    let (p0, f0) = frames[0];
    let t0 = ed.template_of(&ed.pages[p0]).expect("validated");
    let pitch0 = t0.grid_pt;
    ctx.problems.at(Some(p0), Some(&f0.id));
    let paras = prepare_all(ctx, &s.body_paragraphs(), frame_styles(f0), pitch0)?;
    let mut cur = Cursor::default();
    let mut fit = StoryFit::default();
    for (j, &(pi, f)) in frames.iter().enumerate() {
        let page = &ed.pages[pi];
        let t = ed.template_of(page).expect("validated");
        let grid = Grid::of(t);
        ctx.problems.at(Some(pi), Some(&f.id));
        let mut po = PageOut {
            items: Vec::new(),
            lines: Vec::new(),
        };
        let g = inner(f, t);
        let (mut cell, bottom_cell) = grid.cells(g.top, g.bottom);
        let map = frame_styles(f);
        let obs = wrap::obstacles_for(page, f);
        let body_min_w = 3.0 * t.body_size.pt;
        // Headline across the top of the story's first frame.
        if j == 0
            && matches!(
                &f.kind,
                FrameKind::Text {
                    content: TextContent::Story,
                    ..
                }
            )
        {
            let head = prepare_all(ctx, &s.headline_paragraphs(), map, grid.pitch)?;
            if !head.is_empty() {
                cell = set_block(&mut po, &f.id, &head, g.x, g.w, cell, grid) + 1;
            }
        }
        // A continuation from another page: jump headline across the top, then 上接.
        // (Only when text actually continues into this frame.)
        let from_page = if j > 0 && frames[j - 1].0 != pi && !cur.done(&paras) {
            Some(frames[j - 1].0)
        } else {
            None
        };
        let mut jump_in: Option<Prepared> = None;
        if let Some(fp) = from_page {
            let jh = s
                .jump_headline
                .clone()
                .unwrap_or_else(|| s.headline.clone());
            if !jh.is_empty() {
                let st = style_for(&ed.styles, map, Role::JumpHeadline).into_owned();
                let head = vec![ctx.para(&jh, Role::JumpHeadline, &st, grid.pitch)?];
                cell = set_block(&mut po, &f.id, &head, g.x, g.w, cell, grid) + 1;
            }
            let st = ParagraphStyle {
                align: Align::Left,
                ..style_for(&ed.styles, map, Role::Jump).into_owned()
            };
            jump_in = Some(ctx.para(
                &jump_text(&ed.settings.jump_in, fp + 1),
                Role::Jump,
                &st,
                grid.pitch,
            )?);
        }
        // A jump to another page: the last line of the last column is reserved.
        let to_page = frames
            .get(j + 1)
            .filter(|(np, _)| *np != pi)
            .map(|(np, _)| *np);
        let last_frame = j + 1 == frames.len();
        for c in 0..g.cols {
            let x = g.x + c as f64 * (g.col_w + g.gutter);
            let mut end = bottom_cell;
            if to_page.is_some() && c + 1 == g.cols {
                end -= 1;
            }
            let mut top = cell;
            if c == 0 {
                if let Some(ji) = jump_in.take() {
                    top = set_block(
                        &mut po,
                        &f.id,
                        std::slice::from_ref(&ji),
                        x,
                        g.col_w,
                        top,
                        grid,
                    );
                }
            }
            let was_done = cur.done(&paras);
            let next = fill_column(
                &mut po, &f.id, &paras, &mut cur, x, g.col_w, top, end, grid, &obs,
            );
            if last_frame && cur.done(&paras) {
                let from = if was_done { top } else { next };
                fit.short_lines +=
                    free_cells(&obs, x, g.col_w, from, end, grid, body_min_w).max(0) as usize;
            }
        }
        if let Some(np) = to_page {
            if !cur.done(&paras) {
                let st = style_for(&ed.styles, map, Role::Jump).into_owned();
                let jp = ctx.para(
                    &jump_text(&ed.settings.jump_out, np + 1),
                    Role::Jump,
                    &st,
                    grid.pitch,
                )?;
                let x = g.x + (g.cols - 1) as f64 * (g.col_w + g.gutter);
                set_block(
                    &mut po,
                    &f.id,
                    std::slice::from_ref(&jp),
                    x,
                    g.col_w,
                    bottom_cell - 1,
                    grid,
                );
            }
        }
        out.insert(f.id.clone(), (po.items, po.lines));
    }
    if !cur.done(&paras) {
        let (_, last) = frames[frames.len() - 1];
        let t = ed
            .template_of(&ed.pages[frames[frames.len() - 1].0])
            .expect("validated");
        let col_w = inner(last, t).col_w;
        let mut unit = cur.unit;
        for p in &paras[cur.para..] {
            fit.overset_chars += p.units[unit.min(p.units.len())..]
                .iter()
                .map(|u| u.chars as usize)
                .sum::<usize>();
            fit.overset_lines += lines_needed(p, unit, col_w);
            unit = 0;
        }
        ctx.problems
            .at(Some(frames[frames.len() - 1].0), Some(&last.id));
        ctx.problems.push(format!(
            "story “{}”: overset by {} characters ({} lines) — 超 {} 字",
            s.slug, fit.overset_chars, fit.overset_lines, fit.overset_chars
        ));
    }
    Ok(fit)
}

fn headline_frame(
    ctx: &mut Ctx,
    out: &mut PageOut,
    f: &Frame,
    s: &Story,
    map: &BTreeMap<String, String>,
    t: &Template,
    grid: Grid,
) -> Result<(), ComposeError> {
    let g = inner(f, t);
    let head = prepare_all(ctx, &s.headline_paragraphs(), Some(map), grid.pitch)?;
    let (top, bottom) = grid.cells(g.top, g.bottom);
    let need = block_cells(&head, g.w);
    if need > bottom - top {
        ctx.problems.push(format!(
            "headline of “{}” needs {need} lines, the frame has {}",
            s.slug,
            bottom - top
        ));
    }
    let start = top + ((bottom - top - need).max(0)) / 2;
    set_block(out, &f.id, &head, g.x, g.w, start, grid);
    Ok(())
}
