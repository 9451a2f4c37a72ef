//! The intake as one aggregate: loading every section, saving one section of the draft
//! (refused with `Locked` once the customer signed), the rules that need the store
//! (odometer history), the snapshot of the live tables and its verification.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::WorkOrderId;
use crate::intake::snapshot::{hash_json, SnapCustomer, SnapVehicle};
use crate::intake::{
    check_section, refuse, Intake, IntakeOdometer, IntakeSection, IntakeSnapshot, WorkOrderDetail,
};
use crate::store::{amendments, customers, handover, odometer, settings, signatures};
use crate::store::{vehicles, walkaround, work_orders, Store};
use crate::vehicle::{DistanceUnit, OdometerInput, OdometerSource};
use crate::work_order::{WorkOrder, WorkOrderStatus};

pub(crate) fn load_intake(conn: &Connection, id: WorkOrderId) -> Result<Intake> {
    Ok(Intake {
        inspection: walkaround::items(conn, id)?,
        damage: walkaround::marks(conn, id)?,
        dashboard: walkaround::dashboard(conn, id)?,
        documents: handover::documents(conn, id)?,
        keys: handover::keys(conn, id)?,
        belongings: handover::belongings(conn, id)?,
    })
}

pub(crate) fn detail(conn: &Connection, id: WorkOrderId) -> Result<WorkOrderDetail> {
    let work_order = work_orders::load(conn, id)?;
    let customer = customers::load(conn, work_order.customer_id)?;
    let vehicle = vehicles::load(conn, work_order.vehicle_id)?;
    let intake_hash = signatures::intake_record(conn, id)?.map(|(_, hash)| hash);
    Ok(WorkOrderDetail {
        customer_name: customer.display_name.clone(),
        customer_phones: customer.phones.iter().map(|p| p.number.clone()).collect(),
        vehicle,
        intake: load_intake(conn, id)?,
        signatures: signatures::for_work_order(conn, id)?,
        amendments: amendments::list(conn, id)?,
        intake_hash,
        work_order,
    })
}

/// The job, if its intake may still change.
pub(crate) fn editable(conn: &Connection, id: WorkOrderId) -> Result<WorkOrder> {
    let work_order = work_orders::load(conn, id)?;
    if work_order.status == WorkOrderStatus::Cancelled {
        return Err(CoreError::conflict("work_order.cancelled"));
    }
    if work_order.frozen_at.is_some() {
        return Err(CoreError::Locked {
            code: "intake.frozen".into(),
        });
    }
    Ok(work_order)
}

fn in_km(value: i64, unit: DistanceUnit) -> i64 {
    match unit {
        DistanceUnit::Km => value,
        DistanceUnit::Mi => value * 1_609_344 / 1_000_000,
    }
}

/// A reading below the vehicle's last one is refused unless a reason is given.
pub(crate) fn check_odometer(
    conn: &Connection,
    work_order: &WorkOrder,
    reading: &IntakeOdometer,
) -> Result<()> {
    let Some(last) = odometer::latest(conn, work_order.vehicle_id)? else {
        return Ok(());
    };
    let lower = in_km(reading.value, reading.unit) < in_km(last.value, last.unit);
    if lower && reading.lower_reason.trim().is_empty() {
        return Err(CoreError::Invalid(vec![FieldIssue::new(
            "odometer",
            "odometer.lower_needs_reason",
        )]));
    }
    Ok(())
}

/// Files the intake reading in the vehicle's odometer history (at check-in).
pub(crate) fn file_odometer(
    conn: &Connection,
    work_order: &WorkOrder,
    reading: &IntakeOdometer,
    now: NaiveDateTime,
) -> Result<()> {
    let input = OdometerInput {
        value: reading.value,
        unit: reading.unit,
        read_on: now.date(),
        source: OdometerSource::Intake,
    };
    odometer::insert(conn, work_order.vehicle_id, &input, now)?;
    vehicles::touch(conn, work_order.vehicle_id, now)
}

