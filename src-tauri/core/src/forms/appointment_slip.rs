//! The printed appointment slip (维修预约单): the booking as agreed with the customer — the
//! exact time (预约时间要写明确), the customer and the car (a new caller's name, phone and
//! plate are enough), the work wanted in the customer's words, the parts to prepare with
//! the deposit taken against them (预交定金，不少于原价的二分之一), what to bring (保修手册),
//! and how it was agreed: signed on this slip, or by phone with the call recorded.
mod deposit;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::blocks::{cell_row, col, heading, paragraph, stack, table_header, table_row};
use super::blocks::{Cell, Col, Ctx, CELL_PAD, SECTION_GAP, THIN, VALUE};
use super::customer_signature::{fingerprint, sign_section};
use super::draw::{Align, Block, TextStyle, ACCENT, INK, RULE, TINT};
use super::estimate::ApprovalPart;
use super::flow::{Flow, LEFT, WIDTH};
use super::header::{framed_pages, letterhead, Running};
use super::labels::{Labels, When};
use super::{pdfout, FormError, FormFonts, FormOptions, ShopHeader};
use crate::domain::settlement::PaymentMethod;

/// Everything the printed appointment slip shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentSlipDoc {
    pub shop: ShopHeader,
    /// The appointment's number as printed, e.g. `APPT-2026-00012`.
    pub number: String,
    /// When it was written in the book.
    pub booked_at: NaiveDateTime,
    /// The booked day and exact time (预约时间), the shop's local time.
    pub starts_at: NaiveDateTime,
    /// The expected duration of the work.
    pub duration_minutes: u32,
    /// The bay kept free, once one is assigned.
    pub bay: Option<u32>,
    /// The service advisor who took the booking.
    pub advisor: String,
    pub customer: AppointmentCustomer,
    pub vehicle: AppointmentVehicle,
    /// What is wanted, in the customer's own words (客户原话), never rephrased.
    pub wanted_work: String,
    /// ISO 4217 code of every amount, e.g. `CNY`.
    pub currency: String,
    /// The parts the stores prepare; none when nothing is ordered.
    pub parts: Vec<SlipPart>,
    /// The sum of the parts' amounts (checked against the printed lines).
    pub parts_minor: i64,
    /// The expected price of the whole job, when one was given.
    pub expected_price_minor: Option<i64>,
    /// The least deposit (half the parts' price) when parts are ordered for the customer.
    pub deposit_min_minor: Option<i64>,
    /// The deposit taken, once taken.
    pub deposit: Option<SlipDeposit>,
    /// Remind the customer to bring the maintenance handbook (保修手册).
    pub bring_handbook: bool,
    /// Anything else the desk wrote down.
    pub note: String,
    /// How the customer agreed (signed here, by phone…); `None` leaves the place to sign.
    pub agreement: Option<ApprovalPart>,
}

/// Who is coming: a customer on file, or a new caller taken with name, phone and plate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentCustomer {
    pub name: String,
    pub phone: String,
    /// No customer file yet: completed on arrival.
    pub new_caller: bool,
}

/// The car as far as it is known when booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentVehicle {
    pub plate: String,
    /// Empty when not known yet.
    pub make: String,
    pub model: String,
    pub vin: Option<String>,
}

/// One part to prepare, as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlipPart {
    pub description: String,
    pub qty: u32,
    pub unit_price_minor: i64,
    pub amount_minor: i64,
}

/// The deposit taken against the parts, as its receipt says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlipDeposit {
    pub amount_minor: i64,
    pub receipt_number: String,
    pub method: PaymentMethod,
    pub taken_at: NaiveDateTime,
    pub taken_by: String,
    /// The supervisor who allowed less than half the parts' price.
    pub below_half_allowed_by: Option<String>,
}

type ACtx<'a> = Ctx<'a, AppointmentSlipDoc>;

/// Renders the appointment slip as a PDF (A4, one page for a typical booking).
pub fn render_appointment_slip(
    doc: &AppointmentSlipDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    validate(doc)?;
    let l = Labels::new(options.lang);
    let title = l.get("form.appointment.title");
    let (mut pdf, font) = pdfout::numbered_pdf(fonts, options, &doc.shop, &title, &doc.number);
    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, doc.shop.logo_png.as_deref(), "shop logo")?;
    let png = doc
        .agreement
        .as_ref()
        .filter(|_| !options.blank_signatures)
        .and_then(|a| a.signature_png.as_deref());
    let signature = pictures.add_some(&mut pdf, png, "signature of the customer")?;
    let ctx = ACtx::new(fonts, l, doc, logo);
    let mut flow = Flow::new();
    flow.put(first_page(&ctx));
    wanted_and_parts(&ctx, &mut flow);
    deposit::price_and_deposit(&ctx, &mut flow);
    before_you_come(&ctx, &mut flow);
    let agreed = doc.agreement.as_ref().filter(|_| !options.blank_signatures);
    let row = agreed.map(|a| agreement_row(&ctx, a));
    let keys = ["form.appointment.unsigned", "form.appointment.sign_pending"];
    sign_section(
        &ctx,
        &mut flow,
        "form.appointment.agreement",
        row,
        signature,
        keys,
    );

    let running = Running {
        shop: &doc.shop.name,
        title_key: "form.appointment.title",
        number: &doc.number,
        plate: &doc.vehicle.plate,
    };
    let images = &pictures.placed;
    let pages = framed_pages(&ctx, &flow, &font, images, &running, options, false);
    pdfout::save(pdf.with_pages(pages))
}

