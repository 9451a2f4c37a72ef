//! Importing the shop's customer list: the dry run reads the file and the keys on file
//! and plans every row, writing nothing; the apply plans again inside one transaction
//! and writes every new customer, vehicle, reading and vehicle care (with their search
//! entries), and the care a vehicle on file still lacks, or nothing; the report lists
//! every row's outcome as a CSV saved where the shop chose.
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::customer_import::{
    guess, header_key, missing_column, plan_rows, resolve, CustomerImportQuery, CustomerImportView,
    ImportTotals, OnFile, Owner, Plan, PlanRow, RowOutcome, COLUMNS, MAX_ROWS_SHOWN,
};
use crate::error::{CoreError, Result};
use crate::files::{check_file_target, write_durably};
use crate::i18n::{tr, Lang};
use crate::ids::CustomerId;
use crate::pricing::sheet::{self, Cell, SheetFormat, SheetRow};
use crate::reason::Reason;
use crate::search::{build_doc, DocParts};
use crate::store::customer_import::{
    active_phones, active_vehicle_care, active_vehicles, mapping, put_mapping,
};
use crate::store::{care, customers, search, vehicles, Store};

/// A file read and planned: its headers, the mapping used, and the plan.
struct Planned {
    headers: Vec<String>,
    mapping: Vec<Option<String>>,
    remembered: bool,
    /// False when the file or its header is refused: no row can be taken.
    usable: bool,
    plan: Plan,
}

/// The headers' identity for remembering their mapping: the same columns in the same
/// order, spelled the same (case and spacing aside).
fn header_set(headers: &[String]) -> String {
    let joined: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    hex::encode(Sha256::digest(joined.join("\u{1f}").as_bytes()))
}

fn on_file(conn: &Connection) -> Result<OnFile> {
    let mut keys = OnFile::default();
    for (number, customer) in active_phones(conn)? {
        keys.phones.entry(number).or_default().push(customer);
    }
    for (plate, vin, vehicle, customer) in active_vehicles(conn)? {
        if let Some(vin) = vin {
            keys.vins.insert(vin, (vehicle, customer));
        }
        keys.plates.insert(plate, (vehicle, customer));
    }
    keys.care = active_vehicle_care(conn)?.into_iter().collect();
    Ok(keys)
}

/// Reads and plans the file; a file that cannot be read at all is one refusal of row 0.
fn plan_file(
    conn: &Connection,
    bytes: &[u8],
    format: SheetFormat,
    chosen: Option<&[Option<String>]>,
    now: NaiveDateTime,
) -> Result<Planned> {
    let refused = |plan: Plan| Planned {
        headers: Vec::new(),
        mapping: Vec::new(),
        remembered: false,
        usable: false,
        plan,
    };
    let rows: Vec<SheetRow> = match sheet::read(bytes, format) {
        Ok(rows) => rows,
        Err(CoreError::Invalid(issues)) => {
            let reason = issues.first().map_or(Reason::ImportUnreadable, |i| i.code);
            return Ok(refused(Plan::refusal(0, "file", reason)));
        }
        Err(other) => return Err(other),
    };
    let Some((first, data)) = rows.split_first() else {
        return Ok(refused(Plan::refusal(
            0,
            "file",
            Reason::CustomerImportEmpty,
        )));
    };
    let headers: Vec<String> = first.cells.iter().map(|h| h.trim().to_string()).collect();
    let saved: Option<Vec<Option<String>>> = mapping(conn, &header_set(&headers))?
        .and_then(|json| serde_json::from_str(&json).ok())
        .filter(|m: &Vec<Option<String>>| resolve(m, headers.len()).is_ok());
    let (mapping, remembered) = match (chosen, saved) {
        (Some(m), saved) => (m.to_vec(), saved.as_deref() == Some(m)),
        (None, Some(saved)) => (saved, true),
        (None, None) => (guess(&headers), false),
    };
    let columns = resolve(&mapping, headers.len())?;
    let missing = missing_column(&columns);
    let plan = match missing {
        Some(key) => Plan::refusal(first.row, key, Reason::ImportColumnMissing),
        None => plan_rows(data, &columns, &on_file(conn)?, now.date()),
    };
    Ok(Planned {
        headers,
        mapping,
        remembered,
        usable: missing.is_none(),
        plan,
    })
}

/// Whether applying with `skip_refused` would write anything, and may.
fn can_apply(totals: &ImportTotals, skip_refused: bool) -> bool {
    (totals.refused == 0 || skip_refused)
        && totals.new_customers + totals.new_vehicles + totals.care_filled > 0
}

/// Writes the plan's new customers and vehicles; returns the customers touched.
fn write(conn: &Connection, plan: &Plan, now: NaiveDateTime) -> Result<()> {
    let mut ids: Vec<CustomerId> = Vec::with_capacity(plan.writes.customers.len());
    for new in &plan.writes.customers {
        ids.push(customers::insert(conn, &new.input, now)?);
    }
    let mut new_plates: HashMap<usize, Vec<(&str, &str)>> = HashMap::new();
    let mut owners_on_file: Vec<CustomerId> = Vec::new();
    for new in &plan.writes.vehicles {
        let owner = match new.owner {
            Owner::OnFile(id) => {
                owners_on_file.push(id);
                id
            }
            Owner::New(i) => {
                new_plates
                    .entry(i)
                    .or_default()
                    .push((new.input.plate.as_str(), new.input.vin.as_str()));
                ids[i]
            }
        };
        let vehicle = vehicles::insert(conn, owner, &new.input, now)?;
        if let Some(kept) = &new.care {
            care::put_vehicle_care(conn, vehicle, kept, now)?;
        }
    }
    for fill in &plan.writes.care {
        care::put_vehicle_care(conn, fill.vehicle, &fill.care, now)?;
        vehicles::touch(conn, fill.vehicle, now)?;
    }
    for (i, new) in plan.writes.customers.iter().enumerate() {
        let cars = new_plates.remove(&i).unwrap_or_default();
        let doc = build_doc(&DocParts {
            name: &new.input.name,
            company_name: &new.input.company_name,
            contact_person: &new.input.contact_person,
            phones: new.input.phones.iter().map(|p| p.number.as_str()).collect(),
            plates: cars.iter().map(|c| c.0).collect(),
            vins: cars.iter().map(|c| c.1).filter(|v| !v.is_empty()).collect(),
        });
        search::insert(conn, ids[i], &doc)?;
    }
    owners_on_file.sort_unstable_by_key(|c| c.0);
    owners_on_file.dedup();
    for owner in owners_on_file {
        vehicles::refresh_owner(conn, owner, now)?;
    }
    Ok(())
}

