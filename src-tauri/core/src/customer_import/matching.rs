//! Planning each row against what is on file and the rows before it. A row's customer
//! is found by its plate, its VIN or one of its phones; when these point at two
//! different customers the row is refused rather than guessed. Only what is new is
//! written, so importing the same file twice adds nothing the second time.
use std::collections::HashMap;

use chrono::NaiveDate;

use super::columns::{read_row, Column, Draft};
use super::{ImportTotals, MatchedBy, Plan, PlanRow, RowOutcome};
use crate::customer::{display_name, CustomerInput};
use crate::domain::care::{VehicleCare, VehicleCareInput, VehicleKind};
use crate::error::{CoreError, FieldIssue};
use crate::ids::{CustomerId, VehicleId};
use crate::pricing::sheet::SheetRow;
use crate::reason::Reason;
use crate::service_due::check::check_vehicle_care;
use crate::validate::{self, clean_customer, clean_vehicle, normalize_phone};
use crate::vehicle::{DistanceUnit, OdometerInput, OdometerSource, VehicleInput};

/// The active customers' phones and the active vehicles' plates and VINs.
#[derive(Debug, Clone, Default)]
pub struct OnFile {
    pub phones: HashMap<String, Vec<CustomerId>>,
    pub plates: HashMap<String, (VehicleId, CustomerId)>,
    pub vins: HashMap<String, (VehicleId, CustomerId)>,
    /// The care on file of the active vehicles that have any.
    pub care: HashMap<VehicleId, VehicleCare>,
}

/// Whose a row is: a customer on file, or the n-th new customer of this file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    OnFile(CustomerId),
    New(usize),
}

#[derive(Debug, Clone)]
pub struct NewCustomer {
    pub row: u32,
    pub input: CustomerInput,
}

#[derive(Debug, Clone)]
pub struct NewVehicle {
    pub row: u32,
    pub owner: Owner,
    pub input: VehicleInput,
    /// Its kind, purchase date and dealer, when the file gives any.
    pub care: Option<VehicleCareInput>,
}

/// A vehicle on file whose empty care fields the file fills: its whole care as it will
/// be, what the desk typed kept.
#[derive(Debug, Clone)]
pub struct CareFill {
    pub row: u32,
    pub vehicle: VehicleId,
    pub care: VehicleCare,
}

/// What applying the plan writes: clean inputs, in the file's order.
#[derive(Debug, Clone, Default)]
pub struct Writes {
    pub customers: Vec<NewCustomer>,
    pub vehicles: Vec<NewVehicle>,
    pub care: Vec<CareFill>,
}

/// `on_file` with only its empty fields (an unknown kind, no purchase date, no dealer)
/// taken from `from`: the import never overwrites what the desk typed.
pub fn fill_care(on_file: &VehicleCare, from: &VehicleCareInput) -> VehicleCare {
    let mut care = on_file.clone();
    if care.kind == VehicleKind::Unknown {
        care.kind = from.kind;
    }
    if care.purchase_date.is_none() {
        care.purchase_date = from.purchase_date;
    }
    if care.dealer.is_empty() {
        care.dealer.clone_from(&from.dealer);
    }
    care
}

/// A vehicle seen in the file or on file, with its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    OnFile(VehicleId, Owner),
    InFile(usize, Owner),
}

impl Known {
    fn owner(self) -> Owner {
        match self {
            Known::OnFile(_, o) | Known::InFile(_, o) => o,
        }
    }
}

#[derive(Default)]
struct Seen {
    phones: HashMap<String, Owner>,
    plates: HashMap<String, Known>,
    vins: HashMap<String, Known>,
}

/// The column a validation field came from.
fn column_of(field: &str, draft: &Draft) -> String {
    let key = match field {
        "companyName" => "company",
        "contactPerson" => "contact_person",
        "engineNumber" => "engine_number",
        "odometer.value" => "odometer",
        "odometer.readOn" => "odometer_date",
        "purchaseDate" => "purchase_date",
        f if f.starts_with("phones.") => {
            let i: usize = f
                .split('.')
                .nth(1)
                .and_then(|i| i.parse().ok())
                .unwrap_or(0);
            draft.phone_columns.get(i).copied().unwrap_or("mobile")
        }
        "phones" => "mobile",
        other => return other.to_string(),
    };
    key.to_string()
}

fn first_issue(err: CoreError, draft: &Draft) -> (String, Reason) {
    match err {
        CoreError::Invalid(issues) => issues
            .into_iter()
            .next()
            .map(|i: FieldIssue| (column_of(&i.field, draft), i.code)),
        _ => None,
    }
    .unwrap_or_else(|| ("file".into(), Reason::ImportUnreadable))
}

