//! The money side of the demo shop's recent past: its latest jobs (up to [`MOST`], from
//! the last [`DAYS`] days) are closed the way the desk closes a job — the estimate
//! approved, the final check, the settlement signed, paid by the usual mix of methods,
//! the exit notice, the handover signed — through the store's own functions, so the
//! cash-up, the receivables and the customer files show realistic figures. About one
//! job in eight leaves partly paid with the demo supervisor's override and stays owed.
//! (The years before are closed by `history`.)
use std::path::Path;

use base64::Engine;
use chrono::{Duration, NaiveDateTime};

use super::repairs::{self, Work};
use super::rng::Rng;
use crate::error::{CoreError, Result};
use crate::ids::{StaffId, WorkOrderId};
use crate::intake::{SignatureInput, SignatureRole, StrokePoint};
use crate::pricing::estimate::{ApprovalChannel, ApprovalInput, EstimateDraftInput};
use crate::pricing::{GuaranteeDefaults, LineKind};
use crate::settlement::exit::{BelongingReturn, DocumentReturn, ExitInput, HandoverInput};
use crate::settlement::payment::{PaymentInput, PaymentMethod};
use crate::settlement::pickup::{ReadyInput, TestDrive};
use crate::settlement::staff::{ApprovalAction, ApprovalRequest, StaffInput, StaffRole};
use crate::settlement::{OldPartChoice, OldPartDisposition, SettlementDraftInput};
use crate::store::settlements::SettlementSignInput;
use crate::store::Store;

/// How far back jobs are settled, and at most how many.
pub(super) const DAYS: i64 = 45;
pub(super) const MOST: usize = 120;
/// The demo supervisor's PIN, named in the README.
pub const DEMO_SUPERVISOR_PIN: &str = "2468";
const ADVISOR: &str = "周敏";

/// When a job was ready and when it left.
struct Times {
    ready_at: NaiveDateTime,
    out_at: NaiveDateTime,
}

/// A job written up to the workshop, to be closed here.
pub(super) struct ToSettle {
    pub id: WorkOrderId,
    pub customer_name: String,
    pub opened_at: NaiveDateTime,
    pub promised_at: NaiveDateTime,
    pub advisor: String,
    pub work: Work,
}

/// Closes `jobs` (oldest first) as described in the module docs.
pub(super) fn close_jobs(
    store: &Store,
    data_dir: &Path,
    jobs: &[ToSettle],
    ink: &(String, Vec<u8>),
    (boss, guarantees): (StaffId, &GuaranteeDefaults),
    rng: &mut Rng,
    now: NaiveDateTime,
) -> Result<()> {
    if jobs.is_empty() {
        return Ok(());
    }
    let strokes: Vec<Vec<StrokePoint>> = serde_json::from_str(&ink.0)
        .map_err(|e| CoreError::Io(std::io::Error::other(e.to_string())))?;
    let png_base64 = base64::engine::general_purpose::STANDARD.encode(&ink.1);
    let sign = |name: &str| SignatureInput {
        role: SignatureRole::Customer,
        signer_name: name.to_string(),
        strokes: strokes.clone(),
        png_base64: png_base64.clone(),
        shown_hash: None,
    };
    // Ready about when promised, collected an hour or two later; closed in the order the
    // cars left, so the numbers run with the dates.
    let mut timed: Vec<_> = (jobs.iter())
        .map(|job| {
            let ready_at = (job.promised_at + Duration::minutes(rng.range(-60, 90)))
                .min(now - Duration::hours(3))
                .max(job.opened_at + Duration::minutes(100))
                .min(now);
            let out_at = (ready_at + Duration::minutes(rng.range(40, 150))).min(now);
            (Times { ready_at, out_at }, job)
        })
        .collect();
    timed.sort_by_key(|(t, job)| (t.out_at, job.id));
    for (times, job) in timed {
        let signature = sign(&job.customer_name);
        close(
            store,
            data_dir,
            (job, times),
            (boss, guarantees),
            &signature,
            rng,
            now,
        )?;
    }
    Ok(())
}

/// The demo's desk staff, and its supervisor with the demo PIN, filed at `at`.
pub(super) fn supervisor(store: &Store, at: NaiveDateTime) -> Result<StaffId> {
    for (name, role) in [
        (ADVISOR, StaffRole::Advisor),
        ("刘会计", StaffRole::Cashier),
    ] {
        let input = StaffInput {
            name: name.into(),
            role,
            active: true,
        };
        store.save_staff(None, &input, None, at)?;
    }
    let input = StaffInput {
        name: "赵主管".into(),
        role: StaffRole::Supervisor,
        active: true,
    };
    let boss = store.save_staff(None, &input, None, at)?;
    // The demo's PIN is the 4-digit one the README has always given; the window asks its
    // owner to change it, as it asks any shop's 4-digit PIN.
    store.seed_supervisor_pin(boss.id, DEMO_SUPERVISOR_PIN, at)?;
    Ok(boss.id)
}

