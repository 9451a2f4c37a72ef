//! One additional item on the slip: a bar with its number, finding and answer, the
//! declined mark, the particulars (why, who found it, when, extra time, cost), its lines
//! in the estimate's table, then the customer's answer, every call and the signature.
use super::{duration, SCtx, SlipEntry, BAR};
use crate::domain::pricing::{ContactOutcome, ProposalStatus};
use crate::forms::blocks::{
    ascent, cell_row, col, paragraph, stack, table_header, table_row, Cell, Col, ImageRef,
    CELL_PAD, LABEL, THIN, VALUE,
};
use crate::forms::draw::{Align, Block, Prim, Rgb, TextStyle, AMBER, GREEN, INK, RED, RULE, TINT};
use crate::forms::estimate::table::{line_row, lines_header, COLS};
use crate::forms::flow::{Flow, LEFT, RIGHT, WIDTH};

const BADGE: TextStyle = TextStyle::new(7.4).bold();

/// Lays item `i` of the doc down the flow.
pub(crate) fn item(ctx: &SCtx, i: usize, signature: Option<ImageRef>, flow: &mut Flow) {
    let entry = &ctx.doc.entries[i];
    let mut head = vec![bar(ctx, i, entry)];
    if entry.answer == ProposalStatus::Declined {
        let note = ctx.l.get("form.additional.declined_note");
        let style = TextStyle::new(7.4).bold().color(RED);
        head.push(Block::new(0.8));
        head.extend(paragraph(
            ctx,
            LEFT + CELL_PAD,
            WIDTH - CELL_PAD,
            &note,
            style,
        ));
        head.push(Block::new(0.8));
    }
    head.push(particulars(ctx, entry));
    let head = stack(head);
    if entry.lines.is_empty() {
        flow.put(head);
    } else {
        let mut rows: Vec<Block> = entry
            .lines
            .iter()
            .zip(&entry.totals.lines)
            .zip(&entry.no_guarantee)
            .map(|((line, total), &none)| line_row(ctx, line, total, none, &ctx.doc.currency))
            .collect();
        rows.push(item_total(ctx, entry));
        let mut spaced = head;
        spaced.h += 1.2;
        flow.table(Some(spaced), lines_header(ctx), rows);
    }
    flow.gap(1.2);
    let mut answer = vec![answer_row(ctx, entry)];
    if entry.calls.len() > 1 || entry.answer == ProposalStatus::Proposed {
        answer.extend(calls(ctx, entry));
    }
    if let Some(image) = signature {
        answer.push(Block::new(1.5));
        answer.push(signature_box(ctx, entry, image));
    }
    flow.put_together(answer);
}

fn answer_color(answer: ProposalStatus) -> Rgb {
    match answer {
        ProposalStatus::Approved => GREEN,
        ProposalStatus::Proposed => AMBER,
        ProposalStatus::Declined => RED,
    }
}

