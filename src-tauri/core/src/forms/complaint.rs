//! The printed complaint sheet (投诉事件处理单), filled by whoever takes the complaint:
//! when and how it came, the customer and the car, the job it concerns (and whether that
//! job is a comeback within its guarantee), the customer's own words, the kind, the
//! demands ticked, the promised answer time, each step, the answer and whether the
//! customer was satisfied, and the boxes signed by the taker and the supervisor.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::blocks::{cell_row, col, heading, paragraph, table_header, table_row, Cell};
use super::blocks::{Ctx, BODY, SECTION_GAP, THIN, VALUE};
use super::draw::{Align, Block, TextStyle, INK, RED, RULE};
use super::flow::{Flow, LEFT, WIDTH};
use super::workshop_sheet::{render_sheet, sheet_head, two_boxes, Sheet, SheetJob};
use super::workshop_sheet::{BOX_W, RIGHT_BOX};
use super::{CustomerPart, FormError, FormFonts, FormOptions, ShopHeader, VehiclePart};
use crate::domain::complaint::{
    ComplaintChannel, ComplaintClosing, ComplaintDemand, ComplaintKind, ComplaintStep,
    GuaranteeStanding,
};

/// Everything the sheet shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComplaintSheetDoc {
    pub shop: ShopHeader,
    /// `C-2026-0007`.
    pub number: String,
    pub taken_at: NaiveDateTime,
    pub taken_by: String,
    pub channel: ComplaintChannel,
    pub kind: ComplaintKind,
    pub customer: CustomerPart,
    pub vehicle: VehiclePart,
    pub job_number: Option<String>,
    /// The earlier job the concerned job came back from, and its standing.
    pub comeback_of: Option<(String, GuaranteeStanding)>,
    pub words: String,
    pub demands: Vec<ComplaintDemand>,
    pub answer_by: Option<NaiveDateTime>,
    pub steps: Vec<ComplaintStep>,
    pub closing: Option<ComplaintClosing>,
}

type KCtx<'a> = Ctx<'a, ComplaintSheetDoc>;

const TITLE: &str = "form.complaint.title";
const TICK: f32 = 3.0;

/// Renders the sheet as a PDF (A4, one page for a typical complaint).
pub fn render_complaint_sheet(
    doc: &ComplaintSheetDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let sheet = sheet(doc);
    render_sheet(doc, &sheet, options, fonts, &[], |ctx, _| lay_out(ctx))
}

fn sheet(doc: &ComplaintSheetDoc) -> Sheet<'_> {
    Sheet {
        shop: &doc.shop,
        number: &doc.number,
        plate: &doc.vehicle.plate,
        title_key: TITLE,
        kind: "complaint",
    }
}

fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_string()
    } else {
        s.to_string()
    }
}

fn lay_out(ctx: &KCtx) -> Flow {
    let mut flow = Flow::new();
    flow.put(head(ctx));
    flow.gap(SECTION_GAP * 2.0);
    let words = paragraphs(ctx, &ctx.doc.words);
    flow.section(heading(ctx, LEFT, WIDTH, "form.complaint.words"), words);
    flow.gap(SECTION_GAP * 2.0);
    flow.section(
        heading(ctx, LEFT, WIDTH, "form.complaint.kind_and_demands"),
        vec![kind_and_demands(ctx)],
    );
    steps(ctx, &mut flow);
    answer(ctx, &mut flow);
    sign(ctx, &mut flow);
    flow
}

fn paragraphs(ctx: &KCtx, text: &str) -> Vec<Block> {
    let text = dash(text);
    text.lines()
        .flat_map(|p| paragraph(ctx, LEFT, WIDTH, p, BODY))
        .collect()
}

