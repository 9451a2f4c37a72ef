//! Importing the customer list from the window: the file chosen in the system's dialog
//! is kept here (the page never names a path), planned again for each mapping or filter
//! the user sets, applied all or nothing, and its report saved where the dialog says.
use garage_core::customer_import::{CustomerImportQuery, CustomerImportView, ImportTotals};
use garage_core::files::read_bounded;
use garage_core::pricing::sheet::{SheetFormat, MAX_FILE_BYTES};
use garage_core::reason::Reason;
use garage_core::CoreError;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use super::now;
use super::work_orders::{ask_save_path, dialog_failed};
use crate::error::{to_ui, CmdResult};
use crate::state::{AppState, ChosenSheet};

fn chosen(state: &AppState) -> CmdResult<ChosenSheet> {
    state
        .chosen_customer_list()
        .ok_or_else(|| to_ui(state)(CoreError::conflict(Reason::ImportNothingPlanned)))
}

/// Asks for a CSV or XLSX customer list and returns its dry run with the remembered or
/// guessed mapping; `None` when the dialog was cancelled.
#[tauri::command(async)]
#[specta::specta]
pub fn pick_customer_import(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<CustomerImportView>> {
    let path = match super::export::e2e_pick() {
        Some(path) => path,
        None => {
            let Some(file) = app
                .dialog()
                .file()
                .add_filter("CSV / Excel", &["csv", "xlsx"])
                .blocking_pick_file()
            else {
                return Ok(None);
            };
            file.into_path().map_err(|_| dialog_failed(&state))?
        }
    };
    let format = SheetFormat::of_path(&path).map_err(to_ui(&state))?;
    let bytes = read_bounded(
        &path,
        MAX_FILE_BYTES as u64,
        "file",
        Reason::ImportUnreadable,
    )
    .map_err(to_ui(&state))?;
    let view = state
        .store
        .plan_customer_import(&bytes, format, &CustomerImportQuery::default(), now())
        .map_err(to_ui(&state))?;
    state.choose_customer_list(Some(ChosenSheet {
        bytes: std::sync::Arc::new(bytes),
        format,
    }));
    Ok(Some(view))
}

/// The dry run of the chosen file again, with the user's mapping and row filter.
#[tauri::command(async)]
#[specta::specta]
pub fn plan_customer_import(
    state: State<'_, AppState>,
    query: CustomerImportQuery,
) -> CmdResult<CustomerImportView> {
    let sheet = chosen(&state)?;
    state
        .store
        .plan_customer_import(&sheet.bytes, sheet.format, &query, now())
        .map_err(to_ui(&state))
}

/// Writes the chosen file's new customers and vehicles, all or nothing, and forgets it.
#[tauri::command(async)]
#[specta::specta]
pub fn apply_customer_import(
    state: State<'_, AppState>,
    mapping: Vec<Option<String>>,
    skip_refused: bool,
) -> CmdResult<ImportTotals> {
    let sheet = chosen(&state)?;
    let totals = state
        .store
        .apply_customer_import(
            &sheet.bytes,
            sheet.format,
            Some(&mapping),
            skip_refused,
            now(),
        )
        .map_err(to_ui(&state))?;
    state.choose_customer_list(None);
    Ok(totals)
}

/// Save as…: the plan of every row as a CSV where the save dialog says; `None` when
/// cancelled.
#[tauri::command(async)]
#[specta::specta]
pub fn save_customer_import_report(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    mapping: Vec<Option<String>>,
) -> CmdResult<Option<String>> {
    let sheet = chosen(&state)?;
    let suggested = "customer-import-report.csv".to_string();
    let Some(target) = ask_save_path(&app, &state, "csv", suggested)? else {
        return Ok(None);
    };
    state
        .store
        .save_customer_import_report_as(
            &state.data_dir,
            &target,
            &sheet.bytes,
            sheet.format,
            Some(&mapping),
            state.lang(),
            now(),
        )
        .map(|p| Some(p.display().to_string()))
        .map_err(to_ui(&state))
}

/// Forgets the chosen file.
#[tauri::command(async)]
#[specta::specta]
pub fn discard_customer_import(state: State<'_, AppState>) {
    state.choose_customer_list(None);
}
