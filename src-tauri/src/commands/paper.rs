//! The three ways a printable form leaves the window, the same for every form: opened in
//! the system's PDF viewer, printed (`lp` where it exists, else opened to print from
//! there), or saved where the user picks in the save dialog (opened here, so the page
//! never names a path). Each form's command passes its request and the core's function.
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use garage_core::desk::print::work_order::{builtin_fonts, PrintOutcome};
use garage_core::error::Result;
use garage_core::forms::FormFonts;
use garage_core::Store;

use super::now;
use super::work_orders::{ask_save_path, show_in_viewer};
use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

/// Writes the form into the data folder with `make`, opens it in the viewer and returns
/// its path.
pub(crate) fn open<R>(
    app: &tauri::AppHandle,
    state: &AppState,
    request: &R,
    make: impl FnOnce(&Store, &Path, &FormFonts, &R, NaiveDateTime) -> Result<PathBuf>,
) -> CmdResult<String> {
    let fonts = builtin_fonts().map_err(to_ui(state))?;
    let path = make(&state.store, &state.data_dir, fonts, request, now()).map_err(to_ui(state))?;
    show_in_viewer(app, state, &path)?;
    Ok(path.display().to_string())
}

/// Prints the form with `print`; when no printer took it, opens it in the viewer.
pub(crate) fn print<R>(
    app: &tauri::AppHandle,
    state: &AppState,
    request: &R,
    print: impl FnOnce(&Store, &Path, &FormFonts, &R, NaiveDateTime) -> Result<PrintOutcome>,
) -> CmdResult<PrintOutcome> {
    let fonts = builtin_fonts().map_err(to_ui(state))?;
    let outcome =
        print(&state.store, &state.data_dir, fonts, request, now()).map_err(to_ui(state))?;
    if !outcome.sent_to_printer {
        show_in_viewer(app, state, Path::new(&outcome.path))?;
    }
    Ok(outcome)
}

/// Asks where to save (`suggested` as the name) and writes the form there with `save`;
/// `None` when the user cancels. The core checks the place before writing.
pub(crate) fn save<R>(
    app: &tauri::AppHandle,
    state: &AppState,
    request: &R,
    suggested: String,
    save: impl FnOnce(&Store, &Path, &FormFonts, &R, &Path, NaiveDateTime) -> Result<PathBuf>,
) -> CmdResult<Option<String>> {
    let Some(target) = ask_save_path(app, state, "pdf", suggested)? else {
        return Ok(None);
    };
    let fonts = builtin_fonts().map_err(to_ui(state))?;
    save(
        &state.store,
        &state.data_dir,
        fonts,
        request,
        &target,
        now(),
    )
    .map(|p| Some(p.display().to_string()))
    .map_err(to_ui(state))
}
