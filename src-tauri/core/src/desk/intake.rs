//! The intake as the desk works on it: the job as the intake screen shows it (what still
//! blocks the signature, who may sign, what the buttons may do), saving one section of
//! the draft (refused with `Locked` once the customer signed), the odometer rule that
//! needs the vehicle's history, and the snapshot of the live tables that is signed.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::WorkOrderId;
use crate::intake::paper::{form_lang_for, paper_now};
use crate::intake::snapshot::{hash_json, SnapCustomer, SnapVehicle};
use crate::intake::{
    check_ready_to_sign, check_section, refuse, IntakeOdometer, IntakeSection, IntakeSnapshot,
    SignatureMeta, SignatureRole, WorkOrderDetail,
};
use crate::reason::Reason;
use crate::store::intake::{load_intake, touch};
use crate::store::{amendments, customers, form_archive, handover, odometer, settings};
use crate::store::{signatures, vehicles, walkaround, work_orders, Store};
use crate::vehicle::DistanceUnit;
use crate::work_order::{WorkOrder, WorkOrderStatus};

pub(crate) fn detail(conn: &Connection, id: WorkOrderId) -> Result<WorkOrderDetail> {
    let work_order = work_orders::load(conn, id)?;
    let customer = customers::load(conn, work_order.customer_id)?;
    let vehicle = vehicles::load(conn, work_order.vehicle_id)?;
    let intake_hash = signatures::intake_record(conn, id)?.map(|(_, hash)| hash);
    let draft_hash = match intake_hash {
        Some(_) => None,
        None => Some(hash_json(&live_snapshot(conn, &work_order)?.to_json()?)),
    };
    let archive_pending = intake_hash.is_some()
        && form_archive::original(conn, id, form_archive::WORK_ORDER_FORM)?.is_none();
    let intake = load_intake(conn, id)?;
    let signed = signatures::for_work_order(conn, id)?;
    let open = work_order.frozen_at.is_none() && work_order.status != WorkOrderStatus::Cancelled;
    let odometer_lower = match (&intake.dashboard.odometer, open) {
        (Some(reading), true) => is_lower(conn, &work_order, reading)?,
        _ => false,
    };
    let mut sign_blockers = Vec::new();
    if open {
        sign_blockers = check_ready_to_sign(&work_order, &intake);
        let reason_missing = intake
            .dashboard
            .odometer
            .as_ref()
            .is_some_and(|o| o.lower_reason.trim().is_empty());
        if odometer_lower && reason_missing {
            sign_blockers.push(FieldIssue::new(
                "odometer",
                Reason::OdometerLowerNeedsReason,
            ));
        }
    }
    let can_sign = can_sign(&work_order, &signed);
    let can_change_category = crate::desk::repair_category::fixed_because(conn, id)?.is_none();
    Ok(WorkOrderDetail {
        can_change_category,
        draft_hash,
        archive_pending,
        sign_blockers,
        odometer_lower,
        can_sign,
        moves: crate::work_order::button_moves(work_order.status),
        can_final_check: crate::work_order::check_final_check(work_order.status).is_ok(),
        actions: crate::work_order::actions::job_actions(
            work_order.status,
            work_order.frozen_at.is_some(),
        ),
        customer_name: customer.display_name.clone(),
        customer_phones: customer.phones.iter().map(|p| p.number.clone()).collect(),
        vehicle,
        intake,
        signatures: signed,
        amendments: amendments::list(conn, id)?,
        intake_hash,
        work_order,
    })
}

/// The job, if its intake may still change.
pub(crate) fn editable(conn: &Connection, id: WorkOrderId) -> Result<WorkOrder> {
    let work_order = work_orders::load(conn, id)?;
    if work_order.status == WorkOrderStatus::Cancelled {
        return Err(CoreError::conflict(Reason::WorkOrderCancelled));
    }
    if work_order.frozen_at.is_some() {
        return Err(CoreError::Locked {
            code: Reason::IntakeFrozen,
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

/// Who may sign the work order now: nobody on a cancelled job; the customer and the
/// advisor once each; the workshop receiver once the customer has signed.
fn can_sign(work_order: &WorkOrder, signed: &[SignatureMeta]) -> Vec<SignatureRole> {
    if work_order.status == WorkOrderStatus::Cancelled {
        return Vec::new();
    }
    let done = |role| signed.iter().any(|s| s.role == role);
    [
        SignatureRole::Customer,
        SignatureRole::Advisor,
        SignatureRole::WorkshopReceiver,
    ]
    .into_iter()
    .filter(|role| !done(*role))
    .filter(|role| {
        *role != SignatureRole::WorkshopReceiver || work_order.status == WorkOrderStatus::CheckedIn
    })
    .collect()
}

/// Whether `reading` is below the vehicle's last filed reading, both in km.
fn is_lower(conn: &Connection, work_order: &WorkOrder, reading: &IntakeOdometer) -> Result<bool> {
    Ok(odometer::latest(conn, work_order.vehicle_id)?
        .is_some_and(|last| in_km(reading.value, reading.unit) < in_km(last.value, last.unit)))
}

/// A reading below the vehicle's last one is refused unless a reason is given; so is
/// one far beyond the vehicle's pace (an extra zero): the reason is the desk's word that
/// the reading is right, and the reading is then filed as doubtful.
pub(crate) fn check_odometer(
    conn: &Connection,
    work_order: &WorkOrder,
    reading: &IntakeOdometer,
    today: chrono::NaiveDate,
) -> Result<()> {
    if reading.lower_reason.trim().is_empty() {
        if is_lower(conn, work_order, reading)? {
            return Err(CoreError::Invalid(vec![FieldIssue::new(
                "odometer",
                Reason::OdometerLowerNeedsReason,
            )]));
        }
        let doubt = crate::desk::service_due::question_intake_reading(
            conn,
            work_order.vehicle_id,
            today,
            reading.value,
            reading.unit,
        )?;
        crate::desk::service_due::refuse_doubtful(doubt)?;
    }
    Ok(())
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
            frozen.paper,
        ));
    }
    let customer = customers::load(conn, work_order.customer_id)?;
    let vehicle = vehicles::load(conn, work_order.vehicle_id)?;
    let settings = settings::load(conn)?;
    let lang = form_lang_for(&settings, customer.preferred_language);
    Ok(IntakeSnapshot::build(
        work_order,
        SnapCustomer::of(&customer),
        SnapVehicle::of(&vehicle),
        &intake,
        &settings.currency,
        Some(paper_now(&settings, lang)),
    ))
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
                    let details = super::work_orders::clean_details(details);
                    work_orders::save_details(tx, id, &details, now)?
                }
                IntakeSection::Inspection(items) => walkaround::save_items(tx, id, items)?,
                IntakeSection::Damage(marks) => walkaround::save_marks(tx, id, marks)?,
                IntakeSection::Dashboard(dashboard) => {
                    if let Some(reading) = &dashboard.odometer {
                        check_odometer(tx, &work_order, reading, now.date())?;
                    }
                    walkaround::save_dashboard(tx, id, dashboard)?
                }
                IntakeSection::Documents(docs) => handover::save_documents(tx, id, docs)?,
                IntakeSection::Keys(keys) => handover::save_keys(tx, id, keys)?,
                IntakeSection::Belongings(list) => handover::save_belongings(tx, id, list)?,
            }
            touch(tx, id, now)
        })?;
        self.get_work_order(id)
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
                None => Err(CoreError::conflict(Reason::IntakeNotFrozen)),
            }
        })
    }
}
