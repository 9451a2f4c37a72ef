//! Signing a frozen document on the pad: the customer's signature checked and its PNG
//! kept, the document's canonical JSON hashed and the signature's fingerprint bound to
//! that hash. The one path the settlement and the exit handover sign through, built on
//! the intake's own hash and fingerprint (no copy of them).
use std::path::Path;

use chrono::NaiveDateTime;

use crate::error::{CoreError, Result};
use crate::intake::signature::{clean_signature, fingerprint, save_png, CleanSignature};
use crate::intake::snapshot::hash_json;
use crate::intake::{SignatureInput, SignatureRole};
use crate::reason::Reason;

/// A frozen document signed on the pad: its canonical JSON, the JSON's SHA-256 and the
/// signature's fingerprint over that hash. The one path the settlement and the exit
/// handover sign through, built on the intake's hash and fingerprint.
pub(crate) struct SignedDocument {
    pub sha256: String,
    pub fingerprint: String,
}

pub(crate) fn sign_document(
    json: &str,
    clean: &CleanSignature,
    at: NaiveDateTime,
) -> SignedDocument {
    let sha256 = hash_json(json);
    let fingerprint = fingerprint(
        &sha256,
        clean.role,
        &clean.signer_name,
        at,
        &clean.png_sha256,
    );
    SignedDocument {
        sha256,
        fingerprint,
    }
}

/// Checks the customer's signature and keeps its PNG.
pub(crate) fn customer_signature(
    data_dir: &Path,
    input: &SignatureInput,
) -> Result<CleanSignature> {
    if input.role != SignatureRole::Customer {
        return Err(CoreError::invalid("signature.role", Reason::SignerRequired));
    }
    let clean = clean_signature(input)?;
    save_png(data_dir, &clean)?;
    Ok(clean)
}
