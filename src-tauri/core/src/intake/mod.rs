//! The intake of a job (接车): walk-around inspection, damage marks, warning lights,
//! fuel, odometer, documents, keys and belongings, then the signatures that freeze it.
//! The rules here (`check`, `signature`, `paper`, `desk_day`), the frozen form in
//! `snapshot`, the types in `domain::walkaround`/`domain::intake`, the use cases in
//! `desk::sign` and `desk::amend`, the SQL in the store modules `walkaround`, `handover`,
//! `signatures` and `amendments`.
mod check;
pub mod desk_day;
pub mod paper;
pub mod reading_text;
pub mod signature;
pub mod snapshot;
pub mod template;

use serde::{Deserialize, Serialize};

pub(crate) use crate::domain::code::{code_of, from_code};
pub use crate::domain::intake::{
    ArchivedForm, ArchivedFormFile, DamageKind, DocumentKind, SignatureRole, WarningLight,
};
pub use crate::domain::intake::{Belonging, Belongings, DocumentReceived, KeysLog};
pub use crate::domain::walkaround::{
    DamageMark, Dashboard, InspectionItem, IntakeOdometer, ItemStatus, Label, DIAGRAM_SIZE,
};
use crate::vehicle::Vehicle;
use crate::work_order::{JobDetails, WorkOrder};
pub(crate) use check::{check_ready_to_sign, check_section, refuse};
pub use signature::{Amendment, AmendmentInput, SignatureInput, SignatureMeta, StrokePoint};
pub use snapshot::IntakeSnapshot;
pub use template::{InspectionTemplate, QuickBelonging, TemplateGroup};

impl Belongings {
    pub fn state_code(&self) -> &'static str {
        match self {
            Belongings::NotRecorded => "not_recorded",
            Belongings::NoneLeft => "none_left",
            Belongings::Listed(_) => "listed",
        }
    }
}

/// Everything recorded at the walk-around.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Intake {
    pub inspection: Vec<InspectionItem>,
    pub damage: Vec<DamageMark>,
    pub dashboard: Dashboard,
    pub documents: Vec<DocumentReceived>,
    pub keys: KeysLog,
    pub belongings: Belongings,
}

/// One part of the intake draft, saved on its own (each refused once frozen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case", tag = "section", content = "data")]
pub enum IntakeSection {
    JobDetails(JobDetails),
    Inspection(Vec<InspectionItem>),
    Damage(Vec<DamageMark>),
    Dashboard(Dashboard),
    Documents(Vec<DocumentReceived>),
    Keys(KeysLog),
    Belongings(Belongings),
}

/// The whole job as the intake screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderDetail {
    pub work_order: WorkOrder,
    pub customer_name: String,
    pub customer_phones: Vec<String>,
    /// The vehicle as on file now, with its newest odometer reading.
    pub vehicle: Vehicle,
    pub intake: Intake,
    /// Signatures on the work order itself (not on amendments), in signing order.
    pub signatures: Vec<SignatureMeta>,
    pub amendments: Vec<Amendment>,
    /// SHA-256 of the frozen intake, once the customer signed.
    pub intake_hash: Option<String>,
    /// Before the customer signs: the SHA-256 of the draft as shown. The customer's
    /// signature carries it back and is refused if the draft changed in between.
    pub draft_hash: Option<String>,
    /// Signed, but the signed original is not archived yet (the write failed): the
    /// window offers to retry.
    pub archive_pending: bool,
    /// What still keeps the customer from signing the saved draft (empty once signed).
    pub sign_blockers: Vec<crate::error::FieldIssue>,
    /// The saved odometer reading is lower than the vehicle's last one (compared in km):
    /// the window shows the reason field.
    pub odometer_lower: bool,
    /// The roles that may sign now, in the order the desk asks them.
    pub can_sign: Vec<SignatureRole>,
    /// The status changes the desk can make now with a button.
    pub moves: Vec<crate::work_order::WorkOrderStatus>,
    /// The final check (the move to Ready) can be made now.
    pub can_final_check: bool,
    /// What the job's screens may offer now, from its status.
    pub actions: crate::work_order::actions::JobActions,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_codes_round_trip_through_text() {
        for light in WarningLight::ALL {
            assert_eq!(code_of(&light), light.code());
            assert_eq!(from_code::<WarningLight>(light.code()), Some(light));
        }
        assert_eq!(code_of(&ItemStatus::NotChecked), "not_checked");
        assert_eq!(from_code::<DamageKind>("nonsense"), None);
    }

    #[test]
    fn every_code_the_intake_emits_has_a_message_in_every_language() {
        let codes = [
            "odometer.lower_needs_reason",
            "keys.slot_taken",
            "intake.frozen",
            "intake.not_frozen",
            "work_order.cancelled",
            "work_order.vehicle_not_owned",
            "status.needs_customer_signature",
            "status.needs_workshop_signature",
            "status.cancel_needs_reason",
            "status.transition",
            "cancel.reason_required",
            "signature.already_signed",
            "signature.empty",
            "signature.png",
            "signer.required",
            "amendment.required",
            "amendment.customer_signs",
            "complaint.required",
            "odometer.required",
            "fuel.required",
            "fuel.range",
            "belongings.not_recorded",
            "belongings.empty_list",
            "belonging.item_required",
            "belonging.quantity",
            "document.label_required",
            "keys.count",
            "damage.outside",
            "list.too_long",
            "photo.format",
            "photo.too_large",
            "photo.reference",
            "service.description_required",
            "money.negative",
            "contact.required",
            "template.unknown_key",
            "template.label_required",
            "template.too_many",
            "print.failed",
            "form",
            "money.too_large",
            "intake.changed_since_shown",
            "signature.too_much_ink",
            "archive.exists",
            "archive.failed",
            "file.too_large",
            "save.not_pdf",
            "save.folder_missing",
            "save.inside_data",
            "save.not_a_file",
            "viewer.failed",
            "dialog.failed",
        ];
        for code in codes {
            for lang in crate::i18n::Lang::ALL {
                let key = format!("error.{code}");
                assert!(
                    crate::i18n::has_key(lang, &key),
                    "{key} missing in {}",
                    lang.code()
                );
            }
        }
        for what in ["work_order", "amendment", "signature", "photo"] {
            assert!(crate::i18n::has_key(
                crate::i18n::Lang::ZhHant,
                &format!("entity.{what}")
            ));
        }
    }

    #[test]
    fn nothing_left_in_the_car_is_not_the_same_as_not_recorded() {
        assert_ne!(Belongings::NoneLeft, Belongings::NotRecorded);
        assert_ne!(Belongings::NoneLeft, Belongings::Listed(Vec::new()));
        assert_eq!(Belongings::default().state_code(), "not_recorded");
    }
}
