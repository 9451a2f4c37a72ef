//! The gate check: does a scanned exit pass match a notice this shop issued, and has the
//! car left already — the row from [`crate::store::gate`], judged by
//! [`crate::settlement::gate`].
use crate::error::Result;
use crate::settlement::gate::{judge, ExitPass, GateVerdict, IssuedPass};
use crate::store::{gate, Store};

impl Store {
    /// The gate check: does this scanned QR text match an exit notice this shop issued
    /// (number, plate and settlement fingerprint agree), and has the car left already?
    ///
    /// The pass is read as printed (the payload kept when it was issued, so a later
    /// change to the customer or the vehicle does not turn a true pass into a mismatch);
    /// a payload that no longer parses is no pass the shop can vouch for.
    pub fn check_exit_pass(&self, payload: &str) -> Result<GateVerdict> {
        let Some(scanned) = ExitPass::parse(payload) else {
            return Ok(GateVerdict::Unreadable);
        };
        self.with_conn(|conn| {
            let found = gate::issued(conn, &scanned.exit)?.and_then(|row| {
                let pass = ExitPass::parse(&row.payload)?;
                Some(IssuedPass {
                    settlement_standing: row.signed
                        && pass.fingerprint.eq_ignore_ascii_case(&row.fingerprint),
                    pass,
                    collected: row.collected,
                })
            });
            Ok(judge(&scanned, found.as_ref()))
        })
    }
}
