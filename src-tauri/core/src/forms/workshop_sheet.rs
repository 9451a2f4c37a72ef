//! What the workshop's sheets of a job (the diagnosis report, the dispatch sheet) print
//! alike: the document around their content (named and seeded by the job's number, the
//! shop's logo and any signature embedded, the running header and the COPY of a reprint),
//! the head of the first page (letterhead, a strip of dates and people, the customer and
//! the vehicle), and the pair of boxes signed at the foot.
use super::blocks::{cell_row, Cell, Ctx, ImageRef, THIN};
use super::draw::{Block, TextStyle, RULE};
use super::flow::{Flow, LEFT, WIDTH};
use super::header::{framed_pages, letterhead, Running};
use super::labels::Labels;
use super::parties::customer_vehicle_row;
use super::VehiclePart;
use super::{pdfout, CustomerPart, FormError, FormFonts, FormOptions, Odometer, ShopHeader};

/// Which sheet of which job: what names the PDF and heads every page.
pub(crate) struct Sheet<'a> {
    pub shop: &'a ShopHeader,
    /// The work-order number, e.g. `WO-2026-00042`.
    pub number: &'a str,
    pub plate: &'a str,
    pub title_key: &'static str,
    /// `diagnosis`, `dispatch`: seeds the embedded font's name with the number.
    pub kind: &'static str,
}

/// Renders a sheet: `pngs` (a PNG and what it is, or nothing) are embedded after the
/// logo and handed to `lay_out` in the same order.
pub(crate) fn render_sheet<D>(
    doc: &D,
    sheet: &Sheet<'_>,
    options: &FormOptions,
    fonts: &FormFonts,
    pngs: &[(Option<&[u8]>, &str)],
    lay_out: impl FnOnce(&Ctx<'_, D>, &[Option<ImageRef>]) -> Flow,
) -> Result<Vec<u8>, FormError> {
    let l = Labels::new(options.lang);
    let title = l.get(sheet.title_key);
    let name = format!("{} {title}", sheet.number);
    let seed = format!("{}-{}", sheet.number, sheet.kind);
    let created = options.created_at;
    let (mut pdf, font) = pdfout::new_pdf(fonts, created, &sheet.shop.name, &name, &title, &seed);
    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, sheet.shop.logo_png.as_deref(), "shop logo")?;
    let mut images = Vec::with_capacity(pngs.len());
    for (png, what) in pngs {
        images.push(pictures.add_some(&mut pdf, *png, what)?);
    }
    let ctx = Ctx::new(fonts, l, doc, logo);
    let flow = lay_out(&ctx, &images);
    let running = Running {
        shop: &sheet.shop.name,
        title_key: sheet.title_key,
        number: sheet.number,
        plate: sheet.plate,
    };
    let placed = &pictures.placed;
    let pages = framed_pages(&ctx, &flow, &font, placed, &running, options, false);
    pdfout::save(pdf.with_pages(pages))
}

/// The job a sheet is about, as its first page opens.
pub(crate) struct SheetJob<'a> {
    pub customer: &'a CustomerPart,
    pub vehicle: &'a VehiclePart,
    pub odometer: Option<Odometer>,
}

/// Letterhead, the strip of `cells`, then the customer and the vehicle.
pub(crate) fn sheet_head<D>(
    ctx: &Ctx<D>,
    sheet: &Sheet<'_>,
    cells: &[Cell],
    job: &SheetJob<'_>,
) -> Block {
    let mut b = letterhead(ctx, sheet.shop, sheet.title_key, sheet.number);
    let strip = cell_row(ctx, LEFT, WIDTH, cells, true);
    let dy = b.h;
    b.place(strip, dy);
    let parties = customer_vehicle_row(ctx, job.customer, job.vehicle, job.odometer);
    let dy = b.h;
    b.place(parties, dy);
    b
}

/// The width of each of the two boxes at the foot, and where the right one starts.
pub(crate) const BOX_W: f32 = WIDTH / 2.0 - 3.0;
pub(crate) const RIGHT_BOX: f32 = LEFT + BOX_W + 6.0;

/// Two ruled boxes side by side, `h` high, each titled by its catalogue key.
pub(crate) fn two_boxes<D>(ctx: &Ctx<D>, h: f32, keys: [&str; 2]) -> Block {
    let mut b = Block::new(h);
    let title = TextStyle::new(7.2).bold();
    for (x, key) in [(LEFT, keys[0]), (RIGHT_BOX, keys[1])] {
        b.rect(x, 0.0, BOX_W, h, None, Some((THIN, RULE)));
        b.text(x + 1.6, 3.4, title, ctx.l.get(key));
    }
    b
}
