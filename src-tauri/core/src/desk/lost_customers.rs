//! Lost customers (流失客户): not seen (a job, a walk-in) for the care settings' months,
//! listed with their last visit and the reason given on the call asking why; the reasons
//! counted for the supervisor's monthly summary.
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::domain::care::{LostCustomers, LostReason, LostReasonCount, LostRow};
use crate::error::Result;
use crate::service_due::bands::lost_cut_off;
use crate::store::{care, Store};

impl Store {
    /// The customers lost on `today`, longest gone first, with every lost customer's
    /// latest reason counted.
    pub fn lost_customers(&self, today: NaiveDate) -> Result<LostCustomers> {
        self.with_conn(|conn| {
            let settings = care::settings(conn)?;
            let cut_off = lost_cut_off(today, settings.lost_after_months);
            let calls: HashMap<_, _> = care::latest_lost_calls(conn)?
                .into_iter()
                .map(|(c, reason, on)| (c, (reason, on)))
                .collect();
            let mut counts: BTreeMap<LostReason, u32> = BTreeMap::new();
            let rows: Vec<LostRow> = care::last_seen_before(conn, cut_off)?
                .into_iter()
                .map(|seen| {
                    // A call made before the customer's last visit asked about another gap.
                    let call = calls
                        .get(&seen.customer)
                        .copied()
                        .filter(|(_, on)| *on >= seen.last_seen);
                    if let Some((reason, _)) = call {
                        *counts.entry(reason).or_default() += 1;
                    }
                    LostRow {
                        customer_id: seen.customer,
                        customer_name: seen.name,
                        phone: seen.phone,
                        plates: seen.plates.split_whitespace().map(str::to_owned).collect(),
                        last_visit: seen.last_seen,
                        reason: call.map(|(r, _)| r),
                        asked_on: call.map(|(_, on)| on),
                    }
                })
                .collect();
            let reasons = LostReason::ALL
                .iter()
                .map(|&reason| LostReasonCount {
                    reason,
                    count: counts.get(&reason).copied().unwrap_or(0),
                })
                .collect();
            Ok(LostCustomers {
                today,
                cut_off,
                rows,
                reasons,
            })
        })
    }
}
