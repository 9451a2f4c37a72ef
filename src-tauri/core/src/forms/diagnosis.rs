//! The printed diagnosis report (汽车检测诊断报告单), given to the customer: the complaint
//! in the customer's own words, the checks and measurements with their judgement, the road
//! test when one was needed (who drove, how far, what was observed), the findings, the
//! recommended work, and the technician's signature with its time.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::blocks::{cell_row, col, heading, paragraph, stack, table_header, table_row, Cell};
use super::blocks::{Ctx, ImageRef, BODY, LABEL, SECTION_GAP, SMALL, VALUE};
use super::customer_signature::sign_fields;
use super::draw::{Align, Block, Prim, HIGHLIGHT, INK, MUTED, RED};
use super::flow::{Flow, LEFT, WIDTH};
use super::workshop_sheet::{render_sheet, sheet_head, two_boxes, Sheet, SheetJob};
use super::workshop_sheet::{BOX_W, RIGHT_BOX};
use super::VehiclePart;
use super::{CustomerPart, FormError, FormFonts, FormOptions, Odometer, ShopHeader};
use crate::domain::diagnosis::{DiagnosisCheck, Judgement, RoadTest};

/// Everything the printed report shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiagnosisDoc {
    pub shop: ShopHeader,
    /// The work-order number, e.g. `WO-2026-00042`.
    pub number: String,
    pub opened_at: NaiveDateTime,
    pub advisor: String,
    pub customer: CustomerPart,
    pub vehicle: VehiclePart,
    pub odometer: Option<Odometer>,
    /// The complaint in the customer's own words (客户原话).
    pub complaint: String,
    pub checks: Vec<DiagnosisCheck>,
    pub road_test_needed: bool,
    pub road_test: Option<RoadTest>,
    pub findings: String,
    pub recommendation: String,
    pub technician: String,
    /// When the technician signed; `None` prints the place to sign.
    pub signed_at: Option<NaiveDateTime>,
    /// The technician's signature from the pad.
    pub signature_png: Option<Vec<u8>>,
    /// As of when the report speaks: the signature, else the last change.
    pub dated: NaiveDateTime,
}

type DCtx<'a> = Ctx<'a, DiagnosisDoc>;

const TITLE: &str = "form.diagnosis.title";

/// Renders the report as a PDF (A4, one page for a typical report).
pub fn render_diagnosis(
    doc: &DiagnosisDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    let png = doc.signature_png.as_deref();
    let pngs = [(png, "technician's signature")];
    render_sheet(doc, &sheet(doc), options, fonts, &pngs, |ctx, images| {
        lay_out(ctx, images.first().copied().flatten())
    })
}

fn sheet(doc: &DiagnosisDoc) -> Sheet<'_> {
    Sheet {
        shop: &doc.shop,
        number: &doc.number,
        plate: &doc.vehicle.plate,
        title_key: TITLE,
        kind: "diagnosis",
    }
}

fn lay_out(ctx: &DCtx, signature: Option<ImageRef>) -> Flow {
    let mut flow = Flow::new();
    flow.put(first_page(ctx));
    text_section(
        ctx,
        &mut flow,
        "form.diagnosis.complaint",
        &ctx.doc.complaint,
    );
    checks(ctx, &mut flow);
    road_test(ctx, &mut flow);
    text_section(ctx, &mut flow, "form.diagnosis.findings", &ctx.doc.findings);
    let recommendation = &ctx.doc.recommendation;
    text_section(
        ctx,
        &mut flow,
        "form.diagnosis.recommendation",
        recommendation,
    );
    flow.gap(SECTION_GAP);
    let note = ctx.l.get("form.diagnosis.note");
    for line in paragraph(ctx, LEFT, WIDTH, &note, SMALL.color(MUTED)) {
        flow.put(line);
    }
    sign(ctx, &mut flow, signature);
    flow
}

/// Letterhead, the strip of dates and people, the customer and the vehicle.
fn first_page(ctx: &DCtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let dash = |s: &str| {
        if s.is_empty() {
            "—".to_string()
        } else {
            s.to_string()
        }
    };
    let strip = [
        Cell::new(l.get("form.diagnosis.dated"), l.datetime(doc.dated), 1.0),
        Cell::new(l.get("form.opened_at"), l.datetime(doc.opened_at), 1.0),
        Cell::new(l.get("form.advisor"), dash(&doc.advisor), 1.0),
        Cell::new(
            l.get("form.diagnosis.technician"),
            dash(&doc.technician),
            1.0,
        )
        .styled(VALUE.bold()),
    ];
    let job = SheetJob {
        customer: &doc.customer,
        vehicle: &doc.vehicle,
        odometer: doc.odometer,
    };
    sheet_head(ctx, &sheet(doc), &strip, &job)
}

