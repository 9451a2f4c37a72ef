//! SQL of merging two files of one customer: the absorbed file's vehicles and jobs move
//! to the kept one, the kept file takes the filled-in fields, the absorbed one is marked.
//! What moves and what is refused is decided in `desk::merge`.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection};

use crate::error::Result;
use crate::ids::CustomerId;

/// Files every vehicle of `from` under `to`.
pub(crate) fn move_vehicles(
    conn: &Connection,
    from: CustomerId,
    to: CustomerId,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE vehicles SET customer_id = ?2, updated_at = ?3 WHERE customer_id = ?1",
    )?
    .execute(params![from, to, now])?;
    Ok(())
}

/// Files every work order of `from` under `to`.
pub(crate) fn move_work_orders(
    conn: &Connection,
    from: CustomerId,
    to: CustomerId,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE work_orders SET customer_id = ?2, updated_at = ?3 WHERE customer_id = ?1",
    )?
    .execute(params![from, to, now])?;
    Ok(())
}

/// The kept file's merged free-text fields.
pub(crate) struct MergedFields {
    pub notes: String,
    pub address: String,
    pub company_name: String,
    pub contact_person: String,
}

pub(crate) fn update_kept(
    conn: &Connection,
    keep: CustomerId,
    fields: &MergedFields,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE customers SET notes = ?2, address = ?3, company_name = ?4,
                contact_person = ?5, updated_at = ?6
         WHERE id = ?1",
    )?
    .execute(params![
        keep,
        fields.notes,
        fields.address,
        fields.company_name,
        fields.contact_person,
        now
    ])?;
    Ok(())
}

/// Archives the absorbed file (if not already) with a pointer to the kept one.
pub(crate) fn mark_merged(
    conn: &Connection,
    absorb: CustomerId,
    keep: CustomerId,
    now: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE customers SET archived_at = COALESCE(archived_at, ?2), merged_into = ?3,
                updated_at = ?2
         WHERE id = ?1",
    )?
    .execute(params![absorb, now, keep])?;
    Ok(())
}
