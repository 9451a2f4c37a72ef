//! The gate's look-up: the exit notice a scanned pass names, as the shop issued it (the
//! pass it printed), whether its settlement still stands and whether the car was already
//! handed over — judged by [`crate::settlement::gate`].
use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::settlement::gate::{judge, ExitPass, GateVerdict, IssuedPass};
use crate::store::Store;

/// The notice issued under `number`: its pass as printed (the payload kept when it was
/// issued, so a later change to the customer or the vehicle does not turn a true pass
/// into a mismatch), whether the settlement it was issued on still stands with the
/// fingerprint printed on it, and whether the car was handed over. A payload that no
/// longer parses is no pass the shop can vouch for.
fn issued(conn: &Connection, number: &str) -> Result<Option<IssuedPass>> {
    let row: Option<(String, bool, String, bool)> = conn
        .prepare_cached(
            "SELECT e.qr_payload, s.status = 'signed', coalesce(s.snapshot_sha256, ''),
                    w.status = 'collected'
             FROM exit_notices e
             JOIN work_orders w ON w.id = e.work_order_id
             JOIN settlements s ON s.id = e.settlement_id
             WHERE e.number = ?1",
        )?
        .query_row([number.trim()], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    Ok(row.and_then(|(payload, signed, fingerprint, collected)| {
        let pass = ExitPass::parse(&payload)?;
        Some(IssuedPass {
            settlement_standing: signed && pass.fingerprint.eq_ignore_ascii_case(&fingerprint),
            pass,
            collected,
        })
    }))
}

impl Store {
    /// The gate check: does this scanned QR text match an exit notice this shop issued
    /// (number, plate and settlement fingerprint agree), and has the car left already?
    pub fn check_exit_pass(&self, payload: &str) -> Result<GateVerdict> {
        let Some(scanned) = ExitPass::parse(payload) else {
            return Ok(GateVerdict::Unreadable);
        };
        self.with_conn(|conn| {
            let found = issued(conn, &scanned.exit)?;
            Ok(judge(&scanned, found.as_ref()))
        })
    }
}
