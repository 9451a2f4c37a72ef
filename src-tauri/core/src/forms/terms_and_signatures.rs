//! How the work order ends: the shop's terms, then the signature boxes — customer, service
//! advisor, workshop receiver — filled from on-screen signatures or left blank for pen.
use super::blocks::{ascent, heading, label_value, paragraph, Ctx, SECTION_GAP, SMALL, THIN};
use super::customer_signature::{fingerprint, sign_fields};
use super::draw::{Block, Prim, Rgb, TextStyle, INK, RULE};
use super::flow::{Flow, LEFT, WIDTH};
use super::model::{Signature, SignatureRole};

const GAP: f32 = 4.0;
const BOX_H: f32 = 19.5;
const TERMS_GAP: f32 = 6.0;

/// How many of the last lines of the terms stay on the page of the signatures, so the
/// signature block never stands alone, away from what it agrees to.
const TERMS_KEPT_WITH_SIGNATURES: usize = 3;

/// The terms, then the signature boxes, kept together at the end of the form.
pub(crate) fn terms_and_signatures(ctx: &Ctx, flow: &mut Flow) {
    let (heading, mut rows) = terms(ctx);
    let signatures = signatures(ctx);
    let tail_from = rows.len().saturating_sub(TERMS_KEPT_WITH_SIGNATURES);
    let tail: Vec<Block> = rows.split_off(tail_from);
    let mut together = Vec::new();
    if let Some(heading) = heading {
        flow.gap(SECTION_GAP);
        if rows.is_empty() {
            together.push(heading);
        } else {
            flow.section(heading, rows);
        }
    }
    together.extend(tail);
    together.push(Block::new(SECTION_GAP / 2.0));
    together.extend(signatures);
    flow.put_together(together);
}

/// The terms' heading and lines (none when the shop prints no terms).
fn terms(ctx: &Ctx) -> (Option<Block>, Vec<Block>) {
    if ctx.doc.terms.trim().is_empty() {
        return (None, Vec::new());
    }
    let heading = Some(heading(ctx, LEFT, WIDTH, "form.terms"));
    let style = TextStyle::new(6.5).color(Rgb(0.25, 0.26, 0.28));
    let full = ctx.wrap(&ctx.doc.terms, style, WIDTH);
    if full.len() <= 3 {
        return (heading, paragraph(ctx, LEFT, WIDTH, &ctx.doc.terms, style));
    }
    // Two newspaper columns: the terms are read once, so they may be small and dense.
    let col_w = (WIDTH - TERMS_GAP) / 2.0;
    let mut lines = Vec::new();
    let mut paragraph_starts = Vec::new();
    for paragraph in ctx.doc.terms.trim().split('\n') {
        paragraph_starts.push(lines.len());
        lines.extend(ctx.wrap(paragraph, style, col_w));
    }
    let split = column_split(lines.len(), &paragraph_starts);
    let rows = (0..split.max(lines.len() - split))
        .map(|i| {
            let mut b = Block::new(style.leading());
            if let Some(left) = lines.get(i).filter(|_| i < split) {
                b.text(LEFT, ascent(style), style, left.clone());
            }
            if let Some(right) = lines.get(split + i) {
                b.text(
                    LEFT + col_w + TERMS_GAP,
                    ascent(style),
                    style,
                    right.clone(),
                );
            }
            b
        })
        .collect();
    (heading, rows)
}

/// Where the second column starts: at a paragraph near the middle, so no clause is
/// cut in two, unless that would make one column much longer than the other.
fn column_split(lines: usize, paragraph_starts: &[usize]) -> usize {
    let half = lines.div_ceil(2);
    paragraph_starts
        .iter()
        .copied()
        .filter(|&start| start > 0 && start.abs_diff(half) <= 1)
        .min_by_key(|&start| start.abs_diff(half))
        .unwrap_or(half)
}

fn signatures(ctx: &Ctx) -> Vec<Block> {
    let mut blocks = paragraph(
        ctx,
        LEFT,
        WIDTH,
        &ctx.l.get("form.sign.statement"),
        SMALL.bold(),
    );
    blocks.push(Block::new(0.5));
    let w = (WIDTH - 2.0 * GAP) / 3.0;
    let mut row = Block::new(BOX_H);
    for (i, role) in SignatureRole::ALL.into_iter().enumerate() {
        let x = LEFT + i as f32 * (w + GAP);
        let signed = ctx
            .doc
            .signatures
            .iter()
            .find(|s| s.role == role)
            .filter(|_| !ctx.blank_signatures);
        row.place(signature_box(ctx, x, w, role, signed), 0.0);
    }
    blocks.push(row);
    blocks
}

fn role_key(role: SignatureRole) -> &'static str {
    match role {
        SignatureRole::Customer => "form.sign.customer",
        SignatureRole::Advisor => "form.sign.advisor",
        SignatureRole::WorkshopReceiver => "form.sign.workshop",
    }
}

fn signature_box(
    ctx: &Ctx,
    x: f32,
    w: f32,
    role: SignatureRole,
    signed: Option<&Signature>,
) -> Block {
    let l = &ctx.l;
    let mut b = Block::new(BOX_H);
    b.rect(x, 0.0, w, BOX_H, None, Some((THIN, RULE)));
    let title = TextStyle::new(7.2).bold();
    let role_text = ctx
        .wrap(&l.get(role_key(role)), title, w - 3.0)
        .into_iter()
        .next()
        .unwrap_or_default();
    b.text(x + 1.6, 3.4, title, role_text);
    let line_y = 10.3;
    let value = TextStyle::new(7.2);
    match signed {
        Some(sig) => {
            let image = ctx
                .signature_images
                .iter()
                .find(|(r, _)| *r == role)
                .map(|(_, img)| *img);
            if let Some(img) = image {
                // Between the role title (to about 4.6 mm) and the line.
                let (iw, ih) = img.fit(w - 6.0, line_y - 0.4 - 4.7);
                b.prims.push(Prim::Image {
                    index: img.index,
                    x: x + 3.0,
                    y: line_y - 0.4 - ih,
                    w: iw,
                    h: ih,
                });
            }
            b.hline(x + 1.6, x + w - 1.6, line_y, 0.5, INK);
            label_value(
                ctx,
                &mut b,
                x + 1.6,
                13.0,
                &l.get("form.sign.name"),
                &sig.signer_name,
                value.bold(),
            );
            label_value(
                ctx,
                &mut b,
                x + 1.6,
                15.7,
                &l.get("form.sign.time"),
                &l.datetime(sig.signed_at),
                value,
            );
            let digits = fingerprint(&sig.fingerprint_hex);
            let muted = value.color(super::draw::MUTED);
            label_value(
                ctx,
                &mut b,
                x + 1.6,
                18.4,
                &l.get("form.sign.fingerprint"),
                &digits,
                muted,
            );
        }
        None => {
            b.hline(x + 1.6, x + w - 1.6, line_y, 0.5, INK);
            let fields = [(14.0, "form.sign.name"), (18.1, "form.sign.time")];
            sign_fields(ctx, &mut b, x, x + w, &fields);
        }
    }
    b
}

#[cfg(test)]
mod tests {
    use super::column_split;

    #[test]
    fn the_terms_columns_break_between_clauses_when_one_is_near_the_middle() {
        assert_eq!(
            column_split(6, &[0, 2, 4]),
            2,
            "clause 2 starts a line before the middle"
        );
        assert_eq!(
            column_split(7, &[0, 4, 6]),
            4,
            "the middle itself starts a clause"
        );
        assert_eq!(
            column_split(9, &[0, 8]),
            5,
            "one long clause is cut at half"
        );
    }
}
