//! End of day: the export target (picked in the system dialog or among the removable
//! drives listed now, never a path from the page), exporting now with its progress and
//! cancel, the passphrase, the local backups, and a restore, which is checked now and
//! carried out at the next start before the store opens.
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use garage_core::export::backups::{take_backup, BackupKind, LocalBackup};
use garage_core::export::bundle::BundleCheck;
use garage_core::export::drives::{listed_drive, removable_drives, RemovableDrive};
use garage_core::export::progress::{ExportControl, ExportProgress};
use garage_core::export::restore::{
    check_for_restore, note_approval, request_bundle_restore, request_restore, RestoreRequest,
};
use garage_core::export::sealed::Passphrase;
use garage_core::export::{
    check_target, export_day_with, export_passphrase, export_status,
    set_export_passphrase as core_set_passphrase, ExportOutcome, ExportRequest, ExportSettings,
    ExportStatus,
};
use garage_core::reason::Reason;
use garage_core::settlement::supervision::{ShopAction, SupervisorWord};
use garage_core::CoreError;
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::error::{to_ui, CmdResult};
use crate::state::{AppState, ExportRun};

/// The bundle last picked for a restore: the page confirms it by showing its manifest,
/// and never sends a path back.
static PICKED_BUNDLE: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);

/// The folder chosen in the system's folder dialog; `None` when cancelled.
fn pick_folder(app: &tauri::AppHandle, state: &AppState) -> CmdResult<Option<PathBuf>> {
    if let Some(answer) = e2e_pick() {
        return Ok(Some(answer));
    }
    let Some(chosen) = app.dialog().file().blocking_pick_folder() else {
        return Ok(None);
    };
    chosen
        .into_path()
        .map(Some)
        .map_err(|_| super::work_orders::dialog_failed(state))
}

/// The end-to-end tests cannot reach GTK's dialog, a window outside the page: in debug
/// builds only, when `GARAGE_DESK_E2E_PICK` names a file, the folder written in it is
/// the one "chosen" (the file is consumed) — by the folder dialogs here and the save
/// dialog of the forms. Everything after the dialog runs as usual.
#[cfg(debug_assertions)]
pub(crate) fn e2e_pick() -> Option<PathBuf> {
    let file = std::env::var_os("GARAGE_DESK_E2E_PICK")?;
    let answer = std::fs::read_to_string(&file).ok()?;
    let _ = std::fs::remove_file(&file);
    Some(PathBuf::from(answer.trim()))
}

#[cfg(not(debug_assertions))]
pub(crate) fn e2e_pick() -> Option<PathBuf> {
    None
}

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
    let Some(path) = pick_folder(&app, &state)? else {
        return Ok(None);
    };
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

/// The longest passphrase the window may send (the core refuses past 1,024 characters;
/// this bounds what is even read).
const MAX_PASSPHRASE_BYTES: usize = 4 * 1024;

fn passphrase(state: &AppState, typed: Option<String>) -> CmdResult<Option<Passphrase>> {
    match typed {
        Some(text) if text.len() > MAX_PASSPHRASE_BYTES => Err(to_ui(state)(CoreError::invalid(
            "passphrase",
            Reason::PassphraseLength,
        ))),
        Some(text) => Ok(Some(Passphrase::from(text))),
        None => Ok(None),
    }
}

/// Exports to the remembered folder, reads it back and records it; with the shop's
/// passphrase when it set one. Runs on a worker thread (the window stays usable), one
/// export at a time; [`export_progress`] tells how far it is, [`cancel_export`] stops it.
#[tauri::command(async)]
#[specta::specta]
pub fn export_now(
    state: State<'_, AppState>,
    passphrase: Option<String>,
) -> CmdResult<ExportOutcome> {
    let typed = self::passphrase(&state, passphrase)?;
    let run = &state.export_run;
    if run.running.swap(true, Ordering::SeqCst) {
        return Err(to_ui(&state)(CoreError::conflict(Reason::ExportRunning)));
    }
    let _ended = Ended(run);
    run.cancel.store(false, Ordering::SeqCst);
    let report = |p: &ExportProgress| {
        if let Ok(mut progress) = run.progress.lock() {
            *progress = Some(*p);
        }
    };
    let result = (|| {
        let settings = state.store.export_settings()?;
        let Some(target) = settings.target else {
            return Err(CoreError::invalid("target", Reason::ExportTargetMissing));
        };
        let passphrase = export_passphrase(&state.store, typed)?;
        let request = ExportRequest {
            target: std::path::Path::new(&target),
            keep: settings.keep_bundles,
            passphrase: passphrase.as_ref(),
            now: super::now(),
        };
        let control = ExportControl::new(&run.cancel, &report);
        export_day_with(&state.store, &state.data_dir, &request, control)
    })();
    result.map_err(to_ui(&state))
}

