//! Agreeing the appointment slip (填定预约单，并请客户签名确认): signed on the pad, or by a
//! recorded call, like an estimate's approval. The agreement holds the fingerprint of the
//! booking as agreed, so a booking changed afterwards is agreed again before its slip
//! prints an agreement.
use serde::Serialize;

use super::{Appointment, PartToPrepare};
use crate::domain::appointment::AgreementInput;
use crate::domain::pricing::ApprovalChannel;
use crate::error::FieldIssue;
use crate::pricing::estimate::sha256_of;
use crate::reason::Reason;
use crate::validate::too_long;

/// What the customer agrees to: the facts the slip states.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Agreed<'a> {
    number: &'a str,
    customer: &'a str,
    phone: &'a str,
    plate: &'a str,
    starts_at: String,
    duration_minutes: u32,
    wanted_work: &'a str,
    parts: &'a [PartToPrepare],
    expected_price_minor: Option<i64>,
    bring_handbook: bool,
}

/// SHA-256 of the booking as the slip states it (canonical JSON, fields in a fixed order).
pub fn slip_fingerprint(a: &Appointment) -> String {
    let agreed = Agreed {
        number: &a.number,
        customer: &a.customer_name,
        phone: &a.phone,
        plate: &a.plate,
        starts_at: a.starts_at.format("%Y-%m-%dT%H:%M").to_string(),
        duration_minutes: a.duration_minutes,
        wanted_work: &a.wanted_work,
        parts: &a.parts,
        expected_price_minor: a.expected_price_minor,
        bring_handbook: a.bring_handbook,
    };
    sha256_of(&serde_json::to_string(&agreed).unwrap_or_default())
}

/// Every problem of an agreement at once: who agreed and who recorded it, a signature
/// exactly when signed, a note of the call when it was not signed.
pub fn check_agreement(input: &AgreementInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.agreed_by.trim().is_empty() {
        issues.push(FieldIssue::new("agreedBy", Reason::ApprovalByRequired));
    }
    if input.recorded_by.trim().is_empty() {
        issues.push(FieldIssue::new("recordedBy", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "agreedBy", input.agreed_by.trim(), 100);
    too_long(&mut issues, "recordedBy", input.recorded_by.trim(), 100);
    too_long(&mut issues, "callNote", input.call_note.trim(), 1_000);
    let signs = input.channel == ApprovalChannel::Signature;
    if signs != input.signature.is_some() {
        issues.push(FieldIssue::new("signature", Reason::SignatureEmpty));
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(channel: ApprovalChannel) -> AgreementInput {
        AgreementInput {
            channel,
            agreed_by: "Wang Li".into(),
            recorded_by: "Chen".into(),
            signature: None,
            call_note: "agreed on the phone".into(),
        }
    }

    #[test]
    fn a_phone_agreement_needs_who_agreed_and_who_recorded_it_but_no_signature() {
        assert!(check_agreement(&input(ApprovalChannel::Phone)).is_empty());
        let mut nobody = input(ApprovalChannel::Phone);
        nobody.agreed_by = " ".into();
        nobody.recorded_by.clear();
        let fields: Vec<_> = check_agreement(&nobody)
            .into_iter()
            .map(|i| i.field)
            .collect();
        assert_eq!(fields, ["agreedBy", "recordedBy"]);
    }

    #[test]
    fn a_signed_agreement_without_the_pads_signature_is_refused() {
        let issues = check_agreement(&input(ApprovalChannel::Signature));
        assert_eq!(
            issues[0].code,
            Reason::SignatureEmpty,
            "signed means a signature"
        );
    }
}
