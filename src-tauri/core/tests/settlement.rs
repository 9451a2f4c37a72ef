//! Settlement and exit (issue 8): the bill equals what the customer approved, payments
//! leave the right balance, the supervisor's PIN guards what the rules reserve to them,
//! and the car is Collected only through the exit notice and the handover.
mod intake_fixtures;
mod old_schema;
mod settlement_fixtures;

use garage_core::error::CoreError;
use garage_core::pricing::{totals, LineKind, PricingMode, TaxSettings};
use garage_core::reason::Reason;
use garage_core::settlement::exit::{BelongingReturn, DocumentReturn, ExitInput, HandoverInput};
use garage_core::settlement::payment::PaymentMethod;
use garage_core::settlement::staff::ApprovalAction;
use garage_core::settlement::{SettlementDraftInput, SettlementStatus};
use garage_core::{Store, WorkOrderStatus};
use intake_fixtures::*;
use settlement_fixtures::*;

fn conflict(result: Result<impl std::fmt::Debug, CoreError>) -> Reason {
    match result {
        Err(CoreError::Conflict { code }) | Err(CoreError::Locked { code }) => code,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_settlement_lists_parts_and_labour_of_the_approved_lines_and_not_the_declined() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = job_in_workshop(&store, dir.path());
    approve_estimate(&store, id, vec![line(LineKind::Labour, 1_000, 48_000, 0)]);
    item(
        &store,
        dir.path(),
        id,
        vec![line(LineKind::Part, 2_000, 35_000, 0)],
        true,
    );
    item(
        &store,
        dir.path(),
        id,
        vec![line(LineKind::Part, 1_000, 99_900, 0)],
        false,
    );
    ready(&store, id, at(3, 15, 0));
    let s = store.settlement(id, at(3, 16, 0)).expect("settlement");
    assert_eq!(s.lines.len(), 2, "the declined item is not billed");
    assert_eq!(s.figures.totals.labour_minor, 48_000);
    assert_eq!(s.figures.totals.parts_minor, 70_000);
    assert_eq!(s.figures.due_minor, 118_000);
    assert_eq!(s.blockers, [Reason::OldPartsUnanswered]);
    let limit = s.lines[0].guarantee.expect("a first-level guarantee");
    assert_eq!(
        limit.until,
        chrono::NaiveDate::from_ymd_opt(2026, 3, 13).expect("day")
    );
    assert_eq!(limit.until_km, 86_420 + 2_000);
}

#[test]
fn deposits_and_part_payments_leave_the_right_balance_and_a_receivable() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = ready_job(&store, dir.path());
    // An advance taken before the bill is drawn up counts on it.
    store
        .record_payment(id, &pay(PaymentMethod::Transfer, 20_000), at(3, 9, 0))
        .expect("advance");
    let input = old_parts_answered(&store, id, at(3, 16, 0));
    store
        .save_settlement_draft(id, &input, at(3, 16, 0))
        .expect("draft");
    sign(&store, dir.path(), id, at(3, 16, 0));
    let mut cash = pay(PaymentMethod::Cash, 50_000);
    cash.tendered_minor = Some(60_000);
    let taken = store.record_payment(id, &cash, at(3, 16, 5)).expect("cash");
    assert_eq!(taken.change_minor, Some(10_000));
    let s = store.settlement(id, at(3, 16, 6)).expect("settlement");
    assert_eq!(s.figures.paid_minor, 70_000);
    assert_eq!(s.figures.due_minor, 48_000);
    let owed = store.receivables().expect("receivables");
    assert_eq!(owed.len(), 1);
    assert_eq!(owed[0].owed_minor, 48_000);
    assert_eq!(owed[0].since, at(3, 16, 0));
    assert_eq!(
        store
            .record_payment(id, &pay(PaymentMethod::Card, 48_001), at(4, 9, 0))
            .err()
            .map(|e| e.code()),
        Some(garage_core::error::ErrorCode::Invalid),
        "no more than is due is taken once the bill is signed"
    );
    store
        .record_payment(id, &pay(PaymentMethod::Card, 48_000), at(4, 9, 0))
        .expect("the rest, next day");
    assert!(store.receivables().expect("receivables").is_empty());
    let third = store.day_figures(at(3, 0, 0).date()).expect("3 March");
    assert_eq!(
        third.receivables_opened_minor, 48_000,
        "left owing at closing"
    );
    let fourth = store.day_figures(at(4, 0, 0).date()).expect("4 March");
    assert_eq!(fourth.receivables_paid_minor, 48_000);
    assert_eq!(
        fourth.revenue.total_minor, 0,
        "revenue is the day it was settled"
    );
    let card = fourth
        .payments
        .iter()
        .find(|m| m.method == PaymentMethod::Card);
    assert_eq!(card.map(|m| m.amount_minor), Some(48_000));
    let customer = store
        .get_work_order(id)
        .expect("job")
        .work_order
        .customer_id;
    assert_eq!(
        store
            .customer_balance(customer)
            .expect("balance")
            .owed_minor,
        0
    );
}

