//! The shop's logo: a PNG copied into the data folder under its content hash, so the
//! settings keep only a short name and the forms read the same bytes on every print.
use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::{CoreError, Result};
use crate::settings::ShopSettings;
use crate::store::Store;

const PNG_MAGIC: &[u8] = b"\x89PNG\r\n\x1a\n";
const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;

fn logo_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logo")
}

/// Checks that `bytes` are a PNG of a sensible size and returns its content-hash file name.
pub fn logo_file_name(bytes: &[u8]) -> Result<String> {
    if !bytes.starts_with(PNG_MAGIC) {
        return Err(CoreError::invalid("logoPng", "logo.format"));
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(CoreError::invalid("logoPng", "logo.too_large"));
    }
    Ok(format!("{}.png", hex::encode(Sha256::digest(bytes))))
}

/// Copies the PNG at `source` in as the logo (or clears it when `source` is `None`) and
/// returns the saved settings.
pub fn set_logo(store: &Store, data_dir: &Path, source: Option<&Path>) -> Result<ShopSettings> {
    let mut settings = store.get_settings()?;
    settings.logo_png = match source {
        None => None,
        Some(path) => {
            let bytes = std::fs::read(path)?;
            let name = logo_file_name(&bytes)?;
            let dir = logo_dir(data_dir);
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join(&name), &bytes)?;
            Some(name)
        }
    };
    store.save_settings(&settings)
}

/// The logo's bytes, if one is set and its file is present.
pub fn logo_bytes(store: &Store, data_dir: &Path) -> Result<Option<Vec<u8>>> {
    let Some(name) = store.get_settings()?.logo_png else {
        return Ok(None);
    };
    match std::fs::read(logo_dir(data_dir).join(name)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The logo as a `data:image/png;base64,…` URL for showing on screen.
pub fn logo_data_url(store: &Store, data_dir: &Path) -> Result<Option<String>> {
    Ok(logo_bytes(store, data_dir)?.map(|bytes| {
        format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logo_that_is_not_a_png_is_refused_with_a_field_error() {
        let err = logo_file_name(b"GIF89a....").expect_err("not a png");
        assert!(matches!(err, CoreError::Invalid(ref f) if f[0].code == "logo.format"));
    }

    #[test]
    fn a_png_logo_is_named_by_its_content_hash() {
        let name = logo_file_name(b"\x89PNG\r\n\x1a\nrest").expect("png");
        assert_eq!(name.len(), 64 + 4);
        assert!(name.ends_with(".png"));
    }

    #[test]
    fn setting_and_clearing_the_logo_round_trips_through_the_data_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open_in_memory().expect("store");
        let src = dir.path().join("shop.png");
        std::fs::write(&src, b"\x89PNG\r\n\x1a\nlogo-bytes").expect("write");
        let saved = set_logo(&store, dir.path(), Some(&src)).expect("set");
        assert!(saved.logo_png.is_some());
        let url = logo_data_url(&store, dir.path())
            .expect("url")
            .expect("some");
        assert!(url.starts_with("data:image/png;base64,"));
        let cleared = set_logo(&store, dir.path(), None).expect("clear");
        assert_eq!(cleared.logo_png, None);
    }
}
