//! SQL of the `vehicles` table: add, update, archive and transfer a vehicle. A plate is
//! on at most one active vehicle; a vehicle changes owner by transfer, keeping history.
use crate::reason::Reason;
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::customer::{display_name, CustomerKind};
use crate::error::{CoreError, DuplicateField, DuplicateHit, Result};
use crate::ids::{CustomerId, VehicleId};
use crate::store::{customers, found, odometer, ownership, parse_column, search, Store};
use crate::validate;
use crate::vehicle::{FuelType, Vehicle, VehicleInput};

fn from_row(row: &Row<'_>) -> rusqlite::Result<Vehicle> {
    let fuel: String = row.get(9)?;
    Ok(Vehicle {
        id: row.get(0)?,
        customer_id: row.get(1)?,
        plate: row.get(2)?,
        vin: row.get(3)?,
        make: row.get(4)?,
        model: row.get(5)?,
        year: row.get(6)?,
        colour: row.get(7)?,
        engine_number: row.get(8)?,
        fuel_type: parse_column(9, &fuel, FuelType::parse)?,
        registration_date: row.get(10)?,
        insurance_expiry: row.get(11)?,
        inspection_expiry: row.get(12)?,
        latest_odometer: None,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
        archived_at: row.get(15)?,
    })
}

/// The vehicle with its newest odometer reading.
pub(crate) fn load(conn: &Connection, id: VehicleId) -> Result<Vehicle> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id, plate, vin, make, model, year, colour, engine_number,
                fuel_type, registration_date, insurance_expiry, inspection_expiry,
                created_at, updated_at, archived_at
         FROM vehicles WHERE id = ?1",
    )?;
    let mut vehicle = found(stmt.query_row([id], from_row), "vehicle")?;
    vehicle.latest_odometer = odometer::latest(conn, id)?;
    Ok(vehicle)
}

/// The vehicles `customer` owns now, active ones first, each with its newest reading.
pub(crate) fn for_customer(conn: &Connection, customer: CustomerId) -> Result<Vec<Vehicle>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, customer_id, plate, vin, make, model, year, colour, engine_number,
                fuel_type, registration_date, insurance_expiry, inspection_expiry,
                created_at, updated_at, archived_at
         FROM vehicles WHERE customer_id = ?1
         ORDER BY archived_at IS NOT NULL, created_at, id",
    )?;
    let mut vehicles: Vec<Vehicle> = stmt
        .query_map([customer], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for vehicle in &mut vehicles {
        vehicle.latest_odometer = odometer::latest(conn, vehicle.id)?;
    }
    Ok(vehicles)
}

/// Inserts a clean vehicle for `customer`, opens its ownership and files its first
/// reading; no search entry.
pub(crate) fn insert(
    conn: &Connection,
    customer: CustomerId,
    input: &VehicleInput,
    now: NaiveDateTime,
) -> Result<VehicleId> {
    conn.prepare_cached(
        "INSERT INTO vehicles (customer_id, plate, vin, make, model, year, colour, engine_number,
                               fuel_type, registration_date, insurance_expiry, inspection_expiry,
                               created_at, updated_at)
         VALUES (?1, ?2, NULLIF(?3, ''), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
    )?
    .execute(params![
        customer,
        input.plate,
        input.vin,
        input.make,
        input.model,
        input.year,
        input.colour,
        input.engine_number,
        input.fuel_type.as_str(),
        input.registration_date,
        input.insurance_expiry,
        input.inspection_expiry,
        now
    ])?;
    let id = VehicleId(conn.last_insert_rowid());
    ownership::open(conn, id, customer, now.date())?;
    if let Some(reading) = &input.odometer {
        odometer::insert(conn, id, reading, now)?;
    }
    Ok(id)
}

