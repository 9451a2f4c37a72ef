//! The end of the settlement slip: the figures as the settlement core computed them
//! (subtotals, net, tax per rate, the discount on the total, what was paid and what is
//! due), the payments taken, the notes, and the customer's signature — or, on a draft,
//! the place to give it.
use super::{SCtx, SettlementSignature};
use crate::domain::settlement::{Payment, PaymentKind};
use crate::forms::blocks::{
    cell_row, col, heading, paragraph, table_header, table_row, Cell, Col, ImageRef, SECTION_GAP,
    SMALL, VALUE,
};
use crate::forms::customer_signature::{fingerprint, sign_section};
use crate::forms::draw::{Align, Block, TextStyle, MUTED};
use crate::forms::estimate::WARN;
use crate::forms::flow::{Flow, LEFT, RIGHT, WIDTH};
use crate::forms::totals::{discount_note, emphasised, figure_row};
use crate::forms::totals::{tax_rows, STRONG, TOTALS_W};

/// The totals box, kept together on one page.
pub(super) fn totals(ctx: &SCtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let f = &doc.figures;
    let t = &f.totals;
    let l = &ctx.l;
    let plain = VALUE;
    let cur = &doc.currency;
    let row = |label: &str, minor: i64, style| figure_row(ctx, cur, label, minor, style);
    let mut rows = vec![heading(
        ctx,
        RIGHT - TOTALS_W,
        TOTALS_W,
        "form.estimate.totals",
    )];
    for (key, minor) in [
        ("form.estimate.subtotal.labour", t.labour_minor),
        ("form.estimate.subtotal.parts", t.parts_minor),
        ("form.estimate.subtotal.other", t.other_minor),
    ] {
        if minor != 0 || key.ends_with("labour") || key.ends_with("parts") {
            rows.push(row(&l.get(key), minor, plain));
        }
    }
    if !t.tax.is_empty() {
        let tax_rows = tax_rows(ctx, cur, &t.tax, doc.tax.prices_include_tax);
        let net = row(&l.get("form.estimate.net"), t.net_minor, plain);
        if doc.tax.prices_include_tax {
            rows.extend(tax_rows);
            rows.push(net);
        } else {
            rows.push(net);
            rows.extend(tax_rows);
        }
    }
    if f.total_discount_minor > 0 {
        rows.push(row(&l.get("form.settlement.gross"), t.gross_minor, plain));
        let mut label = l.get("form.settlement.total_discount");
        if let Some(by) = &doc.discount_approved_by {
            label = format!(
                "{label} ({})",
                l.get_with("form.settlement.approved_by", &[("name", by)])
            );
        }
        rows.push(row(&label, -f.total_discount_minor, plain));
    }
    let total = row(&l.get("form.settlement.total"), f.total_minor, STRONG);
    rows.push(emphasised(total));
    if doc.credited_minor != 0 {
        let label = l.get("form.settlement.credited");
        rows.push(row(&label, -doc.credited_minor, plain));
    }
    rows.push(row(&l.get("form.settlement.paid"), -f.paid_minor, plain));
    if f.on_account_minor != 0 {
        let label = l.get("form.settlement.on_account");
        rows.push(row(&label, -f.on_account_minor, plain));
    }
    let due = row(&l.get("form.settlement.due"), f.due_minor, STRONG);
    rows.push(emphasised(due));
    if t.discount_minor > 0 {
        rows.push(discount_note(ctx, cur, t.discount_minor));
    }
    flow.put_together(rows);
}

/// Time, method, reference, taken by, amount: the payments table.
const PAY_COLS: [Col; 6] = [
    col(8.0, Align::Right),
    col(32.0, Align::Left),
    col(40.0, Align::Left),
    col(50.0, Align::Left),
    col(30.0, Align::Left),
    col(26.0, Align::Right),
];

const PAY_KEYS: [&str; 6] = [
    "#",
    "form.receipt.time",
    "form.receipt.method",
    "form.receipt.reference",
    "form.receipt.taken_by",
    "form.receipt.amount",
];

/// What one payment row says about itself: the method, and refund / void.
pub(crate) fn payment_label(l: &crate::forms::labels::Labels, p: &Payment) -> String {
    let mut text = l.get(&format!("payment.method.{}", p.method.as_str()));
    if p.kind == PaymentKind::Refund {
        text = format!("{} · {}", l.get("form.receipt.refund"), text);
    }
    if p.voided_at.is_some() {
        text = format!("{} · {}", l.get("form.receipt.voided"), text);
    }
    text
}

/// Every payment, refund and void up to the slip's date.
pub(super) fn payments(ctx: &SCtx, flow: &mut Flow) {
    let doc = ctx.doc;
    if doc.payments.is_empty() {
        return;
    }
    let l = &ctx.l;
    flow.gap(SECTION_GAP);
    let rows = doc
        .payments
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut amount = l.money(p.amount_minor, &doc.currency);
            if p.kind == PaymentKind::Refund {
                amount = format!("-{amount}");
            }
            let cells = [
                (i + 1).to_string(),
                l.datetime(p.taken_at),
                payment_label(l, p),
                p.reference.clone(),
                p.taken_by.clone(),
                amount,
            ];
            let style = if p.voided_at.is_some() {
                SMALL.color(MUTED)
            } else {
                SMALL
            };
            table_row(ctx, LEFT, &PAY_COLS, &cells, style, None)
        })
        .collect();
    let title = heading(ctx, LEFT, WIDTH, "form.settlement.payments");
    let header = table_header(ctx, LEFT, &PAY_COLS, &PAY_KEYS);
    flow.table(Some(title), header, rows);
}

/// The guarantee legend and the "no quality guarantee" explanation.
pub(super) fn notes(ctx: &SCtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let l = &ctx.l;
    flow.gap(SECTION_GAP);
    if doc.lines.iter().any(|line| line.guarantee.is_some()) {
        let text = l.get("form.settlement.guarantee_note");
        for b in paragraph(ctx, LEFT, WIDTH, &text, TextStyle::new(7.0)) {
            flow.put(b);
        }
        flow.gap(1.0);
    }
    if doc.lines.iter().any(|line| line.no_guarantee) {
        let text = l.get("form.estimate.no_guarantee_note");
        for b in paragraph(ctx, LEFT, WIDTH, &text, WARN) {
            flow.put(b);
        }
    }
}

/// The customer's signature with its time and fingerprint, or an empty place to sign.
pub(super) fn signature(ctx: &SCtx, image: Option<ImageRef>, flow: &mut Flow) {
    let signed = ctx.doc.signature.as_ref().map(|sig| signed_row(ctx, sig));
    let keys = ["form.settlement.draft", "form.settlement.pending"];
    sign_section(ctx, flow, "form.settlement.signature", signed, image, keys);
}

fn signed_row(ctx: &SCtx, sig: &SettlementSignature) -> Block {
    let l = &ctx.l;
    let digits = fingerprint(&sig.fingerprint_hex);
    cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.settlement.signed_by"), &sig.signer_name, 1.0)
                .styled(VALUE.bold()),
            Cell::new(l.get("form.settlement.signed_at"), l.datetime(sig.at), 1.0),
            Cell::new(l.get("form.sign.fingerprint"), digits, 1.0),
        ],
        true,
    )
}