/// The row's customer and vehicle cleaned by the same rules as the forms, or the first
/// reason it cannot be taken. A VIN's wrong check digit, only a warning on the form, is
/// a refusal here: nobody is at the import to confirm it. The care is checked as the
/// customer file checks it (no purchase in the future or before 1950).
fn clean(mut draft: Draft, today: NaiveDate) -> Result<Cleaned, (String, Reason)> {
    if let Some(value) = draft.odometer {
        draft.vehicle.odometer = Some(OdometerInput {
            value,
            unit: DistanceUnit::Km,
            read_on: draft.odometer_on.unwrap_or(today),
            source: OdometerSource::Import,
        });
    }
    let customer = clean_customer(&draft.customer).map_err(|e| first_issue(e, &draft))?;
    if !draft.has_vehicle {
        if customer.phones.is_empty() {
            return Err(("mobile".into(), Reason::CustomerImportNoKey));
        }
        return Ok((customer, None, None));
    }
    let vehicle = clean_vehicle(&draft.vehicle, today).map_err(|e| first_issue(e, &draft))?;
    if let Some(w) = validate::vehicle_warnings(&draft.vehicle)
        .into_iter()
        .next()
    {
        return Err((w.field, w.code));
    }
    if !draft.has_care {
        return Ok((customer, Some(vehicle), None));
    }
    if let Some(issue) = check_vehicle_care(&draft.care, today).into_iter().next() {
        return Err((column_of(&issue.field, &draft), issue.code));
    }
    Ok((customer, Some(vehicle), Some(draft.care)))
}

/// A row's customer, its vehicle, and the vehicle's care.
type Cleaned = (
    CustomerInput,
    Option<VehicleInput>,
    Option<VehicleCareInput>,
);

