//! The price list as a spreadsheet an advisor edits in Excel: one sheet, one row per
//! labour operation or part, a `kind` column saying which. Canned jobs hold lines of
//! their own and stay in the app. Importing is planned first (what would be added,
//! changed, left alone, refused and why, row by row) and written only on request.
//!
//! Columns (English headers, any order, case ignored; a missing optional column is
//! empty):
//! - `kind`: `labour` or `part` (required)
//! - `code`: a labour operation's code
//! - `name` (required), `system`: engine, transmission, brakes, steering, suspension,
//!   tyres, electrical, air_con, body, maintenance, other, or empty
//! - `hours` (up to 3 decimals) or `flat_price`: a labour operation has one of the two
//! - `guarantee`: overhaul, second_level, first_level (empty), none
//! - `part_number`, `brand`, `grade`: genuine (empty), oem_equivalent, aftermarket,
//!   used; `unit`, `sell_price`, `cost_price`: a part's
//!
//! Prices are decimal text with at most two decimals (`420.00`), read exactly into
//! minor units; no float is involved.
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::FieldIssue;
use crate::pricing::price_list::{check_labour_op, check_part, part_key, LabourOp, Part};
use crate::pricing::sheet::{Cell, SheetRow};
use crate::pricing::{GuaranteeClass, PartGrade, RepairSystem};
use crate::reason::Reason;

/// Every column, in the order an export writes them.
pub const COLUMNS: [&str; 13] = [
    "kind",
    "code",
    "name",
    "system",
    "hours",
    "flat_price",
    "guarantee",
    "part_number",
    "brand",
    "grade",
    "unit",
    "sell_price",
    "cost_price",
];

/// The sheet's name in an XLSX export.
pub const SHEET_NAME: &str = "Price list";

/// One entry of the file, as it would be saved (`id` set when it changes one on file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(tag = "kind", content = "item", rename_all = "snake_case")]
pub enum PriceItem {
    Labour(LabourOp),
    Part(Part),
}

/// A row of the file that would be written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PlannedRow {
    pub row: u32,
    pub item: PriceItem,
}

/// Why a row (row 1 is the header; row 0 the file itself) cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RefusedRow {
    pub row: u32,
    /// The column, or `file`.
    pub field: String,
    pub reason: Reason,
}

/// The dry run of an import: nothing is written until it is applied, and a plan with
/// any refusal is not applied at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPlan {
    pub added: Vec<PlannedRow>,
    pub changed: Vec<PlannedRow>,
    /// How many rows match the list exactly.
    pub unchanged: u32,
    pub refused: Vec<RefusedRow>,
}

impl ImportPlan {
    pub fn refusal(row: u32, field: &str, reason: Reason) -> Self {
        Self {
            refused: vec![RefusedRow {
                row,
                field: field.into(),
                reason,
            }],
            ..Self::default()
        }
    }
}

/// `420`, `420.5`, `420.00` → minor units with `decimals` places, exactly.
pub fn parse_decimal(text: &str, decimals: u32) -> Result<i64, Reason> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !all_digits(whole) || !all_digits(frac) {
        return Err(Reason::ImportNumber);
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > decimals as usize {
        return Err(Reason::ImportDecimals);
    }
    let scale = 10i64.pow(decimals);
    // Only digits are left, so a failed parse is an overflow.
    let whole_value = match whole {
        "" => 0,
        w => w.parse::<i64>().map_err(|_| Reason::MoneyTooLarge)?,
    };
    let frac_value = match frac {
        "" => 0,
        f => format!("{f:0<width$}", width = decimals as usize)
            .parse::<i64>()
            .map_err(|_| Reason::ImportNumber)?,
    };
    let value = whole_value
        .checked_mul(scale)
        .and_then(|w| w.checked_add(frac_value))
        .ok_or(Reason::MoneyTooLarge)?;
    if negative && value != 0 {
        return Err(Reason::MoneyNegative);
    }
    Ok(value)
}