#[test]
fn an_exit_without_full_payment_is_refused_without_the_supervisor() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let boss = supervisor(&store);
    let id = signed_job(&store, dir.path());
    store
        .record_payment(id, &pay(PaymentMethod::Mobile, 100_000), at(3, 16, 10))
        .expect("part paid");
    let input = ExitInput {
        issued_by: "周敏".into(),
        override_approval_id: None,
    };
    assert_eq!(
        conflict(store.issue_exit_notice(id, &input, at(3, 16, 20))),
        Reason::ExitUnpaid
    );
    let wrong_action = approve(&store, id, boss, ApprovalAction::Refund, at(3, 16, 21));
    let with_wrong = ExitInput {
        override_approval_id: Some(wrong_action.id),
        ..input.clone()
    };
    assert_eq!(
        conflict(store.issue_exit_notice(id, &with_wrong, at(3, 16, 22))),
        Reason::ApprovalNotForThis
    );
    let ok = approve(
        &store,
        id,
        boss,
        ApprovalAction::ExitWithDebt,
        at(3, 16, 23),
    );
    let with_override = ExitInput {
        override_approval_id: Some(ok.id),
        ..input
    };
    let notice = store
        .issue_exit_notice(id, &with_override, at(3, 16, 24))
        .expect("let go with the supervisor");
    assert_eq!(notice.number, "EX-2026-00001");
    assert_eq!(notice.debt_minor, 18_000);
    assert!(notice.qr_payload.contains("SET-2026-00001") && notice.qr_payload.contains("沪A12345"));
    let owed = store.receivables().expect("receivables");
    assert_eq!(
        owed[0].owed_minor, 18_000,
        "the debt stays on the receivables"
    );
    let again = store
        .reprint_exit_notice(id, "周敏", at(3, 16, 30))
        .expect("reprint");
    assert_eq!(again.prints, 2, "the reprint is logged");
    assert_eq!(
        store.supervisor_approval(ok.id).expect("approval").used_for,
        "EX-2026-00001"
    );
}

#[test]
fn five_wrong_pins_lock_out_for_a_minute_even_across_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let (id, boss) = {
        let store = Store::open_in_dir(dir.path()).expect("store");
        let boss = supervisor(&store);
        let id = job(&store).work_order.id;
        for s in 0..5 {
            let wrong = request(id, boss, ApprovalAction::Refund, "0000");
            let now = at(3, 10, 0) + chrono::Duration::seconds(s * 5);
            assert_eq!(
                conflict(store.approve_as_supervisor(&wrong, now)),
                Reason::PinWrong
            );
        }
        (id, boss)
    };
    let store = Store::open_in_dir(dir.path()).expect("the desk restarts");
    let right = request(id, boss, ApprovalAction::Refund, PIN);
    let locked = at(3, 10, 0) + chrono::Duration::seconds(60);
    assert_eq!(
        conflict(store.approve_as_supervisor(&right, locked)),
        Reason::PinLocked,
        "even the right PIN waits out the minute"
    );
    let after = at(3, 10, 1) + chrono::Duration::seconds(21);
    let approval = store
        .approve_as_supervisor(&right, after)
        .expect("unlocked");
    assert_eq!(approval.supervisor_name, "赵主管");
}

