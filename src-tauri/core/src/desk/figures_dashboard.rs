//! The 4S dashboard over the days `from..=to` (issue 21), counted exactly from what the
//! desk recorded: the appointments as the tally counts them, the follow-up calls as the
//! queue plans them, the complaints as their promises make them late, the comebacks as
//! their guarantee judges them, the lost customers as their list finds them. The ratios
//! and bands are `figures::dashboard`'s; the targets and bands live in
//! `desk/figures_dashboard_targets.rs`.
use std::collections::HashMap;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;

use crate::desk::comebacks::comeback;
use crate::desk::follow_up_queue::{must_of, plan, stages_of};
use crate::domain::complaint::GuaranteeStanding;
use crate::domain::figures_dashboard::{
    AdditionalLines, AppointmentLines, ComplaintLines, DashboardFigures, FollowUpLines,
    NeglectLines, RevenueLines, Satisfaction, ScoreCount, WarrantyParts, WorstAnswer,
};
use crate::domain::follow_up::StageState;
use crate::domain::settlement::SettlementSnapshot;
use crate::error::{CoreError, Result};
use crate::figures::dashboard::{
    comeback_lines, is_late_job, mean_score, ratio, standings, trade_ratios,
};
use crate::follow_up::pick::is_called;
use crate::ids::WorkOrderId;
use crate::pricing::{line_total, LineKind};
use crate::reason::Reason;
use crate::settlement::complaint::{is_late, promise_in_force};
use crate::store::figures_dashboard as rows;
use crate::store::follow_ups::{self, CallRow};
use crate::store::settlements::signed;
use crate::store::{appointments, complaints, workshop, Store};
use crate::workshop::ProposalStatus;

/// The longest range the dashboard reads at once: a year, as the appointment tally.
pub const MAX_DASHBOARD_DAYS: i64 = 366;
/// The worst answers listed.
pub const WORST_LISTED: usize = 10;

pub(crate) type Range = (NaiveDateTime, NaiveDateTime);

/// `[from 00:00, the day after to 00:00)`, refused when backwards or past a year.
pub(crate) fn day_range(from: NaiveDate, to: NaiveDate) -> Result<Range> {
    let days = (to - from).num_days();
    if !(0..MAX_DASHBOARD_DAYS).contains(&days) {
        return Err(CoreError::invalid("to", Reason::DashboardRange));
    }
    let end = to.checked_add_days(Days::new(1)).unwrap_or(to);
    Ok((from.and_time(NaiveTime::MIN), end.and_time(NaiveTime::MIN)))
}

/// Signed settlements in the range less the credit notes issued in it, with the labour
/// sold. Labour lines' quantities are hours in thousandths (`qty_milli`).
pub(crate) fn revenue(conn: &Connection, range: Range) -> Result<RevenueLines> {
    let (jobs, total, labour, snapshots) = rows::signed_in(conn, range)?;
    let credits = rows::credit_notes_in(conn, range)?;
    let mut hours = 0i64;
    for json in snapshots.iter().filter(|j| !j.is_empty()) {
        let snap = SettlementSnapshot::from_json(json)?;
        hours += snap
            .lines
            .iter()
            .filter(|l| l.line.kind == LineKind::Labour)
            .map(|l| l.line.qty_milli)
            .sum::<i64>();
    }
    Ok(RevenueLines {
        jobs,
        revenue_minor: total - credits,
        labour_minor: labour,
        hours_sold_milli: hours,
    })
}

/// Part lines replaced under the shop's guarantee: on the signed settlement of each
/// comeback that went out in the range and was judged within the earlier job's guarantee.
fn warranty(
    conn: &Connection,
    out: &[(WorkOrderId, bool)],
    now: NaiveDateTime,
) -> Result<WarrantyParts> {
    let mut w = WarrantyParts::default();
    for (wo, _) in out.iter().filter(|(_, is_comeback)| *is_comeback) {
        let within =
            comeback(conn, *wo, now)?.is_some_and(|c| c.standing == GuaranteeStanding::Within);
        if !within {
            continue;
        }
        let snap = match signed(conn, *wo) {
            Ok((_, snap)) => snap,
            Err(CoreError::Conflict { .. }) => continue,
            Err(e) => return Err(e),
        };
        w.jobs += 1;
        for l in snap.lines.iter().filter(|l| l.line.kind == LineKind::Part) {
            w.lines += 1;
            w.pieces_milli += l.line.qty_milli;
        }
    }
    Ok(w)
}

/// The additional items found in the range, and those of them the customer approved;
/// money is the lines' amounts before tax.
fn additional(conn: &Connection, range: Range) -> Result<AdditionalLines> {
    let mut a = AdditionalLines::default();
    for id in rows::items_found(conn, range)? {
        let item = workshop::item(conn, id)?;
        let mut money = 0i64;
        for line in &item.lines {
            let t =
                line_total(line).map_err(|_| CoreError::invalid("lines", Reason::MoneyTooLarge))?;
            money = money.saturating_add(t.amount_minor);
        }
        a.offered += 1;
        a.offered_minor += money;
        if item.status == ProposalStatus::Approved {
            a.approved += 1;
            a.approved_minor += money;
        }
    }
    a.close_ratio = ratio(a.approved_minor, a.offered_minor);
    Ok(a)
}

/// Open at `at` and past the promised answer, judged on the steps recorded by then.
fn complaints_late(conn: &Connection, at: NaiveDateTime) -> Result<u32> {
    let mut late = 0;
    for id in rows::complaints_open_at(conn, at)? {
        let mut c = complaints::load(conn, id)?;
        c.steps.retain(|s| s.at <= at);
        let promise = promise_in_force(c.taken_at, c.answer_by, &c.steps);
        late += u32::from(is_late(false, promise, &c.steps, at));
    }
    Ok(late)
}

