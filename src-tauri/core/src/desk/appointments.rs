//! The appointment book's use cases: booking (a customer on file or a new caller), changing
//! and moving, the reminder call, the deposit against the parts (less than half with the
//! supervisor), cancelling, marking a no-show, and the supervisor's decision on a deposit
//! left behind — each one transaction, the supervisor's word journalled with the change.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::booking::{
    check_ahead, check_appointment, check_call, check_deposit, clean_appointment, deposit_ceiling,
    deposit_meets_half, may_arrive, may_mark_no_show, parts_total, status_after_call, Appointment,
    AppointmentChange, AppointmentInput, AppointmentStatus, BookingSettings, CallOutcome,
    DepositDecision, DepositInput, DepositState, ReminderCallInput,
};
use crate::error::{CoreError, FieldIssue, Result};
use crate::i18n::{format_money, Lang};
use crate::ids::AppointmentId;
use crate::reason::Reason;
use crate::settlement::supervision::{ShopAction, SupervisorWord};
use crate::store::numbering::{self, Series};
use crate::store::Store;
use crate::store::{appointment_deposits, appointments, customers, settings, staff, vehicles};
use crate::validate::too_long;

use super::appointment_room::check_room;

fn invalid(issues: Vec<FieldIssue>) -> Result<()> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(issues))
    }
}

/// The booking checked against the rules, a time not in the past (unless it is the time
/// the booking being changed already has: a late customer's phone can still be put
/// right), and cleaned.
pub(crate) fn checked(
    input: &AppointmentInput,
    settings: &BookingSettings,
    now: NaiveDateTime,
    current_start: Option<NaiveDateTime>,
) -> Result<(AppointmentInput, i64)> {
    let mut issues = check_appointment(input, settings);
    if current_start != Some(input.starts_at) {
        check_ahead(&mut issues, "startsAt", input.starts_at, now);
    }
    let parts_minor = parts_total(&input.parts);
    if parts_minor.is_none_or(|p| crate::money::amount_issue(p).is_some()) {
        issues.push(FieldIssue::new("parts", Reason::MoneyTooLarge));
    }
    invalid(issues)?;
    Ok((clean_appointment(input), parts_minor.unwrap_or_default()))
}

/// The customer and vehicle on file exist, are active, and belong together.
fn check_file(conn: &Connection, input: &AppointmentInput) -> Result<()> {
    let (Some(customer), Some(vehicle)) = (input.customer_id, input.vehicle_id) else {
        return Ok(());
    };
    if customers::load(conn, customer)?.archived_at.is_some() {
        return Err(CoreError::conflict(Reason::CustomerArchived));
    }
    let car = vehicles::load(conn, vehicle)?;
    if car.archived_at.is_some() {
        return Err(CoreError::conflict(Reason::VehicleArchived));
    }
    if car.customer_id != customer {
        return Err(CoreError::conflict(Reason::WorkOrderVehicleNotOwned));
    }
    Ok(())
}

fn open_one(conn: &Connection, id: AppointmentId) -> Result<Appointment> {
    let a = appointments::load(conn, id)?;
    if !a.status.is_open() {
        return Err(CoreError::conflict(Reason::AppointmentNotOpen));
    }
    Ok(a)
}

fn money(conn: &Connection, minor: i64) -> Result<String> {
    Ok(format_money(
        minor,
        &settings::load(conn)?.currency,
        Lang::En,
    ))
}

impl Store {
    /// Writes a booking in the book with the next APPT number. A day it would overfill
    /// (`appointment.day_full`) or a bay already taken at that time
    /// (`appointment.bay_taken`) is refused unless `acceptOverfill` says the desk was told.
    pub fn book_appointment(
        &self,
        input: &AppointmentInput,
        now: NaiveDateTime,
    ) -> Result<Appointment> {
        let settings = self.with_conn(appointments::settings)?;
        let (clean, parts_minor) = checked(input, &settings, now, None)?;
        self.with_tx(|tx| {
            check_file(tx, &clean)?;
            check_room(tx, &clean, None, &settings)?;
            let issued = numbering::next(tx, Series::Appointment, now)?;
            let id = appointments::insert(tx, &issued, &clean, parts_minor, now)?;
            appointments::load(tx, id)
        })
    }