impl Store {
    /// The dry run: what importing `bytes` with the query's mapping would do, writing
    /// nothing.
    pub fn plan_customer_import(
        &self,
        bytes: &[u8],
        format: SheetFormat,
        query: &CustomerImportQuery,
        now: NaiveDateTime,
    ) -> Result<CustomerImportView> {
        let planned =
            self.with_conn(|conn| plan_file(conn, bytes, format, query.mapping.as_deref(), now))?;
        let chosen = |outcome: RowOutcome| query.outcome.is_none_or(|o| o == outcome);
        let matching = planned.plan.rows.iter().filter(|r| chosen(r.outcome));
        Ok(CustomerImportView {
            rows_matching: matching.clone().count() as u32,
            rows: matching.take(MAX_ROWS_SHOWN).cloned().collect(),
            can_apply: planned.usable && can_apply(&planned.plan.totals, true),
            totals: planned.plan.totals,
            headers: planned.headers,
            mapping: planned.mapping,
            remembered: planned.remembered,
            columns: COLUMNS.iter().map(|c| c.key.to_string()).collect(),
        })
    }

    /// Plans again and writes every new row in one transaction, or nothing: refused rows
    /// stop it unless `skip_refused`. The mapping is remembered for these headers. A
    /// file already imported writes nothing and is no error.
    pub fn apply_customer_import(
        &self,
        bytes: &[u8],
        format: SheetFormat,
        chosen: Option<&[Option<String>]>,
        skip_refused: bool,
        now: NaiveDateTime,
    ) -> Result<ImportTotals> {
        self.with_tx(|tx| {
            let planned = plan_file(tx, bytes, format, chosen, now)?;
            let totals = planned.plan.totals;
            // A refused file or header leaves no row to skip to.
            if !planned.usable || (totals.refused > 0 && !skip_refused) {
                return Err(CoreError::invalid("file", Reason::ImportHasRefusals));
            }
            write(tx, &planned.plan, now)?;
            let json = serde_json::to_string(&planned.mapping)
                .map_err(|e| CoreError::Io(std::io::Error::other(e)))?;
            put_mapping(tx, &header_set(&planned.headers), &json)?;
            Ok(totals)
        })
    }

    /// Every row of the plan, in the file's order.
    pub fn customer_import_rows(
        &self,
        bytes: &[u8],
        format: SheetFormat,
        chosen: Option<&[Option<String>]>,
        now: NaiveDateTime,
    ) -> Result<Vec<PlanRow>> {
        Ok(self
            .with_conn(|conn| plan_file(conn, bytes, format, chosen, now))?
            .plan
            .rows)
    }

    /// The plan of every row as a CSV (UTF-8 with a BOM): row, outcome, matched by,
    /// name, phone, plate, refused column, reason code and its message in `lang`.
    pub fn customer_import_report(
        &self,
        bytes: &[u8],
        format: SheetFormat,
        chosen: Option<&[Option<String>]>,
        lang: Lang,
        now: NaiveDateTime,
    ) -> Result<Vec<u8>> {
        let plan_rows = self.customer_import_rows(bytes, format, chosen, now)?;
        let text = |s: &str| Cell::Text(s.to_string());
        let rows: Vec<Vec<Cell>> = plan_rows
            .iter()
            .map(|r| {
                vec![
                    text(&r.row.to_string()),
                    text(&tr(
                        lang,
                        &format!("customer_import.outcome.{}", r.outcome.as_str()),
                    )),
                    text(r.matched_by.map_or("", |m| m.as_str())),
                    text(&r.name),
                    text(&r.phone),
                    text(&r.plate),
                    text(r.field.as_deref().unwrap_or("")),
                    text(r.reason.map_or("", |c| c.as_str())),
                    text(&r.reason.map_or(String::new(), |c| {
                        tr(lang, &format!("error.{}", c.as_str()))
                    })),
                ]
            })
            .collect();
        let header = [
            "row",
            "outcome",
            "matched_by",
            "name",
            "phone",
            "plate",
            "field",
            "reason",
            "message",
        ];
        sheet::write(SheetFormat::Csv, "Report", &header, &rows)
    }

    /// Save as…: the report into `target`, a `.csv` outside the data folder.
    #[allow(clippy::too_many_arguments)]
    pub fn save_customer_import_report_as(
        &self,
        data_dir: &Path,
        target: &Path,
        bytes: &[u8],
        format: SheetFormat,
        chosen: Option<&[Option<String>]>,
        lang: Lang,
        now: NaiveDateTime,
    ) -> Result<PathBuf> {
        let path = check_file_target(data_dir, target, "csv", Reason::SaveWrongType)?;
        let report = self.customer_import_report(bytes, format, chosen, lang, now)?;
        write_durably(&path, &report, false)?;
        Ok(path)
    }
}
