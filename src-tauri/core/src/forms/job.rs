//! What the customer asked for: the complaint in their own words (客户原话) kept apart
//! from the diagnosis, then the requested work with its estimate and other requests.
use super::blocks::{
    col, heading, muted, paragraph, stack, table_header, table_row, Col, Ctx, BODY, SECTION_GAP,
    SMALL, THIN,
};
use super::draw::{Align, Block, ACCENT, MUTED, RULE};
use super::flow::{Flow, LEFT, WIDTH};

const GAP: f32 = 5.0;
/// Share of the width for the complaint column when set beside the requested work.
const LEFT_SHARE: f32 = 0.46;
/// Side by side only while both columns stay short; long texts get the full width.
const SIDE_BY_SIDE_MAX: f32 = 80.0;

/// Complaint, diagnosis and other requests on the left, the requested work on the
/// right; stacked at full width when either side is long.
pub(crate) fn complaint_and_work(ctx: &Ctx, flow: &mut Flow) {
    flow.gap(SECTION_GAP);
    let left_w = (WIDTH - GAP) * LEFT_SHARE;
    let right_x = LEFT + left_w + GAP;
    let right_w = WIDTH - left_w - GAP;
    let mut left = complaint(ctx, LEFT, left_w);
    left.push(Block::new(SECTION_GAP));
    left.extend(diagnosis(ctx, LEFT, left_w));
    left.push(Block::new(SECTION_GAP));
    left.extend(other_requests(ctx, LEFT, left_w));
    let (head, rows) = services(ctx, right_x, right_w);
    let mut right = vec![heading(ctx, right_x, right_w, "form.services"), head];
    right.extend(rows);
    let (left, right) = (stack(left), stack(right));
    if left.h.max(right.h) <= SIDE_BY_SIDE_MAX {
        let mut row = Block::new(0.0);
        row.place(left, 0.0);
        row.place(right, 0.0);
        flow.put(row);
        return;
    }
    let mut blocks = complaint(ctx, LEFT, WIDTH).into_iter();
    flow.section(blocks.next().unwrap_or_default(), blocks.collect());
    flow.gap(SECTION_GAP);
    let mut blocks = diagnosis(ctx, LEFT, WIDTH).into_iter();
    flow.section(blocks.next().unwrap_or_default(), blocks.collect());
    flow.gap(SECTION_GAP);
    let (head, rows) = services(ctx, LEFT, WIDTH);
    flow.table(Some(heading(ctx, LEFT, WIDTH, "form.services")), head, rows);
    flow.gap(SECTION_GAP);
    let mut blocks = other_requests(ctx, LEFT, WIDTH).into_iter();
    flow.section(blocks.next().unwrap_or_default(), blocks.collect());
}

/// Heading first, then the quoted text with a bar down its left side.
fn complaint(ctx: &Ctx, x: f32, w: f32) -> Vec<Block> {
    let (open, _) = ctx.l.pair("form.quote_open");
    let (close, _) = ctx.l.pair("form.quote_close");
    let text = format!("{open}{}{close}", ctx.doc.complaint.trim());
    let mut out = vec![heading(ctx, x, w, "form.complaint")];
    for mut line in paragraph(ctx, x + 3.0, w - 3.0, &text, BODY) {
        line.h += 0.15;
        line.vline(x + 0.8, 0.0, line.h, 1.6, ACCENT);
        out.push(line);
    }
    out
}

fn diagnosis(ctx: &Ctx, x: f32, w: f32) -> Vec<Block> {
    let mut out = vec![heading(ctx, x, w, "form.diagnosis")];
    if ctx.doc.diagnosis.trim().is_empty() {
        out.extend(writing_lines(x, w, 2));
    } else {
        for mut line in paragraph(ctx, x + 3.0, w - 3.0, &ctx.doc.diagnosis, BODY) {
            line.vline(x + 0.8, 0.0, line.h, 1.6, RULE);
            out.push(line);
        }
    }
    out
}

/// Dotted lines to write on by hand.
pub(crate) fn writing_lines(x: f32, w: f32, count: usize) -> Vec<Block> {
    (0..count)
        .map(|_| {
            let mut b = Block::new(5.5);
            b.prims.push(super::draw::Prim::Line {
                x1: x,
                y1: 5.0,
                x2: x + w,
                y2: 5.0,
                width_pt: 0.4,
                color: RULE,
                dashed: true,
            });
            b
        })
        .collect()
}

/// The service lines as a table (header row, rows, estimated total).
fn services(ctx: &Ctx, x: f32, w: f32) -> (Block, Vec<Block>) {
    let l = &ctx.l;
    let doc = ctx.doc;
    let cols: [Col; 3] = [
        col(7.0, Align::Right),
        col(w - 7.0 - 27.0, Align::Left),
        col(27.0, Align::Right),
    ];
    let header = table_header(
        ctx,
        x,
        &cols,
        &["#", "form.services.item", "form.services.estimate"],
    );
    let mut rows: Vec<Block> = doc
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let price = s
                .estimate_minor
                .map_or_else(String::new, |m| l.money(m, &doc.currency));
            table_row(
                ctx,
                x,
                &cols,
                &[format!("{}", i + 1), s.description.clone(), price],
                BODY,
                None,
            )
        })
        .collect();
    if rows.is_empty() {
        rows.push(table_row(
            ctx,
            x,
            &cols,
            &[String::new(), "—".into(), String::new()],
            BODY,
            None,
        ));
    }
    let priced: Vec<i64> = doc
        .services
        .iter()
        .filter_map(|s| s.estimate_minor)
        .collect();
    // Amounts are bounded at input; a sum that still overflows prints no total at all.
    if let Some(sum) =
        crate::money::checked_sum(priced.iter().copied()).filter(|_| !priced.is_empty())
    {
        let total = l.money(sum, &doc.currency);
        let mut row = table_row(
            ctx,
            x,
            &cols,
            &[String::new(), l.get("form.services.total"), total],
            BODY.bold(),
            None,
        );
        row.hline(x, x + w, row.h, THIN, RULE);
        rows.push(row);
        for line in paragraph(
            ctx,
            x,
            w,
            &l.get("form.services.estimate_note"),
            muted(SMALL),
        ) {
            rows.push(line);
        }
    }
    (header, rows)
}

fn other_requests(ctx: &Ctx, x: f32, w: f32) -> Vec<Block> {
    let mut out = vec![heading(ctx, x, w, "form.other_requests")];
    let text = ctx.doc.other_requests.trim();
    if text.is_empty() {
        out.extend(paragraph(ctx, x, w, "—", BODY.color(MUTED)));
    } else {
        out.extend(paragraph(ctx, x, w, text, BODY));
    }
    out
}
