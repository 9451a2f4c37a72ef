//! From drawn pages to PDF bytes, fast enough to print at the desk without a wait:
//! pictures are embedded once each with a quick deflate (a signature and a logo do not
//! need the slowest setting), and the page streams are compressed the same way.
use std::io::Write;

use flate2::{write::ZlibEncoder, Compression};
use printpdf::{
    DictItem, ExternalStream, ExternalXObject, FontId, PdfDocument, PdfFont, PdfSaveOptions, Px,
    RawImage, RawImageData, RawImageFormat, XObject, XObjectId,
};

use super::blocks::ImageRef;
use super::draw::PlacedImage;
use super::fonts::FormFonts;
use super::{FormError, FormOptions, ShopHeader};

/// zlib level 3: a few percent bigger than the best setting, several times faster.
const LEVEL: u32 = 3;

/// The pictures of one document, each distinct PNG embedded once.
#[derive(Default)]
pub(crate) struct Pictures {
    pub placed: Vec<PlacedImage>,
    sources: Vec<(Vec<u8>, ImageRef)>,
}

impl Pictures {
    /// Embeds `png` (or finds it already embedded) and returns where it is.
    pub(crate) fn add(
        &mut self,
        pdf: &mut PdfDocument,
        png: &[u8],
        what: &str,
    ) -> Result<ImageRef, FormError> {
        if let Some((_, found)) = self.sources.iter().find(|(bytes, _)| bytes == png) {
            return Ok(*found);
        }
        let bad = |reason: String| FormError::Image {
            what: what.to_string(),
            reason,
        };
        let raw = RawImage::decode_from_bytes(png, &mut Vec::new()).map_err(bad)?;
        let (width, height) = (raw.width, raw.height);
        if width == 0 || height == 0 {
            return Err(bad("the image is empty".into()));
        }
        let Channels {
            colour,
            alpha,
            space,
        } = split_channels(&raw).ok_or_else(|| bad("unsupported pixel format".into()))?;
        let mut dict = image_dict(width, height, space);
        dict.insert("Filter".into(), DictItem::Name(b"FlateDecode".to_vec()));
        if let Some(alpha) = alpha {
            let mut mask = image_dict(width, height, "DeviceGray");
            mask.insert("Filter".into(), DictItem::Name(b"FlateDecode".to_vec()));
            let stream = ExternalStream {
                dict: mask,
                content: deflate(&alpha)?,
                compress: false,
            };
            dict.insert("SMask".into(), DictItem::Stream { stream });
        }
        let xobject = ExternalXObject {
            stream: ExternalStream {
                dict,
                content: deflate(&colour)?,
                compress: false,
            },
            width: Some(Px(width)),
            height: Some(Px(height)),
            dpi: None,
        };
        // Named, not random, ids: the same snapshot always gives the same bytes.
        let id = XObjectId(format!("Im{}", self.placed.len() + 1));
        pdf.resources
            .xobjects
            .map
            .insert(id.clone(), XObject::External(xobject));
        self.placed.push(PlacedImage {
            id,
            width_px: width,
            height_px: height,
        });
        let found = ImageRef {
            index: self.placed.len() - 1,
            aspect: width as f32 / height as f32,
        };
        self.sources.push((png.to_vec(), found));
        Ok(found)
    }

    /// [`Pictures::add`] for a picture that may be missing (a logo, a signature).
    pub(crate) fn add_some(
        &mut self,
        pdf: &mut PdfDocument,
        png: Option<&[u8]>,
        what: &str,
    ) -> Result<Option<ImageRef>, FormError> {
        png.map(|png| self.add(pdf, png, what)).transpose()
    }
}

/// A document named `name`, its metadata set (the shop as author, `subject`, dated
/// `created_at` when given), with the form font registered under `font_seed`.
pub(crate) fn new_pdf(
    fonts: &FormFonts,
    created_at: Option<chrono::NaiveDateTime>,
    author: &str,
    name: &str,
    subject: &str,
    font_seed: &str,
) -> (PdfDocument, FontId) {
    let mut pdf = PdfDocument::new(name);
    pdf.metadata.info.author = author.to_string();
    pdf.metadata.info.creator = "Garage Desk".into();
    pdf.metadata.info.subject = subject.to_string();
    if let Some(at) = created_at {
        let stamp = printpdf::DateTime::from_unix_timestamp(at.and_utc().timestamp())
            .unwrap_or(printpdf::DateTime::epoch());
        pdf.metadata.info.creation_date = stamp;
        pdf.metadata.info.modification_date = stamp;
        pdf.metadata.info.metadata_date = stamp;
    }
    let font = add_font(&mut pdf, fonts, font_seed);
    (pdf, font)
}

/// [`new_pdf`] named and seeded by the form's number and title; shared by the settlement
/// slip, the receipt, the credit note and the service card.
pub(crate) fn numbered_pdf(
    fonts: &FormFonts,
    options: &FormOptions,
    shop: &ShopHeader,
    title: &str,
    number: &str,
) -> (PdfDocument, FontId) {
    let name = format!("{number} {title}");
    let seed = format!("{number}-{title}");
    new_pdf(fonts, options.created_at, &shop.name, &name, title, &seed)
}

