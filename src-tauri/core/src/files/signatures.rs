//! The signatures' PNG files in the data folder, each stored once under its content hash.
use std::path::{Path, PathBuf};

use crate::error::{CoreError, Result};

pub fn signature_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("signatures")
}

/// Writes a signature's PNG under its content hash (once).
pub fn save_signature_png(data_dir: &Path, png_sha256: &str, png: &[u8]) -> Result<()> {
    super::write_content_addressed(
        &signature_dir(data_dir),
        &format!("{png_sha256}.png"),
        png_sha256,
        png,
    )
}

/// The stored PNG of a signature, by its hash.
pub fn read_png(data_dir: &Path, png_sha256: &str) -> Result<Vec<u8>> {
    let path = super::stored_path(&signature_dir(data_dir), &format!("{png_sha256}.png"))?;
    match std::fs::read(path) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(CoreError::NotFound { what: "signature" })
        }
        Err(e) => Err(e.into()),
    }
}
