//! What the booking screens show, decided here so the window only reads it: the booking
//! board (per day and bay the bookings, hours booked against hours available), Today's
//! arrivals and reminder calls due, and the check shown before a booking is saved (the
//! day it would overfill, the customer's no-shows, the least deposit).
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::capacity::{day_load, minutes_by_day, BayTaken, DayLoad};
use super::reminder::{awaits_confirmation, call_due_now, next_calling_at};
use super::tally::week_start;
use super::tally::NoShowHistory;
use super::{
    may_arrive, may_mark_no_show, Appointment, AppointmentStatus, BookingSettings, CallOutcome,
    DepositState,
};
use crate::domain::appointment::AppointmentAgreement;
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
    /// Shown on a later day of a booking that began on an earlier one.
    pub continued: bool,
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
        continued: false,
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
    /// The customer may agree the slip: the booking is open and, as it stands, not agreed.
    pub agree: bool,
}

/// The buttons of `a` at `now`; `agreed` when the booking as it stands is agreed already.
pub fn actions(a: &Appointment, agreed: bool, now: NaiveDateTime) -> AppointmentActions {
    let open = a.status.is_open();
    let missed_today =
        a.status == AppointmentStatus::NoShow && may_arrive(a.status, a.starts_at, now);
    AppointmentActions {
        change: open,
        call: open,
        // A deposit is against what the job will cost: nothing to take it against, none.
        take_deposit: open
            && a.deposit.is_none()
            && super::deposit_ceiling(a.parts_minor, a.expected_price_minor) > 0,
        cancel: open,
        no_show: may_mark_no_show(a.status, a.starts_at, now),
        arrive: may_arrive(a.status, a.starts_at, now),
        // A missed customer may still come that day: the deposit waits for the day's end.
        decide_deposit: !(open || missed_today)
            && a.deposit
                .as_ref()
                .is_some_and(|d| d.state == DepositState::Held),
        agree: open && !agreed,
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
    /// How the customer agreed the booking as it stands; `None` before, or once changed.
    pub agreement: Option<AppointmentAgreement>,
}

/// Does the booking hold its bay (and count in the day's load)?
pub fn holds_bay(status: AppointmentStatus) -> bool {
    !matches!(
        status,
        AppointmentStatus::Cancelled | AppointmentStatus::NoShow
    )
}

/// The board of `from..=to` over the appointments starting in it or, holding a bay, on
/// the days before it (a long booking carries on into the next open days and shows on
/// each, marked `continued` after its first).
pub fn board(
    appointments: &[Appointment],
    from: NaiveDate,
    to: NaiveDate,
    settings: &BookingSettings,
) -> BookingBoard {
    let spreads: Vec<(&Appointment, Vec<(NaiveDate, u32)>)> = appointments
        .iter()
        .filter(|a| holds_bay(a.status))
        .map(|a| (a, minutes_by_day(a.starts_at, a.duration_minutes, settings)))
        .collect();
    let days = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|date| {
            // The bookings holding a bay on `date`, with their minutes there.
            let holding: Vec<(&Appointment, u32)> = spreads
                .iter()
                .filter_map(|(a, spread)| {
                    let on_day = spread.iter().find(|(d, _)| *d == date).map(|(_, m)| *m);
                    match on_day {
                        Some(m) => Some((*a, m)),
                        None if a.starts_at.date() == date => Some((*a, 0)),
                        None => None,
                    }
                })
                .collect();
            let booked: u32 = holding.iter().map(|(_, m)| m).sum();
            let bays = (1..=settings.bays)
                .map(|bay| BayDay {
                    bay,
                    bookings: holding
                        .iter()
                        .filter(|(a, _)| a.bay == bay)
                        .map(|(a, _)| BoardBooking {
                            continued: a.starts_at.date() < date,
                            ..board_booking(a)
                        })
                        .collect(),
                })
                .collect();
            BoardDay {
                load: day_load(date, booked, settings),
                bays,
                closed: appointments
                    .iter()
                    .filter(|a| a.starts_at.date() == date)
                    .filter(|a| !holds_bay(a.status) || a.bay > settings.bays)
                    .map(board_booking)
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
    /// It is calling hours now: ring. Outside them the call stays listed, not to be made.
    pub call_now: bool,
    /// Outside the calling hours, when they next begin.
    pub next_calling_at: Option<NaiveDateTime>,
}

/// Today's part of the appointment book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentsToday {
    /// Today's open bookings by time: the cars expected, served first (预约客户优先).
    pub arrivals: Vec<BoardBooking>,
    /// Reminder calls due now, the longest due first; outside the calling hours still
    /// listed, each saying when the desk may next ring.
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
    let next = next_calling_at(now, settings);
    let call_now = next == Some(now);
    let mut calls_due: Vec<CallDue> = upcoming
        .iter()
        .filter_map(|a| {
            let due = call_due_now(
                awaits_confirmation(a),
                a.starts_at,
                a.reminder_from(),
                now,
                settings,
            )?;
            Some(CallDue {
                booking: board_booking(a),
                phone: a.phone.clone(),
                due_at: due,
                // Calls up to the latest move (the moving call among them) were about the
                // old time.
                tries: a.calls.iter().filter(|c| c.at > a.reminder_from()).count() as u32,
                call_now,
                next_calling_at: next.filter(|_| !call_now),
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
    /// Another open booking holds the same bay at that time; saving needs `acceptOverfill`.
    pub bay_taken: Option<BayTaken>,
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
            changes: Vec::new(),
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
        let before = actions(&open, false, at(7, 16));
        assert!(
            before.change && before.call && before.take_deposit && before.cancel && before.arrive
        );
        assert!(!before.no_show, "nobody misses a booking before its time");
        assert!(!before.decide_deposit);
        assert!(before.agree, "an open booking not yet agreed may be agreed");
        assert!(
            !actions(&open, true, at(7, 16)).agree,
            "the booking as it stands is agreed once"
        );
        assert!(
            !actions(&open, false, at(8, 10)).no_show,
            "at the booked minute the customer is not yet late"
        );
        assert!(actions(&open, false, at(8, 11)).no_show);
        let paid = booking(AppointmentStatus::Confirmed, Some(DepositState::Held));
        assert!(
            !actions(&paid, false, at(7, 16)).take_deposit,
            "one deposit per booking"
        );
    }

    #[test]
    fn a_called_off_booking_offers_only_the_decision_on_a_deposit_still_held() {
        let missed = booking(AppointmentStatus::NoShow, Some(DepositState::Held));
        let a = actions(&missed, false, at(9, 9));
        assert!(a.decide_deposit);
        assert!(
            !(a.change || a.call || a.take_deposit || a.cancel || a.no_show || a.arrive || a.agree)
        );
        assert!(
            actions(&missed, false, at(8, 15)).arrive,
            "a customer marked missed who turns up late the same day is still taken in"
        );
        let decided = booking(AppointmentStatus::Cancelled, Some(DepositState::Refunded));
        assert!(!actions(&decided, false, at(8, 12)).decide_deposit);
        let arrived = booking(AppointmentStatus::Arrived, Some(DepositState::Applied));
        assert!(!actions(&arrived, false, at(8, 12)).decide_deposit);
    }

    #[test]
    fn a_call_due_stays_listed_outside_the_calling_hours_saying_when_to_ring() {
        // Thursday 10 December 10:00, booked on the 7th: due Wednesday 9th at 14:00.
        let mut a = booking(AppointmentStatus::Booked, None);
        a.starts_at = at(10, 10);
        let s = BookingSettings::default();
        let listed = |now: NaiveDateTime| today(std::slice::from_ref(&a), &[], now, &s).calls_due;
        assert!(listed(at(9, 13)).is_empty(), "not yet due");
        let ring = listed(at(9, 15));
        assert_eq!((ring.len(), ring[0].call_now), (1, true));
        assert_eq!(ring[0].next_calling_at, None);
        let evening = listed(at(9, 21));
        assert_eq!(evening.len(), 1, "still due, and the desk sees it");
        assert!(!evening[0].call_now, "but nobody rings a customer at 21:00");
        let morning = at(10, 8) + chrono::Duration::minutes(30);
        assert_eq!(evening[0].next_calling_at, Some(morning));
        let early = listed(at(10, 7));
        assert_eq!(
            (early[0].call_now, early[0].next_calling_at),
            (false, Some(morning))
        );
        assert!(listed(morning)[0].call_now);
    }
}
