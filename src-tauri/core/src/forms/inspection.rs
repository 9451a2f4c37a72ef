//! The inspection results as a compact grid: one row per group, five items across,
//! each with a status symbol that still reads on a black-and-white printer.
use super::blocks::{ascent, heading, paragraph, Ctx, BODY, HAIRLINE, SECTION_GAP};
use super::draw::{Align, Block, Prim, TextStyle, AMBER, GREEN, INK, MUTED, RED, RULE, WHITE};
use super::flow::{Flow, LEFT, RIGHT, WIDTH};
use super::model::InspectionStatus;

const GROUP_W: f32 = 26.0;
/// Items across: five lets the standard checklist's groups of five take one row each; four
/// is kept when longer (bilingual) names would wrap in five. The shorter grid is printed,
/// which keeps a typical job, its terms and its signatures on one page.
const PER_ROW_CHOICES: [usize; 2] = [5, 4];
const NAME_ONE_LANGUAGE: TextStyle = TextStyle::new(7.6);
/// Two languages in one name: a little smaller, still legible on paper.
const NAME_BILINGUAL: TextStyle = TextStyle::new(6.3);
/// Space above and below the names in a row of the grid.
const PAD_TOP: f32 = 0.7;
const PAD_BOTTOM: f32 = 0.5;
const GROUP_BILINGUAL: TextStyle = TextStyle::new(6.0).bold();
const NOTE: TextStyle = TextStyle::new(6.4).color(MUTED);

pub(crate) fn results(ctx: &Ctx, flow: &mut Flow) {
    flow.gap(SECTION_GAP);
    let mut head = heading(ctx, LEFT, WIDTH, "form.inspection");
    status_legend(ctx, &mut head);
    let name = if ctx.l.is_bilingual() {
        NAME_BILINGUAL
    } else {
        NAME_ONE_LANGUAGE
    };
    let height = |rows: &Vec<Block>| rows.iter().map(|b| b.h).sum::<f32>();
    let mut rows = PER_ROW_CHOICES
        .into_iter()
        .map(|per_row| grid(ctx, per_row, name))
        .min_by(|a, b| height(a).total_cmp(&height(b)))
        .unwrap_or_default();
    if rows.is_empty() {
        rows = paragraph(
            ctx,
            LEFT,
            WIDTH,
            &ctx.l.get("form.inspection.none"),
            BODY.color(MUTED),
        );
    }
    flow.section(head, rows);
}

/// The rows of the grid with `per_row` items across, names in `name`.
fn grid(ctx: &Ctx, per_row: usize, name: TextStyle) -> Vec<Block> {
    let mut rows = Vec::new();
    for group in &ctx.doc.inspection {
        for (i, chunk) in group.items.chunks(per_row).enumerate() {
            let cell_w = (WIDTH - GROUP_W) / per_row as f32;
            let mut laid = Vec::new();
            let mut h: f32 = 0.0;
            for (j, item) in chunk.iter().enumerate() {
                let x = LEFT + GROUP_W + j as f32 * cell_w;
                let inner = cell_w - 5.5;
                let names = ctx.wrap(&item.name, name, inner);
                // A short note goes on the name's line; a long one underneath.
                let beside = names.len() == 1
                    && ctx.width(&names[0], name) + 1.5 + ctx.width(&item.note, NOTE) <= inner;
                let notes = if beside {
                    Vec::new()
                } else {
                    ctx.wrap(&item.note, NOTE, inner)
                };
                let note_beside = if beside {
                    item.note.clone()
                } else {
                    String::new()
                };
                let cell_h = PAD_TOP
                    + names.len() as f32 * name.leading()
                    + notes.len() as f32 * NOTE.leading()
                    + PAD_BOTTOM;
                h = h.max(cell_h);
                laid.push((x, item.status, names, notes, note_beside));
            }
            let group_style = if ctx.l.is_bilingual() {
                GROUP_BILINGUAL
            } else {
                name.bold()
            };
            let group_lines = if i == 0 {
                ctx.wrap(&group.name, group_style, GROUP_W - 2.0)
            } else {
                Vec::new()
            };
            h = h.max(PAD_TOP + group_lines.len() as f32 * group_style.leading() + PAD_BOTTOM);
            let mut b = Block::new(h);
            for (k, line) in group_lines.into_iter().enumerate() {
                b.text(
                    LEFT + 0.5,
                    PAD_TOP + k as f32 * group_style.leading() + ascent(group_style),
                    group_style,
                    line,
                );
            }
            for (x, status, names, notes, note_beside) in laid {
                status_mark(&mut b, x + 1.9, PAD_TOP + name.leading() / 2.0, status);
                if let Some(first) = names.first() {
                    let nx = x + 4.4 + ctx.width(first, name) + 1.5;
                    b.text(nx, PAD_TOP + ascent(name), NOTE, note_beside);
                }
                let mut y = PAD_TOP;
                for line in names {
                    b.text(x + 4.4, y + ascent(name), name, line);
                    y += name.leading();
                }
                for line in notes {
                    b.text(x + 4.4, y + ascent(NOTE), NOTE, line);
                    y += NOTE.leading();
                }
            }
            let from = if i + 1 == group.items.len().div_ceil(per_row) {
                LEFT
            } else {
                LEFT + GROUP_W
            };
            b.hline(from, RIGHT, h, HAIRLINE, RULE);
            rows.push(b);
        }
    }
    rows
}

