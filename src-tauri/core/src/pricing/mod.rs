//! Pricing a job the way a garage does: lines of labour, parts, sundries and outside work,
//! quantities in thousandths (0.5 h, 4.5 L), prices in minor units, a discount per line,
//! tax included or added, and a quality guarantee per line. Pure functions; the store
//! keeps the price list and the estimates.
pub mod defaults;
pub mod estimate;
pub mod estimate_actions;
pub mod import;
pub mod price_list;
pub mod sheet;
pub mod totals;
pub mod xlsx_read;

use crate::error::FieldIssue;
use crate::money::amount_issue;
use crate::reason::Reason;
use crate::validate::too_long;

pub use crate::domain::pricing::*;
pub use totals::{line_total, round_div, totals, LineTotal, Overflow, TaxRow, Totals};

/// Every problem with the pricing settings.
pub fn check_pricing_settings(s: &PricingSettings) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if let Some(code) = amount_issue(s.labour_rate_minor) {
        issues.push(FieldIssue::new("labourRateMinor", code));
    }
    if let Some(code) = s.body_rate_minor.and_then(amount_issue) {
        issues.push(FieldIssue::new("bodyRateMinor", code));
    }
    for kind in LineKind::ALL {
        if s.tax.rate_for(kind) > MAX_TAX_RATE_BP {
            issues.push(FieldIssue::new(
                format!("tax.{}RateBp", camel(kind.as_str())),
                Reason::TaxRateRange,
            ));
        }
    }
    for (name, g) in [
        ("overhaul", s.guarantees.overhaul),
        ("secondLevel", s.guarantees.second_level),
        ("firstLevel", s.guarantees.first_level),
    ] {
        if g.km > MAX_GUARANTEE_KM || g.days > MAX_GUARANTEE_DAYS {
            issues.push(FieldIssue::new(
                format!("guarantees.{name}"),
                Reason::GuaranteeRange,
            ));
        }
    }
    if !(1..=365).contains(&s.validity_days) {
        issues.push(FieldIssue::new("validityDays", Reason::ValidityRange));
    }
    if s.default_risk_margin_bp > MAX_RISK_MARGIN_BP {
        issues.push(FieldIssue::new(
            "defaultRiskMarginBp",
            Reason::RiskMarginRange,
        ));
    }
    issues
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Every problem with one line; fields are `<prefix>.<name>`.
pub fn check_line(line: &EstimateLine, prefix: &str) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let field = |name: &str| format!("{prefix}.{name}");
    if line.description.trim().is_empty() {
        issues.push(FieldIssue::new(
            field("description"),
            Reason::LineDescriptionRequired,
        ));
    }
    too_long(
        &mut issues,
        &field("description"),
        line.description.trim(),
        MAX_LINE_TEXT,
    );
    too_long(&mut issues, &field("code"), line.code.trim(), 40);
    too_long(&mut issues, &field("unit"), line.unit.trim(), 12);
    if !(0..=MAX_QTY_MILLI).contains(&line.qty_milli) {
        issues.push(FieldIssue::new(field("qtyMilli"), Reason::QuantityRange));
    }
    if let Some(code) = amount_issue(line.unit_price_minor) {
        issues.push(FieldIssue::new(field("unitPriceMinor"), code));
    }
    if line.discount_bp > 10_000 {
        issues.push(FieldIssue::new(field("discountBp"), Reason::DiscountRange));
    }
    if line.kind != LineKind::Part && (line.source.is_some() || line.grade.is_some()) {
        issues.push(FieldIssue::new(field("source"), Reason::LineNotAPart));
    }
    if line.guarantee.km > MAX_GUARANTEE_KM || line.guarantee.days > MAX_GUARANTEE_DAYS {
        issues.push(FieldIssue::new(field("guarantee"), Reason::GuaranteeRange));
    }
    issues
}

