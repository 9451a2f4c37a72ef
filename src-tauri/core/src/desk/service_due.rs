//! The next service of each vehicle and the due list: loads the interval (the vehicle's
//! own, else the shop's service-card interval), the last service and the readings, asks
//! `service_due`, and records the reminder that takes a customer off the list. Also the
//! questioning of a typed odometer reading against the vehicle's history.
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use crate::domain::care::{
    ContactInput, ContactKind, CustomerContact, DueList, DueRow, KmReading, LastService, ServiceDue,
};
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{CustomerId, VehicleId};
use crate::reason::Reason;
use crate::service_due::{bands, doubt, project, Interval};
use crate::store::{care, due_list as due_inputs, staff, vehicles, Store};
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

/// A last maintenance (or visit) as the interval's start.
fn service_from((at, km, wo): due_inputs::Visit, maintenance: bool) -> LastService {
    LastService {
        on: at.date(),
        km,
        work_order_id: Some(wo),
        maintenance,
    }
}

/// The last maintenance job, else the last visit, as the interval's start.
fn last_service(conn: &Connection, vehicle: VehicleId) -> Result<Option<LastService>> {
    if let Some(m) = care::last_maintenance(conn, vehicle)? {
        return Ok(Some(service_from(m, true)));
    }
    Ok(care::last_visit(conn, vehicle)?.map(|v| service_from(v, false)))
}

