//! The day's payments by method as a bar chart drawn with vectors: one row per method in
//! the fixed order (zero rows too, so days compare at a glance), the bar's length the
//! amount's share of the largest.
use super::super::blocks::{CELL_PAD, HAIRLINE};
use super::super::draw::{Align, Block, TextStyle, ACCENT, INK, MUTED, RULE};
use super::DCtx;
use crate::domain::settlement::PaymentMethod;

const ROW_H: f32 = 5.4;
const LABEL_W: f32 = 27.0;
const COUNT_W: f32 = 13.0;
const AMOUNT_W: f32 = 27.0;
const BAR_H: f32 = 3.2;

/// The bar's length for `amount` when `largest` fills `full` (integer money, no floats
/// until the drawing itself).
pub(crate) fn bar_length(amount: i64, largest: i64, full: f32) -> f32 {
    if amount <= 0 || largest <= 0 {
        return 0.0;
    }
    let permille = (i128::from(amount) * 1000 / i128::from(largest)).clamp(0, 1000) as f32;
    (full * permille / 1000.0).max(0.4)
}

/// The chart block at `x`, `w` wide.
pub(crate) fn bars(ctx: &DCtx, x: f32, w: f32) -> Block {
    let payments = &ctx.doc.figures.payments;
    let largest = payments.iter().map(|m| m.amount_minor).max().unwrap_or(0);
    let bar_x = x + LABEL_W + COUNT_W + 1.5;
    let bar_w = (w - LABEL_W - COUNT_W - AMOUNT_W - 3.0).max(5.0);
    let label_style = TextStyle::new(7.6).color(INK);
    let count_style = TextStyle::new(6.8).color(MUTED);
    let amount_style = TextStyle::new(8.0).bold();
    let mut b = Block::new(payments.len() as f32 * ROW_H + 1.0);
    b.vline(bar_x, 0.6, b.h - 0.4, 0.6, RULE);
    for (i, m) in payments.iter().enumerate() {
        let top = 0.5 + i as f32 * ROW_H;
        let base = top + ROW_H / 2.0 + 1.1;
        let label = ctx
            .l
            .get(&format!("payment.method.{}", method_code(m.method)));
        let label = ctx
            .wrap(&label, label_style, LABEL_W - CELL_PAD)
            .into_iter()
            .next()
            .unwrap_or_default();
        b.text(x + CELL_PAD, base, label_style, label);
        // One half only, even bilingually: the column is narrow.
        let (template, _) = ctx.l.pair("form.day.count");
        let count = crate::i18n::fill(&template, &[("count", &m.count.to_string())]);
        let count_x = x + LABEL_W + COUNT_W - 0.5;
        b.text_aligned(count_x, base, count_style, Align::Right, count);
        let len = bar_length(m.amount_minor, largest, bar_w);
        if len > 0.0 {
            let fill = if m.method == PaymentMethod::Cash {
                ACCENT
            } else {
                super::super::draw::Rgb(0.45, 0.58, 0.72)
            };
            let bar_y = top + (ROW_H - BAR_H) / 2.0;
            b.rect(bar_x, bar_y, len, BAR_H, Some(fill), None);
        }
        let style = if m.amount_minor == 0 {
            amount_style.color(MUTED)
        } else {
            amount_style
        };
        let amount = ctx.l.money(m.amount_minor, &ctx.doc.currency);
        b.text_aligned(x + w - CELL_PAD, base, style, Align::Right, amount);
        b.hline(x, x + w, top + ROW_H, HAIRLINE, RULE);
    }
    b
}

/// The snake_case code of a method, as the catalogue keys use it.
pub(crate) fn method_code(method: PaymentMethod) -> &'static str {
    method.as_str()
}

#[cfg(test)]
mod tests {
    use super::bar_length;

    #[test]
    fn the_largest_amount_fills_the_bar_and_nothing_draws_none() {
        assert_eq!(bar_length(500, 500, 40.0), 40.0);
        assert_eq!(bar_length(250, 500, 40.0), 20.0);
        assert_eq!(bar_length(0, 500, 40.0), 0.0);
        assert_eq!(bar_length(-10, 500, 40.0), 0.0);
        assert_eq!(
            bar_length(1, 1_000_000, 40.0),
            0.4,
            "a tiny amount still shows"
        );
    }
}
