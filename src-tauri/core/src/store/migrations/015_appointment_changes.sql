-- Who changed an open booking and when (moving it to another time or bay, or changing what
-- it says), with its time and bay before and after. A booking moved to another time is
-- reminded again before the new time: the reminder counts from the latest move.
CREATE TABLE appointment_changes (
    id              INTEGER PRIMARY KEY,
    appointment_id  INTEGER NOT NULL REFERENCES appointments (id),
    at              TEXT NOT NULL,
    by_name         TEXT NOT NULL,
    from_starts_at  TEXT NOT NULL,
    to_starts_at    TEXT NOT NULL,
    from_bay        INTEGER NOT NULL CHECK (from_bay > 0),
    to_bay          INTEGER NOT NULL CHECK (to_bay > 0)
);
CREATE INDEX appointment_changes_by_appointment ON appointment_changes (appointment_id, id);
