//! The end of the settlement slip: the figures as the settlement core computed them
//! (subtotals, net, tax per rate, the discount on the total, what was paid and what is
//! due), the payments taken, the notes, and the customer's signature — or, on a draft,
//! the place to give it.
use super::{SCtx, SettlementSignature};
use crate::forms::draw::{Align, Block, Prim, TextStyle, ACCENT, INK, MUTED, RED, RULE};
use crate::forms::estimate::{format_percent, WARN};
use crate::forms::flow::{Flow, LEFT, RIGHT, WIDTH};
use crate::forms::parts::{
    cell_row, col, heading, paragraph, table_header, table_row, Cell, Col, ImageRef, CELL_PAD,
    HAIRLINE, LABEL, SECTION_GAP, SMALL, THIN, VALUE,
};
use crate::settlement::payment::{Payment, PaymentKind};

const TOTALS_W: f32 = 100.0;
const FINGERPRINT_DIGITS: usize = 12;
const SIGN_W: f32 = 80.0;

/// One row of the totals box: label left, amount right.
fn figure_row(ctx: &SCtx, label: &str, minor: i64, style: TextStyle) -> Block {
    let x = RIGHT - TOTALS_W;
    let lines = ctx.wrap(label, style, TOTALS_W - 34.0);
    let h = lines.len().max(1) as f32 * style.leading() + 1.4;
    let mut b = Block::new(h);
    let base = 0.7 + style.leading() * 0.76;
    for (i, line) in lines.into_iter().enumerate() {
        b.text(x + CELL_PAD, base + i as f32 * style.leading(), style, line);
    }
    let money = ctx.l.money(minor, &ctx.doc.currency);
    b.text_aligned(RIGHT - CELL_PAD, base, style, Align::Right, money);
    b.hline(x, RIGHT, h, HAIRLINE, RULE);
    b
}

/// A row framed in the accent colour (the total, the amount due).
fn emphasised(mut row: Block) -> Block {
    let h = row.h;
    row.hline(RIGHT - TOTALS_W, RIGHT, 0.0, 1.0, ACCENT);
    row.hline(RIGHT - TOTALS_W, RIGHT, h, 1.0, ACCENT);
    row
}

