//! The inspector on the right: the selected frame's properties (position and size in mm
//! and in 栏/行, columns and gutter, body style font and size in 号 or pt, image fit and
//! effective ppi, rule weight) and the story list (稿件库) with import and “flow into the
//! selected frame”. Every change is an [`Edit`].

use super::commands::Edit;
use super::edits::style_or_default;
use super::story_panel::fit_text;
use super::HuabanApp;
use crate::model::{Fit, FontRole, FrameKind, Template};
use crate::units::{mm_to_pt, FontSize};

/// The 号 sizes offered in the size list (name, pt).
const HAO: [(&str, f64); 12] = [
    ("初号", 42.0),
    ("小初", 36.0),
    ("一号", 26.0),
    ("二号", 22.0),
    ("三号", 16.0),
    ("四号", 14.0),
    ("小四", 12.0),
    ("五号", 10.5),
    ("小五", 9.0),
    ("六号", 7.5),
    ("小六", 6.5),
    ("七号", 5.5),
];

/// Effective resolution of an image of `px` pixels placed `mm` wide/high (the lower of
/// the two), as preflight computes it.
pub fn effective_ppi(px: (u32, u32), mm: (f64, f64)) -> f64 {
    let w_in = mm.0 / 25.4;
    let h_in = mm.1 / 25.4;
    (px.0 as f64 / w_in).min(px.1 as f64 / h_in)
}

fn image_size(path: &std::path::Path) -> Option<(u32, u32)> {
    image::ImageReader::open(path)
        .ok()?
        .with_guessed_format()
        .ok()?
        .into_dimensions()
        .ok()
}

