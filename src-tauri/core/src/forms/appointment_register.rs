//! The printed appointment register (维修预约登记表): every booking of a period, day by
//! day in time order — who, which car, what is wanted, the deposit, how the reminder call
//! went and how it ended (arrived with its job number, no-show, cancelled, still booked).
//! Also the period letterhead and frame it shares with the tally.
use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};

use super::blocks::{ascent, cell_row, col, stack, table_header, table_row, Cell, Col, Ctx};
use super::blocks::{CELL_PAD, HAIRLINE, SECTION_GAP};
use super::draw::{Align, Block, TextStyle, ACCENT, MUTED, RED, RULE, TINT};
use super::flow::{Flow, LEFT, WIDTH};
use super::header::{masthead, over_frame, Frame, Masthead};
use super::labels::Labels;
use super::{pdfout, FormError, FormFonts, FormLang, ShopHeader};

/// Everything the printed register shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentRegisterDoc {
    pub shop: ShopHeader,
    /// The first and last day of the period, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// ISO 4217 code of every amount, e.g. `CNY`.
    pub currency: String,
    /// When the register was printed (the shell's clock).
    pub printed_at: NaiveDateTime,
    /// The days to print, in order; a day without bookings prints as such.
    pub days: Vec<RegisterDay>,
}

/// One day of the register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterDay {
    pub date: NaiveDate,
    /// In time order.
    pub entries: Vec<RegisterEntry>,
}

/// One booking as the register lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterEntry {
    pub starts_at: NaiveDateTime,
    /// `APPT-2026-00012`.
    pub number: String,
    pub customer: String,
    pub phone: String,
    pub plate: String,
    /// The work wanted, shortened by the caller; the form prints two lines at most.
    pub wanted_work: String,
    pub deposit_minor: Option<i64>,
    /// How the last reminder call went; `None` before any call.
    pub reminder: Option<ReminderOutcome>,
    pub outcome: BookingOutcome,
}

/// What the last reminder call (提前半天或一天通知客户) came to, as printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderOutcome {
    Confirmed,
    Moved,
    Cancelled,
    NotReached,
}

impl ReminderOutcome {
    fn key(self) -> &'static str {
        match self {
            Self::Confirmed => "form.appointment.call.confirmed",
            Self::Moved => "form.appointment.call.moved",
            Self::Cancelled => "form.appointment.call.cancelled",
            Self::NotReached => "form.appointment.call.not_reached",
        }
    }
}

/// Where a booking ended, or stands while still open, as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "workOrder")]
pub enum BookingOutcome {
    Booked,
    Confirmed,
    /// The car came: the job it became, by its number.
    Arrived(String),
    NoShow,
    Cancelled,
}

type RCtx<'a> = Ctx<'a, AppointmentRegisterDoc>;

/// Renders the register as a PDF (A4; a typical week on one page, more pages with the
/// table's header repeated).
pub fn render_appointment_register(
    doc: &AppointmentRegisterDoc,
    lang: FormLang,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let l = Labels::new(lang);
    let period = period(&l, doc.from, doc.to);
    let seed = format!("appointments-{}-{}", doc.from, doc.to);
    let title_key = "form.appointment.register.title";
    let paper = PeriodPaper {
        shop: &doc.shop,
        title_key,
        period: &period,
        printed_at: doc.printed_at,
        seed: &seed,
    };
    paper.render(fonts, lang, doc, |ctx, flow| {
        flow.put(period_strip(ctx, &period, doc.printed_at));
        flow.gap(SECTION_GAP * 1.5);
        entries(ctx, flow);
    })
}

/// Time, number, customer, phone, plate, wanted work, deposit, reminder call, outcome and
/// the job an arrival became: the page's 186 mm, one line a booking in every language.
const COLS: [Col; 10] = [
    col(10.0, Align::Left),
    col(23.0, Align::Left),
    col(14.0, Align::Left),
    col(18.5, Align::Left),
    col(18.5, Align::Left),
    col(24.5, Align::Left),
    col(15.0, Align::Right),
    col(20.5, Align::Left),
    col(19.5, Align::Left),
    col(22.5, Align::Left),
];

const KEYS: [&str; 10] = [
    "form.appointment.col.time",
    "form.appointment.col.number",
    "form.appointment.col.customer",
    "form.appointment.col.phone",
    "form.appointment.col.plate",
    "form.appointment.col.wanted",
    "form.appointment.col.deposit",
    "form.appointment.col.reminder",
    "form.appointment.col.outcome",
    "form.appointment.col.job",
];

const ROW: TextStyle = TextStyle::new(6.6);

