//! The appointment register (维修预约登记表) — one row per appointment with its outcome —
//! and the tally (预约统计表) counted from those rows, per day and per week (Monday
//! first): booked, confirmed, arrived, no-show, cancelled, turned into jobs, deposits taken
//! and applied, and the show rate (arrived ÷ booked). Also what the desk is told when a
//! customer who has missed before books again.
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Appointment, AppointmentStatus, CallOutcome, DepositState};
use crate::ids::{AppointmentId, WorkOrderId};

/// One line of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RegisterRow {
    pub id: AppointmentId,
    pub number: String,
    pub starts_at: NaiveDateTime,
    pub customer_name: String,
    pub phone: String,
    pub plate: String,
    pub wanted_work: String,
    pub status: AppointmentStatus,
    /// The customer confirmed on a reminder call (or moved the time on one).
    pub confirmed: bool,
    pub work_order_id: Option<WorkOrderId>,
    pub deposit_minor: i64,
    pub deposit_state: Option<DepositState>,
}

/// The register's line of one appointment.
pub fn register_row(a: &Appointment) -> RegisterRow {
    RegisterRow {
        id: a.id,
        number: a.number.clone(),
        starts_at: a.starts_at,
        customer_name: a.customer_name.clone(),
        phone: a.phone.clone(),
        plate: a.plate.clone(),
        wanted_work: a.wanted_work.clone(),
        status: a.status,
        confirmed: a
            .calls
            .iter()
            .any(|c| matches!(c.outcome, CallOutcome::Confirmed | CallOutcome::Moved)),
        work_order_id: a.work_order_id,
        deposit_minor: a.deposit.as_ref().map_or(0, |d| d.amount_minor),
        deposit_state: a.deposit.as_ref().map(|d| d.state),
    }
}

/// The counts of one day or week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TallyCounts {
    pub booked: u32,
    pub confirmed: u32,
    pub arrived: u32,
    pub no_show: u32,
    pub cancelled: u32,
    pub turned_into_jobs: u32,
    pub deposits_taken_minor: i64,
    pub deposits_applied_minor: i64,
    /// Arrived ÷ booked in basis points (10,000 = all came); `None` with nothing booked.
    pub show_rate_bp: Option<u32>,
}

/// One period of the tally: a day, or the week starting on `from` (a Monday).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TallyPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub counts: TallyCounts,
}

/// The tally of a range of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    pub days: Vec<TallyPeriod>,
    pub weeks: Vec<TallyPeriod>,
    pub total: TallyCounts,
}

/// The counts of `rows`.
pub fn count<'a>(rows: impl IntoIterator<Item = &'a RegisterRow>) -> TallyCounts {
    let mut c = TallyCounts::default();
    for row in rows {
        c.booked += 1;
        c.confirmed += u32::from(row.confirmed);
        match row.status {
            AppointmentStatus::Arrived => c.arrived += 1,
            AppointmentStatus::NoShow => c.no_show += 1,
            AppointmentStatus::Cancelled => c.cancelled += 1,
            AppointmentStatus::Booked | AppointmentStatus::Confirmed => {}
        }
        c.turned_into_jobs += u32::from(row.work_order_id.is_some());
        c.deposits_taken_minor += row.deposit_minor;
        if row.deposit_state == Some(DepositState::Applied) {
            c.deposits_applied_minor += row.deposit_minor;
        }
    }
    c.show_rate_bp = (c.booked > 0).then(|| {
        let rate = u64::from(c.arrived) * 10_000 / u64::from(c.booked);
        rate as u32
    });
    c
}

