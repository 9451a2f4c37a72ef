//! The customer file sheet (客户档案资料表): the customer (name, company, phones, address,
//! on file since, consent to calls, the service hoped for), each vehicle with its kind,
//! purchase date and dealer, maintenance interval and next service (≈ when estimated),
//! then every job, payment, contact, follow-up call and complaint. One page for a typical
//! customer; a long history runs on with the tables' headers repeated.
use chrono::NaiveDate;

use super::blocks::{cell_row, heading, paragraph, table_header, table_row, Cell, Col, Ctx};
use super::blocks::{col, BODY, SECTION_GAP};
use super::customer_file_doc::CustomerFileDoc;
use super::draw::{Align, TextStyle, MUTED};
use super::flow::{Flow, LEFT, WIDTH};
use super::period_paper::PeriodPaper;
use super::{FormError, FormFonts, FormLang};

type FCtx<'a> = Ctx<'a, CustomerFileDoc>;

const ROW: TextStyle = TextStyle::new(6.8);
const K: &str = "form.customer_file.";

/// Renders the sheet as a PDF (A4).
pub fn render_customer_file(
    doc: &CustomerFileDoc,
    lang: FormLang,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let seed = format!("customer-file-{}", doc.number);
    let paper = PeriodPaper {
        shop: &doc.shop,
        title_key: "form.customer_file.title",
        period: &doc.number,
        printed_at: doc.printed_at,
        seed: &seed,
    };
    paper.render(fonts, lang, doc, |ctx, flow| {
        customer(ctx, flow);
        vehicles(ctx, flow);
        jobs(ctx, flow);
        payments(ctx, flow);
        contacts(ctx, flow);
        calls(ctx, flow);
        complaints(ctx, flow);
    })
}

fn key(name: &str) -> String {
    format!("{K}{name}")
}

fn text(ctx: &FCtx, name: &str) -> String {
    ctx.l.get(&key(name))
}

fn day(ctx: &FCtx, d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "—".into(), |d| ctx.l.date(d))
}

fn km(ctx: &FCtx, km: Option<i64>) -> String {
    km.map_or_else(|| "—".into(), |k| format!("{} km", ctx.l.number(k)))
}

fn customer(ctx: &FCtx, flow: &mut Flow) {
    let c = &ctx.doc.customer;
    let l = &ctx.l;
    let or_dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let consent = text(
        ctx,
        if c.agrees_to_follow_up {
            "consent.yes"
        } else {
            "consent.no"
        },
    );
    let first = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.customer.name"), &c.name, 1.4).styled(TextStyle::new(9.0).bold()),
            Cell::new(l.get("form.customer.company"), or_dash(&c.company), 1.4),
            Cell::new(
                l.get("form.customer.phones"),
                or_dash(&c.phones.join(", ")),
                1.4,
            ),
            Cell::new(text(ctx, "since"), l.date(c.since), 0.9),
        ],
        true,
    );
    let second = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.customer.address"), or_dash(&c.address), 2.3),
            Cell::new(text(ctx, "contact_person"), or_dash(&c.contact_person), 1.0),
            Cell::new(text(ctx, "consent"), consent, 1.8),
        ],
        false,
    );
    let wishes = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[Cell::new(text(ctx, "wishes"), or_dash(&c.wishes), 1.0)],
        false,
    );
    flow.put_together(vec![first, second, wishes]);
}

const VCOLS: [Col; 8] = [
    col(19.0, Align::Left),
    col(34.0, Align::Left),
    col(13.0, Align::Left),
    col(31.0, Align::Left),
    col(23.0, Align::Left),
    col(17.0, Align::Right),
    col(19.0, Align::Left),
    col(30.0, Align::Left),
];

fn vehicles(ctx: &FCtx, flow: &mut Flow) {
    let keys: Vec<String> = [
        "form.vehicle.plate",
        "form.vehicle.make_model",
        "form.customer_file.col.kind",
        "form.customer_file.col.purchase",
        "form.customer_file.col.interval",
        "form.customer_file.col.odometer",
        "form.customer_file.col.last_service",
        "form.customer_file.col.next_due",
    ]
    .map(String::from)
    .to_vec();
    let rows = ctx
        .doc
        .vehicles
        .iter()
        .map(|v| {
            let l = &ctx.l;
            let purchase = match (v.purchase_date, v.dealer.trim()) {
                (None, "") => "—".to_string(),
                (d, dealer) => format!("{} {dealer}", d.map_or(String::new(), |d| l.date(d)))
                    .trim()
                    .to_string(),
            };
            let interval = l.get_with(
                &key("interval"),
                &[
                    ("km", &l.number(i64::from(v.interval_km))),
                    ("months", &v.interval_months.to_string()),
                ],
            );
            let next = match v.next_due {
                None => "—".to_string(),
                Some(d) => {
                    let approx = if v.estimated { "≈ " } else { "" };
                    format!("{approx}{} · {}", l.date(d), km(ctx, v.next_due_km))
                }
            };
            let mut car = [v.make_model.as_str(), v.colour.as_str()]
                .iter()
                .filter(|s| !s.trim().is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" · ");
            if !v.vin.trim().is_empty() {
                car = format!("{car}\n{}", v.vin);
            }
            vec![
                v.plate.clone(),
                car,
                l.get(&format!("care.kind.{}", v.kind.as_str())),
                purchase,
                interval,
                km(ctx, v.odometer),
                day(ctx, v.last_service),
                next,
            ]
        })
        .collect();
    table(ctx, flow, "vehicles", &VCOLS, &keys, rows);
    if ctx.doc.vehicles.iter().any(|v| v.estimated) {
        let note = paragraph(
            ctx,
            LEFT,
            WIDTH,
            &text(ctx, "estimated_note"),
            ROW.color(MUTED),
        );
        flow.put_together(note);
    }
}

