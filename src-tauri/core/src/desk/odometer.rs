//! Recording an odometer reading on a vehicle: checked, written, the vehicle touched.
use chrono::NaiveDateTime;

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::VehicleId;
use crate::reason::Reason;
use crate::store::{odometer, vehicles, Store};
use crate::validate::{check_reading_date, MAX_ODOMETER};
use crate::vehicle::{OdometerInput, OdometerReading};

/// Every problem with a reading taken on or before `now`.
fn check(reading: &OdometerInput, now: NaiveDateTime) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if !(0..=MAX_ODOMETER).contains(&reading.value) {
        issues.push(FieldIssue::new("value", Reason::OdometerRange));
    }
    check_reading_date(&mut issues, "readOn", reading.read_on, now.date());
    issues
}

impl Store {
    pub fn add_odometer_reading(
        &self,
        vehicle: VehicleId,
        reading: &OdometerInput,
        now: NaiveDateTime,
    ) -> Result<OdometerReading> {
        let issues = check(reading, now);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            vehicles::load(tx, vehicle)?;
            let id = odometer::insert(tx, vehicle, reading, now)?;
            vehicles::touch(tx, vehicle, now)?;
            odometer::get(tx, id)
        })
    }
}
