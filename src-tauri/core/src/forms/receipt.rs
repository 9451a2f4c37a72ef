//! The receipt (收据) for one payment: on A4 under the shop's letterhead, or 80 mm wide
//! for a receipt printer (the page as tall as its content). Shop, the payment's number on
//! the job, job and settlement numbers, customer, plate, method, amount, cash tendered
//! and change, reference, who took it and when, and the balance still due after it; a
//! voided payment or a refund says so in large red letters.
use printpdf::PdfPage;
use serde::{Deserialize, Serialize};

use super::blocks::{ascent, Ctx, HAIRLINE, SMALL};
use super::draw::{Align, Block, Prim, TextStyle, ACCENT, MUTED, PAGE_H, PAGE_W, RED, RULE};
use super::flow::{Flow, LEFT, WIDTH};
use super::header::{letterhead, over_any_page, Running};
use super::labels::Labels;
use super::pdf_ops::PageOps;
use super::{pdfout, FormError, FormFonts, FormOptions, ShopHeader};
use crate::domain::settlement::{Payment, PaymentKind};

/// Which paper the receipt is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
pub enum ReceiptWidth {
    #[serde(rename = "a4")]
    A4,
    /// A receipt printer's roll: 80 mm wide, as long as the receipt.
    #[serde(rename = "80mm")]
    Mm80,
}

/// Everything a receipt shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiptDoc {
    pub shop: ShopHeader,
    /// The work-order number as printed.
    pub number: String,
    pub settlement_number: Option<String>,
    /// The payment's place on the job, from 1.
    pub payment_no: u32,
    pub customer: String,
    pub plate: String,
    pub currency: String,
    pub payment: Payment,
    /// Still to pay on the job once this payment (and those before it) counted.
    pub due_after_minor: i64,
}

type RCtx<'a> = Ctx<'a, ReceiptDoc>;

/// Roll width, its margins and the smallest length a printer feeds.
const ROLL_W: f32 = 80.0;
const ROLL_MARGIN: f32 = 4.0;
const ROLL_MIN_H: f32 = 60.0;

/// Renders the receipt on A4 or on an 80 mm roll.
pub fn render_receipt(
    doc: &ReceiptDoc,
    width: ReceiptWidth,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let l = Labels::new(options.lang);
    let number = receipt_number(doc);
    let title = l.get("form.receipt.title");
    let (mut pdf, font) = pdfout::numbered_pdf(fonts, options, &doc.shop, &title, &number);
    let mut pictures = pdfout::Pictures::default();
    // The roll has no room for the logo.
    let a4_logo = doc
        .shop
        .logo_png
        .as_deref()
        .filter(|_| width == ReceiptWidth::A4);
    let logo = pictures.add_some(&mut pdf, a4_logo, "shop logo")?;
    let images = &pictures.placed;
    let ctx = RCtx::new(fonts, l, doc, logo);
    let page = match width {
        ReceiptWidth::A4 => {
            let running = Running {
                shop: &doc.shop.name,
                title_key: "form.receipt.title",
                number: &number,
                plate: &doc.plate,
            };
            let body = body(&ctx, LEFT + 20.0, WIDTH - 40.0, 1.25);
            a4_sheet(
                &ctx,
                &doc.shop,
                PageOps::new(fonts, font, images),
                &running,
                body,
            )
        }
        ReceiptWidth::Mm80 => {
            let inner = ROLL_W - 2.0 * ROLL_MARGIN;
            let mut blocks = roll_header(&ctx, &number, inner);
            blocks.extend(body(&ctx, ROLL_MARGIN, inner, 1.0));
            let content: f32 = blocks.iter().map(|b| b.h).sum();
            let h = (content + 2.0 * ROLL_MARGIN).max(ROLL_MIN_H);
            // Blocks are placed from the top of an A4 page; shifting them by the
            // difference puts the roll's top edge at the top of its own shorter page.
            let mut y = PAGE_H - h + ROLL_MARGIN;
            let mut ops = PageOps::new(fonts, font, images);
            for block in &blocks {
                ops.draw(block, y);
                y += block.h;
            }
            PdfPage::new(printpdf::Mm(ROLL_W), printpdf::Mm(h), ops.finish())
        }
    };
    pdfout::save(pdf.with_pages(vec![page]))
}

