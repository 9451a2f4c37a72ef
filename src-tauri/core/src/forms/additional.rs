//! The printed additional-items slip (维修追加项目单): every item the workshop found on a
//! job, approved ones first, then those still waiting, then the declined ones (marked so,
//! they stay on record), each with its finding, reason, lines, cost and extra time, and
//! the customer's answer — how, when, who spoke, who recorded it, every call — with the
//! signature when the customer signed on the pad.
mod entry;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::blocks::{cell_row, heading, paragraph, Cell, Ctx, ImageRef, SECTION_GAP};
use super::blocks::{SMALL, THIN, VALUE};
use super::draw::{Block, TextStyle, ACCENT, MUTED, RULE};
use super::flow::{Flow, LEFT, RIGHT, WIDTH};
use super::header::{framed_pages, letterhead, Running};
use super::labels::Labels;
use super::parties::customer_vehicle_row;
use super::totals::{value_row, STRONG};
use super::VehiclePart;
use super::{pdfout, CustomerPart, FormError, FormFonts, FormOptions, Odometer, ShopHeader};
use crate::domain::pricing::ApprovalChannel;
use crate::domain::pricing::{ContactOutcome, ProposalStatus};
use crate::domain::pricing::{EstimateLine, Totals};

/// Everything the printed slip shows for one job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdditionalSlipDoc {
    pub shop: ShopHeader,
    /// The work-order number as printed, e.g. `WO-2026-00042`.
    pub number: String,
    /// As of when the slip speaks: the last answer or finding recorded.
    pub dated: NaiveDateTime,
    pub customer: CustomerPart,
    pub vehicle: VehiclePart,
    pub odometer: Option<Odometer>,
    /// ISO 4217 code of every amount, e.g. `CNY`.
    pub currency: String,
    /// The completion time promised at intake.
    pub promised_first: Option<NaiveDateTime>,
    /// The completion time promised now, after delays and approved items.
    pub promised_now: Option<NaiveDateTime>,
    /// In the order the workshop found them; the slip prints approved ones first.
    pub entries: Vec<SlipEntry>,
}

/// One additional item as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlipEntry {
    /// What the workshop found.
    pub finding: String,
    /// Why it needs doing.
    pub why: String,
    pub safety_critical: bool,
    pub found_by: String,
    pub found_at: NaiveDateTime,
    pub lines: Vec<EstimateLine>,
    /// Per line: print "no quality guarantee" under it.
    pub no_guarantee: Vec<bool>,
    /// The figures as the pricing core computed them.
    pub totals: Totals,
    pub extra_minutes: u32,
    pub answer: ProposalStatus,
    /// Every call about the item, oldest first; the last one gave the answer.
    pub calls: Vec<SlipCall>,
    /// The completion time agreed with the approval, when it moved.
    pub new_promised_at: Option<NaiveDateTime>,
    /// PNG of the customer's signature when the item was approved on the pad.
    pub signature_png: Option<Vec<u8>>,
}

/// One call to the customer about an item, as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlipCall {
    pub at: NaiveDateTime,
    pub channel: ApprovalChannel,
    pub outcome: ContactOutcome,
    pub spoke_with: String,
    pub recorded_by: String,
}

impl AdditionalSlipDoc {
    /// The printing order: approved, then waiting, then declined; found order within.
    pub fn printing_order(&self) -> Vec<usize> {
        let rank = |answer: ProposalStatus| match answer {
            ProposalStatus::Approved => 0,
            ProposalStatus::Proposed => 1,
            ProposalStatus::Declined => 2,
        };
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_key(|&i| (rank(self.entries[i].answer), i));
        order
    }

    /// The sum of the items with this answer.
    pub fn sum_of(&self, answer: ProposalStatus) -> i64 {
        self.entries
            .iter()
            .filter(|e| e.answer == answer)
            .map(|e| e.totals.gross_minor)
            .sum()
    }
}

type SCtx<'a> = Ctx<'a, AdditionalSlipDoc>;

/// Renders the slip as a PDF (A4, more pages with a running header when needed).
pub fn render_additional_slip(
    doc: &AdditionalSlipDoc,
    options: &FormOptions,
    fonts: &FormFonts,
) -> Result<Vec<u8>, FormError> {
    validate(doc)?;
    let l = Labels::new(options.lang);
    let title = l.get("form.additional.title");
    let name = format!("{} {title}", doc.number);
    let seed = format!("{}-additional", doc.number);
    let created = options.created_at;
    let (mut pdf, font) = pdfout::new_pdf(fonts, created, &doc.shop.name, &name, &title, &seed);
    let mut pictures = pdfout::Pictures::default();
    let logo = pictures.add_some(&mut pdf, doc.shop.logo_png.as_deref(), "shop logo")?;
    let mut signatures: Vec<Option<ImageRef>> = Vec::with_capacity(doc.entries.len());
    for (i, entry) in doc.entries.iter().enumerate() {
        let what = format!("signature for additional item {}", i + 1);
        let png = entry.signature_png.as_deref();
        signatures.push(pictures.add_some(&mut pdf, png, &what)?);
    }
    let ctx = SCtx::new(fonts, l, doc, logo);
    let flow = lay_out(&ctx, &signatures);

    let running = Running {
        shop: &doc.shop.name,
        title_key: "form.additional.title",
        number: &doc.number,
        plate: &doc.vehicle.plate,
    };
    let images = &pictures.placed;
    let pages = framed_pages(&ctx, &flow, &font, images, &running, options, false);
    pdfout::save(pdf.with_pages(pages))
}

