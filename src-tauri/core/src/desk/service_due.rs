//! The next service of each vehicle and the due list: loads the interval (the vehicle's
//! own, else the shop's service-card interval), the last service and the readings, asks
//! `service_due`, and records the reminder that takes a customer off the list. Also the
//! questioning of a typed odometer reading against the vehicle's history.
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use crate::domain::care::{
    ContactInput, ContactKind, CustomerContact, DueList, DueRow, KmReading, LastService, ServiceDue,
};
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{CustomerId, VehicleId};
use crate::reason::Reason;
use crate::service_due::{bands, doubt, project, Interval};
use crate::store::{care, staff, vehicles, Store};
use crate::vehicle::DistanceUnit;

/// Kilometres of a reading in either unit.
pub(crate) fn in_km(value: i64, unit: DistanceUnit) -> i64 {
    match unit {
        DistanceUnit::Km => value,
        DistanceUnit::Mi => value * 1_609_344 / 1_000_000,
    }
}

pub(crate) fn km_readings(conn: &Connection, vehicle: VehicleId) -> Result<Vec<KmReading>> {
    Ok(care::readings(conn, vehicle)?
        .into_iter()
        .map(|(on, value, unit, doubtful)| KmReading {
            on,
            km: in_km(value, unit),
            doubtful,
        })
        .collect())
}

/// The service card's interval, the one a vehicle without its own follows.
fn shop_interval(conn: &Connection) -> Result<Interval> {
    let shop = staff::settlement_settings(conn)?;
    Ok(Interval {
        km: shop.service_interval_km,
        months: shop.service_interval_months,
    })
}

/// The vehicle's interval: its own where set, the shop's otherwise.
fn interval(conn: &Connection, vehicle: VehicleId, shop: Interval) -> Result<Interval> {
    let own = care::vehicle_care(conn, vehicle)?.unwrap_or_default();
    Ok(Interval {
        km: own.interval_km.unwrap_or(shop.km),
        months: own.interval_months.unwrap_or(shop.months),
    })
}

/// The last maintenance job, else the last visit, as the interval's start.
fn last_service(conn: &Connection, vehicle: VehicleId) -> Result<Option<LastService>> {
    if let Some((at, km, wo)) = care::last_maintenance(conn, vehicle)? {
        return Ok(Some(LastService {
            on: at.date(),
            km,
            work_order_id: Some(wo),
            maintenance: true,
        }));
    }
    Ok(
        care::last_visit(conn, vehicle)?.map(|(at, km, wo)| LastService {
            on: at.date(),
            km,
            work_order_id: Some(wo),
            maintenance: false,
        }),
    )
}

pub(crate) fn vehicle_due(
    conn: &Connection,
    vehicle: VehicleId,
    today: NaiveDate,
) -> Result<Option<ServiceDue>> {
    due_with(conn, vehicle, shop_interval(conn)?, today)
}

/// `vehicle_due` with the shop's interval read once by the caller (the due list).
fn due_with(
    conn: &Connection,
    vehicle: VehicleId,
    shop: Interval,
    today: NaiveDate,
) -> Result<Option<ServiceDue>> {
    let interval = interval(conn, vehicle, shop)?;
    let last = last_service(conn, vehicle)?;
    Ok(project(interval, last, &km_readings(conn, vehicle)?, today))
}

/// Why a reading typed for `vehicle` is doubtful, as the field issue the desk sees.
pub(crate) fn question_reading(
    conn: &Connection,
    vehicle: VehicleId,
    on: NaiveDate,
    value: i64,
    unit: DistanceUnit,
    field: &str,
) -> Result<Option<FieldIssue>> {
    let history = km_readings(conn, vehicle)?;
    Ok(doubt::question(&history, on, in_km(value, unit)).map(|r| FieldIssue::new(field, r)))
}

fn due_list(conn: &Connection, today: NaiveDate) -> Result<DueList> {
    let settings = care::settings(conn)?;
    let reminded: std::collections::HashMap<CustomerId, NaiveDate> =
        care::last_contacts(conn, ContactKind::Reminder)?
            .into_iter()
            .collect();
    let mut rows = Vec::new();
    let mut reminded_recently = 0;
    let shop = shop_interval(conn)?;
    for c in care::due_candidates(conn)? {
        let Some(due) = due_with(conn, c.vehicle, shop, today)? else {
            continue;
        };
        let Some(band) = bands::band(due.due_on, today) else {
            continue;
        };
        let last_reminded = reminded.get(&c.customer).copied();
        if bands::reminded_recently(last_reminded, today, settings.reminded_within_days) {
            reminded_recently += 1;
            continue;
        }
        rows.push(DueRow {
            band,
            customer_id: c.customer,
            customer_name: c.name,
            phone: c.phone,
            vehicle_id: c.vehicle,
            plate: c.plate,
            due,
            last_reminded,
        });
    }
    rows.sort_by(|a, b| {
        (a.band, a.due.due_on, a.vehicle_id).cmp(&(b.band, b.due.due_on, b.vehicle_id))
    });
    Ok(DueList {
        today,
        rows,
        reminded_recently,
    })
}

impl Store {
    /// The vehicle's next service, projected on `today`.
    pub fn vehicle_service_due(
        &self,
        vehicle: VehicleId,
        today: NaiveDate,
    ) -> Result<Option<ServiceDue>> {
        self.with_conn(|conn| {
            vehicles::load(conn, vehicle)?;
            vehicle_due(conn, vehicle, today)
        })
    }

    /// Who is due this month or overdue, most urgent first, leaving out whoever was
    /// reminded within the care settings' days.
    pub fn service_due_list(&self, today: NaiveDate) -> Result<DueList> {
        self.with_conn(|conn| due_list(conn, today))
    }

    /// Records the reminder made from the due list: a contact of kind `reminder`.
    pub fn record_service_reminder(
        &self,
        vehicle: VehicleId,
        note: &str,
        staff: &str,
        now: NaiveDateTime,
    ) -> Result<CustomerContact> {
        let customer = self.with_conn(|conn| Ok(vehicles::load(conn, vehicle)?.customer_id))?;
        let input = ContactInput {
            vehicle_id: Some(vehicle),
            kind: ContactKind::Reminder,
            contact_on: now.date(),
            note: note.to_owned(),
            staff: staff.to_owned(),
            lost_reason: None,
        };
        self.record_contact(customer, &input, now)
    }
}

/// The walk-around's question: only an extra digit (`doubt::question_at_intake`). A
/// reading below the last one already needs its reason there
/// (`odometer.lower_needs_reason`).
pub(crate) fn question_intake_reading(
    conn: &Connection,
    vehicle: VehicleId,
    on: NaiveDate,
    value: i64,
    unit: DistanceUnit,
) -> Result<Option<FieldIssue>> {
    let history = km_readings(conn, vehicle)?;
    Ok(doubt::question_at_intake(&history, on, in_km(value, unit))
        .map(|r| FieldIssue::new("odometer", r)))
}

/// A doubtful reading refused until the desk confirms it.
pub(crate) fn refuse_doubtful(issue: Option<FieldIssue>) -> Result<()> {
    match issue {
        Some(issue) => Err(CoreError::Invalid(vec![issue])),
        None => Ok(()),
    }
}

/// Whether a reason is one of the doubtful-reading questions.
pub fn is_doubt(reason: Reason) -> bool {
    matches!(
        reason,
        Reason::OdometerDoubtfulBelow | Reason::OdometerDoubtfulJump
    )
}