/// The Monday of `date`'s week.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// The tally of the days `from..=to` over the register `rows` (rows outside are left out).
pub fn tally(rows: &[RegisterRow], from: NaiveDate, to: NaiveDate) -> Tally {
    let inside: Vec<&RegisterRow> = rows
        .iter()
        .filter(|r| (from..=to).contains(&r.starts_at.date()))
        .collect();
    let days = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|d| TallyPeriod {
            from: d,
            to: d,
            counts: count(inside.iter().copied().filter(|r| r.starts_at.date() == d)),
        })
        .collect();
    let mut weeks = Vec::new();
    let mut monday = week_start(from);
    while monday <= to {
        let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
        let span = monday.max(from)..=sunday.min(to);
        weeks.push(TallyPeriod {
            from: *span.start(),
            to: *span.end(),
            counts: count(
                inside
                    .iter()
                    .copied()
                    .filter(|r| span.contains(&r.starts_at.date())),
            ),
        });
        match sunday.checked_add_days(Days::new(1)) {
            Some(next) => monday = next,
            None => break,
        }
    }
    Tally {
        days,
        weeks,
        total: count(inside.iter().copied()),
    }
}

/// A customer's missed appointments, told to the desk when they book again.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NoShowHistory {
    pub count: u32,
    /// The latest first, at most five.
    pub last: Vec<NaiveDateTime>,
}

/// The no-shows among `past`, the status and time of one customer's (or one phone's)
/// appointments.
pub fn no_show_history(past: &[(AppointmentStatus, NaiveDateTime)]) -> NoShowHistory {
    let mut missed: Vec<NaiveDateTime> = past
        .iter()
        .filter(|(status, _)| *status == AppointmentStatus::NoShow)
        .map(|(_, at)| *at)
        .collect();
    missed.sort_unstable_by(|a, b| b.cmp(a));
    NoShowHistory {
        count: missed.len() as u32,
        last: missed.into_iter().take(5).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(day: u32, status: AppointmentStatus, deposit: i64, applied: bool) -> RegisterRow {
        RegisterRow {
            id: AppointmentId(i64::from(day)),
            number: String::new(),
            starts_at: NaiveDate::from_ymd_opt(2026, 3, day)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .unwrap_or_default(),
            customer_name: String::new(),
            phone: String::new(),
            plate: String::new(),
            wanted_work: String::new(),
            status,
            confirmed: status != AppointmentStatus::Booked,
            work_order_id: (status == AppointmentStatus::Arrived).then_some(WorkOrderId(1)),
            deposit_minor: deposit,
            deposit_state: (deposit > 0).then_some(if applied {
                DepositState::Applied
            } else {
                DepositState::Held
            }),
        }
    }

    #[test]
    fn the_show_rate_is_arrived_over_booked_in_basis_points() {
        use AppointmentStatus::*;
        let rows = [
            row(2, Arrived, 20_000, true),
            row(2, Arrived, 0, false),
            row(3, NoShow, 10_000, false),
        ];
        let c = count(&rows);
        assert_eq!((c.booked, c.arrived, c.no_show), (3, 2, 1));
        assert_eq!(c.show_rate_bp, Some(6_666));
        assert_eq!(c.deposits_taken_minor, 30_000);
        assert_eq!(c.deposits_applied_minor, 20_000);
        assert_eq!(count(&[]).show_rate_bp, None, "nothing booked, no rate");
    }

    #[test]
    fn weeks_start_on_monday_and_are_cut_to_the_range() {
        use AppointmentStatus::*;
        // Sunday 1 March to Tuesday 10 March 2026.
        let rows = [
            row(1, Booked, 0, false),
            row(2, Cancelled, 0, false),
            row(10, Arrived, 0, false),
        ];
        let from = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        let to = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap_or_default();
        let t = tally(&rows, from, to);
        assert_eq!(t.days.len(), 10);
        let weeks: Vec<_> = t
            .weeks
            .iter()
            .map(|w| (w.from.day(), w.to.day(), w.counts.booked))
            .collect();
        assert_eq!(weeks, [(1, 1, 1), (2, 8, 1), (9, 10, 1)]);
        assert_eq!(t.total.booked, 3);
    }
}
