//! The paper of a report over a period (the appointment register and tally, the
//! follow-up and letter registers, the customer file sheet): the letterhead with the
//! title and the period where a form has its number, the footer with the period on
//! every page, and the strip with the period and the time of printing.
use chrono::{NaiveDate, NaiveDateTime};

use super::blocks::{cell_row, Cell, Ctx};
use super::draw::{Block, TextStyle};
use super::flow::{Flow, LEFT, WIDTH};
use super::header::{masthead, over_frame, Frame, Masthead};
use super::labels::Labels;
use super::{pdfout, FormError, FormFonts, FormLang, ShopHeader};

/// "7 Dec 2026 – 13 Dec 2026", or the one day.
pub(super) fn period(l: &Labels, from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        l.date(from)
    } else {
        format!("{} – {}", l.date(from), l.date(to))
    }
}

/// The period and the time of printing, under the letterhead.
pub(super) fn period_strip<D>(ctx: &Ctx<D>, period: &str, printed_at: NaiveDateTime) -> Block {
    let l = &ctx.l;
    cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.appointment.period"), period, 2.0)
                .styled(TextStyle::new(9.0).bold()),
            Cell::new(l.get("form.day.printed_at"), l.datetime(printed_at), 1.0),
        ],
        true,
    )
}

/// The paper of a report over a period: the letterhead with the title and the period
/// where a form has its number, the footer with the period on every page.
pub(super) struct PeriodPaper<'a> {
    pub shop: &'a ShopHeader,
    pub title_key: &'a str,
    pub period: &'a str,
    pub printed_at: NaiveDateTime,
    /// Names the PDF's font subset, so the same report gives the same bytes.
    pub seed: &'a str,
}

impl PeriodPaper<'_> {
    /// Lays out `body` under the letterhead and frames every page.
    pub(super) fn render<D>(
        &self,
        fonts: &FormFonts,
        lang: FormLang,
        doc: &D,
        body: impl FnOnce(&Ctx<D>, &mut Flow),
    ) -> Result<Vec<u8>, FormError> {
        let l = Labels::new(lang);
        let title = l.get(self.title_key);
        let name = format!("{title} {}", self.period);
        let created = Some(self.printed_at);
        let shop = &self.shop.name;
        let (mut pdf, font) = pdfout::new_pdf(fonts, created, shop, &name, &title, self.seed);
        let mut pictures = pdfout::Pictures::default();
        let logo = pictures.add_some(&mut pdf, self.shop.logo_png.as_deref(), "shop logo")?;
        let ctx = Ctx::new(fonts, l, doc, logo);
        let mut flow = Flow::new();
        let head = Masthead {
            title_key: self.title_key,
            number: self.period,
            number_label: false,
            logo: 16.0,
            tax_number: false,
        };
        flow.put(masthead(&ctx, self.shop, &head));
        body(&ctx, &mut flow);
        let running = format!("{title}  {}", self.period);
        let footer = format!("{running}  ·  {shop}");
        let frame = Frame {
            shop,
            running: &running,
            footer: &footer,
        };
        let pages = flow.paint(fonts, &font, &pictures.placed, &[], |page, count| {
            vec![over_frame(&ctx, &frame, None, page, count)]
        });
        pdfout::save(pdf.with_pages(pages))
    }
}
