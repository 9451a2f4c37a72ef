//! The nouns of pricing: line kinds, part grades, guarantee classes, tax and pricing
//! settings and the estimate line itself. Types only (with their names on paper and in
//! the database); the checks and sums over them live in `pricing`.
use serde::{Deserialize, Serialize};

mod answers;
mod totals;
pub use answers::{ApprovalChannel, ContactOutcome, EstimateStatus, ProposalStatus};
pub use totals::{LineTotal, TaxRow, Totals};

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
