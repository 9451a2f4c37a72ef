//! A job taken to the desk's last steps: checked in, in the workshop, estimate approved,
//! additional items answered, marked ready; and the people who approve and pay.
#![allow(dead_code)]
use std::path::Path;

use chrono::NaiveDateTime;
use garage_core::intake::SignatureRole;
use garage_core::pricing::estimate::{ApprovalChannel, ApprovalInput, EstimateDraftInput};
use garage_core::pricing::{
    EstimateLine, Guarantee, GuaranteeClass, LineKind, PricingMode, PricingSettings, TaxSettings,
};
use garage_core::settlement::payment::{PaymentInput, PaymentMethod};
use garage_core::settlement::pickup::{ReadyInput, TestDrive};
use garage_core::settlement::staff::{
    ApprovalAction, ApprovalRequest, PinChange, StaffInput, StaffRole, SupervisorApproval,
};
use garage_core::settlement::{OldPartChoice, OldPartDisposition, SettlementDraftInput};
use garage_core::store::settlements::SettlementSignInput;
use garage_core::workshop::{AdditionalItemInput, AnswerInput, ContactOutcome};
use garage_core::{StaffId, Store, WorkOrderId};

use crate::intake_fixtures::*;

pub const PIN: &str = "246813";

pub fn line(kind: LineKind, qty_milli: i64, price: i64, discount_bp: u32) -> EstimateLine {
    EstimateLine {
        kind,
        code: String::new(),
        description: "更换前刹车片 Front pads".into(),
        system: None,
        qty_milli,
        unit: "piece".into(),
        unit_price_minor: price,
        discount_bp,
        source: None,
        grade: None,
        customer_insists: false,
        guarantee: Guarantee {
            class: GuaranteeClass::FirstLevel,
            km: 2_000,
            days: 10,
        },
    }
}

pub fn set_tax(store: &Store, tax: TaxSettings) {
    let settings = PricingSettings {
        tax,
        ..PricingSettings::default()
    };
    store.save_pricing_settings(&settings).expect("pricing");
}

/// A job checked in and taken into the workshop on 2 March.
pub fn job_in_workshop(store: &Store, dir: &Path) -> WorkOrderId {
    let id = job(store).work_order.id;
    fill_intake(store, id);
    check_in(store, dir, id, at(2, 9, 10));
    store
        .sign_work_order(
            dir,
            id,
            &signature(SignatureRole::WorkshopReceiver, "陈师傅"),
            at(2, 9, 30),
        )
        .expect("the workshop signs");
    id
}

pub fn approve_estimate(store: &Store, id: WorkOrderId, lines: Vec<EstimateLine>) {
    let draft = EstimateDraftInput {
        mode: PricingMode::ByItem,
        risk_margin_bp: 0,
        note: String::new(),
        lines,
    };
    let book = store
        .save_estimate_draft(id, &draft, at(2, 10, 0))
        .expect("draft");
    let input = ApprovalInput {
        channel: ApprovalChannel::Phone,
        approved_by: "李建国".into(),
        recorded_by: "周敏".into(),
        signature: None,
        shown_hash: book.current.draft_hash,
    };
    store
        .approve_estimate(Path::new("."), id, &input, at(2, 10, 5))
        .expect("approved");
}

/// An additional item answered `approved` or declined.
pub fn item(store: &Store, dir: &Path, id: WorkOrderId, lines: Vec<EstimateLine>, yes: bool) {
    let input = AdditionalItemInput {
        finding: "前刹车盘磨损 Front discs scored".into(),
        reason: "Below minimum thickness".into(),
        safety_critical: true,
        photos: vec![],
        found_by: "王师傅".into(),
        lines,
        extra_minutes: 30,
    };
    let view = store
        .add_additional_item(id, &input, at(2, 11, 0))
        .expect("found");
    let item_id = view.items.last().expect("the item").id;
    let answer = AnswerInput {
        outcome: if yes {
            ContactOutcome::Approved
        } else {
            ContactOutcome::Declined
        },
        channel: ApprovalChannel::Phone,
        spoke_with: "李建国".into(),
        recorded_by: "周敏".into(),
        new_promised_at: None,
        signature: None,
    };
    store
        .answer_additional_item(dir, id, item_id, &answer, at(2, 11, 10))
        .expect("answered");
}

