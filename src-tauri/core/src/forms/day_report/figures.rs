//! The report's money in two columns: revenue by kind and the receivables, voids and
//! credit notes on the left; the payments by method (the chart) and the cash the drawer
//! should hold, boxed, on the right.
use super::super::blocks::{heading, stack, CELL_PAD, SECTION_GAP, SMALL};
use super::super::draw::{Block, TextStyle, ACCENT, INK, MUTED, TINT};
use super::super::flow::{LEFT, RIGHT, WIDTH};
use super::super::totals::value_row;
use super::DCtx;

const COL_GAP: f32 = 8.0;
const LEFT_W: f32 = (WIDTH - COL_GAP) * 0.46;
const RIGHT_X: f32 = LEFT + LEFT_W + COL_GAP;
const RIGHT_W: f32 = RIGHT - RIGHT_X;

/// Revenue and receivables on the left; payments by method and the drawer on the right.
pub(crate) fn money_columns(ctx: &DCtx) -> Block {
    let l = &ctx.l;
    let f = &ctx.doc.figures;
    let money = |minor: i64| l.money(minor, &ctx.doc.currency);
    let r = &f.revenue;
    let row = |key: &str, minor: i64, style| {
        figure_row(ctx, LEFT, LEFT_W, &l.get(key), &money(minor), style)
    };
    let mut left = vec![heading(ctx, LEFT, LEFT_W, "form.day.revenue")];
    for (key, minor) in [
        ("form.day.labour", r.labour_minor),
        ("form.day.parts", r.parts_minor),
        ("form.day.other", r.other_minor),
        ("form.day.tax", r.tax_minor),
        ("form.day.discount", -r.discount_minor),
    ] {
        left.push(row(key, minor, VALUE_ROW));
    }
    let total = TextStyle::new(9.6).bold();
    left.push(row("form.day.total", r.total_minor, total));
    left.push(Block::new(SECTION_GAP * 2.0));
    left.push(heading(ctx, LEFT, LEFT_W, "form.day.receivables"));
    for (key, minor) in [
        ("form.day.receivables_opened", f.receivables_opened_minor),
        ("form.day.receivables_paid", f.receivables_paid_minor),
        ("form.day.voided", f.voided_minor),
        ("form.day.credited", f.credited_minor),
    ] {
        left.push(row(key, minor, VALUE_ROW));
    }

    let mut right = vec![heading(ctx, RIGHT_X, RIGHT_W, "form.day.payments")];
    right.push(super::chart::bars(ctx, RIGHT_X, RIGHT_W));
    right.push(Block::new(SECTION_GAP));
    right.push(drawer(ctx, &money(f.expected_cash_minor)));

    let left = stack(left);
    let right = stack(right);
    let mut b = Block::new(0.0);
    b.place(left, 0.0);
    b.place(right, 0.0);
    b
}

const VALUE_ROW: TextStyle = TextStyle::new(8.4).color(INK);

/// One figure: label left, amount right (the label wraps in what the amount leaves).
fn figure_row(ctx: &DCtx, x: f32, w: f32, label: &str, value: &str, style: TextStyle) -> Block {
    let value_w = ctx.width(value, style) + 2.0 * CELL_PAD;
    let label_w = w - value_w - 2.0 * CELL_PAD;
    value_row(ctx, x, w, label_w, label, value, style)
}

/// The cash the drawer should hold, boxed, with how it is counted.
fn drawer(ctx: &DCtx, amount: &str) -> Block {
    let label_style = TextStyle::new(8.0).bold().color(ACCENT);
    let amount_style = TextStyle::new(14.0).bold();
    let note_style = SMALL.color(MUTED);
    let inner = RIGHT_W - 2.0 * CELL_PAD;
    let labels = ctx.wrap(&ctx.l.get("form.day.expected_cash"), label_style, inner);
    let notes = ctx.wrap(&ctx.l.get("form.day.expected_cash_note"), note_style, inner);
    let mut y = 1.4;
    let mut b = Block::new(0.0);
    let mut texts = Vec::new();
    for line in labels {
        y += label_style.leading();
        texts.push((y - 0.8, label_style, line));
    }
    y += amount_style.leading();
    texts.push((y - 1.2, amount_style, amount.to_string()));
    for line in notes {
        y += note_style.leading();
        texts.push((y - 0.6, note_style, line));
    }
    let h = y + 1.4;
    b.rect(RIGHT_X, 0.0, RIGHT_W, h, Some(TINT), Some((0.8, ACCENT)));
    for (ty, style, text) in texts {
        b.text(RIGHT_X + CELL_PAD + 0.6, ty, style, text);
    }
    b.h = h;
    b
}
