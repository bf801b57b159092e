//! PDF/X post-processing of printpdf's output with lopdf: page boxes, the output intent
//! with its embedded ICC profile, the PDF/X keys of the document information and the XMP
//! metadata that must agree with them, ICC-tagged RGB images and the header version.
//!
//! printpdf's own PDF/X mode is not used: it has a fixed output intent and no page boxes.

use super::{PdfMeta, Pdfx};
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

/// A box `[x0 y0 x1 y1]` in points.
fn rect_obj(r: [f64; 4]) -> Object {
    Object::Array(r.iter().map(|&v| Object::Real(v as f32)).collect())
}

/// MediaBox, BleedBox and TrimBox on every page: the trim is the display page, the bleed
/// the trim grown by `bleed[i]` points on every side (0 when not given), and the media box
/// the bleed box grown by `mark_area` (room for crop marks; 0 without them).
/// printpdf's CropBox (the trim) would hide the bleed, so it goes.
pub(super) fn set_boxes(doc: &mut Document, sizes: &[(f64, f64)], bleed: &[f64], mark_area: f64) {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for (i, id) in pages.into_iter().enumerate() {
        let Some(&(w, h)) = sizes.get(i) else { break };
        let b = bleed.get(i).copied().unwrap_or(0.0).max(0.0);
        let Ok(page) = doc.get_dictionary_mut(id) else {
            continue;
        };
        let bleed_box = [-b, -b, w + b, h + b];
        let m = b + mark_area.max(0.0);
        page.set("MediaBox", rect_obj([-m, -m, w + m, h + m]));
        page.set("BleedBox", rect_obj(bleed_box));
        page.set("TrimBox", rect_obj([0.0, 0.0, w, h]));
        page.remove(b"CropBox");
        page.remove(b"ArtBox");
    }
}

/// Makes `doc` a PDF/X file as `x` describes. Call before compressing; the XMP stream is
/// marked to stay uncompressed.
pub(super) fn apply(doc: &mut Document, x: &Pdfx, meta: &PdfMeta) -> Result<(), String> {
    doc.version = "1.6".into();
    doc.trailer.remove(b"Encrypt");

    let icc = Stream::new(
        dictionary! { "N" => 4, "Alternate" => "DeviceCMYK" },
        x.intent.icc.clone(),
    );
    let icc_id = doc.add_object(icc);
    let mut oi = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFX",
        "OutputConditionIdentifier" => Object::string_literal(x.intent.output_condition_identifier.as_str()),
        "DestOutputProfile" => icc_id,
    };
    if let Some(r) = &x.intent.registry_name {
        oi.set("RegistryName", Object::string_literal(r.as_str()));
    }
    if let Some(c) = &x.intent.output_condition {
        oi.set("OutputCondition", lopdf::text_string(c));
    }
    if let Some(i) = &x.intent.info {
        oi.set("Info", lopdf::text_string(i));
    }
    let oi_id = doc.add_object(oi);

    if let Some(rgb) = &x.rgb_icc {
        tag_rgb_images(doc, rgb);
    }

    let date = Date::from_iso(&meta.date).unwrap_or_else(Date::now);
    let info_id = match doc.trailer.get(b"Info").and_then(|o| o.as_reference()) {
        Ok(id) => id,
        Err(_) => {
            let id = doc.add_object(Dictionary::new());
            doc.trailer.set("Info", id);
            id
        }
    };
    let producer = format!("Huaban {}", env!("CARGO_PKG_VERSION"));
    {
        let info = doc
            .get_dictionary_mut(info_id)
            .map_err(|e| format!("document information: {e}"))?;
        info.set("Title", lopdf::text_string(&meta.title));
        info.set("Producer", lopdf::text_string(&producer));
        info.set("Creator", lopdf::text_string("Huaban (画版)"));
        info.set("CreationDate", Object::string_literal(date.pdf()));
        info.set("ModDate", Object::string_literal(date.pdf()));
        info.set("Trapped", Object::Name(b"False".to_vec()));
        info.set(
            "GTS_PDFXVersion",
            Object::string_literal(x.version.as_str()),
        );
        info.remove(b"GTS_PDFXConformance");
    }

    let xmp = xmp(meta, &producer, &x.version, &date);
    let mut xmp = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp.into_bytes(),
    );
    xmp.allows_compression = false;
    let xmp_id = doc.add_object(xmp);

    if doc.trailer.get(b"ID").is_err() {
        let id = Object::String(document_id(meta).to_vec(), lopdf::StringFormat::Hexadecimal);
        doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    }

    let catalog = doc.catalog_mut().map_err(|e| format!("catalog: {e}"))?;
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(oi_id)]),
    );
    catalog.set("Metadata", xmp_id);
    Ok(())
}

