//! The settlement's lines: the estimate's table (same columns), grouped labour / parts /
//! other with the subtotals from [`crate::pricing::Totals`]; each line's guarantee as the
//! concrete limits it runs to, each part line's old part, and "no quality guarantee" in
//! red under the lines without one.
use super::SCtx;
use crate::domain::pricing::LineKind;
use crate::domain::settlement::{LineOrigin, OldPartDisposition, SettlementLine};
use crate::forms::blocks::{heading, table_header};
use crate::forms::draw::Block;
use crate::forms::estimate::table::{grouped_rows, part_notes, priced_row, LineText, COLS};
use crate::forms::flow::{Flow, LEFT, WIDTH};
use crate::forms::labels::When;

const HEADER_KEYS: [&str; 9] = [
    "form.estimate.col.code",
    "form.estimate.col.description",
    "form.settlement.col.part",
    "form.settlement.col.guarantee",
    "form.estimate.col.qty",
    "form.estimate.col.unit",
    "form.estimate.col.unit_price",
    "form.estimate.col.discount",
    "form.estimate.col.amount",
];

/// The table of lines, its header repeated on every page it runs onto.
pub(super) fn lines(ctx: &SCtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let t = &doc.figures.totals;
    let kinds: Vec<LineKind> = doc.lines.iter().map(|s| s.line.kind).collect();
    let subtotals = [t.labour_minor, t.parts_minor, t.other_minor];
    let rows = grouped_rows(ctx, &kinds, subtotals, &doc.currency, |i| {
        line_row(ctx, &doc.lines[i])
    });
    let title = heading(ctx, LEFT, WIDTH, "form.settlement.lines");
    let header = table_header(ctx, LEFT, &COLS, &HEADER_KEYS);
    flow.table(Some(title), header, rows);
}

/// The old part's fate, as the slip and the service card print it.
pub(crate) fn old_part_key(d: OldPartDisposition) -> &'static str {
    match d {
        OldPartDisposition::Returned => "settle.old.returned",
        OldPartDisposition::ShownAndLeft => "settle.old.shown_and_left",
        OldPartDisposition::KeptForWarrantyClaim => "settle.old.kept_for_warranty_claim",
    }
}

fn line_row(ctx: &SCtx, settled: &SettlementLine) -> Block {
    let l = &ctx.l;
    let line = &settled.line;
    let mut part = part_notes(l, line);
    if line.kind == LineKind::Part {
        part.extend(settled.old_part.map(|d| {
            format!(
                "{}: {}",
                l.get("form.settlement.old_part"),
                l.get(old_part_key(d))
            )
        }));
    }
    let guarantee = match settled.guarantee {
        Some(limit) => l.get_with_date(
            "form.settlement.guarantee_until",
            ("date", When::Day(limit.until)),
            &[("km", &l.number(limit.until_km))],
        ),
        None => l.get("form.estimate.guarantee.none"),
    };
    let description = match settled.origin {
        LineOrigin::RiskMargin if line.description.is_empty() => {
            l.get("form.settlement.risk_margin")
        }
        _ => line.description.clone(),
    };
    let text = LineText {
        description,
        part,
        guarantee,
        no_guarantee: settled.no_guarantee && settled.origin != LineOrigin::RiskMargin,
    };
    priced_row(ctx, line, &settled.amount, text, &ctx.doc.currency)
}