fn image_dict(
    width: usize,
    height: usize,
    colour_space: &str,
) -> std::collections::BTreeMap<String, DictItem> {
    let mut dict = std::collections::BTreeMap::new();
    dict.insert("Type".into(), DictItem::Name(b"XObject".to_vec()));
    dict.insert("Subtype".into(), DictItem::Name(b"Image".to_vec()));
    dict.insert("Width".into(), DictItem::Int(width as i64));
    dict.insert("Height".into(), DictItem::Int(height as i64));
    dict.insert(
        "ColorSpace".into(),
        DictItem::Name(colour_space.as_bytes().to_vec()),
    );
    dict.insert("BitsPerComponent".into(), DictItem::Int(8));
    dict
}

/// A picture as PDF wants it: colour samples, the alpha channel apart (PDF keeps it as a
/// soft mask), and the colour space name.
struct Channels {
    colour: Vec<u8>,
    alpha: Option<Vec<u8>>,
    space: &'static str,
}

/// 8-bit samples split into [`Channels`]; 16-bit images keep their high byte.
fn split_channels(raw: &RawImage) -> Option<Channels> {
    let (channels, has_alpha, space) = match raw.data_format {
        RawImageFormat::R8 | RawImageFormat::R16 => (1, false, "DeviceGray"),
        RawImageFormat::RG8 | RawImageFormat::RG16 => (2, true, "DeviceGray"),
        RawImageFormat::RGB8 | RawImageFormat::RGB16 => (3, false, "DeviceRGB"),
        RawImageFormat::RGBA8 | RawImageFormat::RGBA16 => (4, true, "DeviceRGB"),
        _ => return None,
    };
    let samples: Vec<u8> = match &raw.pixels {
        RawImageData::U8(v) => v.clone(),
        RawImageData::U16(v) => v.iter().map(|s| (s >> 8) as u8).collect(),
        RawImageData::F32(v) => v
            .iter()
            .map(|s| (s.clamp(0.0, 1.0) * 255.0) as u8)
            .collect(),
    };
    if samples.len() != raw.width * raw.height * channels {
        return None;
    }
    if !has_alpha {
        return Some(Channels {
            colour: samples,
            alpha: None,
            space,
        });
    }
    let colour_channels = channels - 1;
    let mut colour = Vec::with_capacity(raw.width * raw.height * colour_channels);
    let mut alpha = Vec::with_capacity(raw.width * raw.height);
    for pixel in samples.chunks_exact(channels) {
        colour.extend_from_slice(&pixel[..colour_channels]);
        alpha.push(pixel[colour_channels]);
    }
    // A fully opaque picture needs no mask.
    let alpha = alpha.iter().any(|&a| a < 255).then_some(alpha);
    Some(Channels {
        colour,
        alpha,
        space,
    })
}

fn deflate(data: &[u8]) -> Result<Vec<u8>, FormError> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 3), Compression::new(LEVEL));
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

/// Registers the form font under a name derived from `seed`; its first six letters are
/// the subset tag (`ABCDEF+NotoSansSC-Regular`) viewers show.
pub(crate) fn add_font(pdf: &mut PdfDocument, fonts: &FormFonts, seed: &str) -> FontId {
    let mut hash = fnv1a(seed.as_bytes());
    let tag: String = (0..6)
        .map(|_| {
            let letter = char::from(b'A' + (hash % 26) as u8);
            hash /= 26;
            letter
        })
        .collect();
    let id = FontId(format!("{tag}F1"));
    pdf.resources
        .fonts
        .map
        .insert(id.clone(), PdfFont::new(fonts.regular.clone()));
    id
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Serializes with the font subset, compressing every stream not compressed yet.
pub(crate) fn save(pdf: &PdfDocument) -> Result<Vec<u8>, FormError> {
    let options = PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut document = pdf.to_lopdf_document(&options, &mut warnings);
    for object in document.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            if stream.allows_compression && stream.dict.get(b"Filter").is_err() {
                let compressed = deflate(&stream.content)?;
                if compressed.len() < stream.content.len() {
                    stream
                        .dict
                        .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                    stream.set_content(compressed);
                }
            }
        }
    }
    // The file identifier is a digest of the content rather than random.
    let digest = document
        .objects
        .values()
        .fold(0u64, |h, object| match object {
            lopdf::Object::Stream(stream) => h.rotate_left(5) ^ fnv1a(&stream.content),
            _ => h,
        });
    let id = lopdf::Object::String(
        format!("{digest:016x}").into_bytes(),
        lopdf::StringFormat::Hexadecimal,
    );
    document
        .trailer
        .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).map_err(|err| FormError::Pdf {
        reason: err.to_string(),
    })?;
    Ok(bytes)
}
