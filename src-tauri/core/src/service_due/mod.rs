//! When a vehicle's next service falls due (保养周期、下一次保养期), and who to remind: the
//! one entry point [`project`] counts the interval (km and months, whichever comes first)
//! from the last service and estimates the day the km are reached from the odometer's
//! km per day (`trend`); a reading typed against that trend is questioned (`doubt`); the
//! due list's urgency bands, "reminded recently" and the lost customers' cut-off are in
//! `bands`; the care inputs' checks in `check`. Pure: no SQL, no clock.
pub mod bands;
pub mod check;
pub mod doubt;
pub mod trend;

use chrono::{Duration, Months, NaiveDate};

pub use crate::domain::care::{KmReading, LastService, ServiceDue};

/// The interval a vehicle is serviced by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub km: u32,
    pub months: u32,
}

/// The next service: `interval.months` after the last service, or earlier when the km
/// trend reaches `interval.km` first (then `estimated`). With no service on file, the
/// first reading (else nothing) is where the count starts. `today` only sets `km_today`.
pub fn project(
    interval: Interval,
    last: Option<LastService>,
    readings: &[KmReading],
    today: NaiveDate,
) -> Option<ServiceDue> {
    let chain = trend::clean_chain(readings);
    let start = last.or_else(|| {
        chain.first().map(|r| LastService {
            on: r.on,
            km: Some(r.km),
            work_order_id: None,
            maintenance: false,
        })
    })?;
    let by_months = start
        .on
        .checked_add_months(Months::new(interval.months))
        .unwrap_or(NaiveDate::MAX);
    let start_km = start
        .km
        .or_else(|| trend::km_on(&chain, start.on).map(|(km, _)| km));
    let due_km = start_km.map(|km| km + i64::from(interval.km));
    let rate = trend::km_per_day(&chain);
    let by_km = match (due_km, rate, chain.last()) {
        (Some(target), Some(rate), Some(last)) if rate > 0.0 => {
            let days = ((target - last.km) as f64 / rate).ceil() as i64;
            last.on
                .checked_add_signed(Duration::days(days.clamp(-36_500, 36_500)))
        }
        _ => None,
    };
    let (due_on, estimated) = match by_km {
        Some(d) if d < by_months => (d.max(start.on), true),
        _ => (by_months, false),
    };
    Some(ServiceDue {
        interval_km: interval.km,
        interval_months: interval.months,
        last_service: Some(start),
        due_on,
        due_km,
        estimated,
        km_per_day: rate.map(|r| (r * 10.0).round() / 10.0),
        km_today: trend::km_on(&chain, today).map(|(km, _)| km),
    })
}

#[cfg(test)]
mod tests;