impl HuabanApp {
    pub(super) fn inspector(&mut self, ui: &mut egui::Ui) {
        let mut edits = Vec::new();
        let mut actions: Vec<fn(&mut HuabanApp)> = Vec::new();
        let s = self.strings();
        let Some(doc) = &self.doc else { return };
        let ed = &doc.edition;
        let target = self.selected_text_frame();
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading(s.properties);
            let sel = self.view.selected.as_ref().and_then(|id| {
                let (p, f) = ed.find_frame(id)?;
                Some((p, &ed.pages[p].frames[f]))
            });
            if let Some((pi, f)) = sel {
                let t: Option<&Template> = ed.template_of(&ed.pages[pi]);
                ui.label(format!("{} · {}", f.id, kind_name(&f.kind)));
                let mut r = [f.x, f.y, f.w, f.h];
                egui::Grid::new("geom").num_columns(4).show(ui, |ui| {
                    for (i, name) in ["X", "Y", "W", "H"].iter().enumerate() {
                        let l = ui.label(*name);
                        ui.add(
                            egui::DragValue::new(&mut r[i])
                                .speed(0.1)
                                .suffix(" mm")
                                .range(-5000.0..=5000.0),
                        )
                        .labelled_by(l.id);
                        if i % 2 == 1 {
                            ui.end_row();
                        }
                    }
                });
                if let Some(t) = t {
                    // 栏 and 行: the width in columns of the page grid, the height in lines.
                    let step = t.column_w() + t.gutter;
                    let mut cols = ((f.w + t.gutter) / step).round().max(0.0) as u32;
                    let mut lines = (mm_to_pt(f.h) / t.grid_pt).round() as u32;
                    ui.horizontal(|ui| {
                        let l = ui.label("W");
                        if ui
                            .add(
                                egui::DragValue::new(&mut cols)
                                    .range(1..=t.columns)
                                    .suffix(s.cols_unit),
                            )
                            .labelled_by(l.id)
                            .changed()
                        {
                            r[2] = (t.span_w(cols) * 10.0).round() / 10.0;
                        }
                        let l = ui.label("H");
                        if ui
                            .add(
                                egui::DragValue::new(&mut lines)
                                    .range(1..=500)
                                    .suffix(s.lines_unit),
                            )
                            .labelled_by(l.id)
                            .changed()
                        {
                            r[3] = ((lines as f64 * t.grid_mm()) * 10.0).round() / 10.0;
                        }
                    });
                }
                if r != [f.x, f.y, f.w, f.h] {
                    edits.push(Edit::ResizeFrame {
                        frame: f.id.clone(),
                        x: r[0],
                        y: r[1],
                        w: r[2].max(0.0),
                        h: r[3].max(0.0),
                    });
                }
                let mut kind = f.kind.clone();
                match &mut kind {
                    FrameKind::Text {
                        columns,
                        gutter,
                        styles,
                        ..
                    } => {
                        ui.horizontal(|ui| {
                            let l = ui.label(s.columns);
                            ui.add(egui::DragValue::new(columns).range(1..=20))
                                .labelled_by(l.id);
                            let l = ui.label(s.gutter);
                            let mut g = gutter.or(t.map(|t| t.gutter)).unwrap_or(3.0);
                            if ui
                                .add(egui::DragValue::new(&mut g).speed(0.05).range(0.0..=50.0))
                                .labelled_by(l.id)
                                .changed()
                            {
                                *gutter = Some(g);
                            }
                        });
                        let name = styles.get("body").cloned().unwrap_or_else(|| "body".into());
                        ui.horizontal(|ui| {
                            let l = ui.label(s.para_style);
                            let mut chosen = name.clone();
                            egui::ComboBox::from_id_salt("bodystyle")
                                .selected_text(&chosen)
                                .show_ui(ui, |ui| {
                                    let mut names: Vec<String> =
                                        ed.styles.keys().cloned().collect();
                                    if !names.contains(&"body".to_string()) {
                                        names.insert(0, "body".into());
                                    }
                                    for n in names {
                                        ui.selectable_value(&mut chosen, n.clone(), n);
                                    }
                                })
                                .response
                                .labelled_by(l.id);
                            if chosen != name {
                                if chosen == "body" {
                                    styles.remove("body");
                                } else {
                                    styles.insert("body".into(), chosen);
                                }
                            }
                        });
                        if let Some(mut st) = style_or_default(ed, &name) {
                            let old = st.clone();
                            ui.horizontal(|ui| {
                                ui.label(s.font);
                                for role in [FontRole::Song, FontRole::Hei, FontRole::Kai] {
                                    ui.selectable_value(&mut st.font, role, role.label_zh());
                                }
                            });
                            ui.horizontal(|ui| {
                                let l = ui.label(s.size);
                                let mut pt = st.size.pt;
                                let shown = HAO
                                    .iter()
                                    .find(|h| (h.1 - pt).abs() < 0.01)
                                    .map_or(format!("{pt} pt"), |h| h.0.to_string());
                                egui::ComboBox::from_id_salt("hao")
                                    .selected_text(shown)
                                    .show_ui(ui, |ui| {
                                        for (n, v) in HAO {
                                            if ui
                                                .selectable_label(
                                                    (v - pt).abs() < 0.01,
                                                    format!("{n} ({v} pt)"),
                                                )
                                                .clicked()
                                            {
                                                st.size =
                                                    FontSize::parse(n).unwrap_or(FontSize::pt(v));
                                            }
                                        }
                                    })
                                    .response
                                    .labelled_by(l.id);
                                if ui
                                    .add(
                                        egui::DragValue::new(&mut pt)
                                            .speed(0.1)
                                            .range(4.0..=200.0)
                                            .suffix(" pt"),
                                    )
                                    .labelled_by(l.id)
                                    .changed()
                                {
                                    st.size = FontSize::pt(pt);
                                }
                            });
                            if st != old {
                                edits.push(Edit::SetStyle {
                                    name: name.clone(),
                                    style: st,
                                });
                            }
                        }
                    }
                    FrameKind::Image { src, fit, .. } => {
                        ui.horizontal(|ui| {
                            ui.selectable_value(fit, Fit::Fill, s.fit_fill);
                            ui.selectable_value(fit, Fit::Fit, s.fit_fit);
                        });
                        let path = doc.base_dir().join(&*src);
                        ui.label(egui::RichText::new(src.as_str()).small().monospace());
                        match image_size(&path) {
                            Some(px) => {
                                let ppi = effective_ppi(px, (f.w, f.h));
                                ui.label(format!("{} {ppi:.0} ppi ({}×{} px)", s.ppi, px.0, px.1));
                            }
                            None => {
                                ui.colored_label(ui.visuals().error_fg_color, s.image_missing);
                            }
                        }
                        if ui.button(s.relink).clicked() {
                            actions.push(|app| app.place_image_dialog());
                        }
                    }
                    FrameKind::Rule { weight_pt, .. }
                    | FrameKind::Box {
                        stroke_pt: weight_pt,
                        ..
                    } => {
                        ui.horizontal(|ui| {
                            let l = ui.label(s.weight);
                            ui.add(
                                egui::DragValue::new(weight_pt)
                                    .speed(0.05)
                                    .range(0.0..=20.0),
                            )
                            .labelled_by(l.id);
                        });
                    }
                    FrameKind::Label { .. } => {}
                }
                if kind != f.kind {
                    edits.push(Edit::SetFrameKind {
                        frame: f.id.clone(),
                        kind,
                    });
                }
                if ui.button(s.delete).clicked() {
                    actions.push(|app| app.delete_selected());
                }
            }
            ui.separator();
            ui.heading(s.stories);
            ui.horizontal(|ui| {
                if ui.button(s.import_story).clicked() {
                    actions.push(|app| app.import_story_dialog());
                }
                if ui.button(s.place_image).clicked() {
                    actions.push(|app| app.place_image_dialog());
                }
            });
            for st in &ed.stories {
                if st.paragraphs.is_empty() && st.headline.is_empty() {
                    continue;
                }
                let title = if st.headline.is_empty() {
                    st.slug.clone()
                } else {
                    st.headline.clone()
                };
                let fit = if st.thread.is_empty() {
                    s.unplaced.to_string()
                } else {
                    doc.composition
                        .stories
                        .get(&st.id)
                        .map(|f| fit_text(s, f))
                        .unwrap_or_default()
                };
                let chosen = self.library_sel.as_deref() == Some(st.id.as_str());
                let r = ui.selectable_label(chosen, format!("{title}  [{fit}]"));
                if r.clicked() {
                    self.library_sel = Some(st.id.clone());
                }
            }
            let can = self
                .library_sel
                .as_ref()
                .is_some_and(|id| ed.story(id).is_some())
                && target.is_some();
            if ui.add_enabled(can, egui::Button::new(s.assign)).clicked() {
                if let (Some(story), Some(frame)) = (self.library_sel.clone(), target) {
                    edits.push(Edit::LinkFrames { story, frame });
                }
            }
        });
        for e in edits {
            self.apply(e);
        }
        for a in actions {
            a(self);
        }
    }
}

fn kind_name(k: &FrameKind) -> &'static str {
    match k {
        FrameKind::Text { .. } => "text",
        FrameKind::Label { .. } => "label",
        FrameKind::Image { .. } => "image",
        FrameKind::Rule { .. } => "rule",
        FrameKind::Box { .. } => "box",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ppi_is_the_lower_of_both_axes() {
        // 1200 px over 101.6 mm (4 in) is 300 ppi; 600 px over 2 in is 300 too.
        assert!((super::effective_ppi((1200, 600), (101.6, 50.8)) - 300.0).abs() < 1e-9);
        assert!((super::effective_ppi((1200, 300), (101.6, 50.8)) - 150.0).abs() < 1e-9);
    }
}
