//! The end-of-day subcommands for a scheduled task: `export`, `backup`, `restore`,
//! `check`. Exit codes a scheduler can act on: 0 done, 1 the bundle is damaged, 2 any
//! other error. `restore` and `check` run before the store is opened: a restore must not
//! replace a database this process holds open.
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use garage_core::error::CoreError;
use garage_core::export::backups::{take_backup, BackupKind, BACKUPS_DIR};
use garage_core::export::bundle::{check_bundle, FileProblem};
use garage_core::export::export_day;
use garage_core::export::restore::{
    check_for_restore, holds_a_shop, restore_backup, restore_bundle,
};
use garage_core::i18n::{tr, tr_with, Lang};
use garage_core::store::Store;

use crate::cli::Command;

/// Runs `restore` and `check`, which must not open the store; any other command is
/// handed back.
pub fn run_without_store(command: Command, data_dir: &Path) -> Result<ExitCode, Command> {
    match command {
        Command::Check { bundle } => Ok(check(&bundle, shop_lang(data_dir))),
        Command::Restore { bundle, yes } => Ok(restore(&bundle, yes, data_dir)),
        other => Err(other),
    }
}

/// Runs `export` and `backup` on the open store.
pub fn run_with_store(command: Command, store: &Store, data_dir: &Path) -> Option<ExitCode> {
    let now = chrono::Local::now().naive_local();
    let lang = store
        .get_settings()
        .map(|s| s.default_language)
        .unwrap_or(Lang::En);
    let outcome = match command {
        Command::Export { to } => export(store, data_dir, to, lang, now),
        Command::Backup => take_backup(store, data_dir, BackupKind::Daily, now).map(|b| {
            println!(
                "backup: {}",
                tr_with(
                    lang,
                    "export.backup_done",
                    &[("file", &format!("{BACKUPS_DIR}/{}", b.file_name))]
                )
            );
        }),
        _ => return None,
    };
    Some(match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(lang, e),
    })
}

fn export(
    store: &Store,
    data_dir: &Path,
    to: Option<PathBuf>,
    lang: Lang,
    now: chrono::NaiveDateTime,
) -> Result<(), CoreError> {
    let settings = store.export_settings()?;
    let Some(target) = to.or(settings.target.map(PathBuf::from)) else {
        return Err(CoreError::invalid(
            "target",
            garage_core::reason::Reason::ExportTargetMissing,
        ));
    };
    let outcome = export_day(store, data_dir, &target, settings.keep_bundles, now)?;
    println!(
        "export: {}",
        tr_with(
            lang,
            "export.done",
            &[("path", &outcome.export.bundle_path)]
        )
    );
    println!(
        "export: {} bytes, {} customers, {} work orders, {} files copied, {} already there",
        outcome.export.bundle_bytes,
        outcome.counts.customers,
        outcome.counts.work_orders,
        outcome.copied_files,
        outcome.reused_files
    );
    for removed in outcome.removed_bundles {
        println!("export: removed the older bundle {removed}");
    }
    Ok(())
}

fn check(bundle: &Path, lang: Lang) -> ExitCode {
    match check_bundle(bundle) {
        Ok(report) if report.ok => {
            println!("check: {}", tr(lang, "export.check_ok"));
            describe(&report.manifest);
            ExitCode::SUCCESS
        }
        Ok(report) => {
            println!("check: {}", tr(lang, "export.check_damaged"));
            for issue in &report.issues {
                let problem = match issue.problem {
                    FileProblem::Missing => "missing",
                    FileProblem::Altered => "altered",
                };
                let text = tr(lang, &format!("export.problem.{problem}"));
                println!("{problem:<8} {} ({text})", issue.path);
            }
            ExitCode::from(1)
        }
        Err(e) => fail(lang, e),
    }
}

fn describe(manifest: &garage_core::export::bundle::Manifest) {
    println!(
        "bundle: {} of {}, app {}, schema {}, {} customers, {} vehicles, {} work orders, {} files",
        manifest.day,
        manifest.shop_name,
        manifest.app_version,
        manifest.schema_version,
        manifest.counts.customers,
        manifest.counts.vehicles,
        manifest.counts.work_orders,
        manifest.data_files.len()
    );
}

fn restore(source: &Path, yes: bool, data_dir: &Path) -> ExitCode {
    let lang = shop_lang(data_dir);
    let now = chrono::Local::now().naive_local();
    // A bare file name (or a file) is a local backup of this data folder.
    let backup_name = if source.is_dir() {
        None
    } else {
        source.file_name().map(|n| n.to_string_lossy().into_owned())
    };
    if backup_name.is_none() {
        match check_for_restore(source) {
            Ok(check) => describe(&check.manifest),
            Err(e) => return fail(lang, e),
        }
    }
    match holds_a_shop(data_dir) {
        Ok(true) if !yes => {
            print!(
                "restore: {} holds a shop; replace it (the current data is kept as a safety copy)? [y/N] ",
                data_dir.display()
            );
            let _ = std::io::stdout().flush();
            let mut answer = String::new();
            let _ = std::io::stdin().lock().read_line(&mut answer);
            if !matches!(answer.trim(), "y" | "Y" | "yes") {
                println!("restore: nothing changed");
                return ExitCode::from(2);
            }
        }
        Ok(_) => {}
        Err(e) => return fail(lang, e),
    }
    let restored = match backup_name {
        Some(name) => restore_backup(&name, data_dir, now),
        None => restore_bundle(source, data_dir, now),
    };
    match restored {
        Ok(outcome) => {
            println!("restore: restored into {}", data_dir.display());
            if let Some(aside) = outcome.safety_folder {
                println!("restore: the replaced data is kept in {aside}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(lang, e),
    }
}

/// The shop's language, read without opening (and migrating) the store.
fn shop_lang(data_dir: &Path) -> Lang {
    garage_core::store::exports::language_of(&data_dir.join(garage_core::store::DB_FILE_NAME))
}

fn fail(lang: Lang, e: CoreError) -> ExitCode {
    let payload = e.to_payload(lang);
    let detail: Vec<String> = payload.fields.iter().map(|f| f.message.clone()).collect();
    if detail.is_empty() {
        eprintln!("garage-desk: {}", payload.message);
    } else {
        eprintln!("garage-desk: {}", detail.join(" "));
    }
    ExitCode::from(2)
}
