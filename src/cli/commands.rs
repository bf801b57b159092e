use crate::compose::{compose, Composition};
use crate::fonts::FontSet;
use crate::model::{self, Edition};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The sample edition shipped with the program.
pub fn sample_edition_path() -> PathBuf {
    crate::resources::find("sample_edition", "zhuzhou-2024-03-12.huaban")
        .join("zhuzhou-2024-03-12.huaban")
}

/// Loads and composes a layout file; errors name the file.
pub fn load_and_compose(file: &Path, fonts: &FontSet) -> Result<(Edition, Composition), String> {
    let ed = model::load(file).map_err(|e| e.to_string())?;
    let base = file.parent().unwrap_or(Path::new("."));
    let comp = compose(&ed, fonts, base).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok((ed, comp))
}

/// Parses a page selection such as `1,3-4` into 0-based indices, checked against `count`.
pub fn parse_pages(spec: &str, count: usize) -> Result<Vec<usize>, String> {
    let mut out = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let bad = || format!("--pages: “{part}” is not a page or range (e.g. 1,3-4)");
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (
                a.trim().parse::<usize>().map_err(|_| bad())?,
                b.trim().parse::<usize>().map_err(|_| bad())?,
            ),
            None => {
                let n = part.parse::<usize>().map_err(|_| bad())?;
                (n, n)
            }
        };
        if a == 0 || b < a || b > count {
            return Err(format!("--pages: “{part}” is outside pages 1–{count}"));
        }
        out.extend(a - 1..b);
    }
    if out.is_empty() {
        return Err("--pages selects no page".into());
    }
    out.dedup();
    Ok(out)
}

/// What `huaban export` is asked for beyond the file and the pages.
#[derive(Debug, Clone, Default)]
pub struct ExportDelivery {
    /// Print profile name or path.
    pub profile: String,
    /// Page file name pattern instead of the edition's `settings.page_file_name`.
    pub name: Option<String>,
    /// Crop marks on (overrides the profile).
    pub marks: bool,
    /// Bleed in mm (overrides the profile and the templates).
    pub bleed_mm: Option<f64>,
}

pub fn export(
    file: &Path,
    out: Option<PathBuf>,
    combined: Option<PathBuf>,
    pages: Option<&str>,
    delivery: &ExportDelivery,
) -> Result<ExitCode, String> {
    let mut profile = crate::print::PrintProfile::load(&delivery.profile)?;
    if let Some(b) = delivery.bleed_mm {
        if !(b.is_finite() && (0.0..=25.0).contains(&b)) {
            return Err(format!("--bleed {b}: choose between 0 and 25 mm"));
        }
        profile.bleed_mm = Some(b);
    }
    profile.crop_marks |= delivery.marks;
    let mut opts = profile.pdf_options()?;
    let fonts = FontSet::load_default();
    let (ed, comp) = load_and_compose(file, &fonts)?;
    let sel = match pages {
        Some(s) => parse_pages(s, comp.pages.len())?,
        None => (0..comp.pages.len()).collect(),
    };
    for p in &comp.problems {
        eprintln!("warning: {}", describe(&ed, p));
    }
    let meta = crate::pdf::PdfMeta::from_edition(&ed);
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    match (out, combined) {
        (_, Some(path)) => {
            let pages: Vec<_> = sel.iter().filter_map(|&i| comp.display_page(i)).collect();
            opts.bleed = sel
                .iter()
                .map(|&i| crate::print::page_bleed_pt(&ed, i, &profile))
                .collect();
            let bytes = crate::pdf::write_pdf_with(&pages, &fonts, &meta, &opts)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            write_file(&path, &bytes)?;
            eprintln!(
                "wrote {} ({} pages, {} KB)",
                path.display(),
                pages.len(),
                bytes.len() / 1024
            );
        }
        (Some(dir), None) => {
            let pattern = delivery
                .name
                .as_deref()
                .unwrap_or(&ed.settings.page_file_name);
            let names = crate::print::naming::page_file_names(pattern, &ed, &sel, &profile.name)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("{}: cannot create folder: {e}", dir.display()))?;
            for (k, &i) in sel.iter().enumerate() {
                let page = comp.display_page(i).expect("selected pages exist");
                opts.bleed = vec![crate::print::page_bleed_pt(&ed, i, &profile)];
                let bytes =
                    crate::pdf::write_pdf_with(std::slice::from_ref(&page), &fonts, &meta, &opts)
                        .map_err(|e| format!("page {}: {e}", i + 1))?;
                let path = dir.join(&names[k]);
                write_file(&path, &bytes)?;
                let line = format!(
                    "[{}/{}] page {} → {} ({} KB)",
                    k + 1,
                    sel.len(),
                    i + 1,
                    path.display(),
                    bytes.len() / 1024
                );
                if tty {
                    eprint!("\r{line}\x1b[K");
                } else {
                    eprintln!("{line}");
                }
            }
            if tty {
                eprintln!();
            }
        }
        (None, None) => {
            return Err(
                "export: say where to: --out DIR (one PDF per page) or --combined FILE.pdf".into(),
            )
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The bleed of page `index`'s template, in points (0 when the template is unknown).
pub fn bleed_pt(ed: &Edition, index: usize) -> f64 {
    ed.pages
        .get(index)
        .and_then(|p| ed.templates.get(&p.template))
        .map_or(0.0, |t| t.bleed * 72.0 / 25.4)
}

/// The file name of page `index` under the edition's pattern (`settings.page_file_name`,
/// by default `<date>_<page as 2 digits>.pdf`, e.g. `2024-03-12_01.pdf`).
pub fn page_file_name(ed: &Edition, index: usize) -> Result<String, String> {
    crate::print::naming::page_file_name(&ed.settings.page_file_name, ed, index, "")
}

/// Writes `bytes` to `path` atomically (temp file, fsync, rename).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("pdf.tmp");
    let r = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    r.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{}: cannot write: {e}", path.display())
    })
}

