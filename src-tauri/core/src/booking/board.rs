//! What the booking screens show, decided here so the window only reads it: the booking
//! board (per day and bay the bookings, hours booked against hours available), Today's
//! arrivals and reminder calls due, and the check shown before a booking is saved (the
//! day it would overfill, the customer's no-shows, the least deposit).
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::capacity::{day_load, DayLoad};
use super::reminder::call_due_now;
use super::tally::week_start;
use super::tally::NoShowHistory;
use super::{
    may_mark_no_show, Appointment, AppointmentStatus, BookingSettings, CallOutcome, DepositState,
};
use crate::ids::AppointmentId;

/// The longest range the board shows at once.
pub const MAX_BOARD_DAYS: u32 = 42;

/// One booking on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BoardBooking {
    pub id: AppointmentId,
    pub number: String,
    pub starts_at: NaiveDateTime,
    pub duration_minutes: u32,
    pub customer_name: String,
    pub plate: String,
    pub wanted_work: String,
    pub status: AppointmentStatus,
    pub bay: u32,
    /// A deposit is held for it (parts ordered).
    pub deposit_held: bool,
    /// The deposit taken, whatever became of it; 0 when none.
    pub deposit_minor: i64,
    /// What the latest reminder call came to, `None` before any call.
    pub last_call: Option<CallOutcome>,
    /// The number of the job running over in its bay that puts it at risk
    /// (`overrun::mark_board`); `None` when none does.
    pub at_risk_from: Option<String>,
}

/// One bay's bookings on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BayDay {
    pub bay: u32,
    pub bookings: Vec<BoardBooking>,
}

/// One day of the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BoardDay {
    pub load: DayLoad,
    pub bays: Vec<BayDay>,
    /// Cancelled and missed bookings of the day, kept off the bays.
    pub closed: Vec<BoardBooking>,
}

/// The booking board of a range of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BookingBoard {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<BoardDay>,
}

fn board_booking(a: &Appointment) -> BoardBooking {
    BoardBooking {
        id: a.id,
        number: a.number.clone(),
        starts_at: a.starts_at,
        duration_minutes: a.duration_minutes,
        customer_name: a.customer_name.clone(),
        plate: a.plate.clone(),
        wanted_work: a.wanted_work.clone(),
        status: a.status,
        bay: a.bay,
        deposit_minor: a.deposit.as_ref().map_or(0, |d| d.amount_minor),
        last_call: a.calls.last().map(|c| c.outcome),
        at_risk_from: None,
        deposit_held: a
            .deposit
            .as_ref()
            .is_some_and(|d| d.state == DepositState::Held),
    }
}

/// The week the board opens on: Monday to Sunday around a day, with the shop's today and
/// the Mondays of the weeks before and after, so the window does no date arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BookingWeek {
    pub today: NaiveDate,
    pub prev: NaiveDate,
    pub next: NaiveDate,
    pub board: BookingBoard,
}

/// Monday to Sunday of the week holding `day`, and the Mondays before and after it.
pub fn week_around(day: NaiveDate) -> (NaiveDate, NaiveDate, NaiveDate, NaiveDate) {
    let monday = week_start(day);
    let sunday = monday + chrono::Days::new(6);
    let prev = monday - chrono::Days::new(7);
    let next = monday + chrono::Days::new(7);
    (monday, sunday, prev, next)
}

/// What the desk may do with one booking at `now`: the buttons its screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentActions {
    pub change: bool,
    pub call: bool,
    pub take_deposit: bool,
    pub cancel: bool,
    pub no_show: bool,
    pub arrive: bool,
    /// The booking is closed and its deposit waits for the supervisor: keep or refund.
    pub decide_deposit: bool,
}

pub fn actions(a: &Appointment, now: NaiveDateTime) -> AppointmentActions {
    let open = a.status.is_open();
    AppointmentActions {
        change: open,
        call: open,
        take_deposit: open && a.deposit.is_none(),
        cancel: open,
        no_show: may_mark_no_show(a.status, a.starts_at, now),
        arrive: open,
        decide_deposit: !open
            && a.deposit
                .as_ref()
                .is_some_and(|d| d.state == DepositState::Held),
    }
}

/// One booking as its screen shows it: the booking, what may be done with it, and when
/// its reminder call is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentView {
    pub appointment: Appointment,
    pub actions: AppointmentActions,
    pub reminder_due: Option<NaiveDateTime>,
}

/// Does the booking hold its bay (and count in the day's load)?
pub fn holds_bay(status: AppointmentStatus) -> bool {
    !matches!(
        status,
        AppointmentStatus::Cancelled | AppointmentStatus::NoShow
    )
}

/// The board of `from..=to` over the appointments starting in it.
pub fn board(
    appointments: &[Appointment],
    from: NaiveDate,
    to: NaiveDate,
    settings: &BookingSettings,
) -> BookingBoard {
    let days = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|date| {
            let of_day: Vec<&Appointment> = appointments
                .iter()
                .filter(|a| a.starts_at.date() == date)
                .collect();
            let booked: u32 = of_day
                .iter()
                .filter(|a| holds_bay(a.status))
                .map(|a| a.duration_minutes)
                .sum();
            let bays = (1..=settings.bays)
                .map(|bay| BayDay {
                    bay,
                    bookings: of_day
                        .iter()
                        .filter(|a| a.bay == bay && holds_bay(a.status))
                        .map(|a| board_booking(a))
                        .collect(),
                })
                .collect();
            BoardDay {
                load: day_load(date, booked, settings),
                bays,
                closed: of_day
                    .iter()
                    .filter(|a| !holds_bay(a.status) || a.bay > settings.bays)
                    .map(|a| board_booking(a))
                    .collect(),
            }
        })
        .collect();
    BookingBoard { from, to, days }
}