/// The four statuses with their symbols, right-aligned in the heading.
fn status_legend(ctx: &Ctx, head: &mut Block) {
    let style = TextStyle::new(6.4).color(INK);
    let mut x = RIGHT;
    let statuses = [
        InspectionStatus::NotChecked,
        InspectionStatus::Damaged,
        InspectionStatus::Attention,
        InspectionStatus::Ok,
    ];
    for status in statuses {
        let text = ctx.l.get(status_key(status));
        head.text_aligned(x, 4.0, style, Align::Right, &text);
        x -= ctx.width(&text, style) + 1.2;
        status_mark(head, x - 1.4, 3.0, status);
        x -= 5.0;
    }
}

pub(crate) fn status_key(status: InspectionStatus) -> &'static str {
    match status {
        InspectionStatus::Ok => "form.status.ok",
        InspectionStatus::Attention => "form.status.attention",
        InspectionStatus::Damaged => "form.status.damaged",
        InspectionStatus::NotChecked => "form.status.not_checked",
    }
}

/// Shape and colour both differ, so the status survives a grey-scale printer.
fn status_mark(b: &mut Block, cx: f32, cy: f32, status: InspectionStatus) {
    let r = 1.45;
    let line = |points: Vec<(f32, f32)>, w: f32, c| Prim::Poly {
        points,
        closed: false,
        fill: None,
        stroke: Some((w, c)),
    };
    match status {
        InspectionStatus::Ok => {
            b.prims.push(Prim::Circle {
                cx,
                cy,
                r,
                fill: None,
                stroke: Some((0.6, GREEN)),
            });
            b.prims.push(line(
                vec![
                    (cx - 0.75, cy + 0.05),
                    (cx - 0.2, cy + 0.65),
                    (cx + 0.8, cy - 0.6),
                ],
                0.9,
                GREEN,
            ));
        }
        InspectionStatus::Attention => {
            let tri = vec![
                (cx, cy - r - 0.1),
                (cx + r + 0.2, cy + r - 0.1),
                (cx - r - 0.2, cy + r - 0.1),
            ];
            b.prims.push(Prim::Poly {
                points: tri,
                closed: true,
                fill: Some(AMBER),
                stroke: None,
            });
            b.prims
                .push(line(vec![(cx, cy - 0.55), (cx, cy + 0.35)], 0.8, WHITE));
            b.prims.push(Prim::Circle {
                cx,
                cy: cy + 0.9,
                r: 0.18,
                fill: Some(WHITE),
                stroke: None,
            });
        }
        InspectionStatus::Damaged => {
            b.prims.push(Prim::Circle {
                cx,
                cy,
                r,
                fill: Some(RED),
                stroke: None,
            });
            let d = 0.6;
            b.prims
                .push(line(vec![(cx - d, cy - d), (cx + d, cy + d)], 0.8, WHITE));
            b.prims
                .push(line(vec![(cx - d, cy + d), (cx + d, cy - d)], 0.8, WHITE));
        }
        InspectionStatus::NotChecked => {
            b.prims.push(Prim::Circle {
                cx,
                cy,
                r,
                fill: None,
                stroke: Some((0.5, MUTED)),
            });
            b.prims
                .push(line(vec![(cx - 0.7, cy), (cx + 0.7, cy)], 0.7, MUTED));
        }
    }
}
