//! Fonts: finding faces through `fontdb` (the bundled `fonts/` folder first, then the
//! system's), loading them on first use, mapping the 宋/黑/楷 roles to faces, and
//! per-character fallback for characters the role's face lacks.
//!
//! A [`Face`] owns its bytes (for PDF embedding) and a `read_fonts` model font (for
//! shaping with harfrust, metrics and outlines). Faces are loaded lazily and shared
//! read-only, so a `FontSet` can be used from several threads.

mod shape;

pub use shape::{punct_blank, shape, PunctBlank, ShapedGlyph};

use crate::model::FontRole;
use read_fonts::model::Font;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Index of a face in a [`FontSet`].
pub type FontId = usize;

/// The families the bundled fonts provide for each role.
pub fn default_family(role: FontRole) -> &'static str {
    match role {
        FontRole::Song => "Noto Serif CJK SC",
        FontRole::Hei => "Noto Sans CJK SC",
        FontRole::Kai => "Huaban Kai",
    }
}

/// A loaded font face.
pub struct Face {
    /// The font file's bytes (the whole file, also for collections).
    pub data: Arc<Vec<u8>>,
    /// Index of the face in a collection (0 for plain files).
    pub index: u32,
    pub family: String,
    pub postscript_name: String,
    pub path: PathBuf,
    pub bold: bool,
    pub font: Font,
    pub units_per_em: f64,
    /// Ascender and descender in ems (descender negative).
    pub ascender: f64,
    pub descender: f64,
    /// Shaping plans made for this face (see `shape.rs`).
    plans: Mutex<Vec<(shape::PlanKey, Arc<harfrust::ShapePlan>)>>,
}

impl Face {
    fn from_bytes(
        data: Vec<u8>,
        index: u32,
        path: PathBuf,
        info: &fontdb::FaceInfo,
    ) -> Result<Face, String> {
        let data = Arc::new(data);
        let blob: Arc<dyn AsRef<[u8]> + Send + Sync> = data.clone();
        let font = Font::new(read_fonts::model::Blob::from(blob), index)
            .ok_or_else(|| format!("{}: not a font file this program can read", path.display()))?;
        let upem = font.units_per_em().max(1) as f64;
        let m = font.metrics();
        let (asc, desc) = m
            .typo_line
            .or(m.hhea_line)
            .map(|l| (l.ascender.to_f64() / upem, l.descender.to_f64() / upem))
            .unwrap_or((0.88, -0.12));
        Ok(Face {
            data,
            index,
            family: info
                .families
                .first()
                .map(|f| f.0.clone())
                .unwrap_or_default(),
            postscript_name: info.post_script_name.clone(),
            path,
            bold: info.weight.0 >= 600,
            font,
            units_per_em: upem,
            ascender: asc,
            descender: desc,
            plans: Mutex::new(Vec::new()),
        })
    }

    /// The glyph for a character, if the face has one.
    pub fn glyph(&self, ch: char) -> Option<u16> {
        self.font
            .charmap()
            .map_unicode(ch)
            .map(|g| g.to_u32() as u16)
            .filter(|g| *g != 0)
    }

    /// Horizontal advance of a glyph in ems.
    pub fn advance(&self, glyph: u16) -> f64 {
        self.font
            .glyph_metrics()
            .h_advance(read_fonts::types::GlyphId::new(glyph as u32)) as f64
            / self.units_per_em
    }

    /// Whether the face has `CFF` outlines (embedded as CIDFontType0C) rather than `glyf`.
    pub fn is_cff(&self) -> bool {
        use read_fonts::TableProvider;
        read_fonts::FontRef::from_index(&self.data, self.index)
            .map(|f| f.cff().is_ok())
            .unwrap_or(false)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error("font role {role} ({family}{bold}) was found neither in the bundled fonts folder {dirs} nor among the system fonts")]
    MissingRole {
        role: &'static str,
        family: String,
        bold: &'static str,
        dirs: String,
    },
    #[error("{0}")]
    Load(String),
}

