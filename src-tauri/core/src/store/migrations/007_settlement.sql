-- Settlement, payments and the exit notice (issue 8): the people at the desk and the
-- supervisor's approvals, the ready-for-pickup check and calls, the signed settlement
-- with its gapless number, payments (never deleted: voided or refunded), the exit notice
-- and the handover at the gate.
CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('advisor', 'cashier', 'supervisor', 'technician')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- argon2 PHC string; never the PIN itself.
    pin_hash   TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Every PIN try, right or wrong: the lockout survives a restart.
CREATE TABLE pin_attempts (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    staff_id INTEGER REFERENCES staff (id),
    ok       INTEGER NOT NULL CHECK (ok IN (0, 1))
);
CREATE INDEX pin_attempts_by_time ON pin_attempts (at);

-- What a supervisor approved, who, when and why; used once, by what.
CREATE TABLE supervisor_approvals (
    id            INTEGER PRIMARY KEY,
    action        TEXT NOT NULL,
    supervisor_id INTEGER NOT NULL REFERENCES staff (id),
    work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
    reason        TEXT NOT NULL,
    approved_at   TEXT NOT NULL,
    used_at       TEXT,
    used_for      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX supervisor_approvals_by_time ON supervisor_approvals (approved_at);

CREATE TABLE pickup_checks (
    work_order_id       INTEGER PRIMARY KEY REFERENCES work_orders (id),
    work_done           INTEGER NOT NULL,
    test_drive          TEXT NOT NULL CHECK (test_drive IN ('done', 'not_needed')),
    cleaned             INTEGER NOT NULL,
    belongings_back     INTEGER NOT NULL,
    old_parts_set_aside INTEGER NOT NULL,
    checked_by          TEXT NOT NULL,
    checked_at          TEXT NOT NULL,
    pickup_at           TEXT NOT NULL,
    notify_by           TEXT NOT NULL
);

CREATE TABLE pickup_calls (
    id            INTEGER PRIMARY KEY,
    work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
    at            TEXT NOT NULL,
    channel       TEXT NOT NULL,
    reached       INTEGER NOT NULL CHECK (reached IN (0, 1)),
    spoke_with    TEXT NOT NULL,
    answer        TEXT NOT NULL,
    recorded_by   TEXT NOT NULL
);
CREATE INDEX pickup_calls_by_job ON pickup_calls (work_order_id);

CREATE TABLE settlement_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- One draft per job at a time; signing numbers and freezes it. A reopened settlement
-- keeps its number, snapshot and signature: the next one is a new row.
CREATE TABLE settlements (
    id                   INTEGER PRIMARY KEY,
    work_order_id        INTEGER NOT NULL REFERENCES work_orders (id),
    status               TEXT NOT NULL CHECK (status IN ('draft', 'signed', 'reopened')),
    number               TEXT UNIQUE,
    year                 INTEGER,
    seq                  INTEGER,
    total_discount_minor INTEGER NOT NULL DEFAULT 0 CHECK (total_discount_minor >= 0),
    discount_approval_id INTEGER REFERENCES supervisor_approvals (id),
    odometer_out         INTEGER,
    old_parts            TEXT NOT NULL DEFAULT '[]',
    labour_minor         INTEGER NOT NULL DEFAULT 0,
    parts_minor          INTEGER NOT NULL DEFAULT 0,
    other_minor          INTEGER NOT NULL DEFAULT 0,
    tax_minor            INTEGER NOT NULL DEFAULT 0,
    total_minor          INTEGER NOT NULL DEFAULT 0,
    snapshot             TEXT,
    snapshot_sha256      TEXT,
    signer_name          TEXT,
    signed_at            TEXT,
    strokes              TEXT,
    png_sha256           TEXT,
    fingerprint          TEXT,
    reopened_at          TEXT,
    reopen_approval_id   INTEGER REFERENCES supervisor_approvals (id),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX settlements_by_job ON settlements (work_order_id);
CREATE INDEX settlements_by_signing ON settlements (signed_at);

-- Money taken (or given back) on a job. Never deleted: a void marks the row.
CREATE TABLE payments (
    id                INTEGER PRIMARY KEY,
    work_order_id     INTEGER NOT NULL REFERENCES work_orders (id),
    kind              TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
    method            TEXT NOT NULL,
    amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
    tendered_minor    INTEGER,
    change_minor      INTEGER,
    reference         TEXT NOT NULL DEFAULT '',
    taken_by          TEXT NOT NULL,
    taken_at          TEXT NOT NULL,
    approval_id       INTEGER REFERENCES supervisor_approvals (id),
    reason            TEXT NOT NULL DEFAULT '',
    voided_at         TEXT,
    void_approval_id  INTEGER REFERENCES supervisor_approvals (id),
    void_reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payments_by_job ON payments (work_order_id);
CREATE INDEX payments_by_time ON payments (taken_at);

CREATE TABLE exit_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE exit_notices (
    id                   INTEGER PRIMARY KEY,
    work_order_id        INTEGER NOT NULL UNIQUE REFERENCES work_orders (id),
    settlement_id        INTEGER NOT NULL REFERENCES settlements (id),
    number               TEXT NOT NULL UNIQUE,
    year                 INTEGER NOT NULL,
    seq                  INTEGER NOT NULL,
    issued_at            TEXT NOT NULL,
    issued_by            TEXT NOT NULL,
    debt_minor           INTEGER NOT NULL DEFAULT 0,
    override_approval_id INTEGER REFERENCES supervisor_approvals (id),
    qr_payload           TEXT NOT NULL,
    UNIQUE (year, seq)
);

CREATE TABLE exit_notice_prints (
    id             INTEGER PRIMARY KEY,
    exit_notice_id INTEGER NOT NULL REFERENCES exit_notices (id),
    printed_at     TEXT NOT NULL,
    printed_by     TEXT NOT NULL,
    copy           INTEGER NOT NULL CHECK (copy IN (0, 1))
);

-- The handover at the gate: what came back, frozen and signed for by the customer.
CREATE TABLE exit_handovers (
    work_order_id   INTEGER PRIMARY KEY REFERENCES work_orders (id),
    record          TEXT NOT NULL,
    record_sha256   TEXT NOT NULL,
    signer_name     TEXT NOT NULL,
    signed_at       TEXT NOT NULL,
    strokes         TEXT NOT NULL,
    png_sha256      TEXT NOT NULL,
    fingerprint     TEXT NOT NULL
);

CREATE TABLE credit_note_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- A correction after signing that lowers what the customer owes (红字): numbered, with
-- the supervisor; the signed settlement itself is never touched.
CREATE TABLE credit_notes (
    id            INTEGER PRIMARY KEY,
    work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
    settlement_id INTEGER NOT NULL REFERENCES settlements (id),
    number        TEXT NOT NULL UNIQUE,
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    amount_minor  INTEGER NOT NULL CHECK (amount_minor > 0),
    reason        TEXT NOT NULL,
    issued_by     TEXT NOT NULL,
    issued_at     TEXT NOT NULL,
    approval_id   INTEGER NOT NULL REFERENCES supervisor_approvals (id),
    UNIQUE (year, seq)
);
CREATE INDEX credit_notes_by_job ON credit_notes (work_order_id);
