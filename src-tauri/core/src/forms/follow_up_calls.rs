//! The follow-up calls on paper: the call record (跟踪服务客户电话记录表) — each call of a
//! day (or one call) as a box with what the customer said — and the call register
//! (跟踪服务电话登记表) — every call of a period, one line each, with the period's counts.
//! Both on the period paper of the appointment book; long lists run onto more pages.
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::blocks::{box_title, cell_row, Cell, Ctx, SECTION_GAP, VALUE};
use super::draw::{Align, Block, TextStyle, RED};
use super::flow::{Flow, LEFT, WIDTH};
use super::labels::Labels;
use super::register_table::{column, Column, RegisterPaper, RegisterTable};
use super::{FormError, FormFonts, FormLang, ShopHeader};

/// Everything a printing of the calls shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpCallsDoc {
    pub shop: ShopHeader,
    /// The first and last day, both included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub printed_at: NaiveDateTime,
    /// In the order made.
    pub calls: Vec<FollowUpEntry>,
    pub counts: FollowUpCounts,
}

/// One call as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpEntry {
    pub at: NaiveDateTime,
    pub job: String,
    pub customer: String,
    pub phone: String,
    pub plate: String,
    /// 1 or 2.
    pub stage: u8,
    pub reached: bool,
    /// `well`, `not_right` or `not_asked`.
    pub car_runs: String,
    pub score: Option<u8>,
    pub words: String,
    pub next_service_date: Option<NaiveDate>,
    pub next_service_km: Option<i64>,
    pub new_service: String,
    pub unhappy: bool,
    /// The check or comeback booked from the call.
    pub booking: Option<String>,
    /// What went to the supervisor, and who recorded it, when reported.
    pub problem: String,
    pub reported_to: Option<String>,
    pub called_by: String,
}

/// The period's counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpCounts {
    pub calls: u32,
    pub reached: u32,
    pub unhappy: u32,
    pub booked: u32,
    pub to_supervisor: u32,
    /// Call windows that closed in the period with nobody reached.
    pub missed: u32,
}

type FCtx<'a> = Ctx<'a, FollowUpCallsDoc>;

const ROW: TextStyle = TextStyle::new(6.6);

fn k(key: &str) -> String {
    format!("form.follow_up.{key}")
}

/// The call register (跟踪服务电话登记表) of the period.
pub fn render_follow_up_register(
    doc: &FollowUpCallsDoc,
    lang: FormLang,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    render(
        doc,
        lang,
        fonts,
        "form.follow_up.register.title",
        |ctx, flow| {
            register_table(ctx, flow);
            flow.gap(SECTION_GAP * 2.0);
            flow.put(counts(ctx));
        },
    )
}

/// The call record (跟踪服务客户电话记录表) of one call or one day's calls.
pub fn render_follow_up_record(
    doc: &FollowUpCallsDoc,
    lang: FormLang,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    render(
        doc,
        lang,
        fonts,
        "form.follow_up.record.title",
        |ctx, flow| {
            for e in &ctx.doc.calls {
                flow.put_together(record(ctx, e));
                flow.gap(SECTION_GAP * 2.0);
            }
            if ctx.doc.calls.is_empty() {
                flow.put(none(ctx));
            }
        },
    )
}

fn render(
    doc: &FollowUpCallsDoc,
    lang: FormLang,
    fonts: &FormFonts,
    title_key: &str,
    body: impl FnOnce(&FCtx, &mut Flow),
) -> Result<Vec<u8>, FormError> {
    let paper = RegisterPaper {
        shop: &doc.shop,
        title_key,
        from: doc.from,
        to: doc.to,
        printed_at: doc.printed_at,
        seed: title_key,
    };
    paper.render(fonts, lang, doc, body)
}

fn none(ctx: &FCtx) -> Block {
    let style = TextStyle::new(8.0);
    let mut b = Block::new(style.leading() + 2.0);
    b.text(LEFT, style.leading(), style, ctx.l.get(&k("none")));
    b
}

/// Date and time, job, customer, phone, plate, call, result, score, car, next service,
/// what followed (booking, supervisor), who called: the page's 186 mm.
const COLUMNS: [Column; 12] = [
    column(17.0, Align::Left, "form.follow_up.col.at"),
    column(20.0, Align::Left, "form.follow_up.col.job"),
    column(15.0, Align::Left, "form.follow_up.col.customer"),
    column(18.0, Align::Left, "form.follow_up.col.phone"),
    column(15.0, Align::Left, "form.follow_up.col.plate"),
    column(8.0, Align::Center, "form.follow_up.col.stage"),
    column(14.0, Align::Left, "form.follow_up.col.result"),
    column(10.5, Align::Center, "form.follow_up.col.score"),
    column(14.0, Align::Left, "form.follow_up.col.car"),
    column(19.5, Align::Left, "form.follow_up.col.next"),
    column(22.0, Align::Left, "form.follow_up.col.followed"),
    column(13.0, Align::Left, "form.follow_up.col.by"),
];

