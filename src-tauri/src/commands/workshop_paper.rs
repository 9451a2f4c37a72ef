//! The workshop's paper of a job: the diagnosis report (its checks, road test, findings,
//! recommendation and the technician's signature, archived once signed) and the dispatch
//! sheet (who takes the job, planned hours, when it was handed over, the findings passed
//! to the desk), each opened in the viewer or saved where the user picks.
use garage_core::desk::print::diagnosis::{
    diagnosis_print_copy, save_diagnosis_pdf, sign_and_archive_diagnosis, DiagnosisRequest,
};
use garage_core::desk::print::dispatch::{dispatch_print_copy, save_dispatch_pdf, DispatchRequest};
use garage_core::desk::print::work_order::builtin_fonts;
use garage_core::domain::diagnosis::{DiagnosisInput, DiagnosisView};
use garage_core::domain::dispatch::{DispatchInput, DispatchView, FindingNoticeInput};
use garage_core::ids::WorkOrderId;
use garage_core::intake::SignatureInput;
use tauri::State;

use super::now;
use super::paper;
use super::work_orders::job_number;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

/// The Diagnosis panel of a job.
#[tauri::command(async)]
#[specta::specta]
pub fn get_diagnosis(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<DiagnosisView> {
    state.store.diagnosis(id).map_err(to_ui(&state))
}

/// Saves the whole diagnosis report.
#[tauri::command(async)]
#[specta::specta]
pub fn save_diagnosis(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: DiagnosisInput,
) -> CmdResult<DiagnosisView> {
    state
        .store
        .save_diagnosis(id, &input, now())
        .map_err(to_ui(&state))
}

/// The technician signs the saved report on the pad; the signed report is archived.
#[tauri::command(async)]
#[specta::specta]
pub fn sign_diagnosis(
    state: State<'_, AppState>,
    id: WorkOrderId,
    signature: SignatureInput,
) -> CmdResult<DiagnosisView> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    sign_and_archive_diagnosis(&state.store, &state.data_dir, fonts, id, &signature, now())
        .map_err(to_ui(&state))
}

/// Writes the diagnosis report into the data folder and opens it in the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_diagnosis(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: DiagnosisRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, diagnosis_print_copy)
}

/// Save as…: the diagnosis report where the save dialog says.
#[tauri::command(async)]
#[specta::specta]
pub fn save_diagnosis_as(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: DiagnosisRequest,
) -> CmdResult<Option<String>> {
    let suggested = format!("{}-diagnosis.pdf", job_number(&state, request.id)?);
    paper::save(&app, &state, &request, suggested, save_diagnosis_pdf)
}

/// The Dispatch panel of a job.
#[tauri::command(async)]
#[specta::specta]
pub fn get_dispatch(state: State<'_, AppState>, id: WorkOrderId) -> CmdResult<DispatchView> {
    state.store.dispatch(id, now()).map_err(to_ui(&state))
}

/// Saves the whole dispatch sheet.
#[tauri::command(async)]
#[specta::specta]
pub fn save_dispatch(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: DispatchInput,
) -> CmdResult<DispatchView> {
    state
        .store
        .save_dispatch(id, &input, now())
        .map_err(to_ui(&state))
}

/// Records a finding the workshop passed to the desk, with who took it.
#[tauri::command(async)]
#[specta::specta]
pub fn record_finding_notice(
    state: State<'_, AppState>,
    id: WorkOrderId,
    input: FindingNoticeInput,
) -> CmdResult<DispatchView> {
    state
        .store
        .record_finding_notice(id, &input, now())
        .map_err(to_ui(&state))
}

/// Writes the dispatch sheet into the data folder and opens it in the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_dispatch(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: DispatchRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, dispatch_print_copy)
}

/// Save as…: the dispatch sheet where the save dialog says.
#[tauri::command(async)]
#[specta::specta]
pub fn save_dispatch_as(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: DispatchRequest,
) -> CmdResult<Option<String>> {
    let suggested = format!("{}-dispatch.pdf", job_number(&state, request.id)?);
    paper::save(&app, &state, &request, suggested, save_dispatch_pdf)
}

/// A dispatch item's planned hours as typed ("1.5", "1,5"): whole minutes, or a field error.
#[tauri::command(async)]
#[specta::specta]
pub fn check_planned_hours(state: State<'_, AppState>, text: String) -> CmdResult<u32> {
    garage_core::workshop::typed::parse_planned_hours(&text).map_err(to_ui(&state))
}

/// A road test's distance as typed: whole kilometres, or a field error.
#[tauri::command(async)]
#[specta::specta]
pub fn check_road_test_km(state: State<'_, AppState>, text: String) -> CmdResult<u32> {
    garage_core::workshop::typed::parse_road_test_km(&text).map_err(to_ui(&state))
}
