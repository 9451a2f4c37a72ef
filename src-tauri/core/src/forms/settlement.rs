//! The printed settlement slip (结算单): the job's settled lines on A4, labour / parts /
//! other with their subtotals and each line's discount, the concrete quality guarantee
//! and the old part's fate per line, the figures as the settlement core froze them (tax,
//! the discount on the total, deposits and payments, what is still due), the payments
//! taken, and the customer's signature once signed — or a DRAFT marking before.
mod figures;
mod table;

use chrono::{NaiveDate, NaiveDateTime};

use super::blocks::{cell_row, Cell, Ctx, ImageRef, SECTION_GAP, VALUE};
use super::draw::{Block, RED};
use super::flow::{Flow, LEFT, WIDTH};
use super::header::{framed_pages, letterhead, Running};
use super::labels::Labels;
use super::parties::parties_row;
use super::{pdfout, CustomerPart, FormError, FormFonts, FormOptions, ShopHeader, VehiclePart};
use crate::domain::pricing::TaxSettings;
use crate::domain::settlement::Payment;
use crate::domain::settlement::{SettlementFigures, SettlementLine};

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
    let (mut pdf, font) = pdfout::numbered_pdf(fonts, options, &doc.shop, &title, shown);
    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, doc.shop.logo_png.as_deref(), "shop logo")?;
    let png = doc.signature.as_ref().and_then(|s| s.png.as_deref());
    let signature = pictures.add_some(&mut pdf, png, "signature of the customer")?;
    let ctx = SCtx::new(fonts, l, doc, logo);
    let flow = lay_out(&ctx, signature);
    let running = Running {
        shop: &doc.shop.name,
        title_key: "form.settlement.title",
        number: shown,
        plate: &doc.vehicle.plate,
    };
    let draft = doc.settlement_number.is_none();
    let images = &pictures.placed;
    let pages = framed_pages(&ctx, &flow, &font, images, &running, options, draft);
    pdfout::save(pdf.with_pages(pages))
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
    let parties = parties_out(ctx, &doc.customer, &doc.vehicle, doc.odometer_out);
    let dy = b.h;
    b.place(parties, dy);
    b
}

/// The customer, the vehicle and the odometer as the car leaves, in one row of cells.
pub(crate) fn parties_out<D>(
    ctx: &Ctx<D>,
    customer: &CustomerPart,
    vehicle: &VehiclePart,
    odometer_out: Option<i64>,
) -> Block {
    let odometer = odometer_out.map(|km| (km, "form.unit.km"));
    let key = "form.settlement.odometer_out";
    parties_row(ctx, customer, vehicle, key, odometer)
}