/// Which cell holds which column.
pub struct Header(HashMap<&'static str, usize>);

/// Reads the header row; unknown or missing required columns are refused.
pub fn header(row: &SheetRow) -> Result<Header, Vec<RefusedRow>> {
    let mut map = HashMap::new();
    let mut refused = Vec::new();
    for (i, title) in row.cells.iter().enumerate() {
        let title = title.trim().to_lowercase();
        if title.is_empty() {
            continue;
        }
        match COLUMNS.iter().find(|c| **c == title) {
            Some(c) if !map.contains_key(c) => {
                map.insert(*c, i);
            }
            _ => refused.push(RefusedRow {
                row: row.row,
                field: title,
                reason: Reason::ImportColumnUnknown,
            }),
        }
    }
    for required in ["kind", "name"] {
        if !map.contains_key(required) {
            refused.push(RefusedRow {
                row: row.row,
                field: required.into(),
                reason: Reason::ImportColumnMissing,
            });
        }
    }
    if refused.is_empty() {
        Ok(Header(map))
    } else {
        Err(refused)
    }
}

/// Reads one data row; `None` for a blank row.
pub fn parse_row(header: &Header, row: &SheetRow) -> Option<Result<PriceItem, Vec<RefusedRow>>> {
    let cell = |name: &str| {
        header
            .0
            .get(name)
            .and_then(|i| row.cells.get(*i))
            .map_or("", |s| s.trim())
    };
    if row.cells.iter().all(|c| c.trim().is_empty()) {
        return None;
    }
    let mut issues: Vec<FieldIssue> = Vec::new();
    let mut amount = |name: &str, decimals: u32| -> Option<i64> {
        let text = cell(name);
        if text.is_empty() {
            return None;
        }
        parse_decimal(text, decimals)
            .map_err(|reason| issues.push(FieldIssue::new(name, reason)))
            .ok()
    };
    let hours = amount("hours", 3);
    let flat = amount("flat_price", 2);
    let sell = amount("sell_price", 2);
    let cost = amount("cost_price", 2);
    let mut value = |name: &str, parse: &dyn Fn(&str) -> bool| {
        let text = cell(name).to_lowercase();
        if !text.is_empty() && !parse(&text) {
            issues.push(FieldIssue::new(name, Reason::ImportUnknownValue));
        }
        text
    };
    let system = value("system", &|s| RepairSystem::parse(s).is_some());
    let guarantee = value("guarantee", &|s| GuaranteeClass::parse(s).is_some());
    let grade = value("grade", &|s| PartGrade::parse(s).is_some());
    let system = RepairSystem::parse(&system);
    let item = match cell("kind").to_lowercase().as_str() {
        "labour" | "labor" => {
            let op = LabourOp {
                id: None,
                code: cell("code").into(),
                name: cell("name").into(),
                system,
                hours_milli: hours,
                flat_price_minor: flat,
                guarantee_class: GuaranteeClass::parse(&guarantee)
                    .unwrap_or(GuaranteeClass::FirstLevel),
            };
            issues.extend(check_labour_op(&op));
            PriceItem::Labour(op)
        }
        "part" => {
            if sell.is_none() && cell("sell_price").is_empty() {
                issues.push(FieldIssue::new("sell_price", Reason::ImportNumber));
            }
            let part = Part {
                id: None,
                part_number: cell("part_number").into(),
                name: cell("name").into(),
                brand: cell("brand").into(),
                grade: PartGrade::parse(&grade).unwrap_or(PartGrade::Genuine),
                unit: cell("unit").into(),
                sell_price_minor: sell.unwrap_or(0),
                cost_price_minor: cost,
                system,
            };
            issues.extend(check_part(&part));
            PriceItem::Part(part)
        }
        _ => {
            return Some(Err(vec![RefusedRow {
                row: row.row,
                field: "kind".into(),
                reason: Reason::ImportUnknownValue,
            }]))
        }
    };
    if issues.is_empty() {
        return Some(Ok(item));
    }
    let mut refused: Vec<RefusedRow> = Vec::new();
    for issue in issues {
        let field = column_of(&issue.field).to_string();
        if !refused.iter().any(|r| r.field == field) {
            refused.push(RefusedRow {
                row: row.row,
                field,
                reason: issue.code,
            });
        }
    }
    Some(Err(refused))
}

/// The column of a field the price-list checks name.
fn column_of(field: &str) -> &str {
    match field {
        "hoursMilli" => "hours",
        "flatPriceMinor" => "flat_price",
        "partNumber" => "part_number",
        "sellPriceMinor" => "sell_price",
        "costPriceMinor" => "cost_price",
        other => other,
    }
}

/// What identifies an entry across the file and the list: the code (case ignored) or
/// the part number without its dashes.
pub fn identity(item: &PriceItem) -> (bool, String) {
    match item {
        PriceItem::Labour(op) => (false, op.code.trim().to_lowercase()),
        PriceItem::Part(p) => (true, part_key(&p.part_number)),
    }
}

/// The entry as saved, trimmed, so an unchanged row compares equal.
fn trimmed(item: &PriceItem) -> PriceItem {
    match item.clone() {
        PriceItem::Labour(mut op) => {
            op.code = op.code.trim().into();
            op.name = op.name.trim().into();
            PriceItem::Labour(op)
        }
        PriceItem::Part(mut p) => {
            p.part_number = p.part_number.trim().into();
            p.name = p.name.trim().into();
            p.brand = p.brand.trim().into();
            p.unit = p.unit.trim().into();
            PriceItem::Part(p)
        }
    }
}

fn with_id(item: &PriceItem, id: Option<crate::ids::PriceItemId>) -> PriceItem {
    match item.clone() {
        PriceItem::Labour(op) => PriceItem::Labour(LabourOp { id, ..op }),
        PriceItem::Part(p) => PriceItem::Part(Part { id, ..p }),
    }
}

/// Plans the import of `rows` (the header first) against the list on file now.
pub fn plan(rows: &[SheetRow], existing: &[PriceItem]) -> ImportPlan {
    let Some((first, data)) = rows.split_first() else {
        return ImportPlan::refusal(1, "kind", Reason::ImportColumnMissing);
    };
    let header = match header(first) {
        Ok(h) => h,
        Err(refused) => {
            return ImportPlan {
                refused,
                ..ImportPlan::default()
            }
        }
    };
    let on_file: HashMap<(bool, String), &PriceItem> =
        existing.iter().map(|i| (identity(i), i)).collect();
    let mut seen: HashMap<(bool, String), u32> = HashMap::new();
    let mut plan = ImportPlan::default();
    for row in data {
        let item = match parse_row(&header, row) {
            None => continue,
            Some(Err(refused)) => {
                plan.refused.extend(refused);
                continue;
            }
            Some(Ok(item)) => trimmed(&item),
        };
        let key = identity(&item);
        if seen.insert(key.clone(), row.row).is_some() {
            let field = if key.0 { "part_number" } else { "code" };
            plan.refused.push(RefusedRow {
                row: row.row,
                field: field.into(),
                reason: Reason::ImportDuplicate,
            });
            continue;
        }
        match on_file.get(&key) {
            None => plan.added.push(PlannedRow { row: row.row, item }),
            Some(old) => {
                let id = match old {
                    PriceItem::Labour(op) => op.id,
                    PriceItem::Part(p) => p.id,
                };
                let item = with_id(&item, id);
                if &&item == old {
                    plan.unchanged += 1;
                } else {
                    plan.changed.push(PlannedRow { row: row.row, item });
                }
            }
        }
    }
    plan
}

/// The rows of an export, in `COLUMNS` order.
pub fn export_rows(items: &[PriceItem]) -> Vec<Vec<Cell>> {
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    };
    let money = |m: Option<i64>| m.map_or(Cell::Empty, |m| Cell::Decimal(m, 2));
    let system = |s: Option<RepairSystem>| s.map_or(Cell::Empty, |s| text(s.as_str()));
    items
        .iter()
        .map(|item| match item {
            PriceItem::Labour(op) => vec![
                text("labour"),
                text(&op.code),
                text(&op.name),
                system(op.system),
                op.hours_milli.map_or(Cell::Empty, |h| Cell::Decimal(h, 3)),
                money(op.flat_price_minor),
                text(op.guarantee_class.as_str()),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ],
            PriceItem::Part(p) => vec![
                text("part"),
                Cell::Empty,
                text(&p.name),
                system(p.system),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
                text(&p.part_number),
                text(&p.brand),
                text(p.grade.as_str()),
                text(&p.unit),
                money(Some(p.sell_price_minor)),
                money(p.cost_price_minor),
            ],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_read_exactly_from_decimal_text() {
        assert_eq!(parse_decimal("420.00", 2), Ok(42_000));
        assert_eq!(parse_decimal("420", 2), Ok(42_000));
        assert_eq!(parse_decimal(" 0.5 ", 2), Ok(50));
        assert_eq!(parse_decimal(".5", 2), Ok(50));
        assert_eq!(parse_decimal("1.250", 3), Ok(1_250));
        assert_eq!(parse_decimal("12.345", 2), Err(Reason::ImportDecimals));
        assert_eq!(
            parse_decimal("12.340", 2),
            Ok(1_234),
            "trailing zeros are fine"
        );
        assert_eq!(parse_decimal("abc", 2), Err(Reason::ImportNumber));
        assert_eq!(parse_decimal("1,234.00", 2), Err(Reason::ImportNumber));
        assert_eq!(parse_decimal("", 2), Err(Reason::ImportNumber));
        assert_eq!(parse_decimal("-5", 2), Err(Reason::MoneyNegative));
        assert_eq!(
            parse_decimal("99999999999999999999", 2),
            Err(Reason::MoneyTooLarge)
        );
    }
}
