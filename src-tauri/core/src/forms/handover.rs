//! What was handed over with the car: the belongings list (随车物品清单) with valuables
//! flagged, the vehicle documents checked for validity, and the keys' tag and slot.
use super::blocks::{
    ascent, cell_row, col, heading, paragraph, stack, table_header, table_row, Cell, Col, Ctx,
    BODY, SECTION_GAP, SMALL,
};
use super::draw::{Align, Block, Prim, HIGHLIGHT, INK, MUTED, RED};
use super::flow::{Flow, LEFT, WIDTH};
use super::model::{Belonging, Belongings, DocumentKind, DocumentReceived};

const GAP: f32 = 5.0;
const LEFT_SHARE: f32 = 0.54;
const SIDE_BY_SIDE_MAX: f32 = 70.0;

pub(crate) fn documents_keys_belongings(ctx: &Ctx, flow: &mut Flow) {
    flow.gap(SECTION_GAP);
    let left_w = (WIDTH - GAP) * LEFT_SHARE;
    let right_x = LEFT + left_w + GAP;
    let right_w = WIDTH - left_w - GAP;
    let (b_head, b_header, b_rows) = belongings(ctx, LEFT, left_w);
    let mut left = vec![b_head];
    left.extend(b_header);
    left.extend(b_rows);
    let left = stack(left);
    let right = stack(documents_and_keys(ctx, right_x, right_w));
    if left.h.max(right.h) <= SIDE_BY_SIDE_MAX {
        let mut row = Block::new(0.0);
        row.place(left, 0.0);
        row.place(right, 0.0);
        flow.put(row);
        return;
    }
    let (head, header, rows) = belongings(ctx, LEFT, WIDTH);
    match header {
        Some(header) => flow.table(Some(head), header, rows),
        None => flow.section(head, rows),
    }
    flow.gap(SECTION_GAP);
    let mut blocks = documents_and_keys(ctx, LEFT, WIDTH).into_iter();
    flow.section(blocks.next().unwrap_or_default(), blocks.collect());
}

fn cols(w: f32, shares: &[(f32, Align)]) -> Vec<Col> {
    let total: f32 = shares.iter().map(|s| s.0).sum();
    shares
        .iter()
        .map(|&(share, align)| col(w * share / total, align))
        .collect()
}

/// Heading, optional table header row, and the rows.
fn belongings(ctx: &Ctx, x: f32, w: f32) -> (Block, Option<Block>, Vec<Block>) {
    let l = &ctx.l;
    let head = heading(ctx, x, w, "form.belongings");
    match &ctx.doc.belongings {
        Belongings::NotRecorded => (
            head,
            None,
            paragraph(
                ctx,
                x,
                w,
                &l.get("form.belongings.not_recorded"),
                BODY.color(MUTED),
            ),
        ),
        Belongings::NoneLeft => (
            head,
            None,
            vec![checked_line(ctx, x, w, &l.get("form.belongings.none"))],
        ),
        Belongings::Listed(items) => {
            let cols = cols(
                w,
                &[
                    (5.5, Align::Right),
                    (26.0, Align::Left),
                    (8.0, Align::Right),
                    (25.0, Align::Left),
                    (18.0, Align::Left),
                    (15.0, Align::Center),
                ],
            );
            let keys = [
                "#",
                "form.belongings.item",
                "form.belongings.qty",
                "form.belongings.note",
                "form.belongings.box",
                "form.belongings.valuable",
            ];
            let header = table_header(ctx, x, &cols, &keys);
            let mut rows: Vec<Block> = items
                .iter()
                .enumerate()
                .map(|(i, item)| belonging_row(ctx, x, &cols, i, item))
                .collect();
            let valuables = items.iter().filter(|i| i.valuable).count();
            let count = l.get_with(
                "form.belongings.count",
                &[
                    ("items", &items.len().to_string()),
                    ("valuables", &valuables.to_string()),
                ],
            );
            rows.extend(paragraph(ctx, x, w, &count, SMALL.color(MUTED)));
            (head, Some(header), rows)
        }
    }
}