#[test]
fn a_discount_above_the_shops_limit_needs_the_supervisor() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let boss = supervisor(&store);
    let id = ready_job(&store, dir.path());
    let mut input = old_parts_answered(&store, id, at(3, 16, 0));
    input.total_discount_minor = 5_900; // 5 % of 1,180.00: within the limit
    store
        .save_settlement_draft(id, &input, at(3, 16, 0))
        .expect("within the limit");
    input.total_discount_minor = 10_000;
    assert_eq!(
        conflict(store.save_settlement_draft(id, &input, at(3, 16, 1))),
        Reason::DiscountNeedsSupervisor
    );
    let ok = approve(
        &store,
        id,
        boss,
        ApprovalAction::DiscountAboveLimit,
        at(3, 16, 2),
    );
    input.discount_approval_id = Some(ok.id);
    let s = store
        .save_settlement_draft(id, &input, at(3, 16, 3))
        .expect("approved");
    assert_eq!(s.figures.total_minor, 108_000);
    assert!(s.blockers.is_empty());
    sign(&store, dir.path(), id, at(3, 16, 5));
    let day = store
        .day_figures(at(3, 0, 0).date())
        .expect("the day's figures");
    assert_eq!(day.revenue.discount_minor, 10_000);
    assert_eq!(day.approvals[0].supervisor_name, "赵主管");
    assert_eq!(day.approvals[0].action, ApprovalAction::DiscountAboveLimit);
}

#[test]
fn a_signed_settlement_cannot_be_edited_only_reopened_with_the_supervisor() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let boss = supervisor(&store);
    let id = signed_job(&store, dir.path());
    let s = store.settlement(id, at(3, 17, 0)).expect("settlement");
    assert_eq!(s.status, SettlementStatus::Signed);
    assert_eq!(s.number.as_deref(), Some("SET-2026-00001"));
    assert!(store.settlement_holds(id).expect("holds"));
    let edit = SettlementDraftInput {
        total_discount_minor: 100,
        ..SettlementDraftInput::default()
    };
    assert_eq!(
        conflict(store.save_settlement_draft(id, &edit, at(3, 17, 1))),
        Reason::SettlementSigned
    );
    let reopen = approve(
        &store,
        id,
        boss,
        ApprovalAction::ReopenSettlement,
        at(3, 17, 2),
    );
    let fresh = store
        .reopen_settlement(id, reopen.id, at(3, 17, 3))
        .expect("reopened");
    assert_eq!(fresh.status, SettlementStatus::Draft);
    assert_ne!(fresh.id, s.id, "the signed one is kept as it was");
    assert_eq!(
        conflict(store.reopen_settlement(id, reopen.id, at(3, 17, 4))),
        Reason::SettlementNotSigned
    );
}

#[test]
fn a_void_keeps_the_row_and_needs_the_supervisor() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let boss = supervisor(&store);
    let id = signed_job(&store, dir.path());
    let p = store
        .record_payment(id, &pay(PaymentMethod::Card, 118_000), at(3, 16, 10))
        .expect("paid");
    let ok = approve(&store, id, boss, ApprovalAction::VoidPayment, at(3, 16, 12));
    let voided = store
        .void_payment(p.id, ok.id, "刷错卡 wrong card", at(3, 16, 13))
        .expect("voided");
    assert!(voided.voided_at.is_some());
    assert_eq!(
        conflict(store.void_payment(p.id, ok.id, "again", at(3, 16, 14))),
        Reason::PaymentVoided
    );
    let rows = store.payments(id).expect("payments");
    assert_eq!(rows.len(), 1, "nothing is deleted");
    assert_eq!(
        store
            .settlement(id, at(3, 16, 15))
            .expect("s")
            .figures
            .due_minor,
        118_000
    );
    let day = store.day_figures(at(3, 0, 0).date()).expect("day");
    assert_eq!(day.voided_minor, 118_000);
}

