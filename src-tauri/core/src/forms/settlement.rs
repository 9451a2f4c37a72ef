//! The printed settlement slip (结算单): the job's settled lines on A4, labour / parts /
//! other with their subtotals and each line's discount, the concrete quality guarantee
//! and the old part's fate per line, the figures as the settlement core froze them (tax,
//! the discount on the total, deposits and payments, what is still due), the payments
//! taken, and the customer's signature once signed — or a DRAFT marking before.
mod figures;
mod table;

use chrono::{NaiveDate, NaiveDateTime};
use printpdf::{PdfDocument, PdfPage};

use super::draw::{Block, Prim, Rgb, PAGE_H, PAGE_W, RED};
use super::flow::{Flow, LEFT, WIDTH};
use super::header::{letterhead, over_any_page, under_page, Running};
use super::ink::Ink;
use super::labels::Labels;
use super::parts::{cell_row, Cell, Ctx, ImageRef, SECTION_GAP, VALUE};
use super::{pdfout, CustomerPart, FormError, FormFonts, FormOptions, ShopHeader, VehiclePart};
use crate::pricing::TaxSettings;
use crate::settlement::payment::Payment;
use crate::settlement::{SettlementFigures, SettlementLine};

/// Everything the printed settlement slip shows.
#[derive(Debug, Clone, PartialEq)]
pub struct SettlementDoc {
    pub shop: ShopHeader,
    /// The work-order number as printed, e.g. `WO-2026-00042`.
    pub number: String,
    /// `SET-2026-00017` once signed; `None` prints a DRAFT.
    pub settlement_number: Option<String>,
    /// As of when the slip speaks: the signing for the original, the printing otherwise.
    pub dated: NaiveDateTime,
    pub customer: CustomerPart,
    pub vehicle: VehiclePart,
    /// The odometer as the car leaves.
    pub odometer_out: Option<i64>,
    /// The day the guarantees count from.
    pub exit_date: NaiveDate,
    /// ISO 4217 code of every amount, e.g. `CNY`.
    pub currency: String,
    pub tax: TaxSettings,
    pub lines: Vec<SettlementLine>,
    /// The figures, with the payments up to `dated` in `paid_minor` / `due_minor`.
    pub figures: SettlementFigures,
    /// Taken off by credit notes after signing.
    pub credited_minor: i64,
    /// The payments, refunds and voids up to `dated`, oldest first.
    pub payments: Vec<Payment>,
    pub discount_approved_by: Option<String>,
    pub signature: Option<SettlementSignature>,
}

/// The customer's signature on the settlement, as printed.
#[derive(Debug, Clone, PartialEq)]
pub struct SettlementSignature {
    pub signer_name: String,
    pub at: NaiveDateTime,
    pub png: Option<Vec<u8>>,
    /// SHA-256 of the frozen settlement; 12 digits are printed.
    pub fingerprint_hex: String,
}

type SCtx<'a> = Ctx<'a, SettlementDoc>;

/// Renders the settlement slip as a PDF (A4, more pages with the table header repeated
/// when the lines need them).
pub fn render_settlement(
    doc: &SettlementDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    if doc.figures.totals.lines.len() != doc.lines.len() {
        return Err(FormError::Invalid {
            field: "figures.totals.lines".into(),
            reason: format!(
                "{} figures for {} lines",
                doc.figures.totals.lines.len(),
                doc.lines.len()
            ),
        });
    }
    let l = Labels::new(options.lang);
    let shown = doc.settlement_number.as_deref().unwrap_or(&doc.number);
    let title = l.get("form.settlement.title");
    let (mut pdf, font) = new_pdf(fonts, options, &doc.shop, &title, shown);
    let mut pictures = pdfout::Pictures::default();
    let logo = match &doc.shop.logo_png {
        Some(png) => Some(pictures.add(&mut pdf, png, "shop logo")?),
        None => None,
    };
    let signature = match doc.signature.as_ref().and_then(|s| s.png.as_ref()) {
        Some(png) => Some(pictures.add(&mut pdf, png, "signature of the customer")?),
        None => None,
    };
    let images = &pictures.placed;
    let ctx = SCtx {
        fonts,
        l,
        doc,
        logo,
        signature_images: Vec::new(),
        blank_signatures: false,
    };
    let flow = lay_out(&ctx, signature);
    let running = Running {
        shop: &doc.shop.name,
        title_key: "form.settlement.title",
        number: shown,
        plate: &doc.vehicle.plate,
    };
    let count = flow.page_count();
    let pages = flow
        .pages
        .iter()
        .enumerate()
        .map(|(i, blocks)| {
            let mut ink = Ink::new(fonts, font.clone(), images);
            for decoration in under_page(&ctx, options.reprint.as_ref()) {
                ink.draw(&decoration, 0.0);
            }
            if doc.settlement_number.is_none() {
                ink.draw(&draft_watermark(&ctx), 0.0);
            }
            for (top, block) in blocks {
                ink.draw(block, *top);
            }
            let over = over_any_page(&ctx, &running, options.reprint.as_ref(), i + 1, count);
            for decoration in over {
                ink.draw(&decoration, 0.0);
            }
            PdfPage::new(printpdf::Mm(PAGE_W), printpdf::Mm(PAGE_H), ink.finish())
        })
        .collect();
    pdfout::save(pdf.with_pages(pages))
}

