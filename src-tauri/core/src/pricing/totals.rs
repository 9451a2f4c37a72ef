//! The totals of an estimate: one rounding rule, integer minor units, checked sums.
//!
//! **The rounding rule** ([`round_div`]): every division rounds half away from zero,
//! once per printed figure. A line's amount is rounded once (quantity × unit price), its
//! discount once; the risk margin once on the sum of the lines; tax once per rate on the
//! sum of the lines at that rate. Every printed figure is then a plain sum of printed
//! figures above it, so the printed total always equals the sum of what the page shows.

pub use crate::domain::pricing::{LineTotal, TaxRow, Totals};
use crate::pricing::{EstimateLine, LineKind, PricingMode, TaxSettings, QTY_SCALE};

/// `n / d` rounded half away from zero (`d > 0`). The one rounding rule of the money.
pub fn round_div(n: i128, d: i128) -> i128 {
    debug_assert!(d > 0);
    let q = n / d;
    let r = n % d;
    if 2 * r.abs() >= d {
        q + n.signum()
    } else {
        q
    }
}

/// Why totals cannot be computed: a figure out of `i64` (inputs are bounded long before).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

fn to_i64(v: i128) -> Result<i64, Overflow> {
    i64::try_from(v).map_err(|_| Overflow)
}

/// One line's figures.
pub fn line_total(line: &EstimateLine) -> Result<LineTotal, Overflow> {
    let product = i128::from(line.qty_milli)
        .checked_mul(i128::from(line.unit_price_minor))
        .ok_or(Overflow)?;
    let gross = round_div(product, i128::from(QTY_SCALE));
    let discount = round_div(
        gross
            .checked_mul(i128::from(line.discount_bp))
            .ok_or(Overflow)?,
        10_000,
    );
    Ok(LineTotal {
        gross_minor: to_i64(gross)?,
        discount_minor: to_i64(discount)?,
        amount_minor: to_i64(gross - discount)?,
    })
}

