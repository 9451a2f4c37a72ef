//! Handwritten signatures and amendments: what the pad sends, what is kept (strokes as
//! JSON, the PNG under its content hash), the fingerprint binding a signature to what
//! was signed, and the shop's rule of signing the workshop handover to ten minutes.
use crate::reason::Reason;

use chrono::{Duration, NaiveDateTime, Timelike};

use sha2::{Digest, Sha256};

use super::SignatureRole;
use crate::domain::intake::decode_base64;
use crate::error::{CoreError, FieldIssue, Result};

pub(crate) use crate::domain::signature::fingerprint;
pub use crate::domain::signature::{
    Amendment, AmendmentInput, SignatureInput, SignatureMeta, StrokePoint,
};
use crate::validate::too_long;

/// Every problem with an amendment, all at once.
pub(crate) fn check_amendment(input: &AmendmentInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    for (field, value, max) in [
        ("what", &input.what, 2000),
        ("why", &input.why, 2000),
        ("who", &input.who, 100),
    ] {
        if value.trim().is_empty() {
            issues.push(FieldIssue::new(field, Reason::AmendmentRequired));
        }
        too_long(&mut issues, field, value.trim(), max);
    }
    issues
}

/// The workshop signs for the car "to the nearest ten minutes" (half-way rounds up).
pub fn round_to_ten_minutes(at: NaiveDateTime) -> NaiveDateTime {
    let base = at
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(at);
    let minutes_into = i64::from(base.minute() % 10);
    let seconds_into = minutes_into * 60 + i64::from(at.second());
    let floor = base - Duration::minutes(minutes_into);
    if seconds_into >= 5 * 60 {
        floor + Duration::minutes(10)
    } else {
        floor
    }
}

/// A checked signature, ready to be stored.
pub(crate) struct CleanSignature {
    pub role: SignatureRole,
    pub signer_name: String,
    pub strokes_json: String,
    pub png: Vec<u8>,
    pub png_sha256: String,
}

/// The most ink one signature may carry: far more than any hand writes on the pad.
const MAX_STROKES: usize = 200;
const MAX_POINTS: usize = 20_000;
/// The largest signature image the pad makes, with room to spare.
pub(crate) const MAX_SIGNATURE_PNG_BYTES: usize = 2 * 1024 * 1024;
const MAX_SIGNATURE_SIDE: u32 = 4000;

/// Whether `png` is a whole PNG that decodes, of a size a signature pad makes.
fn decodes_as_signature(png: &[u8]) -> bool {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_limits(png::Limits {
        bytes: 64 * 1024 * 1024,
    });
    let Ok(mut reader) = decoder.read_info() else {
        return false;
    };
    let info = reader.info();
    if info.width == 0
        || info.height == 0
        || info.width > MAX_SIGNATURE_SIDE
        || info.height > MAX_SIGNATURE_SIDE
    {
        return false;
    }
    let Some(size) = reader.output_buffer_size() else {
        return false;
    };
    let mut pixels = vec![0; size];
    reader.next_frame(&mut pixels).is_ok()
}

pub(crate) fn clean_signature(input: &SignatureInput) -> Result<CleanSignature> {
    let mut issues = Vec::new();
    let points: usize = input.strokes.iter().map(Vec::len).sum();
    if input.strokes.len() > MAX_STROKES || points > MAX_POINTS {
        return Err(CoreError::invalid("strokes", Reason::SignatureTooMuchInk));
    }
    // Bounded before decoding: base64 is 4/3 of the bytes it carries.
    if input.png_base64.len() > MAX_SIGNATURE_PNG_BYTES / 3 * 4 + 64 {
        return Err(CoreError::invalid("png", Reason::SignaturePng));
    }
    let name = input.signer_name.trim();
    if name.is_empty() {
        issues.push(FieldIssue::new("signerName", Reason::SignerRequired));
    }
    too_long(&mut issues, "signerName", name, 100);
    if input.strokes.iter().all(Vec::is_empty) {
        issues.push(FieldIssue::new("strokes", Reason::SignatureEmpty));
    }
    let png = decode_base64(&input.png_base64, "png", Reason::SignaturePng)?;
    if png.len() > MAX_SIGNATURE_PNG_BYTES || !decodes_as_signature(&png) {
        issues.push(FieldIssue::new("png", Reason::SignaturePng));
    }
    if !issues.is_empty() {
        return Err(CoreError::Invalid(issues));
    }
    let strokes_json = serde_json::to_string(&input.strokes)
        .map_err(|_| CoreError::invalid("strokes", Reason::SignatureEmpty))?;
    Ok(CleanSignature {
        role: input.role,
        signer_name: name.to_string(),
        strokes_json,
        png_sha256: hex::encode(Sha256::digest(&png)),
        png,
    })
}

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
    let sha256 = crate::intake::snapshot::hash_json(json);
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

/// Checks that the customer signs, and the signature.
pub(crate) fn customer_signature(input: &SignatureInput) -> Result<CleanSignature> {
    if input.role != SignatureRole::Customer {
        return Err(CoreError::invalid("signature.role", Reason::SignerRequired));
    }
    clean_signature(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(h, m, s))
            .unwrap_or_default()
    }

    #[test]
    fn the_workshop_time_is_rounded_to_the_nearest_ten_minutes() {
        assert_eq!(round_to_ten_minutes(at(9, 14, 59)), at(9, 10, 0));
        assert_eq!(round_to_ten_minutes(at(9, 15, 0)), at(9, 20, 0));
        assert_eq!(round_to_ten_minutes(at(9, 20, 0)), at(9, 20, 0));
        assert_eq!(
            round_to_ten_minutes(at(23, 56, 0)),
            at(0, 0, 0) + Duration::days(1)
        );
    }

    #[test]
    fn a_signature_needs_a_name_ink_and_a_png() {
        let input = SignatureInput {
            role: SignatureRole::Customer,
            signer_name: " ".into(),
            strokes: vec![vec![]],
            png_base64: "aGVsbG8=".into(),
            shown_hash: None,
        };
        let Err(CoreError::Invalid(issues)) = clean_signature(&input) else {
            panic!("an empty signature must be refused");
        };
        let codes: Vec<_> = issues.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(
            codes,
            ["signer.required", "signature.empty", "signature.png"]
        );
    }

    #[test]
    fn more_ink_than_any_hand_writes_is_refused_before_decoding() {
        let point = StrokePoint {
            x: 1,
            y: 1,
            t: 0,
            pressure: 0,
        };
        let input = SignatureInput {
            role: SignatureRole::Customer,
            signer_name: "Li".into(),
            strokes: vec![vec![point; MAX_POINTS + 1]],
            png_base64: "A".repeat(MAX_SIGNATURE_PNG_BYTES * 2),
            shown_hash: None,
        };
        let Err(CoreError::Invalid(issues)) = clean_signature(&input) else {
            panic!("too much ink must be refused");
        };
        assert_eq!(issues[0].code, "signature.too_much_ink");
        let input = SignatureInput {
            strokes: vec![vec![point]],
            ..input
        };
        let Err(CoreError::Invalid(issues)) = clean_signature(&input) else {
            panic!("an oversized image must be refused");
        };
        assert_eq!(issues[0].code, "signature.png");
    }

    #[test]
    fn the_fingerprint_changes_with_the_signed_content() {
        let a = fingerprint("abc", SignatureRole::Customer, "Li", at(9, 0, 0), "00");
        let b = fingerprint("abd", SignatureRole::Customer, "Li", at(9, 0, 0), "00");
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
