//! Sending a PDF to the default printer with CUPS' `lp`, where the system has it; without
//! it the caller opens the PDF in the system viewer, whose print dialog does the rest.
use crate::reason::Reason;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{CoreError, Result};

fn find_lp() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("lp"))
        .find(|candidate| candidate.is_file())
}

/// Whether this system can print without a dialog.
pub fn can_print_directly() -> bool {
    find_lp().is_some()
}

/// Prints `pdf` with `lp`: `Ok(true)` when queued, `Ok(false)` when there is no `lp`.
pub fn print_pdf(pdf: &Path) -> Result<bool> {
    let Some(lp) = find_lp() else {
        return Ok(false);
    };
    let output = Command::new(lp).arg("--").arg(pdf).output()?;
    if output.status.success() {
        Ok(true)
    } else {
        eprintln!(
            "garage-core: lp failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
        Err(CoreError::conflict(Reason::PrintFailed))
    }
}