pub(crate) fn touch(conn: &Connection, id: VehicleId, now: NaiveDateTime) -> Result<()> {
    conn.prepare_cached("UPDATE vehicles SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

fn duplicate_from_row(row: &Row<'_>) -> rusqlite::Result<DuplicateHit> {
    let kind: String = row.get(2)?;
    let kind = parse_column(2, &kind, CustomerKind::parse)?;
    let name: String = row.get(3)?;
    let company: String = row.get(4)?;
    let field = if row.get::<_, bool>(6)? {
        DuplicateField::Plate
    } else {
        DuplicateField::Vin
    };
    Ok(DuplicateHit {
        vehicle_id: Some(row.get(0)?),
        customer_id: row.get(1)?,
        display_name: display_name(kind, &name, &company),
        value: row.get(5)?,
        field,
    })
}

/// Active vehicles other than `except` with the same plate or VIN as `input`.
fn duplicates(
    conn: &Connection,
    input: &VehicleInput,
    except: Option<VehicleId>,
) -> Result<Vec<DuplicateHit>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, c.id, c.kind, c.name, c.company_name,
                CASE WHEN v.plate = ?1 THEN v.plate ELSE v.vin END, v.plate = ?1
         FROM vehicles v JOIN customers c ON c.id = v.customer_id
         WHERE (v.plate = ?1 OR v.vin = NULLIF(?2, ''))
           AND v.archived_at IS NULL AND v.id IS NOT ?3
         ORDER BY v.id",
    )?;
    let hits = stmt.query_map(params![input.plate, input.vin, except], duplicate_from_row)?;
    Ok(hits.collect::<rusqlite::Result<_>>()?)
}

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

/// Changes in the vehicle also change its owner's search entry and recency.
fn refresh_owner(conn: &Connection, customer: CustomerId, now: NaiveDateTime) -> Result<()> {
    customers::touch(conn, customer, now)?;
    search::refresh(conn, customer)
}

/// Whether a job on the vehicle is still at the shop (not collected, not cancelled).
fn has_open_job(conn: &Connection, id: VehicleId) -> Result<bool> {
    let open = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM work_orders
                            WHERE vehicle_id = ?1 AND status NOT IN ('collected', 'cancelled'))",
        )?
        .query_row([id], |row| row.get(0))?;
    Ok(open)
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
            active_owner(tx, customer)?;
            refuse_duplicates(tx, &clean, None)?;
            let id = insert(tx, customer, &clean, now)?;
            refresh_owner(tx, customer, now)?;
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
            let before = load(tx, id)?;
            refuse_duplicates(tx, &clean, Some(id))?;
            tx.prepare_cached(
                "UPDATE vehicles SET plate = ?2, vin = NULLIF(?3, ''), make = ?4, model = ?5,
                        year = ?6, colour = ?7, engine_number = ?8, fuel_type = ?9,
                        registration_date = ?10, insurance_expiry = ?11,
                        inspection_expiry = ?12, updated_at = ?13
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                clean.plate,
                clean.vin,
                clean.make,
                clean.model,
                clean.year,
                clean.colour,
                clean.engine_number,
                clean.fuel_type.as_str(),
                clean.registration_date,
                clean.insurance_expiry,
                clean.inspection_expiry,
                now
            ])?;
            if let Some(reading) = &clean.odometer {
                let same = before.latest_odometer.as_ref().is_some_and(|r| {
                    r.value == reading.value
                        && r.unit == reading.unit
                        && r.read_on == reading.read_on
                });
                if !same {
                    odometer::insert(tx, id, reading, now)?;
                }
            }
            refresh_owner(tx, before.customer_id, now)?;
            load(tx, id)
        })
    }

    pub fn get_vehicle(&self, id: VehicleId) -> Result<Vehicle> {
        self.with_conn(|conn| load(conn, id))
    }

    /// Takes a vehicle off the active list (sold abroad, scrapped); its plate is freed.
    pub fn archive_vehicle(&self, id: VehicleId, now: NaiveDateTime) -> Result<Vehicle> {
        self.with_tx(|tx| {
            let vehicle = load(tx, id)?;
            tx.prepare_cached(
                "UPDATE vehicles SET archived_at = ?2, updated_at = ?2
                 WHERE id = ?1 AND archived_at IS NULL",
            )?
            .execute(params![id, now])?;
            refresh_owner(tx, vehicle.customer_id, now)?;
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
            tx.prepare_cached(
                "UPDATE vehicles SET archived_at = NULL, updated_at = ?2 WHERE id = ?1",
            )?
            .execute(params![id, now])?;
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
            if has_open_job(tx, id)? {
                // The job's signed intake names the owner who left the car: the car
                // changes hands once it is collected or the job is called off.
                return Err(CoreError::conflict(Reason::TransferOpenJob));
            }
            ownership::close(tx, id, now.date())?;
            ownership::open(tx, id, new_owner, now.date())?;
            tx.prepare_cached(
                "UPDATE vehicles SET customer_id = ?2, updated_at = ?3 WHERE id = ?1",
            )?
            .execute(params![id, new_owner, now])?;
            refresh_owner(tx, vehicle.customer_id, now)?;
            refresh_owner(tx, new_owner, now)?;
            load(tx, id)
        })
    }
}
