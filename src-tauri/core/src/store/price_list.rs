//! SQL of the price list: labour operations, parts and canned jobs, written as given
//! (checked and cleaned in `desk::price_list`) with their search entries.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::price_list::{part_key, CannedJob, LabourOp, Part, PriceKind};
use crate::domain::pricing::{GuaranteeClass, PartGrade, RepairSystem};
use crate::error::{CoreError, Result};
use crate::ids::PriceItemId;
use crate::reason::Reason;
use crate::store::{found, parse_column, price_search, Store};

fn system_of(idx: usize, s: Option<String>) -> rusqlite::Result<Option<RepairSystem>> {
    s.map(|s| parse_column(idx, &s, RepairSystem::parse))
        .transpose()
}

fn labour_from_row(row: &Row<'_>) -> rusqlite::Result<LabourOp> {
    let class: String = row.get(6)?;
    Ok(LabourOp {
        id: Some(row.get(0)?),
        code: row.get(1)?,
        name: row.get(2)?,
        system: system_of(3, row.get(3)?)?,
        hours_milli: row.get(4)?,
        flat_price_minor: row.get(5)?,
        guarantee_class: parse_column(6, &class, GuaranteeClass::parse)?,
    })
}

fn part_from_row(row: &Row<'_>) -> rusqlite::Result<Part> {
    let grade: String = row.get(4)?;
    Ok(Part {
        id: Some(row.get(0)?),
        part_number: row.get(1)?,
        name: row.get(2)?,
        brand: row.get(3)?,
        grade: parse_column(4, &grade, PartGrade::parse)?,
        unit: row.get(5)?,
        sell_price_minor: row.get(6)?,
        cost_price_minor: row.get(7)?,
        system: system_of(8, row.get(8)?)?,
    })
}

fn canned_from_row(row: &Row<'_>) -> rusqlite::Result<CannedJob> {
    let lines: String = row.get(3)?;
    Ok(CannedJob {
        id: Some(row.get(0)?),
        code: row.get(1)?,
        name: row.get(2)?,
        lines: serde_json::from_str(&lines).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Text, Box::new(e))
        })?,
    })
}

const LABOUR_COLUMNS: &str =
    "id, code, name, system, hours_milli, flat_price_minor, guarantee_class";
const PART_COLUMNS: &str =
    "id, part_number, name, brand, grade, unit, sell_price_minor, cost_price_minor, system";

fn is_unique_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(e, _)
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    )
}

fn taken(field: &'static str) -> impl Fn(rusqlite::Error) -> CoreError {
    move |err| {
        if is_unique_violation(&err) {
            CoreError::invalid(field, Reason::PriceCodeTaken)
        } else {
            CoreError::Db(err)
        }
    }
}

pub(crate) fn save_labour(
    conn: &Connection,
    op: &LabourOp,
    now: NaiveDateTime,
) -> Result<LabourOp> {
    let (code, name) = (op.code.trim(), op.name.trim());
    let system = op.system.map(RepairSystem::as_str);
    let id =
        match op.id {
            Some(id) => {
                let n = conn
                .execute(
                    "UPDATE price_labour SET code = ?2, name = ?3, system = ?4, hours_milli = ?5,
                            flat_price_minor = ?6, guarantee_class = ?7, updated_at = ?8
                     WHERE id = ?1",
                    params![id, code, name, system, op.hours_milli, op.flat_price_minor,
                            op.guarantee_class.as_str(), now],
                )
                .map_err(taken("code"))?;
                if n == 0 {
                    return Err(CoreError::NotFound { what: "price_item" });
                }
                id
            }
            None => {
                conn.execute(
                    "INSERT INTO price_labour (code, name, system, hours_milli, flat_price_minor,
                                           guarantee_class, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![
                        code,
                        name,
                        system,
                        op.hours_milli,
                        op.flat_price_minor,
                        op.guarantee_class.as_str(),
                        now
                    ],
                )
                .map_err(taken("code"))?;
                PriceItemId(conn.last_insert_rowid())
            }
        };
    price_search::refresh(conn, PriceKind::Labour, id)?;
    found(
        conn.query_row(
            &format!("SELECT {LABOUR_COLUMNS} FROM price_labour WHERE id = ?1"),
            [id],
            labour_from_row,
        ),
        "price_item",
    )
}

