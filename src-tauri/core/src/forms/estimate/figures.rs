//! The end of the estimate: the totals as [`crate::pricing::Totals`] computed them (the
//! subtotals, the risk margin, net, tax per rate, total), the notes and validity, and the
//! customer's approval — or, for a draft, the place to give it.
use super::{format_percent, ECtx, Extra, WARN};
use crate::forms::draw::{Align, Block, Prim, TextStyle, ACCENT, INK, MUTED, RED, RULE};
use crate::forms::flow::{Flow, LEFT, RIGHT, WIDTH};
use crate::forms::labels::When;
use crate::forms::parts::{
    cell_row, heading, paragraph, Cell, CELL_PAD, HAIRLINE, LABEL, SECTION_GAP, SMALL, THIN, VALUE,
};
use crate::pricing::PricingMode;

const TOTALS_W: f32 = 100.0;
const FINGERPRINT_DIGITS: usize = 12;

/// One row of the totals box: label left, amount right.
fn figure_row(ctx: &ECtx, label: &str, minor: i64, style: TextStyle) -> Block {
    let x = RIGHT - TOTALS_W;
    let label_w = TOTALS_W - 34.0;
    let lines = ctx.wrap(label, style, label_w);
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

/// The totals box, kept together on one page.
pub(crate) fn totals(ctx: &ECtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let t = &doc.totals;
    let l = &ctx.l;
    let plain = VALUE;
    let mut rows = Vec::new();
    let mut top = Block::new(0.0);
    top.hline(RIGHT - TOTALS_W, RIGHT, 0.0, THIN, RULE);
    rows.push(top);
    for (key, minor) in [
        ("form.estimate.subtotal.labour", t.labour_minor),
        ("form.estimate.subtotal.parts", t.parts_minor),
        ("form.estimate.subtotal.other", t.other_minor),
    ] {
        rows.push(figure_row(ctx, &l.get(key), minor, plain));
    }
    if doc.mode == PricingMode::BySymptom {
        let label = l.get_with(
            "form.estimate.risk_margin",
            &[("rate", &format_percent(doc.risk_margin_bp))],
        );
        rows.push(figure_row(ctx, &label, t.risk_margin_minor, plain));
    }
    let total = figure_row(
        ctx,
        &l.get("form.estimate.total"),
        t.gross_minor,
        total_style(),
    );
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
    let net = figure_row(ctx, &l.get("form.estimate.net"), t.net_minor, plain);
    if doc.tax.prices_include_tax && !t.tax.is_empty() {
        // The lines already include the tax: the total is their sum, the tax inside it.
        rows.push(emphasised(total));
        rows.extend(tax_rows);
        rows.push(net);
    } else {
        rows.push(net);
        rows.extend(tax_rows);
        rows.push(emphasised(total));
    }
    if t.discount_minor > 0 {
        let text = l.get_with(
            "form.estimate.discount_included",
            &[("amount", &l.money(t.discount_minor, &doc.currency))],
        );
        let mut b = Block::new(SMALL.leading() + 0.8);
        b.text_aligned(
            RIGHT - CELL_PAD,
            0.4 + SMALL.leading() * 0.76,
            SMALL.color(MUTED),
            Align::Right,
            text,
        );
        rows.push(b);
    }
    let mut together = vec![heading(
        ctx,
        RIGHT - TOTALS_W,
        TOTALS_W,
        "form.estimate.totals",
    )];
    together.extend(rows);
    flow.put_together(together);
}

fn total_style() -> TextStyle {
    TextStyle::new(10.0).bold().color(INK)
}

/// The total's row framed in the accent colour.
fn emphasised(mut row: Block) -> Block {
    let h = row.h;
    row.hline(RIGHT - TOTALS_W, RIGHT, 0.0, 1.0, ACCENT);
    row.hline(RIGHT - TOTALS_W, RIGHT, h, 1.0, ACCENT);
    row
}

/// The "no quality guarantee" explanation, the advisor's note and the validity.
pub(crate) fn notes(ctx: &ECtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let l = &ctx.l;
    let body = TextStyle::new(7.0);
    flow.gap(SECTION_GAP);
    if doc.no_guarantee.iter().any(|&none| none) {
        let text = l.get("form.estimate.no_guarantee_note");
        for b in paragraph(ctx, LEFT, WIDTH, &text, WARN) {
            flow.put(b);
        }
        flow.gap(1.0);
    }
    if !doc.note.trim().is_empty() {
        let heading = heading(ctx, LEFT, WIDTH, "form.estimate.note");
        flow.section(heading, paragraph(ctx, LEFT, WIDTH, doc.note.trim(), body));
        flow.gap(1.0);
    }
    if let Some(until) = doc.valid_until {
        let text = l.get_with_date(
            "form.estimate.validity_note",
            ("date", When::Day(until)),
            &[],
        );
        for b in paragraph(ctx, LEFT, WIDTH, &text, body.bold()) {
            flow.put(b);
        }
    }
}

/// The approval record (how, who, who recorded it, when, the signature and the
/// fingerprint), or for a draft the DRAFT label and an empty place to sign.
pub(crate) fn approval(ctx: &ECtx, extra: &Extra, flow: &mut Flow) {
    let l = &ctx.l;
    flow.gap(SECTION_GAP * 2.0);
    let mut blocks = vec![heading(ctx, LEFT, WIDTH, "form.estimate.approval")];
    match &ctx.doc.approval {
        Some(approval) => {
            let digits: String = approval
                .fingerprint_hex
                .chars()
                .filter(char::is_ascii_hexdigit)
                .take(FINGERPRINT_DIGITS)
                .collect::<String>()
                .to_lowercase();
            blocks.push(cell_row(
                ctx,
                LEFT,
                WIDTH,
                &[
                    Cell::new(
                        l.get("form.estimate.approval.channel"),
                        l.get(&format!(
                            "form.estimate.channel.{}",
                            approval.channel.as_str()
                        )),
                        1.0,
                    ),
                    Cell::new(
                        l.get("form.estimate.approval.by"),
                        &approval.approved_by,
                        1.0,
                    )
                    .styled(VALUE.bold()),
                    Cell::new(
                        l.get("form.estimate.approval.recorded_by"),
                        &approval.recorded_by,
                        0.9,
                    ),
                    Cell::new(
                        l.get("form.estimate.approval.at"),
                        l.datetime(approval.at),
                        1.0,
                    ),
                    Cell::new(l.get("form.sign.fingerprint"), digits, 0.9),
                ],
                true,
            ));
            if let Some(image) = extra.signature {
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
            label.text(
                LEFT,
                0.6 + draft.leading() * 0.76,
                draft,
                l.get("form.estimate.draft"),
            );
            blocks.push(label);
            let pending = l.get("form.estimate.approval.pending");
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

const SIGN_W: f32 = 80.0;

/// The framed box the customer's signature goes in.
fn signature_box(ctx: &ECtx, line_y: f32) -> Block {
    let h = 22.0;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, SIGN_W, h, None, Some((THIN, RULE)));
    let title = TextStyle::new(7.2).bold();
    b.text(
        LEFT + 1.6,
        3.4,
        title,
        ctx.l.get("form.estimate.approval.signature"),
    );
    b.hline(LEFT + 1.6, LEFT + SIGN_W - 1.6, line_y, 0.5, INK);
    b
}