    /// Changes or moves an open booking (its time, bay, who is coming, what is wanted,
    /// the parts), checked like a new booking, the day it would overfill included.
    /// Recorded with who changed it (`by`) and when. Its deposit stays with it; a slip
    /// agreed before no longer matches it and is agreed again; a booking moved to
    /// another time is booked (unconfirmed) again, so its reminder is due anew.
    pub fn change_appointment(
        &self,
        id: AppointmentId,
        input: &AppointmentInput,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Appointment> {
        let by = by.trim();
        let mut by_issues = Vec::new();
        if by.is_empty() {
            by_issues.push(FieldIssue::new("changedBy", Reason::ApprovalByRequired));
        }
        too_long(&mut by_issues, "changedBy", by, 100);
        let settings = self.with_conn(appointments::settings)?;
        let current = self.get_appointment(id)?.starts_at;
        // Every field's problem at once: the booking's and who changed it.
        let (clean, parts_minor) = match checked(input, &settings, now, Some(current)) {
            Ok(clean) => {
                invalid(by_issues)?;
                clean
            }
            Err(CoreError::Invalid(mut issues)) => {
                issues.extend(by_issues);
                return Err(CoreError::Invalid(issues));
            }
            Err(e) => return Err(e),
        };
        self.with_tx(|tx| {
            let before = open_one(tx, id)?;
            // The deposit held stays within what the job will cost, as when it was taken.
            let held = before
                .deposit
                .as_ref()
                .filter(|d| d.state == DepositState::Held);
            if held.is_some_and(|d| {
                d.amount_minor > deposit_ceiling(parts_minor, clean.expected_price_minor)
            }) {
                return Err(CoreError::invalid(
                    "expectedPriceMinor",
                    Reason::DepositAboveCeiling,
                ));
            }
            check_file(tx, &clean)?;
            check_room(tx, &clean, Some(id), &settings)?;
            appointments::update(tx, id, &clean, parts_minor, now)?;
            let change = AppointmentChange {
                at: now,
                by: by.to_string(),
                from_starts_at: before.starts_at,
                starts_at: clean.starts_at,
                from_bay: before.bay,
                bay: clean.bay,
            };
            appointments::insert_change(tx, id, &change)?;
            if change.moved() && before.status == AppointmentStatus::Confirmed {
                appointments::set_status(tx, id, AppointmentStatus::Booked, "", now)?;
            }
            appointments::load(tx, id)
        })
    }

    pub fn get_appointment(&self, id: AppointmentId) -> Result<Appointment> {
        self.with_conn(|conn| appointments::load(conn, id))
    }

    /// Records a reminder call: confirmed, moved to a new time (checked like a booking),
    /// cancelled (the booking is cancelled; a deposit waits for the supervisor), or not
    /// reached (the call stays due).
    pub fn record_reminder_call(
        &self,
        id: AppointmentId,
        input: &ReminderCallInput,
        now: NaiveDateTime,
    ) -> Result<Appointment> {
        invalid(check_call(input))?;
        let settings = self.with_conn(appointments::settings)?;
        self.with_tx(|tx| {
            let a = open_one(tx, id)?;
            if let Some(to) = input.moved_to {
                let mut issues = Vec::new();
                crate::booking::check_time(&mut issues, "movedTo", to, &settings);
                crate::booking::check_ahead(&mut issues, "movedTo", to, now);
                invalid(issues)?;
                let moved = AppointmentInput {
                    starts_at: to,
                    duration_minutes: a.duration_minutes,
                    accept_overfill: input.accept_overfill,
                    ..as_input(&a)
                };
                check_room(tx, &moved, Some(id), &settings)?;
                appointments::move_to(tx, id, to, now)?;
                let change = AppointmentChange {
                    at: now,
                    by: input.by.trim().to_string(),
                    from_starts_at: a.starts_at,
                    starts_at: to,
                    from_bay: a.bay,
                    bay: a.bay,
                };
                appointments::insert_change(tx, id, &change)?;
            }
            appointments::insert_call(tx, id, input, now)?;
            let status = status_after_call(input.outcome, a.status);
            if status != a.status {
                let reason = if input.outcome == CallOutcome::Cancelled {
                    input.note.trim()
                } else {
                    ""
                };
                appointments::set_status(tx, id, status, reason, now)?;
            }
            appointments::load(tx, id)
        })
    }

    /// Takes the deposit against the parts. At least half their price (exactly half is
    /// enough); less needs the supervisor's word, journalled.
    pub fn take_deposit(
        &self,
        id: AppointmentId,
        input: &DepositInput,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<Appointment> {
        let (issues, change) = check_deposit(input);
        invalid(issues)?;
        let a = self.with_conn(|conn| open_one(conn, id))?;
        if a.deposit.is_some() {
            return Err(CoreError::conflict(Reason::DepositTaken));
        }
        if input.amount_minor > deposit_ceiling(a.parts_minor, a.expected_price_minor) {
            return Err(CoreError::invalid(
                "amountMinor",
                Reason::DepositAboveCeiling,
            ));
        }
        let below = !deposit_meets_half(input.amount_minor, a.parts_minor);
        let boss = if below {
            self.supervisor_for(Some(ShopAction::DepositBelowHalf), word, now)?
        } else {
            None
        };
        self.with_tx(|tx| {
            let a = open_one(tx, id)?;
            if appointment_deposits::load(tx, id)?.is_some() {
                return Err(CoreError::conflict(Reason::DepositTaken));
            }
            // The parts may have changed since the word was asked for.
            if below == deposit_meets_half(input.amount_minor, a.parts_minor)
                || input.amount_minor > deposit_ceiling(a.parts_minor, a.expected_price_minor)
            {
                return Err(CoreError::conflict(Reason::AppointmentChangedSinceShown));
            }
            let allowed_by = boss.as_ref().map(|b| b.name.clone()).unwrap_or_default();
            appointment_deposits::insert(tx, id, input, change, a.parts_minor, &allowed_by, now)?;
            if below {
                let change = (
                    format!("parts {}", money(tx, a.parts_minor)?),
                    format!("deposit {}", money(tx, input.amount_minor)?),
                );
                staff::journal_action(
                    tx,
                    ShopAction::DepositBelowHalf.as_str(),
                    boss.as_ref(),
                    &a.number,
                    (&change.0, &change.1),
                    "",
                    now,
                )?;
            }
            appointments::load(tx, id)
        })
    }

    /// Calls a booking off, with the reason.
    pub fn cancel_appointment(
        &self,
        id: AppointmentId,
        reason: &str,
        now: NaiveDateTime,
    ) -> Result<Appointment> {
        let reason = reason.trim();
        let mut issues = Vec::new();
        if reason.is_empty() {
            issues.push(FieldIssue::new("reason", Reason::CancelReasonRequired));
        }
        too_long(&mut issues, "reason", reason, 1_000);
        invalid(issues)?;
        self.with_tx(|tx| {
            open_one(tx, id)?;
            appointments::set_status(tx, id, AppointmentStatus::Cancelled, reason, now)?;
            appointments::load(tx, id)
        })
    }

    /// Marks a booking the customer did not come to, once the half hour of grace after its
    /// time is over.
    pub fn mark_no_show(&self, id: AppointmentId, now: NaiveDateTime) -> Result<Appointment> {
        self.with_tx(|tx| {
            let a = open_one(tx, id)?;
            if !may_mark_no_show(a.status, a.starts_at, now) {
                return Err(CoreError::conflict(Reason::AppointmentNotYetDue));
            }
            appointments::set_status(tx, id, AppointmentStatus::NoShow, "", now)?;
            appointments::load(tx, id)
        })
    }

    /// The supervisor decides what becomes of the deposit of a cancelled or missed
    /// booking: kept by the shop or given back; journalled with the reason.
    pub fn decide_deposit(
        &self,
        id: AppointmentId,
        decision: DepositDecision,
        reason: &str,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<Appointment> {
        let reason = reason.trim();
        let mut issues = Vec::new();
        if reason.is_empty() {
            issues.push(FieldIssue::new("reason", Reason::ApprovalReasonRequired));
        }
        too_long(&mut issues, "reason", reason, 1_000);
        invalid(issues)?;
        let (action, state) = match decision {
            DepositDecision::Keep => (ShopAction::KeepDeposit, DepositState::Kept),
            DepositDecision::Refund => (ShopAction::RefundDeposit, DepositState::Refunded),
        };
        let check = |conn: &Connection| -> Result<Appointment> {
            let a = appointments::load(conn, id)?;
            if a.status.is_open() {
                return Err(CoreError::conflict(Reason::DepositAppointmentOpen));
            }
            // A customer marked missed may still come that day and be taken in with the
            // deposit: it is decided once the day is over.
            if a.status == AppointmentStatus::NoShow && may_arrive(a.status, a.starts_at, now) {
                return Err(CoreError::conflict(Reason::DepositDecisionTooEarly));
            }
            if !a
                .deposit
                .as_ref()
                .is_some_and(|d| d.state == DepositState::Held)
            {
                return Err(CoreError::conflict(Reason::DepositNotHeld));
            }
            Ok(a)
        };
        self.with_conn(check)?;
        let boss = self.supervisor_for(Some(action), word, now)?;
        self.with_tx(|tx| {
            let a = check(tx)?;
            let by = boss.as_ref().map(|b| b.name.clone()).unwrap_or_default();
            appointment_deposits::decide(tx, id, state, &by, reason, now)?;
            let held = a.deposit.as_ref().map_or(0, |d| d.amount_minor);
            let change = (
                format!("held {}", money(tx, held)?),
                state.as_str().to_string(),
            );
            staff::journal_action(
                tx,
                action.as_str(),
                boss.as_ref(),
                &a.number,
                (&change.0, &change.1),
                reason,
                now,
            )?;
            appointments::load(tx, id)
        })
    }
}

/// The booking's own fields as an input, for re-checking it at a new time.
pub(crate) fn as_input(a: &Appointment) -> AppointmentInput {
    AppointmentInput {
        customer_id: a.customer_id,
        vehicle_id: a.vehicle_id,
        caller: a.caller.clone(),
        starts_at: a.starts_at,
        duration_minutes: a.duration_minutes,
        bay: a.bay,
        wanted_work: a.wanted_work.clone(),
        parts: a.parts.clone(),
        expected_price_minor: a.expected_price_minor,
        bring_handbook: a.bring_handbook,
        booked_by: a.booked_by.clone(),
        note: a.note.clone(),
        accept_overfill: false,
    }
}
