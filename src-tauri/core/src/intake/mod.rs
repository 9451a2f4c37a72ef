//! The intake of a job (接车): walk-around inspection, damage marks, warning lights,
//! fuel, odometer, documents, keys and belongings, then the signatures that freeze it.
//! The rules here (`check`, `signature`, `paper`, `desk_day`), the frozen form in
//! `snapshot`, the types in `domain::walkaround`/`domain::intake`, the use cases in
//! `desk::intake`, `desk::sign` and `desk::amend`, the SQL in the store modules `walkaround`, `handover`,
//! `signatures` and `amendments`.
mod check;
pub mod desk_day;
pub mod paper;
pub mod reading_text;
pub mod signature;
pub mod snapshot;
pub mod template;

pub(crate) use crate::domain::code::{code_of, from_code};
pub use crate::domain::intake::{
    ArchivedForm, ArchivedFormFile, DamageKind, DocumentKind, SignatureRole, WarningLight,
};
pub use crate::domain::intake::{Belonging, Belongings, DocumentReceived, KeysLog};
pub use crate::domain::intake::{Intake, IntakeSection, WorkOrderDetail};
pub use crate::domain::walkaround::{
    DamageMark, Dashboard, InspectionItem, IntakeOdometer, ItemStatus, Label, DIAGRAM_SIZE,
};
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
