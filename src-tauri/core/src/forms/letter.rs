//! The follow-up letters (跟踪服务信函) of one mailing as one PDF: a page per customer,
//! each under the shop's letterhead, with the customer's address block, the day, the
//! subject and the body already filled in — each in the customer's own language.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::blocks::{ascent, Ctx, SMALL};
use super::draw::{Block, TextStyle, ACCENT, MUTED, RULE};
use super::flow::{Flow, BOTTOM, LEFT, RIGHT, WIDTH};
use super::header::{masthead, Masthead};
use super::labels::Labels;
use super::{pdfout, FormError, FormFonts, FormLang, ShopHeader};

/// A mailing's letters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LettersDoc {
    pub shop: ShopHeader,
    /// The mailing's number in the register, `LTR-2026-0003`.
    pub number: String,
    pub printed_at: NaiveDateTime,
    pub letters: Vec<LetterPage>,
}

/// One customer's letter, its texts already filled in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LetterPage {
    /// The customer's language; a letter is never bilingual.
    pub lang: FormLang,
    pub date: NaiveDate,
    pub name: String,
    pub address: String,
    pub plate: String,
    pub subject: String,
    pub body: String,
}

const NAME: TextStyle = TextStyle::new(10.5).bold();
const ADDRESS: TextStyle = TextStyle::new(9.5);
const SUBJECT: TextStyle = TextStyle::new(12.0).bold().color(ACCENT);
const TEXT: TextStyle = TextStyle::new(10.0);
/// Where the address block sits: the left of an envelope's window.
const ADDRESS_W: f32 = 90.0;

/// Renders every letter of `doc`, one A4 page each (a very long body continues on a
/// second page of the same letter).
pub fn render_letters(doc: &LettersDoc, fonts: &FormFonts) -> Result<Vec<u8>, FormError> {
    let title = Labels::new(FormLang::Bilingual).get("letters.form.letter_title");
    let created = Some(doc.printed_at);
    let shop = &doc.shop.name;
    let seed = format!("letters-{}", doc.number);
    let (mut pdf, font) = pdfout::new_pdf(fonts, created, shop, &doc.number, &title, &seed);
    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, doc.shop.logo_png.as_deref(), "shop logo")?;
    let mut pages = Vec::new();
    for letter in &doc.letters {
        let ctx = Ctx::new(fonts, Labels::new(letter.lang), doc, logo);
        let flow = lay_out(&ctx, letter);
        let footer = footer(&ctx, &doc.shop);
        pages.extend(flow.paint(fonts, &font, &pictures.placed, &[], |_, _| {
            vec![footer.clone()]
        }));
    }
    pdfout::save(pdf.with_pages(pages))
}

fn lay_out(ctx: &Ctx<LettersDoc>, letter: &LetterPage) -> Flow {
    let mut flow = Flow::new();
    let head = Masthead {
        title_key: "letters.form.letter_title",
        number: &ctx.doc.number,
        number_label: false,
        logo: 16.0,
        tax_number: false,
    };
    flow.put(masthead(ctx, &ctx.doc.shop, &head));
    flow.gap(8.0);
    flow.put(address_and_date(ctx, letter));
    flow.gap(10.0);
    for line in ctx.wrap(&letter.subject, SUBJECT, WIDTH) {
        flow.put(line_block(SUBJECT, line));
    }
    flow.gap(5.0);
    for paragraph in letter.body.trim().split('\n') {
        if paragraph.trim().is_empty() {
            flow.gap(TEXT.leading() * 0.6);
            continue;
        }
        for line in ctx.wrap(paragraph, TEXT, WIDTH) {
            flow.put(line_block(TEXT, line));
        }
    }
    flow.gap(8.0);
    flow.put(sign_off(ctx));
    flow
}

fn line_block(style: TextStyle, line: String) -> Block {
    let mut b = Block::new(style.leading() * 1.12);
    b.text(LEFT, ascent(style), style, line);
    b
}

/// The customer's name and address on the left, the day and the car on the right.
fn address_and_date(ctx: &Ctx<LettersDoc>, letter: &LetterPage) -> Block {
    let mut b = Block::new(0.0);
    let mut y = ascent(NAME);
    for line in ctx.wrap(&letter.name, NAME, ADDRESS_W) {
        b.text(LEFT, y, NAME, line);
        y += NAME.leading();
    }
    y += 0.6;
    for line in ctx
        .wrap(&letter.address, ADDRESS, ADDRESS_W)
        .into_iter()
        .take(5)
    {
        b.text(LEFT, y, ADDRESS, line);
        y += ADDRESS.leading();
    }
    let l = &ctx.l;
    let right = |key: &str, value: &str| format!("{}  {value}", l.get(key));
    let date = right("letters.form.date", &l.date(letter.date));
    b.text_aligned(
        RIGHT,
        ascent(ADDRESS),
        ADDRESS,
        super::draw::Align::Right,
        date,
    );
    if !letter.plate.is_empty() {
        let car = right("letters.form.vehicle", &letter.plate);
        let at = ascent(ADDRESS) + ADDRESS.leading();
        b.text_aligned(
            RIGHT,
            at,
            ADDRESS.color(MUTED),
            super::draw::Align::Right,
            car,
        );
    }
    b.h = y;
    b
}

/// Thanks, the shop's name and its service desk.
fn sign_off(ctx: &Ctx<LettersDoc>) -> Block {
    let l = &ctx.l;
    let mut b = Block::new(0.0);
    let mut y = ascent(TEXT);
    b.text(LEFT, y, TEXT, l.get("letters.form.signoff"));
    y += TEXT.leading() * 2.2;
    b.text(LEFT, y, TEXT.bold(), ctx.doc.shop.name.clone());
    y += TEXT.leading();
    b.text(
        LEFT,
        y,
        TEXT.color(MUTED),
        l.get("letters.form.service_desk"),
    );
    b.h = y + 1.0;
    b
}

/// The shop's address and phone under a hairline at the foot of every page.
fn footer(ctx: &Ctx<LettersDoc>, shop: &ShopHeader) -> Block {
    let mut b = Block::new(0.0);
    let fy = BOTTOM + 3.6;
    b.hline(LEFT, RIGHT, fy, 0.35, RULE);
    let mut parts = vec![shop.name.clone()];
    if !shop.address.trim().is_empty() {
        parts.push(shop.address.clone());
    }
    if !shop.phone.trim().is_empty() {
        parts.push(format!("{} {}", ctx.l.get("form.shop.phone"), shop.phone));
    }
    b.text(LEFT, fy + 3.6, SMALL.color(MUTED), parts.join("  ·  "));
    b
}
