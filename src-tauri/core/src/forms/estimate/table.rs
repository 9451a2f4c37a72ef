//! The estimate's lines: one table, grouped labour / parts / other, each group closed by
//! its subtotal from [`crate::pricing::Totals`]; a line without a quality guarantee says
//! so in red right under it. The additional-items slip prints its lines with the same
//! header and rows.
use super::{format_percent, format_quantity, ECtx, WARN};
use crate::domain::pricing::{
    EstimateLine, GuaranteeClass, LineKind, LineTotal, PartGrade, PartSource,
};
use crate::forms::blocks::{
    ascent, col, heading, table_header, table_row, Col, Ctx, CELL_PAD, HAIRLINE, THIN,
};
use crate::forms::draw::{Align, Block, TextStyle, ACCENT, INK, RULE, TINT};
use crate::forms::flow::{Flow, LEFT, WIDTH};
use crate::forms::labels::Labels;

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

/// The three groups lines print in, with the key of their heading and subtotal.
const GROUPS: [&str; 3] = ["labour", "parts", "other"];

fn group_of(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Labour => "labour",
        LineKind::Part => "parts",
        LineKind::Sundry | LineKind::Outside => "other",
    }
}

/// The table of lines, its header repeated on every page it runs onto.
pub(crate) fn lines(ctx: &ECtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let t = &doc.totals;
    let kinds: Vec<LineKind> = doc.lines.iter().map(|line| line.kind).collect();
    let subtotals = [t.labour_minor, t.parts_minor, t.other_minor];
    let rows = grouped_rows(ctx, &kinds, subtotals, &doc.currency, |i| {
        line_row(
            ctx,
            &doc.lines[i],
            &t.lines[i],
            doc.no_guarantee[i],
            &doc.currency,
        )
    });
    let title = heading(ctx, LEFT, WIDTH, "form.estimate.lines");
    flow.table(Some(title), lines_header(ctx), rows);
}

/// The rows of lines of the given `kinds` grouped labour / parts / other, each group
/// under its heading and closed by its subtotal (in the order of [`GROUPS`]); a group
/// without lines is left out. `row(i)` draws line `i`.
pub(crate) fn grouped_rows<D>(
    ctx: &Ctx<D>,
    kinds: &[LineKind],
    subtotals: [i64; 3],
    currency: &str,
    mut row: impl FnMut(usize) -> Block,
) -> Vec<Block> {
    let mut rows = Vec::new();
    for (group, subtotal) in GROUPS.into_iter().zip(subtotals) {
        let members: Vec<usize> = (0..kinds.len())
            .filter(|&i| group_of(kinds[i]) == group)
            .collect();
        if members.is_empty() {
            continue;
        }
        rows.push(group_row(ctx, group));
        rows.extend(members.into_iter().map(&mut row));
        rows.push(subtotal_row(ctx, group, subtotal, currency));
    }
    rows
}

/// The header row of a table of lines.
pub(crate) fn lines_header<D>(ctx: &Ctx<D>) -> Block {
    table_header(ctx, LEFT, &COLS, &HEADER_KEYS)
}

fn group_row<D>(ctx: &Ctx<D>, group: &str) -> Block {
    let style = TextStyle::new(7.6).bold().color(ACCENT);
    let h = style.leading() + 1.6;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, WIDTH, h, Some(TINT), None);
    let label = ctx.l.get(&format!("form.estimate.group.{group}"));
    b.text(LEFT + CELL_PAD, 0.8 + ascent(style), style, label);
    b.hline(LEFT, LEFT + WIDTH, h, HAIRLINE, RULE);
    b
}

fn subtotal_row<D>(ctx: &Ctx<D>, group: &str, minor: i64, currency: &str) -> Block {
    let style = TextStyle::new(7.6).bold().color(INK);
    let h = style.leading() + 1.6;
    let mut b = Block::new(h);
    let y = 0.8 + ascent(style);
    let label = ctx.l.get(&format!("form.estimate.subtotal.{group}"));
    let right = LEFT + WIDTH;
    b.text_aligned(right - COLS[8].w - CELL_PAD, y, style, Align::Right, label);
    let money = ctx.l.money(minor, currency);
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
    let text = LineText {
        description: line.description.clone(),
        part: part_notes(l, line),
        guarantee,
        no_guarantee,
    };
    priced_row(ctx, line, total, text, currency)
}

/// What a line's row says that the estimate and the settlement word differently.
pub(crate) struct LineText {
    pub description: String,
    /// The part column, one note a line.
    pub part: Vec<String>,
    pub guarantee: String,
    /// Print "no quality guarantee" under the row.
    pub no_guarantee: bool,
}

/// A part line's source and grade as the part column prints them (none for other lines).
pub(crate) fn part_notes(l: &Labels, line: &EstimateLine) -> Vec<String> {
    if line.kind != LineKind::Part {
        return Vec::new();
    }
    let source = line.source.map(|s| match s {
        PartSource::Shop => l.get("form.estimate.source.shop"),
        PartSource::Customer => l.get("form.estimate.source.customer"),
    });
    let grade = line
        .grade
        .map(|g| l.get(&format!("form.estimate.grade.{}", PartGrade::as_str(g))));
    [source, grade].into_iter().flatten().collect()
}

/// The row of one line: code, `text`, quantity, unit, unit price, the discount and the
/// amount from `total`, with the "no quality guarantee" note under it when asked.
pub(crate) fn priced_row<D>(
    ctx: &Ctx<D>,
    line: &EstimateLine,
    total: &LineTotal,
    text: LineText,
    currency: &str,
) -> Block {
    let l = &ctx.l;
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
        text.description,
        text.part.join("\n"),
        text.guarantee,
        format_quantity(line.qty_milli),
        line.unit.clone(),
        l.money(line.unit_price_minor, currency),
        discount,
        l.money(total.amount_minor, currency),
    ];
    let mut b = table_row(ctx, LEFT, &COLS, &cells, ROW, None);
    if text.no_guarantee {
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
