//! SQL of the workshop side of a job: `additional_items` and their calls, `progress_log`,
//! the work offered again on a vehicle's next job, and the desk's task lists for Today.
use std::path::Path;

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::ids::{VehicleId, WorkOrderId};
use crate::intake::signature::{clean_signature, save_png};
use crate::intake::template::is_safety_critical;
use crate::intake::{ItemStatus, Label};
use crate::pricing::estimate::{figures, ApprovalChannel, EstimateBook};
use crate::pricing::workshop::{
    check_answer, check_due_at, check_progress, clean_item, AdditionalItem, AdditionalItemInput,
    AnswerInput, CarryOver, CarryOverSource, ContactOutcome, ItemContact, ProgressEntry,
    ProgressInput, ProgressKind, ProposalStatus, WorkshopView,
};
use crate::pricing::{EstimateLine, GuaranteeClass, LineKind, PricingMode, QTY_SCALE};
use crate::reason::Reason;
use crate::store::estimates::{self, pricing_settings};
use crate::store::{parse_column, walkaround, work_orders, Store};
use crate::work_order::{WorkOrder, WorkOrderStatus};

fn json_err(idx: usize, e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
}

fn channel_of(idx: usize, s: Option<String>) -> rusqlite::Result<Option<ApprovalChannel>> {
    s.map(|s| parse_column(idx, &s, ApprovalChannel::parse))
        .transpose()
}

struct ItemRow {
    item: AdditionalItem,
}

const ITEM_COLUMNS: &str = "id, work_order_id, finding, reason, safety_critical, photos,
     found_by, found_at, lines, extra_minutes, status, signature_sha256, new_promised_at,
     carried_to";

fn item_from_row(row: &Row<'_>) -> rusqlite::Result<ItemRow> {
    let photos: String = row.get(5)?;
    let lines: String = row.get(8)?;
    let status: String = row.get(10)?;
    let lines: Vec<EstimateLine> = serde_json::from_str(&lines).map_err(|e| json_err(8, e))?;
    Ok(ItemRow {
        item: AdditionalItem {
            id: row.get(0)?,
            work_order_id: row.get(1)?,
            finding: row.get(2)?,
            reason: row.get(3)?,
            safety_critical: row.get(4)?,
            photos: serde_json::from_str(&photos).map_err(|e| json_err(5, e))?,
            found_by: row.get(6)?,
            found_at: row.get(7)?,
            no_guarantee: lines
                .iter()
                .map(EstimateLine::no_quality_guarantee)
                .collect(),
            lines,
            totals: crate::pricing::Totals {
                lines: Vec::new(),
                labour_minor: 0,
                parts_minor: 0,
                other_minor: 0,
                discount_minor: 0,
                risk_margin_minor: 0,
                net_minor: 0,
                tax: Vec::new(),
                tax_minor: 0,
                gross_minor: 0,
            },
            extra_minutes: row.get(9)?,
            status: parse_column(10, &status, ProposalStatus::parse)?,
            contacts: Vec::new(),
            signature_sha256: row.get(11)?,
            new_promised_at: row.get(12)?,
            carried_to: row.get(13)?,
        },
    })
}

fn contacts(conn: &Connection, item: i64) -> Result<Vec<ItemContact>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, channel, outcome, spoke_with, recorded_by FROM additional_item_contacts
         WHERE item_id = ?1 ORDER BY at, rowid",
    )?;
    let rows = stmt
        .query_map([item], |row| {
            let channel: String = row.get(1)?;
            let outcome: String = row.get(2)?;
            Ok(ItemContact {
                at: row.get(0)?,
                channel: parse_column(1, &channel, ApprovalChannel::parse)?,
                outcome: parse_column(2, &outcome, ContactOutcome::parse)?,
                spoke_with: row.get(3)?,
                recorded_by: row.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

fn complete(conn: &Connection, row: ItemRow) -> Result<AdditionalItem> {
    let settings = pricing_settings(conn)?;
    let mut item = row.item;
    item.totals = figures(&item.lines, PricingMode::ByItem, 0, &settings.tax)?;
    item.contacts = contacts(conn, item.id)?;
    Ok(item)
}

pub(crate) fn items(conn: &Connection, wo: WorkOrderId) -> Result<Vec<AdditionalItem>> {
    let rows = conn
        .prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM additional_items WHERE work_order_id = ?1 ORDER BY id"
        ))?
        .query_map([wo], item_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|r| complete(conn, r)).collect()
}

pub(crate) fn item(conn: &Connection, id: i64) -> Result<AdditionalItem> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM additional_items WHERE id = ?1"
        ))?
        .query_row([id], item_from_row)
        .optional()?
        .ok_or(CoreError::NotFound {
            what: "additional_item",
        })?;
    complete(conn, row)
}

