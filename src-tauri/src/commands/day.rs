//! The daily cash-up's report from the window: open it in the viewer, save it where the
//! user asks, or print it — each one core call (`settlement::day_print`).
use garage_core::intake::print::{builtin_fonts, PrintOutcome};
use garage_core::settlement::day_print::{
    day_report_file_name, day_report_lang, day_report_print_path, print_day_report,
    save_day_report_pdf, DayReportRequest,
};
use tauri::State;

use super::now;
use super::work_orders::{ask_save_path, show_in_viewer};
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
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    let path = day_report_print_path(&state.store, &state.data_dir, fonts, &request, now())
        .map_err(to_ui(&state))?;
    show_in_viewer(&app, &state, &path)?;
    Ok(path.display().to_string())
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
    let Some(target) = ask_save_path(&app, &state, "pdf", suggested)? else {
        return Ok(None);
    };
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    save_day_report_pdf(
        &state.store,
        &state.data_dir,
        fonts,
        &request,
        &target,
        now(),
    )
    .map(|p| Some(p.display().to_string()))
    .map_err(to_ui(&state))
}

/// Prints with `lp` where it exists, else opens the PDF in the viewer to print from there.
#[tauri::command(async)]
#[specta::specta]
pub fn print_day_report_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: DayReportRequest,
) -> CmdResult<PrintOutcome> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    let outcome = print_day_report(&state.store, &state.data_dir, fonts, &request, now())
        .map_err(to_ui(&state))?;
    if !outcome.sent_to_printer {
        show_in_viewer(&app, &state, std::path::Path::new(&outcome.path))?;
    }
    Ok(outcome)
}

/// Today's date on the shop's clock: the day the cash-up screen opens on.
#[tauri::command(async)]
#[specta::specta]
pub fn today_date() -> CmdResult<chrono::NaiveDate> {
    Ok(now().date())
}
