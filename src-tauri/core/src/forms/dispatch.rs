//! The printed dispatch sheet (派工单) that goes with the car into the workshop: who takes
//! the job — one work group or technician assigned by the desk, or the workshop head for
//! several groups — the items with their planned hours, when the sheet was handed over
//! (交单时间), and the findings passed back to the desk with when, who told it and who
//! took it (记录通知时间和车间受话人), with ruled lines for those still to come.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::blocks::{cell_row, col, heading, paragraph, table_header, table_row, Cell, Ctx};
use super::blocks::{BODY, SECTION_GAP, SMALL, THIN, VALUE};
use super::customer_signature::sign_fields;
use super::draw::{Align, Block, TextStyle, MUTED, RULE};
use super::flow::{Flow, LEFT, WIDTH};
use super::workshop_sheet::{render_sheet, sheet_head, two_boxes, Sheet, SheetJob};
use super::workshop_sheet::{BOX_W, RIGHT_BOX};
use super::VehiclePart;
use super::{CustomerPart, FormError, FormFonts, FormOptions, Odometer, ShopHeader};
use crate::domain::dispatch::{DispatchItem, DispatchMode, FindingNotice};

/// Everything the printed sheet shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DispatchDoc {
    pub shop: ShopHeader,
    /// The work-order number, e.g. `WO-2026-00042`.
    pub number: String,
    pub opened_at: NaiveDateTime,
    pub promised_at: Option<NaiveDateTime>,
    pub customer: CustomerPart,
    pub vehicle: VehiclePart,
    pub odometer: Option<Odometer>,
    /// The complaint in the customer's own words.
    pub complaint: String,
    pub mode: DispatchMode,
    pub assigned_to: String,
    pub dispatched_by: String,
    /// 交单时间; `None` prints a line to write it on.
    pub handed_at: Option<NaiveDateTime>,
    pub items: Vec<DispatchItem>,
    pub notices: Vec<FindingNotice>,
}

type PCtx<'a> = Ctx<'a, DispatchDoc>;

const TITLE: &str = "form.dispatch.title";
/// Empty ruled rows for findings still to be written in by hand.
const BLANK_NOTICE_ROWS: usize = 3;

/// Renders the sheet as a PDF (A4, one page for a typical job).
pub fn render_dispatch(
    doc: &DispatchDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    render_sheet(doc, &sheet(doc), options, fonts, &[], |ctx, _| {
        let mut flow = Flow::new();
        flow.put(first_page(ctx));
        assignment(ctx, &mut flow);
        items(ctx, &mut flow);
        notices(ctx, &mut flow);
        receipt(ctx, &mut flow);
        flow
    })
}

fn sheet(doc: &DispatchDoc) -> Sheet<'_> {
    Sheet {
        shop: &doc.shop,
        number: &doc.number,
        plate: &doc.vehicle.plate,
        title_key: TITLE,
        kind: "dispatch",
    }
}

/// Planned minutes as decimal hours: 90 → "1.5", 100 → "1.67".
pub fn planned_hours(minutes: u32) -> String {
    let hundredths = (u64::from(minutes) * 100 + 30) / 60;
    let (whole, frac) = (hundredths / 100, hundredths % 100);
    match frac {
        0 => whole.to_string(),
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

fn first_page(ctx: &PCtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let when = |at: Option<NaiveDateTime>| at.map_or_else(|| "—".to_string(), |at| l.datetime(at));
    let strip = [
        Cell::new(l.get("form.dispatch.handed_at"), when(doc.handed_at), 1.0).styled(VALUE.bold()),
        Cell::new(l.get("form.opened_at"), l.datetime(doc.opened_at), 1.0),
        Cell::new(l.get("form.promised_at"), when(doc.promised_at), 1.0),
        Cell::new(
            l.get("form.dispatch.dispatched_by"),
            &doc.dispatched_by,
            1.0,
        ),
    ];
    let job = SheetJob {
        customer: &doc.customer,
        vehicle: &doc.vehicle,
        odometer: doc.odometer,
    };
    sheet_head(ctx, &sheet(doc), &strip, &job)
}

/// Who takes the job, and the complaint it started from.
fn assignment(ctx: &PCtx, flow: &mut Flow) {
    flow.gap(SECTION_GAP * 2.0);
    let doc = ctx.doc;
    let l = &ctx.l;
    let (mode_key, who_key) = match doc.mode {
        DispatchMode::SingleTeam => ("form.dispatch.mode.single_team", "form.dispatch.team"),
        DispatchMode::MultiTeam => ("form.dispatch.mode.multi_team", "form.dispatch.head"),
    };
    let row = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get(who_key), &doc.assigned_to, 1.0).styled(TextStyle::new(11.0).bold()),
            Cell::new(l.get("form.dispatch.mode"), l.get(mode_key), 1.6),
        ],
        true,
    );
    let complaint = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[Cell::new(
            l.get("form.dispatch.complaint"),
            if doc.complaint.is_empty() {
                "—"
            } else {
                &doc.complaint
            },
            1.0,
        )],
        false,
    );
    let heading = heading(ctx, LEFT, WIDTH, "form.dispatch.assignment");
    flow.section(heading, vec![row, complaint]);
}

