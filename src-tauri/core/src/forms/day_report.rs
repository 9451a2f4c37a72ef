//! The printed daily report (日结报表): the day's figures — jobs, revenue by kind, payments
//! by method drawn as a bar chart, the cash the drawer should hold, receivables, voids and
//! credit notes — every supervisor approval with who gave it, then the day's settlements
//! and payments, on A4 in one language or bilingually.
mod chart;
mod figures;
mod lists;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::blocks::{cell_row, Cell, Ctx, SECTION_GAP};
use super::draw::{Block, TextStyle};
use super::flow::{Flow, LEFT, WIDTH};
use super::header::{masthead, over_frame, Frame, Masthead};
use super::labels::Labels;
use super::{pdfout, FormError, FormFonts, FormLang, ShopHeader};
use crate::domain::day::{DayFigures, DayLists};

/// Everything the daily report shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DayReportDoc {
    pub shop: ShopHeader,
    /// ISO 4217 code of every amount, e.g. `CNY`.
    pub currency: String,
    pub figures: DayFigures,
    pub lists: DayLists,
    /// When the report was made (the shell's clock).
    pub printed_at: NaiveDateTime,
}

pub(crate) type DCtx<'a> = Ctx<'a, DayReportDoc>;

/// Renders the daily report as a PDF (A4; more pages with a running header on busy days).
pub fn render_day_report(
    doc: &DayReportDoc,
    lang: FormLang,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let l = Labels::new(lang);
    let date = l.date(doc.figures.date);
    let title = l.get("form.day.title");
    let name = format!("{title} {date}");
    let seed = format!("day-{}", doc.figures.date);
    let created = Some(doc.printed_at);
    let (mut pdf, font) = pdfout::new_pdf(fonts, created, &doc.shop.name, &name, &title, &seed);
    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, doc.shop.logo_png.as_deref(), "shop logo")?;
    let ctx = DCtx::new(fonts, l, doc, logo);
    let flow = lay_out(&ctx, &date);
    let running = format!("{title}  {date}");
    let footer = format!("{running}  ·  {}", doc.shop.name);
    let frame = Frame {
        shop: &doc.shop.name,
        running: &running,
        footer: &footer,
    };
    let pages = flow.paint(fonts, &font, &pictures.placed, &[], |page, count| {
        vec![over_frame(&ctx, &frame, None, page, count)]
    });
    pdfout::save(pdf.with_pages(pages))
}

fn lay_out(ctx: &DCtx, date: &str) -> Flow {
    let mut flow = Flow::new();
    flow.put(letterhead(ctx, date));
    flow.put(jobs_strip(ctx));
    flow.gap(SECTION_GAP * 2.0);
    flow.put(figures::money_columns(ctx));
    flow.gap(SECTION_GAP * 2.0);
    lists::approvals(ctx, &mut flow);
    flow.gap(SECTION_GAP * 2.0);
    lists::settlements(ctx, &mut flow);
    flow.gap(SECTION_GAP * 2.0);
    lists::payments(ctx, &mut flow);
    flow
}

/// The shop on the left; the report's title and its day on the right.
fn letterhead(ctx: &DCtx, date: &str) -> Block {
    let head = Masthead {
        title_key: "form.day.title",
        number: date,
        number_label: false,
        logo: 18.0,
        tax_number: false,
    };
    masthead(ctx, &ctx.doc.shop, &head)
}

/// Jobs opened, settled and collected, and when the report was printed.
fn jobs_strip(ctx: &DCtx) -> Block {
    let l = &ctx.l;
    let f = &ctx.doc.figures;
    let big = TextStyle::new(11.0).bold();
    let n = |v: u32| l.number(i64::from(v));
    cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.day.jobs_opened"), n(f.jobs_opened), 1.0).styled(big),
            Cell::new(l.get("form.day.jobs_settled"), n(f.jobs_settled), 1.0).styled(big),
            Cell::new(l.get("form.day.jobs_collected"), n(f.jobs_collected), 1.0).styled(big),
            Cell::new(
                l.get("form.day.printed_at"),
                l.datetime(ctx.doc.printed_at),
                1.3,
            ),
        ],
        true,
    )
}
