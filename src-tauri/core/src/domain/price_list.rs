//! The shop's price list as records: labour operations, parts, canned jobs, and the hit a
//! search returns. Checked and turned into estimate lines in `pricing::price_list`.
use serde::{Deserialize, Serialize};

use crate::domain::pricing::{EstimateLine, GuaranteeClass, PartGrade, RepairSystem};
use crate::ids::PriceItemId;

/// A labour operation: standard hours at the shop rate, or a flat price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LabourOp {
    /// `None` for a new one.
    pub id: Option<PriceItemId>,
    pub code: String,
    pub name: String,
    pub system: Option<RepairSystem>,
    /// Standard hours in thousandths (1500 = 1.5 h); `None` when priced flat.
    pub hours_milli: Option<i64>,
    pub flat_price_minor: Option<i64>,
    pub guarantee_class: GuaranteeClass,
}

/// A part of the price list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Part {
    pub id: Option<PriceItemId>,
    pub part_number: String,
    pub name: String,
    pub brand: String,
    pub grade: PartGrade,
    /// piece, L, set…
    pub unit: String,
    pub sell_price_minor: i64,
    /// What the shop paid; never printed.
    pub cost_price_minor: Option<i64>,
    pub system: Option<RepairSystem>,
}

/// A canned job (package): lines added to a job in one step, then editable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CannedJob {
    pub id: Option<PriceItemId>,
    pub code: String,
    pub name: String,
    pub lines: Vec<EstimateLine>,
}

/// What kind of price-list entry a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PriceKind {
    Labour,
    Part,
    Canned,
}

impl PriceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Labour => "labour",
            Self::Part => "part",
            Self::Canned => "canned",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Labour, Self::Part, Self::Canned]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A price-list entry found by a search, with the lines it adds to an estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PriceHit {
    pub kind: PriceKind,
    pub id: PriceItemId,
    pub code: String,
    pub name: String,
    /// Brand and grade of a part, the system of an operation, the line count of a job.
    pub detail: String,
    /// What it adds, priced with the shop's settings.
    pub lines: Vec<EstimateLine>,
}

/// Part numbers compare without dashes, dots, slashes and spaces, upper-cased:
/// `04465-33471` is `0446533471`.
pub fn part_key(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}
