-- 001: customers, their phones and vehicles, odometer readings, ownership history,
-- the search index and the shop settings. Shipped migrations are never edited.

CREATE TABLE customers (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('person', 'company')),
    name                TEXT NOT NULL,
    company_name        TEXT NOT NULL DEFAULT '',
    contact_person      TEXT NOT NULL DEFAULT '',
    address             TEXT NOT NULL DEFAULT '',
    notes               TEXT NOT NULL DEFAULT '',
    preferred_language  TEXT NOT NULL DEFAULT 'zh-Hans',
    agrees_to_follow_up INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    archived_at         TEXT,
    merged_into         INTEGER REFERENCES customers(id)
);
CREATE INDEX customers_recent ON customers (updated_at DESC, id DESC);

CREATE TABLE customer_phones (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    position    INTEGER NOT NULL,
    label       TEXT NOT NULL CHECK (label IN ('mobile', 'home', 'work', 'other')),
    number      TEXT NOT NULL,
    is_primary  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customer_phones_customer ON customer_phones (customer_id, position);
CREATE INDEX customer_phones_number ON customer_phones (number);
CREATE UNIQUE INDEX customer_phones_one_primary ON customer_phones (customer_id) WHERE is_primary = 1;

CREATE TABLE vehicles (
    id                INTEGER PRIMARY KEY,
    customer_id       INTEGER NOT NULL REFERENCES customers(id),
    plate             TEXT NOT NULL,
    vin               TEXT,
    make              TEXT NOT NULL DEFAULT '',
    model             TEXT NOT NULL DEFAULT '',
    year              INTEGER,
    colour            TEXT NOT NULL DEFAULT '',
    engine_number     TEXT NOT NULL DEFAULT '',
    fuel_type         TEXT NOT NULL DEFAULT 'petrol',
    registration_date TEXT,
    insurance_expiry  TEXT,
    inspection_expiry TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    archived_at       TEXT
);
CREATE INDEX vehicles_customer ON vehicles (customer_id);
-- One vehicle on file per plate; an archived (scrapped, exported) one frees its plate.
CREATE UNIQUE INDEX vehicles_plate_active ON vehicles (plate) WHERE archived_at IS NULL;
CREATE INDEX vehicles_plate ON vehicles (plate);
CREATE INDEX vehicles_vin ON vehicles (vin) WHERE vin IS NOT NULL;

CREATE TABLE odometer_readings (
    id         INTEGER PRIMARY KEY,
    vehicle_id INTEGER NOT NULL REFERENCES vehicles(id),
    value      INTEGER NOT NULL CHECK (value >= 0),
    unit       TEXT NOT NULL CHECK (unit IN ('km', 'mi')),
    read_on    TEXT NOT NULL,
    source     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX odometer_readings_vehicle ON odometer_readings (vehicle_id, read_on DESC, id DESC);

CREATE TABLE vehicle_ownerships (
    id          INTEGER PRIMARY KEY,
    vehicle_id  INTEGER NOT NULL REFERENCES vehicles(id),
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    from_date   TEXT NOT NULL,
    to_date     TEXT
);
CREATE INDEX vehicle_ownerships_vehicle ON vehicle_ownerships (vehicle_id, from_date);
CREATE INDEX vehicle_ownerships_customer ON vehicle_ownerships (customer_id);

-- Search: one document per customer (every key lower-cased and compacted, joined by '|')
-- in a trigram index for queries of three characters or more…
CREATE VIRTUAL TABLE customer_search USING fts5 (doc, tokenize = 'trigram');
-- …and the two-character grams of the name-like keys for shorter queries.
CREATE TABLE customer_search_grams (
    gram        TEXT NOT NULL,
    customer_id INTEGER NOT NULL,
    PRIMARY KEY (gram, customer_id)
) WITHOUT ROWID;
CREATE INDEX customer_search_grams_customer ON customer_search_grams (customer_id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
