//! A moment of the shop's database file: a read-only connection of its own in a read
//! transaction, read page by page for the bundle and the backups while the window goes on
//! writing (WAL).
use std::path::Path;

use rusqlite::Connection;

use crate::error::Result;
use crate::store::Store;

/// A read-only connection of its own to the shop's file, in a read transaction: every
/// query on it sees the same moment while the window goes on writing (WAL).
pub(crate) struct Moment {
    conn: Connection,
}

impl Moment {
    /// A moment of the database file `db` (one no store has open, or one being migrated).
    pub fn of_file(db: &Path) -> Result<Self> {
        open_moment(db)
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The page size, the reserved bytes at the end of each page and the page count.
    pub(crate) fn geometry(&self) -> Result<Geometry> {
        let (page_size, page_count): (u32, u32) = self.conn.query_row(
            "SELECT (SELECT page_size FROM pragma_page_size()),
                    (SELECT page_count FROM pragma_page_count())",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        // The header's byte 20: bytes at the end of each page kept for extensions.
        let reserved = self
            .page_reader()?
            .read(1, |page| Ok(page.get(20).copied().unwrap_or(0)))?;
        Ok(Geometry {
            page_size,
            reserved,
            page_count,
        })
    }

    /// The root page of every table and index, in the schema's order.
    pub(crate) fn roots(&self) -> Result<Vec<u32>> {
        let mut stmt = self
            .conn
            .prepare("SELECT rootpage FROM sqlite_schema WHERE rootpage > 0")?;
        let roots = stmt
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<u32>>>()?;
        Ok(roots)
    }

    /// Reads pages of this moment by number (`sqlite_dbpage`).
    pub(crate) fn page_reader(&self) -> Result<PageReader<'_>> {
        Ok(PageReader {
            stmt: self
                .conn
                .prepare_cached("SELECT data FROM sqlite_dbpage('main') WHERE pgno = ?1")?,
        })
    }

    /// Writes the database file as it is at this moment, page by page in file order,
    /// to `out`, its header saying rollback journal: what a page stream unpacks to.
    #[cfg(test)]
    pub(crate) fn write_pages(&self, out: &mut impl std::io::Write) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT pgno, data FROM sqlite_dbpage('main') ORDER BY pgno")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let pgno: i64 = row.get(0)?;
            let data = row.get_ref(1)?.as_blob().map_err(rusqlite::Error::from)?;
            if pgno == 1 {
                out.write_all(&crate::export::pages::as_rollback(data))?;
            } else {
                out.write_all(data)?;
            }
        }
        Ok(())
    }
}

/// The shape of a database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Geometry {
    pub page_size: u32,
    pub reserved: u8,
    pub page_count: u32,
}

/// Pages of a [`Moment`], read one by one by number.
pub(crate) struct PageReader<'m> {
    stmt: rusqlite::CachedStatement<'m>,
}

impl PageReader<'_> {
    /// Hands page `pgno` to `use_page` (an empty slice for a page past the end).
    pub fn read<T>(&mut self, pgno: u32, use_page: impl FnOnce(&[u8]) -> Result<T>) -> Result<T> {
        let mut rows = self.stmt.query([pgno])?;
        match rows.next()? {
            Some(row) => use_page(row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?),
            None => use_page(&[]),
        }
    }
}

fn open_moment(db: &Path) -> Result<Moment> {
    let conn = Connection::open_with_flags(
        db,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // Pages read through memory, not a system call each.
    conn.query_row("PRAGMA mmap_size = 4294967296", [], |_| Ok(()))?;
    conn.execute_batch("BEGIN")?;
    // The first read fixes the moment.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
    Ok(Moment { conn })
}

impl Store {
    /// Opens a [`Moment`] of the shop's file (a store in memory has none).
    pub(crate) fn moment(&self) -> Result<Moment> {
        let db = self
            .path()
            .ok_or_else(|| std::io::Error::other("a shop in memory has no file to export"))?;
        open_moment(db)
    }

    /// Two [`Moment`]s of the very same moment, for two threads: both are opened while
    /// this store holds the write lock (`BEGIN IMMEDIATE`), so no one, in this process
    /// or another, can commit between them.
    pub(crate) fn twin_moments(&self) -> Result<(Moment, Moment)> {
        let db = self
            .path()
            .ok_or_else(|| std::io::Error::other("a shop in memory has no file to export"))?;
        self.with_tx(|_| Ok((open_moment(db)?, open_moment(db)?)))
    }
}
