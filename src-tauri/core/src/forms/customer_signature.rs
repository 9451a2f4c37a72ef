//! The customer's signature at the end of the estimate and the settlement slip: the
//! signature in its box, or the place to sign with dashed name and time lines; and the
//! pieces the work order's signature boxes share with it (the printed fingerprint, the
//! dashed fields to write on).
use super::blocks::{heading, paragraph, Ctx, ImageRef, LABEL, SECTION_GAP, SMALL, THIN};
use super::draw::{Block, Prim, TextStyle, INK, RED, RULE};
use super::flow::{Flow, LEFT, WIDTH};

/// Digits of a fingerprint printed: enough to compare, short enough to read.
const FINGERPRINT_DIGITS: usize = 12;
const SIGN_W: f32 = 80.0;

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
