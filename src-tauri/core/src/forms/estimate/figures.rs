//! The end of the estimate: the totals as [`crate::pricing::Totals`] computed them (the
//! subtotals, the risk margin, net, tax per rate, total), the notes and validity, and the
//! customer's approval — or, for a draft, the place to give it.
use super::{format_percent, ApprovalPart, ECtx, Extra, WARN};
use crate::domain::pricing::PricingMode;
use crate::forms::blocks::{cell_row, heading, paragraph, Cell, SECTION_GAP, THIN, VALUE};
use crate::forms::customer_signature::{fingerprint, sign_section};
use crate::forms::draw::{Block, TextStyle, RULE};
use crate::forms::flow::{Flow, LEFT, RIGHT, WIDTH};
use crate::forms::labels::When;
use crate::forms::totals::{discount_note, emphasised, figure_row};
use crate::forms::totals::{tax_rows, STRONG, TOTALS_W};

/// The totals box, kept together on one page.
pub(crate) fn totals(ctx: &ECtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let t = &doc.totals;
    let l = &ctx.l;
    let plain = VALUE;
    let cur = &doc.currency;
    let row = |label: &str, minor: i64, style| figure_row(ctx, cur, label, minor, style);
    let mut rows = Vec::new();
    let mut top = Block::new(0.0);
    top.hline(RIGHT - TOTALS_W, RIGHT, 0.0, THIN, RULE);
    rows.push(top);
    for (key, minor) in [
        ("form.estimate.subtotal.labour", t.labour_minor),
        ("form.estimate.subtotal.parts", t.parts_minor),
        ("form.estimate.subtotal.other", t.other_minor),
    ] {
        rows.push(row(&l.get(key), minor, plain));
    }
    if doc.mode == PricingMode::BySymptom {
        let label = l.get_with(
            "form.estimate.risk_margin",
            &[("rate", &format_percent(doc.risk_margin_bp))],
        );
        rows.push(row(&label, t.risk_margin_minor, plain));
    }
    let total = row(&l.get("form.estimate.total"), t.gross_minor, STRONG);
    let tax_rows = tax_rows(ctx, cur, &t.tax, doc.tax.prices_include_tax);
    let net = row(&l.get("form.estimate.net"), t.net_minor, plain);
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
        rows.push(discount_note(ctx, cur, t.discount_minor));
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
    let approved = ctx.doc.approval.as_ref().map(|a| approval_row(ctx, a));
    let keys = ["form.estimate.draft", "form.estimate.approval.pending"];
    let image = extra.signature;
    sign_section(ctx, flow, "form.estimate.approval", approved, image, keys);
}

/// How, by whom, recorded by whom and when the customer approved, and the fingerprint.
fn approval_row(ctx: &ECtx, approval: &ApprovalPart) -> Block {
    let l = &ctx.l;
    let digits = fingerprint(&approval.fingerprint_hex);
    cell_row(
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
    )
}
