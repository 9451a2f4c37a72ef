//! The exit (出厂): the exit notice (the gate pass; its QR text is [`super::gate`]'s),
//! and the handover at the gate — belongings ticked back one by one (valuables first,
//! anything missing explained), keys and documents returned, the customer's signature.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

pub use crate::domain::settlement::ExitNotice;
use crate::error::FieldIssue;
use crate::ids::{ApprovalId, WorkOrderId};
use crate::intake::{Belonging, DocumentReceived, SignatureInput};
use crate::reason::Reason;
use crate::validate::too_long;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ExitInput {
    pub issued_by: String,
    /// The supervisor's override when the settlement is not paid in full.
    pub override_approval_id: Option<ApprovalId>,
}

/// One belonging as checked at the gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BelongingReturn {
    /// The belonging's place in the intake list.
    pub position: u32,
    pub returned: bool,
    /// Required when not returned.
    pub explanation: String,
}

/// One document as checked at the gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DocumentReturn {
    pub position: u32,
    pub returned: bool,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HandoverInput {
    pub belongings: Vec<BelongingReturn>,
    pub documents: Vec<DocumentReturn>,
    pub keys_returned: u8,
    /// Required when fewer keys go back than came in.
    pub keys_explanation: String,
    pub handed_over_by: String,
    /// The customer's signature for receipt.
    pub signature: SignatureInput,
}

/// The checklist the gate shows: the intake's belongings, valuables first, with their
/// positions; the documents and keys that came in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct HandoverChecklist {
    pub work_order_id: WorkOrderId,
    pub belongings: Vec<(u32, Belonging)>,
    pub documents: Vec<(u32, DocumentReceived)>,
    pub keys_count: u8,
    pub key_slot: String,
}

/// The order the gate ticks belongings in: valuables first, then as listed.
pub fn checklist_order(belongings: &[Belonging]) -> Vec<(u32, Belonging)> {
    let mut out: Vec<(u32, Belonging)> = belongings
        .iter()
        .enumerate()
        .map(|(i, b)| (i as u32, b.clone()))
        .collect();
    out.sort_by_key(|(i, b)| (!b.valuable, *i));
    out
}

/// Every problem with a handover against what came in: each belonging and document
/// answered once, anything not back explained, the keys counted.
pub fn check_handover(input: &HandoverInput, list: &HandoverChecklist) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let answered = |positions: Vec<u32>, expected: Vec<u32>| {
        let mut got = positions;
        got.sort_unstable();
        let mut want = expected;
        want.sort_unstable();
        got == want
    };
    if !answered(
        input.belongings.iter().map(|b| b.position).collect(),
        list.belongings.iter().map(|(i, _)| *i).collect(),
    ) {
        issues.push(FieldIssue::new("belongings", Reason::HandoverUnanswered));
    }
    if !answered(
        input.documents.iter().map(|d| d.position).collect(),
        list.documents.iter().map(|(i, _)| *i).collect(),
    ) {
        issues.push(FieldIssue::new("documents", Reason::HandoverUnanswered));
    }
    let rows = input
        .belongings
        .iter()
        .map(|b| ("belongings", b.position, b.returned, &b.explanation))
        .chain(
            input
                .documents
                .iter()
                .map(|d| ("documents", d.position, d.returned, &d.explanation)),
        );
    for (list_name, position, returned, explanation) in rows {
        let field = format!("{list_name}.{position}.explanation");
        if !returned && explanation.trim().is_empty() {
            issues.push(FieldIssue::new(
                field.clone(),
                Reason::HandoverMissingExplained,
            ));
        }
        too_long(&mut issues, &field, explanation.trim(), 1_000);
    }
    if input.keys_returned > list.keys_count {
        issues.push(FieldIssue::new("keysReturned", Reason::KeysCount));
    }
    if input.keys_returned < list.keys_count && input.keys_explanation.trim().is_empty() {
        issues.push(FieldIssue::new(
            "keysExplanation",
            Reason::HandoverMissingExplained,
        ));
    }
    if input.handed_over_by.trim().is_empty() {
        issues.push(FieldIssue::new("handedOverBy", Reason::ApprovalByRequired));
    }
    issues
}

/// The handover as frozen and signed: what came back, in the gate's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoverRecord {
    pub version: u32,
    pub work_order: String,
    pub exit_notice: String,
    pub belongings: Vec<BelongingReturn>,
    pub documents: Vec<DocumentReturn>,
    pub keys_in: u8,
    pub keys_returned: u8,
    pub keys_explanation: String,
    pub handed_over_by: String,
    pub at: NaiveDateTime,
}
