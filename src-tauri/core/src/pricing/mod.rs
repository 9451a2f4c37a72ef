//! Pricing a job the way a garage does: lines of labour, parts, sundries and outside work,
//! quantities in thousandths (0.5 h, 4.5 L), prices in minor units, a discount per line,
//! tax included or added, and a quality guarantee per line. Pure functions; the store
//! keeps the price list and the estimates.
pub mod answer;
pub mod defaults;
pub mod estimate;
pub mod estimate_actions;
pub mod import;
pub mod price_list;
pub mod print;
pub mod print_additional;
pub mod sheet;
pub mod totals;
pub mod workshop;
pub mod xlsx_read;

use serde::{Deserialize, Serialize};

use crate::error::FieldIssue;
use crate::money::amount_issue;
use crate::reason::Reason;
use crate::validate::too_long;

pub use totals::{line_total, round_div, totals, LineTotal, Overflow, TaxRow, Totals};

/// Quantities are kept in thousandths: `1500` is 1.5 (hours, litres, pieces).
pub const QTY_SCALE: i64 = 1_000;
/// The largest quantity on a line: 100,000 units.
pub const MAX_QTY_MILLI: i64 = 100_000_000;
/// The most lines an estimate holds.
pub const MAX_LINES: usize = 200;
/// The largest "by symptom" risk margin: 50 %.
pub const MAX_RISK_MARGIN_BP: u32 = 5_000;
/// The largest tax rate: 50 %.
pub const MAX_TAX_RATE_BP: u32 = 5_000;
/// The longest guarantee a line may promise.
pub const MAX_GUARANTEE_KM: u32 = 1_000_000;
pub const MAX_GUARANTEE_DAYS: u32 = 3_650;

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Labour,
    Part,
    /// Consumables, disposal fees.
    Sundry,
    /// Work sent to another business (sublet).
    Outside,
}

impl LineKind {
    pub const ALL: [LineKind; 4] = [Self::Labour, Self::Part, Self::Sundry, Self::Outside];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Labour => "labour",
            Self::Part => "part",
            Self::Sundry => "sundry",
            Self::Outside => "outside",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The vehicle system a line works on; brakes, steering, suspension and tyres are safety
/// critical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RepairSystem {
    Engine,
    Transmission,
    Brakes,
    Steering,
    Suspension,
    Tyres,
    Electrical,
    AirCon,
    Body,
    Maintenance,
    Other,
}

impl RepairSystem {
    pub const ALL: [RepairSystem; 11] = [
        Self::Engine,
        Self::Transmission,
        Self::Brakes,
        Self::Steering,
        Self::Suspension,
        Self::Tyres,
        Self::Electrical,
        Self::AirCon,
        Self::Body,
        Self::Maintenance,
        Self::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Engine => "engine",
            Self::Transmission => "transmission",
            Self::Brakes => "brakes",
            Self::Steering => "steering",
            Self::Suspension => "suspension",
            Self::Tyres => "tyres",
            Self::Electrical => "electrical",
            Self::AirCon => "air_con",
            Self::Body => "body",
            Self::Maintenance => "maintenance",
            Self::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn safety_critical(self) -> bool {
        matches!(
            self,
            Self::Brakes | Self::Steering | Self::Suspension | Self::Tyres
        )
    }
}

/// Who supplies a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PartSource {
    Shop,
    Customer,
}

/// The grade of a part, as the trade names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PartGrade {
    Genuine,
    OemEquivalent,
    Aftermarket,
    /// Used or reconditioned.
    Used,
}

