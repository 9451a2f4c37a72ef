//! The appointment book's paper from the window: agreeing the slip (signed on the pad or
//! by a recorded call), and opening, saving or printing the slip, the register and the
//! tally — each one core call (`desk::print::appointment_slip`, `…::appointment_book`).
use garage_core::desk::print::appointment_book::{
    appointment_report_file_name, appointment_report_print_path, print_appointment_report,
    save_appointment_report_pdf, AppointmentReportRequest,
};
use garage_core::desk::print::appointment_slip::{
    agree_and_archive_appointment, appointment_slip_file_name, appointment_slip_lang,
    appointment_slip_print_copy, print_appointment_slip, save_appointment_slip_pdf, AgreedSlip,
    AppointmentSlipRequest,
};
use garage_core::desk::print::day_report::day_report_lang;
use garage_core::desk::print::work_order::{builtin_fonts, PrintOutcome};
use garage_core::domain::appointment::{AgreementInput, AppointmentAgreement};
use garage_core::ids::AppointmentId;
use tauri::State;

use super::now;
use super::paper;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

/// Records how the customer agreed the slip and archives the agreed slip.
#[tauri::command(async)]
#[specta::specta]
pub fn agree_appointment(
    state: State<'_, AppState>,
    id: AppointmentId,
    input: AgreementInput,
) -> CmdResult<AgreedSlip> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    agree_and_archive_appointment(&state.store, &state.data_dir, fonts, id, &input, now())
        .map_err(to_ui(&state))
}

/// How the booking as it stands was agreed; `None` before (or after a change).
#[tauri::command(async)]
#[specta::specta]
pub fn appointment_agreement(
    state: State<'_, AppState>,
    id: AppointmentId,
) -> CmdResult<Option<AppointmentAgreement>> {
    state.store.appointment_agreement(id).map_err(to_ui(&state))
}

/// Writes the slip into the data folder and opens it in the system's PDF viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_appointment_slip(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: AppointmentSlipRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, appointment_slip_print_copy)
}

/// Asks where to save the slip and writes it there; `None` when the user cancels.
#[tauri::command(async)]
#[specta::specta]
pub fn save_appointment_slip(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: AppointmentSlipRequest,
) -> CmdResult<Option<String>> {
    let number = state
        .store
        .get_appointment(request.id)
        .map_err(to_ui(&state))?
        .number;
    let lang =
        appointment_slip_lang(&state.store, request.id, request.lang).map_err(to_ui(&state))?;
    let suggested = appointment_slip_file_name(&number, lang);
    paper::save(&app, &state, &request, suggested, save_appointment_slip_pdf)
}

/// Prints the slip with `lp` where it exists, else opens it to print from the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn print_appointment_slip_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: AppointmentSlipRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_appointment_slip)
}

/// Writes the register or the tally into the data folder and opens it in the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_appointment_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: AppointmentReportRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, appointment_report_print_path)
}

/// Asks where to save the register or the tally and writes it there.
#[tauri::command(async)]
#[specta::specta]
pub fn save_appointment_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: AppointmentReportRequest,
) -> CmdResult<Option<String>> {
    let lang = day_report_lang(&state.store, request.lang).map_err(to_ui(&state))?;
    let suggested = appointment_report_file_name(&request, lang);
    paper::save(
        &app,
        &state,
        &request,
        suggested,
        save_appointment_report_pdf,
    )
}

/// Prints the register or the tally with `lp`, else opens it to print from the viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn print_appointment_report_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: AppointmentReportRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_appointment_report)
}
