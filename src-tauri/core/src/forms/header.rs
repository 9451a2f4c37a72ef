//! What frames the form: the shop's letterhead with the work-order number and times on
//! the first page, a short running header on the others, the footer with "page x of y",
//! and the COPY marking of a reprint on every page.
use printpdf::{FontId, PdfPage};

use super::blocks::{cell_row, Cell, Ctx, HAIRLINE, SMALL, VALUE};
use super::draw::{Align, Block, PlacedImage, Prim, Rgb, TextStyle, ACCENT, MUTED, RED, RULE};
use super::flow::{Flow, BOTTOM, LEFT, RIGHT, TOP, WIDTH};
use super::labels::When;
use super::{FormOptions, Reprint, ShopHeader};

const LOGO: f32 = 16.0;

/// Letterhead, title, number and the opened / promised / advisor strip.
pub(crate) fn first_page(ctx: &Ctx) -> Block {
    let doc = ctx.doc;
    let mut b = letterhead(ctx, &doc.shop, "form.title", &doc.number);

    let promised = doc
        .promised_at
        .map_or_else(|| "—".to_string(), |at| ctx.l.datetime(at));
    let contact = match &doc.contact {
        Some(contact) => format!("{}  {}", contact.name, contact.phone),
        None => ctx.l.get("form.contact.same"),
    };
    let mut cells = vec![
        Cell::new(
            ctx.l.get("form.opened_at"),
            ctx.l.datetime(doc.opened_at),
            1.0,
        ),
        Cell::new(ctx.l.get("form.promised_at"), promised, 1.0).styled(VALUE.bold()),
        Cell::new(ctx.l.get("form.advisor"), &doc.advisor, 0.8),
    ];
    if let Some(category) = doc.repair_category {
        let name = ctx
            .l
            .get(&format!("form.repair_category.{}", category.as_str()));
        cells.push(Cell::new(ctx.l.get("form.repair_category"), name, 0.9).styled(VALUE.bold()));
    }
    cells.push(Cell::new(ctx.l.get("form.contact"), contact, 1.2));
    let strip = cell_row(ctx, LEFT, WIDTH, &cells, true);
    let dy = b.h;
    b.place(strip, dy);
    b
}

/// The shop's letterhead with the form's title (`title_key`) and number on the right,
/// over an accent rule; shared by every form.
pub(crate) fn letterhead<D>(
    ctx: &Ctx<D>,
    shop: &ShopHeader,
    title_key: &str,
    number: &str,
) -> Block {
    let head = Masthead {
        title_key,
        number,
        number_label: true,
        logo: LOGO,
        tax_number: true,
    };
    masthead(ctx, shop, &head)
}

/// How a form's letterhead is set: the daily report shows its day where the other forms
/// show their number, with a larger logo and without the tax number.
pub(crate) struct Masthead<'a> {
    pub title_key: &'a str,
    pub number: &'a str,
    /// Put "No." before the number.
    pub number_label: bool,
    /// The logo's largest side, mm.
    pub logo: f32,
    pub tax_number: bool,
}