/// A reminder call Today lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallDue {
    pub booking: BoardBooking,
    pub phone: String,
    pub due_at: NaiveDateTime,
    /// Calls already tried that did not reach the customer.
    pub tries: u32,
}

/// Today's part of the appointment book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentsToday {
    /// Today's open bookings by time: the cars expected, served first (预约客户优先).
    pub arrivals: Vec<BoardBooking>,
    /// Reminder calls due now, the longest due first.
    pub calls_due: Vec<CallDue>,
    /// Cancelled or missed bookings whose deposit waits for the supervisor's decision.
    pub deposits_undecided: Vec<BoardBooking>,
}

/// Today's lists at `now` from the open appointments around it.
pub fn today(
    upcoming: &[Appointment],
    undecided: &[Appointment],
    now: NaiveDateTime,
    settings: &BookingSettings,
) -> AppointmentsToday {
    let arrivals = upcoming
        .iter()
        .filter(|a| a.starts_at.date() == now.date() && a.status.is_open())
        .map(board_booking)
        .collect();
    let mut calls_due: Vec<CallDue> = upcoming
        .iter()
        .filter_map(|a| {
            let due = call_due_now(a.status, a.starts_at, a.booked_at, now, settings)?;
            Some(CallDue {
                booking: board_booking(a),
                phone: a.phone.clone(),
                due_at: due,
                tries: a.calls.len() as u32,
            })
        })
        .collect();
    calls_due.sort_by_key(|c| (c.due_at, c.booking.starts_at));
    AppointmentsToday {
        arrivals,
        calls_due,
        deposits_undecided: undecided.iter().map(board_booking).collect(),
    }
}

/// What the desk is told before a booking is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct BookingCheck {
    /// The day's load with this booking on it.
    pub load: DayLoad,
    /// Saving needs `acceptOverfill`.
    pub overfills: bool,
    pub no_shows: NoShowHistory,
    pub parts_minor: i64,
    /// The least deposit the desk may take alone (half the parts' price, rounded up).
    pub least_deposit_minor: i64,
    /// When the reminder call will be due; `None` when none is needed.
    pub reminder_due: Option<NaiveDateTime>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::appointment::Deposit;
    use crate::domain::settlement::PaymentMethod;

    fn at(d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, d)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    fn booking(status: AppointmentStatus, deposit: Option<DepositState>) -> Appointment {
        Appointment {
            id: AppointmentId(1),
            number: "APPT-2026-00001".into(),
            status,
            customer_id: None,
            vehicle_id: None,
            caller: None,
            customer_name: "王芳".into(),
            phone: "13912345678".into(),
            plate: "沪B6K789".into(),
            starts_at: at(8, 10),
            duration_minutes: 120,
            bay: 1,
            wanted_work: "刹车异响".into(),
            parts: Vec::new(),
            parts_minor: 48_000,
            expected_price_minor: None,
            bring_handbook: true,
            booked_by: "Li Na".into(),
            booked_at: at(7, 15),
            note: String::new(),
            calls: Vec::new(),
            deposit: deposit.map(|state| Deposit {
                receipt_number: "APPT-2026-00001-D".into(),
                method: PaymentMethod::Cash,
                amount_minor: 24_000,
                tendered_minor: None,
                change_minor: Some(0),
                reference: String::new(),
                taken_by: "Li Na".into(),
                taken_at: at(7, 15),
                parts_minor: 48_000,
                below_half_allowed_by: String::new(),
                state,
                payment_id: None,
                decided_at: None,
                decided_by: String::new(),
                decision_reason: String::new(),
            }),
            work_order_id: None,
            closed_at: None,
            cancel_reason: String::new(),
            updated_at: at(7, 15),
        }
    }

    #[test]
    fn the_week_runs_monday_to_sunday_around_any_of_its_days() {
        // 7 December 2026 is a Monday; the 13th its Sunday.
        for d in 7..=13 {
            let (from, to, prev, next) = week_around(at(d, 0).date());
            assert_eq!((from, to), (at(7, 0).date(), at(13, 0).date()));
            assert_eq!(prev, at(7, 0).date() - chrono::Days::new(7));
            assert_eq!(next, at(14, 0).date());
        }
    }

    #[test]
    fn an_open_booking_offers_its_buttons_and_a_no_show_only_once_its_time_has_come() {
        let open = booking(AppointmentStatus::Booked, None);
        let before = actions(&open, at(7, 16));
        assert!(
            before.change && before.call && before.take_deposit && before.cancel && before.arrive
        );
        assert!(!before.no_show, "nobody misses a booking before its time");
        assert!(!before.decide_deposit);
        assert!(actions(&open, at(8, 10)).no_show);
        let paid = booking(AppointmentStatus::Confirmed, Some(DepositState::Held));
        assert!(
            !actions(&paid, at(7, 16)).take_deposit,
            "one deposit per booking"
        );
    }

    #[test]
    fn a_called_off_booking_offers_only_the_decision_on_a_deposit_still_held() {
        let missed = booking(AppointmentStatus::NoShow, Some(DepositState::Held));
        let a = actions(&missed, at(8, 12));
        assert!(a.decide_deposit);
        assert!(!(a.change || a.call || a.take_deposit || a.cancel || a.no_show || a.arrive));
        let decided = booking(AppointmentStatus::Cancelled, Some(DepositState::Refunded));
        assert!(!actions(&decided, at(8, 12)).decide_deposit);
        let arrived = booking(AppointmentStatus::Arrived, Some(DepositState::Applied));
        assert!(!actions(&arrived, at(8, 12)).decide_deposit);
    }
}
