//! Photos taken at the walk-around: saved once under their content hash
//! (`<data_dir>/photos/<sha256>.<ext>`), so the same picture twice is one file and a
//! reference can never point at different bytes later.
use crate::reason::Reason;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::intake::{decode_base64, is_photo_name, mime_of};
use crate::error::{CoreError, Result};

const MAX_PHOTO_BYTES: usize = 25 * 1024 * 1024;

/// A stored photo; items, marks and belongings keep its `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PhotoRef {
    /// `<sha256>.<ext>`.
    pub name: String,
    pub sha256: String,
    pub mime: String,
    pub bytes: u32,
}

/// The image format by its magic bytes: (extension, MIME type).
fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("png", "image/png"))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("jpg", "image/jpeg"))
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("webp", "image/webp"))
    } else {
        None
    }
}

pub(crate) fn photo_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("photos")
}

/// Saves a PNG, JPEG or WebP photo (deduplicated by content) and returns its reference.
pub fn store_photo(data_dir: &Path, bytes: &[u8]) -> Result<PhotoRef> {
    let (ext, mime) =
        sniff(bytes).ok_or_else(|| CoreError::invalid("photo", Reason::PhotoFormat))?;
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(CoreError::invalid("photo", Reason::PhotoTooLarge));
    }
    let sha256 = hex::encode(Sha256::digest(bytes));
    let name = format!("{sha256}.{ext}");
    // Durable, and a damaged file a crash left under this hash is rewritten.
    crate::files::write_content_addressed(&photo_dir(data_dir), &name, &sha256, bytes)?;
    Ok(PhotoRef {
        name,
        sha256,
        mime: mime.to_string(),
        bytes: bytes.len() as u32,
    })
}

/// Saves the photo file at `source` (chosen in a file dialog).
/// A FIFO, device or folder is refused before anything is read, and so is a file over
/// the photo size limit.
pub fn store_photo_file(data_dir: &Path, source: &Path) -> Result<PhotoRef> {
    let bytes =
        crate::files::read_bounded(source, MAX_PHOTO_BYTES as u64, "photo", Reason::PhotoFormat)
            .map_err(|e| match e {
                CoreError::Invalid(issues)
                    if issues.iter().any(|i| i.code == Reason::FileTooLarge) =>
                {
                    CoreError::invalid("photo", Reason::PhotoTooLarge)
                }
                other => other,
            })?;
    store_photo(data_dir, &bytes)
}

/// Saves a photo sent as base64 (a camera capture in the window).
pub fn store_photo_base64(data_dir: &Path, base64_bytes: &str) -> Result<PhotoRef> {
    // Bounded before decoding: base64 is 4/3 of the bytes it carries.
    if base64_bytes.len() > MAX_PHOTO_BYTES / 3 * 4 + 64 {
        return Err(CoreError::invalid("photo", Reason::PhotoTooLarge));
    }
    let bytes = decode_base64(base64_bytes, "photo", Reason::PhotoFormat)?;
    store_photo(data_dir, &bytes)
}

/// The photo as a `data:` URL for showing on screen.
pub fn photo_data_url(data_dir: &Path, name: &str) -> Result<String> {
    if !is_photo_name(name) {
        return Err(CoreError::invalid("photo", Reason::PhotoReference));
    }
    let mime = name
        .rsplit_once('.')
        .and_then(|(_, ext)| mime_of(ext))
        .unwrap_or("application/octet-stream");
    let bytes = match std::fs::read(photo_dir(data_dir).join(name)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CoreError::NotFound { what: "photo" })
        }
        Err(e) => return Err(e.into()),
    };
    let body = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(format!("data:{mime};base64,{body}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_photo_twice_is_one_file_under_its_hash() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        let first = store_photo(dir.path(), &jpeg)?;
        let second = store_photo(dir.path(), &jpeg)?;
        assert_eq!(first, second);
        assert!(first.name.ends_with(".jpg") && is_photo_name(&first.name));
        assert_eq!(std::fs::read_dir(photo_dir(dir.path()))?.count(), 1);
        assert!(photo_data_url(dir.path(), &first.name)?.starts_with("data:image/jpeg;base64,"));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_device_a_folder_or_a_missing_path_is_refused_and_nothing_is_written() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let zero = store_photo_file(dir.path(), Path::new("/dev/zero"));
        assert!(matches!(zero, Err(CoreError::Invalid(ref i)) if i[0].code == "photo.format"));
        let folder = store_photo_file(dir.path(), dir.path());
        assert!(matches!(folder, Err(CoreError::Invalid(_))));
        let climbing = store_photo_file(dir.path(), &dir.path().join("../../nowhere.jpg"));
        assert!(climbing.is_err());
        let big = store_photo_base64(dir.path(), &"A".repeat(MAX_PHOTO_BYTES / 3 * 4 + 100));
        assert!(matches!(big, Err(CoreError::Invalid(ref i)) if i[0].code == "photo.too_large"));
        assert!(!photo_dir(dir.path()).exists(), "no photo file was written");
        Ok(())
    }

    #[test]
    fn only_png_jpeg_and_webp_are_accepted() -> Result<()> {
        let dir = tempfile::tempdir()?;
        let webp = b"RIFF\0\0\0\0WEBPVP8 ";
        assert_eq!(store_photo(dir.path(), webp)?.mime, "image/webp");
        let gif = store_photo(dir.path(), b"GIF89a....");
        assert!(matches!(gif, Err(CoreError::Invalid(ref i)) if i[0].code == "photo.format"));
        Ok(())
    }
}