impl PartGrade {
    pub const ALL: [PartGrade; 4] = [
        Self::Genuine,
        Self::OemEquivalent,
        Self::Aftermarket,
        Self::Used,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Genuine => "genuine",
            Self::OemEquivalent => "oem_equivalent",
            Self::Aftermarket => "aftermarket",
            Self::Used => "used",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The guarantee class of a line (mainland rule for motor vehicle repair).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum GuaranteeClass {
    /// Overhaul of the vehicle or a major assembly.
    Overhaul,
    /// Second-level maintenance.
    SecondLevel,
    /// First-level maintenance, minor and special repairs.
    FirstLevel,
    /// No guarantee: customer-supplied parts, work done at the customer's insistence.
    None,
}

impl GuaranteeClass {
    pub const ALL: [GuaranteeClass; 4] = [
        Self::Overhaul,
        Self::SecondLevel,
        Self::FirstLevel,
        Self::None,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Overhaul => "overhaul",
            Self::SecondLevel => "second_level",
            Self::FirstLevel => "first_level",
            Self::None => "none",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A guarantee: whichever of the distance and the days comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Guarantee {
    pub class: GuaranteeClass,
    pub km: u32,
    pub days: u32,
}

/// The shop's least guarantee per class; defaults follow the mainland rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct GuaranteeDefaults {
    pub overhaul: Guarantee,
    pub second_level: Guarantee,
    pub first_level: Guarantee,
}

impl Default for GuaranteeDefaults {
    fn default() -> Self {
        Self {
            overhaul: Guarantee {
                class: GuaranteeClass::Overhaul,
                km: 20_000,
                days: 100,
            },
            second_level: Guarantee {
                class: GuaranteeClass::SecondLevel,
                km: 5_000,
                days: 30,
            },
            first_level: Guarantee {
                class: GuaranteeClass::FirstLevel,
                km: 2_000,
                days: 10,
            },
        }
    }
}

impl GuaranteeDefaults {
    /// The shop's own setting for `class` (none promises nothing).
    pub fn of(&self, class: GuaranteeClass) -> Guarantee {
        match class {
            GuaranteeClass::Overhaul => self.overhaul,
            GuaranteeClass::SecondLevel => self.second_level,
            GuaranteeClass::FirstLevel => self.first_level,
            GuaranteeClass::None => Guarantee {
                class,
                km: 0,
                days: 0,
            },
        }
    }
}

/// How the shop charges tax. Rates are basis points (1300 = 13 %); a shop with no tax
/// has every rate at 0 and prints no tax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaxSettings {
    /// The prices typed and printed already include the tax.
    pub prices_include_tax: bool,
    pub labour_rate_bp: u32,
    pub part_rate_bp: u32,
    pub sundry_rate_bp: u32,
    pub outside_rate_bp: u32,
}

impl TaxSettings {
    pub fn none() -> Self {
        Self::flat(0)
    }
    /// One rate for every kind of line, added on top.
    pub fn flat(rate_bp: u32) -> Self {
        Self {
            prices_include_tax: false,
            labour_rate_bp: rate_bp,
            part_rate_bp: rate_bp,
            sundry_rate_bp: rate_bp,
            outside_rate_bp: rate_bp,
        }
    }
    pub fn rate_for(&self, kind: LineKind) -> u32 {
        match kind {
            LineKind::Labour => self.labour_rate_bp,
            LineKind::Part => self.part_rate_bp,
            LineKind::Sundry => self.sundry_rate_bp,
            LineKind::Outside => self.outside_rate_bp,
        }
    }
    pub fn charges_tax(&self) -> bool {
        LineKind::ALL.iter().any(|k| self.rate_for(*k) > 0)
    }
}

/// How an estimate is priced, as the trade names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PricingMode {
    /// By system (engine, brakes…): hours and parts per system.
    BySystem,
    /// By symptom: a risk margin is added and shown.
    BySymptom,
    /// By item: fixed prices from the price list.
    ByItem,
}

impl PricingMode {
    pub const ALL: [PricingMode; 3] = [Self::BySystem, Self::BySymptom, Self::ByItem];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BySystem => "by_system",
            Self::BySymptom => "by_symptom",
            Self::ByItem => "by_item",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The shop's pricing settings (settings → price list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PricingSettings {
    /// The shop labour rate per hour, minor units.
    pub labour_rate_minor: i64,
    /// The rate per hour for body work, when it differs.
    pub body_rate_minor: Option<i64>,
    pub tax: TaxSettings,
    pub guarantees: GuaranteeDefaults,
    /// Days an estimate stays valid.
    pub validity_days: u32,
    pub default_mode: PricingMode,
    pub default_risk_margin_bp: u32,
}

impl Default for PricingSettings {
    fn default() -> Self {
        Self {
            labour_rate_minor: 18_000,
            body_rate_minor: None,
            tax: TaxSettings::none(),
            guarantees: GuaranteeDefaults::default(),
            validity_days: 15,
            default_mode: PricingMode::ByItem,
            default_risk_margin_bp: 1_000,
        }
    }
}

impl PricingSettings {
    /// The labour rate for work on `system`.
    pub fn rate_for(&self, system: Option<RepairSystem>) -> i64 {
        match (system, self.body_rate_minor) {
            (Some(RepairSystem::Body), Some(rate)) => rate,
            _ => self.labour_rate_minor,
        }
    }
}

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

/// One line of an estimate (or of an additional item, or of a canned job).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct EstimateLine {
    pub kind: LineKind,
    /// The labour operation code or part number from the price list; empty when typed.
    pub code: String,
    pub description: String,
    pub system: Option<RepairSystem>,
    /// Thousandths: 500 is 0.5 h, 4500 is 4.5 L.
    pub qty_milli: i64,
    /// h, L, piece, set… (free text, short).
    pub unit: String,
    pub unit_price_minor: i64,
    /// Basis points: 1000 is 10 % off.
    pub discount_bp: u32,
    /// Parts only.
    pub source: Option<PartSource>,
    /// Parts only.
    pub grade: Option<PartGrade>,
    /// The customer insisted on this part or work against the shop's advice.
    pub customer_insists: bool,
    pub guarantee: Guarantee,
}

impl EstimateLine {
    /// The printed estimate marks this line "no quality guarantee": a part the customer
    /// supplied, or a non-genuine part on a safety-critical system at the customer's
    /// insistence.
    pub fn no_quality_guarantee(&self) -> bool {
        self.source == Some(PartSource::Customer)
            || (self.customer_insists
                && matches!(self.grade, Some(PartGrade::Aftermarket | PartGrade::Used))
                && self.system.is_some_and(RepairSystem::safety_critical))
            || self.guarantee.class == GuaranteeClass::None
    }
}

/// The longest description of a line.
pub const MAX_LINE_TEXT: usize = 300;

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
