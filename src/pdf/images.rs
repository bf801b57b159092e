//! Images for the PDF. JPEGs go in unchanged (DCTDecode, full resolution, no recompression);
//! other formats are decoded and stored losslessly (Flate), with an SMask for alpha.

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px};
use std::collections::BTreeMap;
use std::path::Path;

/// What a JPEG's header says about its pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JpegInfo {
    pub width: u32,
    pub height: u32,
    pub components: u8,
    pub bits: u8,
    /// An Adobe APP14 marker: CMYK data written by Photoshop is stored inverted.
    pub adobe: bool,
}

/// Reads the frame header of a JPEG; `None` if `data` is not a JPEG we can pass through.
pub(crate) fn jpeg_info(data: &[u8]) -> Option<JpegInfo> {
    if data.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut adobe = false;
    let mut i = 2;
    loop {
        // Skip fill bytes before a marker.
        while *data.get(i)? == 0xFF && *data.get(i + 1)? == 0xFF {
            i += 1;
        }
        if *data.get(i)? != 0xFF {
            return None;
        }
        let marker = *data.get(i + 1)?;
        i += 2;
        match marker {
            0xD8 | 0x01 | 0xD0..=0xD7 => continue,
            0xD9 | 0xDA => return None, // end or scan before any frame header
            _ => {}
        }
        let len = u16::from_be_bytes([*data.get(i)?, *data.get(i + 1)?]) as usize;
        let seg = data.get(i + 2..i + len)?;
        match marker {
            0xEE if seg.starts_with(b"Adobe") => adobe = true,
            // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                // Arithmetic coding (C9–CB, CD–CF) and lossless (C3, C7, CB, CF) are not
                // what PDF readers decode reliably.
                if !matches!(marker, 0xC0..=0xC2) {
                    return None;
                }
                let bits = *seg.first()?;
                let height = u16::from_be_bytes([*seg.get(1)?, *seg.get(2)?]) as u32;
                let width = u16::from_be_bytes([*seg.get(3)?, *seg.get(4)?]) as u32;
                let components = *seg.get(5)?;
                // Look on for an APP14 marker only up to the frame header: Adobe writes
                // it before SOF, which is all we need.
                return (width > 0 && height > 0 && bits == 8 && matches!(components, 1 | 3 | 4))
                    .then_some(JpegInfo {
                        width,
                        height,
                        components,
                        bits,
                        adobe,
                    });
            }
            _ => {}
        }
        i += len;
    }
}

/// Checks that a JPEG's marker structure runs to its end-of-image marker: a file cut
/// short (a broken copy or download) stops inside a scan. Cheap: no decoding.
pub(crate) fn jpeg_complete(data: &[u8]) -> Result<(), String> {
    let short = || {
        Err(format!(
            "the JPEG stops after {} bytes, before its end-of-image marker (the file is truncated)",
            data.len()
        ))
    };
    if data.get(..2) != Some(&[0xFF, 0xD8][..]) {
        return Err("not a JPEG (no start-of-image marker)".into());
    }
    let mut i = 2;
    loop {
        let Some(&b) = data.get(i) else {
            return short();
        };
        if b != 0xFF {
            return Err(format!("damaged JPEG: no marker at byte {i}"));
        }
        let Some(&marker) = data.get(i + 1) else {
            return short();
        };
        i += 2;
        match marker {
            0xFF => i -= 1, // fill byte
            0xD9 => return Ok(()),
            0xD8 | 0x01 | 0xD0..=0xD7 => {}
            _ => {
                let Some(len) = data.get(i..i + 2) else {
                    return short();
                };
                let len = u16::from_be_bytes([len[0], len[1]]) as usize;
                if len < 2 || i + len > data.len() {
                    return short();
                }
                i += len;
                if marker == 0xDA {
                    // Entropy-coded data runs to the next marker that is not a stuffed
                    // 0xFF00 or a restart marker.
                    loop {
                        match (data.get(i), data.get(i + 1)) {
                            (Some(0xFF), Some(0x00 | 0xD0..=0xD7 | 0xFF)) => i += 1,
                            (Some(0xFF), Some(_)) => break,
                            (Some(_), _) => i += 1,
                            (None, _) => return short(),
                        }
                    }
                }
            }
        }
    }
}

/// Decodes an image file completely (every scan of a JPEG, every row of a PNG), as
/// `huaban check` does before an export: Ok with its pixel size, or what is wrong.
pub fn verify_image(path: &Path) -> Result<(u32, u32), String> {
    let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let err = |e: String| format!("{}: {e}", path.display());
    if data.starts_with(&[0xFF, 0xD8]) {
        jpeg_complete(&data).map_err(err)?;
    }
    let img = image::load_from_memory(&data).map_err(|e| err(e.to_string()))?;
    Ok((img.width(), img.height()))
}