/// The plan of the data rows (the header row apart) read through `columns`.
pub fn plan_rows(
    rows: &[SheetRow],
    columns: &[Option<&'static Column>],
    on_file: &OnFile,
    today: NaiveDate,
) -> Plan {
    let mut plan = Plan::default();
    let mut seen = Seen::default();
    for sheet_row in rows {
        if sheet_row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (draft, issues) = read_row(columns, &sheet_row.cells);
        let mut row = PlanRow {
            row: sheet_row.row,
            outcome: RowOutcome::Refused,
            matched_by: None,
            name: display_name(
                draft.customer.kind,
                &draft.customer.name,
                &draft.customer.company_name,
            ),
            phone: draft
                .customer
                .phones
                .first()
                .map(|p| p.number.clone())
                .unwrap_or_default(),
            plate: draft.vehicle.plate.clone(),
            vehicle_kind: (draft.care.kind != VehicleKind::Unknown).then_some(draft.care.kind),
            purchase_date: draft.care.purchase_date,
            dealer: draft.care.dealer.clone(),
            field: None,
            reason: None,
        };
        let refuse = |mut row: PlanRow, field: String, reason: Reason| {
            row.field = Some(field);
            row.reason = Some(reason);
            row
        };
        if let Some((field, reason)) = issues.first() {
            plan.rows.push(refuse(row, field.to_string(), *reason));
            continue;
        }
        let (customer, vehicle, care) = match clean(draft, today) {
            Ok(clean) => clean,
            Err((field, reason)) => {
                plan.rows.push(refuse(row, field, reason));
                continue;
            }
        };
        row.phone = customer
            .phones
            .first()
            .map(|p| p.number.clone())
            .unwrap_or_default();
        if let Some(v) = &vehicle {
            row.plate = v.plate.clone();
        }
        match place(
            &mut plan,
            &mut seen,
            on_file,
            sheet_row.row,
            customer,
            vehicle,
            care,
        ) {
            Ok((outcome, by)) => {
                row.outcome = outcome;
                row.matched_by = by;
                plan.rows.push(row);
            }
            Err(field) => plan
                .rows
                .push(refuse(row, field.into(), Reason::CustomerImportConflict)),
        }
    }
    plan.totals = ImportTotals::of(&plan.rows);
    plan.totals.vehicles_added = plan.writes.vehicles.len() as u32;
    plan.totals.care_filled = plan.writes.care.len() as u32;
    plan
}

/// Finds the row's customer and vehicle, records what is new, and says what happened.
/// `Err` names the column whose match disagrees with another.
fn place(
    plan: &mut Plan,
    seen: &mut Seen,
    on_file: &OnFile,
    row: u32,
    customer: CustomerInput,
    vehicle: Option<VehicleInput>,
    care: Option<VehicleCareInput>,
) -> Result<(RowOutcome, Option<MatchedBy>), &'static str> {
    let known = |key: &str,
                 in_file: &HashMap<String, Known>,
                 on: &HashMap<String, (VehicleId, CustomerId)>| {
        if key.is_empty() {
            return None;
        }
        in_file.get(key).copied().or_else(|| {
            on.get(key)
                .map(|(v, c)| Known::OnFile(*v, Owner::OnFile(*c)))
        })
    };
    let by_plate = vehicle
        .as_ref()
        .and_then(|v| known(&v.plate, &seen.plates, &on_file.plates));
    let by_vin = vehicle
        .as_ref()
        .and_then(|v| known(&v.vin, &seen.vins, &on_file.vins));
    if let (Some(p), Some(v)) = (by_plate, by_vin) {
        if p != v {
            return Err("vin");
        }
    }
    let car = by_plate.or(by_vin);
    let mut owner: Option<(Owner, MatchedBy)> = match (by_plate, by_vin) {
        (Some(k), _) => Some((k.owner(), MatchedBy::Plate)),
        (None, Some(k)) => Some((k.owner(), MatchedBy::Vin)),
        _ => None,
    };
    for phone in &customer.phones {
        let number = normalize_phone(&phone.number);
        let hit = match seen.phones.get(&number) {
            Some(o) => Some(*o),
            None => match on_file.phones.get(&number).map(Vec::as_slice) {
                Some([one]) => Some(Owner::OnFile(*one)),
                // A number two customers on file share names neither of them.
                Some(_) => return Err(column_key(phone)),
                None => None,
            },
        };
        match (owner, hit) {
            (Some((o, _)), Some(h)) if o != h => return Err(column_key(phone)),
            (None, Some(h)) => owner = Some((h, MatchedBy::Phone)),
            _ => {}
        }
    }
    let (outcome, by, owner) = match (owner, car) {
        (Some((o, by)), Some(Known::OnFile(..))) => (RowOutcome::Matched, Some(by), o),
        (Some((o, by)), Some(Known::InFile(..))) => (RowOutcome::Duplicate, Some(by), o),
        (Some((o, by)), None) => match (o, &vehicle) {
            (_, Some(_)) => (RowOutcome::NewVehicle, Some(by), o),
            (Owner::OnFile(_), None) => (RowOutcome::Matched, Some(by), o),
            (Owner::New(_), None) => (RowOutcome::Duplicate, Some(by), o),
        },
        (None, _) => {
            let o = Owner::New(plan.writes.customers.len());
            plan.writes.customers.push(NewCustomer {
                row,
                input: customer.clone(),
            });
            (RowOutcome::NewCustomer, None, o)
        }
    };
    for phone in &customer.phones {
        seen.phones
            .entry(normalize_phone(&phone.number))
            .or_insert(owner);
    }
    match (vehicle, car) {
        (Some(v), None) => {
            let k = Known::InFile(plan.writes.vehicles.len(), owner);
            seen.plates.insert(v.plate.clone(), k);
            if !v.vin.is_empty() {
                seen.vins.insert(v.vin.clone(), k);
            }
            plan.writes.vehicles.push(NewVehicle {
                row,
                owner,
                input: v,
                care,
            });
        }
        (_, Some(known)) => {
            if let Some(care) = care {
                fill_known(plan, on_file, row, known, &care);
            }
        }
        (None, None) => {}
    }
    Ok((outcome, by))
}

/// A row naming a vehicle already seen: its care fills what is still empty, on file or
/// on the earlier row's new vehicle.
fn fill_known(plan: &mut Plan, on_file: &OnFile, row: u32, known: Known, care: &VehicleCareInput) {
    match known {
        Known::InFile(i, _) => {
            if let Some(new) = plan.writes.vehicles.get_mut(i) {
                let before = new.care.clone().unwrap_or_default();
                new.care = Some(fill_care(&before, care));
            }
        }
        Known::OnFile(vehicle, _) => {
            let earlier = plan.writes.care.iter().position(|f| f.vehicle == vehicle);
            let before = match earlier {
                Some(i) => plan.writes.care[i].care.clone(),
                None => on_file.care.get(&vehicle).cloned().unwrap_or_default(),
            };
            let filled = fill_care(&before, care);
            match earlier {
                Some(i) => plan.writes.care[i].care = filled,
                None if filled != before => plan.writes.care.push(CareFill {
                    row,
                    vehicle,
                    care: filled,
                }),
                None => {}
            }
        }
    }
}

fn column_key(phone: &crate::customer::PhoneInput) -> &'static str {
    match phone.label {
        crate::customer::PhoneLabel::Mobile => "mobile",
        _ => "other_phone",
    }
}