pub fn render(file: &Path, page: usize, dpi: f64, out: &Path) -> Result<ExitCode, String> {
    if !(dpi.is_finite() && (10.0..=1200.0).contains(&dpi)) {
        return Err(format!("--dpi {dpi}: choose between 10 and 1200"));
    }
    let fonts = FontSet::load_default();
    let (_ed, comp) = load_and_compose(file, &fonts)?;
    let n = comp.pages.len();
    if page == 0 || page > n {
        return Err(format!(
            "{}: --page {page}: the edition has pages 1–{n}",
            file.display()
        ));
    }
    let dp = comp.display_page(page - 1).expect("checked");
    let images = crate::raster::ImageCache::default();
    let pix = crate::raster::render(&dp, &fonts, dpi / 72.0, &images);
    crate::raster::save_png(&pix, out).map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!(
        "wrote {} ({}×{} px)",
        out.display(),
        pix.width(),
        pix.height()
    );
    Ok(ExitCode::SUCCESS)
}

fn describe(ed: &Edition, p: &crate::compose::Problem) -> String {
    let mut s = String::new();
    if let Some(pi) = p.page {
        s.push_str(&format!("page {}", pi + 1));
        if let Some(pg) = ed.pages.get(pi) {
            if !pg.section.is_empty() {
                s.push_str(&format!(" ({})", pg.section));
            }
        }
        s.push_str(": ");
    }
    if let Some(f) = p.frame.as_deref().filter(|f| !f.is_empty()) {
        s.push_str(&format!("frame “{f}”: "));
    }
    s.push_str(&p.message);
    s
}