fn progress(conn: &Connection, wo: WorkOrderId) -> Result<Vec<ProgressEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT at, kind, new_promised_at, reason, told_channel, told_at, recorded_by
         FROM progress_log WHERE work_order_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([wo], |row| {
            let kind: String = row.get(1)?;
            Ok(ProgressEntry {
                at: row.get(0)?,
                kind: parse_column(1, &kind, ProgressKind::parse)?,
                new_promised_at: row.get(2)?,
                reason: row.get(3)?,
                told_channel: channel_of(4, row.get(4)?)?,
                told_at: row.get(5)?,
                recorded_by: row.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The job's promised time now: the latest change, else what the intake promised.
pub(crate) fn promised_now(conn: &Connection, wo: &WorkOrder) -> Result<Option<NaiveDateTime>> {
    let changed: Option<NaiveDateTime> = conn
        .prepare_cached(
            "SELECT new_promised_at FROM progress_log
             WHERE work_order_id = ?1 AND new_promised_at IS NOT NULL ORDER BY id DESC LIMIT 1",
        )?
        .query_row([wo.id], |row| row.get(0))
        .optional()?;
    Ok(changed.or(wo.details.promised_at))
}

fn in_workshop(status: WorkOrderStatus) -> bool {
    matches!(
        status,
        WorkOrderStatus::Open | WorkOrderStatus::CheckedIn | WorkOrderStatus::InWorkshop
    )
}

/// Whether the progress check of `wo` is due at `now`: the job is in, 75 % of its
/// planned time has passed, and nothing was recorded since that point.
fn check_state(
    conn: &Connection,
    wo: &WorkOrder,
    now: NaiveDateTime,
) -> Result<(Option<NaiveDateTime>, Option<NaiveDateTime>, bool, bool)> {
    let promised = promised_now(conn, wo)?;
    let due_at = promised.and_then(|p| check_due_at(wo.opened_at, p));
    let log = progress(conn, wo.id)?;
    let checked_since = |at: NaiveDateTime| log.iter().any(|e| e.at >= at);
    let active = in_workshop(wo.status);
    let due = active && due_at.is_some_and(|at| now >= at && !checked_since(at));
    let late = active && promised.is_some_and(|p| now > p);
    Ok((promised, due_at, due, late))
}

pub(crate) fn view(conn: &Connection, wo: WorkOrderId, now: NaiveDateTime) -> Result<WorkshopView> {
    let work_order = work_orders::load(conn, wo)?;
    let (promised, due_at, due, late) = check_state(conn, &work_order, now)?;
    let items = items(conn, wo)?;
    let approved_extra_minor = items
        .iter()
        .filter(|i| i.status == ProposalStatus::Approved)
        .map(|i| i.totals.gross_minor)
        .sum();
    Ok(WorkshopView {
        work_order_id: wo,
        number: work_order.number.clone(),
        opened_at: work_order.opened_at,
        promised_first: work_order.details.promised_at,
        promised_now: promised,
        check_due_at: due_at,
        check_due: due,
        late,
        items,
        progress: progress(conn, wo)?,
        approved_extra_minor,
        archive_failed: None,
        editable: in_workshop(work_order.status),
    })
}

fn refuse_unless_in(wo: &WorkOrder) -> Result<()> {
    match wo.status {
        WorkOrderStatus::Cancelled => Err(CoreError::conflict(Reason::WorkOrderCancelled)),
        s if in_workshop(s) => Ok(()),
        _ => Err(CoreError::conflict(Reason::StatusTransition)),
    }
}

/// One row of a Today task list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeskTask {
    pub work_order_id: WorkOrderId,
    pub number: String,
    pub plate: String,
    pub customer_name: String,
    /// What the task is about: the finding, or empty.
    pub subject: String,
    /// The amount waiting for an answer, when there is one.
    pub amount_minor: Option<i64>,
    /// When it fell or falls due.
    pub at: Option<NaiveDateTime>,
}

/// What the desk has to do now, for Today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DeskTasks {
    /// Jobs whose estimate is priced but not approved yet.
    pub estimates_waiting: Vec<DeskTask>,
    /// Additional items waiting for the customer's answer.
    pub answers_waiting: Vec<DeskTask>,
    pub progress_checks: Vec<DeskTask>,
    pub late: Vec<DeskTask>,
}

fn desk_tasks(conn: &Connection, now: NaiveDateTime) -> Result<DeskTasks> {
    let mut tasks = DeskTasks {
        estimates_waiting: Vec::new(),
        answers_waiting: Vec::new(),
        progress_checks: Vec::new(),
        late: Vec::new(),
    };
    let open: Vec<(WorkOrderId, String, String)> = conn
        .prepare_cached(
            "SELECT w.id, v.plate,
                    c.display_name
             FROM work_orders w JOIN vehicles v ON v.id = w.vehicle_id
             JOIN customers c ON c.id = w.customer_id
             WHERE w.status IN ('open', 'checked_in', 'in_workshop')
             ORDER BY w.opened_at, w.id",
        )?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, plate, customer_name) in open {
        let wo = work_orders::load(conn, id)?;
        let task = |subject: String, amount: Option<i64>, at: Option<NaiveDateTime>| DeskTask {
            work_order_id: id,
            number: wo.number.clone(),
            plate: plate.clone(),
            customer_name: customer_name.clone(),
            subject,
            amount_minor: amount,
            at,
        };
        // A draft with a priced line waits for the customer's approval.
        let draft_updated: Option<NaiveDateTime> = conn
            .prepare_cached(
                "SELECT updated_at FROM estimates WHERE work_order_id = ?1 AND status = 'draft'",
            )?
            .query_row([id], |row| row.get(0))
            .optional()?;
        if let Some(updated) = draft_updated {
            let gross = estimates::book(conn, id)?.current.totals.gross_minor;
            if gross > 0 {
                tasks
                    .estimates_waiting
                    .push(task(String::new(), Some(gross), Some(updated)));
            }
        }
        for item in items(conn, id)? {
            if item.status == ProposalStatus::Proposed {
                tasks.answers_waiting.push(task(
                    item.finding.clone(),
                    Some(item.totals.gross_minor),
                    Some(item.found_at),
                ));
            }
        }
        let (promised, due_at, due, late) = check_state(conn, &wo, now)?;
        if due && !late {
            tasks
                .progress_checks
                .push(task(String::new(), None, due_at));
        }
        if late {
            tasks.late.push(task(String::new(), None, promised));
        }
    }
    Ok(tasks)
}

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
    Ok(estimates::book(conn, wo)
        .map(|b| b.current.lines.into_iter().map(|l| l.description).collect())
        .unwrap_or_default())
}

