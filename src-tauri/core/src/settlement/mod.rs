//! The settlement (结算): every approved line of the job (the approved estimate version and
//! the approved additional items), parts and labour apart, tax as the pricing rules
//! compute it, a discount on the total, what was already paid and what is due. Pure
//! rules here; the store gathers, numbers, freezes and signs (`store::settlements`).
pub mod actions;
pub mod comeback;
pub mod complaint;
pub use crate::domain::day;
pub mod exit;
pub mod gate;
pub mod guarantee;
pub mod payment;
pub mod pickup;
pub mod rules_text;
pub mod staff;
pub mod supervision;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::error::{CoreError, Result};
use crate::ids::{ApprovalId, SettlementId, WorkOrderId};
use crate::pricing::estimate::sha256_of;
use crate::pricing::{
    round_div, totals, EstimateLine, GuaranteeClass, LineKind, PricingMode, TaxSettings,
};
use crate::reason::Reason;

pub use crate::domain::settlement::{
    LineOrigin, OldPartDisposition, SettlementFigures, SettlementLine,
};
pub use crate::domain::settlement::{OldPartChoice, SettlementSnapshot, SettlementStatus};
pub use guarantee::{guarantee_limit, GuaranteeLimit};

/// Bumped when the frozen layout changes; a stored snapshot keeps its own.
pub const SNAPSHOT_VERSION: u32 = 1;

/// What the cashier sets on a draft.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SettlementDraftInput {
    /// Off the total, minor units.
    pub total_discount_minor: i64,
    /// The supervisor's approval when the discount passes the shop's limit.
    pub discount_approval_id: Option<ApprovalId>,
    /// The odometer as the car leaves; the intake reading when `None`.
    pub odometer_out: Option<i64>,
    /// The odometer as typed at the desk, read by the core in place of `odometer_out`
    /// when sent, so the window never parses it: see [`SettlementDraftInput::odometer`].
    #[serde(default)]
    pub odometer_out_text: Option<String>,
    pub old_parts: Vec<OldPartChoice>,
}

impl SettlementDraftInput {
    /// The odometer out: `odometer_out`, or the typed text read as whole kilometres
    /// (spaces and thousands separators allowed, empty for none).
    pub fn odometer(&self) -> std::result::Result<Option<i64>, Reason> {
        let Some(text) = &self.odometer_out_text else {
            return Ok(self.odometer_out);
        };
        let digits: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ',')
            .collect();
        if digits.is_empty() {
            return Ok(None);
        }
        digits.parse().map(Some).map_err(|_| Reason::OdometerWhole)
    }
}

/// A job's settlement as the screen shows it (the frozen one once signed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Settlement {
    pub id: SettlementId,
    pub work_order_id: WorkOrderId,
    pub work_order_number: String,
    pub number: Option<String>,
    pub status: SettlementStatus,
    pub currency: String,
    pub tax: TaxSettings,
    pub lines: Vec<SettlementLine>,
    pub figures: SettlementFigures,
    pub discount_approval_id: Option<ApprovalId>,
    /// The discount needs the supervisor's approval (above the shop's limit).
    pub discount_needs_supervisor: bool,
    pub odometer_out: Option<i64>,
    /// The day the guarantees count from: the signing day, today for a draft.
    pub exit_date: NaiveDate,
    /// What the customer is shown; signing carries it back.
    pub draft_hash: String,
    /// Why it cannot be signed yet; empty when it can.
    pub blockers: Vec<Reason>,
    pub signed_at: Option<NaiveDateTime>,
    pub signer_name: Option<String>,
    /// SHA-256 of the frozen snapshot, once signed.
    pub fingerprint: Option<String>,
    /// Taken off by credit notes after signing (already out of `figures.due_minor`).
    pub credited_minor: i64,
    /// A credit note can be issued now: the settlement is signed.
    pub can_credit_note: bool,
    /// A refund can be made now: money was paid or put on account.
    pub can_refund: bool,
    /// What the car leaves owing if it goes now ([`exit_debt`]): above 0 the exit notice
    /// needs the supervisor's override and prints the debt.
    pub exit_debt_minor: i64,
    /// The draft can still be changed and signed ([`actions::editable`]).
    pub editable: bool,
    /// The exit notice can be issued now ([`actions::can_issue_exit`]).
    pub can_issue_exit: bool,
    /// The exit notice needs the supervisor's override ([`actions::exit_needs_supervisor`]).
    pub exit_needs_supervisor: bool,
    /// A payment can be voided now ([`actions::can_void`]).
    pub can_void: bool,
    /// The payment a booking's deposit became on this job: refunded, never voided, so it
    /// has no *Void…*.
    pub deposit_payment_id: Option<crate::ids::PaymentId>,
    /// The signed settlement can be reopened now ([`actions::can_reopen`]).
    pub can_reopen: bool,
    /// The payment form applies now ([`actions::can_take_payment`]).
    pub can_take_payment: bool,
    /// What the payment form starts with ([`actions::amount_due`]).
    pub amount_due_minor: Option<i64>,
    /// Paid beyond what is charged: what a refund offers ([`actions::overpaid`]).
    pub overpaid_minor: i64,
    /// Set only by the step that just signed or approved this, when the PDF it archives
    /// could not be written (a full disk): why, for the window to say so. The signature
    /// or approval stands, and printing the form archives it first.
    #[serde(default)]
    pub archive_failed: Option<Reason>,
}

