-- Appointments (issue 19): the booking with its exact time, the customer on file or a new
-- caller's name, phone and plate, the parts to prepare (JSON), the reminder calls, the
-- deposit against the parts and, on arrival, the job it became. Numbers APPT-YYYY-NNNNN
-- are counted per year like the other papers.
CREATE TABLE appointment_counters (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE appointments (
    id                   INTEGER PRIMARY KEY,
    number               TEXT NOT NULL UNIQUE,
    year                 INTEGER NOT NULL,
    seq                  INTEGER NOT NULL,
    status               TEXT NOT NULL
                         CHECK (status IN ('booked', 'confirmed', 'arrived', 'no_show', 'cancelled')),
    customer_id          INTEGER REFERENCES customers (id),
    vehicle_id           INTEGER REFERENCES vehicles (id),
    caller_name          TEXT NOT NULL DEFAULT '',
    caller_phone         TEXT NOT NULL DEFAULT '',
    caller_plate         TEXT NOT NULL DEFAULT '',
    starts_at            TEXT NOT NULL,
    duration_minutes     INTEGER NOT NULL CHECK (duration_minutes > 0),
    bay                  INTEGER NOT NULL CHECK (bay > 0),
    wanted_work          TEXT NOT NULL,
    parts                TEXT NOT NULL DEFAULT '[]',
    parts_minor          INTEGER NOT NULL DEFAULT 0 CHECK (parts_minor >= 0),
    expected_price_minor INTEGER,
    bring_handbook       INTEGER NOT NULL CHECK (bring_handbook IN (0, 1)),
    booked_by            TEXT NOT NULL,
    booked_at            TEXT NOT NULL,
    note                 TEXT NOT NULL DEFAULT '',
    work_order_id        INTEGER UNIQUE REFERENCES work_orders (id),
    closed_at            TEXT,
    cancel_reason        TEXT NOT NULL DEFAULT '',
    updated_at           TEXT NOT NULL,
    UNIQUE (year, seq),
    CHECK ((customer_id IS NULL) = (vehicle_id IS NULL))
);
CREATE INDEX appointments_by_time ON appointments (starts_at);
CREATE INDEX appointments_by_customer ON appointments (customer_id);
CREATE INDEX appointments_by_caller_phone ON appointments (caller_phone);

CREATE TABLE appointment_calls (
    id             INTEGER PRIMARY KEY,
    appointment_id INTEGER NOT NULL REFERENCES appointments (id),
    at             TEXT NOT NULL,
    by_name        TEXT NOT NULL,
    outcome        TEXT NOT NULL
                   CHECK (outcome IN ('confirmed', 'moved', 'cancelled', 'not_reached')),
    note           TEXT NOT NULL DEFAULT '',
    moved_to       TEXT
);
CREATE INDEX appointment_calls_by_appointment ON appointment_calls (appointment_id);

-- One deposit per appointment. Applied: carried onto the job as one payment row, once.
CREATE TABLE appointment_deposits (
    appointment_id        INTEGER PRIMARY KEY REFERENCES appointments (id),
    method                TEXT NOT NULL,
    amount_minor          INTEGER NOT NULL CHECK (amount_minor > 0),
    tendered_minor        INTEGER,
    change_minor          INTEGER,
    reference             TEXT NOT NULL DEFAULT '',
    taken_by              TEXT NOT NULL,
    taken_at              TEXT NOT NULL,
    parts_minor           INTEGER NOT NULL,
    below_half_allowed_by TEXT NOT NULL DEFAULT '',
    state                 TEXT NOT NULL CHECK (state IN ('held', 'applied', 'kept', 'refunded')),
    payment_id            INTEGER UNIQUE REFERENCES payments (id),
    decided_at            TEXT,
    decided_by            TEXT NOT NULL DEFAULT '',
    decision_reason       TEXT NOT NULL DEFAULT '',
    CHECK ((state = 'applied') = (payment_id IS NOT NULL))
);
