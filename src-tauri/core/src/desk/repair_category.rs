//! A job's repair category (维修类别): chosen at intake, changeable until the settlement is
//! signed — after that the job is counted in the figures as it was settled. Kept out of
//! the frozen intake, so setting it never touches what the customer signed.
use chrono::NaiveDateTime;
use rusqlite::Connection;

use crate::error::{CoreError, Result};
use crate::ids::WorkOrderId;
use crate::reason::Reason;
use crate::store::settlements::current;
use crate::store::{work_orders, Store};
use crate::work_order::{RepairCategory, WorkOrderStatus};

/// Why the category of `wo` may not change now, or `None` when it may.
pub(crate) fn fixed_because(conn: &Connection, wo: WorkOrderId) -> Result<Option<Reason>> {
    if work_orders::load(conn, wo)?.status == WorkOrderStatus::Cancelled {
        return Ok(Some(Reason::WorkOrderCancelled));
    }
    let settled = current(conn, wo)?
        .is_some_and(|head| head.status == crate::domain::settlement::SettlementStatus::Signed);
    Ok(settled.then_some(Reason::RepairCategorySettled))
}

/// Files `category` on `wo`, leaving the row (and its `updated_at`) alone when it is
/// already that.
fn write(
    conn: &Connection,
    wo: WorkOrderId,
    category: RepairCategory,
    now: NaiveDateTime,
) -> Result<()> {
    if work_orders::repair_category(conn, wo)? == Some(category) {
        return Ok(());
    }
    work_orders::set_repair_category(conn, wo, Some(category), now)
}

/// Sets the category of `wo` when it may still change; says whether it did.
pub(crate) fn set_if_open(
    conn: &Connection,
    wo: WorkOrderId,
    category: RepairCategory,
    now: NaiveDateTime,
) -> Result<bool> {
    if fixed_because(conn, wo)?.is_some() {
        return Ok(false);
    }
    write(conn, wo, category, now)?;
    Ok(true)
}

impl Store {
    /// Chooses the repair category of job `id`, refused once its settlement is signed.
    pub fn set_repair_category(
        &self,
        id: WorkOrderId,
        category: RepairCategory,
        now: NaiveDateTime,
    ) -> Result<()> {
        self.with_tx(|tx| {
            if let Some(reason) = fixed_because(tx, id)? {
                return Err(CoreError::conflict(reason));
            }
            write(tx, id, category, now)
        })
    }
}