/// The items with their planned hours and the total.
fn items(ctx: &PCtx, flow: &mut Flow) {
    flow.gap(SECTION_GAP * 2.0);
    let l = &ctx.l;
    let cols = [
        col(10.0, Align::Right),
        col(146.0, Align::Left),
        col(30.0, Align::Right),
    ];
    let header = table_header(
        ctx,
        LEFT,
        &cols,
        &["#", "form.dispatch.item", "form.dispatch.planned_hours"],
    );
    let hours = |m: u32| {
        if m == 0 {
            "—".to_string()
        } else {
            planned_hours(m)
        }
    };
    let mut rows: Vec<Block> = ctx
        .doc
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let cells = [
                (i + 1).to_string(),
                item.description.clone(),
                hours(item.planned_minutes),
            ];
            table_row(ctx, LEFT, &cols, &cells, BODY, None)
        })
        .collect();
    let total: u32 = ctx.doc.items.iter().map(|i| i.planned_minutes).sum();
    let cells = [
        String::new(),
        l.get("form.dispatch.planned_total"),
        planned_hours(total),
    ];
    rows.push(table_row(ctx, LEFT, &cols, &cells, BODY.bold(), None));
    let heading = heading(ctx, LEFT, WIDTH, "form.dispatch.items");
    flow.table(Some(heading), header, rows);
}

/// Findings passed to the desk, then blank rows for the ones still to come.
fn notices(ctx: &PCtx, flow: &mut Flow) {
    flow.gap(SECTION_GAP * 2.0);
    let l = &ctx.l;
    let cols = [
        col(30.0, Align::Left),
        col(32.0, Align::Left),
        col(92.0, Align::Left),
        col(32.0, Align::Left),
    ];
    let header = table_header(
        ctx,
        LEFT,
        &cols,
        &[
            "form.dispatch.notice.at",
            "form.dispatch.notice.reported_by",
            "form.dispatch.notice.what",
            "form.dispatch.notice.taken_by",
        ],
    );
    let mut rows: Vec<Block> = ctx
        .doc
        .notices
        .iter()
        .map(|n| {
            let mut what = n.what.clone();
            if n.additional_item_id.is_some() {
                what = format!("{what} ({})", l.get("form.dispatch.notice.additional"));
            }
            let cells = [
                l.datetime(n.at),
                n.reported_by.clone(),
                what,
                n.taken_by.clone(),
            ];
            table_row(ctx, LEFT, &cols, &cells, BODY, None)
        })
        .collect();
    for _ in 0..BLANK_NOTICE_ROWS {
        let mut row = Block::new(6.5);
        row.hline(LEFT, LEFT + WIDTH, 6.5, THIN, RULE);
        rows.push(row);
    }
    let heading = heading(ctx, LEFT, WIDTH, "form.dispatch.notices");
    flow.table(Some(heading), header, rows);
    let note = l.get("form.dispatch.notices_note");
    for line in paragraph(ctx, LEFT, WIDTH, &note, SMALL.color(MUTED)) {
        flow.put(line);
    }
}

/// The workshop signs for the sheet: name and time, by hand.
fn receipt(ctx: &PCtx, flow: &mut Flow) {
    flow.gap(SECTION_GAP * 3.0);
    let keys = ["form.dispatch.workshop_received", "form.dispatch.completed"];
    let mut b = two_boxes(ctx, 18.0, keys);
    let fields = [(11.0, "form.sign.name"), (15.5, "form.sign.time")];
    for x in [LEFT, RIGHT_BOX] {
        sign_fields(ctx, &mut b, x, x + BOX_W, &fields);
    }
    flow.put(b);
}
