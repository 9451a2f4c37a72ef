//! Today's tasks at the desk: estimates priced but not approved, additional items waiting
//! for the customer's answer, progress checks due and jobs running late.
use chrono::NaiveDateTime;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::desk::estimate_book::book;
use crate::desk::workshop::{check_state, items};
use crate::error::Result;
use crate::ids::WorkOrderId;
use crate::store::{estimates, work_orders, Store};
use crate::workshop::ProposalStatus;

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
    let open = work_orders::in_the_shop(conn)?;
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
        let draft_updated = estimates::draft_updated_at(conn, id)?;
        if let Some(updated) = draft_updated {
            let gross = book(conn, id)?.current.totals.gross_minor;
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

impl Store {
    /// What Today lists for the desk to do.
    pub fn desk_tasks(&self, now: NaiveDateTime) -> Result<DeskTasks> {
        self.with_conn(|conn| desk_tasks(conn, now))
    }
}
