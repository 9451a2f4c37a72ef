//! The end pieces the estimate and the settlement slip share: the rows of the totals box
//! (label left, amount right, as the slip's summary and the day report draw them too; the tax per rate; the total framed), the note of a discount
//! inside the lines, the printed fingerprint, and the customer's signature box — with the
//! signature in it, or the dashed name and time lines of a place to sign.
use super::draw::{Align, Block, Prim, TextStyle, ACCENT, INK, MUTED, RED, RULE};
use super::estimate::format_percent;
use super::flow::{Flow, LEFT, RIGHT, WIDTH};
use super::parts::{heading, paragraph, Ctx, ImageRef, CELL_PAD, HAIRLINE, LABEL, SECTION_GAP};
use super::parts::{SMALL, THIN, VALUE};
use crate::pricing::TaxRow;

/// The width of the totals box, at the right margin.
pub(crate) const TOTALS_W: f32 = 100.0;
/// Digits of a fingerprint printed: enough to compare, short enough to read.
const FINGERPRINT_DIGITS: usize = 12;
const SIGN_W: f32 = 80.0;

/// The total's style: larger and bold.
pub(crate) const STRONG: TextStyle = TextStyle::new(10.0).bold().color(INK);

/// One row of the totals box: label left, amount in `currency` right.
pub(crate) fn figure_row<D>(
    ctx: &Ctx<D>,
    currency: &str,
    label: &str,
    minor: i64,
    style: TextStyle,
) -> Block {
    let money = ctx.l.money(minor, currency);
    let (x, label_w) = (RIGHT - TOTALS_W, TOTALS_W - 34.0);
    value_row(ctx, x, TOTALS_W, label_w, label, &money, style)
}

/// A row of a box of figures from `x`, `w` wide: the label left (wrapped within
/// `label_w`), the value right, a hairline under.
pub(crate) fn value_row<D>(
    ctx: &Ctx<D>,
    x: f32,
    w: f32,
    label_w: f32,
    label: &str,
    value: &str,
    style: TextStyle,
) -> Block {
    let lines = ctx.wrap(label, style, label_w);
    let h = lines.len().max(1) as f32 * style.leading() + 1.4;
    let mut b = Block::new(h);
    let base = 0.7 + style.leading() * 0.76;
    for (i, line) in lines.into_iter().enumerate() {
        b.text(x + CELL_PAD, base + i as f32 * style.leading(), style, line);
    }
    b.text_aligned(x + w - CELL_PAD, base, style, Align::Right, value);
    b.hline(x, x + w, h, HAIRLINE, RULE);
    b
}

/// A row framed in the accent colour (the total, the amount due).
pub(crate) fn emphasised(mut row: Block) -> Block {
    let h = row.h;
    row.hline(RIGHT - TOTALS_W, RIGHT, 0.0, 1.0, ACCENT);
    row.hline(RIGHT - TOTALS_W, RIGHT, h, 1.0, ACCENT);
    row
}

/// One row per tax rate: the rate, the basis and the tax (included in the prices or on
/// top of them).
pub(crate) fn tax_rows<D>(
    ctx: &Ctx<D>,
    currency: &str,
    rows: &[TaxRow],
    prices_include_tax: bool,
) -> Vec<Block> {
    let l = &ctx.l;
    let key = if prices_include_tax {
        "form.estimate.tax_included_row"
    } else {
        "form.estimate.tax_row"
    };
    rows.iter()
        .map(|row| {
            let label = l.get_with(
                key,
                &[
                    ("rate", &format_percent(row.rate_bp)),
                    ("basis", &l.money(row.basis_minor, currency)),
                ],
            );
            figure_row(ctx, currency, &label, row.tax_minor, VALUE)
        })
        .collect()
}

/// The small line under the totals saying how much discount the lines include.
pub(crate) fn discount_note<D>(ctx: &Ctx<D>, currency: &str, minor: i64) -> Block {
    let l = &ctx.l;
    let text = l.get_with(
        "form.estimate.discount_included",
        &[("amount", &l.money(minor, currency))],
    );
    let mut b = Block::new(SMALL.leading() + 0.8);
    let y = 0.4 + SMALL.leading() * 0.76;
    b.text_aligned(RIGHT - CELL_PAD, y, SMALL.color(MUTED), Align::Right, text);
    b
}

