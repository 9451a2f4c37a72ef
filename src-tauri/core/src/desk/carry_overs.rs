//! Work offered again: the declined items of a vehicle's earlier jobs and the
//! safety-critical items its last walk-around flagged, added to a job's estimate.
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};

use crate::desk::estimate_book::book;
use crate::error::{CoreError, Result};
use crate::ids::{VehicleId, WorkOrderId};
use crate::intake::template::is_safety_critical;
use crate::intake::{ItemStatus, Label};
use crate::pricing::estimate::EstimateBook;
use crate::pricing::{EstimateLine, GuaranteeClass, LineKind, QTY_SCALE};
use crate::reason::Reason;
use crate::store::workshop::item;
use crate::store::{walkaround, work_orders, Store};
use crate::workshop::{CarryOver, CarryOverSource};

/// Declined items of the vehicle's earlier jobs not yet added to a job, and the
/// safety-critical "needs attention" items of its last walk-around before `wo`.
pub(crate) fn carry_overs_for_vehicle(
    conn: &Connection,
    vehicle: VehicleId,
    except: Option<WorkOrderId>,
) -> Result<Vec<CarryOver>> {
    let mut out = Vec::new();
    let rows: Vec<(i64, String, NaiveDateTime, String)> = conn
        .prepare_cached(
            "SELECT a.id, w.number, w.opened_at, v.plate FROM additional_items a
             JOIN work_orders w ON w.id = a.work_order_id
             JOIN vehicles v ON v.id = w.vehicle_id
             WHERE w.vehicle_id = ?1 AND a.status = 'declined' AND a.carried_to IS NULL
               AND (?2 IS NULL OR w.id <> ?2)
             ORDER BY w.opened_at DESC, a.id",
        )?
        .query_map(params![vehicle, except], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, number, opened, plate) in rows {
        let item = item(conn, id)?;
        out.push(CarryOver {
            source: CarryOverSource::Declined { item_id: id },
            from_number: number,
            from_date: opened,
            plate,
            label: Label::Text(item.finding.clone()),
            note: item.reason.clone(),
            safety_critical: item.safety_critical,
            amount_minor: item.totals.gross_minor,
            lines: item.lines,
        });
    }
    // The last earlier job that had a walk-around.
    let last: Option<(WorkOrderId, String, NaiveDateTime, String)> = conn
        .prepare_cached(
            "SELECT w.id, w.number, w.opened_at, v.plate FROM work_orders w
             JOIN vehicles v ON v.id = w.vehicle_id
             WHERE w.vehicle_id = ?1 AND (?2 IS NULL OR w.id <> ?2)
               AND w.status <> 'cancelled'
               AND (?2 IS NULL OR w.opened_at <= (SELECT opened_at FROM work_orders WHERE id = ?2))
               AND EXISTS (SELECT 1 FROM inspection_items i WHERE i.work_order_id = w.id
                           AND i.status <> 'not_checked')
             ORDER BY w.opened_at DESC, w.id DESC LIMIT 1",
        )?
        .query_row(params![vehicle, except], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    if let Some((last_id, number, opened, plate)) = last {
        let taken: Vec<String> = match except {
            Some(wo) => draft_descriptions(conn, wo)?,
            None => Vec::new(),
        };
        for (position, entry) in walkaround::items(conn, last_id)?.into_iter().enumerate() {
            if entry.status != ItemStatus::Attention || !is_safety_critical(&entry.item) {
                continue;
            }
            let description = inspection_description(&entry.item, &entry.note);
            if taken.contains(&description) {
                continue;
            }
            out.push(CarryOver {
                source: CarryOverSource::Inspection {
                    work_order_id: last_id,
                    position: position as i64,
                },
                from_number: number.clone(),
                from_date: opened,
                plate: plate.clone(),
                label: entry.item.clone(),
                note: entry.note.clone(),
                safety_critical: true,
                lines: Vec::new(),
                amount_minor: 0,
            });
        }
    }
    Ok(out)
}

fn inspection_description(item: &Label, note: &str) -> String {
    let name = match item {
        Label::Key(key) => crate::i18n::tr(crate::i18n::Lang::En, key),
        Label::Text(text) => text.clone(),
    };
    if note.trim().is_empty() {
        format!("Check: {name}")
    } else {
        format!("Check: {name} ({})", note.trim())
    }
}

fn draft_descriptions(conn: &Connection, wo: WorkOrderId) -> Result<Vec<String>> {
    Ok(book(conn, wo)
        .map(|b| b.current.lines.into_iter().map(|l| l.description).collect())
        .unwrap_or_default())
}

impl Store {
    /// Work offered again on this job: the vehicle's declined items and the
    /// safety-critical items its last walk-around flagged.
    pub fn carry_overs(&self, wo: WorkOrderId) -> Result<Vec<CarryOver>> {
        self.with_conn(|conn| {
            let work_order = work_orders::load(conn, wo)?;
            carry_overs_for_vehicle(conn, work_order.vehicle_id, Some(wo))
        })
    }

    /// The declined and flagged work of a vehicle, for the customer file.
    pub fn carry_overs_for_vehicle(&self, vehicle: VehicleId) -> Result<Vec<CarryOver>> {
        self.with_conn(|conn| carry_overs_for_vehicle(conn, vehicle, None))
    }

    /// Adds offered work to the job's estimate (a new draft version when the latest is
    /// approved); a declined item is marked as carried to this job.
    pub fn add_carry_over(
        &self,
        wo: WorkOrderId,
        source: &CarryOverSource,
        now: NaiveDateTime,
    ) -> Result<EstimateBook> {
        let offered = self.carry_overs(wo)?;
        let Some(offer) = offered.into_iter().find(|o| &o.source == source) else {
            return Err(CoreError::conflict(Reason::CarryOverTaken));
        };
        let book = self.revise_estimate(wo, now)?;
        let settings = self.get_pricing_settings()?;
        let mut draft = crate::pricing::estimate::EstimateDraftInput {
            mode: book.current.mode,
            risk_margin_bp: book.current.risk_margin_bp,
            note: book.current.note.clone(),
            lines: book.current.lines.clone(),
        };
        if offer.lines.is_empty() {
            let description = match &offer.label {
                Label::Text(t) => t.clone(),
                key => inspection_description(key, &offer.note),
            };
            draft.lines.push(EstimateLine {
                kind: LineKind::Labour,
                code: String::new(),
                description,
                system: None,
                qty_milli: QTY_SCALE,
                unit: String::new(),
                unit_price_minor: 0,
                discount_bp: 0,
                source: None,
                grade: None,
                customer_insists: false,
                guarantee: settings.guarantees.of(GuaranteeClass::FirstLevel),
            });
        } else {
            draft.lines.extend(offer.lines.iter().cloned());
        }
        let book = self.save_estimate_draft(wo, &draft, now)?;
        if let CarryOverSource::Declined { item_id } = source {
            self.with_conn(|conn| {
                conn.execute(
                    "UPDATE additional_items SET carried_to = ?2 WHERE id = ?1",
                    params![item_id, wo],
                )?;
                Ok(())
            })?;
        }
        Ok(book)
    }
}
