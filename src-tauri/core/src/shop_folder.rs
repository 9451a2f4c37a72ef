//! Opening the shop's data folder: a folder that was used before (its marker file, or
//! photos, signatures or forms in it) but has lost its database is refused instead of
//! silently becoming a fresh empty shop. An unplugged drive or a mistyped path would
//! otherwise start numbering again at 1 and hide every customer on file.
use crate::reason::Reason;
use std::path::Path;

use crate::error::{CoreError, Result};
pub use crate::files::MARKER_FILE_NAME;
use crate::files::{self, DATA_SUBDIRS, MARKER_TEXT};
use crate::restore_journal::RestoreRecovery;
use crate::store::{Store, DB_FILE_NAME};

/// The conflict code of a used folder whose database is missing.
pub const DATABASE_MISSING: Reason = Reason::ShopDatabaseMissing;

/// Opens the shop in `dir`. When the folder was used before but `garage-desk.sqlite3` is
/// missing, refuses with `Conflict { shop.database_missing }` unless `start_new` says an
/// empty shop is wanted on purpose. On success the folder carries its marker and the
/// temporary files a crash left behind are removed.
pub fn open_shop(dir: &Path, start_new: bool) -> Result<Store> {
    open_shop_reporting(dir, start_new).map(|opened| opened.store)
}

/// The shop opened, and what the start did about a restore a crash had stopped.
pub struct OpenedShop {
    pub store: Store,
    /// A restore stopped half-way was finished first: which shop is open now.
    pub recovered: Option<RestoreRecovery>,
}

/// [`open_shop`], first finishing a restore a crash stopped half-way (its journal puts
/// back the old shop or puts in the new one, never neither), and saying so.
pub fn open_shop_reporting(dir: &Path, start_new: bool) -> Result<OpenedShop> {
    let recovered = if dir.is_dir() {
        crate::restore_journal::recover(dir)?
    } else {
        None
    };
    let store = open_recovered(dir, start_new)?;
    Ok(OpenedShop { store, recovered })
}

fn open_recovered(dir: &Path, start_new: bool) -> Result<Store> {
    if !dir.join(DB_FILE_NAME).try_exists()? && !start_new && was_used_before(dir)? {
        return Err(CoreError::conflict(DATABASE_MISSING));
    }
    let store = Store::open_in_dir(dir)?;
    let marker = dir.join(MARKER_FILE_NAME);
    if !marker.try_exists()? {
        files::write_durably(&marker, MARKER_TEXT, false)?;
    }
    files::clean_partial_files(dir);
    Ok(store)
}

/// Whether `e` is the refusal of a used folder without its database, for the shell to
/// say how to go on (`--data-dir`, `--start-new-shop`).
pub fn is_database_missing(e: &CoreError) -> bool {
    matches!(e, CoreError::Conflict { code } if *code == DATABASE_MISSING)
}

/// Whether `dir` shows signs of a shop: the marker, the database's write-ahead log, or a
/// file folder that is not empty.
pub fn was_used_before(dir: &Path) -> Result<bool> {
    let wal = format!("{DB_FILE_NAME}-wal");
    let journal = crate::restore_journal::JOURNAL_FILE;
    if dir.join(MARKER_FILE_NAME).try_exists()?
        || dir.join(wal).try_exists()?
        || dir.join(journal).try_exists()?
    {
        return Ok(true);
    }
    for sub in DATA_SUBDIRS {
        match std::fs::read_dir(dir.join(sub)) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    return Ok(true);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(false)
}

/// Whether the data folder holds a shop that a restore would replace (the CLI asks
/// first then).
pub fn holds_a_shop(data_dir: &Path) -> Result<bool> {
    Ok(data_dir.join(DB_FILE_NAME).try_exists()? || was_used_before(data_dir)?)
}

impl Store {
    /// Opens (creating if needed) and migrates the shop's database file at `path`. A shop
    /// of an older schema is backed up before the migration changes it (issue 9).
    pub fn open(path: &Path) -> Result<Self> {
        Store::open_file(path, &crate::export::backups::before_migration)
    }

    /// Opens `dir/garage-desk.sqlite3`, creating the folder first.
    pub fn open_in_dir(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)?;
        Self::open(&dir.join(DB_FILE_NAME))
    }
}
