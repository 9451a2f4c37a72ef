//! Comebacks (返修): linking a job to the earlier job of the same vehicle it came back
//! for, at intake or later, and judging it against that job's guarantee — the limits
//! printed on its signed settlement, against the comeback's intake day and odometer.
//!
//! Its cost to the shop is what the shop does not charge on the comeback: within the
//! guarantee the desk prices the comeback's lines at the shop's price and gives them free
//! with a line discount (so the settlement still says what the work was worth); the cost
//! counted is the comeback's discounts, lines' and total's, before tax. Outside the
//! guarantee that is normally nothing, unless the shop chose to give goodwill.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::desk::repair_category::set_if_open;
use crate::desk::settlement_view::view;
use crate::domain::complaint::{Comeback, ComebackCandidate};
use crate::error::{CoreError, FieldIssue, Result};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::settlement::comeback::{cost_to_shop, judge};
use crate::store::settlement_view::intake_odometer;
use crate::store::settlements::signed;
use crate::store::{comebacks, work_orders, Store};
use crate::work_order::RepairCategory;

/// The comeback's discounts, before tax; nothing before it is priced.
fn cost(conn: &Connection, wo: WorkOrderId, now: NaiveDateTime) -> Result<i64> {
    match view(conn, wo, now) {
        Ok(s) => {
            let gross: i64 = s.figures.totals.lines.iter().map(|l| l.gross_minor).sum();
            let charged = gross
                .saturating_sub(s.figures.totals.discount_minor)
                .saturating_sub(s.figures.total_discount_minor);
            Ok(cost_to_shop(gross, charged))
        }
        Err(CoreError::NotFound { .. }) => Ok(0),
        Err(e) => Err(e),
    }
}

/// The comeback link of `wo` judged at `now`, `None` when it is no comeback.
pub(crate) fn comeback(
    conn: &Connection,
    wo: WorkOrderId,
    now: NaiveDateTime,
) -> Result<Option<Comeback>> {
    let Some((origin_id, linked_by, linked_at)) = comebacks::link_of(conn, wo)? else {
        return Ok(None);
    };
    let job = work_orders::load(conn, wo)?;
    let origin = work_orders::load(conn, origin_id)?;
    let settled = match signed(conn, origin_id) {
        Ok((_, snap)) => Some(snap),
        Err(CoreError::Conflict { .. }) => None,
        Err(e) => return Err(e),
    };
    let odometer = intake_odometer(conn, wo)?;
    let intake_date = job.opened_at.date();
    let (standing, limit) = match &settled {
        Some(snap) => {
            let limits: Vec<_> = snap
                .lines
                .iter()
                .filter(|l| !l.no_guarantee)
                .filter_map(|l| l.guarantee)
                .collect();
            judge(&limits, intake_date, odometer)
        }
        None => (
            crate::settlement::comeback::GuaranteeStanding::Unknown,
            None,
        ),
    };
    Ok(Some(Comeback {
        work_order_id: wo,
        origin_id,
        origin_number: origin.number,
        origin_exit: settled.as_ref().map(|s| s.exit_date),
        origin_odometer: settled.as_ref().map(|s| s.odometer_out),
        intake_date,
        intake_odometer: odometer,
        standing,
        limit,
        cost_minor: cost(conn, wo, now)?,
        linked_by,
        linked_at,
    }))
}

impl Store {
    /// Links `wo` as a comeback of `origin`, an earlier job of the same vehicle.
    pub fn link_comeback(
        &self,
        wo: WorkOrderId,
        origin: WorkOrderId,
        by: &str,
        now: NaiveDateTime,
    ) -> Result<Option<Comeback>> {
        let by: String = by.trim().chars().take(100).collect();
        self.with_tx(|tx| {
            let allowed = comebacks::candidates(tx, wo)?;
            if !allowed.iter().any(|c| c.id == origin) {
                return Err(CoreError::Invalid(vec![FieldIssue::new(
                    "originId",
                    Reason::ComebackOriginInvalid,
                )]));
            }
            comebacks::link(tx, wo, origin, &by, now)?;
            // A settled job keeps the category it was counted under.
            set_if_open(tx, wo, RepairCategory::Comeback, now)?;
            comeback(tx, wo, now)
        })
    }

    /// Takes the comeback link off `wo` (linked by mistake).
    pub fn unlink_comeback(&self, wo: WorkOrderId) -> Result<()> {
        self.with_tx(|tx| {
            work_orders::load(tx, wo)?;
            comebacks::unlink(tx, wo)
        })
    }

    /// The comeback link of `wo` as the job screen shows it at `now`.
    pub fn comeback(&self, wo: WorkOrderId, now: NaiveDateTime) -> Result<Option<Comeback>> {
        self.with_conn(|conn| comeback(conn, wo, now))
    }

    /// The earlier jobs of `wo`'s vehicle it may be linked to.
    pub fn comeback_candidates(&self, wo: WorkOrderId) -> Result<Vec<ComebackCandidate>> {
        self.with_conn(|conn| comebacks::candidates(conn, wo))
    }

    /// The comebacks of `origin`, judged at `now`.
    pub fn comebacks_of(&self, origin: WorkOrderId, now: NaiveDateTime) -> Result<Vec<Comeback>> {
        self.with_conn(|conn| {
            let mut out = Vec::new();
            for wo in comebacks::comebacks_of(conn, origin)? {
                out.extend(comeback(conn, wo, now)?);
            }
            Ok(out)
        })
    }
}
