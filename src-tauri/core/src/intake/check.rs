//! The rules of each intake section as typed at the desk, and what must be on record
//! before the customer can sign. Rules that need the store (odometer history, key
//! cabinet) are in `desk::intake`.
use super::{
    Belongings, DamageMark, Dashboard, DocumentKind, DocumentReceived, InspectionItem, Intake,
    IntakeSection, KeysLog, Label, DIAGRAM_SIZE,
};
use crate::error::{CoreError, FieldIssue, Result};
use crate::reason::Reason;
use crate::validate::{check_phone, too_long, MAX_ODOMETER};
use crate::work_order::{JobDetails, WorkOrder};

const MAX_LINES: usize = 500;

/// `Invalid` with every issue, or nothing to complain about.
pub(crate) fn refuse(issues: Vec<FieldIssue>) -> Result<()> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(issues))
    }
}

/// Every problem with one section, all at once.
pub(crate) fn check_section(section: &IntakeSection) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    match section {
        IntakeSection::JobDetails(details) => job_details(&mut issues, details),
        IntakeSection::Inspection(items) => inspection(&mut issues, items),
        IntakeSection::Damage(marks) => damage(&mut issues, marks),
        IntakeSection::Dashboard(dashboard) => dash(&mut issues, dashboard),
        IntakeSection::Documents(documents) => docs(&mut issues, documents),
        IntakeSection::Keys(keys) => keys_log(&mut issues, keys),
        IntakeSection::Belongings(belongings) => belongings_list(&mut issues, belongings),
    }
    issues
}

fn many(issues: &mut Vec<FieldIssue>, field: &str, len: usize) {
    if len > MAX_LINES {
        issues.push(FieldIssue::new(field, Reason::ListTooLong));
    }
}

fn photos(issues: &mut Vec<FieldIssue>, field: &str, names: &[String]) {
    if names
        .iter()
        .any(|name| !crate::domain::intake::is_photo_name(name))
    {
        issues.push(FieldIssue::new(field, Reason::PhotoReference));
    }
}

fn label(issues: &mut Vec<FieldIssue>, field: &str, label: &Label, code: Reason) {
    if label.is_blank() {
        issues.push(FieldIssue::new(field, code));
    }
    if let Label::Text(text) = label {
        too_long(issues, field, text.trim(), 200);
    }
}

fn job_details(issues: &mut Vec<FieldIssue>, details: &JobDetails) {
    too_long(issues, "advisor", details.advisor.trim(), 100);
    too_long(issues, "complaint", details.complaint.trim(), 4000);
    too_long(issues, "diagnosis", details.diagnosis.trim(), 4000);
    too_long(issues, "otherRequests", details.other_requests.trim(), 2000);
    many(issues, "services", details.services.len());
    for (i, line) in details.services.iter().enumerate() {
        // Field paths are dotted with list indexes, as everywhere: `services.0.description`.
        let description = format!("services.{i}.description");
        if line.description.trim().is_empty() {
            issues.push(FieldIssue::new(
                &description,
                Reason::ServiceDescriptionRequired,
            ));
        }
        too_long(issues, &description, line.description.trim(), 500);
        if let Some(code) = line.estimate_minor.and_then(crate::money::amount_issue) {
            issues.push(FieldIssue::new(format!("services.{i}.estimateMinor"), code));
        }
    }
    if let Some(contact) = &details.contact {
        too_long(issues, "contact.name", contact.name.trim(), 100);
        if contact.name.trim().is_empty() && contact.phone.trim().is_empty() {
            issues.push(FieldIssue::new("contact", Reason::ContactRequired));
        }
        if !contact.phone.trim().is_empty() {
            if let Err(code) = check_phone(&contact.phone) {
                issues.push(FieldIssue::new("contact.phone", code));
            }
        }
    }
}

fn inspection(issues: &mut Vec<FieldIssue>, items: &[InspectionItem]) {
    many(issues, "inspection", items.len());
    for (i, item) in items.iter().enumerate() {
        let field = format!("inspection.{i}");
        label(issues, &field, &item.group, Reason::TemplateLabelRequired);
        label(issues, &field, &item.item, Reason::TemplateLabelRequired);
        too_long(issues, &field, item.note.trim(), 1000);
        photos(issues, &field, &item.photos);
    }
}

fn damage(issues: &mut Vec<FieldIssue>, marks: &[DamageMark]) {
    many(issues, "damage", marks.len());
    for (i, mark) in marks.iter().enumerate() {
        let field = format!("damage.{i}");
        if mark.x > DIAGRAM_SIZE.0 || mark.y > DIAGRAM_SIZE.1 {
            issues.push(FieldIssue::new(&field, Reason::DamageOutside));
        }
        too_long(issues, &field, mark.note.trim(), 1000);
        photos(issues, &field, &mark.photos);
    }
}

fn dash(issues: &mut Vec<FieldIssue>, dashboard: &Dashboard) {
    if dashboard.fuel_eighths.is_some_and(|f| f > 8) {
        issues.push(FieldIssue::new("fuelEighths", Reason::FuelRange));
    }
    if let Some(odometer) = &dashboard.odometer {
        if !(0..=MAX_ODOMETER).contains(&odometer.value) {
            issues.push(FieldIssue::new("odometer", Reason::OdometerRange));
        }
        too_long(
            issues,
            "odometer.lowerReason",
            odometer.lower_reason.trim(),
            500,
        );
    }
}