fn belonging_row(ctx: &Ctx, x: f32, cols: &[Col], i: usize, item: &Belonging) -> Block {
    let (style, fill, flag) = if item.valuable {
        (BODY.bold(), Some(HIGHLIGHT), star(ctx).to_string())
    } else {
        (BODY, None, String::new())
    };
    let cells = [
        (i + 1).to_string(),
        item.item.clone(),
        item.quantity.to_string(),
        item.note.clone(),
        item.storage_box.clone(),
        flag,
    ];
    table_row(ctx, x, cols, &cells, style, fill)
}

fn star(ctx: &Ctx) -> &'static str {
    if ctx.fonts.covers('★') {
        "★"
    } else {
        "*"
    }
}

/// A ticked box and a statement ("no belongings left in the vehicle").
fn checked_line(ctx: &Ctx, x: f32, w: f32, text: &str) -> Block {
    let lines = ctx.wrap(text, BODY.bold(), w - 6.0);
    let mut b = Block::new(lines.len() as f32 * BODY.leading() + 2.0);
    b.rect(x + 0.5, 1.2, 3.0, 3.0, None, Some((0.7, INK)));
    let tick = vec![(x + 1.1, 2.8), (x + 1.9, 3.7), (x + 3.1, 1.8)];
    b.prims.push(Prim::Poly {
        points: tick,
        closed: false,
        fill: None,
        stroke: Some((1.0, INK)),
    });
    for (i, line) in lines.into_iter().enumerate() {
        b.text(
            x + 5.5,
            1.0 + i as f32 * BODY.leading() + ascent(BODY),
            BODY.bold(),
            line,
        );
    }
    b
}

fn documents_and_keys(ctx: &Ctx, x: f32, w: f32) -> Vec<Block> {
    let l = &ctx.l;
    let mut out = vec![heading(ctx, x, w, "form.documents")];
    if ctx.doc.documents.is_empty() {
        out.extend(paragraph(
            ctx,
            x,
            w,
            &l.get("form.documents.none"),
            BODY.color(MUTED),
        ));
    } else {
        let cols = cols(
            w,
            &[
                (33.0, Align::Left),
                (22.0, Align::Left),
                (15.0, Align::Left),
            ],
        );
        let keys = [
            "form.documents.kind",
            "form.documents.expires",
            "form.documents.checked",
        ];
        out.push(table_header(ctx, x, &cols, &keys));
        for document in &ctx.doc.documents {
            out.push(document_row(ctx, x, &cols, document));
        }
    }
    // The keys take one row of cells, their labels saying what they are.
    out.push(Block::new(2.0));
    let keys = &ctx.doc.keys;
    out.push(cell_row(
        ctx,
        x,
        w,
        &[
            Cell::new(l.get("form.keys.count"), keys.count.to_string(), 0.8),
            Cell::new(l.get("form.keys.tag"), &keys.tag_number, 1.0),
            Cell::new(l.get("form.keys.slot"), &keys.cabinet_slot, 1.0),
        ],
        true,
    ));
    out
}

fn document_row(ctx: &Ctx, x: f32, cols: &[Col], document: &DocumentReceived) -> Block {
    let l = &ctx.l;
    let mut name = l.get(document_key(document.kind));
    if !document.description.trim().is_empty() {
        name = format!("{name}: {}", document.description.trim());
    }
    let expired = document
        .expires_on
        .is_some_and(|d| d < ctx.doc.opened_at.date());
    let expiry = document
        .expires_on
        .map_or_else(|| "—".to_string(), |d| l.date(d));
    let checked = if expired {
        l.get("form.documents.expired")
    } else if document.checked_valid {
        l.get("form.documents.valid")
    } else {
        l.get("form.documents.not_verified")
    };
    let mut row = table_row(ctx, x, cols, &[name, expiry, checked], BODY, None);
    if expired {
        recolour_column(&mut row, x + cols[0].w);
    }
    row
}

/// Prints an expired date in red, so it is noticed before the customer leaves.
fn recolour_column(row: &mut Block, from: f32) {
    for prim in &mut row.prims {
        if let Prim::Text { x, style, .. } = prim {
            if *x >= from {
                *style = style.bold().color(RED);
            }
        }
    }
}

fn document_key(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Registration => "form.document.registration",
        DocumentKind::Insurance => "form.document.insurance",
        DocumentKind::InspectionCertificate => "form.document.inspection_certificate",
        DocumentKind::ServiceBook => "form.document.service_book",
        DocumentKind::Other => "form.document.other",
    }
}
