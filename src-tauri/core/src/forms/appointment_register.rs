//! The printed appointment register (维修预约登记表): every booking of a period, day by
//! day in time order — who, which car, what is wanted, the deposit, how the reminder call
//! went and how it ended (arrived with its job number, no-show, cancelled, still booked).
//! Also the weekday and the short date it shares with the tally.
use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};

use super::blocks::{ascent, stack, Ctx, CELL_PAD, HAIRLINE};
use super::draw::{Align, Block, TextStyle, ACCENT, MUTED, RED, RULE, TINT};
use super::flow::{Flow, LEFT, WIDTH};
use super::labels::Labels;
use super::register_table::{column, Column, RegisterPaper, RegisterTable};
use super::{FormError, FormFonts, FormLang, ShopHeader};

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
    let paper = RegisterPaper {
        shop: &doc.shop,
        title_key: "form.appointment.register.title",
        from: doc.from,
        to: doc.to,
        printed_at: doc.printed_at,
        seed: "appointments",
    };
    paper.render(fonts, lang, doc, entries)
}

/// Time, number, customer, phone, plate, wanted work, deposit, reminder call, outcome and
/// the job an arrival became: the page's 186 mm, one line a booking in every language.
const COLUMNS: [Column; 10] = [
    column(10.0, Align::Left, "form.appointment.col.time"),
    column(23.0, Align::Left, "form.appointment.col.number"),
    column(14.0, Align::Left, "form.appointment.col.customer"),
    column(18.5, Align::Left, "form.appointment.col.phone"),
    column(18.5, Align::Left, "form.appointment.col.plate"),
    column(24.5, Align::Left, "form.appointment.col.wanted"),
    column(15.0, Align::Right, "form.appointment.col.deposit"),
    column(20.5, Align::Left, "form.appointment.col.reminder"),
    column(19.5, Align::Left, "form.appointment.col.outcome"),
    column(22.5, Align::Left, "form.appointment.col.job"),
];

const ROW: TextStyle = TextStyle::new(6.6);

/// The table: each day under its band, the band kept with the day's first booking.
fn entries(ctx: &RCtx, flow: &mut Flow) {
    let table = RegisterTable::new(&COLUMNS);
    let mut rows = Vec::new();
    for day in &ctx.doc.days {
        let band = day_band(ctx, day);
        let mut entries = day.entries.iter().map(|e| entry_row(ctx, &table, e));
        match entries.next() {
            Some(first) => rows.push(stack(vec![band, first])),
            None => rows.push(band),
        }
        rows.extend(entries);
    }
    if rows.is_empty() {
        return;
    }
    table.put(ctx, flow, rows);
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

fn entry_row(ctx: &RCtx, table: &RegisterTable, e: &RegisterEntry) -> Block {
    let l = &ctx.l;
    let short = first_line(ctx, &e.wanted_work, table.width(5) - 2.0 * CELL_PAD);
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
    let mut b = table.row(ctx, &cells, ROW);
    if let Some(style) = style {
        // The outcome again in its colour, over the plain text.
        let from = table.x(8);
        let to = from + table.width(8);
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