/// Letterhead, when and how it came, the customer and the car, the job concerned.
fn head(ctx: &KCtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let strip = [
        Cell::new(
            l.get("form.complaint.taken_at"),
            l.datetime(doc.taken_at),
            1.0,
        ),
        Cell::new(
            l.get("form.complaint.channel"),
            l.get(&format!("complaints.channel.{}", doc.channel.as_str())),
            1.0,
        ),
        Cell::new(l.get("form.complaint.taken_by"), dash(&doc.taken_by), 1.0),
        Cell::new(
            l.get("form.complaint.answer_by"),
            doc.answer_by.map_or("—".to_string(), |at| l.datetime(at)),
            1.0,
        )
        .styled(VALUE.bold()),
    ];
    let job = SheetJob {
        customer: &doc.customer,
        vehicle: &doc.vehicle,
        odometer: None,
    };
    let mut b = sheet_head(ctx, &sheet(doc), &strip, &job);
    // Origin and standing side by side: each half of a bilingual sheet says its own.
    let comeback = match &doc.comeback_of {
        Some((origin, standing)) => format!(
            "{origin} · {}",
            l.get(&format!("complaints.standing.{}", code(*standing)))
        ),
        None => "—".to_string(),
    };
    let row = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(
                l.get("form.complaint.job"),
                doc.job_number.clone().unwrap_or_else(|| "—".into()),
                1.0,
            ),
            Cell::new(l.get("form.complaint.comeback_label"), comeback, 3.0),
        ],
        false,
    );
    let dy = b.h;
    b.place(row, dy);
    b
}

fn code(standing: GuaranteeStanding) -> &'static str {
    match standing {
        GuaranteeStanding::Within => "within",
        GuaranteeStanding::OutsideDays => "outside_days",
        GuaranteeStanding::OutsideKm => "outside_km",
        GuaranteeStanding::NoGuarantee => "no_guarantee",
        GuaranteeStanding::Unknown => "unknown",
    }
}

/// A box, ticked or not, with its label; returns the x after it.
fn tick(ctx: &KCtx, b: &mut Block, x: f32, y: f32, on: bool, label: &str) -> f32 {
    b.rect(x, y, TICK, TICK, None, Some((THIN, INK)));
    if on {
        b.hline(x + 0.5, x + TICK - 0.5, y + TICK / 2.0, 1.4, INK);
        b.text(x + 0.45, y + TICK - 0.35, TextStyle::new(8.6).bold(), "X");
    }
    b.text(x + TICK + 1.2, y + TICK - 0.4, BODY, label);
    x + TICK + 1.2 + ctx.width(label, BODY) + 5.0
}

/// The three kinds and the five demands, the ones that apply ticked.
fn kind_and_demands(ctx: &KCtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let mut b = Block::new(13.0);
    b.text(
        LEFT,
        3.4,
        TextStyle::new(6.8).bold(),
        l.get("form.complaint.kind"),
    );
    let mut x = LEFT + 22.0;
    for kind in ComplaintKind::ALL {
        let label = l.get(&format!("complaints.kind.{}", kind.as_str()));
        x = tick(ctx, &mut b, x, 0.9, *kind == doc.kind, &label);
    }
    b.text(
        LEFT,
        10.4,
        TextStyle::new(6.8).bold(),
        l.get("form.complaint.demands"),
    );
    let mut x = LEFT + 22.0;
    for demand in ComplaintDemand::ALL {
        let label = l.get(&format!("complaints.demand.{}", demand.as_str()));
        if x + ctx.width(&label, BODY) + 6.0 > LEFT + WIDTH {
            break;
        }
        x = tick(ctx, &mut b, x, 7.9, doc.demands.contains(demand), &label);
    }
    b
}

