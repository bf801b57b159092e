//! Print profiles: what a printing condition asks of an exported PDF, kept as data in
//! `profiles/NAME.json` (PDF/X level, output intent with its ICC profile, ink limit,
//! minimum image resolution, overprinting of small black text). [`PrintProfile::pdf_options`]
//! turns one into the options the PDF writer takes; `preflight` checks a composition
//! against it.

pub mod ink;
pub mod naming;
pub mod preflight;

use crate::pdf::{ColorMode, OutputIntent, PdfOptions, Pdfx};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The profile `huaban export` uses when none is named.
pub const DEFAULT_PROFILE: &str = "newsprint";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProfileColor {
    /// Vector colours stay DeviceCMYK.
    Cmyk,
    /// Vector colours are converted to DeviceRGB (for the screen).
    Rgb,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntentSpec {
    /// ICC file, relative to the profile file.
    pub icc: PathBuf,
    pub output_condition_identifier: String,
    #[serde(default)]
    pub registry_name: Option<String>,
    #[serde(default)]
    pub output_condition: Option<String>,
    #[serde(default)]
    pub info: Option<String>,
}

/// One print profile as read from JSON; paths are resolved against the file's folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintProfile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// `"PDF/X-4"`, or null for a plain PDF.
    pub pdfx: Option<String>,
    pub color: ProfileColor,
    pub output_intent: Option<IntentSpec>,
    /// ICC profile that tags RGB photos (ICCBased) in PDF/X files.
    #[serde(default)]
    pub rgb_icc: Option<PathBuf>,
    /// Total area coverage limit in percent (sum of C, M, Y and K).
    #[serde(default)]
    pub tac_limit: Option<f64>,
    /// Lowest effective resolution of placed images, pixels per inch.
    pub min_image_ppi: f64,
    /// 100 % K text smaller than this (pt) is set to overprint.
    #[serde(default)]
    pub overprint_black_text_below_pt: Option<f64>,
    /// Light (reverse) text smaller than this (pt) is flagged: it fills in on press.
    #[serde(default)]
    pub min_reverse_text_pt: Option<f64>,
    /// Rules and box strokes thinner than this (pt) are flagged as hairlines.
    #[serde(default)]
    pub min_line_pt: Option<f64>,
    /// Bleed in mm for every page, instead of the page template's (newspapers: none).
    #[serde(default)]
    pub bleed_mm: Option<f64>,
    /// Crop marks outside the bleed (off for newspapers, whose plates need none).
    #[serde(default)]
    pub crop_marks: bool,
    /// The folder the profile was read from.
    #[serde(skip)]
    pub dir: PathBuf,
}

/// The folder of print profiles: `profiles/` beside the executable (or above it), else the
/// source tree's.
pub fn profiles_dir() -> PathBuf {
    crate::resources::find("profiles", "newsprint.json")
}

impl PrintProfile {
    /// A profile by name (`profiles/NAME.json`) or by path to a JSON file.
    pub fn load(name: &str) -> Result<PrintProfile, String> {
        let p = Path::new(name);
        let path = if p.extension().is_some() || p.components().count() > 1 {
            p.to_path_buf()
        } else {
            profiles_dir().join(format!("{name}.json"))
        };
        if !path.exists() {
            return Err(format!(
                "print profile “{name}” not found ({}); known: {}",
                path.display(),
                known_profiles().join(", ")
            ));
        }
        Self::load_file(&path)
    }