/// One A4 page: the letterhead with the title and number of `running`, then `body`
/// (shared by the receipt and the credit note).
pub(crate) fn a4_sheet<D>(
    ctx: &Ctx<D>,
    shop: &ShopHeader,
    mut ops: PageOps,
    running: &Running,
    body: Vec<Block>,
) -> PdfPage {
    let mut flow = Flow::new();
    flow.put(letterhead(ctx, shop, running.title_key, running.number));
    flow.gap(4.0);
    for block in body {
        flow.put(block);
    }
    for (top, block) in flow.pages.iter().flatten() {
        ops.draw(block, *top);
    }
    for decoration in over_any_page(ctx, running, None, 1, 1) {
        ops.draw(&decoration, 0.0);
    }
    PdfPage::new(printpdf::Mm(PAGE_W), printpdf::Mm(PAGE_H), ops.finish())
}

/// `WO-2026-00042-P2`: the job's number and the payment's place on it.
pub fn receipt_number(doc: &ReceiptDoc) -> String {
    format!("{}-P{}", doc.number, doc.payment_no)
}

/// The roll's header: the shop centred, the title and the receipt number.
fn roll_header(ctx: &RCtx, number: &str, w: f32) -> Vec<Block> {
    let shop = &ctx.doc.shop;
    let mid = ROLL_MARGIN + w / 2.0;
    let mut out = Vec::new();
    let mut centred = |text: &str, style: TextStyle| {
        for line in ctx.wrap(text, style, w) {
            let mut b = Block::new(style.leading());
            b.text_aligned(mid, ascent(style), style, Align::Center, line);
            out.push(b);
        }
    };
    centred(&shop.name, TextStyle::new(10.0).bold());
    centred(&shop.address, SMALL);
    let phone = format!("{} {}", ctx.l.get("form.shop.phone"), shop.phone);
    centred(&phone, SMALL);
    if let Some(tax) = &shop.tax_number {
        centred(
            &format!("{} {tax}", ctx.l.get("form.shop.tax_number")),
            SMALL,
        );
    }
    centred(
        &ctx.l.get("form.receipt.title"),
        TextStyle::new(10.0).bold().color(ACCENT),
    );
    centred(number, TextStyle::new(8.0).bold());
    out
}

