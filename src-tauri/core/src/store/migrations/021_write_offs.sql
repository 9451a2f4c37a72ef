-- 021: the shop's figures (业务统计, issue 21). Bad debts written off by the supervisor,
-- each day's figures frozen when the end-of-day export closes the day, the outside work
-- of a settlement apart from its sundries, and the indexes the period reports read by.

-- What the supervisor wrote off of what a signed settlement still owed (坏账): no longer
-- owed, counted as written off on its own day. Never deleted.
CREATE TABLE write_offs (
    id            INTEGER PRIMARY KEY,
    work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
    settlement_id INTEGER NOT NULL REFERENCES settlements (id),
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    reason        TEXT NOT NULL,
    approved_by   TEXT NOT NULL DEFAULT '',
    written_at    TEXT NOT NULL
);
CREATE INDEX write_offs_by_settlement ON write_offs (settlement_id);
CREATE INDEX write_offs_by_time ON write_offs (written_at);

-- A day's figures as handed in when the day was closed (its export verified): the period
-- reports show these for the day, and any later difference as a correction on the next
-- day not frozen. `tally` is the canonical JSON of the day's counters as handed in;
-- `baseline` the live counters of the day last accounted for (a later change shows as
-- the difference from it, and is absorbed when the day carrying it is frozen).
CREATE TABLE frozen_days (
    day       TEXT PRIMARY KEY,
    frozen_at TEXT NOT NULL,
    tally     TEXT NOT NULL,
    baseline  TEXT NOT NULL
) WITHOUT ROWID;

-- Outside work (外协) apart from the sundries in `other_minor`; settlements signed before
-- take it from their frozen lines.
ALTER TABLE settlements ADD COLUMN outside_minor INTEGER NOT NULL DEFAULT 0;
UPDATE settlements SET outside_minor = (
    SELECT COALESCE(sum(json_extract(l.value, '$.amount.amountMinor')), 0)
    FROM json_each(settlements.snapshot, '$.lines') l
    WHERE json_extract(l.value, '$.line.kind') = 'outside')
WHERE snapshot IS NOT NULL AND json_valid(snapshot);

CREATE INDEX credit_notes_by_time ON credit_notes (issued_at);
CREATE INDEX exit_handovers_by_time ON exit_handovers (signed_at);
CREATE INDEX credit_notes_by_settlement ON credit_notes (settlement_id);
