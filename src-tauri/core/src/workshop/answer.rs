//! The customer's answer to an additional item as the desk sends it, made whole before it
//! is checked: a new promised time belongs to an approval only, so one typed before the
//! customer declined (or could not be reached) is dropped, not refused.
use super::{AnswerInput, ContactOutcome};

/// `input` keeping its new promised time only when the outcome is an approval.
pub fn clean_answer(input: &AnswerInput) -> AnswerInput {
    let mut out = input.clone();
    if out.outcome != ContactOutcome::Approved {
        out.new_promised_at = None;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::estimate::ApprovalChannel;
    use chrono::NaiveDate;

    fn answer(outcome: ContactOutcome) -> AnswerInput {
        AnswerInput {
            outcome,
            channel: ApprovalChannel::Phone,
            spoke_with: "王先生".into(),
            recorded_by: "周敏".into(),
            new_promised_at: NaiveDate::from_ymd_opt(2026, 12, 8)
                .and_then(|d| d.and_hms_opt(17, 30, 0)),
            signature: None,
        }
    }

    #[test]
    fn an_approval_keeps_its_new_promised_time() {
        assert!(clean_answer(&answer(ContactOutcome::Approved))
            .new_promised_at
            .is_some());
    }

    #[test]
    fn a_decline_or_a_missed_call_moves_no_promise() {
        for outcome in [ContactOutcome::Declined, ContactOutcome::NotReached] {
            assert_eq!(clean_answer(&answer(outcome)).new_promised_at, None);
        }
    }
}
