//! The restore's journal: the swap of the shop for a restored one is a handful of
//! renames, and a crash between two of them must never leave a data folder without its
//! database (the next start would open an empty shop numbered from 1). Before each phase
//! a small file in the data folder, `restore-journal.json`, says what is moved where; it
//! is written durably (fsynced, then its folder fsynced). Whoever opens the folder next
//! finishes the swap from the journal first: back to the old shop while it was still
//! being moved aside, on to the new one once all of it was, so the shop is one or the
//! other, whole.
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::files::{self, PARTIAL_SUFFIX};

/// The journal's file in the data folder.
pub const JOURNAL_FILE: &str = "restore-journal.json";
/// The folder in the data folder where a restore lays out the new shop before the swap.
pub const STAGING_DIR: &str = "restore-staging.partial";

/// How far the swap had come when the journal was last written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Phase {
    /// The old shop is being moved aside: undone at the next start.
    MovingAside,
    /// All of the old shop is aside: the new one is put in place at the next start.
    PuttingIn,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Journal {
    phase: Phase,
    /// Relative to the data folder: where the old shop goes.
    aside: String,
    /// Names in the data folder moved aside (those that were there).
    moved_aside: Vec<String>,
    /// Names in the staging folder put into the data folder.
    put_in: Vec<String>,
}

/// What the start found of a restore that had been stopped half-way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RecoveredShop {
    /// The restore was stopped before the old shop was aside: it is back, unchanged.
    KeptCurrent,
    /// The old shop was aside: the restored shop was put in place.
    FinishedRestore,
}

/// A restore stopped half-way (a crash, a power cut) and finished at the next start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct RestoreRecovery {
    pub shop: RecoveredShop,
    /// Where the replaced shop lies, when it was replaced.
    pub safety_folder: Option<String>,
}

static STEP_HOOK: OnceLock<fn(&str)> = OnceLock::new();

/// Sets a function called before each step of a restore (the crash trials stop a
/// child process there). Once per process.
#[doc(hidden)]
pub fn set_step_hook(hook: fn(&str)) {
    let _ = STEP_HOOK.set(hook);
}

/// Tells the hook, if any, that the step `name` comes next.
pub(crate) fn step(name: &str) {
    if let Some(hook) = STEP_HOOK.get() {
        hook(name);
    }
}

fn write(data_dir: &Path, journal: &Journal) -> Result<()> {
    let json = serde_json::to_vec(journal).map_err(std::io::Error::other)?;
    files::write_durably(&data_dir.join(JOURNAL_FILE), &json, false)
}

fn sync(dir: &Path) -> Result<()> {
    Ok(files::sync_dir(dir)?)
}

