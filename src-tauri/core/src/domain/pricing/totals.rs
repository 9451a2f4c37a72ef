//! What a priced job adds up to: each line's figures, the tax per rate and the totals,
//! as `pricing::totals` computes them and every form prints them.
use serde::{Deserialize, Serialize};

/// One line as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LineTotal {
    /// Quantity × unit price, rounded.
    pub gross_minor: i64,
    /// The line's discount, rounded.
    pub discount_minor: i64,
    /// What the line costs: `gross_minor - discount_minor`.
    pub amount_minor: i64,
}

/// Tax at one rate, as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TaxRow {
    /// Basis points: 1300 is 13 %.
    pub rate_bp: u32,
    /// The sum of the lines at this rate (as entered: net or tax-inclusive).
    pub basis_minor: i64,
    pub tax_minor: i64,
}

/// Every figure of an estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub lines: Vec<LineTotal>,
    pub labour_minor: i64,
    pub parts_minor: i64,
    /// Sundries and outside work.
    pub other_minor: i64,
    pub discount_minor: i64,
    /// The "by symptom" risk margin (0 in the other modes).
    pub risk_margin_minor: i64,
    /// Without tax.
    pub net_minor: i64,
    /// Empty for a shop that charges no tax.
    pub tax: Vec<TaxRow>,
    pub tax_minor: i64,
    /// What the customer pays.
    pub gross_minor: i64,
}
