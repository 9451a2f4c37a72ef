-- 002: work orders (委托书) and their intake: walk-around inspection, damage marks,
-- warning lights, documents, keys, belongings, signatures, amendments and archived forms.
-- Shipped migrations are never edited.

-- The last number given per year: incremented in the same write transaction that files
-- the work order, so numbers are gapless even when two desks open one at once.
CREATE TABLE work_order_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE work_orders (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    year            INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    vehicle_id      INTEGER NOT NULL REFERENCES vehicles(id),
    status          TEXT NOT NULL CHECK (status IN
                        ('open', 'checked_in', 'in_workshop', 'ready', 'collected',
                         'cancelled')),
    advisor         TEXT NOT NULL DEFAULT '',
    opened_at       TEXT NOT NULL,
    complaint       TEXT NOT NULL DEFAULT '',
    diagnosis       TEXT NOT NULL DEFAULT '',
    other_requests  TEXT NOT NULL DEFAULT '',
    promised_at     TEXT,
    contact_name    TEXT,
    contact_phone   TEXT,
    fuel_eighths    INTEGER CHECK (fuel_eighths BETWEEN 0 AND 8),
    odometer_value  INTEGER CHECK (odometer_value >= 0),
    odometer_unit   TEXT CHECK (odometer_unit IN ('km', 'mi')),
    odometer_reason TEXT NOT NULL DEFAULT '',
    keys_count      INTEGER NOT NULL DEFAULT 0,
    keys_tag        TEXT NOT NULL DEFAULT '',
    keys_slot       TEXT NOT NULL DEFAULT '',
    belongings      TEXT NOT NULL DEFAULT 'not_recorded'
                        CHECK (belongings IN ('not_recorded', 'none_left', 'listed')),
    frozen_at       TEXT,
    cancelled_at    TEXT,
    cancel_reason   TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX work_orders_customer ON work_orders (customer_id, opened_at DESC);
CREATE INDEX work_orders_vehicle ON work_orders (vehicle_id, opened_at DESC);
CREATE INDEX work_orders_recent ON work_orders (opened_at DESC, id DESC);
CREATE INDEX work_orders_status ON work_orders (status);
CREATE INDEX work_orders_keys_slot ON work_orders (keys_slot) WHERE keys_slot <> '';

CREATE TABLE work_order_services (
    work_order_id  INTEGER NOT NULL REFERENCES work_orders(id),
    position       INTEGER NOT NULL,
    description    TEXT NOT NULL,
    estimate_minor INTEGER,
    PRIMARY KEY (work_order_id, position)
) WITHOUT ROWID;

-- Checklist items copied from the shop's template when the job is opened. A label is a
-- catalogue key (shown in every language) or the shop's own text.
CREATE TABLE inspection_items (
    work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
    position      INTEGER NOT NULL,
    group_key     TEXT,
    group_text    TEXT NOT NULL DEFAULT '',
    item_key      TEXT,
    item_text     TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'not_checked'
                      CHECK (status IN ('ok', 'attention', 'damaged', 'not_checked')),
    note          TEXT NOT NULL DEFAULT '',
    photos        TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (work_order_id, position)
) WITHOUT ROWID;

-- In the vehicle diagram's own coordinates (assets/diagram/car-top.svg: 1000 × 500).
CREATE TABLE damage_marks (
    work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    x             INTEGER NOT NULL CHECK (x BETWEEN 0 AND 1000),
    y             INTEGER NOT NULL CHECK (y BETWEEN 0 AND 500),
    note          TEXT NOT NULL DEFAULT '',
    photos        TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (work_order_id, position)
) WITHOUT ROWID;

CREATE TABLE work_order_warning_lights (
    work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
    light         TEXT NOT NULL,
    PRIMARY KEY (work_order_id, light)
) WITHOUT ROWID;

CREATE TABLE documents_received (
    work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
    position      INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    label         TEXT NOT NULL DEFAULT '',
    expires_on    TEXT,
    checked_valid INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (work_order_id, position)
) WITHOUT ROWID;

CREATE TABLE belongings (
    work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
    position      INTEGER NOT NULL,
    item_key      TEXT,
    item          TEXT NOT NULL DEFAULT '',
    quantity      INTEGER NOT NULL CHECK (quantity >= 1),
    note          TEXT NOT NULL DEFAULT '',
    storage_box   TEXT NOT NULL DEFAULT '',
    photo         TEXT,
    valuable      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (work_order_id, position)
) WITHOUT ROWID;

CREATE TABLE amendments (
    id            INTEGER PRIMARY KEY,
    work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
    what          TEXT NOT NULL,
    why           TEXT NOT NULL,
    who           TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX amendments_work_order ON amendments (work_order_id, id);

-- The customer's intake signature carries the frozen snapshot and its SHA-256.
CREATE TABLE signatures (
    id            INTEGER PRIMARY KEY,
    work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
    amendment_id  INTEGER REFERENCES amendments(id),
    role          TEXT NOT NULL CHECK (role IN ('customer', 'advisor', 'workshop_receiver')),
    signer_name   TEXT NOT NULL,
    signed_at     TEXT NOT NULL,
    strokes       TEXT NOT NULL,
    png_sha256    TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    snapshot_json TEXT,
    snapshot_hash TEXT
);
CREATE INDEX signatures_work_order ON signatures (work_order_id, id);
CREATE UNIQUE INDEX signatures_one_per_role
    ON signatures (work_order_id, role) WHERE amendment_id IS NULL;
CREATE UNIQUE INDEX signatures_one_per_amendment
    ON signatures (amendment_id) WHERE amendment_id IS NOT NULL;

CREATE TABLE form_archive (
    id            INTEGER PRIMARY KEY,
    work_order_id INTEGER NOT NULL REFERENCES work_orders(id),
    form          TEXT NOT NULL,
    lang          TEXT NOT NULL,
    file_name     TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX form_archive_work_order ON form_archive (work_order_id, id);