    pub fn load_file(path: &Path) -> Result<PrintProfile, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let mut p: PrintProfile = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}: line {}, column {}: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        p.dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        p.validate()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(p)
    }

    fn validate(&self) -> Result<(), String> {
        match self.pdfx.as_deref() {
            None => {}
            Some("PDF/X-4") => {
                if self.output_intent.is_none() {
                    return Err("PDF/X-4 needs an output_intent".into());
                }
                if self.color != ProfileColor::Cmyk {
                    return Err(
                        "PDF/X-4 with a CMYK output intent needs \"color\": \"cmyk\"".into(),
                    );
                }
            }
            Some(other) => return Err(format!("pdfx “{other}”: only PDF/X-4 is supported")),
        }
        if !(self.min_image_ppi.is_finite() && self.min_image_ppi > 0.0) {
            return Err("min_image_ppi must be a positive number".into());
        }
        if let Some(b) = self.bleed_mm {
            if !(0.0..=25.0).contains(&b) {
                return Err("bleed_mm must be between 0 and 25 (mm)".into());
            }
        }
        if let Some(t) = self.tac_limit {
            if !(0.0..=400.0).contains(&t) {
                return Err("tac_limit must be between 0 and 400 (%)".into());
            }
        }
        Ok(())
    }

    /// The output intent's ICC profile (CMYK), if the profile has one.
    pub fn output_icc(&self) -> Result<Option<Vec<u8>>, String> {
        match &self.output_intent {
            Some(oi) => self.read_icc(&oi.icc).map(Some),
            None => Ok(None),
        }
    }

    /// The profile RGB photos are tagged with (sRGB unless the profile names another).
    pub fn rgb_icc_bytes(&self) -> Result<Option<Vec<u8>>, String> {
        match &self.rgb_icc {
            Some(p) => self.read_icc(p).map(Some),
            None => Ok(None),
        }
    }

    fn read_icc(&self, rel: &Path) -> Result<Vec<u8>, String> {
        let path = self.dir.join(rel);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        // The header's colour space signature sits at bytes 16..20.
        if bytes.len() < 128 || &bytes[36..40] != b"acsp" {
            return Err(format!("{}: not an ICC profile", path.display()));
        }
        Ok(bytes)
    }

    /// Reads the ICC files and returns what the PDF writer needs.
    pub fn pdf_options(&self) -> Result<PdfOptions, String> {
        let pdfx = match (&self.pdfx, &self.output_intent) {
            (Some(version), Some(oi)) => {
                let icc = self.read_icc(&oi.icc)?;
                if &icc[16..20] != b"CMYK" {
                    return Err(format!(
                        "{}: the output intent needs a CMYK profile",
                        self.dir.join(&oi.icc).display()
                    ));
                }
                let rgb_icc = match &self.rgb_icc {
                    Some(p) => Some(self.read_icc(p)?),
                    None => None,
                };
                Some(Pdfx {
                    version: version.clone(),
                    intent: OutputIntent {
                        icc,
                        output_condition_identifier: oi.output_condition_identifier.clone(),
                        registry_name: oi.registry_name.clone(),
                        output_condition: oi.output_condition.clone(),
                        info: oi.info.clone(),
                    },
                    rgb_icc,
                })
            }
            _ => None,
        };
        Ok(PdfOptions {
            pdfx,
            color: match self.color {
                ProfileColor::Cmyk => ColorMode::Cmyk,
                ProfileColor::Rgb => ColorMode::Rgb,
            },
            overprint_black_below: self.overprint_black_text_below_pt,
            bleed: Vec::new(),
            marks: self.crop_marks,
        })
    }
}

/// The bleed of page `index` in points: the profile's `bleed_mm` if set, else the page
/// template's bleed (0 mm for our newspaper templates).
pub fn page_bleed_pt(ed: &crate::model::Edition, index: usize, p: &PrintProfile) -> f64 {
    let mm = p.bleed_mm.unwrap_or_else(|| {
        ed.pages
            .get(index)
            .and_then(|pg| ed.templates.get(&pg.template))
            .map_or(0.0, |t| t.bleed)
    });
    mm.max(0.0) * 72.0 / 25.4
}

/// Names of the profiles in [`profiles_dir`].
pub fn known_profiles() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(profiles_dir())
        .map(|d| {
            d.filter_map(|e| {
                let p = e.ok()?.path();
                (p.extension()? == "json")
                    .then(|| p.file_stem().map(|s| s.to_string_lossy().into_owned()))?
            })
            .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_profiles_load() {
        for name in ["newsprint", "coated", "screen"] {
            let p = PrintProfile::load(name).unwrap();
            assert_eq!(p.name, name);
            let o = p.pdf_options().unwrap();
            assert_eq!(o.pdfx.is_some(), name != "screen", "{name}");
        }
        let n = PrintProfile::load("newsprint").unwrap();
        assert_eq!(n.tac_limit, Some(240.0));
        assert_eq!(n.min_image_ppi, 200.0);
        assert!(PrintProfile::load("nonesuch").is_err());
    }
}