/// The tinted bar: "Item n", the finding, and on the right the safety mark and the answer.
fn bar(ctx: &SCtx, i: usize, entry: &SlipEntry) -> Block {
    let l = &ctx.l;
    let mut badges = Vec::new();
    if entry.safety_critical {
        badges.push((l.get("form.additional.safety_critical"), RED));
    }
    badges.push((
        l.get(&format!("form.additional.status.{}", entry.answer.as_str())),
        answer_color(entry.answer),
    ));
    let badges_w: f32 = badges
        .iter()
        .map(|(text, _)| ctx.width(text, BADGE) + 4.6)
        .sum();
    let number = l.get_with("form.additional.item", &[("n", &(i + 1).to_string())]);
    let number_w = ctx.width(&number, BAR) + 3.0;
    let finding_style = TextStyle::new(8.8).bold().color(INK);
    let finding_w = WIDTH - number_w - badges_w - 2.0 * CELL_PAD - 2.0;
    let lines = ctx.wrap(&entry.finding, finding_style, finding_w);
    let h = lines.len().max(1) as f32 * finding_style.leading() + 2.4;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, WIDTH, h, Some(TINT), Some((THIN, RULE)));
    let y = 1.2 + ascent(finding_style);
    b.text(LEFT + CELL_PAD, y, BAR, number);
    for (k, line) in lines.into_iter().enumerate() {
        let ly = y + k as f32 * finding_style.leading();
        b.text(LEFT + CELL_PAD + number_w, ly, finding_style, line);
    }
    let mut right = RIGHT - CELL_PAD;
    for (text, color) in badges.into_iter().rev() {
        let w = ctx.width(&text, BADGE) + 3.0;
        let bh = BADGE.leading() + 1.0;
        b.rect(
            right - w,
            1.0,
            w,
            bh,
            Some(Rgb(1.0, 1.0, 1.0)),
            Some((0.8, color)),
        );
        b.text_aligned(
            right - 1.5,
            1.0 + 0.5 + ascent(BADGE),
            BADGE.color(color),
            Align::Right,
            text,
        );
        right -= w + 1.6;
    }
    b
}

/// Why, found by, found at, extra time, cost.
fn particulars(ctx: &SCtx, entry: &SlipEntry) -> Block {
    let l = &ctx.l;
    let why = if entry.why.trim().is_empty() {
        "—".to_string()
    } else {
        entry.why.trim().to_string()
    };
    cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.additional.reason"), why, 2.1),
            Cell::new(l.get("form.additional.found_by"), &entry.found_by, 0.7),
            Cell::new(
                l.get("form.additional.found_at"),
                l.datetime(entry.found_at),
                1.0,
            ),
            Cell::new(
                l.get("form.additional.extra_time"),
                duration(ctx, entry.extra_minutes),
                0.9,
            ),
            Cell::new(
                l.get("form.additional.cost"),
                l.money(entry.totals.gross_minor, &ctx.doc.currency),
                0.8,
            )
            .styled(VALUE.bold()),
        ],
        false,
    )
}

/// The closing row of the item's lines: its total, with the tax in it when there is one.
fn item_total(ctx: &SCtx, entry: &SlipEntry) -> Block {
    let l = &ctx.l;
    let currency = &ctx.doc.currency;
    let style = TextStyle::new(7.8).bold().color(INK);
    let h = style.leading() + 1.6;
    let mut b = Block::new(h);
    let y = 0.8 + ascent(style);
    let label = if entry.totals.tax_minor != 0 {
        l.get_with(
            "form.additional.item_total_tax",
            &[("tax", &l.money(entry.totals.tax_minor, currency))],
        )
    } else {
        l.get("form.additional.item_total")
    };
    let amount_w = COLS[COLS.len() - 1].w;
    b.text_aligned(RIGHT - amount_w - CELL_PAD, y, style, Align::Right, label);
    let money = l.money(entry.totals.gross_minor, currency);
    b.text_aligned(RIGHT - CELL_PAD, y, style, Align::Right, money);
    b.hline(LEFT, RIGHT, h, THIN, RULE);
    b
}