/// The totals of `lines` priced in `mode` under the shop's `tax`.
pub fn totals(
    lines: &[EstimateLine],
    mode: PricingMode,
    risk_margin_bp: u32,
    tax: &TaxSettings,
) -> Result<Totals, Overflow> {
    let mut out = Totals {
        lines: Vec::with_capacity(lines.len()),
        labour_minor: 0,
        parts_minor: 0,
        other_minor: 0,
        discount_minor: 0,
        risk_margin_minor: 0,
        net_minor: 0,
        tax: Vec::new(),
        tax_minor: 0,
        gross_minor: 0,
    };
    // (rate, basis) in first-seen order of the kinds: labour, parts, sundry, outside.
    let mut by_rate: Vec<(u32, i128)> = Vec::new();
    let mut add_to_rate = |rate: u32, amount: i128| {
        if let Some(slot) = by_rate.iter_mut().find(|(r, _)| *r == rate) {
            slot.1 += amount;
        } else {
            by_rate.push((rate, amount));
        }
    };
    let (mut labour, mut parts, mut other, mut discount) = (0i128, 0i128, 0i128, 0i128);
    for line in lines {
        let t = line_total(line)?;
        let amount = i128::from(t.amount_minor);
        match line.kind {
            LineKind::Labour => labour += amount,
            LineKind::Part => parts += amount,
            LineKind::Sundry | LineKind::Outside => other += amount,
        }
        discount += i128::from(t.discount_minor);
        add_to_rate(tax.rate_for(line.kind), amount);
        out.lines.push(t);
    }
    let lines_sum = labour + parts + other;
    let margin = if mode == PricingMode::BySymptom {
        round_div(lines_sum * i128::from(risk_margin_bp), 10_000)
    } else {
        0
    };
    // The margin is workshop time at risk: it is taxed as labour.
    if margin != 0 {
        add_to_rate(tax.rate_for(LineKind::Labour), margin);
    }
    let entered = lines_sum + margin;
    let mut tax_sum = 0i128;
    for (rate, basis) in by_rate {
        if rate == 0 {
            continue;
        }
        let r = i128::from(rate);
        let t = if tax.prices_include_tax {
            round_div(basis * r, 10_000 + r)
        } else {
            round_div(basis * r, 10_000)
        };
        tax_sum += t;
        out.tax.push(TaxRow {
            rate_bp: rate,
            basis_minor: to_i64(basis)?,
            tax_minor: to_i64(t)?,
        });
    }
    let (net, gross) = if tax.prices_include_tax {
        (entered - tax_sum, entered)
    } else {
        (entered, entered + tax_sum)
    };
    out.labour_minor = to_i64(labour)?;
    out.parts_minor = to_i64(parts)?;
    out.other_minor = to_i64(other)?;
    out.discount_minor = to_i64(discount)?;
    out.risk_margin_minor = to_i64(margin)?;
    out.net_minor = to_i64(net)?;
    out.tax_minor = to_i64(tax_sum)?;
    out.gross_minor = to_i64(gross)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::{check_line, test_line, MAX_LINES};
    use proptest::prelude::*;

    #[test]
    fn half_rounds_away_from_zero_and_nothing_else_moves() {
        assert_eq!(round_div(5, 10), 1);
        assert_eq!(round_div(4, 10), 0);
        assert_eq!(round_div(15, 10), 2);
        assert_eq!(round_div(-5, 10), -1);
        assert_eq!(round_div(-14, 10), -1);
        assert_eq!(round_div(20, 10), 2);
    }

    #[test]
    fn half_an_hour_at_a_rate_and_four_and_a_half_litres() {
        // 0.5 h × 180.00 = 90.00; 4.5 L × 68.50 = 308.25; 10 % off the oil: 30.83 (half up).
        let labour = test_line(LineKind::Labour, 500, 18_000, 0);
        let oil = test_line(LineKind::Part, 4_500, 6_850, 1_000);
        let no_tax = TaxSettings::none();
        let t =
            totals(&[labour, oil], PricingMode::ByItem, 0, &no_tax).unwrap_or_else(|_| panic!());
        assert_eq!(t.lines[0].amount_minor, 9_000);
        assert_eq!(t.lines[1].gross_minor, 30_825);
        assert_eq!(t.lines[1].discount_minor, 3_083);
        assert_eq!(t.lines[1].amount_minor, 27_742);
        assert_eq!(t.gross_minor, 36_742);
        assert!(t.tax.is_empty(), "a shop with no tax prints no tax row");
    }

    #[test]
    fn tax_added_on_top_and_tax_included_in_the_price() {
        let lines = [
            test_line(LineKind::Labour, 1_000, 10_000, 0),
            test_line(LineKind::Part, 1_000, 11_300, 0),
        ];
        let mut tax = TaxSettings::flat(1_300);
        tax.prices_include_tax = false;
        let t = totals(&lines, PricingMode::ByItem, 0, &tax).unwrap_or_else(|_| panic!());
        assert_eq!(
            (t.net_minor, t.tax_minor, t.gross_minor),
            (21_300, 2_769, 24_069)
        );
        tax.prices_include_tax = true;
        let t = totals(&lines, PricingMode::ByItem, 0, &tax).unwrap_or_else(|_| panic!());
        // 213.00 including 13 %: tax 24.50 (24.504…), net 188.50.
        assert_eq!(
            (t.net_minor, t.tax_minor, t.gross_minor),
            (18_850, 2_450, 21_300)
        );
    }

    #[test]
    fn by_symptom_adds_the_risk_margin_as_a_figure_of_its_own() {
        let lines = [test_line(LineKind::Labour, 2_000, 18_000, 0)];
        let tax = TaxSettings::none();
        let t = totals(&lines, PricingMode::BySymptom, 1_500, &tax).unwrap_or_else(|_| panic!());
        assert_eq!(t.risk_margin_minor, 5_400);
        assert_eq!(t.gross_minor, 41_400);
        let t = totals(&lines, PricingMode::ByItem, 1_500, &tax).unwrap_or_else(|_| panic!());
        assert_eq!(
            t.risk_margin_minor, 0,
            "only the symptom mode carries a margin"
        );
    }

    fn any_kind() -> impl Strategy<Value = LineKind> {
        prop_oneof![
            Just(LineKind::Labour),
            Just(LineKind::Part),
            Just(LineKind::Sundry),
            Just(LineKind::Outside)
        ]
    }

    fn any_valid_line() -> impl Strategy<Value = EstimateLine> {
        (
            any_kind(),
            0..=crate::pricing::MAX_QTY_MILLI,
            0..=crate::money::MAX_AMOUNT_MINOR,
            0u32..=10_000,
        )
            .prop_map(|(kind, qty, price, disc)| test_line(kind, qty, price, disc))
    }

    fn any_tax() -> impl Strategy<Value = TaxSettings> {
        (
            any::<bool>(),
            0u32..=3_000,
            0u32..=3_000,
            0u32..=3_000,
            0u32..=3_000,
        )
            .prop_map(|(incl, labour, part, sundry, outside)| TaxSettings {
                prices_include_tax: incl,
                labour_rate_bp: labour,
                part_rate_bp: part,
                sundry_rate_bp: sundry,
                outside_rate_bp: outside,
            })
    }

    fn any_mode() -> impl Strategy<Value = PricingMode> {
        prop_oneof![
            Just(PricingMode::BySystem),
            Just(PricingMode::BySymptom),
            Just(PricingMode::ByItem)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Whatever the desk enters within the bounds the core accepts, nothing overflows
        /// and the printed total is the sum of the printed figures.
        #[test]
        fn the_printed_total_is_the_sum_of_the_printed_lines(
            lines in proptest::collection::vec(any_valid_line(), 0..MAX_LINES),
            mode in any_mode(),
            margin in 0u32..=crate::pricing::MAX_RISK_MARGIN_BP,
            tax in any_tax(),
        ) {
            for line in &lines {
                prop_assert!(check_line(line, "l").is_empty());
            }
            let t = totals(&lines, mode, margin, &tax).map_err(|_| TestCaseError::fail("overflow"))?;
            let printed: i64 = t.lines.iter().map(|l| l.amount_minor).sum();
            prop_assert_eq!(printed, t.labour_minor + t.parts_minor + t.other_minor);
            for l in &t.lines {
                prop_assert_eq!(l.gross_minor - l.discount_minor, l.amount_minor);
                prop_assert!(l.amount_minor >= 0);
            }
            let tax_rows: i64 = t.tax.iter().map(|r| r.tax_minor).sum();
            prop_assert_eq!(tax_rows, t.tax_minor);
            prop_assert_eq!(t.net_minor + t.tax_minor, t.gross_minor);
            let entered = printed + t.risk_margin_minor;
            if tax.prices_include_tax {
                prop_assert_eq!(t.gross_minor, entered);
            } else {
                prop_assert_eq!(t.net_minor, entered);
            }
            prop_assert!(t.tax_minor >= 0 && t.net_minor >= 0);
        }

        /// Hostile numbers (any i64) never panic: they are refused by the check, and the
        /// arithmetic reports overflow instead of wrapping.
        #[test]
        fn no_input_overflows_silently(
            qty in any::<i64>(), price in any::<i64>(), disc in any::<u32>(), kind in any_kind(),
        ) {
            let line = test_line(kind, qty, price, disc);
            let refused = !check_line(&line, "l").is_empty();
            let sane = (0..=crate::pricing::MAX_QTY_MILLI).contains(&qty)
                && (0..=crate::money::MAX_AMOUNT_MINOR).contains(&price)
                && disc <= 10_000;
            prop_assert_eq!(refused, !sane);
            let _ = totals(&[line], PricingMode::ByItem, 0, &TaxSettings::flat(1_300));
        }
    }
}