/// The receipt's lines, `x` .. `x + w`, sizes scaled by `scale`.
fn body(ctx: &RCtx, x: f32, w: f32, scale: f32) -> Vec<Block> {
    let doc = ctx.doc;
    let l = &ctx.l;
    let p = &doc.payment;
    let money = |minor: i64| l.money(minor, &doc.currency);
    let label = TextStyle::new(7.0 * scale).color(MUTED);
    let value = TextStyle::new(7.6 * scale);
    let big = TextStyle::new(11.0 * scale).bold();
    let mut out = vec![rule(x, w, 1.5, false)];
    if p.voided_at.is_some() || p.kind == PaymentKind::Refund {
        let key = if p.voided_at.is_some() {
            "form.receipt.voided"
        } else {
            "form.receipt.refund"
        };
        let style = TextStyle::new(14.0 * scale).bold().color(RED);
        let mut b = Block::new(style.leading() + 1.0);
        b.text_aligned(
            x + w / 2.0,
            0.5 + ascent(style),
            style,
            Align::Center,
            l.get(key),
        );
        out.push(b);
    }
    let mut pairs: Vec<(String, String, TextStyle)> = vec![
        (
            l.get("form.receipt.payment_no"),
            format!("#{}", doc.payment_no),
            value,
        ),
        (l.get("form.settlement.job"), doc.number.clone(), value),
    ];
    if let Some(set) = &doc.settlement_number {
        pairs.push((l.get("form.settlement.number"), set.clone(), value));
    }
    pairs.push((l.get("form.receipt.customer"), doc.customer.clone(), value));
    pairs.push((l.get("form.vehicle.plate"), doc.plate.clone(), value));
    pairs.push((l.get("form.receipt.time"), l.datetime(p.taken_at), value));
    let method = l.get(&format!("payment.method.{}", p.method.as_str()));
    pairs.push((l.get("form.receipt.method"), method, value));
    let amount = match p.kind {
        PaymentKind::Refund => format!("-{}", money(p.amount_minor)),
        PaymentKind::Payment => money(p.amount_minor),
    };
    pairs.push((l.get("form.receipt.amount"), amount, big));
    if let Some(tendered) = p.tendered_minor {
        pairs.push((l.get("form.receipt.tendered"), money(tendered), value));
    }
    if let Some(change) = p.change_minor {
        pairs.push((l.get("form.receipt.change"), money(change), value));
    }
    if !p.reference.trim().is_empty() {
        pairs.push((l.get("form.receipt.reference"), p.reference.clone(), value));
    }
    pairs.push((l.get("form.receipt.taken_by"), p.taken_by.clone(), value));
    if let Some(at) = p.voided_at {
        pairs.push((l.get("form.receipt.voided_at"), l.datetime(at), value));
        if !p.void_reason.trim().is_empty() {
            pairs.push((l.get("form.receipt.why"), p.void_reason.clone(), value));
        }
    } else if p.kind == PaymentKind::Refund && !p.reason.trim().is_empty() {
        pairs.push((l.get("form.receipt.why"), p.reason.clone(), value));
    }
    for (i, (name, text, style)) in pairs.into_iter().enumerate() {
        if i == 7 {
            out.push(rule(x, w, 0.5, true));
        }
        out.push(pair(ctx, x, w, &name, &text, label, style));
    }
    out.push(rule(x, w, 0.5, true));
    // Paid more than is charged (a credit note before its refund): what goes back.
    let (name, due) = if doc.due_after_minor < 0 {
        (
            l.get("form.receipt.to_give_back"),
            money(-doc.due_after_minor),
        )
    } else {
        (l.get("form.receipt.due_after"), money(doc.due_after_minor))
    };
    out.push(pair(ctx, x, w, &name, &due, label.bold(), big));
    out.push(rule(x, w, 1.5, false));
    let thanks = l.get("form.receipt.thanks");
    for line in ctx.wrap(&thanks, SMALL, w) {
        let mut b = Block::new(SMALL.leading());
        b.text_aligned(x + w / 2.0, ascent(SMALL), SMALL, Align::Center, line);
        out.push(b);
    }
    out
}

/// "Label ……… value": the label left, the value right (wrapped under when long).
pub(super) fn pair<D>(
    ctx: &Ctx<D>,
    x: f32,
    w: f32,
    name: &str,
    text: &str,
    label: TextStyle,
    style: TextStyle,
) -> Block {
    let label_w = (ctx.width(name, label) + 2.0).min(w * 0.45);
    let names = ctx.wrap(name, label, label_w);
    let values = ctx.wrap(text, style, w - label_w);
    let rows = names.len().max(values.len()).max(1);
    let lead = style.leading().max(label.leading());
    let mut b = Block::new(rows as f32 * lead + 0.8);
    for (i, line) in names.into_iter().enumerate() {
        b.text(x, 0.4 + ascent(style) + i as f32 * lead, label, line);
    }
    for (i, line) in values.into_iter().enumerate() {
        let y = 0.4 + ascent(style) + i as f32 * lead;
        b.text_aligned(x + w, y, style, Align::Right, line);
    }
    b
}

pub(super) fn rule(x: f32, w: f32, h: f32, dashed: bool) -> Block {
    let mut b = Block::new(h);
    b.prims.push(Prim::Line {
        x1: x,
        y1: h / 2.0,
        x2: x + w,
        y2: h / 2.0,
        width_pt: HAIRLINE,
        color: RULE,
        dashed,
    });
    b
}
