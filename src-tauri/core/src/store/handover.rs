//! SQL of what the customer hands over: `documents_received`, `belongings` (with the
//! tri-state answer kept on `work_orders.belongings`) and the keys columns, including
//! the key-cabinet rule: one open job per slot.
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::domain::intake::{Belonging, Belongings, DocumentReceived, KeysLog};
use crate::domain::signature::{code_of, from_code};
use crate::domain::walkaround::Label;
use crate::error::{CoreError, Result};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::store::parse_column;

fn document_from_row(row: &Row<'_>) -> rusqlite::Result<DocumentReceived> {
    let kind: String = row.get(0)?;
    Ok(DocumentReceived {
        kind: parse_column(0, &kind, from_code)?,
        label: row.get(1)?,
        expires_on: row.get(2)?,
        checked_valid: row.get(3)?,
    })
}

pub(crate) fn documents(conn: &Connection, id: WorkOrderId) -> Result<Vec<DocumentReceived>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, label, expires_on, checked_valid FROM documents_received
         WHERE work_order_id = ?1 ORDER BY position",
    )?;
    let docs = stmt
        .query_map([id], document_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(docs)
}

pub(crate) fn save_documents(
    conn: &Connection,
    id: WorkOrderId,
    documents: &[DocumentReceived],
) -> Result<()> {
    conn.prepare_cached("DELETE FROM documents_received WHERE work_order_id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO documents_received (work_order_id, position, kind, label, expires_on,
                                         checked_valid)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, doc) in documents.iter().enumerate() {
        insert.execute(params![
            id,
            position as i64,
            code_of(&doc.kind),
            doc.label.trim(),
            doc.expires_on,
            doc.checked_valid
        ])?;
    }
    Ok(())
}

pub(crate) fn keys(conn: &Connection, id: WorkOrderId) -> Result<KeysLog> {
    let keys = conn
        .prepare_cached("SELECT keys_count, keys_tag, keys_slot FROM work_orders WHERE id = ?1")?
        .query_row([id], |row| {
            Ok(KeysLog {
                count: row.get(0)?,
                tag_number: row.get(1)?,
                cabinet_slot: row.get(2)?,
            })
        })?;
    Ok(keys)
}

/// The slot as compared: trimmed, upper-cased ("a3 " is slot A3).
fn slot_key(slot: &str) -> String {
    slot.trim().to_uppercase()
}

/// Saves the keys, refusing a slot that holds another job's keys (`keys.slot_taken`):
/// a job not yet collected or cancelled still has its keys in the cabinet.
pub(crate) fn save_keys(conn: &Connection, id: WorkOrderId, keys: &KeysLog) -> Result<()> {
    let slot = slot_key(&keys.cabinet_slot);
    if !slot.is_empty() {
        let taken: Option<String> = conn
            .prepare_cached(
                "SELECT number FROM work_orders
                 WHERE keys_slot = ?1 AND id <> ?2
                   AND status IN ('open', 'checked_in', 'in_workshop', 'ready')
                 LIMIT 1",
            )?
            .query_row(params![slot, id], |row| row.get(0))
            .optional()?;
        if taken.is_some() {
            return Err(CoreError::conflict(Reason::KeysSlotTaken));
        }
    }
    conn.prepare_cached(
        "UPDATE work_orders SET keys_count = ?2, keys_tag = ?3, keys_slot = ?4 WHERE id = ?1",
    )?
    .execute(params![id, keys.count, keys.tag_number.trim(), slot])?;
    Ok(())
}

fn belonging_from_row(row: &Row<'_>) -> rusqlite::Result<Belonging> {
    let key: Option<String> = row.get(0)?;
    Ok(Belonging {
        item: match key {
            Some(key) => Label::Key(key),
            None => Label::Text(row.get(1)?),
        },
        quantity: row.get(2)?,
        note: row.get(3)?,
        storage_box: row.get(4)?,
        photo: row.get(5)?,
        valuable: row.get(6)?,
    })
}

pub(crate) fn belongings(conn: &Connection, id: WorkOrderId) -> Result<Belongings> {
    let state: String = conn
        .prepare_cached("SELECT belongings FROM work_orders WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?;
    match state.as_str() {
        "none_left" => return Ok(Belongings::NoneLeft),
        "listed" => {}
        _ => return Ok(Belongings::NotRecorded),
    }
    let mut stmt = conn.prepare_cached(
        "SELECT item_key, item, quantity, note, storage_box, photo, valuable
         FROM belongings WHERE work_order_id = ?1 ORDER BY position",
    )?;
    let items = stmt
        .query_map([id], belonging_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Belongings::Listed(items))
}

pub(crate) fn save_belongings(
    conn: &Connection,
    id: WorkOrderId,
    belongings: &Belongings,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM belongings WHERE work_order_id = ?1")?
        .execute([id])?;
    conn.prepare_cached("UPDATE work_orders SET belongings = ?2 WHERE id = ?1")?
        .execute(params![id, belongings.state_code()])?;
    let Belongings::Listed(items) = belongings else {
        return Ok(());
    };
    let mut insert = conn.prepare_cached(
        "INSERT INTO belongings (work_order_id, position, item_key, item, quantity, note,
                                 storage_box, photo, valuable)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (position, b) in items.iter().enumerate() {
        let (item_key, item) = match &b.item {
            Label::Key(key) => (Some(key.as_str()), ""),
            Label::Text(text) => (None, text.trim()),
        };
        insert.execute(params![
            id,
            position as i64,
            item_key,
            item,
            b.quantity,
            b.note.trim(),
            b.storage_box.trim(),
            b.photo,
            b.valuable
        ])?;
    }
    Ok(())
}