/// A document with its metadata and the form font registered; shared by the slip, the
/// receipt and the service card.
pub(crate) fn new_pdf(
    fonts: &FormFonts,
    options: &FormOptions,
    shop: &ShopHeader,
    title: &str,
    number: &str,
) -> (PdfDocument, printpdf::FontId) {
    let mut pdf = PdfDocument::new(&format!("{number} {title}"));
    pdf.metadata.info.author = shop.name.clone();
    pdf.metadata.info.creator = "Garage Desk".into();
    pdf.metadata.info.subject = title.to_string();
    if let Some(at) = options.created_at {
        let stamp = printpdf::DateTime::from_unix_timestamp(at.and_utc().timestamp())
            .unwrap_or(printpdf::DateTime::epoch());
        pdf.metadata.info.creation_date = stamp;
        pdf.metadata.info.modification_date = stamp;
        pdf.metadata.info.metadata_date = stamp;
    }
    let font = pdfout::add_font(&mut pdf, fonts, &format!("{number}-{title}"));
    (pdf, font)
}

fn lay_out(ctx: &SCtx, signature: Option<ImageRef>) -> Flow {
    let mut flow = Flow::new();
    flow.put(first_page(ctx));
    flow.gap(SECTION_GAP);
    table::lines(ctx, &mut flow);
    flow.gap(SECTION_GAP);
    figures::totals(ctx, &mut flow);
    figures::payments(ctx, &mut flow);
    figures::notes(ctx, &mut flow);
    figures::signature(ctx, signature, &mut flow);
    flow
}

/// Letterhead, the settlement strip, the customer and the vehicle.
fn first_page(ctx: &SCtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let shown = doc.settlement_number.as_deref().unwrap_or(&doc.number);
    let mut b = letterhead(ctx, &doc.shop, "form.settlement.title", shown);
    let (status, style) = match &doc.settlement_number {
        None => (l.get("form.settlement.draft"), VALUE.bold().color(RED)),
        Some(_) => (l.get("form.settlement.signed"), VALUE.bold()),
    };
    let strip = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.settlement.job"), &doc.number, 1.0).styled(VALUE.bold()),
            Cell::new(
                l.get("form.settlement.number"),
                doc.settlement_number.clone().unwrap_or_else(|| "—".into()),
                1.0,
            )
            .styled(VALUE.bold()),
            Cell::new(l.get("form.settlement.dated"), l.datetime(doc.dated), 1.0),
            Cell::new(
                l.get("form.settlement.exit_date"),
                l.date(doc.exit_date),
                0.8,
            ),
            Cell::new(l.get("form.estimate.status"), status, 1.0).styled(style),
        ],
        true,
    );
    let dy = b.h;
    b.place(strip, dy);
    let parties = parties_row(ctx, &doc.customer, &doc.vehicle, doc.odometer_out);
    let dy = b.h;
    b.place(parties, dy);
    b
}

/// The customer, the vehicle and the odometer as the car leaves, in one row of cells.
pub(crate) fn parties_row<D>(
    ctx: &Ctx<D>,
    customer: &CustomerPart,
    vehicle: &VehiclePart,
    odometer_out: Option<i64>,
) -> Block {
    let l = &ctx.l;
    let mut name = customer.name.clone();
    if let Some(company) = &customer.company {
        name = format!("{name} ({company})");
    }
    let mut make_model = format!("{} {}", vehicle.make, vehicle.model);
    if let Some(year) = vehicle.year {
        make_model.push_str(&format!(" ({year})"));
    }
    let odometer = odometer_out.map_or_else(
        || "—".to_string(),
        |km| format!("{} {}", l.number(km), l.get("form.unit.km")),
    );
    cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.customer.name"), name, 1.1),
            Cell::new(
                l.get("form.customer.phones"),
                customer.phones.join(", "),
                0.9,
            ),
            Cell::new(l.get("form.vehicle.plate"), &vehicle.plate, 0.7).styled(VALUE.bold()),
            Cell::new(l.get("form.vehicle.make_model"), make_model.trim(), 1.1),
            Cell::new(l.get("form.settlement.odometer_out"), odometer, 0.8),
        ],
        false,
    )
}

/// The light diagonal DRAFT under a settlement the customer has not signed.
fn draft_watermark(ctx: &SCtx) -> Block {
    let mut b = Block::new(0.0);
    b.prims.push(Prim::Watermark {
        text: ctx.l.get("form.estimate.draft_mark"),
        size: 80.0,
        color: Rgb(0.98, 0.90, 0.90),
    });
    b
}
