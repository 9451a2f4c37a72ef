//! The exit notice on paper from the window: open it in the viewer, save it where the
//! dialog says, or print it. The first printing is the original (archived); every later
//! one is a COPY logged as a reprint — all decided in `garage_core::settlement::exit_print`.
use garage_core::intake::print::{builtin_fonts, PrintOutcome};
use garage_core::settlement::exit_print::{
    exit_notice_print_copy, print_exit_notice, save_exit_notice_pdf, ExitPrintRequest,
};
use tauri::State;

use super::now;
use super::work_orders::{ask_save_path, job_number, show_in_viewer};
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

/// Writes the exit notice into the data folder and opens it in the system's PDF viewer.
#[tauri::command(async)]
#[specta::specta]
pub fn open_exit_notice_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: ExitPrintRequest,
) -> CmdResult<String> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    let path = exit_notice_print_copy(&state.store, &state.data_dir, fonts, &request, now())
        .map_err(to_ui(&state))?;
    show_in_viewer(&app, &state, &path)?;
    Ok(path.display().to_string())
}

/// Save as…: the exit notice where the save dialog says.
#[tauri::command(async)]
#[specta::specta]
pub fn save_exit_notice_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: ExitPrintRequest,
) -> CmdResult<Option<String>> {
    let number = job_number(&state, request.id)?;
    let name = format!("{number}-exit-notice.pdf");
    let Some(target) = ask_save_path(&app, &state, "pdf", name)? else {
        return Ok(None);
    };
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    save_exit_notice_pdf(
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
pub fn print_exit_notice_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: ExitPrintRequest,
) -> CmdResult<PrintOutcome> {
    let fonts = builtin_fonts().map_err(to_ui(&state))?;
    let outcome = print_exit_notice(&state.store, &state.data_dir, fonts, &request, now())
        .map_err(to_ui(&state))?;
    if !outcome.sent_to_printer {
        show_in_viewer(&app, &state, std::path::Path::new(&outcome.path))?;
    }
    Ok(outcome)
}