/// Each step: when, who, what was done or said, the new answer time.
fn steps(ctx: &KCtx, flow: &mut Flow) {
    flow.gap(SECTION_GAP * 2.0);
    let l = &ctx.l;
    let cols = [
        col(8.0, Align::Right),
        col(30.0, Align::Left),
        col(26.0, Align::Left),
        col(92.0, Align::Left),
        col(30.0, Align::Left),
    ];
    let header = table_header(
        ctx,
        LEFT,
        &cols,
        &[
            "#",
            "form.complaint.step.at",
            "form.complaint.step.by",
            "form.complaint.step.action",
            "form.complaint.step.next",
        ],
    );
    let title = heading(ctx, LEFT, WIDTH, "form.complaint.steps");
    let mut rows: Vec<Block> = ctx
        .doc
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let cells = [
                (i + 1).to_string(),
                l.datetime(s.at),
                s.by.clone(),
                s.action.clone(),
                s.next_answer_by.map_or(String::new(), |at| l.datetime(at)),
            ];
            table_row(ctx, LEFT, &cols, &cells, BODY, None)
        })
        .collect();
    // Room to write the steps by hand on a sheet printed early.
    let blank = [
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ];
    while rows.len() < 3 {
        let mut row = table_row(ctx, LEFT, &cols, &blank, BODY, None);
        row.h = row.h.max(6.0);
        row.hline(LEFT, LEFT + WIDTH, row.h, THIN, RULE);
        rows.push(row);
    }
    flow.table(Some(title), header, rows);
}

/// The answer given, whether the customer was satisfied, compensation, who closed it.
fn answer(ctx: &KCtx, flow: &mut Flow) {
    flow.gap(SECTION_GAP * 2.0);
    let l = &ctx.l;
    let closing = ctx.doc.closing.as_ref();
    let mut body = match closing {
        Some(c) => paragraphs(ctx, &c.answer),
        None => {
            let mut blank = Block::new(14.0);
            for y in [6.0, 12.0] {
                blank.hline(LEFT, LEFT + WIDTH, y, THIN, RULE);
            }
            vec![blank]
        }
    };
    let mut b = Block::new(8.0);
    let x = tick(
        ctx,
        &mut b,
        LEFT,
        3.0,
        closing.is_some_and(|c| c.satisfied),
        &l.get("form.complaint.satisfied"),
    );
    let x = tick(
        ctx,
        &mut b,
        x,
        3.0,
        closing.is_some_and(|c| !c.satisfied),
        &l.get("form.complaint.not_satisfied"),
    );
    if ctx.doc.demands.contains(&ComplaintDemand::Compensation) {
        let agreed = closing.is_some_and(|c| c.compensation_agreed);
        tick(
            ctx,
            &mut b,
            x + 6.0,
            3.0,
            agreed,
            &l.get("form.complaint.compensation_agreed"),
        );
    }
    body.push(b);
    if let Some(c) = closing {
        let closed = l.get_with(
            "form.complaint.closed",
            &[("at", &l.datetime(c.closed_at)), ("by", &c.closed_by)],
        );
        body.extend(paragraph(ctx, LEFT, WIDTH, &closed, BODY));
    }
    flow.section(heading(ctx, LEFT, WIDTH, "form.complaint.answer"), body);
}

/// The taker's box and the supervisor's, with the names once known.
fn sign(ctx: &KCtx, flow: &mut Flow) {
    flow.gap(SECTION_GAP * 3.0);
    let l = &ctx.l;
    let doc = ctx.doc;
    let mut b = two_boxes(
        ctx,
        20.0,
        [
            "form.complaint.sign.taker",
            "form.complaint.sign.supervisor",
        ],
    );
    b.hline(LEFT + 1.6, LEFT + BOX_W - 1.6, 13.0, 0.5, INK);
    b.text(LEFT + 1.6, 17.0, VALUE, dash(&doc.taken_by));
    b.hline(RIGHT_BOX + 1.6, RIGHT_BOX + BOX_W - 1.6, 13.0, 0.5, INK);
    let supervisor = doc
        .closing
        .as_ref()
        .map(|c| c.supervisor.clone())
        .unwrap_or_default();
    if supervisor.is_empty() && doc.kind.for_supervisor() {
        b.text(
            RIGHT_BOX + 1.6,
            17.0,
            VALUE.color(RED),
            l.get("form.complaint.sign.needed"),
        );
    } else {
        b.text(RIGHT_BOX + 1.6, 17.0, VALUE, dash(&supervisor));
    }
    flow.put(b);
}