const JCOLS: [Col; 7] = [
    col(20.0, Align::Left),
    col(27.0, Align::Left),
    col(19.0, Align::Left),
    col(18.0, Align::Right),
    col(56.0, Align::Left),
    col(25.0, Align::Left),
    col(21.0, Align::Right),
];

fn jobs(ctx: &FCtx, flow: &mut Flow) {
    let keys = [
        "date",
        "job",
        "plate",
        "odometer",
        "work",
        "settlement",
        "total",
    ]
    .map(|k| key(&format!("col.{k}")))
    .to_vec();
    let rows = ctx
        .doc
        .jobs
        .iter()
        .map(|j| {
            vec![
                ctx.l.date(j.date),
                j.number.clone(),
                j.plate.clone(),
                km(ctx, j.odometer),
                j.work.clone(),
                j.settlement.clone(),
                j.total_minor
                    .map_or_else(String::new, |m| ctx.l.money(m, &ctx.doc.currency)),
            ]
        })
        .collect();
    table(ctx, flow, "jobs", &JCOLS, &keys, rows);
}

const PCOLS: [Col; 5] = [
    col(30.0, Align::Left),
    col(40.0, Align::Left),
    col(46.0, Align::Left),
    col(40.0, Align::Right),
    col(30.0, Align::Left),
];

fn payments(ctx: &FCtx, flow: &mut Flow) {
    let keys = ["date", "job", "method", "amount", "note"]
        .map(|k| key(&format!("col.{k}")))
        .to_vec();
    let rows = ctx
        .doc
        .payments
        .iter()
        .map(|p| {
            vec![
                ctx.l.date(p.date),
                p.job.clone(),
                ctx.l.get(&format!("payment.method.{}", p.method)),
                ctx.l.money(p.amount_minor, &ctx.doc.currency),
                if p.voided {
                    text(ctx, "voided")
                } else {
                    String::new()
                },
            ]
        })
        .collect();
    table(ctx, flow, "payments", &PCOLS, &keys, rows);
}

const CCOLS: [Col; 4] = [
    col(24.0, Align::Left),
    col(30.0, Align::Left),
    col(102.0, Align::Left),
    col(30.0, Align::Left),
];

fn contacts(ctx: &FCtx, flow: &mut Flow) {
    let keys = ["date", "kind_contact", "note", "staff"]
        .map(|k| key(&format!("col.{k}")))
        .to_vec();
    let rows = ctx
        .doc
        .contacts
        .iter()
        .map(|c| {
            vec![
                ctx.l.date(c.date),
                ctx.l.get(&format!("care.contact.{}", c.kind.as_str())),
                match c.lost_reason {
                    Some(r) => format!(
                        "{}: {}",
                        ctx.l.get(&format!("care.lost.{}", r.as_str())),
                        c.note
                    ),
                    None => c.note.clone(),
                },
                c.staff.clone(),
            ]
        })
        .collect();
    table(ctx, flow, "contacts", &CCOLS, &keys, rows);
}

fn calls(ctx: &FCtx, flow: &mut Flow) {
    let keys = ["date", "job", "note", "staff"]
        .map(|k| key(&format!("col.{k}")))
        .to_vec();
    let rows = ctx
        .doc
        .calls
        .iter()
        .map(|c| {
            vec![
                ctx.l.date(c.date),
                c.job.clone(),
                if c.reached {
                    c.summary.clone()
                } else {
                    format!("{} {}", ctx.l.get("fu.reached_no"), c.summary)
                        .trim_end()
                        .to_string()
                },
                c.staff.clone(),
            ]
        })
        .collect();
    table(ctx, flow, "calls", &CCOLS, &keys, rows);
}

fn complaints(ctx: &FCtx, flow: &mut Flow) {
    let keys = ["date", "number", "note", "state"]
        .map(|k| key(&format!("col.{k}")))
        .to_vec();
    let rows = ctx
        .doc
        .complaints
        .iter()
        .map(|c| {
            vec![
                ctx.l.date(c.date),
                c.number.clone(),
                c.summary.clone(),
                ctx.l.get(&format!("complaints.state.{}", c.state)),
            ]
        })
        .collect();
    table(ctx, flow, "complaints", &CCOLS, &keys, rows);
}

/// A titled table; an empty one prints its title and "none on file" on one line.
fn table(
    ctx: &FCtx,
    flow: &mut Flow,
    name: &str,
    cols: &[Col],
    keys: &[String],
    rows: Vec<Vec<String>>,
) {
    flow.gap(SECTION_GAP * 1.5);
    let mut title = heading(ctx, LEFT, WIDTH, &key(&format!("section.{name}")));
    if rows.is_empty() {
        let none = text(ctx, "none");
        let y = title.h - 2.4;
        title.text_aligned(LEFT + WIDTH, y, BODY.color(MUTED), Align::Right, none);
        flow.put(title);
        return;
    }
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let header = table_header(ctx, LEFT, cols, &keys);
    let rows = rows
        .iter()
        .map(|cells| table_row(ctx, LEFT, cols, cells, ROW, None))
        .collect();
    flow.table(Some(title), header, rows);
}
