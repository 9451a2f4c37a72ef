//! The rules a customer or vehicle must meet before it is saved. Pure functions: the UI
//! calls them while typing (through a "validate" command), the store before every write.
//! Field names are the input's JSON names (`name`, `companyName`, `phones.0.number`,
//! `plate`, `vin`, `odometer.value`); codes are catalogue keys under `error.`.
use crate::reason::Reason;
pub mod phone;
pub mod phone_list;
pub mod plate;
pub mod plate_kind;
pub mod vin;

use chrono::NaiveDate;

use crate::customer::{CustomerInput, CustomerKind};
use crate::error::{CoreError, FieldIssue, Result};
use crate::vehicle::VehicleInput;

pub use phone::{check_phone, normalize_phone};
pub use plate::{check_plate, normalize_plate};
pub use vin::{check_vin, normalize_vin};

const MAX_NAME: usize = 100;
const MAX_COMPANY: usize = 200;
const MAX_ADDRESS: usize = 500;
const MAX_NOTES: usize = 10_000;
const MAX_SHORT: usize = 60;
pub(crate) const MAX_ODOMETER: i64 = 9_999_999;

pub(crate) fn too_long(issues: &mut Vec<FieldIssue>, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        issues.push(FieldIssue::new(field, Reason::TextTooLong));
    }
}

/// Every error in a customer form, all at once.
pub fn check_customer(input: &CustomerInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    match input.kind {
        CustomerKind::Person if input.name.trim().is_empty() => {
            issues.push(FieldIssue::new("name", Reason::NameRequired));
        }
        CustomerKind::Company if input.company_name.trim().is_empty() => {
            issues.push(FieldIssue::new("companyName", Reason::CompanyNameRequired));
        }
        _ => {}
    }
    too_long(&mut issues, "name", input.name.trim(), MAX_NAME);
    too_long(
        &mut issues,
        "companyName",
        input.company_name.trim(),
        MAX_COMPANY,
    );
    too_long(
        &mut issues,
        "contactPerson",
        input.contact_person.trim(),
        MAX_NAME,
    );
    too_long(&mut issues, "address", input.address.trim(), MAX_ADDRESS);
    too_long(&mut issues, "notes", input.notes.trim(), MAX_NOTES);

    let mut seen: Vec<String> = Vec::new();
    for (i, phone) in input.phones.iter().enumerate() {
        match check_phone(&phone.number) {
            Ok(number) if seen.contains(&number) => {
                issues.push(FieldIssue::new(
                    format!("phones.{i}.number"),
                    Reason::PhoneRepeated,
                ));
            }
            Ok(number) => seen.push(number),
            Err(code) => issues.push(FieldIssue::new(format!("phones.{i}.number"), code)),
        }
    }
    let primaries = input.phones.iter().filter(|p| p.is_primary).count();
    if !input.phones.is_empty() && primaries != 1 {
        issues.push(FieldIssue::new("phones", Reason::PhonesPrimary));
    }
    issues
}

/// Every error in a vehicle form, all at once.
pub fn check_vehicle(input: &VehicleInput) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if let Err(code) = check_plate(&input.plate) {
        issues.push(FieldIssue::new("plate", code));
    }
    if !input.vin.trim().is_empty() {
        if let Err(mut errors) = check_vin(&input.vin, "vin") {
            issues.append(&mut errors);
        }
    }
    if input.year.is_some_and(|y| !(1900..=2100).contains(&y)) {
        issues.push(FieldIssue::new("year", Reason::YearRange));
    }
    too_long(&mut issues, "make", input.make.trim(), MAX_SHORT);
    too_long(&mut issues, "model", input.model.trim(), MAX_SHORT);
    too_long(&mut issues, "colour", input.colour.trim(), MAX_SHORT);
    too_long(
        &mut issues,
        "engineNumber",
        input.engine_number.trim(),
        MAX_SHORT,
    );
    if let Some(reading) = &input.odometer {
        if !(0..=MAX_ODOMETER).contains(&reading.value) {
            issues.push(FieldIssue::new("odometer.value", Reason::OdometerRange));
        }
    }
    issues
}

/// What is worth a second look in a vehicle form but does not stop the save.
pub fn vehicle_warnings(input: &VehicleInput) -> Vec<FieldIssue> {
    match check_vin(&input.vin, "vin") {
        Ok((_, warnings)) if !input.vin.trim().is_empty() => warnings,
        _ => Vec::new(),
    }
}

