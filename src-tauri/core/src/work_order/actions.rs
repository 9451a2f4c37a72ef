//! What the desk may do with a job now, decided from its status alone: whether its intake
//! is frozen, whether amendments and signatures apply, the pickup call, the handover, and
//! where a list opens it. Pure rules, sent with the job so the window only shows them.
use serde::{Deserialize, Serialize};

use super::WorkOrderStatus;

/// The flags a job's screens show by, as the core decides them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JobActions {
    /// The intake is shown, not edited: the customer signed it, or the job was cancelled.
    pub intake_frozen: bool,
    /// Signatures and amendments can still be taken: the job is not cancelled.
    pub can_amend: bool,
    /// The Settle & exit step applies: the final check can be made, or the car is ready.
    pub can_settle: bool,
    /// The call telling the customer the car is ready can be recorded.
    pub can_record_pickup_call: bool,
    /// The exit handover (belongings, documents, keys) is still to be made.
    pub can_hand_over: bool,
    /// The car was collected: the job is closed.
    pub collected: bool,
}

/// Where a list opens a job: the walk-around while the intake is being filled in,
/// else the signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum OpeningStep {
    Walkaround,
    Sign,
}

/// The intake cannot change once the customer signed it (`frozen`) or the job was called off.
pub fn intake_frozen(status: WorkOrderStatus, frozen: bool) -> bool {
    frozen || status == WorkOrderStatus::Cancelled
}

/// A cancelled job takes no more signatures and no amendments.
pub fn can_amend(status: WorkOrderStatus) -> bool {
    status != WorkOrderStatus::Cancelled
}

/// The settle step is open from the final check (car in the workshop) until collection.
pub fn can_settle(status: WorkOrderStatus) -> bool {
    super::check_final_check(status).is_ok() || status == WorkOrderStatus::Ready
}

/// The customer is called only once the car is ready.
pub fn can_record_pickup_call(status: WorkOrderStatus) -> bool {
    status == WorkOrderStatus::Ready
}

/// The handover is made once: not after the car was collected.
pub fn can_hand_over(status: WorkOrderStatus) -> bool {
    status != WorkOrderStatus::Collected
}

/// The step a list opens a job at.
pub fn opening_step(status: WorkOrderStatus) -> OpeningStep {
    match status {
        WorkOrderStatus::Open => OpeningStep::Walkaround,
        _ => OpeningStep::Sign,
    }
}

/// Every flag of a job with this `status`, `frozen` when the customer signed the intake.
pub fn job_actions(status: WorkOrderStatus, frozen: bool) -> JobActions {
    JobActions {
        intake_frozen: intake_frozen(status, frozen),
        can_amend: can_amend(status),
        can_settle: can_settle(status),
        can_record_pickup_call: can_record_pickup_call(status),
        can_hand_over: can_hand_over(status),
        collected: status == WorkOrderStatus::Collected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use WorkOrderStatus::*;

    #[test]
    fn a_cancelled_job_is_frozen_even_when_never_signed() {
        assert!(intake_frozen(Cancelled, false));
        assert!(intake_frozen(CheckedIn, true));
        assert!(
            !intake_frozen(Open, false),
            "an open intake is still edited"
        );
    }

    #[test]
    fn amendments_stop_only_when_the_job_is_cancelled() {
        assert!(!can_amend(Cancelled));
        for status in [Open, CheckedIn, InWorkshop, Ready, Collected] {
            assert!(can_amend(status), "{status:?} still takes amendments");
        }
    }

    #[test]
    fn the_settle_step_opens_in_the_workshop_and_stays_while_ready() {
        assert!(can_settle(InWorkshop));
        assert!(can_settle(Ready));
        assert!(!can_settle(Open));
        assert!(!can_settle(CheckedIn));
        assert!(!can_settle(Collected));
        assert!(!can_settle(Cancelled));
    }

    #[test]
    fn the_pickup_call_is_for_a_ready_car_and_the_handover_ends_at_collection() {
        assert!(can_record_pickup_call(Ready));
        assert!(!can_record_pickup_call(InWorkshop));
        assert!(!can_record_pickup_call(Collected));
        assert!(can_hand_over(Ready));
        assert!(!can_hand_over(Collected));
        assert!(job_actions(Collected, true).collected);
        assert!(!job_actions(Ready, true).collected);
    }

    #[test]
    fn a_list_opens_an_open_job_at_the_walk_around_and_the_rest_at_signing() {
        assert_eq!(opening_step(Open), OpeningStep::Walkaround);
        for status in [CheckedIn, InWorkshop, Ready, Collected, Cancelled] {
            assert_eq!(opening_step(status), OpeningStep::Sign);
        }
        let json = serde_json::to_string(&OpeningStep::Walkaround).unwrap_or_default();
        assert_eq!(json, "\"walkaround\"", "the window's step name");
    }
}
