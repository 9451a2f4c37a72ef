//! Writing off a bad debt (坏账): the supervisor, with her PIN and a reason, writes off
//! what a signed settlement still owes, in one transaction with its journal entry. The
//! amount is then no longer owed (receivables, the customer's balance, the figures).
use chrono::NaiveDateTime;

use crate::error::{CoreError, Result};
use crate::figures::write_off::check_write_off;
use crate::figures::{WriteOff, WriteOffInput};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::settlement::supervision::{ShopAction, SupervisorWord};
use crate::store::{follow_ups, settings, staff, write_offs, Store};

impl Store {
    /// Writes off `input.amount_minor` of what the job's signed settlement still owes.
    /// Refused when nothing is owed or the amount is above what is owed.
    pub fn write_off(
        &self,
        input: &WriteOffInput,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<WriteOff> {
        let wo = input.work_order_id;
        let owed = |store: &Store| -> Result<(crate::ids::SettlementId, i64)> {
            store
                .with_conn(|conn| write_offs::owed_on(conn, wo))?
                .ok_or(CoreError::conflict(Reason::SettlementNotSigned))
        };
        let (_, before) = owed(self)?;
        if before <= 0 {
            return Err(CoreError::conflict(Reason::WriteOffNothingOwed));
        }
        let issues = check_write_off(input, before);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let boss = self.supervisor_for(Some(ShopAction::WriteOff), word, now)?;
        self.with_tx(|tx| {
            // Read again in the write: a payment may have come in meanwhile.
            let (settlement, owed) = write_offs::owed_on(tx, wo)?
                .ok_or(CoreError::conflict(Reason::SettlementNotSigned))?;
            if owed <= 0 {
                return Err(CoreError::conflict(Reason::WriteOffNothingOwed));
            }
            let issues = check_write_off(input, owed);
            if !issues.is_empty() {
                return Err(CoreError::Invalid(issues));
            }
            let approved_by = boss.as_ref().map(|b| b.name.clone()).unwrap_or_default();
            let reason = input.reason.trim();
            let row = write_offs::insert(
                tx,
                wo,
                settlement,
                (input.amount_minor, reason, &approved_by),
                now,
            )?;
            let currency = settings::load(tx)?.currency;
            let money = |m: i64| crate::i18n::format_money(m, &currency, crate::i18n::Lang::En);
            let subject = follow_ups::job_number(tx, wo)?.unwrap_or_default();
            staff::journal_action(
                tx,
                ShopAction::WriteOff.as_str(),
                boss.as_ref(),
                &subject,
                (&money(owed), &money(owed - input.amount_minor)),
                reason,
                now,
            )?;
            Ok(row)
        })
    }

    /// The job's write-offs, oldest first.
    pub fn write_offs(&self, wo: WorkOrderId) -> Result<Vec<WriteOff>> {
        self.with_conn(|conn| write_offs::for_job(conn, wo))
    }
}