fn docs(issues: &mut Vec<FieldIssue>, documents: &[DocumentReceived]) {
    many(issues, "documents", documents.len());
    for (i, doc) in documents.iter().enumerate() {
        let field = format!("documents.{i}");
        if doc.kind == DocumentKind::Other && doc.label.trim().is_empty() {
            issues.push(FieldIssue::new(&field, Reason::DocumentLabelRequired));
        }
        too_long(issues, &field, doc.label.trim(), 200);
    }
}

fn keys_log(issues: &mut Vec<FieldIssue>, keys: &KeysLog) {
    if keys.count > 20 {
        issues.push(FieldIssue::new("keys.count", Reason::KeysCount));
    }
    too_long(issues, "keys.tagNumber", keys.tag_number.trim(), 40);
    too_long(issues, "keys.cabinetSlot", keys.cabinet_slot.trim(), 40);
}

fn belongings_list(issues: &mut Vec<FieldIssue>, belongings: &Belongings) {
    let Belongings::Listed(items) = belongings else {
        return;
    };
    if items.is_empty() {
        issues.push(FieldIssue::new("belongings", Reason::BelongingsEmptyList));
    }
    many(issues, "belongings", items.len());
    for (i, item) in items.iter().enumerate() {
        let field = format!("belongings.{i}");
        label(issues, &field, &item.item, Reason::BelongingItemRequired);
        if !(1..=999).contains(&item.quantity) {
            issues.push(FieldIssue::new(&field, Reason::BelongingQuantity));
        }
        too_long(issues, &field, item.note.trim(), 500);
        too_long(issues, &field, item.storage_box.trim(), 40);
        photos(issues, &field, item.photo.as_slice());
    }
}

/// What must be on record before the customer signs the intake.
pub(crate) fn check_ready_to_sign(work_order: &WorkOrder, intake: &Intake) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if work_order.details.complaint.trim().is_empty() {
        issues.push(FieldIssue::new("complaint", Reason::ComplaintRequired));
    }
    if intake.dashboard.odometer.is_none() {
        issues.push(FieldIssue::new("odometer", Reason::OdometerRequired));
    }
    if intake.dashboard.fuel_eighths.is_none() {
        issues.push(FieldIssue::new("fuelEighths", Reason::FuelRequired));
    }
    if intake.belongings == Belongings::NotRecorded {
        issues.push(FieldIssue::new("belongings", Reason::BelongingsNotRecorded));
    }
    if work_order.repair_category.is_none() {
        issues.push(FieldIssue::new(
            "repairCategory",
            Reason::RepairCategoryRequired,
        ));
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::Belonging;

    fn codes(section: IntakeSection) -> Vec<String> {
        check_section(&section)
            .into_iter()
            .map(|i| i.code.as_str().to_string())
            .collect()
    }

    #[test]
    fn field_paths_are_dotted_with_the_list_index_and_name_the_input() {
        let details = JobDetails {
            services: vec![crate::work_order::ServiceLine {
                description: " ".into(),
                estimate_minor: Some(crate::money::MAX_AMOUNT_MINOR + 1),
            }],
            ..JobDetails::default()
        };
        let fields: Vec<(String, String)> = check_section(&IntakeSection::JobDetails(details))
            .into_iter()
            .map(|i| (i.field, i.code.as_str().to_string()))
            .collect();
        assert_eq!(
            fields,
            [
                (
                    "services.0.description".to_string(),
                    "service.description_required".to_string()
                ),
                (
                    "services.0.estimateMinor".to_string(),
                    "money.too_large".to_string()
                ),
            ]
        );
    }

    #[test]
    fn a_listed_answer_must_list_something() {
        assert_eq!(
            codes(IntakeSection::Belongings(Belongings::Listed(vec![]))),
            ["belongings.empty_list"]
        );
        assert!(codes(IntakeSection::Belongings(Belongings::NoneLeft)).is_empty());
    }

    #[test]
    fn a_belonging_needs_a_name_and_a_quantity() {
        let item = Belonging {
            item: Label::Text(" ".into()),
            quantity: 0,
            note: String::new(),
            storage_box: "B3".into(),
            photo: Some("not-a-hash.png".into()),
            valuable: false,
        };
        assert_eq!(
            codes(IntakeSection::Belongings(Belongings::Listed(vec![item]))),
            [
                "belonging.item_required",
                "belonging.quantity",
                "photo.reference"
            ]
        );
    }

    #[test]
    fn fuel_is_counted_in_eighths_and_marks_stay_on_the_diagram() {
        let dashboard = Dashboard {
            fuel_eighths: Some(9),
            ..Dashboard::default()
        };
        assert_eq!(codes(IntakeSection::Dashboard(dashboard)), ["fuel.range"]);
        let mark = DamageMark {
            kind: crate::intake::DamageKind::Dent,
            x: 1001,
            y: 10,
            note: String::new(),
            photos: vec![],
        };
        assert_eq!(codes(IntakeSection::Damage(vec![mark])), ["damage.outside"]);
    }
}
