//! The slip's money: the expected price, the parts' total, the least deposit by the half
//! rule (预交定金，不少于原价的二分之一), the deposit taken with its receipt, who allowed less
//! than half, and that the deposit is carried onto the job and taken off the bill.
use super::ACtx;
use crate::forms::blocks::{cell_row, heading, paragraph, Cell, SECTION_GAP, SMALL};
use crate::forms::draw::{Block, TextStyle, ACCENT, MUTED, RED};
use crate::forms::flow::{Flow, LEFT, WIDTH};

/// The expected price, the least deposit by the half rule and the deposit taken with
/// its receipt, kept together.
pub(super) fn price_and_deposit(ctx: &ACtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let l = &ctx.l;
    let money = |minor: i64| l.money(minor, &doc.currency);
    let dash = || "—".to_string();
    flow.gap(SECTION_GAP * 1.5);
    let mut blocks = vec![heading(ctx, LEFT, WIDTH, "form.appointment.price")];
    let big = TextStyle::new(10.0).bold();
    let expected = doc.expected_price_minor.map_or_else(dash, money);
    let least = doc.deposit_min_minor.map_or_else(dash, money);
    let parts = if doc.parts.is_empty() {
        l.get("form.appointment.no_parts")
    } else {
        money(doc.parts_minor)
    };
    blocks.push(cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.appointment.expected_price"), expected, 1.0).styled(big),
            Cell::new(l.get("form.appointment.parts_total"), parts, 1.0),
            Cell::new(l.get("form.appointment.deposit_min"), least, 1.0),
        ],
        true,
    ));
    match &doc.deposit {
        Some(d) => {
            let method = l.get(&format!("payment.method.{}", d.method.as_str()));
            blocks.push(cell_row(
                ctx,
                LEFT,
                WIDTH,
                &[
                    Cell::new(
                        l.get("form.appointment.deposit"),
                        money(d.amount_minor),
                        1.0,
                    )
                    .styled(big.color(ACCENT)),
                    Cell::new(l.get("form.appointment.receipt"), &d.receipt_number, 1.0),
                    Cell::new(l.get("form.appointment.method"), method, 0.8),
                    Cell::new(
                        l.get("form.appointment.taken_at"),
                        l.datetime(d.taken_at),
                        1.0,
                    ),
                    Cell::new(l.get("form.appointment.taken_by"), &d.taken_by, 0.7),
                ],
                false,
            ));
        }
        None if doc.deposit_min_minor.is_some() => {
            let style = SMALL.bold().color(RED);
            let text = l.get("form.appointment.deposit_unpaid");
            blocks.extend(paragraph(ctx, LEFT, WIDTH, &text, style));
        }
        None => {}
    }
    blocks.extend(deposit_notes(ctx));
    flow.put_together(blocks);
}

/// The half rule when parts are ordered, who allowed less, and where the deposit goes.
fn deposit_notes(ctx: &ACtx) -> Vec<Block> {
    let doc = ctx.doc;
    let l = &ctx.l;
    let style = SMALL.color(MUTED);
    let mut notes = Vec::new();
    if let Some(least) = doc.deposit_min_minor {
        let amount = l.money(least, &doc.currency);
        notes.push(l.get_with("form.appointment.half_rule", &[("amount", &amount)]));
    }
    let allowed = doc
        .deposit
        .as_ref()
        .and_then(|d| d.below_half_allowed_by.as_deref());
    if let Some(by) = allowed {
        notes.push(l.get_with("form.appointment.below_half", &[("name", by)]));
    }
    if doc.deposit.is_some() {
        notes.push(l.get("form.appointment.deposit_applied"));
    }
    let mut blocks = vec![Block::new(0.8)];
    for note in notes {
        blocks.extend(paragraph(ctx, LEFT, WIDTH, &note, style));
    }
    blocks
}
