//! The shop's export passphrase: setting, changing or removing it (only its verifier is
//! kept; a change takes the old one or the supervisor), and checking the one typed for
//! an export against it.
use chrono::NaiveDateTime;

use super::sealed::{self, Passphrase};
use crate::error::{CoreError, Result};
use crate::reason::Reason;
use crate::settlement::supervision::{ShopAction, SupervisorWord};
use crate::store::Store;

/// Sets (or, with `None`, removes) the export passphrase: only its verifier is kept.
///
/// Once the shop has a passphrase, removing or changing it takes the old one or the
/// supervisor's `word`: otherwise the next bundle could be written in clear, or under a
/// passphrase the shop does not know. A wrong old passphrase is refused as such.
pub fn set_export_passphrase(
    store: &Store,
    passphrase: Option<&Passphrase>,
    old: Option<&Passphrase>,
    word: Option<&SupervisorWord>,
    now: NaiveDateTime,
) -> Result<()> {
    let current = store.export_passphrase_verifier()?;
    let action = match (&current, old) {
        (None, _) => None,
        (Some(verifier), Some(old)) => {
            if !sealed::passphrase_matches(verifier, old) {
                return Err(CoreError::invalid(
                    "oldPassphrase",
                    Reason::ExportPassphraseMismatch,
                ));
            }
            None
        }
        (Some(_), None) => Some(ShopAction::ChangeExportPassphrase),
    };
    let boss = store.supervisor_for(action, word, now)?;
    let verifier = passphrase.map(sealed::passphrase_verifier).transpose()?;
    store.save_export_passphrase_verifier(
        verifier.as_deref(),
        current.is_some(),
        boss.as_ref(),
        now,
    )
}

/// The passphrase to export with: when the shop set one, the one typed must be it
/// (else `export.passphrase_mismatch`, so a scheduled export cannot drift to another);
/// when it set none, whatever was typed (the command line's `--passphrase-file`).
pub fn export_passphrase(store: &Store, typed: Option<Passphrase>) -> Result<Option<Passphrase>> {
    match (store.export_passphrase_verifier()?, typed) {
        (None, typed) => Ok(typed),
        (Some(verifier), Some(typed)) if sealed::passphrase_matches(&verifier, &typed) => {
            Ok(Some(typed))
        }
        (Some(_), _) => Err(CoreError::invalid(
            "passphrase",
            Reason::ExportPassphraseMismatch,
        )),
    }
}