fn lay_out(ctx: &SCtx, signatures: &[Option<ImageRef>]) -> Flow {
    let mut flow = Flow::new();
    flow.put(first_page(ctx));
    for i in ctx.doc.printing_order() {
        flow.gap(SECTION_GAP * 2.0);
        entry::item(ctx, i, signatures.get(i).copied().flatten(), &mut flow);
    }
    flow.gap(SECTION_GAP * 2.0);
    summary(ctx, &mut flow);
    flow
}

/// Letterhead, the strip of dates and answers, the customer and the vehicle.
fn first_page(ctx: &SCtx) -> Block {
    let doc = ctx.doc;
    let l = &ctx.l;
    let mut b = letterhead(ctx, &doc.shop, "form.additional.title", &doc.number);
    let when = |at: Option<NaiveDateTime>| at.map_or_else(|| "—".to_string(), |at| l.datetime(at));
    let count = |answer: ProposalStatus| {
        doc.entries
            .iter()
            .filter(|e| e.answer == answer)
            .count()
            .to_string()
    };
    let answers = l.get_with(
        "form.additional.answers_count",
        &[
            ("approved", &count(ProposalStatus::Approved)),
            ("declined", &count(ProposalStatus::Declined)),
            ("waiting", &count(ProposalStatus::Proposed)),
        ],
    );
    let strip = cell_row(
        ctx,
        LEFT,
        WIDTH,
        &[
            Cell::new(l.get("form.additional.dated"), l.datetime(doc.dated), 0.9),
            Cell::new(
                l.get("form.additional.promised_first"),
                when(doc.promised_first),
                0.9,
            ),
            Cell::new(
                l.get("form.additional.promised_now"),
                when(doc.promised_now),
                0.9,
            )
            .styled(VALUE.bold()),
            Cell::new(l.get("form.additional.answers"), answers, 1.6),
        ],
        true,
    );
    let dy = b.h;
    b.place(strip, dy);
    let parties = customer_vehicle_row(ctx, &doc.customer, &doc.vehicle, doc.odometer);
    let dy = b.h;
    b.place(parties, dy);
    b
}

const SUMMARY_W: f32 = 100.0;

/// The sums by answer and the approved extra time, and what becomes of each.
fn summary(ctx: &SCtx, flow: &mut Flow) {
    let doc = ctx.doc;
    let l = &ctx.l;
    let money = |minor: i64| l.money(minor, &doc.currency);
    let approved_minutes: u32 = doc
        .entries
        .iter()
        .filter(|e| e.answer == ProposalStatus::Approved)
        .map(|e| e.extra_minutes)
        .sum();
    let mut rows = vec![heading(
        ctx,
        RIGHT - SUMMARY_W,
        SUMMARY_W,
        "form.additional.summary",
    )];
    let mut top = Block::new(0.0);
    top.hline(RIGHT - SUMMARY_W, RIGHT, 0.0, THIN, RULE);
    rows.push(top);
    rows.push(summary_row(
        ctx,
        &l.get("form.additional.summary.approved"),
        &money(doc.sum_of(ProposalStatus::Approved)),
        STRONG,
    ));
    rows.push(summary_row(
        ctx,
        &l.get("form.additional.summary.extra_time"),
        &duration(ctx, approved_minutes),
        VALUE,
    ));
    for (answer, key, style) in [
        (ProposalStatus::Proposed, "waiting", VALUE),
        (ProposalStatus::Declined, "declined", VALUE.color(MUTED)),
    ] {
        if doc.entries.iter().any(|e| e.answer == answer) {
            let label = l.get(&format!("form.additional.summary.{key}"));
            rows.push(summary_row(ctx, &label, &money(doc.sum_of(answer)), style));
        }
    }
    rows.push(Block::new(1.5));
    let note = l.get("form.additional.summary_note");
    rows.extend(paragraph(ctx, LEFT, WIDTH, &note, SMALL.color(MUTED)));
    flow.put_together(rows);
}

/// One row of the summary box: label left, value right.
fn summary_row(ctx: &SCtx, label: &str, value: &str, style: TextStyle) -> Block {
    let (x, label_w) = (RIGHT - SUMMARY_W, SUMMARY_W - 40.0);
    value_row(ctx, x, SUMMARY_W, label_w, label, value, style)
}

/// Minutes as the desk says them: "1 h 30 min", "1小时30分钟".
pub(crate) fn duration<D>(ctx: &Ctx<D>, minutes: u32) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    let (hours, mins) = (h.to_string(), m.to_string());
    let args = [("hours", hours.as_str()), ("minutes", mins.as_str())];
    match (h, m) {
        (0, _) => ctx.l.get_with("form.additional.duration.m", &args),
        (_, 0) => ctx.l.get_with("form.additional.duration.h", &args),
        _ => ctx.l.get_with("form.additional.duration.hm", &args),
    }
}

fn validate(doc: &AdditionalSlipDoc) -> Result<(), FormError> {
    for (i, entry) in doc.entries.iter().enumerate() {
        if entry.totals.lines.len() != entry.lines.len()
            || entry.no_guarantee.len() != entry.lines.len()
        {
            return Err(FormError::Invalid {
                field: format!("entries.{i}.totals"),
                reason: format!(
                    "{} figures and {} marks for {} lines",
                    entry.totals.lines.len(),
                    entry.no_guarantee.len(),
                    entry.lines.len()
                ),
            });
        }
    }
    Ok(())
}

/// The accent of the item bars.
pub(crate) const BAR: TextStyle = TextStyle::new(8.8).bold().color(ACCENT);
