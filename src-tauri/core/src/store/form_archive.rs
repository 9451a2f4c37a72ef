//! SQL of `form_archive`: the signed forms written to `<data_dir>/forms/`, listed on the
//! job so the desk can open the very PDF the customer signed.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};

use crate::domain::code::{code_of, from_code};
use crate::domain::intake::ArchivedForm;
use crate::error::Result;
use crate::i18n::FormLang;
use crate::ids::WorkOrderId;
use crate::store::{parse_column, work_orders, Store};

fn from_row(row: &Row<'_>) -> rusqlite::Result<ArchivedForm> {
    let lang: String = row.get(3)?;
    Ok(ArchivedForm {
        id: row.get(0)?,
        work_order_id: row.get(1)?,
        form: row.get(2)?,
        lang: parse_column(3, &lang, from_code::<FormLang>)?,
        file_name: row.get(4)?,
        sha256: row.get(5)?,
        created_at: row.get(6)?,
    })
}

/// The `form` of the work order's archive rows.
pub const WORK_ORDER_FORM: &str = "work-order";

/// The `form` of the signed diagnosis report's archive row.
pub const DIAGNOSIS_FORM: &str = "diagnosis";

pub(crate) struct NewArchivedForm<'a> {
    pub work_order: WorkOrderId,
    pub form: &'a str,
    pub lang: FormLang,
    pub file_name: &'a str,
    pub sha256: &'a str,
}

/// Records a written original. Rows are never replaced or deleted: a file name is
/// recorded once (a unique index holds it).
pub(crate) fn record(
    conn: &Connection,
    new: &NewArchivedForm<'_>,
    now: NaiveDateTime,
) -> Result<ArchivedForm> {
    conn.prepare_cached(
        "INSERT INTO form_archive (work_order_id, form, lang, file_name, sha256, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        new.work_order,
        new.form,
        code_of(&new.lang),
        new.file_name,
        new.sha256,
        now
    ])?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "SELECT id, work_order_id, form, lang, file_name, sha256, created_at
         FROM form_archive WHERE id = ?1",
    )?;
    Ok(stmt.query_row([id], from_row)?)
}

pub(crate) fn list(conn: &Connection, id: WorkOrderId) -> Result<Vec<ArchivedForm>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, work_order_id, form, lang, file_name, sha256, created_at
         FROM form_archive WHERE work_order_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([id], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// The job's archived original of `form`, if written.
pub(crate) fn original(
    conn: &Connection,
    id: WorkOrderId,
    form: &str,
) -> Result<Option<ArchivedForm>> {
    Ok(list(conn, id)?.into_iter().find(|f| f.form == form))
}

impl Store {
    /// The archived signed original of the job's work order, if it was written.
    pub fn original_form(&self, id: WorkOrderId) -> Result<Option<ArchivedForm>> {
        self.with_conn(|conn| original(conn, id, WORK_ORDER_FORM))
    }

    /// The job's archived original of `form` (e.g. `estimate-v2`), if it was written.
    pub fn archived_form(&self, id: WorkOrderId, form: &str) -> Result<Option<ArchivedForm>> {
        self.with_conn(|conn| original(conn, id, form))
    }

    /// The signed forms archived for the job, oldest first (file names are relative to
    /// the data folder).
    pub fn list_archived_forms(&self, id: WorkOrderId) -> Result<Vec<ArchivedForm>> {
        self.with_conn(|conn| {
            work_orders::load(conn, id)?;
            list(conn, id)
        })
    }

    pub(crate) fn record_archived_form(
        &self,
        new: &NewArchivedForm<'_>,
        now: NaiveDateTime,
    ) -> Result<ArchivedForm> {
        self.with_tx(|tx| record(tx, new, now))
    }
}
