//! What the appointment screens load: the booking settings, the check before a booking is
//! saved, the booking board of a range of days, one booking with its agreement, Today's
//! arrivals and reminder calls, and the register with its tally. Read through the store, decided by `booking`.
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};

use crate::booking::board::{
    actions, board, today, week_around, AppointmentView, AppointmentsToday, BookingBoard,
    BookingCheck, BookingWeek, MAX_BOARD_DAYS,
};
use crate::booking::capacity::{check_booking_settings, DAYS_OFF_BACK, SPREAD_DAYS};
use crate::booking::overrun::{at_risk_from, mark_board};
use crate::booking::reminder::reminder_due;
use crate::booking::tally::{no_show_history, register_row, tally, RegisterRow, Tally};
use crate::booking::{least_deposit, Appointment, AppointmentInput, BookingSettings};
use crate::error::{CoreError, Result};
use crate::ids::{AppointmentId, WorkOrderId};
use crate::reason::Reason;
use crate::store::{appointments, Store};

use super::appointment_room::{bay_taken_by, room_for};
use super::appointments::checked;

/// The longest range the register and tally read at once: a year.
pub const MAX_REGISTER_DAYS: u64 = 366;

fn range(from: NaiveDate, to: NaiveDate, max_days: u64) -> Result<(NaiveDateTime, NaiveDateTime)> {
    let days = (to - from).num_days();
    if days < 0 || days as u64 >= max_days {
        return Err(CoreError::invalid("to", Reason::AppointmentRange));
    }
    let end = to
        .checked_add_days(Days::new(1))
        .ok_or(CoreError::invalid("to", Reason::AppointmentRange))?;
    Ok((from.and_time(NaiveTime::MIN), end.and_time(NaiveTime::MIN)))
}

impl Store {
    /// The shop's bays, technicians, working hours, days off and calling hours.
    pub fn booking_settings(&self) -> Result<BookingSettings> {
        self.with_conn(appointments::settings)
    }

    /// Saves the booking settings, checked as if a hostile page had sent them (every size
    /// bounded, the days off near `now`); the days off sorted, each once.
    pub fn save_booking_settings(
        &self,
        input: &BookingSettings,
        now: NaiveDateTime,
    ) -> Result<BookingSettings> {
        // Days off saved before and now more than a year past are let go, not refused: the
        // shop's holidays of two years ago must not block today's change of the bays.
        let stored = self.booking_settings()?.days_off;
        let earliest = now.date().checked_sub_days(Days::new(DAYS_OFF_BACK));
        let mut clean = input.clone();
        clean
            .days_off
            .retain(|d| !(stored.contains(d) && earliest.is_some_and(|e| *d < e)));
        let issues = check_booking_settings(&clean, now.date());
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        clean.days_off.sort_unstable();
        clean.days_off.dedup();
        self.with_tx(|tx| {
            appointments::save_settings(tx, &clean)?;
            appointments::settings(tx)
        })
    }

    /// What the desk is told before saving a booking (`except`: the booking being
    /// changed): the day's load with it, whether it overfills the day, another booking in
    /// the same bay at that time, the customer's
    /// no-shows, the parts' price and the least deposit, when the reminder call is due.
    pub fn check_booking(
        &self,
        input: &AppointmentInput,
        except: Option<AppointmentId>,
        now: NaiveDateTime,
    ) -> Result<BookingCheck> {
        let settings = self.booking_settings()?;
        let current = match except {
            Some(id) => Some(self.get_appointment(id)?.starts_at),
            None => None,
        };
        let (clean, parts_minor) = checked(input, &settings, now, current)?;
        self.with_conn(|conn| {
            let (load, overfills) = room_for(
                conn,
                clean.starts_at,
                clean.duration_minutes,
                except,
                &settings,
            )?;
            let bay_taken = bay_taken_by(
                conn,
                clean.bay,
                clean.starts_at,
                clean.duration_minutes,
                except,
                &settings,
            )?;
            let phone = clean.caller.as_ref().map_or("", |c| c.phone.as_str());
            let past = appointments::history(conn, clean.customer_id, phone)?;
            Ok(BookingCheck {
                load,
                overfills,
                bay_taken,
                no_shows: no_show_history(&past),
                parts_minor,
                least_deposit_minor: least_deposit(parts_minor),
                reminder_due: reminder_due(clean.starts_at, now, &settings),
            })
        })
    }

