//! Total ink (total area coverage, TAC) of a photo's pixels, as it will print.
//!
//! CMYK JPEGs are checked as they are: their pixels are the inks (Adobe JPEGs store them
//! inverted, and YCCK ones as YCbCr of the inverted CMY plus an inverted K). RGB photos
//! (and every non-JPEG, which the PDF writer stores as RGB) are separated the way the
//! output condition will separate them: with LittleCMS from the RGB profile they are
//! tagged with (sRGB) to the output intent's CMYK profile, perceptual intent. Greyscale
//! photos print with K alone and are at most 100 %.

use lcms2::{Intent, PixelFormat, Profile, Transform};
use zune_core::{bytestream::ZCursor, colorspace::ColorSpace, options::DecoderOptions};

/// How much ink a photo puts down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InkStats {
    /// The highest C+M+Y+K of any pixel, percent.
    pub max_tac: f64,
    /// Share of pixels above the limit asked about, 0–1.
    pub over_share: f64,
    /// Whether the figures come from a conversion with the output profile (RGB photos)
    /// rather than from the file's own CMYK values.
    pub converted: bool,
}

/// Ink statistics of the image in `data` against `limit` (percent). `rgb_icc` and
/// `cmyk_icc` are the profiles for separating RGB pixels; without them RGB photos give
/// `Ok(None)` (nothing to say). Greyscale photos give `Ok(None)` as well.
pub fn photo_ink(
    data: &[u8],
    limit: f64,
    rgb_icc: Option<&[u8]>,
    cmyk_icc: Option<&[u8]>,
) -> Result<Option<InkStats>, String> {
    if let Some(j) = crate::pdf::jpeg_info(data) {
        match j.components {
            1 => return Ok(None),
            4 => {
                let inks = cmyk_jpeg_inks(data, j.adobe)?;
                return Ok(Some(stats(&inks, limit, false)));
            }
            _ => {}
        }
    }
    let (Some(rgb_icc), Some(cmyk_icc)) = (rgb_icc, cmyk_icc) else {
        return Ok(None);
    };
    let img = image::load_from_memory(data).map_err(|e| format!("cannot decode: {e}"))?;
    if matches!(
        img.color(),
        image::ColorType::L8 | image::ColorType::L16 | image::ColorType::La8
    ) {
        return Ok(None);
    }
    let rgb = img.to_rgb8();
    let inks = separate(rgb.as_raw(), rgb_icc, cmyk_icc)?;
    Ok(Some(stats(&inks, limit, true)))
}

/// RGB pixels (8 bit, packed) → CMYK inks (8 bit, packed) with the two ICC profiles,
/// perceptual rendering intent.
pub fn separate(rgb: &[u8], rgb_icc: &[u8], cmyk_icc: &[u8]) -> Result<Vec<u8>, String> {
    let src = Profile::new_icc(rgb_icc).map_err(|e| format!("RGB profile: {e}"))?;
    let dst = Profile::new_icc(cmyk_icc).map_err(|e| format!("CMYK profile: {e}"))?;
    let t: Transform<[u8; 3], [u8; 4]> = Transform::new(
        &src,
        PixelFormat::RGB_8,
        &dst,
        PixelFormat::CMYK_8,
        Intent::Perceptual,
    )
    .map_err(|e| format!("colour transform: {e}"))?;
    let px: Vec<[u8; 3]> = rgb.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
    let mut out = vec![[0u8; 4]; px.len()];
    t.transform_pixels(&px, &mut out);
    Ok(out.into_iter().flatten().collect())
}

/// The inks (0 = none, 255 = solid) of a 4-component JPEG, packed CMYK.
fn cmyk_jpeg_inks(data: &[u8], adobe: bool) -> Result<Vec<u8>, String> {
    let decode = |space: ColorSpace| {
        let opts = DecoderOptions::default().jpeg_set_out_colorspace(space);
        let mut d = zune_jpeg::JpegDecoder::new_with_options(ZCursor::new(data), opts);
        d.decode_headers()
            .map_err(|e| format!("cannot decode: {e:?}"))?;
        let input = d.input_colorspace();
        let px = d.decode().map_err(|e| format!("cannot decode: {e:?}"))?;
        Ok::<_, String>((input, px))
    };
    let (input, mut px) = decode(ColorSpace::CMYK).or_else(|_| decode(ColorSpace::YCCK))?;
    if input == Some(ColorSpace::YCCK) {
        // YCbCr → RGB gives the (inverted) C, M, Y values; K stays as stored.
        for p in px.chunks_exact_mut(4) {
            let (y, cb, cr) = (
                f32::from(p[0]),
                f32::from(p[1]) - 128.0,
                f32::from(p[2]) - 128.0,
            );
            let r = y + 1.402 * cr;
            let g = y - 0.344_136 * cb - 0.714_136 * cr;
            let b = y + 1.772 * cb;
            p[0] = (255.0 - r).round().clamp(0.0, 255.0) as u8;
            p[1] = (255.0 - g).round().clamp(0.0, 255.0) as u8;
            p[2] = (255.0 - b).round().clamp(0.0, 255.0) as u8;
        }
    }
    // Adobe (Photoshop, ImageMagick, Ghostscript) CMYK is stored inverted: 255 = no ink.
    if adobe || input == Some(ColorSpace::YCCK) {
        for v in px.iter_mut() {
            *v = 255 - *v;
        }
    }
    Ok(px)
}

fn stats(inks: &[u8], limit: f64, converted: bool) -> InkStats {
    let mut max = 0u32;
    let mut over = 0usize;
    let limit255 = limit / 100.0 * 255.0;
    let n = inks.len() / 4;
    for p in inks.chunks_exact(4) {
        let s = p.iter().map(|&v| u32::from(v)).sum::<u32>();
        max = max.max(s);
        if f64::from(s) > limit255 + 1.0 {
            over += 1;
        }
    }
    InkStats {
        max_tac: f64::from(max) * 100.0 / 255.0,
        over_share: if n == 0 { 0.0 } else { over as f64 / n as f64 },
        converted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_count_pixels_over_the_limit() {
        // 100/100/100/100 % and 0/0/0/100 %.
        let s = stats(&[255, 255, 255, 255, 0, 0, 0, 255], 240.0, false);
        assert!((s.max_tac - 400.0).abs() < 1e-9);
        assert!((s.over_share - 0.5).abs() < 1e-9);
    }

    #[test]
    fn newsprint_profile_separates_black_within_its_limit() {
        let dir = crate::print::profiles_dir().join("icc");
        let srgb = std::fs::read(dir.join("sRGB.icc")).unwrap();
        let news = std::fs::read(dir.join("Huaban-Newsprint26-approx.icc")).unwrap();
        let cmyk = separate(&[0, 0, 0, 255, 255, 255], &srgb, &news).unwrap();
        let black: u32 = cmyk[..4].iter().map(|&v| u32::from(v)).sum();
        assert!(
            black > 200 * 255 / 100,
            "RGB black should be rich: {cmyk:?}"
        );
        assert!(black <= 241 * 255 / 100, "and within 240 %: {cmyk:?}");
        assert_eq!(&cmyk[4..], &[0, 0, 0, 0], "white is no ink");
    }
}
