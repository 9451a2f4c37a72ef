//! The money path of the demo shop's past jobs (those not closed at the desk by
//! `settled`): each goes the way a real job goes — the estimate approved, now and then a
//! finding offered as an additional item (approved or declined), the final check, the
//! settlement signed, paid by the usual mix of methods, the exit notice (the supervisor
//! letting a debtor go when money is still owed) and the handover signed — dated over the
//! job's hours or days; about one job in eight leaves owing and most of those pay later; a
//! few get a credit note and the money back. The shop has no write-offs: what is not paid
//! stays owed. Written through the store's own functions, in time order in large
//! transactions so the numbers run with the dates, with the frozen snapshots, hashes and
//! fingerprints the desk's use cases write; deterministic by seed.
use chrono::{Duration, NaiveDateTime, Timelike};

use super::closing;
use super::repairs::{self, Work};
use super::rng::Rng;
use crate::domain::figures::RepairCategory;
use crate::error::Result;
use crate::ids::{StaffId, WorkOrderId};
use crate::pricing::{ApprovalChannel, EstimateLine, LineKind, PricingSettings};
use crate::settlement::payment::PaymentMethod;
use crate::settlement::{settle, OldPartDisposition};
use crate::store::Store;
use crate::workshop::AdditionalItemInput;

/// How many steps go into one transaction.
const BATCH: usize = 2_000;
pub(super) const TECHNICIANS: &[&str] = &["陈师傅", "刘师傅", "Tom Lee"];

/// A past job written up to the workshop, to be closed here.
pub(super) struct Past {
    pub id: WorkOrderId,
    pub number: String,
    pub work: Work,
    pub opened_at: NaiveDateTime,
    pub promised_at: NaiveDateTime,
    pub advisor: String,
    pub customer_name: String,
    /// Which of the demo's signatures the customer signs with.
    pub ink: usize,
    pub odometer_in: i64,
    /// The belongings' places in the intake list, in checklist order.
    pub belongings: Vec<u32>,
    pub documents: u32,
    pub keys: u8,
}

/// What the shop and the demo give every job.
pub(super) struct Shop<'a> {
    pub pricing: PricingSettings,
    pub currency: String,
    /// The supervisor, when the shop has one: a small shop (fewer than
    /// [`super::jobs::SUPERVISED_FROM`] customers, none of its jobs closed at the desk) has
    /// none, and its jobs leave paid in full with no credit notes, as before the history.
    pub boss: Option<StaffId>,
    /// (strokes JSON, PNG) of each demo signature.
    pub inks: &'a [(String, Vec<u8>)],
}

/// A finding offered while the car was in.
pub(super) struct Item {
    pub input: AdditionalItemInput,
    pub found_at: NaiveDateTime,
    pub answered_at: NaiveDateTime,
    pub approved: bool,
}

/// Everything drawn for one job before a row is written.
pub(super) struct Drawn {
    pub lines: Vec<EstimateLine>,
    pub channel: ApprovalChannel,
    pub approved_at: NaiveDateTime,
    pub item: Option<Item>,
    pub ready_at: NaiveDateTime,
    pub out_at: NaiveDateTime,
    pub total: i64,
    /// Paid at the exit (method, amount); the rest is owed.
    pub paid: Option<(PaymentMethod, i64)>,
    pub old_parts: Vec<OldPartDisposition>,
}

enum Step {
    Close(usize),
    Pay(usize, PaymentMethod, i64),
    Credit(usize, PaymentMethod, i64),
}

