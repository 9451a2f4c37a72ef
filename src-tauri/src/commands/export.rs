//! End of day: the export target (picked in the system dialog, never a path from the
//! page), exporting now, the local backups, and a restore, which is checked now and
//! carried out at the next start before the store opens.
use std::path::PathBuf;

use garage_core::export::backups::{take_backup, BackupKind, LocalBackup};
use garage_core::export::bundle::BundleCheck;
use garage_core::export::restore::{check_for_restore, request_restore, RestoreRequest};
use garage_core::export::{
    check_target, export_day, export_status, ExportOutcome, ExportSettings, ExportStatus,
};
use garage_core::reason::Reason;
use garage_core::CoreError;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::error::{to_ui, CmdResult};
use crate::state::AppState;

/// The bundle last picked for a restore: the page confirms it by showing its manifest,
/// and never sends a path back.
static PICKED_BUNDLE: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

#[tauri::command(async)]
#[specta::specta]
pub fn get_export_status(state: State<'_, AppState>) -> CmdResult<ExportStatus> {
    export_status(&state.store, &state.data_dir, super::now()).map_err(to_ui(&state))
}

/// Asks for the export folder (a USB stick or a share) and remembers it; `None` when
/// cancelled.
#[tauri::command(async)]
#[specta::specta]
pub fn pick_export_target(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<ExportStatus>> {
    let Some(chosen) = app.dialog().file().blocking_pick_folder() else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|_| super::work_orders::dialog_failed(&state))?;
    let target = check_target(&state.data_dir, &path).map_err(to_ui(&state))?;
    let mut settings = state.store.export_settings().map_err(to_ui(&state))?;
    settings.target = Some(target.to_string_lossy().into_owned());
    save(&state, settings).map(Some)
}

/// How many bundles the target keeps (1 to 3650).
#[tauri::command(async)]
#[specta::specta]
pub fn set_export_keep(state: State<'_, AppState>, keep_bundles: u32) -> CmdResult<ExportStatus> {
    let mut settings = state.store.export_settings().map_err(to_ui(&state))?;
    settings.keep_bundles = keep_bundles;
    save(&state, settings)
}

fn save(state: &AppState, settings: ExportSettings) -> CmdResult<ExportStatus> {
    state
        .store
        .save_export_settings(&settings)
        .map_err(to_ui(state))?;
    export_status(&state.store, &state.data_dir, super::now()).map_err(to_ui(state))
}

/// Exports to the remembered folder, reads it back and records it.
#[tauri::command(async)]
#[specta::specta]
pub fn export_now(state: State<'_, AppState>) -> CmdResult<ExportOutcome> {
    let settings = state.store.export_settings().map_err(to_ui(&state))?;
    let Some(target) = settings.target else {
        return Err(to_ui(&state)(CoreError::invalid(
            "target",
            Reason::ExportTargetMissing,
        )));
    };
    export_day(
        &state.store,
        &state.data_dir,
        std::path::Path::new(&target),
        settings.keep_bundles,
        super::now(),
    )
    .map_err(to_ui(&state))
}

#[tauri::command(async)]
#[specta::specta]
pub fn backup_now(state: State<'_, AppState>) -> CmdResult<LocalBackup> {
    take_backup(
        &state.store,
        &state.data_dir,
        BackupKind::Daily,
        super::now(),
    )
    .map_err(to_ui(&state))
}

/// Asks for a bundle folder and checks it file by file; returns what it holds for the
/// confirmation, `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
pub fn pick_bundle_for_restore(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<BundleCheck>> {
    let Some(chosen) = app.dialog().file().blocking_pick_folder() else {
        return Ok(None);
    };
    let path = chosen
        .into_path()
        .map_err(|_| super::work_orders::dialog_failed(&state))?;
    let check = check_for_restore(&path).map_err(to_ui(&state))?;
    if let Ok(mut picked) = PICKED_BUNDLE.lock() {
        *picked = Some(path);
    }
    Ok(Some(check))
}

/// Restores the bundle just picked (`backupFileName` empty) or a local backup named by
/// its file name: checked now, carried out as the app closes and starts again.
#[tauri::command(async)]
#[specta::specta]
pub fn restore_and_restart(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    backup_file_name: Option<String>,
) -> CmdResult<()> {
    let request = match backup_file_name {
        Some(file_name) => RestoreRequest::Backup { file_name },
        None => {
            let picked = PICKED_BUNDLE.lock().ok().and_then(|p| p.clone());
            let Some(path) = picked else {
                return Err(to_ui(&state)(CoreError::invalid(
                    "bundle",
                    Reason::BundleNotABundle,
                )));
            };
            RestoreRequest::Bundle {
                path: path.to_string_lossy().into_owned(),
            }
        }
    };
    request_restore(&state.data_dir, &request).map_err(to_ui(&state))?;
    app.restart();
}
