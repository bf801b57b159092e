//! Every user-visible text of the editor, in Simplified Chinese (default) and English.
//! Add a field here rather than writing a literal in the UI code.

use super::strings_ext::{Ext, EN_EXT, ZH_EXT};

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// The texts of one language. Functions build texts with numbers in them.
pub struct Strings {
    pub app_title: &'static str,
    pub menu_file: &'static str,
    pub open: &'static str,
    pub save: &'static str,
    pub save_as: &'static str,
    pub quit: &'static str,
    pub menu_view: &'static str,
    pub fit_page: &'static str,
    pub actual_size: &'static str,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub show_frames: &'static str,
    pub show_guides: &'static str,
    /// Menu item that switches to the *other* language, written in that language.
    pub switch_lang: &'static str,
    pub pages: &'static str,
    pub no_document: &'static str,
    pub no_document_hint: &'static str,
    pub file_filter: &'static str,
    pub dismiss: &'static str,
    pub unsaved: &'static str,
    pub saved: &'static str,
    pub no_template: &'static str,
    pub problems_title: &'static str,
    pub menu_edit: &'static str,
    pub undo: &'static str,
    pub redo: &'static str,
    pub story: &'static str,
    pub apply: &'static str,
    pub fits: &'static str,
    pub columns: &'static str,
    pub headline_role: &'static str,
    pub unlink: &'static str,
    pub recover_title: &'static str,
    pub recover: &'static str,
    pub discard: &'static str,
    pub unsaved_title: &'static str,
    pub unsaved_text: &'static str,
    pub dont_save: &'static str,
    pub cancel: &'static str,
    overset: fn(usize) -> String,
    short: fn(usize) -> String,
    recover_text: fn(&str) -> String,
    edit_refused: fn(&str) -> String,
    autosave_failed: fn(&str) -> String,
    page_label: fn(usize, &str) -> String,
    page_of: fn(usize, usize) -> String,
    problems: fn(usize) -> String,
    frame_story: fn(&str, &str) -> String,
    cannot_open: fn(&str) -> String,
    cannot_save: fn(&str) -> String,
    missing_default: fn(&str) -> String,
    ext: &'static Ext,
}

/// The texts for building pages live in [`super::strings_ext`]; `s.tools` etc. reach them.
impl std::ops::Deref for Strings {
    type Target = Ext;
    fn deref(&self) -> &Ext {
        self.ext
    }
}

impl Strings {
    /// The page list entry: “第1版 要闻”.
    pub fn page_label(&self, number: usize, section: &str) -> String {
        (self.page_label)(number, section)
    }

    /// Status bar: “第 1/2 页”.
    pub fn page_of(&self, number: usize, count: usize) -> String {
        (self.page_of)(number, count)
    }

    /// Status bar: “2 个问题”.
    pub fn problems(&self, n: usize) -> String {
        (self.problems)(n)
    }

    /// Status bar for the frame under the mouse: its id and the slug of its story.
    pub fn frame_story(&self, frame: &str, slug: &str) -> String {
        (self.frame_story)(frame, slug)
    }

    /// Copyfit: “超 12 字”.
    pub fn overset(&self, chars: usize) -> String {
        (self.overset)(chars)
    }

    /// Copyfit: “差 3 行”.
    pub fn short(&self, lines: usize) -> String {
        (self.short)(lines)
    }

    /// The recovery dialog's question, naming the recovery file.
    pub fn recover_text(&self, path: &str) -> String {
        (self.recover_text)(path)
    }

    pub fn edit_refused(&self, err: &str) -> String {
        (self.edit_refused)(err)
    }

    pub fn autosave_failed(&self, err: &str) -> String {
        (self.autosave_failed)(err)
    }

    pub fn cannot_open(&self, err: &str) -> String {
        (self.cannot_open)(err)
    }

    pub fn cannot_save(&self, err: &str) -> String {
        (self.cannot_save)(err)
    }

    /// Shown when started without a file and the sample edition is not there.
    pub fn missing_default(&self, path: &str) -> String {
        (self.missing_default)(path)
    }
}

