//! The follow-up calls from the window (跟踪回访): the day's queue, one job's follow-up,
//! recording a call, linking the check booked from it, the customer told, the
//! supervisor's report, the job's marks and the settings. Thin: every rule is in
//! `garage_core::follow_up` and the desk's use cases.
use garage_core::desk::print::day_report::day_report_lang;
use garage_core::desk::print::follow_up_calls::{
    follow_up_file_name, follow_up_print_path, print_follow_up, save_follow_up_pdf,
    FollowUpReportRequest,
};
use garage_core::desk::print::work_order::PrintOutcome;
use garage_core::follow_up::{
    CustomerCall, FollowUpCall, FollowUpCallInput, FollowUpQueue, FollowUpSettings, JobFollowUp,
    JobMarkInput, SupervisorReportInput,
};
use garage_core::ids::{AppointmentId, CustomerId, FollowUpCallId, WorkOrderId};
use garage_core::settlement::supervision::SupervisorWord;
use tauri::State;

use super::now;
use super::paper;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn follow_up_settings(state: State<'_, AppState>) -> CmdResult<FollowUpSettings> {
    state.store.follow_up_settings().map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn save_follow_up_settings(
    state: State<'_, AppState>,
    input: FollowUpSettings,
) -> CmdResult<FollowUpSettings> {
    state
        .store
        .save_follow_up_settings(&input)
        .map_err(to_ui(&state))
}

/// Today's calls, the overdue ones, the done and the missed, and the supervisor's list.
#[tauri::command(async)]
#[specta::specta]
pub fn follow_up_queue(state: State<'_, AppState>) -> CmdResult<FollowUpQueue> {
    state.store.follow_up_queue(now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn job_follow_up(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<JobFollowUp> {
    state.store.job_follow_up(id, now()).map_err(to_ui(&state))
}

/// The calls about a customer's jobs, for the customer file.
#[tauri::command(async)]
#[specta::specta]
pub fn customer_follow_ups(
    state: State<'_, AppState>,
    id: CustomerId,
) -> CmdResult<Vec<CustomerCall>> {
    state
        .store
        .customer_follow_ups(id, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn record_follow_up_call(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: FollowUpCallInput,
) -> CmdResult<JobFollowUp> {
    state
        .store
        .record_follow_up_call(id, &input, now())
        .map_err(to_ui(&state))
}

/// The check or comeback booked from an unhappy customer's call.
#[tauri::command(async)]
#[specta::specta]
pub fn link_follow_up_booking(
    state: State<'_, AppState>,
    call: FollowUpCallId,
    appointment: AppointmentId,
) -> CmdResult<FollowUpCall> {
    state
        .store
        .link_follow_up_booking(call, appointment, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn follow_up_customer_told(
    state: State<'_, AppState>,
    call: FollowUpCallId,
) -> CmdResult<FollowUpCall> {
    state
        .store
        .follow_up_customer_told(call, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn report_follow_up(
    state: State<'_, AppState>,
    call: FollowUpCallId,
    input: SupervisorReportInput,
    word: Option<SupervisorWord>,
) -> CmdResult<FollowUpCall> {
    state
        .store
        .report_follow_up(call, &input, word.as_ref(), now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn set_job_mark(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: JobMarkInput,
) -> CmdResult<JobFollowUp> {
    state
        .store
        .set_job_mark(id, &input, now())
        .map_err(to_ui(&state))
}

/// Opens the call register or the call record in the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_follow_up_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: FollowUpReportRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, follow_up_print_path)
}

/// Asks where to save the call register or record and writes it there.
#[tauri::command(async)]
#[specta::specta]
pub fn save_follow_up_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: FollowUpReportRequest,
) -> CmdResult<Option<String>> {
    let lang = day_report_lang(&state.store, request.lang).map_err(to_ui(&state))?;
    let suggested = follow_up_file_name(&request, lang);
    paper::save(&app, &state, &request, suggested, save_follow_up_pdf)
}

/// Prints the call register or record with `lp`, else opens it to print from the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn print_follow_up_report_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: FollowUpReportRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_follow_up)
}
