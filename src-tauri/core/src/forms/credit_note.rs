//! The credit note (红字冲减单): a correction of a signed settlement on paper of its own,
//! A4 under the shop's letterhead. Its number, the job and settlement it corrects, the
//! customer and plate, the amount taken off (large, in red), the reason, the supervisor
//! who approved it and who issued it when, and what the settlement charges after it.
//! The signed settlement itself is never changed.

use super::blocks::{ascent, Ctx, SMALL};
use super::draw::{Align, Block, TextStyle, MUTED, RED};
use super::flow::{LEFT, WIDTH};
use super::header::Running;
use super::labels::{Labels, When};
use super::pdf_ops::PageOps;
use super::receipt::{a4_sheet, pair, rule};
use super::{pdfout, FormError, FormFonts, FormOptions, ShopHeader};
use crate::domain::settlement::CreditNote;

/// Everything a credit note shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CreditNoteDoc {
    pub shop: ShopHeader,
    /// The work-order number as printed.
    pub number: String,
    pub note: CreditNote,
    pub customer: String,
    pub plate: String,
    pub currency: String,
    /// The supervisor who approved it.
    pub approved_by: String,
    /// What the settlement charges once this note (and those before it) are taken off.
    pub total_after_minor: i64,
}

/// Renders the credit note on one A4 page.
pub fn render_credit_note(
    doc: &CreditNoteDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let l = Labels::new(options.lang);
    let title = l.get("form.credit_note.title");
    let number = &doc.note.number;
    let (mut pdf, font) = pdfout::numbered_pdf(fonts, options, &doc.shop, &title, number);
    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, doc.shop.logo_png.as_deref(), "shop logo")?;
    let ctx = Ctx::new(fonts, l, doc, logo);
    let running = Running {
        shop: &doc.shop.name,
        title_key: "form.credit_note.title",
        number,
        plate: &doc.plate,
    };
    let body = body(&ctx, LEFT + 20.0, WIDTH - 40.0);
    let ops = PageOps::new(fonts, font, &pictures.placed);
    let page = a4_sheet(&ctx, &doc.shop, ops, &running, body);
    pdfout::save(pdf.with_pages(vec![page]))
}

fn body(ctx: &Ctx<CreditNoteDoc>, x: f32, w: f32) -> Vec<Block> {
    let doc = ctx.doc;
    let note = &doc.note;
    let l = &ctx.l;
    let money = |minor: i64| l.money(minor, &doc.currency);
    let label = TextStyle::new(8.75).color(MUTED);
    let value = TextStyle::new(9.5);
    let big = TextStyle::new(13.75).bold().color(RED);
    let mut out = vec![rule(x, w, 1.5, false)];
    let rows = [
        (l.get("form.settlement.job"), doc.number.clone(), value),
        (
            l.get("form.settlement.number"),
            note.settlement_number.clone(),
            value,
        ),
        (l.get("form.receipt.customer"), doc.customer.clone(), value),
        (l.get("form.vehicle.plate"), doc.plate.clone(), value),
        (
            l.get("form.credit_note.amount"),
            format!("-{}", money(note.amount_minor)),
            big,
        ),
        (l.get("form.receipt.why"), note.reason.clone(), value),
        (
            l.get("form.credit_note.approved_by"),
            doc.approved_by.clone(),
            value,
        ),
        (
            l.get("form.credit_note.issued_by"),
            note.issued_by.clone(),
            value,
        ),
        (
            l.get("form.credit_note.issued_at"),
            l.datetime(note.issued_at),
            value,
        ),
    ];
    for (name, text, style) in rows {
        out.push(pair(ctx, x, w, &name, &text, label, style));
    }
    out.push(rule(x, w, 0.5, true));
    let total = l.get("form.credit_note.total_after");
    let strong = TextStyle::new(11.0).bold();
    out.push(pair(
        ctx,
        x,
        w,
        &total,
        &money(doc.total_after_minor),
        label.bold(),
        strong,
    ));
    out.push(rule(x, w, 1.5, false));
    let amount = money(note.amount_minor);
    let explain = l.get_with_date(
        "form.credit_note.explain",
        ("at", When::At(note.issued_at)),
        &[("amount", &amount), ("settlement", &note.settlement_number)],
    );
    for line in ctx.wrap(&explain, SMALL, w) {
        let mut b = Block::new(SMALL.leading());
        b.text_aligned(x + w / 2.0, ascent(SMALL), SMALL, Align::Center, line);
        out.push(b);
    }
    out
}
