//! SQL of `guard_journal`: appending an entry inside the transaction of the action it
//! records (so an action is never done without its entry, nor journalled when it failed),
//! reading entries back with the window's filters, and the whole chain for `verify`.
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::journal::{
    entry_sha256, first_broken, JournalBreak, JournalEntry, JournalNote, GENESIS,
};
use crate::store::Store;

const SELECT: &str = "SELECT id, at, kind, actor, approved_by, subject, before, after, reason,
                             prev_sha256, sha256
                      FROM guard_journal";

fn from_row(row: &Row<'_>) -> rusqlite::Result<JournalEntry> {
    Ok(JournalEntry {
        id: row.get(0)?,
        at: row.get(1)?,
        note: JournalNote {
            kind: row.get(2)?,
            actor: row.get(3)?,
            approved_by: row.get(4)?,
            subject: row.get(5)?,
            before: row.get(6)?,
            after: row.get(7)?,
            reason: row.get(8)?,
        },
        prev_sha256: row.get(9)?,
        sha256: row.get(10)?,
    })
}

/// Appends `note` at `now`, chained to the newest entry. Call inside the action's
/// transaction.
pub(crate) fn append(conn: &Connection, note: &JournalNote, now: NaiveDateTime) -> Result<i64> {
    let last: Option<(i64, String)> = conn
        .prepare_cached("SELECT id, sha256 FROM guard_journal ORDER BY id DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (id, prev) = match last {
        Some((id, sha)) => (id + 1, sha),
        None => (1, GENESIS.to_string()),
    };
    let sha = entry_sha256(id, now, note, &prev);
    conn.prepare_cached(
        "INSERT INTO guard_journal (id, at, kind, actor, approved_by, subject, before, after,
                                    reason, prev_sha256, sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        id,
        now,
        note.kind,
        note.actor,
        note.approved_by,
        note.subject,
        note.before,
        note.after,
        note.reason,
        prev,
        sha
    ])?;
    Ok(id)
}

/// The window's filters: a person (acting or approving), a kind, a day; each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JournalFilter {
    pub person: Option<String>,
    pub kind: Option<String>,
    pub day: Option<NaiveDate>,
}

/// What the window's journal shows: the entries found, and the choices of its filters
/// (every kind there is, everyone named in the journal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JournalView {
    pub entries: Vec<JournalEntry>,
    pub kinds: Vec<String>,
    pub people: Vec<String>,
}

/// Every kind an entry may have: the supervisor's word on a job, then on the shop.
pub fn journal_kinds() -> Vec<String> {
    use crate::domain::settlement::ApprovalAction;
    use crate::domain::staff::ShopAction;
    let job = ApprovalAction::ALL.iter().map(|a| a.as_str());
    let shop = ShopAction::ALL.iter().map(|a| a.as_str());
    job.chain(shop).map(String::from).collect()
}

/// The answer of `verify --journal`: how many entries, and the first that breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JournalCheck {
    pub entries: i64,
    pub broken_at: Option<i64>,
    pub why: Option<JournalBreak>,
}

impl Store {
    /// Entries matching `filter`, newest first, at most `limit` (the window pages by day).
    pub fn journal(&self, filter: &JournalFilter, limit: u32) -> Result<Vec<JournalEntry>> {
        let person = filter.person.as_deref().map(str::trim).unwrap_or("");
        let kind = filter.kind.as_deref().unwrap_or("");
        let midnight = |d: NaiveDate| d.and_time(Default::default());
        let from = filter.day.map(midnight);
        let to = filter.day.and_then(|d| d.succ_opt()).map(midnight);
        self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "{SELECT} WHERE (?1 = '' OR actor = ?1 OR approved_by = ?1)
                   AND (?2 = '' OR kind = ?2)
                   AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)
                 ORDER BY id DESC LIMIT ?5"
            ))?;
            let rows = stmt
                .query_map(params![person, kind, from, to, limit.min(5_000)], from_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })
    }

    /// The window's journal: entries matching `filter` (the newest 500) and the filters'
    /// choices.
    pub fn journal_view(&self, filter: &JournalFilter) -> Result<JournalView> {
        let entries = self.journal(filter, 500)?;
        let people = self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT actor FROM guard_journal WHERE actor <> ''
                 UNION SELECT approved_by FROM guard_journal WHERE approved_by <> ''
                 ORDER BY 1",
            )?;
            let rows = stmt
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        })?;
        Ok(JournalView {
            entries,
            kinds: journal_kinds(),
            people,
        })
    }

    /// Walks the whole chain, oldest first.
    pub fn verify_journal(&self) -> Result<JournalCheck> {
        self.with_conn(|conn| {
            let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY id"))?;
            let entries: Vec<JournalEntry> = stmt
                .query_map([], from_row)?
                .collect::<rusqlite::Result<_>>()?;
            let broken = first_broken(&entries);
            Ok(JournalCheck {
                entries: entries.len() as i64,
                broken_at: broken.map(|(id, _)| id),
                why: broken.map(|(_, why)| why),
            })
        })
    }
}
