//! SQL of the price list: labour operations, parts and canned jobs, their search, and
//! turning an entry into estimate lines.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::error::{CoreError, Result};
use crate::ids::PriceItemId;
use crate::pricing::price_list::{
    check_canned_job, check_labour_op, check_part, labour_line, part_key, part_line, CannedJob,
    LabourOp, Part, PriceHit, PriceKind,
};
use crate::pricing::{clean_line, GuaranteeClass, PartGrade, PricingSettings, RepairSystem};
use crate::reason::Reason;
use crate::search::{check_query, search_key};
use crate::store::estimates::pricing_settings;
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
    let issues = check_labour_op(op);
    if !issues.is_empty() {
        return Err(CoreError::Invalid(issues));
    }
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
    let issues = check_part(part);
    if !issues.is_empty() {
        return Err(CoreError::Invalid(issues));
    }
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
    let issues = check_canned_job(job);
    if !issues.is_empty() {
        return Err(CoreError::Invalid(issues));
    }
    let lines: Vec<_> = job.lines.iter().map(clean_line).collect();
    let json = serde_json::to_string(&lines)
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

fn hit_of_labour(op: LabourOp, settings: &PricingSettings) -> PriceHit {
    PriceHit {
        kind: PriceKind::Labour,
        id: op.id.unwrap_or(PriceItemId(0)),
        code: op.code.clone(),
        name: op.name.clone(),
        detail: op
            .system
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        lines: vec![labour_line(&op, settings)],
    }
}

fn hit_of_part(part: Part, settings: &PricingSettings) -> PriceHit {
    PriceHit {
        kind: PriceKind::Part,
        id: part.id.unwrap_or(PriceItemId(0)),
        code: part.part_number.clone(),
        name: part.name.clone(),
        detail: format!("{} · {}", part.brand, part.grade.as_str()),
        lines: vec![part_line(&part, settings)],
    }
}

fn hit_of_canned(job: CannedJob) -> PriceHit {
    PriceHit {
        kind: PriceKind::Canned,
        id: job.id.unwrap_or(PriceItemId(0)),
        code: job.code.clone(),
        name: job.name.clone(),
        detail: job.lines.len().to_string(),
        lines: job.lines,
    }
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

    pub fn save_labour_op(&self, op: &LabourOp, now: NaiveDateTime) -> Result<LabourOp> {
        self.with_tx(|tx| save_labour(tx, op, now))
    }

    pub fn save_part(&self, part: &Part, now: NaiveDateTime) -> Result<Part> {
        self.with_tx(|tx| save_part(tx, part, now))
    }

    pub fn save_canned_job(&self, job: &CannedJob, now: NaiveDateTime) -> Result<CannedJob> {
        self.with_tx(|tx| save_canned(tx, job, now))
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

    /// Entries matching a fragment of a code, part number (with or without dashes),
    /// name or brand, Chinese characters, their pinyin initials or full pinyin; exact
    /// codes and part numbers first; at most `limit`. Refused (`Invalid` on `query`)
    /// when the query is longer than [`crate::search::MAX_QUERY_CHARS`].
    pub fn search_prices(&self, query: &str, limit: usize) -> Result<Vec<PriceHit>> {
        check_query(query)?;
        let key = search_key(query);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        self.with_conn(|conn| {
            let settings = pricing_settings(conn)?;
            let mut hits = Vec::new();
            for (kind, id) in price_search::find(conn, &key, limit.clamp(1, 100))? {
                hits.extend(hit(conn, &settings, kind, id)?);
            }
            Ok(hits)
        })
    }

    /// One entry's lines, priced with today's settings (a canned job's as saved).
    pub fn price_item_lines(&self, kind: PriceKind, id: PriceItemId) -> Result<PriceHit> {
        self.with_conn(|conn| {
            let settings = pricing_settings(conn)?;
            hit(conn, &settings, kind, id)?.ok_or(CoreError::NotFound { what: "price_item" })
        })
    }
}

fn hit(
    conn: &Connection,
    settings: &PricingSettings,
    kind: PriceKind,
    id: PriceItemId,
) -> Result<Option<PriceHit>> {
    Ok(match kind {
        PriceKind::Labour => conn
            .prepare_cached(&format!(
                "SELECT {LABOUR_COLUMNS} FROM price_labour WHERE id = ?1"
            ))?
            .query_row([id], labour_from_row)
            .optional()?
            .map(|op| hit_of_labour(op, settings)),
        PriceKind::Part => conn
            .prepare_cached(&format!(
                "SELECT {PART_COLUMNS} FROM price_parts WHERE id = ?1"
            ))?
            .query_row([id], part_from_row)
            .optional()?
            .map(|p| hit_of_part(p, settings)),
        PriceKind::Canned => conn
            .prepare_cached("SELECT id, code, name, lines FROM canned_jobs WHERE id = ?1")?
            .query_row([id], canned_from_row)
            .optional()?
            .map(hit_of_canned),
    })
}
