//! Work offered again: the declined items of a vehicle's earlier jobs and the
//! safety-critical items its last walk-around flagged, added to a job's estimate.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::desk::estimate_book::book;
use crate::desk::workshop::item;
use crate::error::{CoreError, Result};
use crate::i18n::{tr, tr_with, Lang};
use crate::ids::{VehicleId, WorkOrderId};
use crate::intake::paper::form_lang_for;
use crate::intake::template::is_safety_critical;
use crate::intake::{ItemStatus, Label};
use crate::pricing::estimate::EstimateBook;
use crate::pricing::{EstimateLine, GuaranteeClass, LineKind, QTY_SCALE};
use crate::reason::Reason;
use crate::store::{carry_overs, customers, settings, walkaround, work_orders, Store};
use crate::workshop::{CarryOver, CarryOverSource};

/// Declined items of the vehicle's earlier jobs not yet added to a job, and the
/// safety-critical "needs attention" items of its last walk-around before `wo`.
pub(crate) fn carry_overs_for_vehicle(
    conn: &Connection,
    vehicle: VehicleId,
    except: Option<WorkOrderId>,
) -> Result<Vec<CarryOver>> {
    let mut out = Vec::new();
    let rows = carry_overs::declined_items(conn, vehicle, except)?;
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
    let last = carry_overs::last_walkaround_job(conn, vehicle, except)?;
    if let Some((last_id, number, opened, plate)) = last {
        let (taken, lang): (Vec<String>, Lang) = match except {
            Some(wo) => (draft_descriptions(conn, wo)?, job_lang(conn, wo)?),
            None => (Vec::new(), Lang::En),
        };
        for (position, entry) in walkaround::items(conn, last_id)?.into_iter().enumerate() {
            if entry.status != ItemStatus::Attention || !is_safety_critical(&entry.item) {
                continue;
            }
            // Lines added before the text was translated were written in English.
            let description = inspection_description(lang, &entry.item, &entry.note);
            let english = inspection_description(Lang::En, &entry.item, &entry.note);
            if taken.contains(&description) || taken.contains(&english) {
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

/// The language the job's paper is written in (its estimate's lines among it).
fn job_lang(conn: &Connection, wo: WorkOrderId) -> Result<Lang> {
    let work_order = work_orders::load(conn, wo)?;
    let customer = customers::load(conn, work_order.customer_id)?;
    Ok(form_lang_for(&settings::load(conn)?, customer.preferred_language).data_lang())
}

/// The estimate line offered for a flagged checklist item, in `lang`: "Check: brakes
/// (2 mm tread)".
fn inspection_description(lang: Lang, item: &Label, note: &str) -> String {
    let name = match item {
        Label::Key(key) => tr(lang, key),
        Label::Text(text) => text.clone(),
    };
    let note = note.trim();
    if note.is_empty() {
        tr_with(lang, "carry.check", &[("name", &name)])
    } else {
        tr_with(lang, "carry.check_note", &[("name", &name), ("note", note)])
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
                key => {
                    let lang = self.with_conn(|conn| job_lang(conn, wo))?;
                    inspection_description(lang, key, &offer.note)
                }
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
            self.with_conn(|conn| carry_overs::mark_carried(conn, *item_id, wo))?;
        }
        Ok(book)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_offered_check_line_is_written_in_the_jobs_language() {
        let tyres = Label::Text("Tyres".into());
        assert_eq!(
            inspection_description(Lang::En, &tyres, " 2 mm tread "),
            "Check: Tyres (2 mm tread)"
        );
        assert_eq!(
            inspection_description(Lang::ZhHans, &tyres, ""),
            "检查：Tyres"
        );
        assert_eq!(
            inspection_description(Lang::ZhHant, &tyres, "2 mm"),
            "檢查：Tyres（2 mm）"
        );
    }
}
