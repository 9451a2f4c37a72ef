//! The shop's logo: a PNG copied into the data folder under its content hash, so the
//! settings keep only a short name and the forms read the same bytes on every print.
use crate::reason::Reason;
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
        return Err(CoreError::invalid("logoPng", Reason::LogoFormat));
    }
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(CoreError::invalid("logoPng", Reason::LogoTooLarge));
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
            // A FIFO, a device or a file over the limit is refused before it is read.
            let bytes = crate::files::read_bounded(
                path,
                MAX_LOGO_BYTES as u64,
                "logoPng",
                Reason::LogoFormat,
            )
            .map_err(|e| match e {
                CoreError::Invalid(i) if i.iter().any(|i| i.code == Reason::FileTooLarge) => {
                    CoreError::invalid("logoPng", Reason::LogoTooLarge)
                }
                other => other,
            })?;
            let name = logo_file_name(&bytes)?;
            let sha256 = crate::files::sha256_hex(&bytes);
            crate::files::write_content_addressed(&logo_dir(data_dir), &name, &sha256, &bytes)?;
            Some(name)
        }
    };
    store.save_settings(&settings)
}

pub use crate::settings::hash_of_name;

/// The logo PNG stored under `sha256`, if its file is there and still has that content.
/// A file that is missing, damaged or not a PNG gives `None`: the form prints without a
/// logo, and `verify` names the logo as the part that fails.
pub fn logo_by_hash(data_dir: &Path, sha256: &str) -> Result<Option<Vec<u8>>> {
    if hash_of_name(&format!("{sha256}.png")).is_none() {
        return Ok(None);
    }
    let path = logo_dir(data_dir).join(format!("{sha256}.png"));
    let bytes = match crate::files::read_bounded(
        &path,
        MAX_LOGO_BYTES as u64,
        "logoPng",
        Reason::LogoFormat,
    ) {
        Ok(bytes) => bytes,
        Err(CoreError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(CoreError::Invalid(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let intact = bytes.starts_with(PNG_MAGIC) && crate::files::sha256_hex(&bytes) == sha256;
    Ok(intact.then_some(bytes))
}

/// The logo's bytes, if one is set and its file is present and intact.
pub fn logo_bytes(store: &Store, data_dir: &Path) -> Result<Option<Vec<u8>>> {
    let Some(name) = store.get_settings()?.logo_png else {
        return Ok(None);
    };
    match hash_of_name(&name) {
        Some(hash) => logo_by_hash(data_dir, hash),
        None => Ok(None),
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
    fn only_the_apps_own_content_hash_names_are_logo_names() {
        assert!(hash_of_name(&format!("{}.png", "a".repeat(64))).is_some());
        for hostile in [
            "../garage-desk.sqlite3",
            "/etc/passwd",
            &format!("../{}.png", "a".repeat(62)),
            &format!("{}.png", "A".repeat(64)),
            &format!("{}.jpg", "a".repeat(64)),
        ] {
            assert_eq!(
                hash_of_name(hostile),
                None,
                "{hostile} must not be a logo name"
            );
        }
    }

    #[test]
    fn a_logo_setting_pointing_outside_the_logo_folder_is_never_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open_in_memory().expect("store");
        std::fs::write(dir.path().join("secret.png"), b"\x89PNG\r\n\x1a\nsecret").expect("write");
        let mut settings = store.get_settings().expect("settings");
        settings.logo_png = Some("../secret.png".into());
        assert!(
            store.save_settings(&settings).is_err(),
            "a path is not a logo name and must be refused when saved"
        );
        assert_eq!(logo_bytes(&store, dir.path()).expect("read"), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_or_an_oversized_file_is_refused_as_a_logo_before_it_is_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open_in_memory().expect("store");
        let device = set_logo(&store, dir.path(), Some(Path::new("/dev/zero")));
        assert!(matches!(device, Err(CoreError::Invalid(ref i)) if i[0].code == "logo.format"));
        let big = dir.path().join("big.png");
        let mut bytes = PNG_MAGIC.to_vec();
        bytes.resize(MAX_LOGO_BYTES + 1, 0);
        std::fs::write(&big, bytes).expect("write");
        let large = set_logo(&store, dir.path(), Some(&big));
        assert!(matches!(large, Err(CoreError::Invalid(ref i)) if i[0].code == "logo.too_large"));
        assert_eq!(store.get_settings().expect("settings").logo_png, None);
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