pub fn check(file: &Path, json: bool, profile: Option<&str>) -> Result<ExitCode, String> {
    let profile = profile.map(crate::print::PrintProfile::load).transpose()?;
    let fonts = FontSet::load_default();
    let (ed, mut comp) = load_and_compose(file, &fonts)?;
    let base = file.parent().unwrap_or(Path::new("."));
    let damaged = super::check_images::damaged_images(&ed, base, &comp.problems);
    comp.problems.extend(damaged);
    let warnings = match &profile {
        Some(p) => {
            let base = file.parent().unwrap_or(Path::new("."));
            crate::print::preflight::preflight(&ed, &comp, base, p)
        }
        None => Vec::new(),
    };
    let errors = comp.problems.len();
    // Ignore a closed pipe (`huaban check … | head`).
    let mut so = std::io::stdout().lock();
    if json {
        let as_json = |p: &crate::compose::Problem| serde_json::json!({"page": p.page.map(|i| i + 1), "frame": p.frame, "message": p.message});
        let problems: Vec<serde_json::Value> = comp.problems.iter().map(as_json).collect();
        let warnings: Vec<serde_json::Value> = warnings.iter().map(as_json).collect();
        let stories: serde_json::Map<String, serde_json::Value> = comp
            .stories
            .iter()
            .map(|(id, f)| {
                (id.clone(), serde_json::json!({"overset_chars": f.overset_chars, "overset_lines": f.overset_lines, "short_lines": f.short_lines}))
            })
            .collect();
        let _ = writeln!(
            so,
            "{}",
            serde_json::json!({"file": file.display().to_string(), "pages": comp.pages.len(), "problems": problems, "warnings": warnings, "stories": stories})
        );
    } else {
        for (id, f) in &comp.stories {
            let slug = ed.story(id).map(|s| s.slug.as_str()).unwrap_or(id);
            let fit = if f.overset_chars > 0 {
                format!("超 {} 字 ({} 行)", f.overset_chars, f.overset_lines)
            } else if f.short_lines > 0 {
                format!("差 {} 行", f.short_lines)
            } else {
                "fits".to_string()
            };
            let _ = writeln!(so, "{slug}: {fit}");
        }
        for p in &comp.problems {
            let _ = writeln!(so, "problem: {}", describe(&ed, p));
        }
        for w in &warnings {
            let _ = writeln!(so, "warning: {}", describe(&ed, w));
        }
        let _ = writeln!(so, "{} pages, {} problems", comp.pages.len(), errors);
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The folder of page templates: `layouts/` beside the executable (or above it), else the
/// source tree's.
pub fn layouts_dir() -> PathBuf {
    crate::resources::find("layouts", "broadsheet.json")
}

/// A template by name (`layouts/NAME.json`) or by path.
pub fn load_template(name: &str) -> Result<crate::model::Template, String> {
    let p = Path::new(name);
    let path = if p.extension().is_some() || p.components().count() > 1 {
        p.to_path_buf()
    } else {
        layouts_dir().join(format!("{name}.json"))
    };
    if !path.exists() {
        let known: Vec<String> = std::fs::read_dir(layouts_dir())
            .map(|d| {
                d.filter_map(|e| {
                    e.ok()?
                        .path()
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                })
                .collect()
            })
            .unwrap_or_default();
        return Err(format!(
            "template “{name}” not found ({}); known: {}",
            path.display(),
            known.join(", ")
        ));
    }
    crate::model::Template::load(&path).map_err(|e| e.to_string())
}

pub fn typeset(text: &Path, template: &str, role: &str, out: &Path) -> Result<ExitCode, String> {
    let role = match role {
        "song" | "宋" => crate::model::FontRole::Song,
        "hei" | "黑" => crate::model::FontRole::Hei,
        "kai" | "楷" => crate::model::FontRole::Kai,
        other => return Err(format!("--font-role {other}: choose song, hei or kai")),
    };
    let t = load_template(template)?;
    let raw = std::fs::read(text).map_err(|e| format!("{}: cannot read: {e}", text.display()))?;
    let raw = String::from_utf8(raw).map_err(|e| {
        format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            text.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let (headline, paras) = crate::typeset::split_text(&raw);
    let name = Path::new(template)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| template.to_string());
    let fonts = FontSet::load_default();
    let (ed, comp) = crate::typeset::typeset(&headline, &paras, &name, &t, role, &fonts)
        .map_err(|e| format!("{}: {e}", text.display()))?;
    for p in &comp.problems {
        eprintln!("warning: {}", describe(&ed, p));
    }
    let pages: Vec<_> = (0..comp.pages.len())
        .filter_map(|i| comp.display_page(i))
        .collect();
    let bytes = crate::pdf::write_pdf(&pages, &fonts, &crate::pdf::PdfMeta::from_edition(&ed))
        .map_err(|e| format!("{}: {e}", out.display()))?;
    write_file(out, &bytes)?;
    eprintln!("wrote {} ({} pages)", out.display(), pages.len());
    Ok(ExitCode::SUCCESS)
}