pub(crate) fn save_part(conn: &Connection, part: &Part, now: NaiveDateTime) -> Result<Part> {
    let number = part.part_number.trim();
    let key = part_key(number);
    let system = part.system.map(RepairSystem::as_str);
    let values = params![
        number,
        key,
        part.name.trim(),
        part.brand.trim(),
        part.grade.as_str(),
        part.unit.trim(),
        part.sell_price_minor,
        part.cost_price_minor,
        system,
        now
    ];
    let id = match part.id {
        Some(id) => {
            let n = conn
                .execute(
                    &format!(
                        "UPDATE price_parts SET part_number = ?1, part_key = ?2, name = ?3,
                                brand = ?4, grade = ?5, unit = ?6, sell_price_minor = ?7,
                                cost_price_minor = ?8, system = ?9, updated_at = ?10
                         WHERE id = {}",
                        id.0
                    ),
                    values,
                )
                .map_err(taken("partNumber"))?;
            if n == 0 {
                return Err(CoreError::NotFound { what: "price_item" });
            }
            id
        }
        None => {
            conn.execute(
                "INSERT INTO price_parts (part_number, part_key, name, brand, grade, unit,
                      sell_price_minor, cost_price_minor, system, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                values,
            )
            .map_err(taken("partNumber"))?;
            PriceItemId(conn.last_insert_rowid())
        }
    };
    price_search::refresh(conn, PriceKind::Part, id)?;
    found(
        conn.query_row(
            &format!("SELECT {PART_COLUMNS} FROM price_parts WHERE id = ?1"),
            [id],
            part_from_row,
        ),
        "price_item",
    )
}

pub(crate) fn save_canned(
    conn: &Connection,
    job: &CannedJob,
    now: NaiveDateTime,
) -> Result<CannedJob> {
    let json = serde_json::to_string(&job.lines)
        .map_err(|_| CoreError::invalid("lines", Reason::ListTooLong))?;
    let (code, name) = (job.code.trim(), job.name.trim());
    let id = match job.id {
        Some(id) => {
            let n = conn
                .execute(
                    "UPDATE canned_jobs SET code = ?2, name = ?3, lines = ?4, updated_at = ?5
                     WHERE id = ?1",
                    params![id, code, name, json, now],
                )
                .map_err(taken("code"))?;
            if n == 0 {
                return Err(CoreError::NotFound { what: "price_item" });
            }
            id
        }
        None => {
            conn.execute(
                "INSERT INTO canned_jobs (code, name, lines, updated_at) VALUES (?1, ?2, ?3, ?4)",
                params![code, name, json, now],
            )
            .map_err(taken("code"))?;
            PriceItemId(conn.last_insert_rowid())
        }
    };
    price_search::refresh(conn, PriceKind::Canned, id)?;
    found(
        conn.query_row(
            "SELECT id, code, name, lines FROM canned_jobs WHERE id = ?1",
            [id],
            canned_from_row,
        ),
        "price_item",
    )
}

/// Every entry of the price list, canned jobs first, then operations, then parts.
pub(crate) fn all(conn: &Connection) -> Result<(Vec<CannedJob>, Vec<LabourOp>, Vec<Part>)> {
    let canned = conn
        .prepare_cached("SELECT id, code, name, lines FROM canned_jobs ORDER BY code")?
        .query_map([], canned_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let labour = conn
        .prepare_cached(&format!(
            "SELECT {LABOUR_COLUMNS} FROM price_labour ORDER BY code"
        ))?
        .query_map([], labour_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let parts = conn
        .prepare_cached(&format!(
            "SELECT {PART_COLUMNS} FROM price_parts ORDER BY part_key"
        ))?
        .query_map([], part_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((canned, labour, parts))
}

/// The price list as the settings screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PriceList {
    pub canned: Vec<CannedJob>,
    pub labour: Vec<LabourOp>,
    pub parts: Vec<Part>,
}

impl Store {
    pub fn price_list(&self) -> Result<PriceList> {
        self.with_conn(|conn| {
            let (canned, labour, parts) = all(conn)?;
            Ok(PriceList {
                canned,
                labour,
                parts,
            })
        })
    }

    /// Removes an entry from the price list; estimates keep their copies of its lines.
    pub fn delete_price_item(&self, kind: PriceKind, id: PriceItemId) -> Result<()> {
        let table = match kind {
            PriceKind::Labour => "price_labour",
            PriceKind::Part => "price_parts",
            PriceKind::Canned => "canned_jobs",
        };
        self.with_tx(|tx| {
            let n = tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id])?;
            if n == 0 {
                return Err(CoreError::NotFound { what: "price_item" });
            }
            price_search::refresh(tx, kind, id)
        })
    }
}

/// One labour operation, if on the list.
pub(crate) fn labour(conn: &Connection, id: PriceItemId) -> Result<Option<LabourOp>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {LABOUR_COLUMNS} FROM price_labour WHERE id = ?1"
        ))?
        .query_row([id], labour_from_row)
        .optional()?)
}

/// One part, if on the list.
pub(crate) fn part(conn: &Connection, id: PriceItemId) -> Result<Option<Part>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {PART_COLUMNS} FROM price_parts WHERE id = ?1"
        ))?
        .query_row([id], part_from_row)
        .optional()?)
}

/// One canned job, if on the list.
pub(crate) fn canned(conn: &Connection, id: PriceItemId) -> Result<Option<CannedJob>> {
    Ok(conn
        .prepare_cached("SELECT id, code, name, lines FROM canned_jobs WHERE id = ?1")?
        .query_row([id], canned_from_row)
        .optional()?)
}