/// Letterhead; the booked time, duration, bay, booking and advisor; who and which car.
fn first_page(ctx: &ACtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let mut b = letterhead(ctx, &doc.shop, "form.appointment.title", &doc.number);
    let bay = doc.bay.map_or_else(
        || l.get("form.appointment.bay_open"),
        |n| l.get_with("form.appointment.bay_n", &[("n", &n.to_string())]),
    );
    let time = TextStyle::new(12.0).bold().color(ACCENT);
    let strip = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(
                l.get("form.appointment.starts_at"),
                l.datetime(doc.starts_at),
                1.5,
            )
            .styled(time),
            Cell::new(
                l.get("form.appointment.duration"),
                duration(l, doc.duration_minutes),
                0.8,
            ),
            Cell::new(l.get("form.appointment.bay"), bay, 0.7),
            Cell::new(
                l.get("form.appointment.booked_at"),
                l.datetime(doc.booked_at),
                1.0,
            ),
            Cell::new(l.get("form.advisor"), &doc.advisor, 0.8),
        ],
        true,
    );
    let dy = b.h;
    b.place(strip, dy);

    let c = &doc.customer;
    let v = &doc.vehicle;
    let mut name = c.name.clone();
    if c.new_caller {
        name = format!("{name} · {}", l.get("form.appointment.new_caller"));
    }
    let dash = |s: &str| {
        let s = s.trim();
        if s.is_empty() { "—" } else { s }.to_string()
    };
    let make_model = dash(&format!("{} {}", v.make, v.model));
    let vin = dash(v.vin.as_deref().unwrap_or(""));
    let parties = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.customer.name"), name, 1.0).styled(VALUE.bold()),
            Cell::new(l.get("form.customer.phones"), &c.phone, 0.9),
            Cell::new(l.get("form.vehicle.plate"), &v.plate, 0.8)
                .styled(TextStyle::new(11.0).bold()),
            Cell::new(l.get("form.appointment.make_model"), make_model, 1.0),
            Cell::new(l.get("form.vehicle.vin"), vin, 1.3),
        ],
        false,
    );
    let dy = b.h;
    b.place(parties, dy);
    b
}

/// "1 h 30 min" in the form's language.
fn duration(l: &Labels, minutes: u32) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    let args = [("h", hours.to_string()), ("min", rest.to_string())];
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    match (hours, rest) {
        (0, _) => l.get_with("form.appointment.minutes", &args),
        (_, 0) => l.get_with("form.appointment.hours", &args),
        _ => l.get_with("form.appointment.hours_minutes", &args),
    }
}

/// No., description, qty, unit price, amount: the page's 186 mm.
const PART_COLS: [Col; 5] = [
    col(10.0, Align::Right),
    col(104.0, Align::Left),
    col(16.0, Align::Right),
    col(28.0, Align::Right),
    col(28.0, Align::Right),
];

const PART_KEYS: [&str; 5] = [
    "form.appointment.col.no",
    "form.appointment.col.part",
    "form.appointment.col.qty",
    "form.appointment.col.unit_price",
    "form.appointment.col.amount",
];

const ROW: TextStyle = TextStyle::new(7.6);

