//! SQL of `amendments`: corrections to a frozen intake, listed beside it (the frozen
//! content itself never changes), each optionally counter-signed by the customer.
use crate::reason::Reason;
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::error::{CoreError, Result};
use crate::ids::{AmendmentId, WorkOrderId};
use crate::intake::signature::{check_amendment, clean_signature};
use crate::intake::WorkOrderDetail;
use crate::intake::{refuse, Amendment, AmendmentInput, SignatureInput, SignatureRole};
use crate::store::{found, signatures, work_orders, Store};
use crate::work_order::WorkOrderStatus;

fn from_row(row: &Row<'_>) -> rusqlite::Result<Amendment> {
    Ok(Amendment {
        id: row.get(0)?,
        what: row.get(1)?,
        why: row.get(2)?,
        who: row.get(3)?,
        created_at: row.get(4)?,
        countersignature: None,
    })
}

pub(crate) fn list(conn: &Connection, id: WorkOrderId) -> Result<Vec<Amendment>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, what, why, who, created_at FROM amendments
         WHERE work_order_id = ?1 ORDER BY id",
    )?;
    let mut amendments: Vec<Amendment> = stmt
        .query_map([id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for amendment in &mut amendments {
        amendment.countersignature = signatures::for_amendment(conn, amendment.id)?;
    }
    Ok(amendments)
}

pub(crate) fn load(conn: &Connection, id: AmendmentId) -> Result<(WorkOrderId, Amendment)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, what, why, who, created_at, work_order_id FROM amendments WHERE id = ?1",
    )?;
    found(
        stmt.query_row([id], |row| Ok((row.get(5)?, from_row(row)?))),
        "amendment",
    )
}

/// The text a countersignature binds to.
pub(crate) fn signed_content(work_order_hash: &str, amendment: &Amendment) -> String {
    [
        work_order_hash,
        &amendment.what,
        &amendment.why,
        &amendment.who,
        &amendment.created_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
    ]
    .join("\n")
}

impl Store {
    /// Records a correction to a signed intake: what, why, who asked, when.
    pub fn add_amendment(
        &self,
        id: WorkOrderId,
        input: &AmendmentInput,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        refuse(check_amendment(input))?;
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, id)?;
            if work_order.status == WorkOrderStatus::Cancelled {
                return Err(CoreError::conflict(Reason::WorkOrderCancelled));
            }
            if work_order.frozen_at.is_none() {
                return Err(CoreError::conflict(Reason::IntakeNotFrozen));
            }
            tx.prepare_cached(
                "INSERT INTO amendments (work_order_id, what, why, who, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                id,
                input.what.trim(),
                input.why.trim(),
                input.who.trim(),
                now
            ])?;
            tx.prepare_cached("UPDATE work_orders SET updated_at = ?2 WHERE id = ?1")?
                .execute(params![id, now])?;
            Ok(())
        })?;
        self.get_work_order(id)
    }

    /// The customer counter-signs an amendment (once).
    pub fn countersign_amendment(
        &self,
        data_dir: &Path,
        amendment: AmendmentId,
        input: &SignatureInput,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        if input.role != SignatureRole::Customer {
            return Err(CoreError::invalid("role", Reason::AmendmentCustomerSigns));
        }
        let clean = clean_signature(input)?;
        crate::files::signatures::save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
        let work_order = self.with_tx(|tx| {
            let (work_order, record) = load(tx, amendment)?;
            if signatures::for_amendment(tx, amendment)?.is_some() {
                return Err(CoreError::conflict(Reason::SignatureAlreadySigned));
            }
            let hash = signatures::intake_record(tx, work_order)?
                .map(|(_, hash)| hash)
                .unwrap_or_default();
            let content = signed_content(&hash, &record);
            signatures::insert(
                tx,
                &signatures::NewSignature {
                    work_order,
                    amendment: Some(amendment),
                    clean: &clean,
                    signed_at: now,
                    content: &content,
                    snapshot: None,
                },
            )?;
            Ok(work_order)
        })?;
        self.get_work_order(work_order)
    }
}
