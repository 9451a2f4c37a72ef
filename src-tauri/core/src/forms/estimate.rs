//! The printed estimate (维修估价单): one version of a job's estimate on A4, lines grouped
//! labour / parts / other with their subtotals, the figures exactly as [`Totals`] gives
//! them (never recomputed, so the printed total is the sum of what the page shows), and
//! the customer's approval once given, or a DRAFT marking before.
mod figures;
pub(super) mod table;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::blocks::{cell_row, Cell, Ctx, ImageRef, SECTION_GAP, VALUE};
use super::draw::{Block, TextStyle, RED};
use super::flow::{Flow, LEFT, WIDTH};
use super::header::{framed_pages, letterhead, Running};
use super::labels::Labels;
use super::parties::customer_vehicle_row;
use super::VehiclePart;
use super::{pdfout, CustomerPart, FormError, FormFonts, FormOptions, Odometer, ShopHeader};
use crate::domain::pricing::ApprovalChannel;
use crate::domain::pricing::{EstimateLine, PricingMode, TaxSettings, Totals};

/// Everything the printed estimate shows, for one version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EstimateDoc {
    pub shop: ShopHeader,
    /// The work-order number as printed, e.g. `WO-2026-00042`.
    pub number: String,
    pub version: u32,
    /// When this version was last changed (approved versions: when approved).
    pub dated: NaiveDateTime,
    pub customer: CustomerPart,
    pub vehicle: VehiclePart,
    /// The reading at intake, when one was taken.
    pub odometer: Option<Odometer>,
    /// ISO 4217 code of every amount, e.g. `CNY`.
    pub currency: String,
    pub mode: PricingMode,
    pub risk_margin_bp: u32,
    pub note: String,
    pub lines: Vec<EstimateLine>,
    /// Per line: print "no quality guarantee" beside it.
    pub no_guarantee: Vec<bool>,
    /// The figures, one per line and the sums, as computed by the pricing core.
    pub totals: Totals,
    pub tax: TaxSettings,
    pub valid_until: Option<NaiveDate>,
    /// `None` prints the version as a DRAFT, not approved.
    pub approval: Option<ApprovalPart>,
    /// Approved once, replaced by a later approved version.
    pub superseded: bool,
}

/// The customer's approval as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalPart {
    pub channel: ApprovalChannel,
    pub approved_by: String,
    pub recorded_by: String,
    pub at: NaiveDateTime,
    /// PNG of the signature made on the pad.
    pub signature_png: Option<Vec<u8>>,
    /// SHA-256 of the frozen version; 12 digits are printed.
    pub fingerprint_hex: String,
}

/// What only the estimate's layout needs besides the shared context.
pub(crate) struct Extra {
    pub signature: Option<ImageRef>,
}

type ECtx<'a> = Ctx<'a, EstimateDoc>;

/// Renders one version of the estimate as a PDF (A4, more pages with the table header
/// repeated when the lines need them).
pub fn render_estimate(
    doc: &EstimateDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    validate(doc)?;
    let l = Labels::new(options.lang);
    let version = format!("{} v{}", doc.number, doc.version);
    let subject = l.get("form.estimate.title");
    let seed = format!("{}-v{}", doc.number, doc.version);
    let (mut pdf, font) = pdfout::new_pdf(
        fonts,
        options.created_at,
        &doc.shop.name,
        &version,
        &subject,
        &seed,
    );
    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, doc.shop.logo_png.as_deref(), "shop logo")?;
    let png = doc
        .approval
        .as_ref()
        .and_then(|a| a.signature_png.as_deref());
    let signature = pictures.add_some(&mut pdf, png, "signature of the customer")?;
    let ctx = ECtx::new(fonts, l, doc, logo);
    let flow = lay_out(&ctx, &Extra { signature });
    let running = Running {
        shop: &doc.shop.name,
        title_key: "form.estimate.title",
        number: &version,
        plate: &doc.vehicle.plate,
    };
    let draft = doc.approval.is_none();
    let images = &pictures.placed;
    let pages = framed_pages(&ctx, &flow, &font, images, &running, options, draft);
    pdfout::save(pdf.with_pages(pages))
}

