//! The settlement's lines: the estimate's table (same columns), grouped labour / parts /
//! other with the subtotals from [`crate::pricing::Totals`]; each line's guarantee as the
//! concrete limits it runs to, each part line's old part, and "no quality guarantee" in
//! red under the lines without one.
use super::SCtx;
use crate::forms::draw::{Align, Block, TextStyle, ACCENT, INK, RULE, TINT};
use crate::forms::estimate::table::{COLS, ROW};
use crate::forms::estimate::{format_percent, format_quantity, WARN};
use crate::forms::flow::{Flow, LEFT, WIDTH};
use crate::forms::labels::When;
use crate::forms::parts::{ascent, heading, table_header, table_row, CELL_PAD, HAIRLINE, THIN};
use crate::pricing::{LineKind, PartGrade, PartSource};
use crate::settlement::{LineOrigin, OldPartDisposition, SettlementLine};

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

/// Which of the three groups a line prints in.
fn group_of(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Labour => "labour",
        LineKind::Part => "parts",
        LineKind::Sundry | LineKind::Outside => "other",
    }
}

/// The table of lines, its header repeated on every page it runs onto.
pub(super) fn lines(ctx: &SCtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let t = &doc.figures.totals;
    let mut rows = Vec::new();
    for (group, subtotal) in [
        ("labour", t.labour_minor),
        ("parts", t.parts_minor),
        ("other", t.other_minor),
    ] {
        let members: Vec<usize> = (0..doc.lines.len())
            .filter(|&i| group_of(doc.lines[i].line.kind) == group)
            .collect();
        if members.is_empty() {
            continue;
        }
        rows.push(group_row(ctx, group));
        for i in members {
            rows.push(line_row(ctx, &doc.lines[i]));
        }
        rows.push(subtotal_row(ctx, group, subtotal));
    }
    let title = heading(ctx, LEFT, WIDTH, "form.settlement.lines");
    let header = table_header(ctx, LEFT, &COLS, &HEADER_KEYS);
    flow.table(Some(title), header, rows);
}

fn group_row(ctx: &SCtx, group: &str) -> Block {
    let style = TextStyle::new(7.6).bold().color(ACCENT);
    let h = style.leading() + 1.6;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, WIDTH, h, Some(TINT), None);
    let label = ctx.l.get(&format!("form.estimate.group.{group}"));
    b.text(LEFT + CELL_PAD, 0.8 + ascent(style), style, label);
    b.hline(LEFT, LEFT + WIDTH, h, HAIRLINE, RULE);
    b
}

fn subtotal_row(ctx: &SCtx, group: &str, minor: i64) -> Block {
    let style = TextStyle::new(7.6).bold().color(INK);
    let h = style.leading() + 1.6;
    let mut b = Block::new(h);
    let y = 0.8 + ascent(style);
    let right = LEFT + WIDTH;
    let label = ctx.l.get(&format!("form.estimate.subtotal.{group}"));
    b.text_aligned(right - COLS[8].w - CELL_PAD, y, style, Align::Right, label);
    let money = ctx.l.money(minor, &ctx.doc.currency);
    b.text_aligned(right - CELL_PAD, y, style, Align::Right, money);
    b.hline(LEFT, right, h, THIN, RULE);
    b
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
    let doc = ctx.doc;
    let line = &settled.line;
    let part = if line.kind == LineKind::Part {
        let source = line.source.map(|s| match s {
            PartSource::Shop => l.get("form.estimate.source.shop"),
            PartSource::Customer => l.get("form.estimate.source.customer"),
        });
        let grade = line
            .grade
            .map(|g| l.get(&format!("form.estimate.grade.{}", PartGrade::as_str(g))));
        let old = settled.old_part.map(|d| {
            format!(
                "{}: {}",
                l.get("form.settlement.old_part"),
                l.get(old_part_key(d))
            )
        });
        [source, grade, old]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        String::new()
    };
    let guarantee = match settled.guarantee {
        Some(limit) => l.get_with_date(
            "form.settlement.guarantee_until",
            ("date", When::Day(limit.until)),
            &[("km", &l.number(limit.until_km))],
        ),
        None => l.get("form.estimate.guarantee.none"),
    };
    let discount = if line.discount_bp > 0 {
        format!(
            "{}\n-{}",
            format_percent(line.discount_bp),
            l.money(settled.amount.discount_minor, &doc.currency)
        )
    } else {
        String::new()
    };
    let description = match settled.origin {
        LineOrigin::RiskMargin if line.description.is_empty() => {
            l.get("form.settlement.risk_margin")
        }
        _ => line.description.clone(),
    };
    let cells = [
        line.code.clone(),
        description,
        part,
        guarantee,
        format_quantity(line.qty_milli),
        line.unit.clone(),
        l.money(line.unit_price_minor, &doc.currency),
        discount,
        l.money(settled.amount.amount_minor, &doc.currency),
    ];
    let mut b = table_row(ctx, LEFT, &COLS, &cells, ROW, None);
    if settled.no_guarantee && settled.origin != LineOrigin::RiskMargin {
        // The row's closing rule goes under the note, which belongs to the line.
        b.prims.pop();
        let note = l.get("form.estimate.no_guarantee");
        let x = LEFT + COLS[0].w + CELL_PAD;
        b.text(x, b.h - 0.3 + ascent(WARN), WARN, note);
        b.h += WARN.leading() + 0.2;
        b.hline(LEFT, LEFT + WIDTH, b.h, HAIRLINE, RULE);
    }
    b
}
