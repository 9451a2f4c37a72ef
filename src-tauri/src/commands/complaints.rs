//! Complaints and comebacks from the window: taking a complaint, its steps, closing it
//! (with the supervisor's word where the core asks for it), the list, Today's late ones,
//! the comeback link of a job, and the complaint sheet. Thin: every rule is in
//! `garage_core::settlement::{complaint, comeback}` and the desk's use cases.
use garage_core::desk::print::complaint::{
    complaint_sheet_print_copy, complaint_sheet_suggested_name, print_complaint_sheet,
    save_complaint_sheet_pdf, ComplaintSheetRequest,
};
use garage_core::desk::print::work_order::PrintOutcome;
use garage_core::domain::complaint::{
    Comeback, ComebackCandidate, Complaint, ComplaintClosingInput, ComplaintFilter, ComplaintInput,
    ComplaintRow, ComplaintStepInput,
};
use garage_core::ids::{ComplaintId, WorkOrderId};
use garage_core::settlement::supervision::SupervisorWord;
use tauri::State;

use super::now;
use super::paper;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

#[tauri::command(async)]
#[specta::specta]
pub fn log_complaint(state: State<'_, AppState>, input: ComplaintInput) -> CmdResult<Complaint> {
    state
        .store
        .log_complaint(&input, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn get_complaint(state: State<'_, AppState>, id: ComplaintId) -> CmdResult<Complaint> {
    state.store.complaint(id, now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn add_complaint_step(
    state: State<'_, AppState>,
    id: ComplaintId,
    step: ComplaintStepInput,
) -> CmdResult<Complaint> {
    state
        .store
        .add_complaint_step(id, &step, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn close_complaint(
    state: State<'_, AppState>,
    id: ComplaintId,
    input: ComplaintClosingInput,
    word: Option<SupervisorWord>,
) -> CmdResult<Complaint> {
    state
        .store
        .close_complaint(id, &input, word.as_ref(), now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn list_complaints(
    state: State<'_, AppState>,
    filter: ComplaintFilter,
) -> CmdResult<Vec<ComplaintRow>> {
    state
        .store
        .complaints(&filter, now())
        .map_err(to_ui(&state))
}

/// Open complaints past their promised answer time, for Today.
#[tauri::command(async)]
#[specta::specta]
pub fn late_complaints(state: State<'_, AppState>) -> CmdResult<Vec<ComplaintRow>> {
    state.store.late_complaints(now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn job_comeback(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<Option<Comeback>> {
    state.store.comeback(id, now()).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn comeback_candidates(
    state: State<'_, AppState>,
    id: WorkOrderId,
) -> CmdResult<Vec<ComebackCandidate>> {
    state.store.comeback_candidates(id).map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn link_comeback(
    state: State<'_, AppState>,
    id: WorkOrderId,
    origin: WorkOrderId,
    by: String,
) -> CmdResult<Option<Comeback>> {
    state
        .store
        .link_comeback(id, origin, &by, now())
        .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn unlink_comeback(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<()> {
    state.store.unlink_comeback(id).map_err(to_ui(&state))
}

/// Writes the complaint sheet into the data folder and opens it in the PDF viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_complaint_sheet(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: ComplaintSheetRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, complaint_sheet_print_copy)
}

/// Save as…: asks where, named by the complaint's number and language, and writes it there.
#[tauri::command(async)]
#[specta::specta]
pub fn save_complaint_sheet(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: ComplaintSheetRequest,
) -> CmdResult<Option<String>> {
    let suggested =
        complaint_sheet_suggested_name(&state.store, &request, now()).map_err(to_ui(&state))?;
    paper::save(&app, &state, &request, suggested, save_complaint_sheet_pdf)
}

/// Prints the sheet with `lp` where it exists, else opens it to print from the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn print_complaint_sheet_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: ComplaintSheetRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_complaint_sheet)
}
