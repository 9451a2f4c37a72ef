//! The work order (委托书): the job opened on one vehicle, its gapless number, its status
//! and the lines the Today screen and the customer file list. Plain data and the pure
//! rules (numbering, status changes, lateness); the SQL is in `store::work_orders`, the
//! use cases in `desk::work_orders`.
pub mod actions;
pub mod extra_time;

use crate::reason::Reason;
use chrono::{Datelike, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::ids::{CustomerId, VehicleId, WorkOrderId};

/// Where a job stands. `Collected` is reached only through the exit handover
/// (`store::exits`), after the settlement and the exit notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum WorkOrderStatus {
    /// Opened at the desk; the intake is being filled in.
    Open,
    /// The customer signed the intake: its content is frozen.
    CheckedIn,
    /// The workshop's receiver signed for the car.
    InWorkshop,
    /// Work done, final check passed: the customer may collect.
    Ready,
    /// The customer took the car (and its keys) away.
    Collected,
    /// Called off; keeps its number and the reason.
    Cancelled,
}

impl WorkOrderStatus {
    pub const ALL: [WorkOrderStatus; 6] = [
        WorkOrderStatus::Open,
        WorkOrderStatus::CheckedIn,
        WorkOrderStatus::InWorkshop,
        WorkOrderStatus::Ready,
        WorkOrderStatus::Collected,
        WorkOrderStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WorkOrderStatus::Open => "open",
            WorkOrderStatus::CheckedIn => "checked_in",
            WorkOrderStatus::InWorkshop => "in_workshop",
            WorkOrderStatus::Ready => "ready",
            WorkOrderStatus::Collected => "collected",
            WorkOrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// Whether the car (and its keys) is still with the shop for this job.
    pub fn holds_the_car(self) -> bool {
        !matches!(
            self,
            WorkOrderStatus::Collected | WorkOrderStatus::Cancelled
        )
    }

    /// Whether the job is finished as far as the promised time goes.
    pub fn is_done(self) -> bool {
        matches!(
            self,
            WorkOrderStatus::Ready | WorkOrderStatus::Collected | WorkOrderStatus::Cancelled
        )
    }
}

/// Why a status change is refused, as the `Conflict` code the UI branches on: changes
/// that need a signature happen by signing, a cancellation needs its reason.
pub fn check_transition(from: WorkOrderStatus, to: WorkOrderStatus) -> Result<(), Reason> {
    use WorkOrderStatus::*;
    match (from, to) {
        (Cancelled, _) => Err(Reason::WorkOrderCancelled),
        (Collected, _) => Err(Reason::StatusTransition),
        (Open, CheckedIn) => Err(Reason::StatusNeedsCustomerSignature),
        (CheckedIn, InWorkshop) => Err(Reason::StatusNeedsWorkshopSignature),
        (_, Cancelled) => Err(Reason::StatusCancelNeedsReason),
        // The car leaves through the exit: signed settlement, exit notice, handover.
        (Ready, Collected) => Err(Reason::StatusNeedsExit),
        // Ready only through the final check, which records who checked what and when
        // the customer is to be told ([`check_final_check`]).
        (InWorkshop, Ready) => Err(Reason::StatusNeedsFinalCheck),
        (Ready, InWorkshop) => Ok(()),
        _ => Err(Reason::StatusTransition),
    }
}

/// Whether the final check (the move to Ready) can be made from `from`: only when the
/// car is in the workshop.
pub fn check_final_check(from: WorkOrderStatus) -> Result<(), Reason> {
    match check_transition(from, WorkOrderStatus::Ready) {
        Err(Reason::StatusNeedsFinalCheck) => Ok(()),
        Ok(()) => Ok(()),
        refused => refused,
    }
}

/// The moves the desk can make from `from` with a button (not by signing), for the
/// window to show only those.
pub fn button_moves(from: WorkOrderStatus) -> Vec<WorkOrderStatus> {
    use WorkOrderStatus::*;
    let mut moves: Vec<WorkOrderStatus> = [Open, CheckedIn, InWorkshop, Ready, Collected]
        .into_iter()
        .filter(|to| check_transition(from, *to).is_ok())
        .collect();
    // Cancelling is a move too, with its reason asked for on screen.
    if !matches!(from, Cancelled | Collected) {
        moves.push(Cancelled);
    }
    moves
}

/// `<prefix>-<year>-<NNNNN>`, e.g. `WO-2026-00042`.
pub fn format_number(prefix: &str, year: i32, seq: i64) -> String {
    format!("{prefix}-{year}-{seq:05}")
}

/// The numbering year of a work order opened at `at`.
pub fn number_year(at: NaiveDateTime) -> i32 {
    at.year()
}

/// The year a new number is issued in: the clock's, unless the clock is behind the year
/// of the last number issued (`last`). Then it is refused (`None`: a second series in
/// an old year would repeat numbers on paper), unless the supervisor confirmed that the
/// clock had run ahead into that year (`confirmed`): the numbers then go on in the last
/// year until the clock reaches it, with no gap and no number twice.
pub fn issue_year(clock: NaiveDateTime, last: Option<i32>, confirmed: Option<i32>) -> Option<i32> {
    let year = number_year(clock);
    match last {
        Some(last) if year < last => confirmed.filter(|c| *c >= last).map(|_| last),
        _ => Some(year),
    }
}

/// Promised and not finished by `now`.
pub fn is_overdue(
    status: WorkOrderStatus,
    promised_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> bool {
    !status.is_done() && promised_at.is_some_and(|at| at < now)
}

/// Who to call about this job, when it is not the customer on file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobContact {
    pub name: String,
    pub phone: String,
}

/// One requested service; the estimate is in minor units of the shop's currency.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLine {
    pub description: String,
    pub estimate_minor: Option<i64>,
}

