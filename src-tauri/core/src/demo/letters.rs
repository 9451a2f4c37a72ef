//! The demo shop's letter register (跟踪服务信函登记表): a seasonal check sent before
//! winter to the customers seen in a summer fortnight, and a recall of one batch of
//! Corollas by VIN — both through the desk's own `send_mailing`, as the desk would.
use chrono::{Days, NaiveDateTime};

use crate::desk::letters::MailingRequest;
use crate::error::{CoreError, Result};
use crate::letters::{LetterGroup, LetterKind};
use crate::reason::Reason;
use crate::store::Store;

/// Sends the demo's past mailings; a shop too small for a group sends fewer.
pub(super) fn generate(store: &Store, now: NaiveDateTime) -> Result<usize> {
    let templates = store.letter_templates()?;
    let of = |kind| templates.iter().find(|t| t.kind == kind).map(|t| t.id);
    let mut sent = 0;
    let today = now.date();
    if let Some(seasonal) = of(LetterKind::Seasonal) {
        let sent_at = now - chrono::Duration::days(40) - chrono::Duration::hours(2);
        // The customers last seen in a window before the mailing, narrowed until the
        // mailing is one a desk would print.
        for days in [14u64, 7, 3, 1] {
            let to = today.checked_sub_days(Days::new(60)).unwrap_or(today);
            let from = to.checked_sub_days(Days::new(days)).unwrap_or(to);
            let group = LetterGroup {
                agreed_only: true,
                last_visit_from: Some(from),
                last_visit_to: Some(to),
                ..LetterGroup::default()
            };
            let request = MailingRequest {
                template_id: seasonal,
                group,
                event_date: sent_at.date().checked_add_days(Days::new(30)),
            };
            if try_send(store, &request, sent_at)? {
                sent += 1;
                break;
            }
        }
    }
    if let Some(recall) = of(LetterKind::Recall) {
        let sent_at = now - chrono::Duration::days(12) - chrono::Duration::hours(5);
        for (year_from, year_to) in [(2016, 2019), (2018, 2018)] {
            let request = MailingRequest {
                template_id: recall,
                group: LetterGroup {
                    make: "Toyota".into(),
                    model: "Corolla".into(),
                    vin_prefix: "LFM".into(),
                    year_from: Some(year_from),
                    year_to: Some(year_to),
                    ..LetterGroup::default()
                },
                event_date: sent_at.date().checked_add_days(Days::new(45)),
            };
            if try_send(store, &request, sent_at)? {
                sent += 1;
                break;
            }
        }
    }
    Ok(sent)
}

/// Sends `request`; `false` when its group is empty or too large for one mailing.
fn try_send(store: &Store, request: &MailingRequest, at: NaiveDateTime) -> Result<bool> {
    match store.send_mailing(request, at) {
        Ok(_) => Ok(true),
        Err(CoreError::Invalid(issues))
            if issues
                .iter()
                .all(|i| matches!(i.code, Reason::LetterNoRecipients | Reason::LetterTooMany)) =>
        {
            Ok(false)
        }
        Err(e) => Err(e),
    }
}