#[test]
fn the_car_is_collected_only_through_the_handover_which_frees_the_key_slot() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = signed_job(&store, dir.path());
    assert_eq!(
        conflict(store.set_work_order_status(id, WorkOrderStatus::Collected, at(3, 16, 5))),
        Reason::StatusNeedsExit
    );
    let mut cash = pay(PaymentMethod::Cash, 118_000);
    cash.tendered_minor = Some(120_000);
    store
        .record_payment(id, &cash, at(3, 16, 10))
        .expect("paid");
    let exit = ExitInput {
        issued_by: "周敏".into(),
        override_approval_id: None,
    };
    store
        .issue_exit_notice(id, &exit, at(3, 16, 20))
        .expect("paid in full");
    let list = store.handover_checklist(id).expect("checklist");
    assert_eq!(list.keys_count, 2);
    let mut input = HandoverInput {
        belongings: list
            .belongings
            .iter()
            .map(|(i, _)| BelongingReturn {
                position: *i,
                returned: false,
                explanation: String::new(),
            })
            .collect(),
        documents: list
            .documents
            .iter()
            .map(|(i, _)| DocumentReturn {
                position: *i,
                returned: true,
                explanation: String::new(),
            })
            .collect(),
        keys_returned: 2,
        keys_explanation: String::new(),
        handed_over_by: "周敏".into(),
        signature: signature(garage_core::intake::SignatureRole::Customer, "李建国"),
    };
    let refused = store.hand_over(dir.path(), id, &input, at(3, 16, 30));
    assert!(
        matches!(refused, Err(CoreError::Invalid(ref issues)) if issues[0].code == Reason::HandoverMissingExplained),
        "a missing valuable must be explained"
    );
    input.belongings[0].returned = true;
    let detail = store
        .hand_over(dir.path(), id, &input, at(3, 16, 31))
        .expect("handed over");
    assert_eq!(detail.work_order.status, WorkOrderStatus::Collected);
    // The key slot A3 is free for the next job.
    let (c2, v2) = customer_with_car(
        &store,
        "王芳",
        "13900001111",
        "沪B54321",
        garage_core::Lang::ZhHans,
    );
    let next = open(&store, c2, v2, at(3, 17, 0)).work_order.id;
    let keys = garage_core::intake::IntakeSection::Keys(garage_core::intake::KeysLog {
        count: 1,
        tag_number: "T-18".into(),
        cabinet_slot: "A3".into(),
    });
    store
        .save_intake_section(next, &keys, at(3, 17, 1))
        .expect("slot A3 is free again");
    let day = store.day_figures(at(3, 0, 0).date()).expect("day");
    assert_eq!(day.jobs_collected, 1);
    assert_eq!(day.jobs_settled, 1);
    assert_eq!(day.expected_cash_minor, 118_000);
    assert_eq!(day.revenue.total_minor, 118_000);

    // Collected: the money is closed; no void any more, even with the supervisor.
    let boss = supervisor(&store);
    let ok = approve(&store, id, boss, ApprovalAction::VoidPayment, at(3, 17, 5));
    let paid = store.payments(id).expect("payments")[0].id;
    assert_eq!(
        conflict(store.void_payment(paid, ok.id, "wrong amount", at(3, 17, 6))),
        Reason::PaymentAfterCollection
    );
}

#[test]
fn a_ready_job_is_on_the_call_list_until_the_customer_is_reached() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = ready_job(&store, dir.path());
    let tasks = store.pickup_call_tasks(at(3, 15, 30)).expect("tasks");
    assert_eq!(tasks.len(), 1);
    assert_eq!(
        tasks[0].notify_by,
        at(3, 16, 0),
        "a short job: an hour before 17:00"
    );
    assert!(!tasks[0].due);
    let call = garage_core::settlement::pickup::PickupCallInput {
        channel: garage_core::pricing::estimate::ApprovalChannel::Phone,
        reached: true,
        spoke_with: "李太太".into(),
        answer: "17:30 来取".into(),
        recorded_by: "周敏".into(),
    };
    store
        .record_pickup_call(id, &call, at(3, 16, 0))
        .expect("called");
    assert!(store
        .pickup_call_tasks(at(3, 16, 1))
        .expect("tasks")
        .is_empty());
}