fn name(s: &str) -> DictItem {
    DictItem::Name(s.as_bytes().to_vec())
}

fn image_dict(w: u32, h: u32, space: &str, bits: u8) -> BTreeMap<String, DictItem> {
    BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(w as i64)),
        ("Height".to_string(), DictItem::Int(h as i64)),
        ("ColorSpace".to_string(), name(space)),
        ("BitsPerComponent".to_string(), DictItem::Int(bits as i64)),
    ])
}

fn xobject(
    dict: BTreeMap<String, DictItem>,
    content: Vec<u8>,
    compress: bool,
    w: u32,
    h: u32,
) -> ExternalXObject {
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content,
            compress,
        },
        width: Some(Px(w as usize)),
        height: Some(Px(h as usize)),
        dpi: None,
    }
}

/// A JPEG as an image XObject holding the file's bytes unchanged.
pub(crate) fn jpeg_xobject(data: Vec<u8>) -> Option<ExternalXObject> {
    let info = jpeg_info(&data)?;
    let space = match info.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        _ => "DeviceCMYK",
    };
    let mut dict = image_dict(info.width, info.height, space, info.bits);
    dict.insert("Filter".into(), name("DCTDecode"));
    if info.components == 4 && info.adobe {
        let decode = [1, 0, 1, 0, 1, 0, 1, 0].map(DictItem::Int).to_vec();
        dict.insert("Decode".into(), DictItem::Array(decode));
    }
    Some(xobject(dict, data, false, info.width, info.height))
}

/// Any other image the `image` crate reads, decoded to 8-bit RGB (+ alpha as an SMask).
fn decoded_xobject(data: &[u8]) -> Result<ExternalXObject, String> {
    let img = image::load_from_memory(data).map_err(|e| e.to_string())?;
    let (w, h) = (img.width(), img.height());
    let mut dict = image_dict(w, h, "DeviceRGB", 8);
    if img.color().has_alpha() {
        let rgba = img.to_rgba8();
        let alpha: Vec<u8> = rgba.pixels().map(|p| p.0[3]).collect();
        if alpha.iter().any(|&a| a != 255) {
            let mask = image_dict(w, h, "DeviceGray", 8);
            let stream = ExternalStream {
                dict: mask,
                content: alpha,
                compress: true,
            };
            dict.insert("SMask".into(), DictItem::Stream { stream });
        }
    }
    let rgb = img.to_rgb8().into_raw();
    Ok(xobject(dict, rgb, true, w, h))
}

/// Reads an image file into an XObject.
pub(crate) fn load(path: &Path) -> Result<ExternalXObject, String> {
    let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if data.starts_with(&[0xFF, 0xD8]) {
        // Passed through undecoded, so a truncated file would make a PDF whose photo
        // breaks off in the reader: refuse it here, naming the file.
        jpeg_complete(&data).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(x) = jpeg_xobject(data.clone()) {
            return Ok(x);
        }
    }
    decoded_xobject(&data).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_jpeg_header() {
        // SOI, APP0 (short), SOF0 8-bit 680×1024 3 components, EOI.
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, b'J', b'F'];
        j.extend([0xFF, 0xC0, 0x00, 0x11, 8, 0x02, 0xA8, 0x04, 0x00, 3]);
        j.extend([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        j.extend([0xFF, 0xD9]);
        let i = jpeg_info(&j).expect("header");
        assert_eq!(
            (i.width, i.height, i.components, i.adobe),
            (1024, 680, 3, false)
        );
        assert!(jpeg_info(b"\x89PNG....").is_none());
        assert_eq!(jpeg_complete(&j), Ok(()));
        let e = jpeg_complete(&j[..j.len() - 2]).unwrap_err();
        assert!(e.contains("truncated"), "{e}");
    }

    #[test]
    fn real_jpegs_are_complete_and_cut_ones_are_not() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/images");
        for name in ["cmyk-adobe.jpg", "progressive.jpg"] {
            let data = std::fs::read(dir.join(name)).unwrap();
            assert_eq!(jpeg_complete(&data), Ok(()), "{name}");
            for cut in [3, 20, data.len() / 3, data.len() / 2, data.len() - 1] {
                let e = jpeg_complete(&data[..cut]).unwrap_err();
                assert!(
                    e.contains("truncated") || e.contains("damaged"),
                    "{name} cut at {cut}: {e}"
                );
            }
        }
    }
}