/// The table: each day under its band, the band kept with the day's first booking.
fn entries(ctx: &RCtx, flow: &mut Flow) {
    let mut rows = Vec::new();
    for day in &ctx.doc.days {
        let band = day_band(ctx, day);
        let mut entries = day.entries.iter().map(|e| entry_row(ctx, e));
        match entries.next() {
            Some(first) => rows.push(stack(vec![band, first])),
            None => rows.push(band),
        }
        rows.extend(entries);
    }
    if rows.is_empty() {
        return;
    }
    let header = table_header(ctx, LEFT, &COLS, &KEYS);
    flow.table(None, header, rows);
}

/// The day's date and weekday on a tint, with how many bookings it has (or none).
fn day_band(ctx: &RCtx, day: &RegisterDay) -> Block {
    let l = &ctx.l;
    let style = TextStyle::new(7.8).bold().color(ACCENT);
    let h = style.leading() + 1.6;
    let mut b = Block::new(h);
    b.rect(LEFT, 0.0, WIDTH, h, Some(TINT), None);
    let y = 0.8 + ascent(style);
    let label = format!("{}  {}", l.date(day.date), weekday(l, day.date));
    b.text(LEFT + CELL_PAD, y, style, label);
    let count = if day.entries.is_empty() {
        l.get("form.appointment.register.none")
    } else {
        let n = l.number(day.entries.len() as i64);
        l.get_with("form.appointment.register.count", &[("count", &n)])
    };
    let small = TextStyle::new(7.0).color(MUTED);
    b.text_aligned(LEFT + WIDTH - CELL_PAD, y, small, Align::Right, count);
    b.hline(LEFT, LEFT + WIDTH, h, HAIRLINE, RULE);
    b
}

fn entry_row(ctx: &RCtx, e: &RegisterEntry) -> Block {
    let l = &ctx.l;
    let short = first_line(ctx, &e.wanted_work, COLS[5].w - 2.0 * CELL_PAD);
    let reminder = e
        .reminder
        .map_or_else(|| "—".to_string(), |r| l.get(r.key()));
    let (outcome, style) = outcome(l, &e.outcome);
    let job = match &e.outcome {
        BookingOutcome::Arrived(number) => number.clone(),
        _ => String::new(),
    };
    let cells = [
        e.starts_at.format("%H:%M").to_string(),
        e.number.clone(),
        e.customer.clone(),
        e.phone.clone(),
        e.plate.clone(),
        short,
        e.deposit_minor
            .map_or_else(String::new, |minor| l.money(minor, &ctx.doc.currency)),
        reminder,
        outcome,
        job,
    ];
    let mut b = table_row(ctx, LEFT, &COLS, &cells, ROW, None);
    if let Some(style) = style {
        // The outcome again in its colour, over the plain text.
        let from: f32 = LEFT + COLS[..8].iter().map(|c| c.w).sum::<f32>();
        let to = from + COLS[8].w;
        recolour(&mut b, from..to, style);
    }
    b
}

/// What of `text` fits on one line `w` wide, with "…" when some is left out.
fn first_line(ctx: &RCtx, text: &str, w: f32) -> String {
    let lines = ctx.wrap(text, ROW, w);
    if lines.len() <= 1 {
        return lines.into_iter().next().unwrap_or_default();
    }
    let shorter = ctx.wrap(text, ROW, w - ctx.width("…", ROW));
    let mut line = shorter.into_iter().next().unwrap_or_default();
    line.push('…');
    line
}

/// The outcome's words, and the colour of the ones that need a look (no-show, cancelled).
fn outcome(l: &Labels, outcome: &BookingOutcome) -> (String, Option<TextStyle>) {
    let key = |k: &str| l.get(&format!("form.appointment.outcome.{k}"));
    match outcome {
        BookingOutcome::Booked => (key("booked"), None),
        BookingOutcome::Confirmed => (key("confirmed"), None),
        BookingOutcome::Arrived(_) => (key("arrived"), None),
        BookingOutcome::NoShow => (key("no_show"), Some(ROW.bold().color(RED))),
        BookingOutcome::Cancelled => (key("cancelled"), Some(ROW.color(MUTED))),
    }
}

/// Gives the texts of `b` that start within `xs` the `style`.
fn recolour(b: &mut Block, xs: std::ops::Range<f32>, style: TextStyle) {
    for prim in &mut b.prims {
        if let super::draw::Prim::Text { x, style: s, .. } = prim {
            if xs.contains(x) {
                *s = style;
            }
        }
    }
}

/// The weekday's short name in the form's language.
pub(super) fn weekday(l: &Labels, date: NaiveDate) -> String {
    let code = match date.weekday() {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    };
    l.get(&format!("form.appointment.weekday.{code}"))
}

/// "7 Dec" or "12月7日": a day within a period whose year is already printed.
pub(super) fn short_date(l: &Labels, date: NaiveDate) -> String {
    let full = l.date(date);
    let year = date.year().to_string();
    if full.starts_with(&year) {
        // 2026年12月7日 → 12月7日
        full.trim_start_matches(&year)
            .trim_start_matches('年')
            .to_string()
    } else {
        full.trim_end_matches(&year).trim_end().to_string()
    }
}

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