/// Closes `jobs`, none later than `until` (where the desk's own closing of the latest
/// jobs takes over, so the numbers stay in date order).
pub(super) fn close(
    store: &Store,
    shop: &Shop<'_>,
    jobs: &[Past],
    seed: u64,
    until: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    let mut rng = Rng::new(seed ^ 0x4157_0B1E_5E77_1ED0);
    let mut drawn = Vec::with_capacity(jobs.len());
    let mut steps = Vec::with_capacity(jobs.len() * 2);
    for (i, job) in jobs.iter().enumerate() {
        let d = draw(&mut rng, shop, job, until)?;
        steps.push((d.out_at, Step::Close(i)));
        let paid = d.paid.map_or(0, |(_, amount)| amount);
        let method = d.paid.map_or(PaymentMethod::Transfer, |(m, _)| m);
        if paid < d.total && rng.percent(80) {
            // Most debtors pay the rest within weeks; the others still owe.
            let at = d.out_at + Duration::days(rng.range(3, 45)) + Duration::hours(2);
            if at < now - Duration::hours(1) {
                steps.push((at, Step::Pay(i, method, d.total - paid)));
            }
        } else if shop.boss.is_some() && paid == d.total && d.total > 20_000 && rng.percent(3) {
            // Labour charged twice, found afterwards: a credit note and the money back.
            let amount = (d.total * rng.range(5, 15) / 100 / 100 * 100).max(1_000);
            let at = d.out_at + Duration::days(rng.range(1, 12));
            if at < now - Duration::hours(1) {
                steps.push((at, Step::Credit(i, method, amount)));
            }
        }
        drawn.push(d);
    }
    steps.sort_by_key(|(at, step)| {
        let job = match step {
            Step::Close(i) | Step::Pay(i, ..) | Step::Credit(i, ..) => *i,
        };
        (*at, job)
    });
    for batch in steps.chunks(BATCH) {
        store.with_tx(|tx| {
            for (at, step) in batch {
                match *step {
                    Step::Close(i) => closing::write(tx, shop, &jobs[i], &drawn[i])?,
                    Step::Pay(i, method, amount) => {
                        closing::pay(tx, &jobs[i], method, amount, *at)?
                    }
                    Step::Credit(i, method, amount) => {
                        closing::credit(tx, shop, &jobs[i], method, amount, *at)?
                    }
                }
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// Within the shop's day: a moment after closing moves to the next morning, one before
/// opening to the morning.
fn in_hours(at: NaiveDateTime) -> NaiveDateTime {
    let day = match at.hour() {
        19.. => at.date() + Duration::days(1),
        ..=7 => at.date(),
        _ => return at,
    };
    day.and_hms_opt(9, at.minute(), 0).unwrap_or(at)
}

fn method(rng: &mut Rng) -> PaymentMethod {
    match rng.below(100) {
        0..=29 => PaymentMethod::Cash,
        30..=69 => PaymentMethod::Mobile,
        70..=87 => PaymentMethod::Card,
        _ => PaymentMethod::Transfer,
    }
}

fn draw(rng: &mut Rng, shop: &Shop<'_>, job: &Past, until: NaiveDateTime) -> Result<Drawn> {
    let g = &shop.pricing.guarantees;
    let lines = repairs::lines(rng, &job.work, g);
    let approved_at = job.opened_at + Duration::minutes(rng.range(30, 70));
    let mut ready_at = in_hours(job.promised_at + Duration::minutes(rng.range(-60, 90)));
    let mut out_at = in_hours(ready_at + Duration::minutes(rng.range(40, 150)));
    let latest = until.max(job.opened_at + Duration::hours(3)) - Duration::minutes(1);
    if out_at > latest {
        out_at = latest;
        ready_at = ready_at.min(out_at - Duration::minutes(40));
    }
    ready_at = ready_at.max(approved_at + Duration::minutes(30));
    out_at = out_at.max(ready_at + Duration::minutes(10));
    let item = (job.work.category != RepairCategory::Comeback && rng.percent(30)).then(|| {
        let (finding, safety, lines, minutes) = repairs::finding(rng, g);
        let found_at = approved_at + (ready_at - approved_at) / 3;
        Item {
            input: AdditionalItemInput {
                finding: finding.into(),
                reason: String::new(),
                safety_critical: safety,
                photos: Vec::new(),
                found_by: rng.pick(TECHNICIANS).to_string(),
                lines,
                extra_minutes: minutes,
            },
            found_at,
            answered_at: (found_at + Duration::minutes(rng.range(10, 40)))
                .min(ready_at - Duration::minutes(5))
                .max(found_at),
            approved: rng.percent(if safety { 75 } else { 50 }),
        }
    });
    let mut plain = lines.clone();
    if let Some(item) = item.as_ref().filter(|i| i.approved) {
        plain.extend(item.input.lines.iter().cloned());
    }
    let total = settle(&plain, &shop.pricing.tax, 0, 0, 0)?.total_minor;
    let paid = match (total, shop.boss.is_some() && rng.percent(12)) {
        (0, _) => 0,
        (_, false) => total,
        (_, true) if rng.percent(30) => 0,
        (_, true) => total / 2 / 100 * 100,
    };
    let old_parts = (plain.iter())
        .filter(|l| l.kind == LineKind::Part)
        .map(|_| match rng.percent(50) {
            true => OldPartDisposition::Returned,
            false => OldPartDisposition::ShownAndLeft,
        })
        .collect();
    Ok(Drawn {
        lines,
        channel: match rng.percent(60) {
            true => ApprovalChannel::Phone,
            false => ApprovalChannel::InPerson,
        },
        approved_at,
        item,
        ready_at,
        out_at,
        total,
        paid: (paid > 0).then(|| (method(rng), paid)),
        old_parts,
    })
}