/// What the desk fills in when opening the job, and edits until the customer signs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobDetails {
    pub advisor: String,
    /// The complaint in the customer's own words (客户原话); the diagnosis never
    /// overwrites it.
    pub complaint: String,
    pub diagnosis: String,
    pub services: Vec<ServiceLine>,
    pub promised_at: Option<NaiveDateTime>,
    pub contact: Option<JobContact>,
    pub other_requests: String,
}

/// Opening a job on a customer's vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct OpenWorkOrder {
    pub customer_id: CustomerId,
    pub vehicle_id: VehicleId,
    pub details: JobDetails,
}

/// A job's repair category (维修类别), chosen at intake and printed on the work order.
/// Jobs from before migration 020 that it could not classify have none, and count in an
/// explicit "unknown" row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RepairCategory {
    /// Scheduled maintenance (一级/二级维护): oil, filters, the service schedule.
    Maintenance,
    /// A repair of a fault (小修, 专项修理).
    Repair,
    /// Accident and body work (事故车, 钣金喷漆).
    Accident,
    /// Overhaul of the vehicle or a major assembly (大修, 总成修理).
    Overhaul,
    /// The car came back for work the shop did (返修).
    Comeback,
}

impl RepairCategory {
    pub const ALL: [RepairCategory; 5] = [
        Self::Maintenance,
        Self::Repair,
        Self::Accident,
        Self::Overhaul,
        Self::Comeback,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Maintenance => "maintenance",
            Self::Repair => "repair",
            Self::Accident => "accident",
            Self::Overhaul => "overhaul",
            Self::Comeback => "comeback",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// The work order's own fields (the intake sections come with [`crate::intake`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrder {
    pub id: WorkOrderId,
    pub number: String,
    pub customer_id: CustomerId,
    pub vehicle_id: VehicleId,
    pub status: WorkOrderStatus,
    pub opened_at: NaiveDateTime,
    pub details: JobDetails,
    /// Set when the customer signed the intake; its content cannot change after.
    pub frozen_at: Option<NaiveDateTime>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub cancel_reason: String,
    pub updated_at: NaiveDateTime,
    /// Chosen at intake, changeable until the settlement is signed; `None` for a job not
    /// classified yet. Kept out of the frozen intake, so signed snapshots never change.
    pub repair_category: Option<RepairCategory>,
}

/// One line of a list of jobs (Today, the work-order list, a customer's history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderSummary {
    pub id: WorkOrderId,
    pub number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub vehicle_id: VehicleId,
    pub plate: String,
    pub status: WorkOrderStatus,
    pub opened_at: NaiveDateTime,
    pub promised_at: Option<NaiveDateTime>,
    pub complaint: String,
    pub repair_category: Option<RepairCategory>,
    /// Promised before the `now` of the query and not ready yet.
    pub overdue: bool,
    /// The step a list opens the job at ([`actions::opening_step`]).
    pub opens_at: actions::OpeningStep,
}