fn close(
    store: &Store,
    data_dir: &Path,
    (job, Times { ready_at, out_at }): (&ToSettle, Times),
    (boss, guarantees): (StaffId, &GuaranteeDefaults),
    signature: &SignatureInput,
    rng: &mut Rng,
    now: NaiveDateTime,
) -> Result<()> {
    let id = job.id;
    // Approved by phone or at the desk within the first hour.
    let approved_at = (job.opened_at + Duration::minutes(rng.range(30, 70))).min(now);
    let book = store.estimate_book(id, approved_at)?;
    // Priced for what the job is, as the history's jobs are.
    let lines = repairs::lines(rng, &job.work, guarantees);
    let draft = EstimateDraftInput {
        mode: book.current.mode,
        risk_margin_bp: book.current.risk_margin_bp,
        note: String::new(),
        lines,
    };
    let book = store.save_estimate_draft(id, &draft, approved_at)?;
    let approval = ApprovalInput {
        channel: if rng.percent(60) {
            ApprovalChannel::Phone
        } else {
            ApprovalChannel::InPerson
        },
        approved_by: job.customer_name.clone(),
        recorded_by: job.advisor.clone(),
        signature: None,
        shown_hash: book.current.draft_hash.clone(),
    };
    store.approve_estimate(data_dir, id, &approval, approved_at)?;

    let check = ReadyInput {
        work_done: true,
        test_drive: if rng.percent(70) {
            TestDrive::Done
        } else {
            TestDrive::NotNeeded
        },
        cleaned: true,
        belongings_back: true,
        old_parts_set_aside: true,
        checked_by: "陈师傅".into(),
        pickup_at: Some(out_at),
    };
    store.mark_ready(id, &check, ready_at)?;

    let settlement = store.settlement(id, out_at)?;
    let draft = SettlementDraftInput {
        old_parts: settlement
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.line.kind == LineKind::Part)
            .map(|(i, _)| OldPartChoice {
                line: i as u32,
                disposition: if rng.percent(50) {
                    OldPartDisposition::Returned
                } else {
                    OldPartDisposition::ShownAndLeft
                },
            })
            .collect(),
        ..SettlementDraftInput::default()
    };
    let settlement = store.save_settlement_draft(id, &draft, out_at)?;
    let signed = SettlementSignInput {
        signature: signature.clone(),
        shown_hash: settlement.draft_hash.clone(),
    };
    let settlement = store.sign_settlement(data_dir, id, &signed, out_at)?;

    let due = settlement.figures.due_minor;
    let owing = rng.percent(12);
    let paid = if owing { due / 2 } else { due };
    if paid > 0 {
        let method = match rng.below(100) {
            0..=34 => PaymentMethod::Cash,
            35..=69 => PaymentMethod::Mobile,
            70..=89 => PaymentMethod::Card,
            _ => PaymentMethod::Transfer,
        };
        let tendered = (method == PaymentMethod::Cash).then(|| (paid + 9_999) / 10_000 * 10_000);
        let payment = PaymentInput {
            method,
            amount_minor: paid,
            tendered_minor: tendered,
            reference: String::new(),
            taken_by: job.advisor.clone(),
        };
        store.record_payment(id, &payment, out_at)?;
    }
    let override_approval_id = if paid < due {
        let request = ApprovalRequest {
            work_order_id: id,
            action: ApprovalAction::ExitWithDebt,
            supervisor_id: boss,
            pin: DEMO_SUPERVISOR_PIN.into(),
            reason: "老客户，月底结清 Regular customer, pays at month end".into(),
        };
        Some(store.approve_as_supervisor(&request, out_at)?.id)
    } else {
        None
    };
    let exit = ExitInput {
        issued_by: job.advisor.clone(),
        override_approval_id,
    };
    store.issue_exit_notice(id, &exit, out_at)?;
    let list = store.handover_checklist(id)?;
    let handover = HandoverInput {
        belongings: list
            .belongings
            .iter()
            .map(|(position, _)| BelongingReturn {
                position: *position,
                returned: true,
                explanation: String::new(),
            })
            .collect(),
        documents: list
            .documents
            .iter()
            .map(|(position, _)| DocumentReturn {
                position: *position,
                returned: true,
                explanation: String::new(),
            })
            .collect(),
        keys_returned: list.keys_count,
        keys_explanation: String::new(),
        handed_over_by: job.advisor.clone(),
        signature: signature.clone(),
    };
    store.hand_over(data_dir, id, &handover, out_at)?;
    Ok(())
}
