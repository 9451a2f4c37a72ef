//! The daily cash-up's report from the window: open it in the viewer, save it where the
//! user asks, or print it — each one core call (`desk::print::day_report`).
use garage_core::desk::print::day_report::{
    day_report_file_name, day_report_lang, day_report_print_path, print_day_report,
    save_day_report_pdf, DayReportRequest,
};
use garage_core::desk::print::work_order::PrintOutcome;
use tauri::State;

use super::now;
use super::paper;
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

/// Writes the day's report into the data folder and opens it in the system's PDF viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_day_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: DayReportRequest,
) -> CmdResult<String> {
    paper::open(&app, &state, &request, day_report_print_path)
}

/// Asks where to save the day's report (the dialog opens here) and writes it there;
/// `None` when the user cancels.
#[tauri::command(async)]
#[specta::specta]
pub fn save_day_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: DayReportRequest,
) -> CmdResult<Option<String>> {
    let lang = day_report_lang(&state.store, request.lang).map_err(to_ui(&state))?;
    let suggested = day_report_file_name(request.date, lang);
    paper::save(&app, &state, &request, suggested, save_day_report_pdf)
}

/// Prints with `lp` where it exists, else opens the PDF in the viewer to print from there.
#[tauri::command(async)]
#[specta::specta]
pub fn print_day_report_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: DayReportRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_day_report)
}

/// Today's date on the shop's clock: the day the cash-up screen opens on.
#[tauri::command(async)]
#[specta::specta]
pub fn today_date() -> CmdResult<chrono::NaiveDate> {
    Ok(now().date())
}
