//! Filing, editing, bringing back and handing over a vehicle: cleaned by the rules,
//! refused on a plate or VIN another active vehicle has, on an archived owner, or on a
//! job still at the shop; written with the owners' search entries.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::ids::{CustomerId, VehicleId};
use crate::reason::Reason;
use crate::store::vehicles::{duplicates, load, refresh_owner};
use crate::store::{customers, odometer, ownership, vehicles, Store};
use crate::validate;
use crate::vehicle::{Vehicle, VehicleInput};

fn refuse_duplicates(
    conn: &Connection,
    input: &VehicleInput,
    except: Option<VehicleId>,
) -> Result<()> {
    let hits = duplicates(conn, input, except)?;
    if hits.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Duplicate(hits))
    }
}

fn active_owner(conn: &Connection, customer: CustomerId) -> Result<()> {
    if customers::load(conn, customer)?.archived_at.is_some() {
        return Err(CoreError::conflict(Reason::CustomerArchived));
    }
    Ok(())
}

/// Files the cleaned vehicle for `customer` (in the caller's transaction): its id.
pub(crate) fn file_vehicle(
    tx: &Connection,
    customer: CustomerId,
    clean: &VehicleInput,
    now: NaiveDateTime,
) -> Result<VehicleId> {
    active_owner(tx, customer)?;
    refuse_duplicates(tx, clean, None)?;
    let id = vehicles::insert(tx, customer, clean, now)?;
    refresh_owner(tx, customer, now)?;
    Ok(id)
}

/// Saves the cleaned vehicle form over vehicle `id` (in the caller's transaction); a
/// reading in it that differs from the newest is added.
pub(crate) fn edit_vehicle(
    tx: &Connection,
    id: VehicleId,
    clean: &VehicleInput,
    now: NaiveDateTime,
) -> Result<()> {
    let before = load(tx, id)?;
    refuse_duplicates(tx, clean, Some(id))?;
    vehicles::update_row(tx, id, clean, now)?;
    if let Some(reading) = &clean.odometer {
        let same = before.latest_odometer.as_ref().is_some_and(|r| {
            r.value == reading.value && r.unit == reading.unit && r.read_on == reading.read_on
        });
        if !same {
            odometer::insert(tx, id, reading, now)?;
        }
    }
    refresh_owner(tx, before.customer_id, now)
}

impl Store {
    /// Files a new vehicle for `customer`. A plate (or VIN) already on an active vehicle
    /// is refused with `Duplicate`: the UI offers to open or transfer that one instead.
    pub fn add_vehicle(
        &self,
        customer: CustomerId,
        input: &VehicleInput,
        now: NaiveDateTime,
    ) -> Result<Vehicle> {
        let clean = validate::clean_vehicle(input, now.date())?;
        self.with_tx(|tx| {
            let id = file_vehicle(tx, customer, &clean, now)?;
            load(tx, id)
        })
    }

    /// Saves the vehicle form; a reading in it that differs from the newest is added.
    pub fn update_vehicle(
        &self,
        id: VehicleId,
        input: &VehicleInput,
        now: NaiveDateTime,
    ) -> Result<Vehicle> {
        let clean = validate::clean_vehicle(input, now.date())?;
        self.with_tx(|tx| {
            edit_vehicle(tx, id, &clean, now)?;
            load(tx, id)
        })
    }

    /// Brings a vehicle back, unless its plate has meanwhile been given to another one.
    pub fn unarchive_vehicle(&self, id: VehicleId, now: NaiveDateTime) -> Result<Vehicle> {
        self.with_tx(|tx| {
            let vehicle = load(tx, id)?;
            let probe = VehicleInput {
                plate: vehicle.plate.clone(),
                vin: vehicle.vin.clone().unwrap_or_default(),
                ..VehicleInput::default()
            };
            refuse_duplicates(tx, &probe, Some(id))?;
            vehicles::unarchive(tx, id, now)?;
            refresh_owner(tx, vehicle.customer_id, now)?;
            load(tx, id)
        })
    }

    /// Gives the vehicle to `new_owner` from today on; the previous ownership is closed,
    /// not overwritten, so the vehicle's history stays complete.
    pub fn transfer_vehicle(
        &self,
        id: VehicleId,
        new_owner: CustomerId,
        now: NaiveDateTime,
    ) -> Result<Vehicle> {
        self.with_tx(|tx| {
            let vehicle = load(tx, id)?;
            if vehicle.archived_at.is_some() {
                return Err(CoreError::conflict(Reason::VehicleArchived));
            }
            if vehicle.customer_id == new_owner {
                return Err(CoreError::conflict(Reason::TransferSameOwner));
            }
            active_owner(tx, new_owner)?;
            if vehicles::has_open_job(tx, id)? {
                // The job's signed intake names the owner who left the car: the car
                // changes hands once it is collected or the job is called off.
                return Err(CoreError::conflict(Reason::TransferOpenJob));
            }
            ownership::close(tx, id, now.date())?;
            ownership::open(tx, id, new_owner, now.date())?;
            vehicles::set_owner(tx, id, new_owner, now)?;
            refresh_owner(tx, vehicle.customer_id, now)?;
            refresh_owner(tx, new_owner, now)?;
            load(tx, id)
        })
    }
}
