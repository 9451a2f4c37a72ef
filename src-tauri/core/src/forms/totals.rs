//! The totals box that ends the estimate and the settlement slip: its rows (label left,
//! amount right, as the slip's summary and the day report draw them too), the tax per
//! rate, the total framed, and the note of a discount inside the lines.
use super::blocks::{Ctx, CELL_PAD, HAIRLINE, SMALL, VALUE};
use super::draw::{Align, Block, TextStyle, ACCENT, INK, MUTED, RULE};
use super::estimate::format_percent;
use super::flow::RIGHT;
use crate::domain::pricing::TaxRow;

/// The width of the totals box, at the right margin.
pub(crate) const TOTALS_W: f32 = 100.0;

/// The total's style: larger and bold.
pub(crate) const STRONG: TextStyle = TextStyle::new(10.0).bold().color(INK);

/// One row of the totals box: label left, amount in `currency` right.
pub(crate) fn figure_row<D>(
    ctx: &Ctx<D>,
    currency: &str,
    label: &str,
    minor: i64,
    style: TextStyle,
) -> Block {
    let money = ctx.l.money(minor, currency);
    let (x, label_w) = (RIGHT - TOTALS_W, TOTALS_W - 34.0);
    value_row(ctx, x, TOTALS_W, label_w, label, &money, style)
}

/// A row of a box of figures from `x`, `w` wide: the label left (wrapped within
/// `label_w`), the value right, a hairline under.
pub(crate) fn value_row<D>(
    ctx: &Ctx<D>,
    x: f32,
    w: f32,
    label_w: f32,
    label: &str,
    value: &str,
    style: TextStyle,
) -> Block {
    let lines = ctx.wrap(label, style, label_w);
    let h = lines.len().max(1) as f32 * style.leading() + 1.4;
    let mut b = Block::new(h);
    let base = 0.7 + style.leading() * 0.76;
    for (i, line) in lines.into_iter().enumerate() {
        b.text(x + CELL_PAD, base + i as f32 * style.leading(), style, line);
    }
    b.text_aligned(x + w - CELL_PAD, base, style, Align::Right, value);
    b.hline(x, x + w, h, HAIRLINE, RULE);
    b
}

/// A row framed in the accent colour (the total, the amount due).
pub(crate) fn emphasised(mut row: Block) -> Block {
    let h = row.h;
    row.hline(RIGHT - TOTALS_W, RIGHT, 0.0, 1.0, ACCENT);
    row.hline(RIGHT - TOTALS_W, RIGHT, h, 1.0, ACCENT);
    row
}

/// One row per tax rate: the rate, the basis and the tax (included in the prices or on
/// top of them).
pub(crate) fn tax_rows<D>(
    ctx: &Ctx<D>,
    currency: &str,
    rows: &[TaxRow],
    prices_include_tax: bool,
) -> Vec<Block> {
    let l = &ctx.l;
    let key = if prices_include_tax {
        "form.estimate.tax_included_row"
    } else {
        "form.estimate.tax_row"
    };
    rows.iter()
        .map(|row| {
            let label = l.get_with(
                key,
                &[
                    ("rate", &format_percent(row.rate_bp)),
                    ("basis", &l.money(row.basis_minor, currency)),
                ],
            );
            figure_row(ctx, currency, &label, row.tax_minor, VALUE)
        })
        .collect()
}

/// The small line under the totals saying how much discount the lines include.
pub(crate) fn discount_note<D>(ctx: &Ctx<D>, currency: &str, minor: i64) -> Block {
    let l = &ctx.l;
    let text = l.get_with(
        "form.estimate.discount_included",
        &[("amount", &l.money(minor, currency))],
    );
    let mut b = Block::new(SMALL.leading() + 0.8);
    let y = 0.4 + SMALL.leading() * 0.76;
    b.text_aligned(RIGHT - CELL_PAD, y, SMALL.color(MUTED), Align::Right, text);
    b
}