/// Which jobs to list, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderFilter {
    /// Only jobs in one of these states; all when empty.
    pub statuses: Vec<WorkOrderStatus>,
    pub customer_id: Option<CustomerId>,
    pub vehicle_id: Option<VehicleId>,
    /// Part of the number or plate, as typed.
    pub text: String,
    /// Only jobs of this repair category; all when `None`.
    #[serde(default)]
    pub repair_category: Option<RepairCategory>,
    pub offset: i64,
    pub limit: i64,
}

impl Default for WorkOrderFilter {
    fn default() -> Self {
        Self {
            statuses: Vec::new(),
            customer_id: None,
            vehicle_id: None,
            text: String::new(),
            repair_category: None,
            offset: 0,
            limit: 50,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderPage {
    pub items: Vec<WorkOrderSummary>,
    pub total: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use WorkOrderStatus::*;

    fn at(h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    #[test]
    fn numbers_carry_prefix_year_and_five_digits() {
        assert_eq!(format_number("WO", 2026, 42), "WO-2026-00042");
        assert_eq!(number_year(at(9)), 2026);
    }

    #[test]
    fn signing_steps_cannot_be_skipped_by_setting_the_status() {
        assert_eq!(
            check_transition(Open, CheckedIn),
            Err(Reason::StatusNeedsCustomerSignature)
        );
        assert_eq!(
            check_transition(CheckedIn, InWorkshop),
            Err(Reason::StatusNeedsWorkshopSignature)
        );
        assert_eq!(check_transition(Open, Ready), Err(Reason::StatusTransition));
        assert_eq!(
            check_transition(InWorkshop, Ready),
            Err(Reason::StatusNeedsFinalCheck),
            "Ready is reached through the final check"
        );
        assert_eq!(check_final_check(InWorkshop), Ok(()));
        assert!(check_final_check(CheckedIn).is_err() && check_final_check(Ready).is_err());
        assert!(!button_moves(InWorkshop).contains(&Ready));
        assert_eq!(check_transition(Ready, InWorkshop), Ok(()));
        // Issue 8: collecting the car is the exit handover, never a status button.
        assert_eq!(
            check_transition(Ready, Collected),
            Err(Reason::StatusNeedsExit)
        );
        assert_eq!(
            check_transition(Collected, Cancelled),
            Err(Reason::StatusTransition)
        );
    }

    #[test]
    fn a_cancelled_job_stays_cancelled() {
        for to in WorkOrderStatus::ALL {
            assert_eq!(
                check_transition(Cancelled, to),
                Err(Reason::WorkOrderCancelled)
            );
        }
    }

    #[test]
    fn a_job_is_overdue_only_when_promised_earlier_and_not_ready() {
        assert!(is_overdue(InWorkshop, Some(at(9)), at(10)));
        assert!(!is_overdue(Ready, Some(at(9)), at(10)));
        assert!(!is_overdue(Cancelled, Some(at(9)), at(10)));
        assert!(!is_overdue(Open, Some(at(11)), at(10)));
        assert!(!is_overdue(Open, None, at(10)));
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for status in WorkOrderStatus::ALL {
            assert_eq!(WorkOrderStatus::parse(status.as_str()), Some(status));
        }
    }
}