/// The snapshot of the tables as they are: with the customer and vehicle on file before
/// freezing, and with those frozen in the stored snapshot after.
pub(crate) fn live_snapshot(conn: &Connection, work_order: &WorkOrder) -> Result<IntakeSnapshot> {
    let intake = load_intake(conn, work_order.id)?;
    if let Some((json, _)) = signatures::intake_record(conn, work_order.id)? {
        let frozen = IntakeSnapshot::from_json(&json)?;
        return Ok(IntakeSnapshot::build(
            work_order,
            frozen.customer,
            frozen.vehicle,
            &intake,
            &frozen.currency,
        ));
    }
    let customer = customers::load(conn, work_order.customer_id)?;
    let vehicle = vehicles::load(conn, work_order.vehicle_id)?;
    let currency = settings::load(conn)?.currency;
    Ok(IntakeSnapshot::build(
        work_order,
        SnapCustomer::of(&customer),
        SnapVehicle::of(&vehicle),
        &intake,
        &currency,
    ))
}

/// Whether the stored snapshot still hashes to the stored hash, is in canonical form,
/// and matches the live tables.
fn verify(conn: &Connection, id: WorkOrderId) -> Result<bool> {
    let work_order = work_orders::load(conn, id)?;
    let Some((json, hash)) = signatures::intake_record(conn, id)? else {
        return Err(CoreError::conflict("intake.not_frozen"));
    };
    let stored_ok = hash_json(&json) == hash;
    let canonical_ok = IntakeSnapshot::from_json(&json)?.to_json()? == json;
    let live_ok = hash_json(&live_snapshot(conn, &work_order)?.to_json()?) == hash;
    Ok(stored_ok && canonical_ok && live_ok)
}

impl Store {
    /// Saves one section of the intake draft. Refused with `Locked { intake.frozen }`
    /// once the customer signed: corrections are amendments then.
    pub fn save_intake_section(
        &self,
        id: WorkOrderId,
        section: &IntakeSection,
        now: NaiveDateTime,
    ) -> Result<WorkOrderDetail> {
        refuse(check_section(section))?;
        self.with_tx(|tx| {
            let work_order = editable(tx, id)?;
            match section {
                IntakeSection::JobDetails(details) => {
                    work_orders::save_details(tx, id, details, now)?
                }
                IntakeSection::Inspection(items) => walkaround::save_items(tx, id, items)?,
                IntakeSection::Damage(marks) => walkaround::save_marks(tx, id, marks)?,
                IntakeSection::Dashboard(dashboard) => {
                    if let Some(reading) = &dashboard.odometer {
                        check_odometer(tx, &work_order, reading)?;
                    }
                    walkaround::save_dashboard(tx, id, dashboard)?
                }
                IntakeSection::Documents(docs) => handover::save_documents(tx, id, docs)?,
                IntakeSection::Keys(keys) => handover::save_keys(tx, id, keys)?,
                IntakeSection::Belongings(list) => handover::save_belongings(tx, id, list)?,
            }
            tx.prepare_cached("UPDATE work_orders SET updated_at = ?2 WHERE id = ?1")?
                .execute(params![id, now])?;
            Ok(())
        })?;
        self.get_work_order(id)
    }

    /// Recomputes the frozen intake's SHA-256 from the stored snapshot and from the live
    /// tables: true when both equal the hash stored at signing.
    pub fn verify_intake(&self, id: WorkOrderId) -> Result<bool> {
        self.with_conn(|conn| verify(conn, id))
    }

    /// What prints: the frozen snapshot once signed (`true`), else the draft as it is.
    pub fn printable_snapshot(&self, id: WorkOrderId) -> Result<(IntakeSnapshot, bool)> {
        self.with_conn(|conn| {
            let work_order = work_orders::load(conn, id)?;
            match signatures::intake_record(conn, id)? {
                Some((json, _)) => Ok((IntakeSnapshot::from_json(&json)?, true)),
                None => Ok((live_snapshot(conn, &work_order)?, false)),
            }
        })
    }

    /// The frozen snapshot of a signed intake.
    pub fn intake_snapshot(&self, id: WorkOrderId) -> Result<IntakeSnapshot> {
        self.with_conn(|conn| {
            work_orders::load(conn, id)?;
            match signatures::intake_record(conn, id)? {
                Some((json, _)) => IntakeSnapshot::from_json(&json),
                None => Err(CoreError::conflict("intake.not_frozen")),
            }
        })
    }
}
