//! The shop's price list: labour operations, parts and canned jobs, and how each becomes
//! a line of an estimate.
use crate::error::FieldIssue;
use crate::money::amount_issue;
use crate::pricing::{
    check_line, EstimateLine, LineKind, PartSource, PricingSettings, MAX_LINES, MAX_QTY_MILLI,
    QTY_SCALE,
};
use crate::reason::Reason;
use crate::validate::too_long;

pub use crate::domain::price_list::{part_key, CannedJob, LabourOp, Part, PriceHit, PriceKind};

pub fn check_labour_op(op: &LabourOp) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if op.code.trim().is_empty() {
        issues.push(FieldIssue::new("code", Reason::PriceCodeRequired));
    }
    too_long(&mut issues, "code", op.code.trim(), 40);
    if op.name.trim().is_empty() {
        issues.push(FieldIssue::new("name", Reason::NameRequired));
    }
    too_long(&mut issues, "name", op.name.trim(), 200);
    match (op.hours_milli, op.flat_price_minor) {
        (Some(h), None) if (0..=MAX_QTY_MILLI).contains(&h) => {}
        (Some(_), None) => issues.push(FieldIssue::new("hoursMilli", Reason::QuantityRange)),
        (None, Some(p)) => {
            if let Some(code) = amount_issue(p) {
                issues.push(FieldIssue::new("flatPriceMinor", code));
            }
        }
        _ => issues.push(FieldIssue::new("hoursMilli", Reason::HoursOrFlatPrice)),
    }
    issues
}

pub fn check_part(part: &Part) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if part_key(&part.part_number).is_empty() {
        issues.push(FieldIssue::new("partNumber", Reason::PriceCodeRequired));
    }
    too_long(&mut issues, "partNumber", part.part_number.trim(), 40);
    if part.name.trim().is_empty() {
        issues.push(FieldIssue::new("name", Reason::NameRequired));
    }
    too_long(&mut issues, "name", part.name.trim(), 200);
    too_long(&mut issues, "brand", part.brand.trim(), 60);
    too_long(&mut issues, "unit", part.unit.trim(), 12);
    if let Some(code) = amount_issue(part.sell_price_minor) {
        issues.push(FieldIssue::new("sellPriceMinor", code));
    }
    if let Some(code) = part.cost_price_minor.and_then(amount_issue) {
        issues.push(FieldIssue::new("costPriceMinor", code));
    }
    issues
}

pub fn check_canned_job(job: &CannedJob) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if job.code.trim().is_empty() {
        issues.push(FieldIssue::new("code", Reason::PriceCodeRequired));
    }
    too_long(&mut issues, "code", job.code.trim(), 40);
    if job.name.trim().is_empty() {
        issues.push(FieldIssue::new("name", Reason::NameRequired));
    }
    too_long(&mut issues, "name", job.name.trim(), 200);
    if job.lines.is_empty() {
        issues.push(FieldIssue::new("lines", Reason::EstimateEmpty));
    }
    if job.lines.len() > MAX_LINES {
        issues.push(FieldIssue::new("lines", Reason::ListTooLong));
    }
    for (i, line) in job.lines.iter().enumerate() {
        issues.extend(check_line(line, &format!("lines.{i}")));
    }
    issues
}

/// The estimate line of a labour operation: its hours at the shop's rate for its system
/// (body work may have its own), or 1 × its flat price.
pub fn labour_line(op: &LabourOp, settings: &PricingSettings) -> EstimateLine {
    let (qty, price) = match (op.hours_milli, op.flat_price_minor) {
        (Some(hours), _) => (hours, settings.rate_for(op.system)),
        (None, flat) => (QTY_SCALE, flat.unwrap_or(0)),
    };
    EstimateLine {
        kind: LineKind::Labour,
        code: op.code.clone(),
        description: op.name.clone(),
        system: op.system,
        qty_milli: qty,
        unit: if op.hours_milli.is_some() {
            "h".into()
        } else {
            String::new()
        },
        unit_price_minor: price,
        discount_bp: 0,
        source: None,
        grade: None,
        customer_insists: false,
        guarantee: settings.guarantees.of(op.guarantee_class),
    }
}

/// The estimate line of one unit of a part, supplied by the shop.
pub fn part_line(part: &Part, settings: &PricingSettings) -> EstimateLine {
    EstimateLine {
        kind: LineKind::Part,
        code: part.part_number.clone(),
        description: if part.brand.is_empty() {
            part.name.clone()
        } else {
            format!("{} ({})", part.name, part.brand)
        },
        system: part.system,
        qty_milli: QTY_SCALE,
        unit: part.unit.clone(),
        unit_price_minor: part.sell_price_minor,
        discount_bp: 0,
        source: Some(PartSource::Shop),
        grade: Some(part.grade),
        customer_insists: false,
        guarantee: settings.guarantees.first_level,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::{GuaranteeClass, RepairSystem};

    #[test]
    fn part_numbers_match_with_or_without_dashes() {
        assert_eq!(part_key("04465-33471"), "0446533471");
        assert_eq!(part_key(" 04465 33471 "), "0446533471");
        assert_eq!(part_key("a.b/c"), "ABC");
    }

    #[test]
    fn an_operation_is_priced_at_the_rate_of_its_system() {
        let mut settings = PricingSettings {
            body_rate_minor: Some(25_000),
            ..PricingSettings::default()
        };
        let op = LabourOp {
            id: None,
            code: "B-01".into(),
            name: "Respray bumper".into(),
            system: Some(RepairSystem::Body),
            hours_milli: Some(2_500),
            flat_price_minor: None,
            guarantee_class: GuaranteeClass::FirstLevel,
        };
        let line = labour_line(&op, &settings);
        assert_eq!((line.qty_milli, line.unit_price_minor), (2_500, 25_000));
        settings.body_rate_minor = None;
        assert_eq!(labour_line(&op, &settings).unit_price_minor, 18_000);
        let flat = LabourOp {
            hours_milli: None,
            flat_price_minor: Some(9_900),
            ..op
        };
        assert!(check_labour_op(&flat).is_empty());
        assert_eq!(labour_line(&flat, &settings).qty_milli, 1_000);
    }
}