    /// The booking board of the days `from..=to` (at most six weeks).
    pub fn booking_board(&self, from: NaiveDate, to: NaiveDate) -> Result<BookingBoard> {
        let (start, end) = range(from, to, u64::from(MAX_BOARD_DAYS))?;
        let settings = self.booking_settings()?;
        self.with_conn(|conn| {
            let lookback = start
                .checked_sub_days(Days::new(u64::from(SPREAD_DAYS)))
                .ok_or(CoreError::invalid("from", Reason::AppointmentRange))?;
            let rows = appointments::between(conn, lookback, end)?;
            Ok(board(&rows, from, to, &settings))
        })
    }

    /// The week board holding `day` (the shop's today when `None`), with today and the
    /// neighbouring weeks, and the bookings a job running over at `now` puts at risk.
    pub fn booking_week(&self, day: Option<NaiveDate>, now: NaiveDateTime) -> Result<BookingWeek> {
        let day = day.unwrap_or(now.date());
        // Ten years either way is more than any book holds, and keeps the week's
        // arithmetic far from the calendar's ends.
        if (day - now.date()).num_days().abs() > 3_660 {
            return Err(CoreError::invalid("day", Reason::AppointmentRange));
        }
        let (from, to, prev, next) = week_around(day);
        let mut board = self.booking_board(from, to)?;
        mark_board(&mut board, &self.running_over(now)?);
        Ok(BookingWeek {
            today: now.date(),
            prev,
            next,
            board,
        })
    }

    /// One booking with the buttons that apply at `now` and its reminder's time.
    pub fn appointment_view(
        &self,
        id: AppointmentId,
        now: NaiveDateTime,
    ) -> Result<AppointmentView> {
        let settings = self.booking_settings()?;
        let (appointment, agreement) = self.with_conn(|conn| {
            let standing = super::appointment_agreement::standing(conn, id)?;
            Ok((appointments::load(conn, id)?, standing.map(|(_, g)| g)))
        })?;
        let reminder_due = appointment
            .status
            .is_open()
            .then(|| {
                reminder_due(
                    appointment.starts_at,
                    appointment.reminder_from(),
                    &settings,
                )
            })
            .flatten();
        Ok(AppointmentView {
            actions: actions(&appointment, agreement.is_some(), now),
            appointment,
            reminder_due,
            agreement,
        })
    }

    /// Today's arrivals (each marked when a job running over puts it at risk), the reminder
    /// calls due at `now`, and the deposits waiting for the supervisor's decision.
    pub fn appointments_today(&self, now: NaiveDateTime) -> Result<AppointmentsToday> {
        let settings = self.booking_settings()?;
        self.with_conn(|conn| {
            // A reminder is due at most a day ahead, or two weeks earlier over days off.
            let from = now.date().and_time(NaiveTime::MIN);
            let upcoming = appointments::between(conn, from, now + chrono::Duration::days(16))?;
            let undecided = appointments::deposits_undecided(conn)?
                .into_iter()
                .map(|id| appointments::load(conn, id))
                .collect::<Result<Vec<_>>>()?;
            let over = super::overruns::overruns(conn, &settings, now)?;
            let mut lists = today(&upcoming, &undecided, now, &settings);
            for b in &mut lists.arrivals {
                b.at_risk_from = at_risk_from(b.id, &over);
            }
            Ok(lists)
        })
    }

    /// The booking a job came from, if it came from one (the job and settle screens show
    /// its number and deposit).
    pub fn appointment_for_job(&self, wo: WorkOrderId) -> Result<Option<Appointment>> {
        self.with_conn(|conn| {
            appointments::for_work_order(conn, wo)?
                .map(|id| appointments::load(conn, id))
                .transpose()
        })
    }

    /// The appointment register of the days `from..=to`: every booking with its outcome.
    pub fn appointment_register(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<RegisterRow>> {
        let (start, end) = range(from, to, MAX_REGISTER_DAYS)?;
        self.with_conn(|conn| {
            let rows = appointments::between(conn, start, end)?;
            Ok(rows.iter().map(register_row).collect())
        })
    }

    /// The appointment tally of the days `from..=to`, per day and week, counted from the
    /// register's rows.
    pub fn appointment_tally(&self, from: NaiveDate, to: NaiveDate) -> Result<Tally> {
        let rows = self.appointment_register(from, to)?;
        Ok(tally(&rows, from, to))
    }
}
