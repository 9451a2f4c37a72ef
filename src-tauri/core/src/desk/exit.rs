//! The exit (出厂): the exit notice — issued once the settlement is signed and paid, or
//! with the supervisor's override — its reprints, the gate's checklist and the handover
//! the customer signs, which makes the job Collected.
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::desk::approvals::use_approval;
use crate::desk::settlement_view::view;
use crate::error::{CoreError, Result};
use crate::ids::WorkOrderId;
use crate::intake::signature::{customer_signature, sign_document};
use crate::intake::Belongings;
use crate::reason::Reason;
use crate::settlement::exit::{
    check_handover, checklist_order, ExitInput, ExitNotice, HandoverChecklist, HandoverInput,
    HandoverRecord,
};
use crate::settlement::gate::ExitPass;
use crate::settlement::staff::ApprovalAction;
use crate::store::exits::{self, HandoverRow};
use crate::store::numbering::{self, Series};
use crate::store::settlement_view::plate_and_customer;
use crate::store::{handover, settlements, work_orders, Store};
use crate::work_order::WorkOrderStatus;

/// What the gate ticks back: the intake's belongings (valuables first), documents, keys.
fn checklist(conn: &Connection, wo: WorkOrderId) -> Result<HandoverChecklist> {
    let belongings = match handover::belongings(conn, wo)? {
        Belongings::Listed(items) => checklist_order(&items),
        Belongings::NoneLeft | Belongings::NotRecorded => Vec::new(),
    };
    let documents = handover::documents(conn, wo)?
        .into_iter()
        .enumerate()
        .map(|(i, d)| (i as u32, d))
        .collect();
    let keys = handover::keys(conn, wo)?;
    Ok(HandoverChecklist {
        work_order_id: wo,
        belongings,
        documents,
        keys_count: keys.count,
        key_slot: keys.cabinet_slot,
    })
}

impl Store {
    /// Issues the exit notice (出厂通知单): only for a signed settlement paid in full, or
    /// with the supervisor's override (the debt stays on the receivables). Numbered
    /// EX-YYYY-NNNNN; its first print is logged.
    pub fn issue_exit_notice(
        &self,
        wo: WorkOrderId,
        input: &ExitInput,
        now: NaiveDateTime,
    ) -> Result<ExitNotice> {
        if input.issued_by.trim().is_empty() {
            return Err(CoreError::invalid("issuedBy", Reason::ApprovalByRequired));
        }
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            if work_order.status == WorkOrderStatus::Cancelled {
                return Err(CoreError::conflict(Reason::WorkOrderCancelled));
            }
            if exits::notice(tx, wo)?.is_some() {
                return Err(CoreError::conflict(Reason::ExitNoticeIssued));
            }
            let (head, snapshot) = settlements::signed(tx, wo).map_err(|e| match e {
                CoreError::Conflict { .. } => CoreError::conflict(Reason::ExitNeedsSettlement),
                other => other,
            })?;
            // Money put on account is owed, not received: the car leaves owing it.
            let due = view(tx, wo, now)?.exit_debt_minor;
            let issued = numbering::next(tx, Series::ExitNotice, now)?;
            let approval = match (due, input.override_approval_id) {
                (0, _) => None,
                (_, None) => return Err(CoreError::conflict(Reason::ExitUnpaid)),
                (_, Some(id)) => {
                    use_approval(
                        tx,
                        id,
                        wo,
                        ApprovalAction::ExitWithDebt,
                        &issued.number,
                        now,
                    )?;
                    Some(id)
                }
            };
            let (plate, customer) = plate_and_customer(tx, wo)?;
            let settlement_number = head.number.clone().unwrap_or_default();
            let fingerprint = head.snapshot_sha256.clone().unwrap_or_default();
            let payload = ExitPass {
                exit: issued.number.clone(),
                job: snapshot.work_order.clone(),
                settlement: settlement_number,
                plate,
                out_at: now,
                customer,
                fingerprint,
            }
            .payload();
            let id = exits::insert_notice(
                tx,
                wo,
                head.id,
                &issued,
                input.issued_by.trim(),
                due,
                approval,
                &payload,
                now,
            )?;
            exits::log_print(tx, id, &input.issued_by, now)?;
            exits::notice(tx, wo)?.ok_or(CoreError::NotFound {
                what: "exit_notice",
            })
        })
    }

    /// Logs a reprint (marked COPY on paper) and returns the notice.
    pub fn reprint_exit_notice(
        &self,
        wo: WorkOrderId,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<ExitNotice> {
        self.with_tx(|tx| {
            let found =
                exits::notice(tx, wo)?.ok_or(CoreError::conflict(Reason::ExitNoticeMissing))?;
            exits::log_print(tx, found.id, by, now)?;
            exits::notice(tx, wo)?.ok_or(CoreError::NotFound {
                what: "exit_notice",
            })
        })
    }

    /// What the gate ticks back: the intake's belongings (valuables first), documents
    /// and keys.
    pub fn handover_checklist(&self, wo: WorkOrderId) -> Result<HandoverChecklist> {
        self.with_conn(|conn| {
            work_orders::load(conn, wo)?;
            checklist(conn, wo)
        })
    }

    /// The handover at the gate: every belonging and document answered (anything not
    /// back explained), keys counted, the customer signs for receipt. Only then is the
    /// job Collected, which frees its key slot.
    pub fn hand_over(
        &self,
        data_dir: &Path,
        wo: WorkOrderId,
        input: &HandoverInput,
        now: NaiveDateTime,
    ) -> Result<crate::intake::WorkOrderDetail> {
        let clean = customer_signature(&input.signature)?;
        crate::files::signatures::save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            if work_order.status == WorkOrderStatus::Collected {
                return Err(CoreError::conflict(Reason::HandoverDone));
            }
            let exit =
                exits::notice(tx, wo)?.ok_or(CoreError::conflict(Reason::ExitNoticeMissing))?;
            if work_order.status != WorkOrderStatus::Ready {
                return Err(CoreError::conflict(Reason::StatusTransition));
            }
            let list = checklist(tx, wo)?;
            let issues = check_handover(input, &list);
            if !issues.is_empty() {
                return Err(CoreError::Invalid(issues));
            }
            let mut belongings = input.belongings.clone();
            let order: Vec<u32> = list.belongings.iter().map(|(i, _)| *i).collect();
            belongings.sort_by_key(|b| order.iter().position(|p| *p == b.position));
            let record = HandoverRecord {
                version: 1,
                work_order: work_order.number.clone(),
                exit_notice: exit.number.clone(),
                belongings,
                documents: input.documents.clone(),
                keys_in: list.keys_count,
                keys_returned: input.keys_returned,
                keys_explanation: input.keys_explanation.trim().to_string(),
                handed_over_by: input.handed_over_by.trim().to_string(),
                at: now,
            };
            let json = serde_json::to_string(&record)
                .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
            let signed = sign_document(&json, &clean, now);
            exits::insert_handover(
                tx,
                wo,
                &HandoverRow {
                    record_json: &json,
                    record_sha256: &signed.sha256,
                    signer_name: &clean.signer_name,
                    strokes_json: &clean.strokes_json,
                    png_sha256: &clean.png_sha256,
                    fingerprint: &signed.fingerprint,
                },
                now,
            )?;
            work_orders::set_status(tx, wo, WorkOrderStatus::Collected, now)
        })?;
        self.get_work_order(wo)
    }
}
