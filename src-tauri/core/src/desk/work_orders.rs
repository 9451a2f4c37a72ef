//! A job's life at the desk: opening it on a customer's vehicle with the next number of
//! the year (refused when the clock went back past the last number's year), moving it by
//! a button, calling it off (a booking's deposit carried onto it going back to the booking
//! for the supervisor's decision), and loading it as the intake screen shows it.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::booking::DepositState;
use crate::desk::intake::detail;
use crate::domain::settlement::PaymentMethod;
use crate::error::{CoreError, Result};
use crate::i18n::{format_money, Lang};
use crate::ids::WorkOrderId;
use crate::intake::{check_section, refuse, IntakeSection, WorkOrderDetail};
use crate::reason::Reason;
use crate::store::{appointment_deposits, appointments, payments, settings, staff};
use crate::store::{customers, inspection_template, numbering, vehicles, walkaround};
use crate::store::{work_orders, Store};
use crate::validate::normalize_phone;
use crate::work_order::{
    check_transition, format_number, issue_year, JobDetails, OpenWorkOrder, WorkOrderStatus,
};

/// The details as they are filed: the contact's phone in its one written form.
pub(crate) fn clean_details(details: &JobDetails) -> JobDetails {
    let mut clean = details.clone();
    if let Some(contact) = &mut clean.contact {
        contact.phone = normalize_phone(&contact.phone);
    }
    clean
}

/// Files a new job on `input.vehicle_id` with the next number and a copy of the shop's
/// checklist template, in the caller's transaction.
pub(crate) fn open(
    conn: &Connection,
    prefix: &str,
    input: &OpenWorkOrder,
    now: NaiveDateTime,
) -> Result<WorkOrderId> {
    let customer = customers::load(conn, input.customer_id)?;
    if customer.archived_at.is_some() {
        return Err(CoreError::conflict(Reason::CustomerArchived));
    }
    let vehicle = vehicles::load(conn, input.vehicle_id)?;
    if vehicle.archived_at.is_some() {
        return Err(CoreError::conflict(Reason::VehicleArchived));
    }
    if vehicle.customer_id != input.customer_id {
        return Err(CoreError::conflict(Reason::WorkOrderVehicleNotOwned));
    }
    // A clock gone back past the last number's year (a flat CMOS battery) would start a
    // second series of numbers in an old year: refused, so the desk fixes the clock —
    // unless the supervisor confirmed the clock had run ahead (`issue_year`).
    let confirmed = numbering::confirmed_year(conn)?;
    let year = issue_year(now, work_orders::last_number_year(conn)?, confirmed)
        .ok_or(CoreError::conflict(Reason::ClockBehind))?;
    let seq = work_orders::next_seq(conn, year)?;
    let id = work_orders::insert(
        conn,
        &format_number(prefix, year, seq),
        (year, seq),
        (input.customer_id, input.vehicle_id),
        now,
    )?;
    work_orders::save_details(conn, id, &clean_details(&input.details), now)?;
    let template = inspection_template::load(conn)?;
    walkaround::save_items(conn, id, &template.to_items())?;
    Ok(id)
}

/// The journal's kind for a deposit taken back off a cancelled job.
const DEPOSIT_RETURNED: &str = "deposit_returned";

/// A job called off that came from a booking with its deposit: the deposit goes back to
/// the booking, held, and waits on Today for the supervisor to keep or refund it as for a
/// missed booking (the job's payment row of it voided, so the day the deposit was taken
/// still counts it once). Journalled with the job's reason. When money was already given
/// back on the job so that less than the deposit is left on it, the refund settled it and
/// the deposit stays applied.
fn return_deposit(
    conn: &Connection,
    wo: &crate::work_order::WorkOrder,
    reason: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let Some(id) = appointments::for_work_order(conn, wo.id)? else {
        return Ok(());
    };
    let booking = appointments::load(conn, id)?;
    let Some(deposit) = booking.deposit.filter(|d| d.state == DepositState::Applied) else {
        return Ok(());
    };
    let Some(payment) = deposit.payment_id else {
        return Ok(());
    };
    if payments::load(conn, payment)?.work_order_id != wo.id {
        return Ok(());
    }
    let left: i64 = payments::for_job(conn, wo.id)?
        .iter()
        .filter(|p| p.method != PaymentMethod::OnAccount)
        .map(|p| p.signed_amount())
        .sum();
    if left < deposit.amount_minor {
        return Ok(());
    }
    // Language-neutral: it prints on receipts in the job's language.
    let void_reason = format!("{}: {reason}", booking.number);
    appointment_deposits::uncarry(conn, id, payment, &void_reason, now)?;
    let amount = format_money(
        deposit.amount_minor,
        &settings::load(conn)?.currency,
        Lang::En,
    );
    let change = (
        format!("applied to {} {amount}", wo.number),
        "held".to_string(),
    );
    staff::journal_action(
        conn,
        DEPOSIT_RETURNED,
        None,
        &booking.number,
        (&change.0, &change.1),
        reason,
        now,
    )?;
    Ok(())
}

impl Store {
    /// Opens a job on a customer's vehicle: the next number of the year of `now`, the
    /// job details as typed, the shop's checklist copied in.
    pub fn open_work_order(
        &self,
        input: &OpenWorkOrder,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        refuse(check_section(&IntakeSection::JobDetails(
            input.details.clone(),
        )))?;
        let prefix = self.get_settings()?.work_order_prefix;
        let id = self.with_tx(|tx| open(tx, &prefix, input, now))?;
        self.get_work_order(id)
    }

    /// Moves the job to `to` when the step is allowed without a signature (to ready,
    /// back to the workshop); `Conflict` with the reason otherwise.
    pub fn set_work_order_status(
        &self,
        id: WorkOrderId,
        to: WorkOrderStatus,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, id)?;
            check_transition(work_order.status, to).map_err(CoreError::conflict)?;
            work_orders::set_status(tx, id, to, now)
        })?;
        self.get_work_order(id)
    }

    /// Calls the job off. It keeps its number (numbers are never reused) and the reason;
    /// a booking's deposit carried onto it goes back to the booking for the supervisor.
    pub fn cancel_work_order(
        &self,
        id: WorkOrderId,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > 1000 {
            return Err(CoreError::invalid("reason", Reason::CancelReasonRequired));
        }
        self.with_tx(|tx| {
            let job = work_orders::load(tx, id)?;
            match job.status {
                WorkOrderStatus::Cancelled => {
                    return Err(CoreError::conflict(Reason::WorkOrderCancelled))
                }
                WorkOrderStatus::Collected => {
                    return Err(CoreError::conflict(Reason::StatusTransition))
                }
                _ => {}
            }
            work_orders::cancel(tx, id, reason, now)?;
            return_deposit(tx, &job, reason, now)
        })?;
        self.get_work_order(id)
    }

    /// The job as the intake screen shows it.
    pub fn get_work_order(&self, id: WorkOrderId) -> Result<WorkOrderDetail> {
        self.with_conn(|conn| detail(conn, id))
    }
}