fn result(l: &Labels, e: &FollowUpEntry) -> String {
    l.get(&k(if e.reached { "reached" } else { "not_reached" }))
}

fn car(l: &Labels, e: &FollowUpEntry) -> String {
    if e.reached {
        l.get(&k(&format!("car.{}", e.car_runs)))
    } else {
        String::new()
    }
}

fn next_service(l: &Labels, e: &FollowUpEntry) -> String {
    let date = e.next_service_date.map(|d| l.date(d));
    let km = e.next_service_km.map(|km| format!("{} km", l.number(km)));
    [date, km]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" / ")
}

fn followed(l: &Labels, e: &FollowUpEntry) -> String {
    let mut out = Vec::new();
    if let Some(b) = &e.booking {
        out.push(l.get_with(&k("booked"), &[("number", b.as_str())]));
    }
    if !e.problem.is_empty() {
        out.push(match &e.reported_to {
            Some(who) => l.get_with(&k("reported"), &[("name", who.as_str())]),
            None => l.get(&k("to_supervisor")),
        });
    }
    out.join("; ")
}

fn register_table(ctx: &FCtx, flow: &mut Flow) {
    let l = &ctx.l;
    let table = RegisterTable::new(&COLUMNS);
    let rows: Vec<Block> = ctx
        .doc
        .calls
        .iter()
        .map(|e| {
            let cells = [
                e.at.format("%m-%d %H:%M").to_string(),
                e.job.clone(),
                e.customer.clone(),
                e.phone.clone(),
                e.plate.clone(),
                e.stage.to_string(),
                result(l, e),
                e.score.map_or_else(String::new, |s| s.to_string()),
                car(l, e),
                next_service(l, e),
                followed(l, e),
                e.called_by.clone(),
            ];
            let style = if e.unhappy { ROW.color(RED) } else { ROW };
            table.row(ctx, &cells, style)
        })
        .collect();
    if rows.is_empty() {
        flow.put(none(ctx));
        return;
    }
    table.put(ctx, flow, rows);
}

fn counts(ctx: &FCtx) -> Block {
    let l = &ctx.l;
    let c = ctx.doc.counts;
    let n = |v: u32| l.number(i64::from(v));
    let cells = [
        ("count.calls", c.calls),
        ("count.reached", c.reached),
        ("count.unhappy", c.unhappy),
        ("count.booked", c.booked),
        ("count.to_supervisor", c.to_supervisor),
        ("count.missed", c.missed),
    ]
    .into_iter()
    .map(|(key, v)| Cell::new(l.get(&k(key)), n(v), 1.0).styled(VALUE.bold()))
    .collect::<Vec<_>>();
    let title = box_title(ctx, LEFT, WIDTH, "form.follow_up.counts");
    let row = cell_row(ctx, LEFT, WIDTH, &cells, false);
    super::blocks::stack(vec![title, row])
}

/// One call's box: who and when, then what was asked and said, in the order of the call
/// (how the car runs, the service, the next maintenance, new services, what followed).
fn record(ctx: &FCtx, e: &FollowUpEntry) -> Vec<Block> {
    let l = &ctx.l;
    let get = |key: &str| l.get(&k(key));
    let dash = |s: String| if s.is_empty() { "—".to_string() } else { s };
    let head = vec![
        Cell::new(get("col.job"), e.job.clone(), 1.2),
        Cell::new(get("col.customer"), e.customer.clone(), 1.2),
        Cell::new(get("col.phone"), e.phone.clone(), 1.1),
        Cell::new(get("col.plate"), e.plate.clone(), 0.9),
        Cell::new(get("col.at"), l.datetime(e.at), 1.3),
        Cell::new(get("col.stage"), e.stage.to_string(), 0.5),
        Cell::new(get("col.by"), e.called_by.clone(), 0.9),
    ];
    let score = e.score.map_or_else(String::new, |s| format!("{s} / 5"));
    let asked = vec![
        Cell::new(get("col.result"), result(l, e), 1.0),
        Cell::new(get("col.car"), dash(car(l, e)), 1.0),
        Cell::new(get("col.score"), dash(score), 0.8).styled(if e.unhappy {
            VALUE.bold().color(RED)
        } else {
            VALUE
        }),
        Cell::new(get("col.next"), dash(next_service(l, e)), 1.6),
        Cell::new(get("col.new_service"), dash(e.new_service.clone()), 1.6),
    ];
    let words = vec![Cell::new(get("col.words"), dash(e.words.clone()), 1.0)];
    let mut out = vec![
        cell_row(ctx, LEFT, WIDTH, &head, true),
        cell_row(ctx, LEFT, WIDTH, &asked, false),
        cell_row(ctx, LEFT, WIDTH, &words, false),
    ];
    if e.booking.is_some() || !e.problem.is_empty() {
        let mut cells = vec![Cell::new(get("col.followed"), dash(followed(l, e)), 1.0)];
        if !e.problem.is_empty() {
            cells.push(Cell::new(get("col.problem"), e.problem.clone(), 2.0));
        }
        out.push(cell_row(ctx, LEFT, WIDTH, &cells, false));
    }
    out
}
