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
use garage_core::export::progress::ExportControl;
use garage_core::export::restore::{
    check_for_restore, restore_backup, restore_bundle_with, unlock_bundle,
};
use garage_core::export::sealed::passphrase_from_file;
use garage_core::export::{export_day_with, export_passphrase, ExportRequest};
use garage_core::i18n::{tr, tr_with, Lang};
use garage_core::reason::Reason;
use garage_core::settlement::staff::StaffRole;
use garage_core::settlement::supervision::{ShopAction, SupervisorWord};
use garage_core::store::Store;

use crate::cli::Command;

/// Runs `restore` and `check`, which must not open the store; any other command is
/// handed back.
pub fn run_without_store(command: Command, data_dir: &Path) -> Result<ExitCode, Command> {
    match command {
        Command::Check {
            bundle,
            passphrase_file,
        } => Ok(check(
            &bundle,
            passphrase_file.as_deref(),
            shop_lang(data_dir),
        )),
        Command::Restore {
            bundle,
            yes,
            passphrase_file,
            supervisor,
            pin_file,
        } => {
            let word = supervisor.zip(pin_file);
            Ok(restore(
                &bundle,
                yes,
                passphrase_file.as_deref(),
                word,
                data_dir,
            ))
        }
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
        Command::Export {
            to,
            passphrase_file,
        } => export(store, data_dir, to, passphrase_file.as_deref(), lang, now),
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
    passphrase_file: Option<&Path>,
    lang: Lang,
    now: chrono::NaiveDateTime,
) -> Result<(), CoreError> {
    let settings = store.export_settings()?;
    let Some(target) = to.or(settings.target.map(PathBuf::from)) else {
        return Err(CoreError::invalid("target", Reason::ExportTargetMissing));
    };
    let typed = passphrase_file.map(passphrase_from_file).transpose()?;
    let passphrase = export_passphrase(store, typed)?;
    let request = ExportRequest {
        target: &target,
        keep: settings.keep_bundles,
        passphrase: passphrase.as_ref(),
        now,
    };
    let outcome = export_day_with(store, data_dir, &request, ExportControl::silent())?;
    println!(
        "export: {}",
        tr_with(
            lang,
            if outcome.unchanged {
                "export.unchanged"
            } else {
                "export.done"
            },
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

fn check(bundle: &Path, passphrase_file: Option<&Path>, lang: Lang) -> ExitCode {
    match check_bundle(bundle) {
        Ok(report) if report.ok => {
            // An encrypted bundle is also opened, when its passphrase is given: a wrong
            // one is named (exit 2) rather than found out on the day of a restore.
            if report.manifest.encrypted {
                let Some(file) = passphrase_file else {
                    return fail(
                        lang,
                        CoreError::invalid("passphrase", Reason::BundlePassphraseRequired),
                    );
                };
                let opened = passphrase_from_file(file)
                    .and_then(|p| unlock_bundle(bundle, &report, Some(&p)));
                if let Err(e) = opened {
                    return fail(lang, e);
                }
            }
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
        "bundle: {} of {}, app {}, schema {}, {} customers, {} vehicles, {} work orders, {} files{}",
        manifest.day,
        manifest.shop_name,
        manifest.app_version,
        manifest.schema_version,
        manifest.counts.customers,
        manifest.counts.vehicles,
        manifest.counts.work_orders,
        manifest.data_files.len(),
        if manifest.encrypted { ", encrypted" } else { "" }
    );
}

fn restore(
    source: &Path,
    yes: bool,
    passphrase_file: Option<&Path>,
    word: Option<(String, PathBuf)>,
    data_dir: &Path,
) -> ExitCode {
    let lang = shop_lang(data_dir);
    let passphrase = match passphrase_file.map(passphrase_from_file).transpose() {
        Ok(p) => p,
        Err(e) => return fail(lang, e),
    };
    let now = chrono::Local::now().naive_local();
    let approved_by = match restore_allowed(data_dir, word, now) {
        Ok(name) => name,
        Err(e) => {
            let needed = matches!(
                e,
                CoreError::Conflict {
                    code: Reason::SupervisorNeeded
                }
            );
            let code = fail(lang, e);
            if needed {
                eprintln!("garage-desk: restore BUNDLE --supervisor NAME --pin-file FILE");
            }
            return code;
        }
    };
    // A bare file name (or a file) is a local backup of this data folder.
    let backup_name = if source.is_dir() {
        None
    } else {
        source.file_name().map(|n| n.to_string_lossy().into_owned())
    };
    if backup_name.is_none() {
        // Opened now, so a wrong passphrase is named before anything is asked or changed.
        let opened = check_for_restore(source)
            .and_then(|check| unlock_bundle(source, &check, passphrase.as_ref()).map(|_| check));
        match opened {
            Ok(check) => describe(&check.manifest),
            Err(e) => return fail(lang, e),
        }
    }
    match garage_core::shop_folder::holds_a_shop(data_dir) {
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
        None => restore_bundle_with(source, passphrase.as_ref(), data_dir, now),
    };
    let restored = restored.and_then(|outcome| {
        let outcome = garage_core::export::restore::RestoreOutcome {
            approved_by,
            ..outcome
        };
        let store = Store::open_in_dir(data_dir)?;
        garage_core::export::restore::journal_restore(&store, &outcome, now)?;
        Ok(outcome)
    });
    match restored {
        Ok(outcome) => {
            println!("restore: restored into {}", data_dir.display());
            for kept in &outcome.counters_kept {
                println!(
                    "restore: {:?} numbers of {} go on after {} (the replaced shop had issued them)",
                    kept.series, kept.year, kept.last
                );
            }
            if let Some(aside) = outcome.safety_folder {
                println!("restore: the replaced data is kept in {aside}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(lang, e),
    }
}

/// A shop that has a supervisor is replaced only on her word: the store is opened for
/// the check and closed again before the restore touches the folder. Her name, when she
/// gave it, for the restored shop's journal.
fn restore_allowed(
    data_dir: &Path,
    word: Option<(String, PathBuf)>,
    now: chrono::NaiveDateTime,
) -> Result<Option<String>, CoreError> {
    // Only a database that is there has supervisors to ask; opening a missing one would
    // create an empty shop where the folder says one is missing.
    if !data_dir
        .join(garage_core::store::DB_FILE_NAME)
        .try_exists()?
    {
        return Ok(None);
    }
    let store = Store::open_in_dir(data_dir)?;
    let word = match word {
        Some((name, pin_file)) => {
            let boss = store
                .list_staff()?
                .into_iter()
                .find(|s| s.name == name.trim() && s.role == StaffRole::Supervisor)
                .ok_or(CoreError::invalid("supervisor", Reason::StaffNotSupervisor))?;
            Some(SupervisorWord {
                supervisor_id: boss.id,
                pin: first_line(&pin_file)?,
            })
        }
        None => None,
    };
    Ok(store
        .supervisor_for(Some(ShopAction::Restore), word.as_ref(), now)?
        .map(|boss| boss.name))
}

/// The first line of a small file (a PIN), trimmed; at most 1 KiB is read.
fn first_line(file: &Path) -> Result<String, CoreError> {
    use std::io::Read;
    let mut text = String::new();
    std::fs::File::open(file)?
        .take(1024)
        .read_to_string(&mut text)?;
    Ok(text.lines().next().unwrap_or("").trim().to_string())
}

/// The shop's language, read without opening (and migrating) the store.
fn shop_lang(data_dir: &Path) -> Lang {
    garage_core::store::exports::language_of(&data_dir.join(garage_core::store::DB_FILE_NAME))
}

/// Each field issue names its argument (`--to: …`), as every refusal of the CLI does.
fn fail(lang: Lang, e: CoreError) -> ExitCode {
    for line in crate::cli_error::lines(&e, lang) {
        eprintln!("garage-desk: {line}");
    }
    ExitCode::from(2)
}
