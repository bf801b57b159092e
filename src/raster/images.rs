//! Decoded photos, downscaled once to roughly the size a render needs.
//!
//! Entries are keyed by path, the file's modification time (a replaced photo is decoded
//! again) and a width bucket: the target width rounded up to the next step of a √2
//! ladder, so zooming in the editor reuses an entry across nearby zoom levels and the
//! cached image is never more than √2 too large (nor ever smaller than the target,
//! unless the source itself is smaller).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use tiny_skia::{IntSize, Pixmap};

/// Beyond this many bytes of cached pixels, the cache is emptied before adding more.
const MAX_BYTES: usize = 384 << 20;
/// No cached image is wider or taller than this (the pixmap side limit of a render).
const MAX_SIDE: u32 = 20_000;

type Key = (PathBuf, Option<SystemTime>, u32);

#[derive(Default)]
pub(super) struct Images {
    map: HashMap<Key, Option<Arc<Pixmap>>>,
    bytes: usize,
}

/// The bucket for a target width in pixels: the smallest 2^(k/2) ≥ `w` (at least 16).
pub(super) fn bucket(w: f64) -> u32 {
    let w = w.clamp(16.0, MAX_SIDE as f64);
    let k = (w.log2() * 2.0).ceil();
    (2f64.powf(k / 2.0).ceil() as u32).min(MAX_SIDE)
}

impl Images {
    fn get(&self, key: &Key) -> Option<Option<Arc<Pixmap>>> {
        self.map.get(key).cloned()
    }

    fn insert(&mut self, key: Key, pix: Option<Arc<Pixmap>>) {
        let size = pix.as_ref().map_or(0, |p| p.data().len());
        if self.bytes + size > MAX_BYTES {
            self.map.clear();
            self.bytes = 0;
        }
        self.bytes += size;
        self.map.insert(key, pix);
    }

    pub(super) fn len(&self) -> usize {
        self.map.len()
    }
}

/// The image at `path` at least `target_w` pixels wide (or its full size if smaller);
/// `None` if it cannot be read. Decodes outside the lock, so other threads keep drawing.
pub(super) fn load(cache: &Mutex<Images>, path: &Path, target_w: f64) -> Option<Arc<Pixmap>> {
    let mtime = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let key = (path.to_path_buf(), mtime, bucket(target_w));
    if let Some(hit) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return hit;
    }
    let pix = decode(path, key.2).map(Arc::new);
    cache
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, pix.clone());
    pix
}

fn decode(path: &Path, max_w: u32) -> Option<Pixmap> {
    let img = image::ImageReader::open(path)
        .ok()?
        .with_guessed_format()
        .ok()?
        .decode()
        .ok()?;
    let (iw, ih) = (img.width(), img.height());
    if iw == 0 || ih == 0 {
        return None;
    }
    let rgba = if iw > max_w || ih > MAX_SIDE {
        let s = (max_w as f64 / iw as f64).min(MAX_SIDE as f64 / ih as f64);
        let w = ((iw as f64 * s).round() as u32).max(1);
        let h = ((ih as f64 * s).round() as u32).max(1);
        img.thumbnail_exact(w, h).to_rgba8()
    } else {
        img.to_rgba8()
    };
    let (w, h) = rgba.dimensions();
    let mut data = rgba.into_raw();
    // tiny-skia wants premultiplied alpha.
    for px in data.chunks_exact_mut(4) {
        let a = px[3] as u16;
        if a < 255 {
            for c in &mut px[..3] {
                *c = ((*c as u16 * a + 127) / 255) as u8;
            }
        }
    }
    Pixmap::from_vec(data, IntSize::from_wh(w, h)?)
}

#[cfg(test)]
mod tests {
    use super::bucket;

    #[test]
    fn buckets_cover_the_target_within_sqrt2() {
        for w in [1.0, 16.0, 17.0, 100.0, 300.0, 1000.5, 4000.0] {
            let b = bucket(w) as f64;
            assert!(b >= w, "{w} → {b}");
            assert!(b <= (w.max(16.0) * 1.4143).ceil(), "{w} → {b}");
        }
        assert_eq!(bucket(300.0), bucket(310.0));
        assert_eq!(bucket(1e12), 20_000);
    }
}
