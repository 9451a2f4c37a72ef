//! The price-list search index (a trigram document, name grams and the compacted code
//! of every labour operation, part and canned job), kept up to date inside every write
//! transaction of the price list, and the lookup behind `Store::search_prices`.
use std::collections::HashSet;

use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{HookError, HookResult};

use crate::domain::price_list::PriceKind;
use crate::error::{CoreError, Result};
use crate::ids::PriceItemId;
use crate::search::{index_doc, lookup, search_key, Lookup};

fn tag(kind: PriceKind) -> i64 {
    match kind {
        PriceKind::Labour => 1,
        PriceKind::Part => 2,
        PriceKind::Canned => 3,
    }
}

fn entry(kind: PriceKind, id: PriceItemId) -> i64 {
    id.0 * 4 + tag(kind)
}

fn item(entry: i64) -> Option<(PriceKind, PriceItemId)> {
    let kind = match entry % 4 {
        1 => PriceKind::Labour,
        2 => PriceKind::Part,
        3 => PriceKind::Canned,
        _ => return None,
    };
    Some((kind, PriceItemId(entry / 4)))
}

/// The code and name-like texts of an entry as saved now, `None` once it is deleted.
fn texts(conn: &Connection, kind: PriceKind, id: PriceItemId) -> Result<Option<Vec<String>>> {
    let sql = match kind {
        PriceKind::Labour => "SELECT code, name, '' FROM price_labour WHERE id = ?1",
        PriceKind::Part => "SELECT part_number, name, brand FROM price_parts WHERE id = ?1",
        PriceKind::Canned => "SELECT code, name, '' FROM canned_jobs WHERE id = ?1",
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |row| Ok(vec![row.get(0)?, row.get(1)?, row.get(2)?]))
        .optional()?)
}

fn remove(conn: &Connection, entry: i64) -> Result<()> {
    for sql in [
        "DELETE FROM price_search WHERE rowid = ?1",
        "DELETE FROM price_search_grams WHERE entry = ?1",
        "DELETE FROM price_search_codes WHERE entry = ?1",
    ] {
        conn.prepare_cached(sql)?.execute([entry])?;
    }
    Ok(())
}

/// Rebuilds the index entries of one price-list item from what is on file now
/// (removes them when the item is gone).
pub(crate) fn refresh(conn: &Connection, kind: PriceKind, id: PriceItemId) -> Result<()> {
    let entry = entry(kind, id);
    remove(conn, entry)?;
    let Some(texts) = texts(conn, kind, id)? else {
        return Ok(());
    };
    let names: Vec<&str> = texts.iter().map(String::as_str).collect();
    let doc = index_doc(&names, &[]);
    conn.prepare_cached("INSERT INTO price_search (rowid, doc) VALUES (?1, ?2)")?
        .execute(params![entry, doc.doc])?;
    conn.prepare_cached("INSERT INTO price_search_codes (entry, code_key) VALUES (?1, ?2)")?
        .execute(params![entry, search_key(&texts[0])])?;
    let mut stmt = conn
        .prepare_cached("INSERT OR IGNORE INTO price_search_grams (gram, entry) VALUES (?1, ?2)")?;
    for gram in &doc.grams {
        stmt.execute(params![gram, entry])?;
    }
    Ok(())
}

/// Indexes every item of the price list again.
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM price_search; DELETE FROM price_search_grams; DELETE FROM price_search_codes;",
    )?;
    for (kind, table) in [
        (PriceKind::Labour, "price_labour"),
        (PriceKind::Part, "price_parts"),
        (PriceKind::Canned, "canned_jobs"),
    ] {
        let ids: Vec<PriceItemId> = conn
            .prepare(&format!("SELECT id FROM {table}"))?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            refresh(conn, kind, id)?;
        }
    }
    Ok(())
}

/// The migration hook that indexes a price list saved before the index existed.
pub(crate) fn rebuild_hook(tx: &rusqlite::Transaction<'_>) -> HookResult {
    rebuild(tx).map_err(|e| match e {
        CoreError::Db(e) => HookError::RusqliteError(e),
        other => HookError::Hook(other.to_string()),
    })
}

/// The items matching a normalised query `key`, at most `limit`: exact codes and part
/// numbers first, then fragments.
pub(crate) fn find(
    conn: &Connection,
    key: &str,
    limit: usize,
) -> Result<Vec<(PriceKind, PriceItemId)>> {
    let mut found = Found {
        conn,
        limit,
        seen: HashSet::new(),
        items: Vec::new(),
    };
    found.offer_rows(
        "SELECT entry FROM price_search_codes WHERE code_key = ?1 ORDER BY entry",
        [key],
    )?;
    match lookup(key) {
        Some(Lookup::Trigram(phrase)) => found.offer_rows(
            "SELECT rowid FROM price_search WHERE price_search MATCH ?1 ORDER BY rowid",
            [phrase],
        )?,
        Some(Lookup::Gram(gram)) => found.offer_rows(
            "SELECT entry FROM price_search_grams WHERE gram = ?1 ORDER BY entry",
            [gram],
        )?,
        Some(Lookup::GramRange(from, to)) => found.offer_rows(
            "SELECT entry FROM price_search_grams WHERE gram >= ?1 AND gram < ?2",
            [from, to],
        )?,
        None => {}
    }
    Ok(found.items)
}

/// Collects entries in order, once each, until the list is full.
struct Found<'c> {
    conn: &'c Connection,
    limit: usize,
    seen: HashSet<i64>,
    items: Vec<(PriceKind, PriceItemId)>,
}

impl Found<'_> {
    fn offer_rows(&mut self, sql: &str, params: impl rusqlite::Params) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query(params)?;
        while self.items.len() < self.limit {
            let Some(row) = rows.next()? else {
                break;
            };
            let entry: i64 = row.get(0)?;
            if let Some(item) = item(entry).filter(|_| self.seen.insert(entry)) {
                self.items.push(item);
            }
        }
        Ok(())
    }
}
