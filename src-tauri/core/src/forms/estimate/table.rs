//! The estimate's lines: one table, grouped labour / parts / other, each group closed by
//! its subtotal from [`crate::pricing::Totals`]; a line without a quality guarantee says
//! so in red right under it. The additional-items slip prints its lines with the same
//! header and rows.
use super::{format_percent, format_quantity, ECtx, WARN};
use crate::forms::draw::{Align, Block, TextStyle, ACCENT, INK, RULE, TINT};
use crate::forms::flow::{Flow, LEFT, WIDTH};
use crate::forms::parts::{
    ascent, col, heading, table_header, table_row, Col, Ctx, CELL_PAD, HAIRLINE, THIN,
};
use crate::pricing::{EstimateLine, GuaranteeClass, LineKind, LineTotal, PartGrade, PartSource};

pub(crate) const ROW: TextStyle = TextStyle::new(7.0);

/// Code, description, source / grade, guarantee, qty, unit, unit price, discount,
/// amount: 186 mm, the width of the page's content.
pub(crate) const COLS: [Col; 9] = [
    col(20.0, Align::Left),
    col(38.0, Align::Left),
    col(27.0, Align::Left),
    col(27.0, Align::Left),
    col(10.0, Align::Right),
    // "piece", "litre", "set" on one line.
    col(11.0, Align::Left),
    col(18.0, Align::Right),
    col(16.0, Align::Right),
    col(19.0, Align::Right),
];

const HEADER_KEYS: [&str; 9] = [
    "form.estimate.col.code",
    "form.estimate.col.description",
    "form.estimate.col.part",
    "form.estimate.col.guarantee",
    "form.estimate.col.qty",
    "form.estimate.col.unit",
    "form.estimate.col.unit_price",
    "form.estimate.col.discount",
    "form.estimate.col.amount",
];

/// The three groups the estimate prints, with their subtotal.
#[derive(Clone, Copy)]
enum Group {
    Labour,
    Parts,
    Other,
}

impl Group {
    fn of(kind: LineKind) -> Group {
        match kind {
            LineKind::Labour => Group::Labour,
            LineKind::Part => Group::Parts,
            LineKind::Sundry | LineKind::Outside => Group::Other,
        }
    }
    fn key(self) -> &'static str {
        match self {
            Group::Labour => "labour",
            Group::Parts => "parts",
            Group::Other => "other",
        }
    }
    fn same(self, other: Group) -> bool {
        self.key() == other.key()
    }
}

/// The table of lines, its header repeated on every page it runs onto.
pub(crate) fn lines(ctx: &ECtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let mut rows = Vec::new();
    for group in [Group::Labour, Group::Parts, Group::Other] {
        let members: Vec<usize> = (0..doc.lines.len())
            .filter(|&i| Group::of(doc.lines[i].kind).same(group))
            .collect();
        if members.is_empty() {
            continue;
        }
        rows.push(group_row(ctx, group));
        for i in members {
            rows.push(line_row(
                ctx,
                &doc.lines[i],
                &doc.totals.lines[i],
                doc.no_guarantee[i],
                &doc.currency,
            ));
        }
        let subtotal = match group {
            Group::Labour => doc.totals.labour_minor,
            Group::Parts => doc.totals.parts_minor,
            Group::Other => doc.totals.other_minor,
        };
        rows.push(subtotal_row(ctx, group, subtotal));
    }
    let title = heading(ctx, LEFT, WIDTH, "form.estimate.lines");
    flow.table(Some(title), lines_header(ctx), rows);
}

/// The header row of a table of lines.
pub(crate) fn lines_header<D>(ctx: &Ctx<D>) -> Block {
    table_header(ctx, LEFT, &COLS, &HEADER_KEYS)
}

fn group_row(ctx: &ECtx, group: Group) -> Block {
    let style = TextStyle::new(7.6).bold().color(ACCENT);
    let h = style.leading() + 1.6;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, WIDTH, h, Some(TINT), None);
    let label = ctx.l.get(&format!("form.estimate.group.{}", group.key()));
    b.text(LEFT + CELL_PAD, 0.8 + ascent(style), style, label);
    b.hline(LEFT, LEFT + WIDTH, h, HAIRLINE, RULE);
    b
}

fn subtotal_row(ctx: &ECtx, group: Group, minor: i64) -> Block {
    let style = TextStyle::new(7.6).bold().color(INK);
    let h = style.leading() + 1.6;
    let mut b = Block::new(h);
    let y = 0.8 + ascent(style);
    let amount_w = COLS[8].w;
    let label = ctx
        .l
        .get(&format!("form.estimate.subtotal.{}", group.key()));
    let right = LEFT + WIDTH;
    b.text_aligned(right - amount_w - CELL_PAD, y, style, Align::Right, label);
    let money = ctx.l.money(minor, &ctx.doc.currency);
    b.text_aligned(right - CELL_PAD, y, style, Align::Right, money);
    b.hline(LEFT, right, h, THIN, RULE);
    b
}

/// One line of the table, with its "no quality guarantee" note under it when it has one.
pub(crate) fn line_row<D>(
    ctx: &Ctx<D>,
    line: &EstimateLine,
    total: &LineTotal,
    no_guarantee: bool,
    currency: &str,
) -> Block {
    let l = &ctx.l;
    let part = if line.kind == LineKind::Part {
        let source = line.source.map(|s| match s {
            PartSource::Shop => l.get("form.estimate.source.shop"),
            PartSource::Customer => l.get("form.estimate.source.customer"),
        });
        let grade = line
            .grade
            .map(|g| l.get(&format!("form.estimate.grade.{}", PartGrade::as_str(g))));
        [source, grade]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        String::new()
    };
    let guarantee = if line.guarantee.class == GuaranteeClass::None {
        l.get("form.estimate.guarantee.none")
    } else {
        l.get_with(
            "form.estimate.guarantee",
            &[
                ("km", &l.number(i64::from(line.guarantee.km))),
                ("days", &l.number(i64::from(line.guarantee.days))),
            ],
        )
    };
    let discount = if line.discount_bp > 0 {
        format!(
            "{}\n-{}",
            format_percent(line.discount_bp),
            l.money(total.discount_minor, currency)
        )
    } else {
        String::new()
    };
    let cells = [
        line.code.clone(),
        line.description.clone(),
        part,
        guarantee,
        format_quantity(line.qty_milli),
        line.unit.clone(),
        l.money(line.unit_price_minor, currency),
        discount,
        l.money(total.amount_minor, currency),
    ];
    let mut b = table_row(ctx, LEFT, &COLS, &cells, ROW, None);
    if no_guarantee {
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