pub fn ready(store: &Store, id: WorkOrderId, when: NaiveDateTime) {
    let input = ReadyInput {
        work_done: true,
        test_drive: TestDrive::Done,
        cleaned: true,
        belongings_back: true,
        old_parts_set_aside: true,
        checked_by: "陈师傅".into(),
        pickup_at: None,
    };
    store.mark_ready(id, &input, when).expect("ready");
}

/// A ready job with one labour and one part line approved (480.00 + 2 × 350.00).
pub fn ready_job(store: &Store, dir: &Path) -> WorkOrderId {
    let id = job_in_workshop(store, dir);
    approve_estimate(store, id, vec![line(LineKind::Labour, 1_000, 48_000, 0)]);
    item(
        store,
        dir,
        id,
        vec![line(LineKind::Part, 2_000, 35_000, 0)],
        true,
    );
    ready(store, id, at(3, 15, 0));
    id
}

/// Every part line's old part: shown to the customer and left with the shop.
pub fn old_parts_answered(
    store: &Store,
    id: WorkOrderId,
    now: NaiveDateTime,
) -> SettlementDraftInput {
    let s = store.settlement(id, now).expect("settlement");
    SettlementDraftInput {
        old_parts: s
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.line.kind == LineKind::Part)
            .map(|(i, _)| OldPartChoice {
                line: i as u32,
                disposition: OldPartDisposition::ShownAndLeft,
            })
            .collect(),
        ..SettlementDraftInput::default()
    }
}

pub fn sign(store: &Store, dir: &Path, id: WorkOrderId, now: NaiveDateTime) {
    let shown = store.settlement(id, now).expect("settlement").draft_hash;
    let input = SettlementSignInput {
        signature: signature(SignatureRole::Customer, "李建国"),
        shown_hash: shown,
    };
    store
        .sign_settlement(dir, id, &input, now)
        .expect("the customer signs the settlement");
}

/// A ready job settled and signed at 16:00 on 3 March: 1,180.00 due.
pub fn signed_job(store: &Store, dir: &Path) -> WorkOrderId {
    let id = ready_job(store, dir);
    let input = old_parts_answered(store, id, at(3, 16, 0));
    store
        .save_settlement_draft(id, &input, at(3, 16, 0))
        .expect("draft");
    sign(store, dir, id, at(3, 16, 0));
    id
}

pub fn pay(method: PaymentMethod, amount: i64) -> PaymentInput {
    PaymentInput {
        method,
        amount_minor: amount,
        tendered_minor: None,
        reference: String::new(),
        taken_by: "周敏".into(),
    }
}

pub fn supervisor(store: &Store) -> StaffId {
    let input = StaffInput {
        name: "赵主管".into(),
        role: StaffRole::Supervisor,
        active: true,
    };
    let boss = store
        .save_staff(None, &input, None, at(1, 8, 0))
        .expect("staff");
    let first = PinChange {
        pin: PIN.into(),
        old_pin: None,
        word: None,
    };
    store
        .set_supervisor_pin(boss.id, &first, at(1, 8, 0))
        .expect("the shop's first supervisor sets a PIN alone");
    boss.id
}

pub fn request(
    id: WorkOrderId,
    boss: StaffId,
    action: ApprovalAction,
    pin: &str,
) -> ApprovalRequest {
    ApprovalRequest {
        work_order_id: id,
        action,
        supervisor_id: boss,
        pin: pin.into(),
        reason: "老客户 regular customer".into(),
    }
}

pub fn approve(
    store: &Store,
    id: WorkOrderId,
    boss: StaffId,
    action: ApprovalAction,
    now: NaiveDateTime,
) -> SupervisorApproval {
    store
        .approve_as_supervisor(&request(id, boss, action, PIN), now)
        .expect("the supervisor approves")
}
