//! The snapshot of a job's intake, filled from the work order, the intake and the
//! customer and vehicle as on file when the customer signs.
use super::{
    IntakeSnapshot, SnapBelonging, SnapContact, SnapCustomer, SnapDocument, SnapItem, SnapKeys,
    SnapLabel, SnapMark, SnapOdometer, SnapPaper, SnapService, SnapVehicle, SNAPSHOT_VERSION,
};
use crate::intake::{code_of, Belongings, Intake};
use crate::work_order::WorkOrder;

impl IntakeSnapshot {
    /// The snapshot of a job's intake; `customer` and `vehicle` are as on file when the
    /// customer signs (and, once frozen, as they were then).
    pub(crate) fn build(
        work_order: &WorkOrder,
        customer: SnapCustomer,
        vehicle: SnapVehicle,
        intake: &Intake,
        currency: &str,
        paper: Option<SnapPaper>,
    ) -> Self {
        let details = &work_order.details;
        let (belongings, items) = match &intake.belongings {
            Belongings::Listed(items) => (intake.belongings.state_code(), items.as_slice()),
            other => (other.state_code(), &[][..]),
        };
        IntakeSnapshot {
            // A version 1 snapshot is rebuilt (to verify it) without paper, as version 1.
            version: if paper.is_some() { SNAPSHOT_VERSION } else { 1 },
            number: work_order.number.clone(),
            opened_at: work_order.opened_at,
            advisor: details.advisor.clone(),
            customer,
            vehicle,
            complaint: details.complaint.clone(),
            diagnosis: details.diagnosis.clone(),
            currency: currency.to_string(),
            services: details
                .services
                .iter()
                .map(|s| SnapService {
                    description: s.description.clone(),
                    estimate_minor: s.estimate_minor,
                })
                .collect(),
            promised_at: details.promised_at,
            contact: details.contact.as_ref().map(|c| SnapContact {
                name: c.name.clone(),
                phone: c.phone.clone(),
            }),
            other_requests: details.other_requests.clone(),
            inspection: intake
                .inspection
                .iter()
                .map(|i| SnapItem {
                    group: SnapLabel::of(&i.group),
                    item: SnapLabel::of(&i.item),
                    status: code_of(&i.status),
                    note: i.note.clone(),
                    photos: i.photos.clone(),
                })
                .collect(),
            damage: intake
                .damage
                .iter()
                .map(|m| SnapMark {
                    kind: code_of(&m.kind),
                    x: m.x,
                    y: m.y,
                    note: m.note.clone(),
                    photos: m.photos.clone(),
                })
                .collect(),
            warning_lights: intake
                .dashboard
                .warning_lights
                .iter()
                .map(code_of)
                .collect(),
            fuel_eighths: intake.dashboard.fuel_eighths,
            odometer: intake.dashboard.odometer.as_ref().map(|o| SnapOdometer {
                value: o.value,
                unit: o.unit.as_str().to_string(),
                lower_reason: o.lower_reason.clone(),
            }),
            documents: intake
                .documents
                .iter()
                .map(|d| SnapDocument {
                    kind: code_of(&d.kind),
                    label: d.label.clone(),
                    expires_on: d.expires_on,
                    checked_valid: d.checked_valid,
                })
                .collect(),
            keys: SnapKeys {
                count: intake.keys.count,
                tag_number: intake.keys.tag_number.clone(),
                cabinet_slot: intake.keys.cabinet_slot.clone(),
            },
            belongings: belongings.to_string(),
            belonging_items: items
                .iter()
                .map(|b| SnapBelonging {
                    item: SnapLabel::of(&b.item),
                    quantity: b.quantity,
                    note: b.note.clone(),
                    storage_box: b.storage_box.clone(),
                    photo: b.photo.clone(),
                    valuable: b.valuable,
                })
                .collect(),
            paper,
        }
    }
}