/// What a car leaves owing: what is still due plus what was put "on account" — a promise
/// to pay, not money received, so it is exactly what the exit override is for.
pub fn exit_debt(figures: &SettlementFigures) -> i64 {
    figures
        .due_minor
        .saturating_add(figures.on_account_minor)
        .max(0)
}

/// The approved lines of a job in settlement order: the estimate's, its risk margin,
/// then each approved additional item's.
pub fn gather_lines(
    estimate: Option<(u32, &[EstimateLine], i64)>,
    items: &[(i64, Vec<EstimateLine>)],
) -> Vec<(LineOrigin, i64, EstimateLine)> {
    let mut out = Vec::new();
    if let Some((version, lines, margin)) = estimate {
        let v = i64::from(version);
        out.extend(lines.iter().map(|l| (LineOrigin::Estimate, v, l.clone())));
        if margin > 0 {
            out.push((LineOrigin::RiskMargin, v, margin_line(margin)));
        }
    }
    for (id, lines) in items {
        out.extend(
            lines
                .iter()
                .map(|l| (LineOrigin::AdditionalItem, *id, l.clone())),
        );
    }
    out
}

/// The approved risk margin as a labour line of its own (it is taxed as labour).
fn margin_line(amount: i64) -> EstimateLine {
    EstimateLine {
        kind: LineKind::Labour,
        code: String::new(),
        description: String::new(),
        system: None,
        qty_milli: crate::pricing::QTY_SCALE,
        unit: String::new(),
        unit_price_minor: amount,
        discount_bp: 0,
        source: None,
        grade: None,
        customer_insists: false,
        guarantee: crate::pricing::Guarantee {
            class: GuaranteeClass::None,
            km: 0,
            days: 0,
        },
    }
}

/// The figures of the approved lines less a discount on the total and what was paid.
pub fn settle(
    lines: &[EstimateLine],
    tax: &TaxSettings,
    total_discount_minor: i64,
    paid_minor: i64,
    on_account_minor: i64,
) -> Result<SettlementFigures> {
    let totals = totals(lines, PricingMode::ByItem, 0, tax)
        .map_err(|_| CoreError::invalid("lines", Reason::MoneyTooLarge))?;
    if total_discount_minor < 0 {
        return Err(CoreError::invalid(
            "totalDiscountMinor",
            Reason::MoneyNegative,
        ));
    }
    if total_discount_minor > totals.gross_minor {
        return Err(CoreError::invalid(
            "totalDiscountMinor",
            Reason::DiscountAboveTotal,
        ));
    }
    let total = totals.gross_minor - total_discount_minor;
    Ok(SettlementFigures {
        totals,
        total_discount_minor,
        total_minor: total,
        paid_minor,
        on_account_minor,
        due_minor: total - paid_minor - on_account_minor,
    })
}

/// Whether a discount of `discount` off `gross` passes the shop's limit (basis points).
pub fn discount_above_limit(discount: i64, gross: i64, limit_bp: u32) -> bool {
    if discount <= 0 {
        return false;
    }
    if gross <= 0 {
        return true;
    }
    let allowed = round_div(i128::from(gross) * i128::from(limit_bp), 10_000);
    i128::from(discount) > allowed
}

/// Whether the discounts given on the lines and on the total, together, pass the shop's
/// limit, as a share of what the lines came to before any discount: the limit holds for
/// both, so a 100 % discount on one line (priced in an estimate the desk approved by
/// phone itself) cannot go around it.
pub fn discounts_above_limit(
    line_discounts: i64,
    total_discount: i64,
    gross: i64,
    limit_bp: u32,
) -> bool {
    let all = line_discounts.max(0).saturating_add(total_discount.max(0));
    discount_above_limit(all, gross.saturating_add(line_discounts.max(0)), limit_bp)
}

