//! The printed appointment tally (预约统计表): per day and per week of a period, how many
//! were booked, confirmed, arrived, missed, cancelled and turned into jobs, the deposits
//! taken and applied, and the show rate (arrived ÷ booked); the period's totals last.
//! Every figure comes counted from the caller: the form draws, it does not count.
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::appointment_register::{short_date, weekday};
use super::blocks::{cell_row, col, paragraph, table_header, table_row, Cell, Col, Ctx};
use super::blocks::{SECTION_GAP, SMALL, THIN};
use super::draw::{Align, Block, TextStyle, ACCENT, MUTED, TINT};
use super::estimate::format_percent;
use super::flow::{Flow, LEFT, WIDTH};
use super::period_paper::{period, period_strip, PeriodPaper};
use super::{FormError, FormFonts, FormLang, ShopHeader};

/// Everything the printed tally shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentTallyDoc {
    pub shop: ShopHeader,
    /// The first and last day of the period, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// ISO 4217 code of every amount, e.g. `CNY`.
    pub currency: String,
    /// When the tally was printed (the shell's clock).
    pub printed_at: NaiveDateTime,
    /// The weeks of the period in order, each with its days.
    pub weeks: Vec<TallyWeek>,
    /// The whole period.
    pub total: TallyCounts,
}

/// One week (or the part of it inside the period) with its days and its sums.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TallyWeek {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<TallyDay>,
    pub total: TallyCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TallyDay {
    pub date: NaiveDate,
    pub counts: TallyCounts,
}

/// The figures of a day, a week or the period, as counted by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TallyCounts {
    pub booked: u32,
    pub confirmed: u32,
    pub arrived: u32,
    pub no_show: u32,
    pub cancelled: u32,
    /// Appointments turned into jobs.
    pub jobs: u32,
    pub deposits_taken_minor: i64,
    pub deposits_applied_minor: i64,
    /// Arrived ÷ booked in basis points (8750 = 87.5 %); `None` when nothing was booked.
    pub show_rate_bp: Option<u32>,
}

type TCtx<'a> = Ctx<'a, AppointmentTallyDoc>;

/// Renders the tally as a PDF (A4; a month on one page).
pub fn render_appointment_tally(
    doc: &AppointmentTallyDoc,
    lang: FormLang,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let l = super::labels::Labels::new(lang);
    let period = period(&l, doc.from, doc.to);
    let seed = format!("tally-{}-{}", doc.from, doc.to);
    let paper = PeriodPaper {
        shop: &doc.shop,
        title_key: "form.appointment.tally.title",
        period: &period,
        printed_at: doc.printed_at,
        seed: &seed,
    };
    paper.render(fonts, lang, doc, |ctx, flow| {
        flow.put(period_strip(ctx, &period, doc.printed_at));
        flow.put(summary(ctx));
        flow.gap(SECTION_GAP * 2.0);
        table(ctx, flow);
        flow.gap(SECTION_GAP);
        let note = ctx.l.get("form.appointment.tally.note");
        for b in paragraph(ctx, LEFT, WIDTH, &note, SMALL.color(MUTED)) {
            flow.put(b);
        }
    })
}

/// The period's main figures, large, under the letterhead.
fn summary(ctx: &TCtx) -> Block {
    let l = &ctx.l;
    let t = &ctx.doc.total;
    let big = TextStyle::new(11.0).bold();
    let n = |v: u32| l.number(i64::from(v));
    let money = |minor: i64| l.money(minor, &ctx.doc.currency);
    cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.appointment.col.booked"), n(t.booked), 0.8).styled(big),
            Cell::new(l.get("form.appointment.col.arrived"), n(t.arrived), 0.8).styled(big),
            Cell::new(l.get("form.appointment.col.no_show"), n(t.no_show), 0.8).styled(big),
            Cell::new(l.get("form.appointment.col.show_rate"), rate(t), 0.8)
                .styled(big.color(ACCENT)),
            Cell::new(
                l.get("form.appointment.col.deposits_taken"),
                money(t.deposits_taken_minor),
                1.1,
            )
            .styled(big),
        ],
        false,
    )
}