/// A heading and a wrapped text ("—" when empty).
fn text_section(ctx: &DCtx, flow: &mut Flow, key: &str, text: &str) {
    flow.gap(SECTION_GAP * 2.0);
    let text = if text.trim().is_empty() { "—" } else { text };
    let mut body = Vec::new();
    for para in text.lines() {
        body.extend(paragraph(ctx, LEFT, WIDTH, para, BODY));
    }
    flow.section(heading(ctx, LEFT, WIDTH, key), body);
}

/// The checks and measurements, a fault on a tinted row.
fn checks(ctx: &DCtx, flow: &mut Flow) {
    flow.gap(SECTION_GAP * 2.0);
    let l = &ctx.l;
    let cols = [
        col(10.0, Align::Right),
        col(88.0, Align::Left),
        col(56.0, Align::Left),
        col(32.0, Align::Left),
    ];
    let header = table_header(
        ctx,
        LEFT,
        &cols,
        &[
            "#",
            "form.diagnosis.check.item",
            "form.diagnosis.check.reading",
            "form.diagnosis.check.judgement",
        ],
    );
    let heading = heading(ctx, LEFT, WIDTH, "form.diagnosis.checks");
    if ctx.doc.checks.is_empty() {
        let none = paragraph(ctx, LEFT, WIDTH, &l.get("form.diagnosis.no_checks"), BODY);
        flow.section(heading, none);
        return;
    }
    let rows = ctx
        .doc
        .checks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let reading = format!("{} {}", c.reading, c.unit).trim().to_string();
            let (judgement, fill) = match c.judgement {
                Judgement::Ok => (l.get("form.diagnosis.judgement.ok"), None),
                Judgement::Fault => (l.get("form.diagnosis.judgement.fault"), Some(HIGHLIGHT)),
            };
            let cells = [(i + 1).to_string(), c.item.clone(), reading, judgement];
            table_row(ctx, LEFT, &cols, &cells, BODY, fill)
        })
        .collect();
    flow.table(Some(heading), header, rows);
}

/// The road test, or that none was needed.
fn road_test(ctx: &DCtx, flow: &mut Flow) {
    flow.gap(SECTION_GAP * 2.0);
    let l = &ctx.l;
    let doc = ctx.doc;
    let heading = heading(ctx, LEFT, WIDTH, "form.diagnosis.road_test");
    let Some(road) = doc.road_test.as_ref().filter(|_| doc.road_test_needed) else {
        let text = l.get("form.diagnosis.road_test.not_needed");
        flow.section(heading, paragraph(ctx, LEFT, WIDTH, &text, BODY));
        return;
    };
    let km = format!(
        "{} {}",
        l.number(i64::from(road.distance_km)),
        l.get("form.unit.km")
    );
    let cells = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.diagnosis.road_test.driver"), &road.driver, 1.0),
            Cell::new(l.get("form.diagnosis.road_test.distance"), km, 0.6),
            Cell::new(
                l.get("form.diagnosis.road_test.observed"),
                &road.observed,
                2.6,
            ),
        ],
        true,
    );
    flow.section(heading, vec![cells]);
}

/// The technician's signature with name and time, or the place to sign; beside it the
/// customer's acknowledgement of receipt, written by hand.
fn sign(ctx: &DCtx, flow: &mut Flow, image: Option<ImageRef>) {
    flow.gap(SECTION_GAP * 3.0);
    let l = &ctx.l;
    let doc = ctx.doc;
    let half = BOX_W;
    let keys = ["form.diagnosis.signature", "form.diagnosis.received"];
    let mut b = two_boxes(ctx, 24.0, keys);
    b.hline(LEFT + 1.6, LEFT + half - 1.6, 14.5, 0.5, INK);
    match (doc.signed_at, image) {
        (Some(at), image) => {
            if let Some(image) = image {
                let (w, ih) = image.fit(half - 30.0, 9.5);
                b.prims.push(Prim::Image {
                    index: image.index,
                    x: LEFT + 4.0,
                    y: 14.2 - ih,
                    w,
                    h: ih,
                });
            }
            let who = format!("{}  ·  {}", doc.technician, l.datetime(at));
            b.text(LEFT + 1.6, 18.6, VALUE, who);
        }
        (None, _) => {
            let fields = [(18.6, "form.sign.name"), (22.4, "form.sign.time")];
            sign_fields(ctx, &mut b, LEFT, LEFT + half, &fields);
        }
    }
    let right = RIGHT_BOX;
    b.hline(right + 1.6, right + half - 1.6, 14.5, 0.5, INK);
    let fields = [(18.6, "form.sign.name"), (22.4, "form.sign.time")];
    sign_fields(ctx, &mut b, right, right + half, &fields);
    let mut caption = Block::new(LABEL.leading() + 0.5);
    if doc.signed_at.is_none() {
        caption.text(
            LEFT,
            2.8,
            LABEL.color(RED),
            l.get("form.diagnosis.unsigned"),
        );
    }
    flow.put(stack(vec![b, caption]));
}