impl Store {
    /// The Workshop view of a job.
    pub fn workshop(&self, wo: WorkOrderId, now: NaiveDateTime) -> Result<WorkshopView> {
        self.with_conn(|conn| view(conn, wo, now))
    }

    /// Records what the workshop found, as a proposal waiting for the customer.
    pub fn add_additional_item(
        &self,
        wo: WorkOrderId,
        input: &AdditionalItemInput,
        now: NaiveDateTime,
    ) -> Result<WorkshopView> {
        let clean = clean_item(input)?;
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            refuse_unless_in(&work_order)?;
            let settings = pricing_settings(tx)?;
            figures(&clean.lines, PricingMode::ByItem, 0, &settings.tax)?;
            let photos = serde_json::to_string(&clean.photos)
                .map_err(|_| CoreError::invalid("photos", Reason::PhotoReference))?;
            let lines = serde_json::to_string(&clean.lines)
                .map_err(|_| CoreError::invalid("lines", Reason::ListTooLong))?;
            tx.execute(
                "INSERT INTO additional_items (work_order_id, finding, reason, safety_critical,
                     photos, found_by, found_at, lines, extra_minutes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    wo,
                    clean.finding,
                    clean.reason,
                    clean.safety_critical,
                    photos,
                    clean.found_by,
                    now,
                    lines,
                    clean.extra_minutes
                ],
            )?;
            view(tx, wo, now)
        })
    }

    /// Records a call about an item: the customer's answer, or that they were not
    /// reached. An approval may move the promised time.
    pub fn answer_additional_item(
        &self,
        data_dir: &Path,
        wo: WorkOrderId,
        item_id: i64,
        input: &AnswerInput,
        now: NaiveDateTime,
    ) -> Result<WorkshopView> {
        let input = &crate::pricing::answer::clean_answer(input);
        let issues = check_answer(input, now);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        let signature = input.signature.as_ref().map(clean_signature).transpose()?;
        if let Some(clean) = &signature {
            save_png(data_dir, clean)?;
        }
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            refuse_unless_in(&work_order)?;
            let found = item(tx, item_id)?;
            if found.work_order_id != wo {
                return Err(CoreError::NotFound {
                    what: "additional_item",
                });
            }
            if found.status != ProposalStatus::Proposed {
                return Err(CoreError::conflict(Reason::ItemAnswered));
            }
            tx.execute(
                "INSERT INTO additional_item_contacts (item_id, at, channel, outcome, spoke_with,
                                                       recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    item_id,
                    now,
                    input.channel.as_str(),
                    input.outcome.as_str(),
                    input.spoke_with.trim(),
                    input.recorded_by.trim()
                ],
            )?;
            let status = match input.outcome {
                ContactOutcome::NotReached => return view(tx, wo, now),
                ContactOutcome::Approved => ProposalStatus::Approved,
                ContactOutcome::Declined => ProposalStatus::Declined,
            };
            tx.execute(
                "UPDATE additional_items SET status = ?2, answer_channel = ?3, answered_by = ?4,
                        recorded_by = ?5, answered_at = ?6, signature_sha256 = ?7,
                        new_promised_at = ?8
                 WHERE id = ?1",
                params![
                    item_id,
                    status.as_str(),
                    input.channel.as_str(),
                    input.spoke_with.trim(),
                    input.recorded_by.trim(),
                    now,
                    signature.as_ref().map(|s| s.png_sha256.clone()),
                    input.new_promised_at
                ],
            )?;
            if let Some(at) = input.new_promised_at {
                tx.execute(
                    "INSERT INTO progress_log (work_order_id, at, kind, new_promised_at, reason,
                                               told_channel, told_at, recorded_by)
                     VALUES (?1, ?2, 'additional_item', ?3, ?4, ?5, ?2, ?6)",
                    params![
                        wo,
                        now,
                        at,
                        found.finding,
                        input.channel.as_str(),
                        input.recorded_by.trim()
                    ],
                )?;
            }
            view(tx, wo, now)
        })
    }

    /// Records a progress check: on time, or a delay with its new promised time.
    pub fn record_progress(
        &self,
        wo: WorkOrderId,
        input: &ProgressInput,
        now: NaiveDateTime,
    ) -> Result<WorkshopView> {
        let issues = check_progress(input, now);
        if !issues.is_empty() {
            return Err(CoreError::Invalid(issues));
        }
        self.with_tx(|tx| {
            let work_order = work_orders::load(tx, wo)?;
            refuse_unless_in(&work_order)?;
            let (kind, new_at, told_channel, told_at) = if input.on_time {
                (ProgressKind::OnTime, None, None, None)
            } else {
                (
                    ProgressKind::Delay,
                    input.new_promised_at,
                    input.told_channel,
                    input.told_at,
                )
            };
            tx.execute(
                "INSERT INTO progress_log (work_order_id, at, kind, new_promised_at, reason,
                                           told_channel, told_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    wo,
                    now,
                    kind.as_str(),
                    new_at,
                    input.reason.trim(),
                    told_channel.map(ApprovalChannel::as_str),
                    told_at,
                    input.recorded_by.trim()
                ],
            )?;
            view(tx, wo, now)
        })
    }

    /// What Today lists for the desk to do.
    pub fn desk_tasks(&self, now: NaiveDateTime) -> Result<DeskTasks> {
        self.with_conn(|conn| desk_tasks(conn, now))
    }

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