/// The settlement's lines are the approved lines, unchanged and in order, and its
/// figures are the pricing rules' figures of those lines.
mod property {
    use super::*;
    use proptest::prelude::*;

    fn any_line() -> impl Strategy<Value = garage_core::pricing::EstimateLine> {
        (
            prop_oneof![
                Just(LineKind::Labour),
                Just(LineKind::Part),
                Just(LineKind::Sundry),
                Just(LineKind::Outside)
            ],
            1i64..=20_000,
            0i64..=5_000_000,
            0u32..=3_000,
        )
            .prop_map(|(k, q, p, d)| line(k, q, p, d))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn a_settlement_equals_the_approved_lines_exactly(
            estimate in proptest::collection::vec(any_line(), 1..6),
            items in proptest::collection::vec(
                (proptest::collection::vec(any_line(), 1..4), any::<bool>()), 0..3),
            rate in 0u32..=1_700,
            inclusive in any::<bool>(),
        ) {
            let store = Store::open_in_memory().expect("store");
            let dir = tempfile::tempdir().expect("dir");
            let tax = TaxSettings { prices_include_tax: inclusive, ..TaxSettings::flat(rate) };
            set_tax(&store, tax);
            let id = job_in_workshop(&store, dir.path());
            approve_estimate(&store, id, estimate.clone());
            let mut expected = estimate.clone();
            for (lines, yes) in &items {
                item(&store, dir.path(), id, lines.clone(), *yes);
                if *yes {
                    expected.extend(lines.iter().cloned());
                }
            }
            ready(&store, id, at(3, 15, 0));
            let s = store.settlement(id, at(3, 16, 0)).expect("settlement");
            let got: Vec<_> = s.lines.iter().map(|l| l.line.clone()).collect();
            prop_assert_eq!(&got, &expected);
            let want = totals(&expected, PricingMode::ByItem, 0, &tax).expect("totals");
            prop_assert_eq!(&s.figures.totals, &want);
            prop_assert_eq!(s.figures.due_minor, want.gross_minor);
            prop_assert_eq!(
                s.figures.totals.labour_minor + s.figures.totals.parts_minor
                    + s.figures.totals.other_minor,
                s.lines.iter().map(|l| l.amount.amount_minor).sum::<i64>()
            );
        }
    }
}

#[test]
fn a_shop_of_the_previous_release_gains_the_settlement_tables() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join(garage_core::store::DB_FILE_NAME);
    {
        let store = Store::open(&path).expect("store");
        job(&store);
        store
            .with_conn(|conn| {
                old_schema::back_to_version(conn, 6);
                Ok(())
            })
            .expect("the release before settlement");
    }
    let store = Store::open(&path).expect("migrated");
    assert!(store.receivables().expect("the new tables").is_empty());
    assert!(store.list_staff().expect("staff").is_empty());
}

#[test]
fn a_refund_needs_the_supervisor_and_never_exceeds_what_was_paid() {
    use garage_core::settlement::payment::RefundInput;
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let boss = supervisor(&store);
    let id = signed_job(&store, dir.path());
    store
        .record_payment(id, &pay(PaymentMethod::Cash, 118_000), at(3, 16, 10))
        .expect("paid");
    let ok = approve(&store, id, boss, ApprovalAction::Refund, at(3, 16, 20));
    let mut refund = RefundInput {
        method: PaymentMethod::Cash,
        amount_minor: 118_001,
        reference: String::new(),
        taken_by: "周敏".into(),
        reason: "旧件退回 part returned".into(),
        approval_id: ok.id,
    };
    assert!(matches!(
        store.refund_payment(id, &refund, at(3, 16, 21)),
        Err(CoreError::Invalid(_))
    ));
    refund.amount_minor = 8_000;
    store
        .refund_payment(id, &refund, at(3, 16, 22))
        .expect("refunded");
    assert_eq!(
        conflict(store.refund_payment(id, &refund, at(3, 16, 23))),
        Reason::ApprovalUsed,
        "one approval, one refund"
    );
    let s = store.settlement(id, at(3, 16, 30)).expect("settlement");
    assert_eq!(s.figures.paid_minor, 110_000);
    let day = store.day_figures(at(3, 0, 0).date()).expect("day");
    assert_eq!(
        day.expected_cash_minor, 110_000,
        "the refund left the drawer"
    );
    assert_eq!(store.payments(id).expect("rows").len(), 2);
}