/// The totals box, kept together on one page.
pub(super) fn totals(ctx: &SCtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let f = &doc.figures;
    let t = &f.totals;
    let l = &ctx.l;
    let plain = VALUE;
    let strong = TextStyle::new(10.0).bold().color(INK);
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
            rows.push(figure_row(ctx, &l.get(key), minor, plain));
        }
    }
    let tax_rows: Vec<Block> = t
        .tax
        .iter()
        .map(|row| {
            let key = if doc.tax.prices_include_tax {
                "form.estimate.tax_included_row"
            } else {
                "form.estimate.tax_row"
            };
            let label = l.get_with(
                key,
                &[
                    ("rate", &format_percent(row.rate_bp)),
                    ("basis", &l.money(row.basis_minor, &doc.currency)),
                ],
            );
            figure_row(ctx, &label, row.tax_minor, plain)
        })
        .collect();
    let has_tax = !t.tax.is_empty();
    if has_tax {
        let net = figure_row(ctx, &l.get("form.estimate.net"), t.net_minor, plain);
        if doc.tax.prices_include_tax {
            rows.extend(tax_rows);
            rows.push(net);
        } else {
            rows.push(net);
            rows.extend(tax_rows);
        }
    }
    if f.total_discount_minor > 0 {
        let gross = l.get("form.settlement.gross");
        rows.push(figure_row(ctx, &gross, t.gross_minor, plain));
        let mut label = l.get("form.settlement.total_discount");
        if let Some(by) = &doc.discount_approved_by {
            label = format!(
                "{label} ({})",
                l.get_with("form.settlement.approved_by", &[("name", by)])
            );
        }
        rows.push(figure_row(ctx, &label, -f.total_discount_minor, plain));
    }
    let total = figure_row(ctx, &l.get("form.settlement.total"), f.total_minor, strong);
    rows.push(emphasised(total));
    if doc.credited_minor != 0 {
        let label = l.get("form.settlement.credited");
        rows.push(figure_row(ctx, &label, -doc.credited_minor, plain));
    }
    rows.push(figure_row(
        ctx,
        &l.get("form.settlement.paid"),
        -f.paid_minor,
        plain,
    ));
    if f.on_account_minor != 0 {
        let label = l.get("form.settlement.on_account");
        rows.push(figure_row(ctx, &label, -f.on_account_minor, plain));
    }
    let due = figure_row(ctx, &l.get("form.settlement.due"), f.due_minor, strong);
    rows.push(emphasised(due));
    if t.discount_minor > 0 {
        let text = l.get_with(
            "form.estimate.discount_included",
            &[("amount", &l.money(t.discount_minor, &doc.currency))],
        );
        let mut b = Block::new(SMALL.leading() + 0.8);
        let y = 0.4 + SMALL.leading() * 0.76;
        b.text_aligned(RIGHT - CELL_PAD, y, SMALL.color(MUTED), Align::Right, text);
        rows.push(b);
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
    let l = &ctx.l;
    flow.gap(SECTION_GAP * 2.0);
    let mut blocks = vec![heading(ctx, LEFT, WIDTH, "form.settlement.signature")];
    match &ctx.doc.signature {
        Some(sig) => {
            blocks.push(signed_row(ctx, sig));
            if let Some(image) = image {
                blocks.push(Block::new(1.5));
                let mut b = signature_box(ctx, 17.0);
                let (w, h) = image.fit(SIGN_W - 8.0, 11.5);
                b.prims.push(Prim::Image {
                    index: image.index,
                    x: LEFT + 4.0,
                    y: 16.6 - h,
                    w,
                    h,
                });
                blocks.push(b);
            }
        }
        None => {
            let draft = TextStyle::new(9.0).bold().color(RED);
            let mut label = Block::new(draft.leading() + 1.0);
            let text = l.get("form.settlement.draft");
            label.text(LEFT, 0.6 + draft.leading() * 0.76, draft, text);
            blocks.push(label);
            let pending = l.get("form.settlement.pending");
            blocks.extend(paragraph(ctx, LEFT, WIDTH, &pending, SMALL));
            blocks.push(Block::new(1.0));
            let mut b = signature_box(ctx, 11.5);
            for (y, key) in [(15.5, "form.sign.name"), (19.8, "form.sign.time")] {
                let label = l.get(key);
                b.text(LEFT + 1.6, y, LABEL, &label);
                let from = LEFT + 1.6 + ctx.width(&label, LABEL) + 1.5;
                b.prims.push(Prim::Line {
                    x1: from,
                    y1: y + 0.4,
                    x2: LEFT + SIGN_W - 1.6,
                    y2: y + 0.4,
                    width_pt: 0.4,
                    color: RULE,
                    dashed: true,
                });
            }
            blocks.push(b);
        }
    }
    flow.put_together(blocks);
}

fn signed_row(ctx: &SCtx, sig: &SettlementSignature) -> Block {
    let l = &ctx.l;
    let digits: String = sig
        .fingerprint_hex
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(FINGERPRINT_DIGITS)
        .collect::<String>()
        .to_lowercase();
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

/// The framed box the customer's signature goes in.
fn signature_box(ctx: &SCtx, line_y: f32) -> Block {
    let h = 22.0;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, SIGN_W, h, None, Some((THIN, RULE)));
    let title = TextStyle::new(7.2).bold();
    let text = ctx.l.get("form.estimate.approval.signature");
    b.text(LEFT + 1.6, 3.4, title, text);
    b.hline(LEFT + 1.6, LEFT + SIGN_W - 1.6, line_y, 0.5, INK);
    b
}
