-- The supervisor's word that cannot be forged (issue 17).
-- A PIN typed right but shorter than a new one may be (4 digits from before the 6-digit
-- rule) is marked, so the window asks its owner to change it.
ALTER TABLE staff ADD COLUMN pin_short INTEGER NOT NULL DEFAULT 0 CHECK (pin_short IN (0, 1));

-- PIN tries are counted per person.
CREATE INDEX pin_attempts_by_staff ON pin_attempts (staff_id, id);

-- The guarded-actions journal: every action that needed the supervisor, every void,
-- reopen, credit note, refund, override and restore; appended, never changed. Each entry
-- carries the SHA-256 of the one before it (`prev_sha256`) and its own (`sha256`, over
-- its fields and `prev_sha256`), so `verify --journal` names the first entry that was
-- changed or removed.
CREATE TABLE guard_journal (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    -- Who acted at the desk, and on whose approval ('' when none was needed).
    actor       TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    -- What it was done to: a job's number, a person, the settings, the shop.
    subject     TEXT NOT NULL,
    before      TEXT NOT NULL,
    after       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    prev_sha256 TEXT NOT NULL,
    sha256      TEXT NOT NULL
);
CREATE INDEX guard_journal_by_time ON guard_journal (at);
