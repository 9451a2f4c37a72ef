//! The printed daily report (日结报表): the day's figures — jobs, revenue by kind, payments
//! by method drawn as a bar chart, the cash the drawer should hold, receivables, voids and
//! credit notes — every supervisor approval with who gave it, then the day's settlements
//! and payments, on A4 in one language or bilingually.
mod chart;
mod figures;
mod lists;

use chrono::NaiveDateTime;
use printpdf::{PdfDocument, PdfPage};
use serde::{Deserialize, Serialize};

use super::draw::{Align, Block, TextStyle, ACCENT, MUTED, PAGE_H, PAGE_W, RULE};
use super::flow::{Flow, BOTTOM, LEFT, RIGHT, TOP, WIDTH};
use super::ink::Ink;
use super::labels::Labels;
use super::parts::{cell_row, Cell, Ctx, HAIRLINE, SECTION_GAP, SMALL};
use super::{pdfout, FormError, FormFonts, FormLang, ShopHeader};
use crate::settlement::day::{DayFigures, DayLists};

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
    let mut pdf = PdfDocument::new(&format!("{} {date}", l.get("form.day.title")));
    pdf.metadata.info.author = doc.shop.name.clone();
    pdf.metadata.info.creator = "Garage Desk".into();
    pdf.metadata.info.subject = l.get("form.day.title");
    let stamp = printpdf::DateTime::from_unix_timestamp(doc.printed_at.and_utc().timestamp())
        .unwrap_or(printpdf::DateTime::epoch());
    pdf.metadata.info.creation_date = stamp;
    pdf.metadata.info.modification_date = stamp;
    pdf.metadata.info.metadata_date = stamp;
    let font = pdfout::add_font(&mut pdf, fonts, &format!("day-{}", doc.figures.date));
    let mut pictures = pdfout::Pictures::default();
    let logo = match &doc.shop.logo_png {
        Some(png) => Some(pictures.add(&mut pdf, png, "shop logo")?),
        None => None,
    };
    let images = &pictures.placed;
    let ctx = DCtx {
        fonts,
        l,
        doc,
        logo,
        signature_images: Vec::new(),
        blank_signatures: false,
    };
    let flow = lay_out(&ctx, &date);
    let count = flow.page_count();
    let pages = flow
        .pages
        .iter()
        .enumerate()
        .map(|(i, blocks)| {
            let mut ink = Ink::new(fonts, font.clone(), images);
            for (top, block) in blocks {
                ink.draw(block, *top);
            }
            ink.draw(&over_page(&ctx, &date, i + 1, count), 0.0);
            PdfPage::new(printpdf::Mm(PAGE_W), printpdf::Mm(PAGE_H), ink.finish())
        })
        .collect();
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
    let shop = &ctx.doc.shop;
    let mut b = Block::new(0.0);
    let (title, title_en) = ctx.l.pair("form.day.title");
    let title_style = TextStyle::new(15.0).bold().color(ACCENT);
    b.text_aligned(RIGHT, 6.0, title_style, Align::Right, &title);
    let mut right_w = ctx.width(&title, title_style);
    let mut ry = 6.0;
    if let Some(en) = title_en {
        let style = TextStyle::new(8.0).color(ACCENT);
        ry += 4.0;
        b.text_aligned(RIGHT, ry, style, Align::Right, &en);
        right_w = right_w.max(ctx.width(&en, style));
    }
    ry += 6.0;
    let date_style = TextStyle::new(12.0).bold();
    b.text_aligned(RIGHT, ry, date_style, Align::Right, date);
    right_w = right_w.max(ctx.width(date, date_style));

    let mut x = LEFT;
    if let Some(logo) = ctx.logo {
        let (w, h) = logo.fit(18.0, 18.0);
        b.prims.push(super::draw::Prim::Image {
            index: logo.index,
            x: LEFT,
            y: 0.0,
            w,
            h,
        });
        x += w + 3.0;
    }
    let text_w = RIGHT - right_w - 6.0 - x;
    let name_style = TextStyle::new(13.0).bold();
    let mut y = 5.4;
    for line in ctx.wrap(&shop.name, name_style, text_w) {
        b.text(x, y, name_style, line);
        y += name_style.leading();
    }
    y -= 1.0;
    for line in ctx.wrap(&shop.address, SMALL, text_w) {
        b.text(x, y, SMALL, line);
        y += SMALL.leading();
    }
    let contact = format!("{} {}", ctx.l.get("form.shop.phone"), shop.phone);
    for line in ctx.wrap(&contact, SMALL, text_w) {
        b.text(x, y, SMALL, line);
        y += SMALL.leading();
    }
    let logo_h = ctx.logo.map_or(0.0, |logo| logo.fit(18.0, 18.0).1);
    let head_h = (y - 1.4).max(ry + 1.8).max(logo_h) + 1.2;
    b.hline(LEFT, RIGHT, head_h, 1.0, ACCENT);
    b.h = head_h + 1.5;
    b
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

/// Pages 2+: a short running header; every page: the footer with page x of y.
fn over_page(ctx: &DCtx, date: &str, page: usize, pages: usize) -> Block {
    let mut b = Block::new(0.0);
    let title = format!("{}  {date}", ctx.l.get("form.day.title"));
    if page > 1 {
        b.text(
            LEFT,
            TOP + 4.0,
            TextStyle::new(9.5).bold(),
            &ctx.doc.shop.name,
        );
        let style = TextStyle::new(8.5).bold().color(ACCENT);
        b.text_aligned(RIGHT, TOP + 4.0, style, Align::Right, &title);
        let cont = ctx.l.get("form.continued");
        b.text_aligned(RIGHT, TOP + 8.0, SMALL.color(MUTED), Align::Right, cont);
        b.hline(LEFT, RIGHT, TOP + 9.6, 0.8, ACCENT);
    }
    let fy = BOTTOM + 3.6;
    b.hline(LEFT, RIGHT, fy, HAIRLINE, RULE);
    let left = format!("{title}  ·  {}", ctx.doc.shop.name);
    b.text(LEFT, fy + 3.6, SMALL.color(MUTED), left);
    let page_text = ctx.l.get_with(
        "form.page_of",
        &[("page", &page.to_string()), ("pages", &pages.to_string())],
    );
    b.text_aligned(RIGHT, fy + 3.6, SMALL.bold(), Align::Right, page_text);
    b
}
