//! Which of the Estimate step's actions apply: editing the draft, approving it, or starting
//! a revision of an approved version. Decided here from the job and the version's state,
//! sent with the estimate; the window only shows what is allowed.
use super::estimate::EstimateStatus;

/// What the desk may do with the estimate shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct EstimateActions {
    /// The draft takes changes (and is saved as it is typed).
    pub can_edit: bool,
    /// The draft may be approved by the customer.
    pub can_approve: bool,
    /// An approved version may be reopened as a new draft.
    pub can_revise: bool,
}

/// `job_open`: the job is neither cancelled nor collected; `status` and `approved` are the
/// shown version's.
pub fn estimate_actions(job_open: bool, status: EstimateStatus, approved: bool) -> EstimateActions {
    let draft = status == EstimateStatus::Draft;
    EstimateActions {
        can_edit: job_open && draft,
        can_approve: job_open && draft && !approved,
        can_revise: job_open && !draft,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_of_an_open_job_is_edited_and_approved_not_revised() {
        let a = estimate_actions(true, EstimateStatus::Draft, false);
        assert!(a.can_edit && a.can_approve);
        assert!(!a.can_revise, "a draft is already the revision");
    }

    #[test]
    fn an_approved_version_is_frozen_and_only_revised() {
        let a = estimate_actions(true, EstimateStatus::Approved, true);
        assert!(!a.can_edit && !a.can_approve);
        assert!(a.can_revise);
        assert!(estimate_actions(true, EstimateStatus::Superseded, true).can_revise);
    }

    #[test]
    fn a_cancelled_or_collected_job_allows_nothing() {
        for status in [EstimateStatus::Draft, EstimateStatus::Approved] {
            assert_eq!(
                estimate_actions(false, status, false),
                EstimateActions::default(),
                "a closed job's estimate is only shown"
            );
        }
    }
}
