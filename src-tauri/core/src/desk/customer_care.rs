//! The customer file's care, as the desk edits and reads it: a vehicle's kind, purchase
//! and interval, the customer's wishes, contacts without a job, the care settings, and
//! the file's history (every job, payment and contact, each vehicle's next service).
use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::care::{
    CareSettings, ContactInput, CustomerContact, VehicleCareInput, VehicleFacts,
};
use crate::domain::care_file::{CareFile, VehicleCareView};
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::{CustomerId, VehicleId};
use crate::service_due::check;
use crate::store::{care, care_history, customers, vehicles, Store};
use crate::validate;
use crate::vehicle::{Vehicle, VehicleInput};

fn refuse(issues: Vec<FieldIssue>) -> Result<()> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(issues))
    }
}

/// The vehicle form cleaned, its care facts checked with it: every issue of both at once.
fn checked_form(
    input: &VehicleInput,
    facts: &VehicleFacts,
    today: NaiveDate,
) -> Result<VehicleInput> {
    let care_issues = check::check_vehicle_care(&facts.onto(VehicleCareInput::default()), today);
    match validate::clean_vehicle(input, today) {
        Ok(clean) => refuse(care_issues).map(|()| clean),
        Err(CoreError::Invalid(mut issues)) => {
            issues.extend(care_issues);
            Err(CoreError::Invalid(issues))
        }
        Err(other) => Err(other),
    }
}

impl Store {
    /// Files a vehicle with the kind, purchase date and dealer typed on the vehicle form,
    /// in one transaction: nothing is filed while either part is refused.
    pub fn add_vehicle_with_care(
        &self,
        customer: CustomerId,
        input: &VehicleInput,
        facts: &VehicleFacts,
        now: NaiveDateTime,
    ) -> Result<Vehicle> {
        let clean = checked_form(input, facts, now.date())?;
        self.with_tx(|tx| {
            let id = super::vehicles::file_vehicle(tx, customer, &clean, now)?;
            care::put_vehicle_care(tx, id, &facts.onto(VehicleCareInput::default()), now)?;
            vehicles::load(tx, id)
        })
    }

    /// Saves the vehicle form with its kind, purchase date and dealer, in one
    /// transaction; the vehicle's own interval stays as it was.
    pub fn update_vehicle_with_care(
        &self,
        id: VehicleId,
        input: &VehicleInput,
        facts: &VehicleFacts,
        now: NaiveDateTime,
    ) -> Result<Vehicle> {
        let clean = checked_form(input, facts, now.date())?;
        self.with_tx(|tx| {
            super::vehicles::edit_vehicle(tx, id, &clean, now)?;
            let own = care::vehicle_care(tx, id)?.unwrap_or_default();
            care::put_vehicle_care(tx, id, &facts.onto(own), now)?;
            vehicles::load(tx, id)
        })
    }

    pub fn vehicle_care(&self, vehicle: VehicleId) -> Result<VehicleCareInput> {
        self.with_conn(|conn| {
            vehicles::load(conn, vehicle)?;
            Ok(care::vehicle_care(conn, vehicle)?.unwrap_or_default())
        })
    }

    /// Saves a vehicle's kind, purchase date and dealer and its own interval.
    pub fn save_vehicle_care(
        &self,
        vehicle: VehicleId,
        input: &VehicleCareInput,
        now: NaiveDateTime,
    ) -> Result<VehicleCareInput> {
        refuse(check::check_vehicle_care(input, now.date()))?;
        let clean = VehicleCareInput {
            dealer: input.dealer.trim().to_owned(),
            ..input.clone()
        };
        self.with_tx(|tx| {
            vehicles::load(tx, vehicle)?;
            care::put_vehicle_care(tx, vehicle, &clean, now)?;
            vehicles::touch(tx, vehicle, now)?;
            Ok(clean)
        })
    }

    /// Saves the service the customer hopes for (希望得到的服务).
    pub fn save_customer_wishes(
        &self,
        customer: CustomerId,
        wishes: &str,
        now: NaiveDateTime,
    ) -> Result<String> {
        refuse(check::check_wishes(wishes))?;
        let clean = wishes.trim().to_owned();
        self.with_tx(|tx| {
            customers::load(tx, customer)?;
            care::put_wishes(tx, customer, &clean, now)?;
            Ok(clean)
        })
    }

    /// Records a contact without a job: a call, a question, a walk-in, a reminder, the
    /// call asking a lost customer why.
    pub fn record_contact(
        &self,
        customer: CustomerId,
        input: &ContactInput,
        now: NaiveDateTime,
    ) -> Result<CustomerContact> {
        refuse(check::check_contact(input, now.date()))?;
        let clean = ContactInput {
            note: input.note.trim().to_owned(),
            staff: input.staff.trim().to_owned(),
            ..input.clone()
        };
        self.with_tx(|tx| {
            customers::load(tx, customer)?;
            if let Some(v) = clean.vehicle_id {
                if vehicles::load(tx, v)?.customer_id != customer {
                    return Err(CoreError::Invalid(vec![FieldIssue::new(
                        "vehicleId",
                        crate::reason::Reason::WorkOrderVehicleNotOwned,
                    )]));
                }
            }
            care::insert_contact(tx, customer, &clean, now)
        })
    }

    pub fn care_settings(&self) -> Result<CareSettings> {
        self.with_conn(care::settings)
    }

    pub fn save_care_settings(&self, settings: &CareSettings) -> Result<CareSettings> {
        refuse(check::check_care_settings(settings))?;
        self.with_tx(|tx| {
            care::save_settings(tx, settings)?;
            Ok(settings.clone())
        })
    }

    /// The customer file's care and history, its next services projected on `now`.
    pub fn care_file(&self, customer: CustomerId, now: NaiveDateTime) -> Result<CareFile> {
        self.with_conn(|conn| {
            customers::load(conn, customer)?;
            let mut views = Vec::new();
            for vehicle in vehicles::for_customer(conn, customer)? {
                views.push(VehicleCareView {
                    vehicle_id: vehicle.id,
                    plate: vehicle.plate.clone(),
                    care: care::vehicle_care(conn, vehicle.id)?.unwrap_or_default(),
                    due: crate::desk::service_due::vehicle_due(conn, vehicle.id, now.date())?,
                });
            }
            Ok(CareFile {
                wishes: care::wishes(conn, customer)?,
                vehicles: views,
                contacts: care::contacts(conn, customer)?,
                jobs: care_history::jobs(conn, customer)?,
                payments: care_history::payments(conn, customer)?,
            })
        })
    }
}
