//! SQL of the gate's look-up: the exit notice a scanned pass names, as the shop issued it
//! (the payload printed), whether its settlement is still signed, its fingerprint, and
//! whether the car was already handed over. Judged in [`crate::desk::gate`].
use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// The notice row behind a pass number.
pub(crate) struct IssuedRow {
    /// The pass payload kept when the notice was issued.
    pub payload: String,
    /// The settlement it was issued on is still signed.
    pub signed: bool,
    /// That settlement's snapshot fingerprint.
    pub fingerprint: String,
    /// The car has been handed over.
    pub collected: bool,
}

/// The notice issued under `number`, if any.
pub(crate) fn issued(conn: &Connection, number: &str) -> Result<Option<IssuedRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT e.qr_payload, s.status = 'signed', coalesce(s.snapshot_sha256, ''),
                    w.status = 'collected'
             FROM exit_notices e
             JOIN work_orders w ON w.id = e.work_order_id
             JOIN settlements s ON s.id = e.settlement_id
             WHERE e.number = ?1",
        )?
        .query_row([number.trim()], |row| {
            Ok(IssuedRow {
                payload: row.get(0)?,
                signed: row.get(1)?,
                fingerprint: row.get(2)?,
                collected: row.get(3)?,
            })
        })
        .optional()?)
}
