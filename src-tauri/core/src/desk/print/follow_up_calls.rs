//! Printing the follow-up calls: the call register (跟踪服务电话登记表) of a period and the
//! call record (跟踪服务客户电话记录表) of a day's calls or of one call, made from the
//! records each time (nothing archived); and the register as text for the command line.
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::desk::follow_up_queue::{call_view, plan, stages_of};
use crate::desk::print::day_report::day_report_lang;
use crate::desk::print::work_order::{check_save_target, PrintOutcome};
use crate::desk::print::work_order_doc::shop_header;
use crate::error::{CoreError, Result};
use crate::files::write_durably;
use crate::follow_up::{CallStage, StageState};
use crate::forms::{self, FollowUpCallsDoc, FollowUpCounts, FollowUpEntry, FormFonts, FormLang};
use crate::ids::{FollowUpCallId, WorkOrderId};
use crate::intake::code_of;
use crate::reason::Reason;
use crate::store::follow_ups::{self, CallRow, PlanRow};
use crate::store::{appointments, Store};

/// The longest period printed at once: a year.
pub const MAX_DAYS: i64 = 366;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum FollowUpReport {
    /// 跟踪服务电话登记表: one line a call, and the counts.
    Register,
    /// 跟踪服务客户电话记录表: a box a call with what the customer said.
    Record,
}

/// One printing of the calls made on the days `from..=to`, or of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpReportRequest {
    pub report: FollowUpReport,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Only this call (the record of one call).
    pub call: Option<FollowUpCallId>,
    /// `None` prints in the shop's form language (or its default language).
    pub lang: Option<FormLang>,
}

/// `follow-up-register-<from>-<to>-<lang>.pdf` or `follow-up-record-…`.
pub fn follow_up_file_name(request: &FollowUpReportRequest, lang: FormLang) -> String {
    let what = match request.report {
        FollowUpReport::Register => "register",
        FollowUpReport::Record => "record",
    };
    format!(
        "follow-up-{what}-{}-{}-{}.pdf",
        request.from,
        request.to,
        code_of(&lang)
    )
}

fn bounds(from: NaiveDate, to: NaiveDate) -> Result<(NaiveDateTime, NaiveDateTime)> {
    let days = (to - from).num_days();
    let end = to.checked_add_days(Days::new(1));
    match end {
        Some(end) if (0..MAX_DAYS).contains(&days) => {
            Ok((from.and_time(NaiveTime::MIN), end.and_time(NaiveTime::MIN)))
        }
        _ => Err(CoreError::invalid("to", Reason::FollowUpRange)),
    }
}

fn entry(p: &PlanRow, c: &CallRow, now: NaiveDateTime) -> FollowUpEntry {
    let view = call_view(c, now);
    FollowUpEntry {
        at: c.at,
        job: p.number.clone(),
        customer: p.customer_name.clone(),
        phone: p.phone.clone(),
        plate: p.plate.clone(),
        stage: match c.input.stage {
            CallStage::First => 1,
            CallStage::Second => 2,
        },
        reached: c.input.reached,
        car_runs: c.input.car_runs.as_str().to_string(),
        score: c.input.score,
        words: c.input.words.clone(),
        next_service_date: c.input.next_service_date,
        next_service_km: c.input.next_service_km,
        new_service: c.input.new_service.clone(),
        unhappy: view.unhappy,
        booking: c.appointment_number.clone(),
        problem: c.input.problem.clone(),
        reported_to: c.reported_at.map(|_| c.reported_to.clone()),
        called_by: c.input.called_by.clone(),
    }
}

