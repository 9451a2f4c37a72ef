//! Editing and searching the price list: each entry checked (and a canned job's lines
//! cleaned) before it is written; search hits priced with the shop's settings.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::ids::PriceItemId;
use crate::intake::refuse;
use crate::pricing::price_list::{
    check_canned_job, check_labour_op, check_part, labour_line, part_line, CannedJob, LabourOp,
    Part, PriceHit, PriceKind,
};
use crate::pricing::{clean_line, PricingSettings};
use crate::search::{check_query, search_key};
use crate::store::estimates::pricing_settings;
use crate::store::{price_list, price_search, Store};

/// Checks and writes a labour operation, in the caller's transaction.
pub(crate) fn save_checked_labour(
    conn: &Connection,
    op: &LabourOp,
    now: NaiveDateTime,
) -> Result<LabourOp> {
    refuse(check_labour_op(op))?;
    price_list::save_labour(conn, op, now)
}

/// Checks and writes a part, in the caller's transaction.
pub(crate) fn save_checked_part(
    conn: &Connection,
    part: &Part,
    now: NaiveDateTime,
) -> Result<Part> {
    refuse(check_part(part))?;
    price_list::save_part(conn, part, now)
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

fn hit(
    conn: &Connection,
    settings: &PricingSettings,
    kind: PriceKind,
    id: PriceItemId,
) -> Result<Option<PriceHit>> {
    Ok(match kind {
        PriceKind::Labour => price_list::labour(conn, id)?.map(|op| hit_of_labour(op, settings)),
        PriceKind::Part => price_list::part(conn, id)?.map(|p| hit_of_part(p, settings)),
        PriceKind::Canned => price_list::canned(conn, id)?.map(hit_of_canned),
    })
}

impl Store {
    pub fn save_labour_op(&self, op: &LabourOp, now: NaiveDateTime) -> Result<LabourOp> {
        self.with_tx(|tx| save_checked_labour(tx, op, now))
    }

    pub fn save_part(&self, part: &Part, now: NaiveDateTime) -> Result<Part> {
        self.with_tx(|tx| save_checked_part(tx, part, now))
    }

    pub fn save_canned_job(&self, job: &CannedJob, now: NaiveDateTime) -> Result<CannedJob> {
        refuse(check_canned_job(job))?;
        let clean = CannedJob {
            lines: job.lines.iter().map(clean_line).collect(),
            ..job.clone()
        };
        self.with_tx(|tx| price_list::save_canned(tx, &clean, now))
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