/// The first hex digits of a SHA-256, lower case, as printed.
pub(crate) fn fingerprint(hex: &str) -> String {
    hex.chars()
        .filter(char::is_ascii_hexdigit)
        .take(FINGERPRINT_DIGITS)
        .collect::<String>()
        .to_lowercase()
}

/// The customer's part at the end of a form, kept together under `heading_key`: once
/// signed, the `signed` row (who, when, the fingerprint) and the signature's `image`;
/// before, the place to sign with its `draft_key` label and `pending_key` explanation.
pub(crate) fn sign_section<D>(
    ctx: &Ctx<D>,
    flow: &mut Flow,
    heading_key: &str,
    signed: Option<Block>,
    image: Option<ImageRef>,
    [draft_key, pending_key]: [&str; 2],
) {
    flow.gap(SECTION_GAP * 2.0);
    let mut blocks = vec![heading(ctx, LEFT, WIDTH, heading_key)];
    match signed {
        Some(row) => {
            blocks.push(row);
            if let Some(image) = image {
                blocks.extend(signed_box(ctx, image));
            }
        }
        None => blocks.extend(place_to_sign(ctx, draft_key, pending_key)),
    }
    flow.put_together(blocks);
}

/// The customer's signature in its box, after a small gap.
fn signed_box<D>(ctx: &Ctx<D>, image: ImageRef) -> [Block; 2] {
    let mut b = signature_box(ctx, 17.0);
    let (w, h) = image.fit(SIGN_W - 8.0, 11.5);
    b.prims.push(Prim::Image {
        index: image.index,
        x: LEFT + 4.0,
        y: 16.6 - h,
        w,
        h,
    });
    [Block::new(1.5), b]
}

/// Not signed yet: the red `draft_key` label, the `pending_key` explanation and an empty
/// box with dashed name and time lines.
fn place_to_sign<D>(ctx: &Ctx<D>, draft_key: &str, pending_key: &str) -> Vec<Block> {
    let l = &ctx.l;
    let draft = TextStyle::new(9.0).bold().color(RED);
    let mut label = Block::new(draft.leading() + 1.0);
    label.text(LEFT, 0.6 + draft.leading() * 0.76, draft, l.get(draft_key));
    let mut blocks = vec![label];
    let pending = l.get(pending_key);
    blocks.extend(paragraph(ctx, LEFT, WIDTH, &pending, SMALL));
    blocks.push(Block::new(1.0));
    let mut b = signature_box(ctx, 11.5);
    let fields = [(15.5, "form.sign.name"), (19.8, "form.sign.time")];
    sign_fields(ctx, &mut b, LEFT, LEFT + SIGN_W, &fields);
    blocks.push(b);
    blocks
}

/// Labelled dashed lines to write on, between `left` and `right`, at each `(y, key)`.
pub(crate) fn sign_fields<D>(
    ctx: &Ctx<D>,
    b: &mut Block,
    left: f32,
    right: f32,
    fields: &[(f32, &str)],
) {
    for &(y, key) in fields {
        let label = ctx.l.get(key);
        b.text(left + 1.6, y, LABEL, &label);
        let from = left + 1.6 + ctx.width(&label, LABEL) + 1.5;
        b.prims.push(Prim::Line {
            x1: from,
            y1: y + 0.4,
            x2: right - 1.6,
            y2: y + 0.4,
            width_pt: 0.4,
            color: RULE,
            dashed: true,
        });
    }
}

/// The framed box the customer's signature goes in.
fn signature_box<D>(ctx: &Ctx<D>, line_y: f32) -> Block {
    let h = 22.0;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, SIGN_W, h, None, Some((THIN, RULE)));
    let title = TextStyle::new(7.2).bold();
    let text = ctx.l.get("form.estimate.approval.signature");
    b.text(LEFT + 1.6, 3.4, title, text);
    b.hline(LEFT + 1.6, LEFT + SIGN_W - 1.6, line_y, 0.5, INK);
    b
}