/// The hash of what the customer is shown: lines, figures before payments, odometer.
pub fn draft_hash(
    lines: &[SettlementLine],
    figures: &SettlementFigures,
    odometer_out: Option<i64>,
) -> String {
    let json = serde_json::to_string(&(
        lines,
        &figures.totals,
        figures.total_discount_minor,
        odometer_out,
    ))
    .unwrap_or_default();
    sha256_of(&json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::test_line;

    #[test]
    fn the_odometer_typed_at_the_desk_is_read_as_whole_kilometres() {
        let typed = |text: &str| SettlementDraftInput {
            odometer_out_text: Some(text.into()),
            ..SettlementDraftInput::default()
        };
        assert_eq!(typed("12 345").odometer(), Ok(Some(12_345)));
        assert_eq!(typed("12,345").odometer(), Ok(Some(12_345)));
        assert_eq!(
            typed("  ").odometer(),
            Ok(None),
            "an empty field means none"
        );
        assert_eq!(typed("12.5").odometer(), Err(Reason::OdometerWhole));
        assert_eq!(typed("abc").odometer(), Err(Reason::OdometerWhole));
        let sent = SettlementDraftInput {
            odometer_out: Some(7),
            ..SettlementDraftInput::default()
        };
        assert_eq!(
            sent.odometer(),
            Ok(Some(7)),
            "without text, the number sent"
        );
    }

    #[test]
    fn the_frozen_settlement_serializes_in_its_fixed_field_order() {
        let at = NaiveDate::from_ymd_opt(2027, 1, 31)
            .and_then(|d| d.and_hms_opt(16, 0, 0))
            .unwrap_or_default();
        let snap = SettlementSnapshot {
            version: SNAPSHOT_VERSION,
            number: "SET-2027-00001".into(),
            work_order: "WO-2027-00001".into(),
            plate: "沪A12345".into(),
            customer: "李建国".into(),
            currency: "CNY".into(),
            exit_date: at.date(),
            odometer_out: 58_234,
            tax: TaxSettings::none(),
            lines: Vec::new(),
            figures: settle(&[], &TaxSettings::none(), 0, 0, 0)
                .unwrap_or_else(|_| panic!("figures")),
            discount_approved_by: None,
            signed_at: at,
        };
        let json = snap.to_json().unwrap_or_default();
        assert!(json.starts_with(
            r#"{"version":1,"number":"SET-2027-00001","workOrder":"WO-2027-00001","plate":"沪A12345""#
        ));
        assert!(json.ends_with(r#""discountApprovedBy":null,"signedAt":"2027-01-31T16:00:00"}"#));
        let back = SettlementSnapshot::from_json(&json).unwrap_or_else(|_| panic!("reads back"));
        assert_eq!(back, snap);
    }

    #[test]
    fn every_thing_this_step_may_not_find_has_its_name_in_every_language() {
        let things = [
            "settlement",
            "payment",
            "staff",
            "approval",
            "exit_notice",
            "pickup_check",
        ];
        for what in things {
            for lang in crate::i18n::Lang::ALL {
                let key = format!("entity.{what}");
                assert!(crate::i18n::has_key(lang, &key), "{key} in {}", lang.code());
            }
        }
    }

    #[test]
    fn a_full_discount_on_one_line_counts_against_the_limit() {
        // 1,000.00 of lines, one 100.00 line given away: 10 % off, above 5 %.
        assert!(discounts_above_limit(10_000, 0, 90_000, 500));
        assert!(!discounts_above_limit(4_000, 0, 96_000, 500));
        // 3 % on the lines and 3 % on the total: 6 % in all.
        assert!(discounts_above_limit(3_000, 2_910, 97_000, 500));
        assert!(!discounts_above_limit(0, 0, 0, 500));
    }

    #[test]
    fn the_discount_limit_is_a_share_of_the_total() {
        assert!(!discount_above_limit(500, 10_000, 500));
        assert!(discount_above_limit(501, 10_000, 500));
        assert!(!discount_above_limit(0, 0, 0));
        assert!(discount_above_limit(1, 0, 10_000));
    }

    #[test]
    fn deposits_and_part_payments_leave_what_is_due() {
        let lines = [
            test_line(LineKind::Labour, 1_000, 20_000, 0),
            test_line(LineKind::Part, 2_000, 15_000, 1_000),
        ];
        let f = settle(&lines, &TaxSettings::none(), 2_000, 10_000, 5_000)
            .unwrap_or_else(|_| panic!("figures"));
        assert_eq!(f.totals.gross_minor, 47_000);
        assert_eq!(f.total_minor, 45_000);
        assert_eq!(f.due_minor, 30_000);
        assert!(settle(&lines, &TaxSettings::none(), 47_001, 0, 0).is_err());
    }

    #[test]
    fn the_risk_margin_follows_the_estimate_lines_and_items_follow_it() {
        let est = [test_line(LineKind::Labour, 1_000, 100, 0)];
        let items = vec![(7, vec![test_line(LineKind::Part, 1_000, 50, 0)])];
        let all = gather_lines(Some((2, &est, 10)), &items);
        let origins: Vec<_> = all.iter().map(|(o, r, _)| (*o, *r)).collect();
        assert_eq!(
            origins,
            [
                (LineOrigin::Estimate, 2),
                (LineOrigin::RiskMargin, 2),
                (LineOrigin::AdditionalItem, 7)
            ]
        );
    }
}
