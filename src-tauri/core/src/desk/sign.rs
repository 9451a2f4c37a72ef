//! Signing the work order on the pad: the customer's signature freezes the intake (its
//! snapshot and SHA-256 are stored with it) and checks the job in; the workshop
//! receiver's takes the car into the workshop at a time rounded to ten minutes; the
//! advisor's binds to the intake as it stands. The PNG is kept under its content hash.
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::desk::intake::{check_odometer, live_snapshot};
use crate::error::{CoreError, Result};
use crate::files::signatures::read_png;
use crate::ids::{AmendmentId, SignatureId, WorkOrderId};
use crate::intake::signature::{
    clean_signature, fingerprint, round_to_ten_minutes, CleanSignature,
};
use crate::intake::snapshot::hash_json;
use crate::intake::{check_ready_to_sign, refuse, SignatureInput, SignatureRole, WorkOrderDetail};
use crate::reason::Reason;
use crate::store::intake::{file_odometer, load_intake};
use crate::store::signatures::{self, SignatureRow};
use crate::store::{work_orders, Store};
use crate::work_order::{WorkOrder, WorkOrderStatus};

pub(crate) struct NewSignature<'a> {
    pub work_order: WorkOrderId,
    pub amendment: Option<AmendmentId>,
    pub clean: &'a CleanSignature,
    pub signed_at: NaiveDateTime,
    /// What was signed: the intake hash, or the amendment's text.
    pub content: &'a str,
    pub snapshot: Option<(&'a str, &'a str)>,
}

/// Stores a checked signature with its fingerprint over `new.content`.
pub(crate) fn insert(conn: &Connection, new: &NewSignature<'_>) -> Result<SignatureId> {
    let clean = new.clean;
    let print = fingerprint(
        new.content,
        clean.role,
        &clean.signer_name,
        new.signed_at,
        &clean.png_sha256,
    );
    signatures::insert(
        conn,
        &SignatureRow {
            work_order: new.work_order,
            amendment: new.amendment,
            role: clean.role,
            signer_name: &clean.signer_name,
            signed_at: new.signed_at,
            strokes_json: &clean.strokes_json,
            png_sha256: &clean.png_sha256,
            fingerprint: &print,
            snapshot: new.snapshot,
            content: new.content,
        },
    )
}

fn already_signed(conn: &Connection, id: WorkOrderId, role: SignatureRole) -> Result<bool> {
    Ok(signatures::for_work_order(conn, id)?
        .iter()
        .any(|s| s.role == role))
}

/// The customer signs the intake: everything must be on record, the odometer rule holds,
/// what was shown (`shown_hash`, when the signature comes from a screen) is still the
/// draft, then the snapshot is frozen, the reading filed and the job checked in.
pub(crate) fn sign_intake(
    conn: &Connection,
    work_order: &WorkOrder,
    clean: &CleanSignature,
    shown_hash: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    let live = load_intake(conn, work_order.id)?;
    refuse(check_ready_to_sign(work_order, &live))?;
    if let Some(reading) = &live.dashboard.odometer {
        check_odometer(conn, work_order, reading, now.date())?;
    }
    let json = live_snapshot(conn, work_order)?.to_json()?;
    let hash = hash_json(&json);
    if shown_hash.is_some_and(|shown| shown != hash) {
        return Err(CoreError::conflict(Reason::IntakeChangedSinceShown));
    }
    if let Some(reading) = &live.dashboard.odometer {
        let doubt = crate::desk::service_due::question_intake_reading(
            conn,
            work_order.vehicle_id,
            now.date(),
            reading.value,
            reading.unit,
        )?;
        let id = file_odometer(conn, work_order.vehicle_id, reading, now)?;
        if doubt.is_some() {
            crate::store::care::mark_doubtful(conn, id)?;
        }
    }
    insert(
        conn,
        &NewSignature {
            work_order: work_order.id,
            amendment: None,
            clean,
            signed_at: now,
            content: &hash,
            snapshot: Some((&json, &hash)),
        },
    )?;
    signatures::freeze_intake(conn, work_order.id, now)
}

/// The hash an advisor's or workshop signature binds to: the frozen intake, or the
/// draft as it stands when the advisor signs before the customer.
pub(crate) fn content_hash(conn: &Connection, work_order: &WorkOrder) -> Result<String> {
    match signatures::intake_record(conn, work_order.id)? {
        Some((_, hash)) => Ok(hash),
        None => Ok(hash_json(&live_snapshot(conn, work_order)?.to_json()?)),
    }
}

impl Store {
    /// Signs the work order in `input.role` (once per role). The PNG is kept under
    /// `<data_dir>/signatures/<sha256>.png`, the strokes as JSON. The customer's
    /// signature must carry the `draftHash` it was shown (see [`SignatureInput`]).
    pub fn sign_work_order(
        &self,
        data_dir: &Path,
        id: WorkOrderId,
        input: &SignatureInput,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        let clean = clean_signature(input)?;
        crate::files::signatures::save_signature_png(data_dir, &clean.png_sha256, &clean.png)?;
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, id)?;
            if work_order.status == WorkOrderStatus::Cancelled {
                return Err(CoreError::conflict(Reason::WorkOrderCancelled));
            }
            if already_signed(tx, id, clean.role)? {
                return Err(CoreError::conflict(Reason::SignatureAlreadySigned));
            }
            match clean.role {
                SignatureRole::Customer => {
                    // A screen must say what it showed; nothing shown matches nothing.
                    let shown = input.shown_hash.as_deref().unwrap_or("");
                    sign_intake(tx, &work_order, &clean, Some(shown), now)
                }
                SignatureRole::WorkshopReceiver => {
                    if work_order.status != WorkOrderStatus::CheckedIn {
                        return Err(CoreError::conflict(Reason::StatusNeedsCustomerSignature));
                    }
                    let content = content_hash(tx, &work_order)?;
                    let signed_at = round_to_ten_minutes(now);
                    insert(
                        tx,
                        &NewSignature {
                            work_order: id,
                            amendment: None,
                            clean: &clean,
                            signed_at,
                            content: &content,
                            snapshot: None,
                        },
                    )?;
                    work_orders::set_status(tx, id, WorkOrderStatus::InWorkshop, now)
                }
                SignatureRole::Advisor => {
                    let content = content_hash(tx, &work_order)?;
                    let new = NewSignature {
                        work_order: id,
                        amendment: None,
                        clean: &clean,
                        signed_at: now,
                        content: &content,
                        snapshot: None,
                    };
                    insert(tx, &new).map(|_| ())
                }
            }
        })?;
        self.get_work_order(id)
    }

    /// The signature's PNG as a `data:` URL, for showing it on screen.
    pub fn signature_data_url(&self, data_dir: &Path, id: SignatureId) -> Result<String> {
        use base64::Engine;
        let hash = self.with_conn(|conn| signatures::png_hash(conn, id))?;
        let png = read_png(data_dir, &hash)?;
        let body = base64::engine::general_purpose::STANDARD.encode(png);
        Ok(format!("data:image/png;base64,{body}"))
    }
}