/// Marks the export ended however it ends (a panic included), so the next can start.
struct Ended<'a>(&'a ExportRun);

impl Drop for Ended<'_> {
    fn drop(&mut self) {
        if let Ok(mut progress) = self.0.progress.lock() {
            *progress = None;
        }
        self.0.running.store(false, Ordering::SeqCst);
    }
}

/// How far the running export is; `None` when none runs.
#[tauri::command]
#[specta::specta]
pub fn export_progress(state: State<'_, AppState>) -> Option<ExportProgress> {
    state.export_run.progress.lock().ok().and_then(|p| *p)
}

/// Asks the running export to stop; it removes what it wrote and records nothing.
#[tauri::command]
#[specta::specta]
pub fn cancel_export(state: State<'_, AppState>) {
    state.export_run.cancel.store(true, Ordering::SeqCst);
}

/// Sets the export passphrase (only its verifier is kept), or removes it (`None`); once
/// one is set, with the old one or the supervisor's word.
#[tauri::command(async)]
#[specta::specta]
pub fn set_export_passphrase(
    state: State<'_, AppState>,
    passphrase: Option<String>,
    old: Option<String>,
    word: Option<SupervisorWord>,
) -> CmdResult<ExportStatus> {
    let passphrase = self::passphrase(&state, passphrase)?;
    let old = self::passphrase(&state, old.filter(|o| !o.is_empty()))?;
    core_set_passphrase(
        &state.store,
        passphrase.as_ref(),
        old.as_ref(),
        word.as_ref(),
        super::now(),
    )
    .map_err(to_ui(&state))?;
    export_status(&state.store, &state.data_dir, super::now()).map_err(to_ui(&state))
}

/// The USB sticks and other removable drives mounted now, with their free space.
#[tauri::command(async)]
#[specta::specta]
pub fn list_export_drives() -> Vec<RemovableDrive> {
    removable_drives()
}

/// Makes a listed drive the export folder; the mount point is looked up again among the
/// drives mounted now, so no other path is accepted.
#[tauri::command(async)]
#[specta::specta]
pub fn choose_export_drive(
    state: State<'_, AppState>,
    mount_point: String,
) -> CmdResult<ExportStatus> {
    let drive = listed_drive(&mount_point).map_err(to_ui(&state))?;
    let target = check_target(&state.data_dir, &drive).map_err(to_ui(&state))?;
    let mut settings = state.store.export_settings().map_err(to_ui(&state))?;
    settings.target = Some(target.to_string_lossy().into_owned());
    save(&state, settings)
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
    let Some(path) = pick_folder(&app, &state)? else {
        return Ok(None);
    };
    let check = check_for_restore(&path).map_err(to_ui(&state))?;
    if let Ok(mut picked) = PICKED_BUNDLE.lock() {
        *picked = Some(path);
    }
    Ok(Some(check))
}

/// Restores the bundle just picked (`backupFileName` empty; with its passphrase when it
/// is encrypted) or a local backup named by its file name: checked now, carried out as
/// the app closes and starts again.
#[tauri::command(async)]
#[specta::specta]
pub fn restore_and_restart(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    backup_file_name: Option<String>,
    passphrase: Option<String>,
    word: Option<SupervisorWord>,
) -> CmdResult<()> {
    // Replacing the shop is the supervisor's to allow (once the shop has one); her name
    // goes with the request into the restored shop's journal.
    let boss = state
        .store
        .supervisor_for(Some(ShopAction::Restore), word.as_ref(), super::now())
        .map_err(to_ui(&state))?;
    match backup_file_name {
        Some(file_name) => {
            request_restore(&state.data_dir, &RestoreRequest::Backup { file_name })
                .map_err(to_ui(&state))?;
        }
        None => {
            let picked = PICKED_BUNDLE.lock().ok().and_then(|p| p.clone());
            let Some(path) = picked else {
                return Err(to_ui(&state)(CoreError::invalid(
                    "bundle",
                    Reason::BundleNotABundle,
                )));
            };
            let passphrase = self::passphrase(&state, passphrase)?;
            request_bundle_restore(&state.data_dir, &path, passphrase.as_ref())
                .map_err(to_ui(&state))?;
        }
    }
    if let Some(boss) = boss {
        note_approval(&state.data_dir, &boss.name).map_err(to_ui(&state))?;
    }
    app.restart();
}