/// RGB images get the sRGB profile as an ICCBased colour space: PDF/X-4 allows RGB only
/// when it is device-independent. The pixels (a JPEG's bytes) stay as they are.
fn tag_rgb_images(doc: &mut Document, srgb: &[u8]) {
    let images: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image")
                    && s.dict.get(b"ColorSpace").and_then(|v| v.as_name()).ok()
                        == Some(b"DeviceRGB")
            })
        })
        .map(|(id, _)| *id)
        .collect();
    if images.is_empty() {
        return;
    }
    let icc = Stream::new(
        dictionary! { "N" => 3, "Alternate" => "DeviceRGB" },
        srgb.to_vec(),
    );
    let icc_id = doc.add_object(icc);
    let space = Object::Array(vec![Object::Name(b"ICCBased".to_vec()), icc_id.into()]);
    for id in images {
        if let Ok(Object::Stream(s)) = doc.get_object_mut(id) {
            s.dict.set("ColorSpace", space.clone());
        }
    }
}

/// A stable document id: the same edition and title give the same id.
fn document_id(meta: &PdfMeta) -> [u8; 16] {
    use std::hash::{Hash, Hasher};
    let mut out = [0u8; 16];
    for (k, chunk) in out.chunks_mut(8).enumerate() {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (k, &meta.title, &meta.date).hash(&mut h);
        chunk.copy_from_slice(&h.finish().to_be_bytes());
    }
    out
}

fn uuid(b: [u8; 16]) -> String {
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet: the same title, producer, dates and trapping as the document
/// information, plus the PDF/X version (pdfxid) and the ids PDF/X-4 asks for.
fn xmp(meta: &PdfMeta, producer: &str, version: &str, date: &Date) -> String {
    let id = uuid(document_id(meta));
    let d = date.xmp();
    let title = xml_escape(&meta.title);
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <xmp:CreateDate>{d}</xmp:CreateDate>
   <xmp:ModifyDate>{d}</xmp:ModifyDate>
   <xmp:MetadataDate>{d}</xmp:MetadataDate>
   <xmp:CreatorTool>Huaban (画版)</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>{id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{FEFF}',
        producer = xml_escape(producer),
        version = xml_escape(version),
    )
}

/// A calendar date at midnight UTC.
pub(super) struct Date {
    y: i64,
    m: u32,
    d: u32,
}

impl Date {
    fn from_iso(s: &str) -> Option<Date> {
        let mut it = s.trim().splitn(3, '-');
        let y: i64 = it.next()?.parse().ok()?;
        let m: u32 = it.next()?.parse().ok()?;
        let d: u32 = it.next()?.get(..2)?.parse().ok()?;
        ((1..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
            .then_some(Date { y, m, d })
    }

    /// Today (UTC), from days since 1970 (Howard Hinnant's civil_from_days).
    fn now() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let z = secs.div_euclid(86_400) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date { y, m, d }
    }

    fn pdf(&self) -> String {
        format!("D:{:04}{:02}{:02}000000Z", self.y, self.m, self.d)
    }

    fn xmp(&self) -> String {
        format!("{:04}-{:02}-{:02}T00:00:00Z", self.y, self.m, self.d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_both_notations() {
        let d = Date::from_iso("2024-03-12").unwrap();
        assert_eq!(d.pdf(), "D:20240312000000Z");
        assert_eq!(d.xmp(), "2024-03-12T00:00:00Z");
        assert!(Date::from_iso("March").is_none());
        let now = Date::now();
        assert!(now.y >= 2024 && (1..=12).contains(&now.m) && (1..=31).contains(&now.d));
    }

    #[test]
    fn xmp_names_the_pdfx_version_and_escapes_the_title() {
        let meta = PdfMeta {
            title: "A & B <株洲日报>".into(),
            date: "2024-03-12".into(),
        };
        let d = Date::from_iso(&meta.date).unwrap();
        let x = xmp(&meta, "Huaban", "PDF/X-4", &d);
        assert!(x.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
        assert!(x.contains("A &amp; B &lt;株洲日报&gt;"));
        assert!(x.contains("<xmp:CreateDate>2024-03-12T00:00:00Z</xmp:CreateDate>"));
    }
}
