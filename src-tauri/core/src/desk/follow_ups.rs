//! The follow-up calls' use cases (跟踪回访): recording a call (the retry of one nobody
//! answered is the next try of the same stage), the check or comeback booked from an
//! unhappy customer's call, the customer told the same day and the supervisor's report
//! within two days of what the call could not solve (with their PIN, journalled), the
//! marks that make a job's call a must, and the settings. Each one transaction.
use chrono::NaiveDateTime;

use crate::error::{CoreError, FieldIssue, Result};
use crate::follow_up::pick::is_called;
use crate::follow_up::window::open_stage;
use crate::follow_up::{
    check_call, check_mark, check_settings, FollowUpCall, FollowUpCallInput, FollowUpSettings,
    JobFollowUp, JobMarkInput, SupervisorReportInput, MAX_TEXT_CHARS,
};
use crate::ids::{AppointmentId, FollowUpCallId, WorkOrderId};
use crate::reason::Reason;
use crate::settlement::supervision::{ShopAction, SupervisorWord};
use crate::store::follow_ups::{self, CallRow};
use crate::store::{appointments, job_marks, staff, Store};
use crate::validate::too_long;

use super::follow_up_queue::{call_view, must_of, plan, stages_of};

fn invalid(issues: Vec<FieldIssue>) -> Result<()> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(CoreError::Invalid(issues))
    }
}

impl Store {
    /// Saves the follow-up settings, checked as if a hostile page had sent them.
    pub fn save_follow_up_settings(&self, input: &FollowUpSettings) -> Result<FollowUpSettings> {
        invalid(check_settings(input))?;
        self.with_tx(|tx| {
            follow_ups::save_settings(tx, input)?;
            follow_ups::settings(tx)
        })
    }

    /// Records one try at the job's open call. The stage must be the one open now (the
    /// first until it is done or its window closed, then the second), and the job one the
    /// shop calls: a must, or picked by the share, and the customer agreeing.
    pub fn record_follow_up_call(
        &self,
        id: WorkOrderId,
        input: &FollowUpCallInput,
        now: NaiveDateTime,
    ) -> Result<JobFollowUp> {
        let (issues, clean) = check_call(input, now);
        invalid(issues)?;
        self.with_tx(|tx| {
            let s = follow_ups::settings(tx)?;
            plan(tx, &s, now)?;
            let shop = appointments::settings(tx)?;
            let p =
                follow_ups::plan(tx, id)?.ok_or(CoreError::conflict(Reason::FollowUpNotCalled))?;
            if !is_called(p.agrees, &must_of(&p), p.picked) {
                return Err(CoreError::conflict(Reason::FollowUpNotCalled));
            }
            let rows = follow_ups::calls_of_job(tx, id)?;
            let refs: Vec<&CallRow> = rows.iter().collect();
            let open = open_stage(&stages_of(&p, &refs, now, &s, &shop));
            if open.is_none_or(|st| st.stage != clean.stage) {
                return Err(CoreError::conflict(Reason::FollowUpNotDue));
            }
            follow_ups::insert_call(tx, id, &clean, now)?;
            Ok(())
        })?;
        self.job_follow_up(id, now)
    }

    /// Links the check or comeback booked from a call (the appointment made with the
    /// new-appointment form the call panel opened) to the call.
    pub fn link_follow_up_booking(
        &self,
        call: FollowUpCallId,
        appointment: AppointmentId,
        now: NaiveDateTime,
    ) -> Result<FollowUpCall> {
        self.with_tx(|tx| {
            let c = follow_ups::call(tx, call)?;
            if c.appointment_id.is_some() {
                return Err(CoreError::conflict(Reason::FollowUpBooked));
            }
            if !follow_ups::appointment_exists(tx, appointment)? {
                return Err(CoreError::NotFound {
                    what: "appointment",
                });
            }
            follow_ups::set_appointment(tx, call, appointment)?;
            Ok(call_view(&follow_ups::call(tx, call)?, now))
        })
    }

    /// The desk told the customer, the same day, that their problem goes to the supervisor.
    pub fn follow_up_customer_told(
        &self,
        call: FollowUpCallId,
        now: NaiveDateTime,
    ) -> Result<FollowUpCall> {
        self.with_tx(|tx| {
            let c = follow_ups::call(tx, call)?;
            if !c.input.needs_supervisor {
                return Err(CoreError::conflict(Reason::FollowUpNotForSupervisor));
            }
            follow_ups::set_customer_told(tx, call, now)?;
            Ok(call_view(&follow_ups::call(tx, call)?, now))
        })
    }

    /// The supervisor records, with their PIN, that the problem of a call was reported to
    /// them and how it is handled; journalled in the same transaction.
    pub fn report_follow_up(
        &self,
        call: FollowUpCallId,
        input: &SupervisorReportInput,
        word: Option<&SupervisorWord>,
        now: NaiveDateTime,
    ) -> Result<FollowUpCall> {
        let note = input.note.trim();
        let mut issues = Vec::new();
        too_long(&mut issues, "note", note, MAX_TEXT_CHARS);
        invalid(issues)?;
        let boss = self.supervisor_for(Some(ShopAction::FollowUpReported), word, now)?;
        self.with_tx(|tx| {
            let c = follow_ups::call(tx, call)?;
            if !c.input.needs_supervisor {
                return Err(CoreError::conflict(Reason::FollowUpNotForSupervisor));
            }
            if c.reported_at.is_some() {
                return Err(CoreError::conflict(Reason::FollowUpReported));
            }
            let to = match &boss {
                Some(b) => b.name.clone(),
                None => staff::acting_name(tx)?,
            };
            follow_ups::set_reported(tx, call, &to, note, now)?;
            let subject = follow_ups::job_number(tx, c.work_order_id)?.unwrap_or_default();
            staff::journal_action(
                tx,
                ShopAction::FollowUpReported.as_str(),
                boss.as_ref(),
                &subject,
                (&c.input.problem, note),
                "",
                now,
            )?;
            Ok(call_view(&follow_ups::call(tx, call)?, now))
        })
    }

    /// Sets or takes off a mark on a job (no fault found, a service mistake), with who and
    /// a note. Any staff may.
    pub fn set_job_mark(
        &self,
        id: WorkOrderId,
        input: &JobMarkInput,
        now: NaiveDateTime,
    ) -> Result<JobFollowUp> {
        invalid(check_mark(input))?;
        self.with_tx(|tx| {
            follow_ups::job_number(tx, id)?.ok_or(CoreError::NotFound { what: "work_order" })?;
            if input.on {
                let (by, note) = (input.set_by.trim(), input.note.trim());
                job_marks::set_mark(tx, id, input.kind, by, note, now)
            } else {
                job_marks::clear_mark(tx, id, input.kind)
            }
        })?;
        self.job_follow_up(id, now)
    }
}