#[test]
fn an_approved_discount_does_not_cover_a_larger_one() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let boss = supervisor(&store);
    let id = ready_job(&store, dir.path());
    let mut input = old_parts_answered(&store, id, at(3, 16, 0));
    input.total_discount_minor = 10_000;
    let ok = approve(
        &store,
        id,
        boss,
        ApprovalAction::DiscountAboveLimit,
        at(3, 16, 1),
    );
    input.discount_approval_id = Some(ok.id);
    store
        .save_settlement_draft(id, &input, at(3, 16, 2))
        .expect("approved");
    input.total_discount_minor = 20_000;
    assert_eq!(
        conflict(store.save_settlement_draft(id, &input, at(3, 16, 3))),
        Reason::ApprovalUsed
    );
}

#[test]
fn a_credit_note_corrects_a_signed_settlement_without_touching_it() {
    use garage_core::settlement::payment::CreditNoteInput;
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let boss = supervisor(&store);
    let id = signed_job(&store, dir.path());
    let before = store.settlement(id, at(3, 16, 59)).expect("settlement");
    assert!(
        before.can_credit_note && !before.can_refund,
        "signed, nothing paid yet: a credit note, no refund"
    );
    let ok = approve(&store, id, boss, ApprovalAction::CreditNote, at(3, 17, 0));
    let mut input = CreditNoteInput {
        amount_minor: 118_001,
        reason: "工时多算 labour overcharged".into(),
        issued_by: "周敏".into(),
        approval_id: ok.id,
    };
    assert!(matches!(
        store.issue_credit_note(id, &input, at(3, 17, 1)),
        Err(CoreError::Invalid(_))
    ));
    input.amount_minor = 8_000;
    let note = store
        .issue_credit_note(id, &input, at(3, 17, 2))
        .expect("credit note");
    assert_eq!(note.number, "CN-2026-00001");
    let s = store.settlement(id, at(3, 17, 3)).expect("settlement");
    assert_eq!(
        s.figures.total_minor, 118_000,
        "the signed figures stay as signed"
    );
    assert_eq!(s.credited_minor, 8_000);
    assert_eq!(s.figures.due_minor, 110_000);
    assert!(store.settlement_holds(id).expect("holds"));
    assert_eq!(store.receivables().expect("owed")[0].owed_minor, 110_000);
    assert_eq!(
        store
            .day_figures(at(3, 0, 0).date())
            .expect("day")
            .credited_minor,
        8_000
    );
}

#[test]
fn the_odometer_typed_at_the_desk_is_read_by_the_core_and_refused_next_to_its_field() {
    let store = Store::open_in_memory().expect("store");
    let dir = tempfile::tempdir().expect("dir");
    let id = ready_job(&store, dir.path());
    store.settlement(id, at(3, 17, 0)).expect("draft");
    let typed = |text: &str| SettlementDraftInput {
        odometer_out_text: Some(text.into()),
        ..SettlementDraftInput::default()
    };
    match store.save_settlement_draft(id, &typed("12.5"), at(3, 17, 1)) {
        Err(CoreError::Invalid(issues)) => {
            assert_eq!(issues.len(), 1);
            assert_eq!(issues[0].field, "odometerOut", "shown beside the field");
            assert_eq!(issues[0].code, Reason::OdometerWhole);
        }
        other => panic!("a reading in tenths is refused, got {other:?}"),
    }
    let saved = store
        .save_settlement_draft(id, &typed("98 765"), at(3, 17, 2))
        .expect("a reading with a space is whole kilometres");
    assert_eq!(saved.odometer_out, Some(98_765));
}
