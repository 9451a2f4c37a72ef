//! The nouns of signing on the pad: the pen's points, what the pad sends, a signature as
//! listed, an amendment to a frozen intake, and the fingerprint that binds a signature
//! to what was signed. The checks live in `intake::signature`.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::intake::SignatureRole;
use crate::ids::{AmendmentId, SignatureId};

pub(crate) use crate::domain::code::{code_of, from_code};

/// SHA-256 over what was signed (`content`: the intake hash or the amendment text),
/// who signed in which role, when, and the exact ink.
pub(crate) fn fingerprint(
    content: &str,
    role: SignatureRole,
    signer_name: &str,
    signed_at: NaiveDateTime,
    png_sha256: &str,
) -> String {
    let role = code_of(&role);
    let at = signed_at.format("%Y-%m-%dT%H:%M:%S").to_string();
    let text = [content, role.as_str(), signer_name, at.as_str(), png_sha256].join("\n");
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// One sampled point of the pen, in the pad's pixels, milliseconds since the first
/// touch, and pressure in thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StrokePoint {
    pub x: i32,
    pub y: i32,
    pub t: i32,
    pub pressure: i32,
}

/// What the signature pad sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignatureInput {
    pub role: SignatureRole,
    pub signer_name: String,
    pub strokes: Vec<Vec<StrokePoint>>,
    /// The PNG drawn by the pad, base64 (a `data:` prefix is allowed).
    pub png_base64: String,
    /// The customer's signature on the intake: the `draftHash` of the job as it was
    /// shown while signing. Refused when the draft has changed since.
    pub shown_hash: Option<String>,
}

/// A signature as listed on the job (the PNG is fetched on its own).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignatureMeta {
    pub id: SignatureId,
    pub role: SignatureRole,
    pub signer_name: String,
    pub signed_at: NaiveDateTime,
    /// SHA-256 (hex) binding the signature to what was signed; forms print 12 digits.
    pub fingerprint: String,
    pub amendment_id: Option<AmendmentId>,
}

/// A correction to a frozen intake: what changed, why, who asked, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Amendment {
    pub id: AmendmentId,
    pub what: String,
    pub why: String,
    pub who: String,
    pub created_at: NaiveDateTime,
    /// The customer's signature on this amendment, when counter-signed.
    pub countersignature: Option<SignatureMeta>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AmendmentInput {
    pub what: String,
    pub why: String,
    pub who: String,
}