/// "14–20 Dec" or "12月14日–20日" within a month, "28 Dec–3 Jan" across two.
fn days_span(l: &super::labels::Labels, from: NaiveDate, to: NaiveDate) -> String {
    let (first, last) = (short_date(l, from), short_date(l, to));
    if (from.year(), from.month()) != (to.year(), to.month()) {
        return format!("{first}–{last}");
    }
    match last.split_once('月') {
        // 12月14日–20日
        Some((_, day)) => format!("{first}–{day}"),
        // 14–20 Dec
        None => format!("{}–{last}", from.day()),
    }
}

fn rate(counts: &TallyCounts) -> String {
    counts
        .show_rate_bp
        .map_or_else(|| "—".to_string(), format_percent)
}

/// Day, booked, confirmed, arrived, no-show, cancelled, jobs, deposits taken and
/// applied, show rate: the page's 186 mm.
const COLS: [Col; 10] = [
    col(43.0, Align::Left),
    col(13.0, Align::Right),
    col(15.0, Align::Right),
    col(13.0, Align::Right),
    col(14.0, Align::Right),
    col(15.0, Align::Right),
    col(13.0, Align::Right),
    col(22.0, Align::Right),
    col(22.0, Align::Right),
    col(16.0, Align::Right),
];

const KEYS: [&str; 10] = [
    "form.appointment.col.day",
    "form.appointment.col.booked",
    "form.appointment.col.confirmed",
    "form.appointment.col.arrived",
    "form.appointment.col.no_show",
    "form.appointment.col.cancelled",
    "form.appointment.col.jobs",
    "form.appointment.col.deposits_taken",
    "form.appointment.col.deposits_applied",
    "form.appointment.col.show_rate",
];

const ROW: TextStyle = TextStyle::new(7.4);

/// Every day, each week closed by its sums on a tint, the period's totals framed last.
fn table(ctx: &TCtx, flow: &mut Flow) {
    let l = &ctx.l;
    let mut rows = Vec::new();
    for week in &ctx.doc.weeks {
        for day in &week.days {
            let label = format!("{}  {}", short_date(l, day.date), weekday(l, day.date));
            rows.push(counts_row(ctx, label, &day.counts, ROW, None));
        }
        let label = format!(
            "{} {}",
            l.get("form.appointment.tally.week"),
            days_span(l, week.from, week.to)
        );
        rows.push(counts_row(ctx, label, &week.total, ROW.bold(), Some(TINT)));
    }
    let label = l.get("form.appointment.tally.total");
    let style = TextStyle::new(8.2).bold();
    let mut total = counts_row(ctx, label, &ctx.doc.total, style, None);
    let h = total.h;
    total.hline(LEFT, LEFT + WIDTH, 0.0, 1.0, ACCENT);
    total.hline(LEFT, LEFT + WIDTH, h, 1.0, ACCENT);
    rows.push(total);
    let header = table_header(ctx, LEFT, &COLS, &KEYS);
    flow.table(None, header, rows);
}

fn counts_row(
    ctx: &TCtx,
    label: String,
    c: &TallyCounts,
    style: TextStyle,
    fill: Option<super::draw::Rgb>,
) -> Block {
    let l = &ctx.l;
    let n = |v: u32| l.number(i64::from(v));
    let money = |minor: i64| l.money(minor, &ctx.doc.currency);
    let cells = [
        label,
        n(c.booked),
        n(c.confirmed),
        n(c.arrived),
        n(c.no_show),
        n(c.cancelled),
        n(c.jobs),
        money(c.deposits_taken_minor),
        money(c.deposits_applied_minor),
        rate(c),
    ];
    let mut b = table_row(ctx, LEFT, &COLS, &cells, style, fill);
    if fill.is_some() {
        let h = b.h;
        b.hline(LEFT, LEFT + WIDTH, h, THIN, super::draw::RULE);
    }
    b
}