pub(crate) fn vehicle_due(
    conn: &Connection,
    vehicle: VehicleId,
    today: NaiveDate,
) -> Result<Option<ServiceDue>> {
    let interval = interval(conn, vehicle, shop_interval(conn)?)?;
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

/// The whole shop's inputs to a projection, each read in one query (`store::due_list`),
/// so the due list asks the database a handful of times however many vehicles are on file.
struct ShopDueInputs {
    shop: Interval,
    own: HashMap<VehicleId, due_inputs::OwnInterval>,
    readings: HashMap<VehicleId, Vec<KmReading>>,
    maintenance: HashMap<VehicleId, due_inputs::Visit>,
    visits: HashMap<VehicleId, due_inputs::Visit>,
}

impl ShopDueInputs {
    fn load(conn: &Connection) -> Result<Self> {
        let readings = due_inputs::believed_readings(conn)?
            .into_iter()
            .map(|(vehicle, rows)| {
                let km = rows
                    .into_iter()
                    .map(|(on, value, unit)| KmReading {
                        on,
                        km: in_km(value, unit),
                        doubtful: false,
                    })
                    .collect();
                (vehicle, km)
            })
            .collect();
        Ok(Self {
            shop: shop_interval(conn)?,
            own: due_inputs::own_intervals(conn)?,
            readings,
            maintenance: due_inputs::last_maintenances(conn)?,
            visits: due_inputs::last_visits(conn)?,
        })
    }

    /// What `vehicle_due` projects for `vehicle`, from the rows in memory.
    fn due(&self, vehicle: VehicleId, today: NaiveDate) -> Option<ServiceDue> {
        let (km, months) = self.own.get(&vehicle).copied().unwrap_or_default();
        let interval = Interval {
            km: km.unwrap_or(self.shop.km),
            months: months.unwrap_or(self.shop.months),
        };
        let last = match self.maintenance.get(&vehicle) {
            Some(&m) => Some(service_from(m, true)),
            None => self.visits.get(&vehicle).map(|&v| service_from(v, false)),
        };
        let readings = self.readings.get(&vehicle).map_or(&[][..], Vec::as_slice);
        project(interval, last, readings, today)
    }
}

fn due_list(conn: &Connection, today: NaiveDate) -> Result<DueList> {
    let inputs = ShopDueInputs::load(conn)?;
    list_by(conn, today, |vehicle| Ok(inputs.due(vehicle, today)))
}

/// The due list with each candidate's projection from `due_of`.
fn list_by(
    conn: &Connection,
    today: NaiveDate,
    mut due_of: impl FnMut(VehicleId) -> Result<Option<ServiceDue>>,
) -> Result<DueList> {
    let settings = care::settings(conn)?;
    let reminded: HashMap<CustomerId, NaiveDate> =
        care::last_contacts(conn, ContactKind::Reminder)?
            .into_iter()
            .collect();
    let mut rows = Vec::new();
    let mut reminded_recently = 0;
    for c in care::due_candidates(conn)? {
        let Some(due) = due_of(c.vehicle)? else {
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

#[cfg(test)]
mod tests {
    //! The due list read in bulk must be the list the per-vehicle projection gives.
    use chrono::{Duration, NaiveDate, NaiveDateTime};

    use super::{due_list, list_by, vehicle_due};
    use crate::customer::{CustomerInput, CustomerKind, PhoneInput, PhoneLabel};
    use crate::domain::care::VehicleCareInput;
    use crate::ids::VehicleId;
    use crate::vehicle::{DistanceUnit, OdometerInput, OdometerSource, VehicleInput};
    use crate::{demo, Lang, Store};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a valid day")
    }

    fn at(on: NaiveDate) -> NaiveDateTime {
        on.and_hms_opt(10, 0, 0).expect("a valid time")
    }

    /// A customer with one car read at `km` on each of `days` (days after 1 March 2026).
    fn car_read(store: &Store, n: u32, unit: DistanceUnit, readings: &[(i64, i64)]) -> VehicleId {
        let first = day(2026, 3, 1);
        let input = CustomerInput {
            kind: CustomerKind::Person,
            name: format!("测试{n}"),
            phones: vec![PhoneInput {
                label: PhoneLabel::Mobile,
                number: format!("1390000{n:04}"),
                is_primary: true,
            }],
            preferred_language: Lang::ZhHans,
            agrees_to_follow_up: true,
            ..CustomerInput::default()
        };
        let owner = store.create_customer(&input, at(first)).expect("customer");
        let car = VehicleInput {
            plate: format!("粤Z{n:05}"),
            make: "BYD".into(),
            model: "Han".into(),
            ..VehicleInput::default()
        };
        let vehicle = store
            .add_vehicle(owner.id, &car, at(first))
            .expect("car")
            .id;
        for &(days, value) in readings {
            let on = first + Duration::days(days);
            let reading = OdometerInput {
                value,
                unit,
                read_on: on,
                source: OdometerSource::Manual,
            };
            if store
                .add_odometer_reading(vehicle, &reading, at(on))
                .is_err()
            {
                store
                    .keep_odometer_reading(vehicle, &reading, at(on))
                    .expect("a doubtful reading kept");
            }
        }
        vehicle
    }

    /// The demo's small shop (jobs, maintenance, own intervals, reminders) and beside it a
    /// steady driver, an irregular one, one reading, a doubtful reading, miles, an own
    /// interval and a customer reminded recently.
    fn varied_shop() -> Store {
        let store = Store::open_in_memory().expect("store");
        demo::generate(&store, 40, 7, at(day(2026, 11, 1))).expect("demo shop");
        let km = DistanceUnit::Km;
        let steady: Vec<_> = (0..6).map(|i| (i * 30, 20_000 + i * 1_500)).collect();
        car_read(&store, 1, km, &steady);
        car_read(
            &store,
            2,
            km,
            &[(0, 5_000), (3, 9_000), (200, 9_500), (201, 30_000)],
        );
        car_read(&store, 3, km, &[(100, 42_000)]);
        car_read(
            &store,
            4,
            km,
            &[(0, 10_000), (40, 12_000), (80, 120_000), (120, 16_000)],
        );
        car_read(&store, 5, DistanceUnit::Mi, &[(0, 30_000), (90, 33_000)]);
        let own = car_read(&store, 6, km, &[(0, 60_000), (60, 66_000)]);
        let care = VehicleCareInput {
            interval_km: Some(3_000),
            interval_months: Some(4),
            ..VehicleCareInput::default()
        };
        store
            .save_vehicle_care(own, &care, at(day(2026, 6, 1)))
            .expect("own interval");
        let reminded = car_read(&store, 7, km, &steady);
        store
            .record_service_reminder(reminded, "booked", "Amy", at(day(2026, 10, 20)))
            .expect("reminded");
        store
    }

    #[test]
    fn the_bulk_due_list_is_the_list_of_each_vehicles_own_projection() {
        let store = varied_shop();
        let mut listed = 0;
        let mut reminded = 0;
        for today in [
            day(2026, 5, 15),
            day(2026, 8, 1),
            day(2026, 11, 1),
            day(2027, 3, 1),
        ] {
            let (bulk, each) = store
                .with_conn(|conn| {
                    let each = list_by(conn, today, |v| vehicle_due(conn, v, today))?;
                    Ok((due_list(conn, today)?, each))
                })
                .expect("both lists");
            assert_eq!(bulk, each, "on {today} the bulk read must change nothing");
            listed += each.rows.len();
            reminded += each.reminded_recently;
        }
        assert!(listed > 20, "the shop must put many on the list: {listed}");
        assert!(reminded > 0, "and someone reminded recently");
    }
}
