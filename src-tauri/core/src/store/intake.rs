//! The intake as one aggregate: loading every section, saving one section of the draft
//! (refused with `Locked` once the customer signed), the rules that need the store
//! (odometer history), the snapshot of the live tables and its verification.
use crate::reason::Reason;
use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::WorkOrderId;
use crate::intake::paper::{form_lang_for, paper_now};
use crate::intake::snapshot::{hash_json, SnapCustomer, SnapVehicle};
use crate::intake::{
    check_ready_to_sign, check_section, refuse, Intake, IntakeOdometer, IntakeSection,
    IntakeSnapshot, SignatureMeta, SignatureRole, WorkOrderDetail,
};
use crate::store::{amendments, customers, form_archive, handover, odometer, settings, signatures};
use crate::store::{vehicles, walkaround, work_orders, Store};
use crate::vehicle::{DistanceUnit, OdometerInput, OdometerSource};
use crate::work_order::{WorkOrder, WorkOrderStatus};

/// What the store knows of a signed job, read in one go for `desk::verify::verify_work_order`.
pub(crate) struct SignedFacts {
    pub number: String,
    /// `None` when the stored snapshot cannot even be read.
    pub snapshot: Option<IntakeSnapshot>,
    pub snapshot_intact: bool,
    pub record_matches: bool,
    pub signatures: Vec<SignatureFacts>,
}

pub(crate) struct SignatureFacts {
    /// The role, and the amendment it counter-signs if any.
    pub subject: String,
    pub png_sha256: String,
    /// `None` when what was signed was not kept (signed before this release).
    pub fingerprint_matches: Option<bool>,
}

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
    Ok(WorkOrderDetail {
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

/// A reading below the vehicle's last one is refused unless a reason is given.
pub(crate) fn check_odometer(
    conn: &Connection,
    work_order: &WorkOrder,
    reading: &IntakeOdometer,
) -> Result<()> {
    if is_lower(conn, work_order, reading)? && reading.lower_reason.trim().is_empty() {
        return Err(CoreError::Invalid(vec![FieldIssue::new(
            "odometer",
            Reason::OdometerLowerNeedsReason,
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

/// Whether the stored snapshot still hashes to the stored hash, is in canonical form,
/// and matches the live tables.
fn verify(conn: &Connection, id: WorkOrderId) -> Result<bool> {
    let work_order = work_orders::load(conn, id)?;
    let Some((json, hash)) = signatures::intake_record(conn, id)? else {
        return Err(CoreError::conflict(Reason::IntakeNotFrozen));
    };
    let stored_ok = hash_json(&json) == hash;
    let canonical_ok = IntakeSnapshot::from_json(&json)?.to_json()? == json;
    let live_ok = hash_json(&live_snapshot(conn, &work_order)?.to_json()?) == hash;
    Ok(stored_ok && canonical_ok && live_ok)
}

/// What was signed by the signature `proof`, recomputed from the record: the frozen
/// intake for the customer's, the amendment's text for a countersignature. `None` for an
/// advisor or workshop signature made on the draft before this release kept it.
fn expected_content(
    conn: &Connection,
    proof: &signatures::SignatureProof,
    intake_hash: &str,
) -> Result<Option<String>> {
    use crate::intake::SignatureRole;
    if let Some(amendment) = proof.meta.amendment_id {
        let (_, record) = amendments::load(conn, amendment)?;
        return Ok(Some(amendments::signed_content(intake_hash, &record)));
    }
    if proof.meta.role == SignatureRole::Customer {
        return Ok(Some(intake_hash.to_string()));
    }
    Ok(proof.signed_content.clone().or_else(|| {
        signatures::fingerprint_holds(proof, intake_hash).then(|| intake_hash.to_string())
    }))
}

fn signed_facts(conn: &Connection, id: WorkOrderId) -> Result<SignedFacts> {
    let work_order = work_orders::load(conn, id)?;
    let Some((json, hash)) = signatures::intake_record(conn, id)? else {
        return Err(CoreError::conflict(Reason::IntakeNotFrozen));
    };
    let snapshot = IntakeSnapshot::from_json(&json).ok();
    let canonical = snapshot.as_ref().and_then(|s| s.to_json().ok());
    let snapshot_intact = hash_json(&json) == hash && canonical.as_deref() == Some(json.as_str());
    let record_matches = snapshot.is_some()
        && live_snapshot(conn, &work_order)
            .and_then(|live| live.to_json())
            .is_ok_and(|live| hash_json(&live) == hash);
    let mut signed = Vec::new();
    for proof in signatures::proofs(conn, id)? {
        let role = crate::intake::code_of(&proof.meta.role);
        let subject = match proof.meta.amendment_id {
            Some(amendment) => format!("amendment {}: {role}", amendment.0),
            None => role,
        };
        let fingerprint_matches = expected_content(conn, &proof, &hash)?.map(|content| {
            let kept_right = proof.signed_content.as_ref().is_none_or(|c| *c == content);
            kept_right && signatures::fingerprint_holds(&proof, &content)
        });
        signed.push(SignatureFacts {
            subject,
            png_sha256: proof.png_sha256,
            fingerprint_matches,
        });
    }
    Ok(SignedFacts {
        number: work_order.number,
        snapshot,
        snapshot_intact,
        record_matches,
        signatures: signed,
    })
}

impl Store {
    /// What a signed job rests on, for [`crate::desk::verify::verify_work_order`].
    pub(crate) fn signed_facts(&self, id: WorkOrderId) -> Result<SignedFacts> {
        self.with_conn(|conn| signed_facts(conn, id))
    }

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
                None => Err(CoreError::conflict(Reason::IntakeNotFrozen)),
            }
        })
    }
}