/// The work wanted in the customer's words, then the parts to prepare with their sum.
fn wanted_and_parts(ctx: &ACtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let l = &ctx.l;
    flow.gap(SECTION_GAP * 1.5);
    let title = heading(ctx, LEFT, WIDTH, "form.appointment.wanted");
    let body = TextStyle::new(9.0);
    flow.section(
        title,
        paragraph(ctx, LEFT, WIDTH, doc.wanted_work.trim(), body),
    );
    if doc.parts.is_empty() {
        return;
    }
    flow.gap(SECTION_GAP * 1.5);
    let money = |minor: i64| l.money(minor, &doc.currency);
    let mut rows: Vec<Block> = doc
        .parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let cells = [
                (i + 1).to_string(),
                part.description.clone(),
                l.number(i64::from(part.qty)),
                money(part.unit_price_minor),
                money(part.amount_minor),
            ];
            table_row(ctx, LEFT, &PART_COLS, &cells, ROW, None)
        })
        .collect();
    let style = ROW.bold();
    let mut sum = Block::new(style.leading() + 1.6);
    let y = 0.8 + style.leading() * 0.76;
    let right = LEFT + WIDTH;
    let label = l.get("form.appointment.parts_total");
    let label_x = right - PART_COLS[4].w - CELL_PAD;
    sum.text_aligned(label_x, y, style, Align::Right, label);
    let total = money(doc.parts_minor);
    sum.text_aligned(right - CELL_PAD, y, style, Align::Right, total);
    sum.hline(LEFT, right, sum.h, THIN, RULE);
    rows.push(sum);
    let title = heading(ctx, LEFT, WIDTH, "form.appointment.parts");
    let header = table_header(ctx, LEFT, &PART_COLS, &PART_KEYS);
    flow.table(Some(title), header, rows);
}

/// What the customer should know before coming: the handbook, the reminder call, being
/// served first; then the desk's own note.
fn before_you_come(ctx: &ACtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let l = &ctx.l;
    flow.gap(SECTION_GAP * 1.5);
    let mut lines = Vec::new();
    if doc.bring_handbook {
        let text = l.get("form.appointment.bring_handbook");
        lines.push((text, TextStyle::new(8.6).bold().color(INK)));
    }
    let remind = l.get_with_date(
        "form.appointment.reminder_call",
        ("date", When::Day(doc.starts_at.date())),
        &[],
    );
    lines.push((remind, TextStyle::new(7.6)));
    lines.push((l.get("form.appointment.served_first"), TextStyle::new(7.6)));
    let inner = WIDTH - 2.0 * CELL_PAD - 3.0;
    let mut body = Vec::new();
    for (text, style) in lines {
        for (i, line) in ctx.wrap(&text, style, inner).into_iter().enumerate() {
            let mut b = Block::new(style.leading());
            let y = style.leading() * 0.76;
            if i == 0 {
                b.text(LEFT + CELL_PAD, y, style, "•");
            }
            b.text(LEFT + CELL_PAD + 3.0, y, style, line);
            body.push(b);
        }
    }
    let mut boxed = stack(body);
    let h = boxed.h + 2.4;
    let mut framed = Block::new(h);
    framed.rect(LEFT, 0.0, WIDTH, h, Some(TINT), None);
    framed.vline(LEFT, 0.0, h, 1.6, ACCENT);
    boxed.h = 0.0;
    framed.place(boxed, 1.2);
    framed.h = h;
    let title = heading(ctx, LEFT, WIDTH, "form.appointment.before");
    flow.put_together(vec![title, Block::new(0.8), framed]);
    if !doc.note.trim().is_empty() {
        flow.gap(SECTION_GAP);
        let title = heading(ctx, LEFT, WIDTH, "form.appointment.note");
        let body = paragraph(ctx, LEFT, WIDTH, doc.note.trim(), TextStyle::new(7.8));
        flow.section(title, body);
    }
}

/// How the customer agreed, who, who recorded it, when and the fingerprint if any.
fn agreement_row(ctx: &ACtx, agreement: &ApprovalPart) -> Block {
    let l = &ctx.l;
    let channel = l.get(&format!(
        "form.estimate.channel.{}",
        agreement.channel.as_str()
    ));
    let mut cells = vec![
        Cell::new(l.get("form.estimate.approval.channel"), channel, 1.0),
        Cell::new(
            l.get("form.appointment.agreed_by"),
            &agreement.approved_by,
            1.0,
        )
        .styled(VALUE.bold()),
        Cell::new(
            l.get("form.estimate.approval.recorded_by"),
            &agreement.recorded_by,
            0.9,
        ),
        Cell::new(
            l.get("form.estimate.approval.at"),
            l.datetime(agreement.at),
            1.0,
        ),
    ];
    let digits = fingerprint(&agreement.fingerprint_hex);
    if !digits.is_empty() {
        cells.push(Cell::new(l.get("form.sign.fingerprint"), digits, 0.9));
    }
    cell_row(ctx, LEFT, WIDTH, &cells, true)
}

fn validate(doc: &AppointmentSlipDoc) -> Result<(), FormError> {
    let sum = doc
        .parts
        .iter()
        .try_fold(0i64, |acc, p| acc.checked_add(p.amount_minor));
    if sum != Some(doc.parts_minor) {
        return Err(FormError::Invalid {
            field: "partsMinor".into(),
            reason: format!(
                "{} is not the sum of the {} parts printed ({sum:?})",
                doc.parts_minor,
                doc.parts.len()
            ),
        });
    }
    Ok(())
}
