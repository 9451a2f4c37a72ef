//! SQL of the walk-around: `inspection_items`, `damage_marks`,
//! `work_order_warning_lights`, and the fuel and odometer columns of `work_orders`.
//! Lists are replaced whole on each save, in the caller's transaction.
use rusqlite::{params, Connection, Row};

use crate::domain::code::{code_of, from_code};
use crate::domain::walkaround::{
    DamageMark, Dashboard, InspectionItem, IntakeOdometer, ItemStatus, Label,
};
use crate::error::Result;
use crate::ids::WorkOrderId;
use crate::store::parse_column;
use crate::vehicle::DistanceUnit;

fn label(key: Option<String>, text: String) -> Label {
    match key {
        Some(key) => Label::Key(key),
        None => Label::Text(text),
    }
}

fn split(label: &Label) -> (Option<&str>, &str) {
    match label {
        Label::Key(key) => (Some(key.as_str()), ""),
        Label::Text(text) => (None, text.trim()),
    }
}

fn photos_from(idx: usize, json: &str) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(json).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, e.into())
    })
}

fn photos_json(photos: &[String]) -> String {
    serde_json::to_string(photos).unwrap_or_else(|_| "[]".to_string())
}

fn item_from_row(row: &Row<'_>) -> rusqlite::Result<InspectionItem> {
    let status: String = row.get(4)?;
    let photos: String = row.get(6)?;
    Ok(InspectionItem {
        group: label(row.get(0)?, row.get(1)?),
        item: label(row.get(2)?, row.get(3)?),
        status: parse_column(4, &status, from_code::<ItemStatus>)?,
        note: row.get(5)?,
        photos: photos_from(6, &photos)?,
    })
}

pub(crate) fn items(conn: &Connection, id: WorkOrderId) -> Result<Vec<InspectionItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT group_key, group_text, item_key, item_text, status, note, photos
         FROM inspection_items WHERE work_order_id = ?1 ORDER BY position",
    )?;
    let items = stmt
        .query_map([id], item_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(items)
}

pub(crate) fn save_items(
    conn: &Connection,
    id: WorkOrderId,
    items: &[InspectionItem],
) -> Result<()> {
    conn.prepare_cached("DELETE FROM inspection_items WHERE work_order_id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO inspection_items (work_order_id, position, group_key, group_text, item_key,
                                       item_text, status, note, photos)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (position, item) in items.iter().enumerate() {
        let (group_key, group_text) = split(&item.group);
        let (item_key, item_text) = split(&item.item);
        insert.execute(params![
            id,
            position as i64,
            group_key,
            group_text,
            item_key,
            item_text,
            code_of(&item.status),
            item.note.trim(),
            photos_json(&item.photos)
        ])?;
    }
    Ok(())
}

fn mark_from_row(row: &Row<'_>) -> rusqlite::Result<DamageMark> {
    let kind: String = row.get(0)?;
    let photos: String = row.get(4)?;
    Ok(DamageMark {
        kind: parse_column(0, &kind, from_code)?,
        x: row.get(1)?,
        y: row.get(2)?,
        note: row.get(3)?,
        photos: photos_from(4, &photos)?,
    })
}

pub(crate) fn marks(conn: &Connection, id: WorkOrderId) -> Result<Vec<DamageMark>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, x, y, note, photos FROM damage_marks
         WHERE work_order_id = ?1 ORDER BY position",
    )?;
    let marks = stmt
        .query_map([id], mark_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    Ok(marks)
}

pub(crate) fn save_marks(conn: &Connection, id: WorkOrderId, marks: &[DamageMark]) -> Result<()> {
    conn.prepare_cached("DELETE FROM damage_marks WHERE work_order_id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO damage_marks (work_order_id, position, kind, x, y, note, photos)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, mark) in marks.iter().enumerate() {
        insert.execute(params![
            id,
            position as i64,
            code_of(&mark.kind),
            mark.x,
            mark.y,
            mark.note.trim(),
            photos_json(&mark.photos)
        ])?;
    }
    Ok(())
}

/// Lights (in the fixed order of the dashboard), fuel and odometer.
pub(crate) fn dashboard(conn: &Connection, id: WorkOrderId) -> Result<Dashboard> {
    let mut stmt = conn
        .prepare_cached("SELECT light FROM work_order_warning_lights WHERE work_order_id = ?1")?;
    let on: Vec<String> = stmt
        .query_map([id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let warning_lights = crate::domain::intake::WarningLight::ALL
        .into_iter()
        .filter(|light| on.iter().any(|code| code == light.code()))
        .collect();
    let (fuel_eighths, value, unit, lower_reason) = conn
        .prepare_cached(
            "SELECT fuel_eighths, odometer_value, odometer_unit, odometer_reason
             FROM work_orders WHERE id = ?1",
        )?
        .query_row([id], |row| {
            let unit: Option<String> = row.get(2)?;
            let unit = match unit {
                Some(text) => Some(parse_column(2, &text, DistanceUnit::parse)?),
                None => None,
            };
            Ok((
                row.get::<_, Option<u8>>(0)?,
                row.get::<_, Option<i64>>(1)?,
                unit,
                row.get(3)?,
            ))
        })?;
    let odometer = match (value, unit) {
        (Some(value), Some(unit)) => Some(IntakeOdometer {
            value,
            unit,
            lower_reason,
        }),
        _ => None,
    };
    Ok(Dashboard {
        warning_lights,
        fuel_eighths,
        odometer,
    })
}

pub(crate) fn save_dashboard(
    conn: &Connection,
    id: WorkOrderId,
    dashboard: &Dashboard,
) -> Result<()> {
    conn.prepare_cached("DELETE FROM work_order_warning_lights WHERE work_order_id = ?1")?
        .execute([id])?;
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO work_order_warning_lights (work_order_id, light) VALUES (?1, ?2)",
    )?;
    for light in &dashboard.warning_lights {
        insert.execute(params![id, light.code()])?;
    }
    let odometer = dashboard.odometer.as_ref();
    conn.prepare_cached(
        "UPDATE work_orders SET fuel_eighths = ?2, odometer_value = ?3, odometer_unit = ?4,
                odometer_reason = ?5
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        dashboard.fuel_eighths,
        odometer.map(|o| o.value),
        odometer.map(|o| o.unit.as_str()),
        odometer.map_or("", |o| o.lower_reason.trim())
    ])?;
    Ok(())
}