/// The shop's letterhead as `head` sets it.
pub(crate) fn masthead<D>(ctx: &Ctx<D>, shop: &ShopHeader, head: &Masthead) -> Block {
    let mut b = Block::new(0.0);

    // Right: the form's title and number, set first so the shop text can avoid them.
    let (title, title_en) = ctx.l.pair(head.title_key);
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
    let number = head.number;
    let number_style = TextStyle::new(12.0).bold();
    b.text_aligned(RIGHT, ry, number_style, Align::Right, number);
    if head.number_label {
        let no_label = ctx.l.get("form.number");
        let nx = RIGHT - ctx.width(number, number_style) - 1.5;
        b.text_aligned(nx, ry, SMALL.color(MUTED), Align::Right, &no_label);
        right_w = right_w.max(RIGHT - nx + ctx.width(&no_label, SMALL));
    } else {
        right_w = right_w.max(ctx.width(number, number_style));
    }

    // Left: logo, then the shop's name and particulars.
    let mut x = LEFT;
    if let Some(logo) = ctx.logo {
        let (w, h) = logo.fit(head.logo, head.logo);
        b.prims.push(Prim::Image {
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
    // A label is printed only with its value: a shop with no phone set shows no bare
    // "Tel".
    let mut contact = String::new();
    if !shop.phone.trim().is_empty() {
        contact = format!("{} {}", ctx.l.get("form.shop.phone"), shop.phone);
    }
    if let (true, Some(tax)) = (head.tax_number, &shop.tax_number) {
        if !contact.is_empty() {
            contact.push_str("   ");
        }
        contact.push_str(&format!("{} {}", ctx.l.get("form.shop.tax_number"), tax));
    }
    for line in ctx.wrap(&contact, SMALL, text_w) {
        b.text(x, y, SMALL, line);
        y += SMALL.leading();
    }
    let logo_h = ctx
        .logo
        .map_or(0.0, |logo| logo.fit(head.logo, head.logo).1);
    let head_h = (y - 1.4).max(ry + 1.8).max(logo_h) + 1.2;
    b.hline(LEFT, RIGHT, head_h, 1.0, ACCENT);
    b.h = head_h + 1.5;

    b
}

/// Drawn before the content: the diagonal COPY watermark of a reprint.
pub(crate) fn under_page<D>(ctx: &Ctx<D>, reprint: Option<&Reprint>) -> Vec<Block> {
    let Some(_) = reprint else { return Vec::new() };
    let mut b = Block::new(0.0);
    b.prims.push(Prim::Watermark {
        text: ctx.l.get("form.copy"),
        size: 96.0,
        color: Rgb(0.93, 0.93, 0.94),
    });
    vec![b]
}

/// [`under_page`], with the light diagonal DRAFT of a form not yet approved or signed
/// when `draft`.
pub(crate) fn under_draft<D>(ctx: &Ctx<D>, reprint: Option<&Reprint>, draft: bool) -> Vec<Block> {
    let mut under = under_page(ctx, reprint);
    if draft {
        let mut b = Block::new(0.0);
        b.prims.push(Prim::Watermark {
            text: ctx.l.get("form.estimate.draft_mark"),
            size: 80.0,
            color: Rgb(0.98, 0.90, 0.90),
        });
        under.push(b);
    }
    under
}

/// The pages of a form: the COPY of a reprint and, on a `draft`, the DRAFT under each;
/// its blocks; the running header (pages 2+), the reprint line and the footer over it.
pub(crate) fn framed_pages<D>(
    ctx: &Ctx<D>,
    flow: &Flow,
    font: &FontId,
    images: &[PlacedImage],
    running: &Running,
    options: &FormOptions,
    draft: bool,
) -> Vec<PdfPage> {
    let reprint = options.reprint.as_ref();
    let under = under_draft(ctx, reprint, draft);
    flow.paint(ctx.fonts, font, images, &under, |page, count| {
        over_any_page(ctx, running, reprint, page, count)
    })
}

/// What the running header and the footer of a form repeat on every page.
pub(crate) struct Running<'a> {
    pub shop: &'a str,
    pub title_key: &'a str,
    pub number: &'a str,
    pub plate: &'a str,
}

/// Drawn after the content: running header (pages 2+), reprint line, footer.
pub(crate) fn over_any_page<D>(
    ctx: &Ctx<D>,
    doc: &Running,
    reprint: Option<&Reprint>,
    page: usize,
    pages: usize,
) -> Vec<Block> {
    let running = format!(
        "{}  {}  ·  {}",
        ctx.l.get(doc.title_key),
        doc.number,
        doc.plate
    );
    let footer = format!("{}  ·  {}  ·  {}", doc.number, doc.plate, doc.shop);
    let frame = Frame {
        shop: doc.shop,
        running: &running,
        footer: &footer,
    };
    vec![over_frame(ctx, &frame, reprint, page, pages)]
}

/// The texts of a page's frame: the shop and `running` in the header of pages 2+, and
/// `footer` on the left of every page's footer.
pub(crate) struct Frame<'a> {
    pub shop: &'a str,
    pub running: &'a str,
    pub footer: &'a str,
}

/// Drawn after the content of any form: running header (pages 2+), reprint line, footer.
pub(crate) fn over_frame<D>(
    ctx: &Ctx<D>,
    frame: &Frame,
    reprint: Option<&Reprint>,
    page: usize,
    pages: usize,
) -> Block {
    let mut b = Block::new(0.0);
    if page > 1 {
        b.text(LEFT, TOP + 4.0, TextStyle::new(9.5).bold(), frame.shop);
        let style = TextStyle::new(8.5).bold().color(ACCENT);
        b.text_aligned(RIGHT, TOP + 4.0, style, Align::Right, frame.running);
        let cont = ctx.l.get("form.continued");
        b.text_aligned(RIGHT, TOP + 8.0, SMALL.color(MUTED), Align::Right, cont);
        b.hline(LEFT, RIGHT, TOP + 9.6, 0.8, ACCENT);
    }
    if let Some(reprint) = reprint {
        let text = ctx
            .l
            .get_with_date("form.reprinted", ("at", When::At(reprint.printed_at)), &[]);
        let style = TextStyle::new(8.0).bold().color(RED);
        let w = ctx.width(&text, style) + 4.0;
        b.rect(RIGHT - w, 4.2, w, 5.0, None, Some((0.8, RED)));
        b.text_aligned(RIGHT - 2.0, 7.9, style, Align::Right, text);
    }
    let fy = BOTTOM + 3.6;
    b.hline(LEFT, RIGHT, fy, HAIRLINE, RULE);
    b.text(LEFT, fy + 3.6, SMALL.color(MUTED), frame.footer);
    let page_text = ctx.l.get_with(
        "form.page_of",
        &[("page", &page.to_string()), ("pages", &pages.to_string())],
    );
    b.text_aligned(RIGHT, fy + 3.6, SMALL.bold(), Align::Right, page_text);
    b
}
