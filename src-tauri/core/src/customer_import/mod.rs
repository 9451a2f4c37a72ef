//! Bringing in the customer list the shop already keeps (the sales department's sheet,
//! an old system's export): each file column mapped to a field, every row planned before
//! anything is written — a new customer, a new vehicle for a customer on file, matched
//! to one on file (by phone, plate or VIN), a repeat of an earlier row, or refused with
//! its reason. Pure: the files are read by `pricing::sheet`, the customers and vehicles
//! on file come in as an [`OnFile`], the writing is `desk::customer_import`'s.
pub mod columns;
mod matching;
pub mod values;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use columns::{guess, header_key, Column, COLUMNS};
pub use matching::{
    fill_care, plan_rows, CareFill, NewCustomer, NewVehicle, OnFile, Owner, Writes,
};

use crate::domain::care::VehicleKind;
use crate::error::{CoreError, Result};
use crate::reason::Reason;

/// What the plan says of one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    /// A customer not on file (with the row's vehicle, if any).
    NewCustomer,
    /// A vehicle not on file, for a customer on file or added by an earlier row.
    NewVehicle,
    /// Customer and vehicle already on file: nothing to write.
    Matched,
    /// The same customer or vehicle as an earlier row of the file: nothing to write.
    Duplicate,
    Refused,
}

impl RowOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            RowOutcome::NewCustomer => "new_customer",
            RowOutcome::NewVehicle => "new_vehicle",
            RowOutcome::Matched => "matched",
            RowOutcome::Duplicate => "duplicate",
            RowOutcome::Refused => "refused",
        }
    }
}

/// What a row was matched by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Phone,
    Plate,
    Vin,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Phone => "phone",
            MatchedBy::Plate => "plate",
            MatchedBy::Vin => "vin",
        }
    }
}

/// One row of the plan, as the window and the report show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlanRow {
    /// The row as the spreadsheet numbers it (the header is row 1; 0 is the file).
    pub row: u32,
    pub outcome: RowOutcome,
    pub matched_by: Option<MatchedBy>,
    pub name: String,
    pub phone: String,
    pub plate: String,
    /// The vehicle's kind, purchase date and dealer as the file gives them.
    pub vehicle_kind: Option<VehicleKind>,
    pub purchase_date: Option<NaiveDate>,
    pub dealer: String,
    /// The column refused (its key), or `file`.
    pub field: Option<String>,
    pub reason: Option<Reason>,
}

/// How many rows have each outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportTotals {
    pub rows: u32,
    pub new_customers: u32,
    pub new_vehicles: u32,
    pub matched: u32,
    pub duplicates: u32,
    pub refused: u32,
    /// Vehicles applying writes: those of new customers and those of `new_vehicles`.
    pub vehicles_added: u32,
    /// Vehicles on file whose empty kind, purchase date or dealer the file fills.
    pub care_filled: u32,
}

impl ImportTotals {
    pub fn of(rows: &[PlanRow]) -> Self {
        let mut totals = Self {
            rows: rows.len() as u32,
            ..Self::default()
        };
        for row in rows {
            *match row.outcome {
                RowOutcome::NewCustomer => &mut totals.new_customers,
                RowOutcome::NewVehicle => &mut totals.new_vehicles,
                RowOutcome::Matched => &mut totals.matched,
                RowOutcome::Duplicate => &mut totals.duplicates,
                RowOutcome::Refused => &mut totals.refused,
            } += 1;
        }
        totals
    }
}

/// The plan of a whole file: every row, and what applying it would write.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub rows: Vec<PlanRow>,
    pub totals: ImportTotals,
    pub writes: Writes,
}

impl Plan {
    /// A file that cannot be imported at all: one refusal of row `row`.
    pub fn refusal(row: u32, field: &str, reason: Reason) -> Self {
        let rows = vec![PlanRow {
            row,
            outcome: RowOutcome::Refused,
            matched_by: None,
            name: String::new(),
            phone: String::new(),
            plate: String::new(),
            vehicle_kind: None,
            purchase_date: None,
            dealer: String::new(),
            field: Some(field.to_string()),
            reason: Some(reason),
        }];
        Self {
            totals: ImportTotals::of(&rows),
            rows,
            writes: Writes::default(),
        }
    }
}

/// The columns of `mapping` (one entry per header), checked as hostile input: as many
/// entries as headers, known keys only, none twice.
pub fn resolve(mapping: &[Option<String>], headers: usize) -> Result<Vec<Option<&'static Column>>> {
    let refused = || CoreError::invalid("mapping", Reason::CustomerImportMapping);
    if mapping.len() != headers {
        return Err(refused());
    }
    let mut out: Vec<Option<&'static Column>> = Vec::with_capacity(mapping.len());
    for key in mapping {
        let column = match key.as_deref() {
            None | Some("") => None,
            Some(key) => Some(columns::column(key).ok_or_else(refused)?),
        };
        if column.is_some_and(|c| out.iter().flatten().any(|o| o.key == c.key)) {
            return Err(refused());
        }
        out.push(column);
    }
    Ok(out)
}

/// What the mapping lacks for the file to be planned at all: a name (or company) and
/// something to match on later (a phone, a plate or a VIN).
pub fn missing_column(columns: &[Option<&'static Column>]) -> Option<&'static str> {
    let has = |keys: &[&str]| columns.iter().flatten().any(|c| keys.contains(&c.key));
    if !has(&["name", "company"]) {
        Some("name")
    } else if !has(&["mobile", "other_phone", "plate", "vin"]) {
        Some("mobile")
    } else {
        None
    }
}

/// What the import dialog asks for: the mapping the user set (none: the remembered or
/// guessed one) and the outcome to list (none: every row).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerImportQuery {
    pub mapping: Option<Vec<Option<String>>>,
    pub outcome: Option<RowOutcome>,
}

/// The most rows of the plan the dialog receives at once; the totals count them all and
/// the saved report lists them all.
pub const MAX_ROWS_SHOWN: usize = 500;

/// The dry run as the import dialog shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CustomerImportView {
    /// The file's header row.
    pub headers: Vec<String>,
    /// The column key of each header, or none when the column is left out.
    pub mapping: Vec<Option<String>>,
    /// Whether `mapping` is the one the shop saved for these headers.
    pub remembered: bool,
    /// Every column key the mapper offers, in order.
    pub columns: Vec<String>,
    pub totals: ImportTotals,
    /// The rows of the chosen outcome, the first [`MAX_ROWS_SHOWN`] of them.
    pub rows: Vec<PlanRow>,
    /// How many rows have the chosen outcome.
    pub rows_matching: u32,
    /// Whether applying writes anything (refused rows skipped or not).
    pub can_apply: bool,
}
