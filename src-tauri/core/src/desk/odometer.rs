//! Recording an odometer reading on a vehicle: checked, questioned against the vehicle's
//! history (below the last, or an extra zero beyond its pace — `service_due::doubt`),
//! written, the vehicle touched. A questioned reading is kept only when the desk
//! confirms it, and then marked so no projection trusts it.
use chrono::NaiveDateTime;

use crate::desk::service_due::{question_reading, refuse_doubtful};
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::VehicleId;
use crate::reason::Reason;
use crate::store::{care, odometer, vehicles, Store};
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
    /// Files a reading; one that breaks the history is refused on `value` with
    /// `care.odometer_doubtful_*` for the desk to confirm ([`Store::keep_odometer_reading`]).
    pub fn add_odometer_reading(
        &self,
        vehicle: VehicleId,
        reading: &OdometerInput,
        now: NaiveDateTime,
    ) -> Result<OdometerReading> {
        self.file_reading(vehicle, reading, false, now)
    }

    /// Files a reading the desk confirmed after it was questioned: kept, and marked
    /// doubtful when it still breaks the history.
    pub fn keep_odometer_reading(
        &self,
        vehicle: VehicleId,
        reading: &OdometerInput,
        now: NaiveDateTime,
    ) -> Result<OdometerReading> {
        self.file_reading(vehicle, reading, true, now)
    }

    fn file_reading(
        &self,
        vehicle: VehicleId,
        reading: &OdometerInput,
        confirmed: bool,
        now: NaiveDateTime,
    ) -> Result<OdometerReading> {
        let issues = check(reading, now);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            vehicles::load(tx, vehicle)?;
            let doubt = question_reading(
                tx,
                vehicle,
                reading.read_on,
                reading.value,
                reading.unit,
                "value",
            )?;
            let doubtful = doubt.is_some();
            if !confirmed {
                refuse_doubtful(doubt)?;
            }
            let id = odometer::insert(tx, vehicle, reading, now)?;
            if doubtful {
                care::mark_doubtful(tx, id)?;
            }
            vehicles::touch(tx, vehicle, now)?;
            odometer::get(tx, id)
        })
    }
}
