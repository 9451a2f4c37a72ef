-- How the customer agreed an appointment slip (预约单): signed on the pad at the desk, or by
-- phone with the call recorded, like an estimate's approval. One row per agreement; a
-- booking changed after it is agreed again, and only the row whose fingerprint matches the
-- booking as it stands is printed. The slip printed at the agreement is archived once
-- (`slip_file_name`, `slip_sha256`) and every later printing is a COPY.
CREATE TABLE appointment_agreements (
    id                 INTEGER PRIMARY KEY,
    appointment_id     INTEGER NOT NULL REFERENCES appointments (id),
    channel            TEXT NOT NULL
                       CHECK (channel IN ('signature', 'in_person', 'phone', 'message')),
    agreed_by          TEXT NOT NULL,
    recorded_by        TEXT NOT NULL,
    at                 TEXT NOT NULL,
    signature_sha256   TEXT,
    call_note          TEXT NOT NULL DEFAULT '',
    -- SHA-256 of the booking as agreed (canonical JSON).
    fingerprint        TEXT NOT NULL,
    slip_lang          TEXT,
    slip_file_name     TEXT UNIQUE,
    slip_sha256        TEXT,
    CHECK ((channel = 'signature') = (signature_sha256 IS NOT NULL))
);
CREATE INDEX appointment_agreements_by_appointment
    ON appointment_agreements (appointment_id, id);
