//! The gate's look-up: the exit notice a scanned pass names, as the shop issued it — its
//! job, settlement and the settlement's fingerprint, whether that settlement still stands
//! and whether the car was already handed over — judged by [`crate::settlement::gate`].
use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;
use crate::settlement::gate::{judge, ExitPass, GateVerdict, IssuedPass};
use crate::store::Store;

fn issued(conn: &Connection, number: &str) -> Result<Option<IssuedPass>> {
    let row = conn
        .prepare_cached(
            "SELECT e.number, w.number, coalesce(s.number, ''), v.plate, e.issued_at,
                    c.display_name,
                    coalesce(s.snapshot_sha256, ''), s.status = 'signed',
                    w.status = 'collected', e.qr_payload
             FROM exit_notices e
             JOIN work_orders w ON w.id = e.work_order_id
             JOIN settlements s ON s.id = e.settlement_id
             JOIN vehicles v ON v.id = w.vehicle_id
             JOIN customers c ON c.id = w.customer_id
             WHERE e.number = ?1",
        )?
        .query_row([number.trim()], |row| {
            let pass = ExitPass {
                exit: row.get(0)?,
                job: row.get(1)?,
                settlement: row.get(2)?,
                plate: row.get(3)?,
                out_at: row.get(4)?,
                customer: row.get(5)?,
                fingerprint: row.get(6)?,
            };
            let payload: String = row.get(9)?;
            Ok((pass, row.get(7)?, row.get(8)?, payload))
        })
        .optional()?;
    Ok(
        row.map(|(mut pass, settlement_standing, collected, payload)| {
            // The plate as printed on the pass: the vehicle's record may change later.
            if let Some(printed) = ExitPass::parse(&payload) {
                pass.plate = printed.plate;
            }
            IssuedPass {
                pass,
                settlement_standing,
                collected,
            }
        }),
    )
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
