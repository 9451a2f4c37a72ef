-- Complaints (投诉, issue 20): taken at once with the customer's own words, the channel,
-- the kind and the demands, answered at once or by a promised time, each step recorded,
-- closed with the answer and whether the customer was satisfied. Numbers C-YYYY-NNNN are
-- counted per year like the other papers.
CREATE TABLE complaint_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE complaints (
    id                  INTEGER PRIMARY KEY,
    number              TEXT NOT NULL UNIQUE,
    year                INTEGER NOT NULL,
    seq                 INTEGER NOT NULL,
    customer_id         INTEGER NOT NULL REFERENCES customers (id),
    vehicle_id          INTEGER NOT NULL REFERENCES vehicles (id),
    work_order_id       INTEGER REFERENCES work_orders (id),
    channel             TEXT NOT NULL
                        CHECK (channel IN ('in_person', 'phone', 'letter', 'online', 'other')),
    kind                TEXT NOT NULL CHECK (kind IN ('general', 'serious', 'malicious')),
    words               TEXT NOT NULL,
    demands             TEXT NOT NULL DEFAULT '[]',
    taken_by            TEXT NOT NULL,
    taken_at            TEXT NOT NULL,
    answer_by           TEXT,
    closed_at           TEXT,
    closed_by           TEXT NOT NULL DEFAULT '',
    answer              TEXT NOT NULL DEFAULT '',
    satisfied           INTEGER CHECK (satisfied IN (0, 1)),
    supervisor          TEXT NOT NULL DEFAULT '',
    compensation_agreed INTEGER NOT NULL DEFAULT 0 CHECK (compensation_agreed IN (0, 1)),
    UNIQUE (year, seq),
    CHECK ((closed_at IS NULL) = (satisfied IS NULL))
);
CREATE INDEX complaints_by_customer ON complaints (customer_id, taken_at DESC);
CREATE INDEX complaints_by_job ON complaints (work_order_id);
CREATE INDEX complaints_open ON complaints (taken_at DESC) WHERE closed_at IS NULL;

CREATE TABLE complaint_steps (
    id             INTEGER PRIMARY KEY,
    complaint_id   INTEGER NOT NULL REFERENCES complaints (id),
    at             TEXT NOT NULL,
    by_name        TEXT NOT NULL,
    action         TEXT NOT NULL,
    next_answer_by TEXT
);
CREATE INDEX complaint_steps_by_complaint ON complaint_steps (complaint_id, at);

-- A comeback (返修): the job the car came back for, linked to the earlier job of the same
-- vehicle it came back from.
CREATE TABLE comebacks (
    work_order_id INTEGER PRIMARY KEY REFERENCES work_orders (id),
    origin_id     INTEGER NOT NULL REFERENCES work_orders (id),
    linked_by     TEXT NOT NULL,
    linked_at     TEXT NOT NULL,
    CHECK (origin_id <> work_order_id)
);
CREATE INDEX comebacks_by_origin ON comebacks (origin_id);
