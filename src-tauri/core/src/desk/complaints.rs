//! Taking a complaint (投诉) at the desk, recording each step, and closing it with the
//! answer and the customer's satisfaction; serious and malicious complaints, and any
//! compensation agreed, with the supervisor's PIN, journalled.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::domain::complaint::{
    Complaint, ComplaintClosing, ComplaintClosingInput, ComplaintFilter, ComplaintInput,
    ComplaintRow, ComplaintState, ComplaintStepInput,
};
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::ComplaintId;
use crate::reason::Reason;
use crate::settlement::complaint::{
    check_closing, check_input, check_step, closing_action, promise_in_force, state,
};
use crate::settlement::supervision::SupervisorWord;
use crate::store::numbering::{self, Series};
use crate::store::{complaints, staff, Store};

/// The list's longest page.
const LIST_LIMIT: u32 = 500;

fn invalid(issues: Vec<FieldIssue>) -> Result<()> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(issues))
    }
}

/// Fills in what the rules decide: the promise in force, late or not, the supervisor.
pub(crate) fn judged(mut c: Complaint, now: NaiveDateTime) -> Complaint {
    let promise = promise_in_force(c.taken_at, c.answer_by, &c.steps);
    c.promised_by = promise.map(|p| p.by);
    c.state = state(c.closing.is_some(), promise, &c.steps, now);
    c.needs_supervisor = c.kind.for_supervisor();
    c
}

fn row(c: &Complaint) -> ComplaintRow {
    ComplaintRow {
        id: c.id,
        number: c.number.clone(),
        kind: c.kind,
        channel: c.channel,
        customer_id: c.customer_id,
        customer_name: c.customer_name.clone(),
        plate: c.plate.clone(),
        work_order_id: c.work_order_id,
        work_order_number: c.work_order_number.clone(),
        words: c.words.chars().take(200).collect(),
        taken_at: c.taken_at,
        promised_by: c.promised_by,
        state: c.state,
        satisfied: c.closing.as_ref().map(|k| k.satisfied),
    }
}

fn load(conn: &Connection, id: ComplaintId, now: NaiveDateTime) -> Result<Complaint> {
    Ok(judged(complaints::load(conn, id)?, now))
}

fn open_one(conn: &Connection, id: ComplaintId, now: NaiveDateTime) -> Result<Complaint> {
    let c = load(conn, id, now)?;
    if c.closing.is_some() {
        return Err(CoreError::conflict(Reason::ComplaintClosed));
    }
    Ok(c)
}

impl Store {
    /// Takes a complaint at once: numbered C-YYYY-NNNN, with what was answered at once as
    /// its first step.
    pub fn log_complaint(&self, input: &ComplaintInput, now: NaiveDateTime) -> Result<Complaint> {
        invalid(check_input(input, now))?;
        self.with_tx(|tx| {
            if !complaints::vehicle_owned_by(tx, input.vehicle_id, input.customer_id)? {
                invalid(vec![FieldIssue::new(
                    "vehicleId",
                    Reason::ComplaintVehicleNotCustomers,
                )])?;
            }
            if let Some(wo) = input.work_order_id {
                if !complaints::job_on_vehicle(tx, wo, input.vehicle_id)? {
                    invalid(vec![FieldIssue::new(
                        "workOrderId",
                        Reason::ComplaintJobNotVehicles,
                    )])?;
                }
            }
            let issued = numbering::next(tx, Series::Complaint, now)?;
            let id = complaints::insert(tx, &issued, input, now)?;
            let answer = input.answer_now.trim();
            if !answer.is_empty() {
                let step = ComplaintStepInput {
                    by: input.taken_by.clone(),
                    action: answer.to_string(),
                    next_answer_by: None,
                };
                complaints::add_step(tx, id, &step, now)?;
            }
            load(tx, id, now)
        })
    }

    /// One complaint as its page shows it at `now`.
    pub fn complaint(&self, id: ComplaintId, now: NaiveDateTime) -> Result<Complaint> {
        self.with_conn(|conn| load(conn, id, now))
    }

    /// The complaint printed as `number` (C-2026-0007).
    pub fn complaint_by_number(&self, number: &str, now: NaiveDateTime) -> Result<Complaint> {
        let number: String = number.chars().take(40).collect();
        self.with_conn(|conn| load(conn, complaints::id_by_number(conn, &number)?, now))
    }

    /// Records one step (who, what was done or said, maybe a new answer time).
    pub fn add_complaint_step(
        &self,
        id: ComplaintId,
        step: &ComplaintStepInput,
        now: NaiveDateTime,
    ) -> Result<Complaint> {
        invalid(check_step(step, now))?;
        self.with_tx(|tx| {
            open_one(tx, id, now)?;
            complaints::add_step(tx, id, step, now)?;
            load(tx, id, now)
        })
    }

    /// Closes a complaint with the answer and whether the customer was satisfied. A
    /// serious or malicious complaint, or compensation agreed, needs the supervisor's
    /// `word`; the closing is journalled either way it was allowed.
    pub fn close_complaint(
        &self,
        id: ComplaintId,
        input: &ComplaintClosingInput,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<Complaint> {
        let c = self.with_conn(|conn| open_one(conn, id, now))?;
        invalid(check_closing(input, &c.demands))?;
        let action = closing_action(c.kind, input.compensation_agreed);
        let boss = self.supervisor_for(action, word, now)?;
        self.with_tx(|tx| {
            let c = open_one(tx, id, now)?;
            let satisfied = input.satisfied.unwrap_or(false);
            let closing = ComplaintClosing {
                answer: input.answer.trim().to_string(),
                satisfied,
                closed_by: input.closed_by.trim().to_string(),
                closed_at: now,
                supervisor: boss.as_ref().map(|b| b.name.clone()).unwrap_or_default(),
                compensation_agreed: input.compensation_agreed,
            };
            complaints::close(tx, id, &closing)?;
            if let Some(action) = action {
                let after = format!(
                    "closed {}{}",
                    if satisfied {
                        "satisfied"
                    } else {
                        "not satisfied"
                    },
                    if input.compensation_agreed {
                        ", compensation agreed"
                    } else {
                        ""
                    }
                );
                staff::journal_action(
                    tx,
                    action.as_str(),
                    boss.as_ref(),
                    &c.number,
                    (c.kind.as_str(), &after),
                    &closing.answer,
                    now,
                )?;
            }
            load(tx, id, now)
        })
    }

    /// The complaints the list shows, newest first, each with its state at `now`.
    pub fn complaints(
        &self,
        filter: &ComplaintFilter,
        now: NaiveDateTime,
    ) -> Result<Vec<ComplaintRow>> {
        let mut filter = filter.clone();
        filter.text = filter.text.chars().take(100).collect();
        let found = self.with_conn(|conn| complaints::list(conn, &filter, LIST_LIMIT))?;
        Ok(found
            .into_iter()
            .map(|c| judged(c, now))
            .filter(|c| match filter.state {
                Some(ComplaintState::Late) => c.state == ComplaintState::Late,
                Some(ComplaintState::Open) => c.state != ComplaintState::Closed,
                _ => true,
            })
            .map(|c| row(&c))
            .collect())
    }

    /// Open complaints whose promised answer time passed without a step, for Today.
    pub fn late_complaints(&self, now: NaiveDateTime) -> Result<Vec<ComplaintRow>> {
        let filter = ComplaintFilter {
            state: Some(ComplaintState::Late),
            kind: None,
            text: String::new(),
            customer_id: None,
            work_order_id: None,
        };
        self.complaints(&filter, now)
    }
}