/// The customer input trimmed, with phones normalised, or `Invalid` with every issue.
pub(crate) fn clean_customer(input: &CustomerInput) -> Result<CustomerInput> {
    let input = &phone_list::tidy_phones(input);
    let issues = check_customer(input);
    if !issues.is_empty() {
        return Err(CoreError::Invalid(issues));
    }
    let mut clean = input.clone();
    for text in [
        &mut clean.name,
        &mut clean.company_name,
        &mut clean.contact_person,
        &mut clean.address,
        &mut clean.notes,
    ] {
        *text = text.trim().to_string();
    }
    for phone in &mut clean.phones {
        phone.number = normalize_phone(&phone.number);
    }
    Ok(clean)
}

/// An odometer reading cannot be dated after `today`.
pub(crate) fn check_reading_date(
    issues: &mut Vec<FieldIssue>,
    field: &str,
    read_on: NaiveDate,
    today: NaiveDate,
) {
    if read_on > today {
        issues.push(FieldIssue::new(field, Reason::OdometerFutureDate));
    }
}

/// The vehicle input trimmed, plate and VIN normalised, or `Invalid` with every issue.
pub(crate) fn clean_vehicle(input: &VehicleInput, today: NaiveDate) -> Result<VehicleInput> {
    let mut issues = check_vehicle(input);
    if let Some(reading) = &input.odometer {
        check_reading_date(&mut issues, "odometer.readOn", reading.read_on, today);
    }
    if !issues.is_empty() {
        return Err(CoreError::Invalid(issues));
    }
    let mut clean = input.clone();
    clean.plate = normalize_plate(&input.plate);
    clean.vin = normalize_vin(&input.vin);
    for text in [
        &mut clean.make,
        &mut clean.model,
        &mut clean.colour,
        &mut clean.engine_number,
    ] {
        *text = text.trim().to_string();
    }
    Ok(clean)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::PhoneInput;

    fn phone(number: &str, is_primary: bool) -> PhoneInput {
        PhoneInput {
            number: number.into(),
            is_primary,
            ..PhoneInput::default()
        }
    }

    #[test]
    fn a_customer_form_reports_every_problem_at_once() {
        let input = CustomerInput {
            phones: vec![phone("12", false), phone("138 1234 5678", false)],
            ..CustomerInput::default()
        };
        let codes: Vec<_> = check_customer(&input)
            .into_iter()
            .map(|i| (i.field, i.code.as_str().to_string()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("name".into(), "name.required".into()),
                ("phones.0.number".into(), "phone.format".into()),
                ("phones".into(), "phones.primary".into()),
            ]
        );
    }

    #[test]
    fn a_company_needs_its_company_name_not_a_person_name() {
        let input = CustomerInput {
            kind: CustomerKind::Company,
            ..CustomerInput::default()
        };
        assert_eq!(
            check_customer(&input),
            vec![FieldIssue::new("companyName", Reason::CompanyNameRequired)]
        );
    }

    #[test]
    fn the_same_phone_typed_twice_in_one_form_is_caught() {
        let input = CustomerInput {
            name: "王小明".into(),
            phones: vec![
                phone("13812345678", true),
                phone("+86 138-1234-5678", false),
            ],
            ..CustomerInput::default()
        };
        assert_eq!(
            check_customer(&input),
            vec![FieldIssue::new("phones.1.number", Reason::PhoneRepeated)]
        );
    }

    #[test]
    fn a_vehicle_form_reports_plate_and_vin_errors_together() {
        let input = VehicleInput {
            plate: "粤B12".into(),
            vin: "ABC".into(),
            year: Some(1800),
            ..VehicleInput::default()
        };
        let fields: Vec<_> = check_vehicle(&input).into_iter().map(|i| i.field).collect();
        assert_eq!(fields, vec!["plate", "vin", "year"]);
    }

    #[test]
    fn an_empty_vin_is_fine_because_it_is_optional() {
        let input = VehicleInput {
            plate: "粤B12345".into(),
            ..VehicleInput::default()
        };
        assert!(check_vehicle(&input).is_empty());
        assert!(vehicle_warnings(&input).is_empty());
    }

    #[test]
    fn a_bad_vin_check_digit_shows_as_a_warning_only() {
        let input = VehicleInput {
            plate: "粤B12345".into(),
            vin: "1M8GDM9A1KP042788".into(),
            ..VehicleInput::default()
        };
        assert!(check_vehicle(&input).is_empty());
        assert_eq!(
            vehicle_warnings(&input),
            vec![FieldIssue::new("vin", Reason::VinCheckDigit)]
        );
    }
}
