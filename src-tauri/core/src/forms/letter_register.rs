//! The printed follow-up letter register (跟踪服务信函登记表): every mailing of a period in
//! the order it went out — its number and day, the kind, the subject, the event's day,
//! how many letters went and how many customers had no address, who sent it — with the
//! customers it went to under each, and the period's totals.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::blocks::{stack, Ctx, CELL_PAD, SECTION_GAP};
use super::draw::{Align, Block, TextStyle, MUTED};
use super::flow::{Flow, LEFT, WIDTH};
use super::register_table::{column, Column, RegisterPaper, RegisterTable};
use super::{FormError, FormFonts, FormLang, ShopHeader};

/// Everything the printed register shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LetterRegisterDoc {
    pub shop: ShopHeader,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub printed_at: NaiveDateTime,
    pub mailings: Vec<RegisterMailing>,
}

/// One mailing as the register lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterMailing {
    pub number: String,
    pub sent_at: NaiveDateTime,
    /// The kind's catalogue key, `letters.kind.seasonal`.
    pub kind_key: String,
    pub subject: String,
    pub event_date: Option<NaiveDate>,
    pub letters: i64,
    pub left_out: i64,
    pub sent_by: String,
    /// "Name (plate)" of each customer, in print order.
    pub recipients: Vec<String>,
}

type RCtx<'a> = Ctx<'a, LetterRegisterDoc>;

/// Number, day sent, kind, subject, event day, letters, without address, sent by: the
/// page's 186 mm, a date on one line in every language.
const COLUMNS: [Column; 8] = [
    column(24.0, Align::Left, "letters.form.col.number"),
    column(24.0, Align::Left, "letters.form.col.sent"),
    column(20.0, Align::Left, "letters.form.col.kind"),
    column(48.0, Align::Left, "letters.form.col.subject"),
    column(24.0, Align::Left, "letters.form.col.event"),
    column(12.0, Align::Right, "letters.form.col.count"),
    column(14.0, Align::Right, "letters.form.col.left_out"),
    column(20.0, Align::Left, "letters.form.col.by"),
];

const ROW: TextStyle = TextStyle::new(7.2);
const NAMES: TextStyle = TextStyle::new(6.4).color(MUTED);
/// The names listed under a mailing before "and N more".
const NAMES_SHOWN: usize = 12;

/// Renders the register (A4; a typical month on one page, more pages with the header
/// repeated).
pub fn render_letter_register(
    doc: &LetterRegisterDoc,
    lang: FormLang,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let paper = RegisterPaper {
        shop: &doc.shop,
        title_key: "letters.form.register_title",
        from: doc.from,
        to: doc.to,
        printed_at: doc.printed_at,
        seed: "letters",
    };
    paper.render(fonts, lang, doc, mailings)
}

fn mailings(ctx: &RCtx, flow: &mut Flow) {
    let l = &ctx.l;
    if ctx.doc.mailings.is_empty() {
        let mut b = Block::new(8.0);
        let style = TextStyle::new(9.0).color(MUTED);
        b.text(
            LEFT + CELL_PAD,
            5.0,
            style,
            l.get("letters.form.register.none"),
        );
        flow.put(b);
        return;
    }
    let table = RegisterTable::new(&COLUMNS);
    let rows = ctx
        .doc
        .mailings
        .iter()
        .map(|m| mailing_rows(ctx, &table, m))
        .collect();
    table.put(ctx, flow, rows);
    flow.gap(SECTION_GAP);
    let letters: i64 = ctx.doc.mailings.iter().map(|m| m.letters).sum();
    let total = l.get_with(
        "letters.form.register.total",
        &[
            ("mailings", &l.number(ctx.doc.mailings.len() as i64)),
            ("letters", &l.number(letters)),
        ],
    );
    let mut b = Block::new(6.0);
    b.text_aligned(
        LEFT + WIDTH - CELL_PAD,
        4.0,
        TextStyle::new(8.0).bold(),
        Align::Right,
        total,
    );
    flow.put(b);
}

/// The mailing's line, and the customers it went to under it.
fn mailing_rows(ctx: &RCtx, table: &RegisterTable, m: &RegisterMailing) -> Block {
    let l = &ctx.l;
    let cells = [
        m.number.clone(),
        l.date(m.sent_at.date()),
        l.get(&m.kind_key),
        m.subject.clone(),
        m.event_date.map(|d| l.date(d)).unwrap_or_default(),
        l.number(m.letters),
        if m.left_out > 0 {
            l.number(m.left_out)
        } else {
            String::new()
        },
        m.sent_by.clone(),
    ];
    let line = table.row(ctx, &cells, ROW);
    let mut names: Vec<String> = m.recipients.iter().take(NAMES_SHOWN).cloned().collect();
    let more = m.recipients.len().saturating_sub(NAMES_SHOWN);
    if more > 0 {
        let count = l.number(more as i64);
        names.push(l.get_with("letters.form.more", &[("count", &count)]));
    }
    let text = format!("{}: {}", l.get("letters.form.col.to"), names.join(", "));
    let indent = table.width(0);
    let mut under = Block::new(0.0);
    let mut y = 0.6 + super::blocks::ascent(NAMES);
    for line in ctx
        .wrap(&text, NAMES, WIDTH - indent - 2.0 * CELL_PAD)
        .into_iter()
        .take(3)
    {
        under.text(LEFT + indent + CELL_PAD, y, NAMES, line);
        y += NAMES.leading();
    }
    under.h = y - super::blocks::ascent(NAMES) + 0.8;
    under.hline(
        LEFT,
        LEFT + WIDTH,
        under.h,
        super::blocks::HAIRLINE,
        super::draw::RULE,
    );
    stack(vec![line, under])
}
