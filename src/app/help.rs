//! Help → Shortcuts: the keyboard shortcuts, close to InDesign and 飞腾.

use super::HuabanApp;

impl HuabanApp {
    pub(super) fn help_window(&mut self, ctx: &egui::Context) {
        if !self.help_open {
            return;
        }
        let s = self.strings();
        let mut open = true;
        egui::Window::new(s.help_title)
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for (keys, what) in s.shortcut_list {
                        ui.monospace(*keys);
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            });
        self.help_open = open;
    }
}
