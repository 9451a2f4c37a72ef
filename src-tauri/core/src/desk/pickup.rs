//! Ready for pickup: the final check marks the job ready and sets when the customer must
//! be told; the calls that tell them. Rules in [`crate::settlement::pickup`], rows in
//! [`crate::store::pickup`].
use chrono::NaiveDateTime;

use crate::error::{CoreError, Result};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::settlement::pickup::{
    check_call, check_ready, notify_by, PickupCallInput, PickupCalls, PickupCheck, ReadyInput,
};
use crate::store::{pickup, staff, work_orders, workshop, Store};
use crate::work_order::{check_final_check, WorkOrderStatus};

impl Store {
    /// Marks the job ready after the final check, and records when the customer must be
    /// told: an hour before pickup for jobs of up to two days, four hours for longer.
    pub fn mark_ready(
        &self,
        wo: WorkOrderId,
        input: &ReadyInput,
        now: NaiveDateTime,
    ) -> Result<PickupCheck> {
        let issues = check_ready(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            check_final_check(work_order.status).map_err(CoreError::conflict)?;
            let promised = workshop::promised_now(tx, &work_order)?;
            let pickup_at = input
                .pickup_at
                .or(promised)
                .ok_or(CoreError::invalid("pickupAt", Reason::PickupTimeRequired))?;
            let settings = staff::settlement_settings(tx)?;
            let tell_by = notify_by(work_order.opened_at, promised, pickup_at, &settings);
            pickup::save_check(tx, wo, input, pickup_at, tell_by, now)?;
            work_orders::set_status(tx, wo, WorkOrderStatus::Ready, now)?;
            pickup::check_of(tx, wo)?.ok_or(CoreError::NotFound {
                what: "pickup_check",
            })
        })
    }

    /// The calls telling the customer the car is ready, with whether one reached them.
    pub fn pickup_calls_view(&self, wo: WorkOrderId) -> Result<PickupCalls> {
        self.with_conn(|conn| pickup::calls(conn, wo))
            .map(PickupCalls::of)
    }

    /// Records a call telling the customer the car is ready (or that nobody answered);
    /// returns the job's calls as [`Store::pickup_calls_view`] does.
    pub fn record_pickup_call(
        &self,
        wo: WorkOrderId,
        input: &PickupCallInput,
        now: NaiveDateTime,
    ) -> Result<PickupCalls> {
        let issues = check_call(input);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            if work_orders::load(tx, wo)?.status != WorkOrderStatus::Ready {
                return Err(CoreError::conflict(Reason::StatusTransition));
            }
            pickup::insert_call(tx, wo, input, now)?;
            pickup::calls(tx, wo).map(PickupCalls::of)
        })
    }
}
