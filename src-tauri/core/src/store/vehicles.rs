//! SQL of the `vehicles` table: insert, update, archive and re-own a vehicle, and the
//! duplicate lookups. The rules (one active vehicle per plate, transfer keeps history)
//! are asked in `desk::vehicles`.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::customer::{display_name, CustomerKind};
use crate::error::{DuplicateField, DuplicateHit, Result};
use crate::ids::{CustomerId, VehicleId};
use crate::store::{customers, found, odometer, ownership, parse_column, search, Store};
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
pub(crate) fn duplicates(
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

/// Changes in the vehicle also change its owner's search entry and recency.
pub(crate) fn refresh_owner(
    conn: &Connection,
    customer: CustomerId,
    now: NaiveDateTime,
) -> Result<()> {
    customers::touch(conn, customer, now)?;
    search::refresh(conn, customer)
}

/// Whether a job on the vehicle is still at the shop (not collected, not cancelled).
pub(crate) fn has_open_job(conn: &Connection, id: VehicleId) -> Result<bool> {
    let open = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM work_orders
                            WHERE vehicle_id = ?1 AND status NOT IN ('collected', 'cancelled'))",
        )?
        .query_row([id], |row| row.get(0))?;
    Ok(open)
}

/// Overwrites a vehicle's own columns with a clean input (readings apart).
pub(crate) fn update_row(
    conn: &Connection,
    id: VehicleId,
    clean: &VehicleInput,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
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
    Ok(())
}

/// Takes an archived vehicle back onto the active list.
pub(crate) fn unarchive(conn: &Connection, id: VehicleId, now: NaiveDateTime) -> Result<()> {
    conn.prepare_cached("UPDATE vehicles SET archived_at = NULL, updated_at = ?2 WHERE id = ?1")?
        .execute(params![id, now])?;
    Ok(())
}

/// Files the vehicle under `owner`.
pub(crate) fn set_owner(
    conn: &Connection,
    id: VehicleId,
    owner: CustomerId,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached("UPDATE vehicles SET customer_id = ?2, updated_at = ?3 WHERE id = ?1")?
        .execute(params![id, owner, now])?;
    Ok(())
}

impl Store {
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
}

/// Every plate of an active vehicle, for the demo shop to draw new ones that are not.
pub(crate) fn active_plates(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    let plates = conn
        .prepare("SELECT plate FROM vehicles WHERE archived_at IS NULL")?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(plates)
}
