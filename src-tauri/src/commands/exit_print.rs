//! The exit notice on paper from the window: open it in the viewer, save it where the
//! dialog says, or print it. The first printing is the original (archived); every later
//! one is a COPY logged as a reprint — all decided in `garage_core::desk::print::exit_notice`.
use garage_core::desk::print::exit_notice::{
    exit_notice_print_copy, exit_notice_save_name, print_exit_notice, save_exit_notice_pdf,
    ExitPrintRequest,
};
use garage_core::desk::print::work_order::PrintOutcome;
use tauri::State;

use super::paper;
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
    paper::open(&app, &state, &request, exit_notice_print_copy)
}

/// Save as…: the exit notice where the save dialog says.
#[tauri::command(async)]
#[specta::specta]
pub fn save_exit_notice_file(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: ExitPrintRequest,
) -> CmdResult<Option<String>> {
    let name = exit_notice_save_name(&state.store, &request).map_err(to_ui(&state))?;
    paper::save(&app, &state, &request, name, save_exit_notice_pdf)
}

/// Prints with `lp` where it exists, else opens the PDF in the viewer to print from there.
#[tauri::command(async)]
#[specta::specta]
pub fn print_exit_notice_pdf(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: ExitPrintRequest,
) -> CmdResult<PrintOutcome> {
    paper::print(&app, &state, &request, print_exit_notice)
}
