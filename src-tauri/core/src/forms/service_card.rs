//! The after-sales service card (售后服务卡) handed over with the car: per settled item the
//! quality guarantee as concrete limits ("until 2027-03-10 or 63,234 km, whichever comes
//! first") or that it has none, the next maintenance due (date and odometer, from the
//! shop's interval), and the shop's phone to call.
use chrono::{NaiveDate, NaiveDateTime};

use super::blocks::{
    cell_row, col, heading, paragraph, table_header, table_row, Cell, Col, Ctx, SECTION_GAP, THIN,
    VALUE,
};
use super::draw::{Align, Block, TextStyle, ACCENT, MUTED, RULE, TINT};
use super::estimate::WARN;
use super::flow::{Flow, LEFT, WIDTH};
use super::header::{framed_pages, letterhead, Running};
use super::labels::{Labels, When};
use super::settlement::parties_out;
use super::{pdfout, CustomerPart, FormError, FormFonts, FormOptions, ShopHeader, VehiclePart};
use crate::domain::settlement::GuaranteeLimit;

/// Everything the service card shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceCardDoc {
    pub shop: ShopHeader,
    /// The work-order number as printed.
    pub number: String,
    pub settlement_number: String,
    pub dated: NaiveDateTime,
    pub customer: CustomerPart,
    pub vehicle: VehiclePart,
    pub exit_date: NaiveDate,
    pub odometer_out: i64,
    pub items: Vec<CardItem>,
    pub next_service_date: NaiveDate,
    pub next_service_km: i64,
}

/// One settled item as the card lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct CardItem {
    pub description: String,
    /// `None`: no guarantee on this item.
    pub limit: Option<GuaranteeLimit>,
    /// Customer-supplied, or fitted at the customer's insistence.
    pub no_guarantee: bool,
}

type CCtx<'a> = Ctx<'a, ServiceCardDoc>;

/// Item, guarantee: the items table.
const COLS: [Col; 2] = [col(86.0, Align::Left), col(100.0, Align::Left)];
const KEYS: [&str; 2] = ["form.card.col.item", "form.card.col.guarantee"];

/// Renders the service card (A4).
pub fn render_service_card(
    doc: &ServiceCardDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let l = Labels::new(options.lang);
    let title = l.get("form.card.title");
    let (mut pdf, font) =
        pdfout::numbered_pdf(fonts, options, &doc.shop, &title, &doc.settlement_number);
    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, doc.shop.logo_png.as_deref(), "shop logo")?;
    let ctx = CCtx::new(fonts, l, doc, logo);
    let flow = lay_out(&ctx);
    let running = Running {
        shop: &doc.shop.name,
        title_key: "form.card.title",
        number: &doc.settlement_number,
        plate: &doc.vehicle.plate,
    };
    let images = &pictures.placed;
    let pages = framed_pages(&ctx, &flow, &font, images, &running, options, false);
    pdfout::save(pdf.with_pages(pages))
}

fn lay_out(ctx: &CCtx) -> Flow {
    let doc = ctx.doc;
    let l = &ctx.l;
    let mut flow = Flow::new();
    let mut head = letterhead(ctx, &doc.shop, "form.card.title", &doc.settlement_number);
    let strip = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.settlement.job"), &doc.number, 1.0),
            Cell::new(l.get("form.settlement.number"), &doc.settlement_number, 1.0),
            Cell::new(
                l.get("form.settlement.exit_date"),
                l.date(doc.exit_date),
                1.0,
            )
            .styled(VALUE.bold()),
        ],
        true,
    );
    let dy = head.h;
    head.place(strip, dy);
    let parties = parties_out(ctx, &doc.customer, &doc.vehicle, Some(doc.odometer_out));
    let dy = head.h;
    head.place(parties, dy);
    flow.put(head);
    flow.gap(SECTION_GAP * 2.0);

    flow.put(next_service(ctx));
    flow.gap(SECTION_GAP * 2.0);

    let rows = doc.items.iter().map(|item| item_row(ctx, item)).collect();
    let title = heading(ctx, LEFT, WIDTH, "form.card.items");
    flow.table(Some(title), table_header(ctx, LEFT, &COLS, &KEYS), rows);
    flow.gap(SECTION_GAP);
    let body = TextStyle::new(7.4);
    for key in ["form.settlement.guarantee_note", "form.card.terms"] {
        for b in paragraph(ctx, LEFT, WIDTH, &l.get(key), body) {
            flow.put(b);
        }
        flow.gap(1.0);
    }
    flow.gap(SECTION_GAP * 2.0);
    flow.put(call_us(ctx));
    flow
}

/// The framed "next maintenance due" box.
fn next_service(ctx: &CCtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let title = TextStyle::new(9.0).bold().color(ACCENT);
    let big = TextStyle::new(12.0).bold();
    let text = l.get_with_date(
        "form.card.next_service_when",
        ("date", When::Day(doc.next_service_date)),
        &[("km", &l.number(doc.next_service_km))],
    );
    let lines = ctx.wrap(&text, big, WIDTH - 8.0);
    let h = 4.0 + title.leading() + lines.len() as f32 * big.leading() + 3.0;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, WIDTH, h, Some(TINT), Some((1.0, ACCENT)));
    b.text(
        LEFT + 4.0,
        2.0 + title.leading() * 0.76,
        title,
        l.get("form.card.next_service"),
    );
    let mut y = 2.0 + title.leading() + 1.0 + big.leading() * 0.76;
    for line in lines {
        b.text(LEFT + 4.0, y, big, line);
        y += big.leading();
    }
    b
}

fn item_row(ctx: &CCtx, item: &CardItem) -> Block {
    let l = &ctx.l;
    let guarantee = match item.limit {
        Some(limit) => l.get_with_date(
            "form.card.guarantee_sentence",
            ("date", When::Day(limit.until)),
            &[("km", &l.number(limit.until_km))],
        ),
        None if item.no_guarantee => l.get("form.estimate.no_guarantee"),
        None => l.get("form.estimate.guarantee.none"),
    };
    let style = TextStyle::new(8.0);
    let style = if item.no_guarantee { WARN } else { style };
    table_row(
        ctx,
        LEFT,
        &COLS,
        &[item.description.clone(), guarantee],
        style,
        None,
    )
}

/// "Questions or trouble? Call us" with the shop's phone, large.
fn call_us(ctx: &CCtx) -> Block {
    let l = &ctx.l;
    let label = TextStyle::new(8.0).color(MUTED);
    let big = TextStyle::new(14.0).bold().color(ACCENT);
    let h = label.leading() + big.leading() + 5.0;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, WIDTH, h, None, Some((THIN, RULE)));
    let mid = LEFT + WIDTH / 2.0;
    b.text_aligned(
        mid,
        2.0 + label.leading() * 0.76,
        label,
        Align::Center,
        l.get("form.card.call_us"),
    );
    let y = 2.5 + label.leading() + big.leading() * 0.76;
    b.text_aligned(mid, y, big, Align::Center, ctx.doc.shop.phone.clone());
    b
}