/// The folder `base` (relative to the data folder), or `base-2`, `-3`… when taken.
pub(crate) fn free_aside(data_dir: &Path, base: &str) -> String {
    let mut name = base.to_string();
    let mut n = 1;
    while data_dir.join(&name).symlink_metadata().is_ok() {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}

/// Swaps the shop: the `moved_aside` names of `data_dir` that are there go to `aside`
/// (relative to it), then the `put_in` names of the staging folder come in. Returns
/// where the old shop now lies, if anything was moved. On an error part-way the journal
/// puts the folder back to one shop or the other at once (and at the next start if that
/// fails too): the old one is an error, the new one a restore done.
pub(crate) fn swap(
    data_dir: &Path,
    aside: &str,
    moved_aside: &[&str],
    put_in: &[&str],
) -> Result<Option<String>> {
    let present: Vec<String> = moved_aside
        .iter()
        .filter(|name| data_dir.join(name).symlink_metadata().is_ok())
        .map(|name| name.to_string())
        .collect();
    let mut journal = Journal {
        phase: Phase::MovingAside,
        aside: aside.to_string(),
        moved_aside: present,
        put_in: put_in.iter().map(|n| n.to_string()).collect(),
    };
    let done = (|| -> Result<()> {
        step("journal: moving aside");
        write(data_dir, &journal)?;
        let aside_dir = data_dir.join(aside);
        if !journal.moved_aside.is_empty() {
            std::fs::create_dir_all(&aside_dir)?;
            if let Some(parent) = aside_dir.parent() {
                sync(parent)?;
            }
        }
        for name in &journal.moved_aside {
            step("move aside");
            std::fs::rename(data_dir.join(name), aside_dir.join(name))?;
        }
        sync(data_dir)?;
        if aside_dir.is_dir() {
            sync(&aside_dir)?;
        }
        journal.phase = Phase::PuttingIn;
        step("journal: putting in");
        write(data_dir, &journal)?;
        put_in_place(data_dir, &journal)?;
        step("journal: done");
        end(data_dir)
    })();
    let moved = (!journal.moved_aside.is_empty())
        .then(|| data_dir.join(aside).to_string_lossy().into_owned());
    match done {
        Ok(()) => Ok(moved),
        // Finished by the journal: the new shop is in place after all.
        Err(e) => match recover(data_dir) {
            Ok(Some(recovery)) if recovery.shop == RecoveredShop::FinishedRestore => Ok(moved),
            _ => Err(e),
        },
    }
}

fn put_in_place(data_dir: &Path, journal: &Journal) -> Result<()> {
    let staging = data_dir.join(STAGING_DIR);
    for name in &journal.put_in {
        let from = staging.join(name);
        if from.symlink_metadata().is_ok() {
            step("put in");
            std::fs::rename(from, data_dir.join(name))?;
        }
    }
    sync(data_dir)
}

fn move_back(data_dir: &Path, journal: &Journal) -> Result<()> {
    let aside = data_dir.join(&journal.aside);
    for name in &journal.moved_aside {
        let (from, to) = (aside.join(name), data_dir.join(name));
        if from.symlink_metadata().is_ok() && to.symlink_metadata().is_err() {
            std::fs::rename(from, to)?;
        }
    }
    sync(data_dir)?;
    // The aside folder is empty again unless something else was in it.
    let _ = std::fs::remove_dir(&aside);
    Ok(())
}

/// Removes the journal (the swap is over, one way or the other), then the staging folder.
fn end(data_dir: &Path) -> Result<()> {
    match std::fs::remove_file(data_dir.join(JOURNAL_FILE)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    sync(data_dir)?;
    remove_leftovers(data_dir);
    Ok(())
}

/// Removes what a restore that did not finish left beside the shop: the staging folder
/// and a staged database of an older app (`*.restore.partial`). Only while no journal
/// names them.
pub(crate) fn remove_leftovers(data_dir: &Path) {
    if data_dir.join(JOURNAL_FILE).symlink_metadata().is_ok() {
        return;
    }
    let _ = std::fs::remove_dir_all(data_dir.join(STAGING_DIR));
    let Ok(entries) = std::fs::read_dir(data_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let stale = name
            .to_str()
            .is_some_and(|n| n.ends_with(&format!(".restore{PARTIAL_SUFFIX}")));
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Finishes a restore a crash stopped half-way, before anything opens the shop: the old
/// shop back, or the new one in place, as the journal says. `None` when there was none
/// (the leftovers of a restore stopped before its swap are removed then).
pub fn recover(data_dir: &Path) -> Result<Option<RestoreRecovery>> {
    let bytes = match std::fs::read(data_dir.join(JOURNAL_FILE)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            remove_leftovers(data_dir);
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    // A journal is only ever renamed into place whole; one that does not parse was not
    // written by this app, and the folder is left for a person to look at.
    let journal: Journal = serde_json::from_slice(&bytes).map_err(std::io::Error::other)?;
    if journal.aside.split('/').any(|p| !files::is_plain_name(p))
        || journal
            .moved_aside
            .iter()
            .chain(&journal.put_in)
            .any(|n| !files::is_plain_name(n))
    {
        return Err(
            std::io::Error::other("a restore journal naming paths outside its folder").into(),
        );
    }
    let aside: PathBuf = data_dir.join(&journal.aside);
    let shop = match journal.phase {
        Phase::MovingAside => {
            move_back(data_dir, &journal)?;
            RecoveredShop::KeptCurrent
        }
        Phase::PuttingIn => {
            put_in_place(data_dir, &journal)?;
            RecoveredShop::FinishedRestore
        }
    };
    end(data_dir)?;
    let safety_folder = (shop == RecoveredShop::FinishedRestore && aside.is_dir())
        .then(|| aside.to_string_lossy().into_owned());
    Ok(Some(RestoreRecovery {
        shop,
        safety_folder,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A data folder with an old shop (`db`, `photos/`) and a staged new one.
    fn folder() -> Result<tempfile::TempDir> {
        let dir = tempfile::tempdir()?;
        std::fs::write(dir.path().join("db"), b"old")?;
        std::fs::create_dir(dir.path().join("photos"))?;
        let staging = dir.path().join(STAGING_DIR);
        std::fs::create_dir(&staging)?;
        std::fs::write(staging.join("db"), b"new")?;
        Ok(dir)
    }

    fn journal(phase: Phase) -> Journal {
        Journal {
            phase,
            aside: "backups/before".into(),
            moved_aside: vec!["db".into(), "photos".into()],
            put_in: vec!["db".into()],
        }
    }

    #[test]
    fn a_swap_stopped_while_moving_aside_puts_the_old_shop_back() -> Result<()> {
        let dir = folder()?;
        let d = dir.path();
        std::fs::create_dir_all(d.join("backups/before"))?;
        std::fs::rename(d.join("db"), d.join("backups/before/db"))?;
        write(d, &journal(Phase::MovingAside))?;
        let recovery = recover(d)?.map(|r| r.shop);
        assert_eq!(recovery, Some(RecoveredShop::KeptCurrent));
        assert_eq!(
            std::fs::read(d.join("db"))?,
            b"old",
            "the old database is back"
        );
        assert!(d.join("photos").is_dir());
        assert!(!d.join(JOURNAL_FILE).exists() && !d.join(STAGING_DIR).exists());
        Ok(())
    }

    #[test]
    fn a_swap_stopped_while_putting_in_puts_the_new_shop_in() -> Result<()> {
        let dir = folder()?;
        let d = dir.path();
        std::fs::create_dir_all(d.join("backups/before"))?;
        std::fs::rename(d.join("db"), d.join("backups/before/db"))?;
        std::fs::rename(d.join("photos"), d.join("backups/before/photos"))?;
        write(d, &journal(Phase::PuttingIn))?;
        let recovery = recover(d)?;
        assert_eq!(
            recovery.as_ref().map(|r| r.shop),
            Some(RecoveredShop::FinishedRestore)
        );
        assert!(
            recovery.and_then(|r| r.safety_folder).is_some(),
            "says where the old one is"
        );
        assert_eq!(
            std::fs::read(d.join("db"))?,
            b"new",
            "the new database is in"
        );
        assert!(!d.join(JOURNAL_FILE).exists() && !d.join(STAGING_DIR).exists());
        Ok(())
    }

    #[test]
    fn a_journal_naming_a_path_outside_its_folder_is_not_followed() -> Result<()> {
        let dir = folder()?;
        let mut bad = journal(Phase::MovingAside);
        bad.aside = "../elsewhere".into();
        write(dir.path(), &bad)?;
        assert!(recover(dir.path()).is_err());
        assert!(dir.path().join("db").is_file(), "nothing was moved");
        Ok(())
    }
}
