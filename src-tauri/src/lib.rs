//! The desktop shell: reads the command line, opens the store, and wires the window to the
//! commands. Every rule lives in `garage_core`; this crate only adapts it to Tauri.
mod bindings;
mod cli;
mod cli_error;
mod commands;
mod error;
mod headless;
mod headless_care;
mod headless_exit_notice;
mod headless_export;
mod headless_import;
mod headless_report;
mod missing_shop;
mod state;

use std::process::ExitCode;

use clap::Parser;
use garage_core::shop_folder;

pub use bindings::{export_bindings, specta_builder};

pub fn main_entry() -> ExitCode {
    let cli = cli::Cli::parse();
    let data_dir = match cli::resolve_data_dir(cli.data_dir) {
        Ok(dir) => dir,
        Err(msg) => {
            eprintln!("garage-desk: {msg}");
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Some(command) => headless::run(command, &data_dir, cli.start_new_shop),
        None => run_window(data_dir, cli.start_new_shop),
    }
}

fn run_window(mut data_dir: std::path::PathBuf, mut start_new: bool) -> ExitCode {
    // A restore asked for in the window is done now, before the store opens (issue 9).
    let now = chrono::Local::now().naive_local();
    let restored = match garage_core::export::restore::apply_pending_restore(&data_dir, now) {
        Ok(Some(outcome)) => {
            eprintln!(
                "garage-desk: restored; the replaced data is kept in {}",
                outcome.safety_folder.as_deref().unwrap_or("-")
            );
            Some(outcome)
        }
        Ok(None) => None,
        Err(e) => {
            eprintln!(
                "garage-desk: the restore asked for was not done: {}",
                e.to_payload(garage_core::i18n::Lang::En).message
            );
            None
        }
    };
    let (store, recovered) = loop {
        match shop_folder::open_shop_reporting(&data_dir, start_new) {
            Ok(opened) => break (opened.store, opened.recovered),
            Err(e) if shop_folder::is_database_missing(&e) => {
                eprintln!("{}", cli::database_missing_hint(&data_dir));
                // Started from a desktop icon nobody reads stderr: ask on screen.
                match missing_shop::ask(&data_dir) {
                    missing_shop::Answer::Folder(dir) => data_dir = dir,
                    missing_shop::Answer::StartNew => start_new = true,
                    missing_shop::Answer::Quit => return ExitCode::from(2),
                }
            }
            Err(e) => {
                eprintln!(
                    "garage-desk: cannot open the shop's data in {}: {}",
                    data_dir.display(),
                    e.to_payload(garage_core::i18n::Lang::En).message
                );
                return ExitCode::from(2);
            }
        }
    };
    // The day's local backup at the first start of each day (issue 9), on a thread of its
    // own once the window has settled: the first screen neither waits for it nor shares
    // the processor with its compression. A failure is told, never a reason not to open
    // the shop; a window closed before it ran leaves it to the next start.
    if let Some(db) = store.path().map(std::path::Path::to_path_buf) {
        let dir = data_dir.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_secs(15));
            if let Err(e) = garage_core::export::backups::backup_at_start(&db, &dir, now) {
                eprintln!("garage-desk: the day's local backup failed: {e}");
            }
        });
    }
    // An export killed half-way leaves a temporary folder on the stick: removed now, and
    // the day stays "not exported" since only a verified bundle is recorded.
    if let Ok(Some(target)) = store.export_settings().map(|s| s.target) {
        garage_core::export::clean_partial_bundles(std::path::Path::new(&target));
    }
    if let Some(outcome) = &restored {
        if let Err(e) = garage_core::export::restore::journal_restore(&store, outcome, now) {
            eprintln!("garage-desk: the restore was not journalled: {e}");
        }
    }
    let ui_lang = store.ui_language().unwrap_or_default();
    let notice = state::StartNotice {
        restored,
        recovered,
    };
    let state = state::AppState::new(store, data_dir, ui_lang).with_notice(notice);
    let builder = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(builder.invoke_handler())
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("garage-desk: the window failed: {e}");
            ExitCode::FAILURE
        }
    }
}
