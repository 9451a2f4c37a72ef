-- Pricing the job: the shop's price list, estimates in versions with their lines, and the
-- approval that freezes a version. Money in minor units, quantities in thousandths.

-- Labour operations: standard hours at the shop rate, or a flat price.
CREATE TABLE price_labour (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL,
    name             TEXT NOT NULL,
    system           TEXT,
    hours_milli      INTEGER,
    flat_price_minor INTEGER,
    guarantee_class  TEXT NOT NULL DEFAULT 'first_level',
    updated_at       TEXT NOT NULL,
    CHECK ((hours_milli IS NULL) <> (flat_price_minor IS NULL))
);
CREATE UNIQUE INDEX price_labour_code ON price_labour (code COLLATE NOCASE);

-- Parts; `part_key` is the part number without dashes, dots or spaces, upper-cased.
CREATE TABLE price_parts (
    id               INTEGER PRIMARY KEY,
    part_number      TEXT NOT NULL,
    part_key         TEXT NOT NULL,
    name             TEXT NOT NULL,
    brand            TEXT NOT NULL DEFAULT '',
    grade            TEXT NOT NULL DEFAULT 'genuine',
    unit             TEXT NOT NULL DEFAULT '',
    sell_price_minor INTEGER NOT NULL,
    cost_price_minor INTEGER,
    system           TEXT,
    updated_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX price_parts_key ON price_parts (part_key);

-- Canned jobs (packages): lines added to a job in one step, then editable.
CREATE TABLE canned_jobs (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    lines      TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX canned_jobs_code ON canned_jobs (code COLLATE NOCASE);

-- One row per version of a job's estimate. A draft is edited; an approved version is
-- frozen: its snapshot (canonical JSON of lines, totals, tax and validity) and the hash
-- of that snapshot never change.
CREATE TABLE estimates (
    id               INTEGER PRIMARY KEY,
    work_order_id    INTEGER NOT NULL REFERENCES work_orders(id),
    version          INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft', 'approved', 'superseded')),
    mode             TEXT NOT NULL DEFAULT 'by_item',
    risk_margin_bp   INTEGER NOT NULL DEFAULT 0,
    note             TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    valid_until      TEXT,
    approved_at      TEXT,
    approval_channel TEXT CHECK (approval_channel IN ('signature', 'in_person', 'phone', 'message')),
    approved_by      TEXT,
    recorded_by      TEXT,
    signature_sha256 TEXT,
    snapshot         TEXT,
    snapshot_sha256  TEXT,
    UNIQUE (work_order_id, version)
);

CREATE TABLE estimate_lines (
    estimate_id      INTEGER NOT NULL REFERENCES estimates(id),
    position         INTEGER NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('labour', 'part', 'sundry', 'outside')),
    code             TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL,
    system           TEXT,
    qty_milli        INTEGER NOT NULL,
    unit             TEXT NOT NULL DEFAULT '',
    unit_price_minor INTEGER NOT NULL,
    discount_bp      INTEGER NOT NULL DEFAULT 0,
    source           TEXT CHECK (source IN ('shop', 'customer')),
    grade            TEXT,
    customer_insists INTEGER NOT NULL DEFAULT 0,
    guarantee_class  TEXT NOT NULL,
    guarantee_km     INTEGER NOT NULL,
    guarantee_days   INTEGER NOT NULL,
    PRIMARY KEY (estimate_id, position)
) WITHOUT ROWID;

-- Existing jobs: their requested items and amounts become version 1 of the estimate, a
-- draft, one labour line each (1 × the amount typed; none typed is 0 to be priced).
-- The requested items themselves stay as they were: frozen intakes still verify.
INSERT INTO estimates (work_order_id, version, status, mode, created_at, updated_at)
SELECT DISTINCT s.work_order_id, 1, 'draft', 'by_item', w.opened_at, w.opened_at
FROM work_order_services s JOIN work_orders w ON w.id = s.work_order_id;

INSERT INTO estimate_lines (estimate_id, position, kind, description, qty_milli,
                            unit_price_minor, guarantee_class, guarantee_km, guarantee_days)
SELECT e.id, s.position, 'labour', s.description, 1000, COALESCE(s.estimate_minor, 0),
       'first_level', 2000, 10
FROM work_order_services s JOIN estimates e ON e.work_order_id = s.work_order_id;

-- What the workshop found while the car was in: a proposal with its lines, extra cost
-- and time, and the customer's answer. Approved lines join the job's work; declined
-- ones stay on the job and are offered again on the vehicle's next job.
CREATE TABLE additional_items (
    id               INTEGER PRIMARY KEY,
    work_order_id    INTEGER NOT NULL REFERENCES work_orders(id),
    finding          TEXT NOT NULL,
    reason           TEXT NOT NULL DEFAULT '',
    safety_critical  INTEGER NOT NULL DEFAULT 0,
    photos           TEXT NOT NULL DEFAULT '[]',
    found_by         TEXT NOT NULL,
    found_at         TEXT NOT NULL,
    lines            TEXT NOT NULL DEFAULT '[]',
    extra_minutes    INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT 'proposed'
                         CHECK (status IN ('proposed', 'approved', 'declined')),
    answer_channel   TEXT CHECK (answer_channel IN ('signature', 'in_person', 'phone', 'message')),
    answered_by      TEXT,
    recorded_by      TEXT,
    answered_at      TEXT,
    signature_sha256 TEXT,
    new_promised_at  TEXT,
    carried_to       INTEGER REFERENCES work_orders(id)
);
CREATE INDEX additional_items_job ON additional_items (work_order_id, id);
CREATE INDEX additional_items_status ON additional_items (status);

-- Every call about an item, including the ones that did not reach the customer.
CREATE TABLE additional_item_contacts (
    item_id     INTEGER NOT NULL REFERENCES additional_items(id),
    at          TEXT NOT NULL,
    channel     TEXT NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('approved', 'declined', 'not_reached')),
    spoke_with  TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL
);
CREATE INDEX additional_item_contacts_item ON additional_item_contacts (item_id, at);

-- Progress checks and promised-time changes. The frozen intake keeps the time first
-- promised; the job's promised time now is the latest `new_promised_at` here.
CREATE TABLE progress_log (
    id              INTEGER PRIMARY KEY,
    work_order_id   INTEGER NOT NULL REFERENCES work_orders(id),
    at              TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('on_time', 'delay', 'additional_item')),
    new_promised_at TEXT,
    reason          TEXT NOT NULL DEFAULT '',
    told_channel    TEXT,
    told_at         TEXT,
    recorded_by     TEXT NOT NULL
);
CREATE INDEX progress_log_job ON progress_log (work_order_id, at);
