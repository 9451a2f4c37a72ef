//! SQL of `exit_notices`, `exit_notice_prints` and `exit_handovers`: the gate pass,
//! issued once the settlement is signed and paid (or with the supervisor's override),
//! its prints, and the handover that makes the job Collected.
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};
use crate::ids::{ExitNoticeId, WorkOrderId};
use crate::intake::signature::{customer_signature, sign_document};
use crate::intake::Belongings;
use crate::reason::Reason;
use crate::settlement::exit::{
    check_handover, checklist_order, ExitInput, ExitNotice, HandoverChecklist, HandoverInput,
    HandoverRecord,
};
use crate::settlement::gate::ExitPass;
use crate::settlement::staff::ApprovalAction;
use crate::store::numbering::{self, Series};
use crate::store::settlement_view::{plate_and_customer, view};
use crate::store::{handover, settlements, staff, work_orders, Store};
use crate::work_order::WorkOrderStatus;

fn from_row(row: &Row<'_>) -> rusqlite::Result<ExitNotice> {
    Ok(ExitNotice {
        id: row.get(0)?,
        work_order_id: row.get(1)?,
        number: row.get(2)?,
        work_order_number: row.get(3)?,
        settlement_number: row.get(4)?,
        plate: row.get(5)?,
        customer_name: row.get(6)?,
        issued_at: row.get(7)?,
        issued_by: row.get(8)?,
        debt_minor: row.get(9)?,
        override_approval_id: row.get(10)?,
        qr_payload: row.get(11)?,
        prints: row.get(12)?,
    })
}

fn notice(conn: &Connection, wo: WorkOrderId) -> Result<Option<ExitNotice>> {
    Ok(conn
        .prepare_cached(
            "SELECT e.id, e.work_order_id, e.number, w.number, s.number, v.plate,
                    c.display_name,
                    e.issued_at, e.issued_by, e.debt_minor, e.override_approval_id,
                    e.qr_payload,
                    (SELECT count(*) FROM exit_notice_prints p WHERE p.exit_notice_id = e.id)
             FROM exit_notices e
             JOIN work_orders w ON w.id = e.work_order_id
             JOIN settlements s ON s.id = e.settlement_id
             JOIN vehicles v ON v.id = w.vehicle_id
             JOIN customers c ON c.id = w.customer_id
             WHERE e.work_order_id = ?1",
        )?
        .query_row([wo], from_row)
        .optional()?)
}

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

fn log_print(conn: &Connection, id: ExitNoticeId, by: &str, now: NaiveDateTime) -> Result<()> {
    let copy: bool = conn
        .prepare_cached("SELECT count(*) > 0 FROM exit_notice_prints WHERE exit_notice_id = ?1")?
        .query_row([id], |row| row.get(0))?;
    conn.prepare_cached(
        "INSERT INTO exit_notice_prints (exit_notice_id, printed_at, printed_by, copy)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, now, by.trim(), copy])?;
    Ok(())
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
            if notice(tx, wo)?.is_some() {
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
                    staff::use_approval(
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
            tx.prepare_cached(
                "INSERT INTO exit_notices (work_order_id, settlement_id, number, year, seq,
                     issued_at, issued_by, debt_minor, override_approval_id, qr_payload)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                wo,
                head.id,
                issued.number,
                issued.year,
                issued.seq,
                now,
                input.issued_by.trim(),
                due,
                approval,
                payload
            ])?;
            log_print(
                tx,
                ExitNoticeId(tx.last_insert_rowid()),
                &input.issued_by,
                now,
            )?;
            notice(tx, wo)?.ok_or(CoreError::NotFound {
                what: "exit_notice",
            })
        })
    }

    pub fn exit_notice(&self, wo: WorkOrderId) -> Result<Option<ExitNotice>> {
        self.with_conn(|conn| notice(conn, wo))
    }

    /// Logs a reprint (marked COPY on paper) and returns the notice.
    pub fn reprint_exit_notice(
        &self,
        wo: WorkOrderId,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<ExitNotice> {
        self.with_tx(|tx| {
            let found = notice(tx, wo)?.ok_or(CoreError::conflict(Reason::ExitNoticeMissing))?;
            log_print(tx, found.id, by, now)?;
            notice(tx, wo)?.ok_or(CoreError::NotFound {
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
            let exit = notice(tx, wo)?.ok_or(CoreError::conflict(Reason::ExitNoticeMissing))?;
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
            tx.prepare_cached(
                "INSERT INTO exit_handovers (work_order_id, record, record_sha256, signer_name,
                     signed_at, strokes, png_sha256, fingerprint)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                wo,
                json,
                signed.sha256,
                clean.signer_name,
                now,
                clean.strokes_json,
                clean.png_sha256,
                signed.fingerprint
            ])?;
            work_orders::set_status(tx, wo, WorkOrderStatus::Collected, now)
        })?;
        self.get_work_order(wo)
    }
}