struct Slot {
    id: fontdb::ID,
    face: OnceLock<Option<Face>>,
}

/// All faces known to the program (bundled and system), loaded on first use.
pub struct FontSet {
    db: fontdb::Database,
    slots: Vec<Slot>,
    /// How many slots come from the bundled folders (searched first for fallback).
    bundled: usize,
    dirs: Vec<PathBuf>,
    fallback: Mutex<HashMap<char, Option<FontId>>>,
    /// Last load error per slot (a font file that is not a font), for reports.
    errors: Mutex<Vec<String>>,
    /// Punctuation blanks per face and character (see [`punct_blank`]).
    blanks: Mutex<HashMap<(FontId, char), Option<PunctBlank>>>,
    /// Distinguishes this set from every other one made by the process (caches of shaped
    /// text hold font ids, which mean nothing in another set).
    instance: u64,
}

impl FontSet {
    /// Finds the bundled fonts folder: `$HUABAN_FONTS`, `fonts/` next to the executable or
    /// above it (a cargo target dir), then the source tree's `fonts/`.
    pub fn default_dir() -> PathBuf {
        if let Some(d) = std::env::var_os("HUABAN_FONTS") {
            return PathBuf::from(d);
        }
        crate::resources::find("fonts", "NotoSerifSC-Regular.otf")
    }

    /// The bundled fonts plus the system's.
    pub fn load_default() -> FontSet {
        FontSet::load(&[FontSet::default_dir()], true)
    }

    /// Loads the font lists of `dirs` (in order) and, if `system`, the system fonts.
    /// Only metadata is read here; faces are read from disk on first use.
    pub fn load(dirs: &[PathBuf], system: bool) -> FontSet {
        let mut db = fontdb::Database::new();
        for d in dirs {
            db.load_fonts_dir(d);
        }
        let bundled_ids: Vec<fontdb::ID> = db.faces().map(|f| f.id).collect();
        if system {
            db.load_system_fonts();
        }
        let mut slots: Vec<Slot> = bundled_ids
            .iter()
            .map(|id| Slot {
                id: *id,
                face: OnceLock::new(),
            })
            .collect();
        let bundled = slots.len();
        for f in db.faces() {
            if !bundled_ids.contains(&f.id) {
                slots.push(Slot {
                    id: f.id,
                    face: OnceLock::new(),
                });
            }
        }
        FontSet {
            db,
            slots,
            bundled,
            dirs: dirs.to_vec(),
            fallback: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
            blanks: Mutex::new(HashMap::new()),
            instance: {
                static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            },
        }
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// A number no other `FontSet` made by this process has.
    pub fn instance_id(&self) -> u64 {
        self.instance
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The face in slot `id`, loading it if needed; `None` if its file cannot be read.
    pub fn get(&self, id: FontId) -> Option<&Face> {
        let slot = self.slots.get(id)?;
        slot.face
            .get_or_init(|| {
                let info = self.db.face(slot.id)?;
                let (path, bytes) = match &info.source {
                    fontdb::Source::File(p) => (
                        p.clone(),
                        std::fs::read(p).map_err(|e| format!("{}: {e}", p.display())),
                    ),
                    fontdb::Source::Binary(b) => {
                        (PathBuf::from("<memory>"), Ok(b.as_ref().as_ref().to_vec()))
                    }
                    fontdb::Source::SharedFile(p, b) => {
                        (p.clone(), Ok(b.as_ref().as_ref().to_vec()))
                    }
                };
                match bytes.and_then(|b| Face::from_bytes(b, info.index, path, info)) {
                    Ok(f) => Some(f),
                    Err(e) => {
                        self.errors
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .push(e);
                        None
                    }
                }
            })
            .as_ref()
    }

    /// The face in slot `id`. Only call with ids this set returned from `find`/`fallback`,
    /// which are known to load.
    pub fn face(&self, id: FontId) -> &Face {
        self.get(id)
            .expect("FontId handed out by this FontSet refers to a loadable face")
    }

    /// The face of `family` at the nearest weight (bold or regular), bundled fonts first.
    pub fn find(&self, family: &str, bold: bool) -> Option<FontId> {
        let weight = if bold {
            fontdb::Weight::BOLD
        } else {
            fontdb::Weight::NORMAL
        };
        let candidates: Vec<(FontId, u16)> = self
            .slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let info = self.db.face(s.id)?;
                info.families
                    .iter()
                    .any(|(n, _)| n.eq_ignore_ascii_case(family))
                    .then_some((i, info.weight.0.abs_diff(weight.0)))
            })
            .collect();
        let mut sorted = candidates;
        sorted.sort_by_key(|(i, d)| (*d, *i));
        sorted
            .into_iter()
            .map(|(i, _)| i)
            .find(|i| self.get(*i).is_some())
    }