/// A line's guarantee against the shop's settings: a promise may be longer, never
/// shorter; "none" only where the line carries no guarantee anyway.
pub fn check_guarantee(
    line: &EstimateLine,
    defaults: &GuaranteeDefaults,
    prefix: &str,
) -> Option<FieldIssue> {
    let g = line.guarantee;
    if g.class == GuaranteeClass::None {
        let may_have_none = line.source == Some(PartSource::Customer)
            || line.customer_insists
            || matches!(line.kind, LineKind::Sundry | LineKind::Outside);
        return (!may_have_none)
            .then(|| FieldIssue::new(format!("{prefix}.guarantee"), Reason::GuaranteeRequired));
    }
    let least = defaults.of(g.class);
    (g.km < least.km || g.days < least.days)
        .then(|| FieldIssue::new(format!("{prefix}.guarantee"), Reason::GuaranteeBelowShop))
}

/// A line trimmed, with what cannot apply removed: a customer's part carries no guarantee.
pub fn clean_line(line: &EstimateLine) -> EstimateLine {
    let mut out = line.clone();
    out.description = line.description.trim().to_string();
    out.code = line.code.trim().to_string();
    out.unit = line.unit.trim().to_string();
    if line.source == Some(PartSource::Customer) {
        out.guarantee = Guarantee {
            class: GuaranteeClass::None,
            km: 0,
            days: 0,
        };
    }
    out
}

/// A line for tests: given kind, quantity, price and discount; the rest ordinary.
#[cfg(test)]
pub(crate) fn test_line(
    kind: LineKind,
    qty_milli: i64,
    price: i64,
    discount_bp: u32,
) -> EstimateLine {
    EstimateLine {
        kind,
        code: String::new(),
        description: "line".into(),
        system: None,
        qty_milli,
        unit: String::new(),
        unit_price_minor: price,
        discount_bp,
        source: None,
        grade: None,
        customer_insists: false,
        guarantee: GuaranteeDefaults::default().first_level,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_customer_part_or_an_insisted_aftermarket_brake_part_has_no_guarantee() {
        let mut pads = test_line(LineKind::Part, 1_000, 30_000, 0);
        pads.system = Some(RepairSystem::Brakes);
        pads.grade = Some(PartGrade::Aftermarket);
        pads.source = Some(PartSource::Shop);
        assert!(!pads.no_quality_guarantee());
        pads.customer_insists = true;
        assert!(pads.no_quality_guarantee());
        let mut own = test_line(LineKind::Part, 1_000, 0, 0);
        own.source = Some(PartSource::Customer);
        assert!(clean_line(&own).guarantee.class == GuaranteeClass::None);
        assert!(own.no_quality_guarantee());
    }

    #[test]
    fn a_shop_may_promise_more_never_less_than_its_own_setting() {
        let defaults = GuaranteeDefaults::default();
        let mut line = test_line(LineKind::Labour, 1_000, 10_000, 0);
        line.guarantee = Guarantee {
            class: GuaranteeClass::Overhaul,
            km: 30_000,
            days: 180,
        };
        assert_eq!(check_guarantee(&line, &defaults, "lines.0"), None);
        line.guarantee.days = 99;
        assert_eq!(
            check_guarantee(&line, &defaults, "lines.0").map(|i| i.code),
            Some(Reason::GuaranteeBelowShop)
        );
        line.guarantee = defaults.of(GuaranteeClass::None);
        assert_eq!(
            check_guarantee(&line, &defaults, "lines.0").map(|i| i.code),
            Some(Reason::GuaranteeRequired)
        );
    }

    #[test]
    fn the_defaults_are_valid_and_body_work_has_its_own_rate() {
        let mut s = PricingSettings::default();
        assert!(check_pricing_settings(&s).is_empty());
        s.body_rate_minor = Some(22_000);
        assert_eq!(s.rate_for(Some(RepairSystem::Body)), 22_000);
        assert_eq!(s.rate_for(Some(RepairSystem::Brakes)), 18_000);
        s.tax.part_rate_bp = 9_999;
        assert_eq!(
            check_pricing_settings(&s)[0].field,
            "tax.partRateBp".to_string()
        );
    }
}