/// The calls: the stages whose window opened in the range, the windows that closed in it
/// unanswered, the calls made and reached, and the scores of those reached.
fn calls(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
    range: Range,
    now: NaiveDateTime,
) -> Result<(FollowUpLines, u32, Satisfaction)> {
    let (s, shop) = store.with_tx(|tx| {
        let s = follow_ups::settings(tx)?;
        plan(tx, &s, now)?;
        Ok((s, appointments::settings(tx)?))
    })?;
    // A window opens at most this long after the car left.
    let back = u64::from(s.first_max_days) + u64::from(s.second_window_days) * 2 + 1;
    let left_from = from
        .checked_sub_days(Days::new(back))
        .unwrap_or(from)
        .and_time(NaiveTime::MIN);
    store.with_conn(|c| {
        let plans = follow_ups::plans_left_between(c, left_from, range.1)?;
        let of_plans = follow_ups::calls_of_left_between(c, left_from, range.1)?;
        let made = follow_ups::calls_made_between(c, range.0, range.1)?;
        let mut by_job: HashMap<WorkOrderId, Vec<&CallRow>> = HashMap::new();
        for call in &of_plans {
            by_job.entry(call.work_order_id).or_default().push(call);
        }
        let (mut due, mut missed) = (0, 0);
        for p in &plans {
            let mine = by_job.remove(&p.work_order_id).unwrap_or_default();
            if !p.agrees || (!is_called(p.agrees, &must_of(p), p.picked) && mine.is_empty()) {
                continue;
            }
            for st in stages_of(p, &mine, now, &s, &shop) {
                due += u32::from((from..=to).contains(&st.window.from));
                missed += u32::from(
                    st.state == StageState::Missed && (from..=to).contains(&st.window.to),
                );
            }
        }
        let lines = FollowUpLines {
            due,
            made: made.len() as u32,
            reached: made.iter().filter(|m| m.input.reached).count() as u32,
        };
        Ok((lines, missed, satisfaction(c, &made)?))
    })
}

/// The scores of the calls that reached someone and gave one, counted, their mean, and
/// the worst of them with the customer's words.
fn satisfaction(conn: &Connection, made: &[CallRow]) -> Result<Satisfaction> {
    let mut scored: Vec<&CallRow> = made
        .iter()
        .filter(|c| c.input.reached && c.input.score.is_some())
        .collect();
    let scores: Vec<u8> = scored.iter().filter_map(|c| c.input.score).collect();
    let counts = (1..=5u8)
        .map(|score| ScoreCount {
            score,
            count: scores.iter().filter(|s| **s == score).count() as u32,
        })
        .collect();
    scored.sort_by_key(|c| (c.input.score, c.at, c.id));
    let mut worst = Vec::new();
    for c in scored.into_iter().take(WORST_LISTED) {
        worst.push(WorstAnswer {
            score: c.input.score.unwrap_or_default(),
            words: c.input.words.clone(),
            work_order_id: c.work_order_id,
            number: follow_ups::job_number(conn, c.work_order_id)?.unwrap_or_default(),
            called_at: c.at,
        });
    }
    Ok(Satisfaction {
        counts,
        mean: mean_score(&scores),
        worst,
    })
}

impl Store {
    /// The dashboard's lines for the days `from..=to` (at most a year), judged at `now`:
    /// what is late or open is judged at the period's end, or at `now` if that is sooner.
    pub fn dashboard(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        now: NaiveDateTime,
    ) -> Result<DashboardFigures> {
        let range = day_range(from, to)?;
        let at = range.1.min(now);
        let tally = self.appointment_tally(from, to)?.total;
        let lost = self.lost_customers(to)?.rows.len() as u32;
        let (follow_ups, calls_missed, satisfaction) = calls(self, from, to, range, now)?;
        let bands = self.with_conn(rows::bands)?;
        self.with_conn(|c| {
            let (jobs_opened, jobs_booked) = rows::jobs_opened(c, range)?;
            let appointments = AppointmentLines {
                booked: rows::appointments_booked(c, range)?,
                due: tally.booked,
                arrived: tally.arrived,
                jobs_opened,
                jobs_booked,
                booked_share: ratio(i64::from(jobs_booked), i64::from(jobs_opened)),
                show_rate: ratio(i64::from(tally.arrived), i64::from(tally.booked)),
            };
            let out = rows::jobs_out(c, range)?;
            let comebacks = out.iter().filter(|(_, cb)| *cb).count() as u32;
            let jobs_late = rows::promises_due(c, range)?
                .into_iter()
                .filter(|(promised, ready)| is_late_job(*promised, *ready, at))
                .count() as u32;
            let mut f = DashboardFigures {
                from,
                to,
                warranty: warranty(c, &out, now)?,
                appointments,
                follow_ups,
                complaints: ComplaintLines {
                    opened: rows::complaints_opened(c, range)?,
                    closed: rows::complaints_closed(c, range)?,
                    late: complaints_late(c, at)?,
                },
                neglected: NeglectLines {
                    jobs_late,
                    calls_missed,
                },
                lost_customers: lost,
                comebacks: comeback_lines(out.len() as u32, comebacks),
                additional: additional(c, range)?,
                satisfaction,
                revenue: revenue(c, range)?,
                ratios: Vec::new(),
                standings: Vec::new(),
            };
            f.ratios = trade_ratios(&f);
            f.standings = standings(&f, &bands);
            Ok(f)
        })
    }
}