    /// The face for a role, or a clear error naming what is missing.
    pub fn role(
        &self,
        role: FontRole,
        family: Option<&str>,
        bold: bool,
    ) -> Result<FontId, FontError> {
        let family = family.unwrap_or(default_family(role));
        self.find(family, bold)
            .ok_or_else(|| FontError::MissingRole {
                role: role.label_zh(),
                family: family.to_string(),
                bold: if bold { " Bold" } else { "" },
                dirs: self
                    .dirs
                    .iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// A face that has `ch`, preferring `preferred`, then the bundled faces, then system
    /// faces; `None` if no font has it (the caller reports it).
    pub fn fallback(&self, ch: char, preferred: FontId) -> Option<FontId> {
        if self.get(preferred).is_some_and(|f| f.glyph(ch).is_some()) {
            return Some(preferred);
        }
        if let Some(hit) = self
            .fallback
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&ch)
        {
            return *hit;
        }
        // Probe each face's cmap through fontdb (memory-mapped, nothing kept), and load
        // only the face that has the character.
        let found = (0..self.slots.len())
            .filter(|&i| i != preferred)
            .find(|&i| {
                let slot = &self.slots[i];
                let has = match slot.face.get() {
                    Some(face) => face.as_ref().is_some_and(|f| f.glyph(ch).is_some()),
                    None => self
                        .db
                        .with_face_data(slot.id, |data, index| {
                            use read_fonts::TableProvider;
                            read_fonts::FontRef::from_index(data, index)
                                .ok()
                                .and_then(|f| f.cmap().ok())
                                .and_then(|c| c.map_codepoint(ch))
                                .is_some_and(|g| g.to_u32() != 0)
                        })
                        .unwrap_or(false),
                };
                has && self.get(i).is_some()
            });
        self.fallback
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(ch, found);
        found
    }

    /// The blank sides of punctuation mark `ch` in face `id` (GPOS `halt` when the face has
    /// it, else the glyph's ink box), remembered per face and character.
    pub fn punct_blank(&self, id: FontId, ch: char) -> Option<PunctBlank> {
        if let Some(b) = self
            .blanks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&(id, ch))
        {
            return *b;
        }
        let b = self.get(id).and_then(|f| punct_blank(f, ch));
        self.blanks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert((id, ch), b);
        b
    }

    /// Whether slot `id` comes from the bundled folder.
    pub fn is_bundled(&self, id: FontId) -> bool {
        id < self.bundled
    }

    /// Files that looked like fonts but could not be read.
    pub fn load_errors(&self) -> Vec<String> {
        self.errors
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// A shared font set, as the composer, exporters and the editor hold it.
pub type SharedFonts = Arc<FontSet>;

/// Path of the bundled fonts folder relative to a project checkout.
pub fn bundled_dir_in(root: &Path) -> PathBuf {
    root.join("fonts")
}