pub static ZH: Strings = Strings {
    app_title: "画版",
    menu_file: "文件",
    open: "打开…",
    save: "保存",
    save_as: "另存为…",
    quit: "退出",
    menu_view: "视图",
    fit_page: "适合页面",
    actual_size: "实际大小 (100%)",
    zoom_in: "放大",
    zoom_out: "缩小",
    show_frames: "显示框线",
    show_guides: "显示版心与栏线",
    switch_lang: "English",
    pages: "版面",
    no_document: "没有打开的文件",
    no_document_hint: "用“文件 → 打开…”打开一个 .huaban 版面文件。",
    file_filter: "画版文件",
    dismiss: "关闭",
    unsaved: "未保存",
    saved: "已保存",
    no_template: "（无版式）",
    problems_title: "问题",
    menu_edit: "编辑",
    undo: "撤销",
    redo: "重做",
    story: "稿件",
    apply: "应用",
    fits: "合适",
    columns: "栏数",
    headline_role: "标题",
    unlink: "断开串接",
    recover_title: "发现自动保存",
    recover: "恢复",
    discard: "放弃",
    unsaved_title: "未保存的修改",
    unsaved_text: "文件有未保存的修改。要先保存吗？",
    dont_save: "不保存",
    cancel: "取消",
    overset: |n| format!("超 {n} 字"),
    short: |n| format!("差 {n} 行"),
    recover_text: |p| format!("找到比文件更新的自动保存：{p}。要恢复吗？"),
    edit_refused: |e| format!("无法修改：{e}"),
    autosave_failed: |e| format!("自动保存失败：{e}"),
    page_label: |n, section| {
        if section.is_empty() {
            format!("第{n}版")
        } else {
            format!("第{n}版 {section}")
        }
    },
    page_of: |n, m| format!("第 {n}/{m} 版"),
    problems: |n| format!("{n} 个问题"),
    frame_story: |frame, slug| {
        if slug.is_empty() {
            format!("框 {frame}")
        } else {
            format!("框 {frame} · 稿件 {slug}")
        }
    },
    cannot_open: |e| format!("无法打开：{e}"),
    cannot_save: |e| format!("无法保存：{e}"),
    missing_default: |p| format!("找不到示例版面 {p}；请用“文件 → 打开…”选择文件。"),
    ext: &ZH_EXT,
};

pub static EN: Strings = Strings {
    app_title: "Huaban",
    menu_file: "File",
    open: "Open…",
    save: "Save",
    save_as: "Save As…",
    quit: "Quit",
    menu_view: "View",
    fit_page: "Fit page",
    actual_size: "Actual size (100%)",
    zoom_in: "Zoom in",
    zoom_out: "Zoom out",
    show_frames: "Show frame outlines",
    show_guides: "Show margins and columns",
    switch_lang: "中文",
    pages: "Pages",
    no_document: "No document open",
    no_document_hint: "Use File → Open… to open a .huaban layout file.",
    file_filter: "Huaban layout",
    dismiss: "Dismiss",
    unsaved: "unsaved",
    saved: "saved",
    no_template: "(no template)",
    problems_title: "Problems",
    menu_edit: "Edit",
    undo: "Undo",
    redo: "Redo",
    story: "Story",
    apply: "Apply",
    fits: "fits",
    columns: "Columns",
    headline_role: "Headline",
    unlink: "Unlink frame",
    recover_title: "Autosave found",
    recover: "Recover",
    discard: "Discard",
    unsaved_title: "Unsaved changes",
    unsaved_text: "The document has unsaved changes. Save them first?",
    dont_save: "Don't save",
    cancel: "Cancel",
    overset: |n| format!("{n} characters over"),
    short: |n| format!("{n} lines short"),
    recover_text: |p| format!("An autosave newer than the file was found: {p}. Recover it?"),
    edit_refused: |e| format!("Edit refused: {e}"),
    autosave_failed: |e| format!("Autosave failed: {e}"),
    page_label: |n, section| {
        if section.is_empty() {
            format!("Page {n}")
        } else {
            format!("Page {n} {section}")
        }
    },
    page_of: |n, m| format!("page {n}/{m}"),
    problems: |n| match n {
        1 => "1 problem".to_string(),
        _ => format!("{n} problems"),
    },
    frame_story: |frame, slug| {
        if slug.is_empty() {
            format!("frame {frame}")
        } else {
            format!("frame {frame} · story {slug}")
        }
    },
    cannot_open: |e| format!("Cannot open: {e}"),
    cannot_save: |e| format!("Cannot save: {e}"),
    missing_default: |p| {
        format!("The sample edition {p} is not there; use File → Open… to choose a file.")
    },
    ext: &EN_EXT,
};
