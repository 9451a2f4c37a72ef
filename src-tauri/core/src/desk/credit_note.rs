//! Credit notes (红字) on a signed settlement: checked, never above what the settlement
//! still charges, numbered CN-YYYY-NNNNN, each with the supervisor's approval.
use chrono::NaiveDateTime;

use crate::desk::approvals::use_approval;
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::settlement::payment::{CreditNote, CreditNoteInput};
use crate::settlement::staff::ApprovalAction;
use crate::store::numbering::{self, Series};
use crate::store::{credit_notes, settlements, Store};
use crate::validate::too_long;

fn check(input: &CreditNoteInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if input.amount_minor <= 0 {
        issues.push(FieldIssue::new("amountMinor", Reason::PaymentAmount));
    }
    if input.reason.trim().is_empty() {
        issues.push(FieldIssue::new("reason", Reason::ApprovalReasonRequired));
    }
    if input.issued_by.trim().is_empty() {
        issues.push(FieldIssue::new("issuedBy", Reason::ApprovalByRequired));
    }
    too_long(&mut issues, "reason", input.reason.trim(), 1_000);
    too_long(&mut issues, "issuedBy", input.issued_by.trim(), 100);
    issues
}

impl Store {
    /// Issues a credit note on the signed settlement with the supervisor: never more
    /// than the settlement still charges after earlier notes.
    pub fn issue_credit_note(
        &self,
        wo: WorkOrderId,
        input: &CreditNoteInput,
        now: NaiveDateTime,
    ) -> Result<CreditNote> {
        let issues = check(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            let (head, snapshot) = settlements::signed(tx, wo)?;
            if input.amount_minor > snapshot.figures.total_minor - credit_notes::credited(tx, wo)? {
                return Err(CoreError::invalid("amountMinor", Reason::CreditAboveTotal));
            }
            let issued = numbering::next(tx, Series::CreditNote, now)?;
            use_approval(
                tx,
                input.approval_id,
                wo,
                ApprovalAction::CreditNote,
                &issued.number,
                now,
            )?;
            let id = credit_notes::insert(
                tx,
                wo,
                head.id,
                &issued,
                input.amount_minor,
                input.reason.trim(),
                input.issued_by.trim(),
                input.approval_id,
                now,
            )?;
            credit_notes::for_job(tx, wo)?
                .into_iter()
                .find(|n| n.id == id)
                .ok_or(CoreError::NotFound { what: "settlement" })
        })
    }
}
