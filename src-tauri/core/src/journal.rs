//! The guarded-actions journal's entries and their chain: each entry's SHA-256 covers its
//! own fields and the SHA-256 of the entry before it, so changing or removing one breaks
//! the chain at that entry and [`first_broken`] names it. Pure: the store keeps the rows.
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev_sha256` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What is written for one guarded action, before the chain is added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JournalNote {
    /// An `ApprovalAction`, a `ShopAction` or another guarded kind, by its text code.
    pub kind: String,
    /// Who acted at the desk.
    pub actor: String,
    /// The supervisor whose word allowed it; "" when none was needed.
    pub approved_by: String,
    /// What it was done to: a job's number, a person, the settings, the shop.
    pub subject: String,
    pub before: String,
    pub after: String,
    pub reason: String,
}

/// One entry as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    pub id: i64,
    pub at: NaiveDateTime,
    #[serde(flatten)]
    pub note: JournalNote,
    pub prev_sha256: String,
    pub sha256: String,
}

/// The SHA-256 (hex) of an entry: its number, time, fields and the previous entry's hash,
/// as one canonical JSON array (so no field can bleed into the next).
pub fn entry_sha256(id: i64, at: NaiveDateTime, note: &JournalNote, prev: &str) -> String {
    let n = note;
    let fields = serde_json::json!([
        id,
        at.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
        n.kind,
        n.actor,
        n.approved_by,
        n.subject,
        n.before,
        n.after,
        n.reason,
        prev
    ]);
    hex::encode(Sha256::digest(fields.to_string().as_bytes()))
}

/// Why the chain breaks at an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum JournalBreak {
    /// Its fields no longer give its hash: the entry itself was changed.
    Changed,
    /// It does not follow the entry before it: that one was changed or removed.
    AfterRemoved,
}

/// The first entry (oldest first) where the chain breaks, and why; `None` when whole.
pub fn first_broken(entries: &[JournalEntry]) -> Option<(i64, JournalBreak)> {
    let mut prev = GENESIS.to_string();
    for e in entries {
        if e.prev_sha256 != prev {
            return Some((e.id, JournalBreak::AfterRemoved));
        }
        if entry_sha256(e.id, e.at, &e.note, &e.prev_sha256) != e.sha256 {
            return Some((e.id, JournalBreak::Changed));
        }
        prev = e.sha256.clone();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<JournalEntry> {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|id| {
                let note = JournalNote {
                    kind: "void_payment".into(),
                    actor: "小李".into(),
                    approved_by: "赵主管".into(),
                    subject: format!("WO-2026-{id:05}"),
                    before: String::new(),
                    after: format!("payment {id}: 100.00"),
                    reason: "typed twice".into(),
                };
                let sha256 = entry_sha256(id, at, &note, &prev);
                let e = JournalEntry {
                    id,
                    at,
                    note,
                    prev_sha256: prev.clone(),
                    sha256: sha256.clone(),
                };
                prev = sha256;
                e
            })
            .collect()
    }

    #[test]
    fn a_whole_chain_verifies() {
        assert_eq!(first_broken(&chain(5)), None);
        assert_eq!(first_broken(&[]), None);
    }

    #[test]
    fn a_changed_amount_is_named_by_its_entry() {
        let mut entries = chain(5);
        entries[2].note.after = "payment 3: 1.00".into();
        assert_eq!(first_broken(&entries), Some((3, JournalBreak::Changed)));
    }

    #[test]
    fn a_removed_entry_is_named_by_the_one_after_it() {
        let mut entries = chain(5);
        entries.remove(1);
        assert_eq!(
            first_broken(&entries),
            Some((3, JournalBreak::AfterRemoved))
        );
    }

    #[test]
    fn a_rehashed_entry_still_breaks_the_chain_at_the_next() {
        // Whoever edits an entry and recomputes its own hash cannot fix the next one's
        // link without rewriting every entry after it.
        let mut entries = chain(4);
        entries[1].note.reason = "nothing".into();
        let e = &entries[1];
        entries[1].sha256 = entry_sha256(e.id, e.at, &e.note, &e.prev_sha256);
        assert_eq!(
            first_broken(&entries),
            Some((3, JournalBreak::AfterRemoved))
        );
    }
}
