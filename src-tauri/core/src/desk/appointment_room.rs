//! The room a booking needs: the minutes it puts on each day it spans against the day's
//! hours (a long booking carries on into the next open days), and its bay free at that
//! time. Read through the store, decided by `booking::capacity`.
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;

use crate::booking::capacity::{
    bay_taken, booked_on, day_load, held_until, minutes_by_day, overfills, BayTaken, DayLoad,
    SPREAD_DAYS,
};
use crate::booking::{AppointmentInput, BookingSettings};
use crate::error::{CoreError, Result};
use crate::ids::AppointmentId;
use crate::reason::Reason;
use crate::store::appointments;

/// The minutes the bookings holding a bay put on `date`, those begun on earlier days
/// and carried into it included, leaving out `except`.
pub(super) fn booked_minutes_on(
    conn: &Connection,
    date: NaiveDate,
    except: Option<AppointmentId>,
    settings: &BookingSettings,
) -> Result<u32> {
    let day = date.and_time(NaiveTime::MIN);
    let holders = appointments::bay_holders(
        conn,
        day - Days::new(u64::from(SPREAD_DAYS)),
        day + Days::new(1),
        except,
    )?;
    Ok(booked_on(date, &holders, settings))
}

/// Whether a booking overfills any of the days it spans, and the load to show with it:
/// the first day it overfills, else its first day.
pub(super) fn room_for(
    conn: &Connection,
    starts_at: NaiveDateTime,
    minutes: u32,
    except: Option<AppointmentId>,
    settings: &BookingSettings,
) -> Result<(DayLoad, bool)> {
    // The load shown: the first day it would overfill, else its first day.
    let mut shown: Option<DayLoad> = None;
    let mut over = false;
    for (date, share) in minutes_by_day(starts_at, minutes, settings) {
        let booked = booked_minutes_on(conn, date, except, settings)?;
        let load = day_load(date, booked.saturating_add(share), settings);
        if !over && overfills(booked, share, date, settings) {
            over = true;
            shown = Some(load);
        }
        shown.get_or_insert(load);
    }
    let shown = match shown {
        Some(load) => load,
        None => day_load(starts_at.date(), 0, settings),
    };
    Ok((shown, over))
}

/// Another open booking holding `bay` while one at `starts_at` for `minutes` would, leaving
/// out `except`: those starting up to `SPREAD_DAYS` before it are looked at, as a long job
/// keeps its bay into the next open days.
pub(super) fn bay_taken_by(
    conn: &Connection,
    bay: u32,
    starts_at: NaiveDateTime,
    minutes: u32,
    except: Option<AppointmentId>,
    settings: &BookingSettings,
) -> Result<Option<BayTaken>> {
    let from = starts_at - Days::new(u64::from(SPREAD_DAYS));
    let to = held_until(starts_at, minutes, settings);
    let others = appointments::in_bay(conn, bay, from, to, except)?;
    Ok(bay_taken(&others, starts_at, minutes, settings))
}

/// Refuses a booking that overfills a day it spans, or puts a second car in a bay taken
/// at that time, unless the desk was told and accepted it (`acceptOverfill`).
pub(super) fn check_room(
    conn: &Connection,
    input: &AppointmentInput,
    except: Option<AppointmentId>,
    settings: &BookingSettings,
) -> Result<()> {
    let (_, over) = room_for(
        conn,
        input.starts_at,
        input.duration_minutes,
        except,
        settings,
    )?;
    if input.accept_overfill {
        return Ok(());
    }
    if over {
        return Err(CoreError::conflict(Reason::AppointmentDayFull));
    }
    let taken = bay_taken_by(
        conn,
        input.bay,
        input.starts_at,
        input.duration_minutes,
        except,
        settings,
    )?;
    if taken.is_some() {
        return Err(CoreError::conflict(Reason::AppointmentBayTaken));
    }
    Ok(())
}
