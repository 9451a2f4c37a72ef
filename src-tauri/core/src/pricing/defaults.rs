//! What a new line or price-list entry starts with, and what a line's kind, source or
//! guarantee class brings with it: decided here once, sent to the window as a table
//! (`LineDefaults`), so the screens read the shop's defaults instead of writing them again.
use serde::{Deserialize, Serialize};

use super::price_list::{CannedJob, LabourOp, Part};
use super::{
    clean_line, EstimateLine, Guarantee, GuaranteeClass, LineKind, PartGrade, PartSource,
    PricingMode, PricingSettings,
};

/// The shop's defaults for lines, as the estimate, the additional items and the price list
/// apply them while the desk types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LineDefaults {
    /// A line added by hand: one hour of labour at the shop rate, first-level guarantee.
    pub blank: EstimateLine,
    /// The guarantee each class gives (all four classes; `none` promises nothing).
    pub guarantees: Vec<Guarantee>,
    /// Where a line turned into a part comes from, and its grade.
    pub part_source: PartSource,
    pub part_grade: PartGrade,
    /// The guarantee a part the customer brings carries (what `clean_line` leaves).
    pub customer_part_guarantee: Guarantee,
    /// The guarantee a part the shop supplies falls back to when it had none.
    pub shop_part_guarantee: Guarantee,
    /// A new labour operation, part and package of the price list.
    pub new_labour_op: LabourOp,
    pub new_part: Part,
    pub new_canned: CannedJob,
}

/// The pricing settings as the screens load them: the settings, and the line defaults
/// they imply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PricingView {
    #[serde(flatten)]
    pub settings: PricingSettings,
    pub line_defaults: LineDefaults,
}

/// `settings` with their line defaults.
pub fn pricing_view(settings: PricingSettings) -> PricingView {
    PricingView {
        line_defaults: line_defaults(&settings),
        settings,
    }
}

/// The defaults of the shop whose pricing settings are `settings`.
pub fn line_defaults(settings: &PricingSettings) -> LineDefaults {
    let first_level = settings.guarantees.of(GuaranteeClass::FirstLevel);
    let blank = EstimateLine {
        kind: LineKind::Labour,
        code: String::new(),
        description: String::new(),
        system: None,
        qty_milli: super::QTY_SCALE,
        unit: String::new(),
        unit_price_minor: settings.labour_rate_minor,
        discount_bp: 0,
        source: None,
        grade: None,
        customer_insists: false,
        guarantee: first_level,
    };
    let customer_part = clean_line(&EstimateLine {
        kind: LineKind::Part,
        source: Some(PartSource::Customer),
        ..blank.clone()
    });
    LineDefaults {
        guarantees: [
            GuaranteeClass::Overhaul,
            GuaranteeClass::SecondLevel,
            GuaranteeClass::FirstLevel,
            GuaranteeClass::None,
        ]
        .into_iter()
        .map(|class| settings.guarantees.of(class))
        .collect(),
        part_source: PartSource::Shop,
        part_grade: PartGrade::Genuine,
        customer_part_guarantee: customer_part.guarantee,
        shop_part_guarantee: first_level,
        new_labour_op: LabourOp {
            id: None,
            code: String::new(),
            name: String::new(),
            system: None,
            hours_milli: Some(super::QTY_SCALE),
            flat_price_minor: None,
            guarantee_class: GuaranteeClass::FirstLevel,
        },
        new_part: Part {
            id: None,
            part_number: String::new(),
            name: String::new(),
            brand: String::new(),
            grade: PartGrade::Genuine,
            unit: "pc".into(),
            sell_price_minor: 0,
            cost_price_minor: None,
            system: None,
        },
        new_canned: CannedJob {
            id: None,
            code: String::new(),
            name: String::new(),
            lines: Vec::new(),
        },
        blank,
    }
}

/// The risk margin a draft keeps: only "by symptom" pricing carries one, so a margin typed
/// before the mode changed is not kept on a job priced by item or by system.
pub fn margin_for(mode: PricingMode, margin_bp: u32) -> u32 {
    if mode == PricingMode::BySymptom {
        margin_bp
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::GuaranteeDefaults;

    #[test]
    fn a_blank_line_is_an_hour_of_labour_at_the_shop_rate_with_its_first_level_guarantee() {
        let settings = PricingSettings {
            labour_rate_minor: 25_000,
            ..PricingSettings::default()
        };
        let d = line_defaults(&settings);
        assert_eq!(d.blank.kind, LineKind::Labour);
        assert_eq!(d.blank.qty_milli, 1_000, "one hour, in thousandths");
        assert_eq!(d.blank.unit_price_minor, 25_000, "the shop's own rate");
        assert_eq!(d.blank.guarantee, GuaranteeDefaults::default().first_level);
    }

    #[test]
    fn every_class_is_in_the_table_with_the_shops_own_limits() {
        let mut settings = PricingSettings::default();
        settings.guarantees.overhaul.km = 30_000;
        let d = line_defaults(&settings);
        assert_eq!(
            d.guarantees.len(),
            4,
            "overhaul, second, first level and none"
        );
        let overhaul = d
            .guarantees
            .iter()
            .find(|g| g.class == GuaranteeClass::Overhaul);
        assert_eq!(overhaul.map(|g| g.km), Some(30_000));
        let none = d
            .guarantees
            .iter()
            .find(|g| g.class == GuaranteeClass::None);
        assert_eq!(
            none.map(|g| (g.km, g.days)),
            Some((0, 0)),
            "none promises nothing"
        );
    }

    #[test]
    fn a_customers_part_carries_no_guarantee_and_a_shop_part_falls_back_to_first_level() {
        let d = line_defaults(&PricingSettings::default());
        assert_eq!(d.customer_part_guarantee.class, GuaranteeClass::None);
        assert_eq!(d.customer_part_guarantee.km, 0);
        assert_eq!(d.shop_part_guarantee.class, GuaranteeClass::FirstLevel);
        assert_eq!(
            (d.part_source, d.part_grade),
            (PartSource::Shop, PartGrade::Genuine)
        );
    }

    #[test]
    fn new_price_list_entries_start_as_the_desk_expects() {
        let d = line_defaults(&PricingSettings::default());
        assert_eq!(d.new_labour_op.hours_milli, Some(1_000));
        assert_eq!(d.new_labour_op.guarantee_class, GuaranteeClass::FirstLevel);
        assert_eq!(d.new_part.unit, "pc");
        assert_eq!(d.new_part.grade, PartGrade::Genuine);
        assert!(d.new_canned.lines.is_empty());
    }

    #[test]
    fn only_pricing_by_symptom_keeps_a_risk_margin() {
        assert_eq!(margin_for(PricingMode::BySymptom, 1_000), 1_000);
        assert_eq!(margin_for(PricingMode::ByItem, 1_000), 0);
        assert_eq!(margin_for(PricingMode::BySystem, 1_000), 0);
    }
}