fn lay_out(ctx: &ECtx, extra: &Extra) -> Flow {
    let mut flow = Flow::new();
    flow.put(first_page(ctx));
    flow.gap(super::blocks::SECTION_GAP);
    table::lines(ctx, &mut flow);
    flow.gap(SECTION_GAP);
    figures::totals(ctx, &mut flow);
    figures::notes(ctx, &mut flow);
    figures::approval(ctx, extra, &mut flow);
    flow
}

/// Letterhead, then the version strip and the customer and vehicle.
fn first_page(ctx: &ECtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let mut b = letterhead(ctx, &doc.shop, "form.estimate.title", &doc.number);
    let valid = doc
        .valid_until
        .map_or_else(|| "—".to_string(), |d| l.date(d));
    let (status, style) = match (&doc.approval, doc.superseded) {
        (None, _) => (l.get("form.estimate.draft"), VALUE.bold().color(RED)),
        (Some(_), false) => (l.get("form.estimate.approved"), VALUE.bold()),
        (Some(_), true) => (l.get("form.estimate.superseded"), VALUE),
    };
    let strip = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(
                l.get("form.estimate.version"),
                format!("v{}", doc.version),
                0.5,
            )
            .styled(VALUE.bold()),
            Cell::new(l.get("form.estimate.dated"), l.datetime(doc.dated), 1.0),
            Cell::new(l.get("form.estimate.valid_until"), valid, 0.8).styled(VALUE.bold()),
            Cell::new(
                l.get("form.estimate.mode"),
                l.get(&format!("form.estimate.mode.{}", doc.mode.as_str())),
                0.8,
            ),
            Cell::new(l.get("form.estimate.status"), status, 1.2).styled(style),
        ],
        true,
    );
    let dy = b.h;
    b.place(strip, dy);

    let parties = customer_vehicle_row(ctx, &doc.customer, &doc.vehicle, doc.odometer);
    let dy = b.h;
    b.place(parties, dy);
    b
}

fn validate(doc: &EstimateDoc) -> Result<(), FormError> {
    let invalid = |field: &str, reason: String| FormError::Invalid {
        field: field.into(),
        reason,
    };
    if doc.totals.lines.len() != doc.lines.len() {
        return Err(invalid(
            "totals.lines",
            format!(
                "{} figures for {} lines",
                doc.totals.lines.len(),
                doc.lines.len()
            ),
        ));
    }
    if doc.no_guarantee.len() != doc.lines.len() {
        return Err(invalid(
            "noGuarantee",
            format!(
                "{} marks for {} lines",
                doc.no_guarantee.len(),
                doc.lines.len()
            ),
        ));
    }
    Ok(())
}

/// A quantity in thousandths as printed: three decimals at most, trailing zeros
/// trimmed (500 → 0.5, 4500 → 4.5, 2000 → 2).
pub fn format_quantity(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let (whole, frac) = (milli.abs() / 1_000, milli.abs() % 1_000);
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{frac:03}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// Basis points as a percentage: 1300 → 13%, 1250 → 12.5%.
pub fn format_percent(bp: u32) -> String {
    let (whole, frac) = (bp / 100, bp % 100);
    if frac == 0 {
        return format!("{whole}%");
    }
    let digits = format!("{frac:02}");
    format!("{whole}.{}%", digits.trim_end_matches('0'))
}

/// Ink of the "no quality guarantee" marks.
pub(crate) const WARN: TextStyle = TextStyle::new(6.6).bold().color(RED);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_keep_three_decimals_at_most_without_trailing_zeros() {
        assert_eq!(format_quantity(500), "0.5");
        assert_eq!(format_quantity(4_500), "4.5");
        assert_eq!(format_quantity(2_000), "2");
        assert_eq!(format_quantity(1_250), "1.25");
        assert_eq!(format_quantity(1), "0.001");
    }

    #[test]
    fn rates_print_as_plain_percentages() {
        assert_eq!(format_percent(1_300), "13%");
        assert_eq!(format_percent(1_250), "12.5%");
        assert_eq!(format_percent(5), "0.05%");
    }
}