/// The calls made on the days `from..=to` (or only `call`), with the period's counts:
/// the windows that closed in it with nobody reached are the calls missed.
pub fn follow_up_calls_doc(
    store: &Store,
    data_dir: &Path,
    request: &FollowUpReportRequest,
    now: NaiveDateTime,
) -> Result<FollowUpCallsDoc> {
    let (start, end) = bounds(request.from, request.to)?;
    let s = store.follow_up_settings()?;
    store.with_tx(|tx| plan(tx, &s, now))?;
    let shop_hours = store.with_conn(appointments::settings)?;
    let back = Days::new(u64::from(s.first_max_days) + 2 * u64::from(s.second_window_days) + 2);
    let early = start.checked_sub_days(back).unwrap_or(start);
    let (calls, plans, their_calls) = store.with_conn(|c| {
        let mut calls = follow_ups::calls_made_between(c, start, end)?;
        if let Some(one) = request.call {
            calls.retain(|r| r.id == one);
        }
        let plans = follow_ups::plans_left_between(c, early, end)?;
        let theirs = follow_ups::calls_of_left_between(c, early, end)?;
        Ok((calls, plans, theirs))
    })?;
    let mut by_id: HashMap<WorkOrderId, PlanRow> =
        plans.iter().map(|p| (p.work_order_id, p.clone())).collect();
    let mut entries = Vec::with_capacity(calls.len());
    for c in &calls {
        if !by_id.contains_key(&c.work_order_id) {
            if let Some(p) = store.with_conn(|conn| follow_ups::plan(conn, c.work_order_id))? {
                by_id.insert(p.work_order_id, p);
            }
        }
        if let Some(p) = by_id.get(&c.work_order_id) {
            entries.push(entry(p, c, now));
        }
    }
    // Missed: judged at the end of the period (or now, if sooner).
    let judged = end.min(now);
    let mut missed = 0;
    for p in plans.iter().filter(|p| p.agrees) {
        let mine: Vec<&CallRow> = their_calls
            .iter()
            .filter(|c| c.work_order_id == p.work_order_id)
            .collect();
        let called = !crate::desk::follow_up_queue::must_of(p).is_empty() || p.picked;
        if !called || request.call.is_some() {
            continue;
        }
        missed += stages_of(p, &mine, judged, &s, &shop_hours)
            .iter()
            .filter(|st| st.state == StageState::Missed)
            .filter(|st| (request.from..=request.to).contains(&st.window.to))
            .count() as u32;
    }
    let count = |f: &dyn Fn(&FollowUpEntry) -> bool| entries.iter().filter(|e| f(e)).count() as u32;
    let counts = FollowUpCounts {
        calls: entries.len() as u32,
        reached: count(&|e| e.reached),
        unhappy: count(&|e| e.unhappy),
        booked: count(&|e| e.booking.is_some()),
        to_supervisor: count(&|e| !e.problem.is_empty()),
        missed,
    };
    let settings = store.get_settings()?;
    let logo = crate::desk::logo::logo_bytes(store, data_dir)?;
    Ok(FollowUpCallsDoc {
        shop: shop_header(&settings, logo),
        from: request.from,
        to: request.to,
        printed_at: now,
        calls: entries,
        counts,
    })
}

/// The PDF and the language it was printed in.
pub fn render_follow_up_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &FollowUpReportRequest,
    now: NaiveDateTime,
) -> Result<(Vec<u8>, FormLang)> {
    let lang = day_report_lang(store, request.lang)?;
    let doc = follow_up_calls_doc(store, data_dir, request, now)?;
    let pdf = match request.report {
        FollowUpReport::Register => forms::render_follow_up_register(&doc, lang, fonts)?,
        FollowUpReport::Record => forms::render_follow_up_record(&doc, lang, fonts)?,
    };
    Ok((pdf, lang))
}

/// Save as…: into `target` after [`check_save_target`].
pub fn save_follow_up_pdf(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &FollowUpReportRequest,
    target: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let path = check_save_target(data_dir, target)?;
    let (pdf, _) = render_follow_up_pdf(store, data_dir, fonts, request, now)?;
    write_durably(&path, &pdf, false)?;
    Ok(path)
}

/// Writes the PDF to `<data_dir>/print/` to open or print.
pub fn follow_up_print_path(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &FollowUpReportRequest,
    now: NaiveDateTime,
) -> Result<PathBuf> {
    let (pdf, lang) = render_follow_up_pdf(store, data_dir, fonts, request, now)?;
    let path = data_dir
        .join("print")
        .join(follow_up_file_name(request, lang));
    write_durably(&path, &pdf, true)?;
    Ok(path)
}

/// Prints the PDF on the default printer where `lp` exists.
pub fn print_follow_up(
    store: &Store,
    data_dir: &Path,
    fonts: &FormFonts,
    request: &FollowUpReportRequest,
    now: NaiveDateTime,
) -> Result<PrintOutcome> {
    let path = follow_up_print_path(store, data_dir, fonts, request, now)?;
    let sent_to_printer = crate::printer::print_pdf(&path)?;
    Ok(PrintOutcome {
        sent_to_printer,
        path: path.display().to_string(),
    })
}

/// The register as lines of text in `lang` (the command line's `report follow-ups`).
pub fn follow_up_text(doc: &FollowUpCallsDoc, lang: crate::i18n::Lang) -> String {
    use crate::i18n::{format_date, tr};
    let t = |key: &str| tr(lang, &format!("form.follow_up.{key}"));
    let mut out = vec![format!(
        "{} {} – {} · {}",
        t("register.title"),
        format_date(doc.from, lang),
        format_date(doc.to, lang),
        doc.shop.name
    )];
    for e in &doc.calls {
        let result = if e.reached {
            t("reached")
        } else {
            t("not_reached")
        };
        let score = e.score.map(|s| format!(" {s}/5")).unwrap_or_default();
        let mut line = format!(
            "  {} {} {} · {} · {} · #{} {result}{score}",
            e.at.format("%Y-%m-%d %H:%M"),
            e.job,
            e.customer,
            e.phone,
            e.plate,
            e.stage
        );
        if let Some(b) = &e.booking {
            line.push_str(&format!(" · {b}"));
        }
        out.push(line);
    }
    let c = doc.counts;
    out.push(t("counts"));
    for (key, v) in [
        ("count.calls", c.calls),
        ("count.reached", c.reached),
        ("count.unhappy", c.unhappy),
        ("count.booked", c.booked),
        ("count.to_supervisor", c.to_supervisor),
        ("count.missed", c.missed),
    ] {
        out.push(format!("  {:<28} {v:>8}", t(key)));
    }
    out.join("\n")
}