/// The answer as the customer gave it: the call that answered, or "not answered yet".
fn answer_row(ctx: &SCtx, entry: &SlipEntry) -> Block {
    let l = &ctx.l;
    let answered = entry
        .calls
        .iter()
        .rev()
        .find(|c| c.outcome != ContactOutcome::NotReached)
        .filter(|_| entry.answer != ProposalStatus::Proposed);
    let dash = || "—".to_string();
    let status = match entry.answer {
        ProposalStatus::Proposed => l.get("form.additional.answer.waiting"),
        other => l.get(&format!("form.additional.outcome.{}", other.as_str())),
    };
    let new_promised = entry.new_promised_at.map_or_else(dash, |at| l.datetime(at));
    let cells = [
        Cell::new(l.get("form.additional.answer"), status, 1.0)
            .styled(VALUE.bold().color(answer_color(entry.answer))),
        Cell::new(
            l.get("form.additional.answer.channel"),
            answered.map_or_else(dash, |c| {
                l.get(&format!("form.additional.channel.{}", c.channel.as_str()))
            }),
            0.9,
        ),
        Cell::new(
            l.get("form.additional.answer.at"),
            answered.map_or_else(dash, |c| l.datetime(c.at)),
            0.9,
        ),
        Cell::new(
            l.get("form.additional.answer.spoke_with"),
            answered.map_or_else(dash, |c| c.spoke_with.clone()),
            0.8,
        ),
        Cell::new(
            l.get("form.additional.answer.recorded_by"),
            answered.map_or_else(dash, |c| c.recorded_by.clone()),
            0.8,
        ),
        Cell::new(
            l.get("form.additional.answer.new_promised"),
            new_promised,
            0.9,
        )
        .styled(VALUE.bold()),
    ];
    cell_row(ctx, LEFT, WIDTH, &cells, true)
}

/// #, when, how, outcome, spoke with, recorded by: 186 mm.
const CALL_COLS: [Col; 6] = [
    col(8.0, Align::Right),
    col(36.0, Align::Left),
    col(34.0, Align::Left),
    col(48.0, Align::Left),
    col(30.0, Align::Left),
    col(30.0, Align::Left),
];

const CALL_KEYS: [&str; 6] = [
    "#",
    "form.additional.answer.at",
    "form.additional.answer.channel",
    "form.additional.call.outcome",
    "form.additional.answer.spoke_with",
    "form.additional.answer.recorded_by",
];

/// Every call about the item, oldest first, the calls that did not reach anyone included.
fn calls(ctx: &SCtx, entry: &SlipEntry) -> Vec<Block> {
    let l = &ctx.l;
    if entry.calls.is_empty() {
        return Vec::new();
    }
    let mut title = Block::new(LABEL.leading() + 1.6);
    title.text(
        LEFT,
        1.0 + ascent(LABEL),
        LABEL.bold(),
        l.get("form.additional.calls"),
    );
    let mut out = vec![title, table_header(ctx, LEFT, &CALL_COLS, &CALL_KEYS)];
    let style = TextStyle::new(7.0);
    for (k, call) in entry.calls.iter().enumerate() {
        let cells = [
            (k + 1).to_string(),
            l.datetime(call.at),
            l.get(&format!(
                "form.additional.channel.{}",
                call.channel.as_str()
            )),
            l.get(&format!(
                "form.additional.outcome.{}",
                call.outcome.as_str()
            )),
            call.spoke_with.clone(),
            call.recorded_by.clone(),
        ];
        out.push(table_row(ctx, LEFT, &CALL_COLS, &cells, style, None));
    }
    out
}

const SIGN_W: f32 = 80.0;

/// The customer's signature from the pad, framed, with who signed and when beside it.
fn signature_box(ctx: &SCtx, entry: &SlipEntry, image: ImageRef) -> Block {
    let h = 20.0;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, SIGN_W, h, None, Some((THIN, RULE)));
    let title = TextStyle::new(7.2).bold();
    b.text(
        LEFT + CELL_PAD,
        3.4,
        title,
        ctx.l.get("form.additional.signature"),
    );
    let (w, ih) = image.fit(SIGN_W - 8.0, 11.5);
    b.prims.push(Prim::Image {
        index: image.index,
        x: LEFT + 4.0,
        y: 16.4 - ih,
        w,
        h: ih,
    });
    b.hline(LEFT + CELL_PAD, LEFT + SIGN_W - CELL_PAD, 16.8, 0.5, INK);
    if let Some(signed) = entry
        .calls
        .iter()
        .rev()
        .find(|c| c.outcome != ContactOutcome::NotReached)
    {
        let text = format!("{}  ·  {}", signed.spoke_with, ctx.l.datetime(signed.at));
        b.text(LEFT + CELL_PAD, 19.2, LABEL, text);
    }
    b
}
