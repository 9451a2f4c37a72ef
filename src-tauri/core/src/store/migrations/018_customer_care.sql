-- 018: the customer file's care (issue 20): each vehicle's kind, purchase date and
-- dealer and its own maintenance interval; the customer's wishes; contacts without a
-- job (a call, a question, a walk-in, a service reminder, the call to a lost customer);
-- readings the desk kept although they broke the history, left out of projections;
-- the care settings live in `settings` under 'care.settings' (defaults until saved).

CREATE TABLE vehicle_care (
    vehicle_id      INTEGER PRIMARY KEY REFERENCES vehicles(id),
    kind            TEXT NOT NULL DEFAULT 'unknown'
                        CHECK (kind IN ('unknown', 'car', 'suv', 'mpv', 'van',
                                        'light_truck', 'other')),
    purchase_date   TEXT,
    dealer          TEXT NOT NULL DEFAULT '',
    interval_km     INTEGER CHECK (interval_km > 0),
    interval_months INTEGER CHECK (interval_months > 0),
    updated_at      TEXT NOT NULL
);
CREATE INDEX vehicle_care_kind ON vehicle_care (kind);

CREATE TABLE customer_wishes (
    customer_id INTEGER PRIMARY KEY REFERENCES customers(id),
    wishes      TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL
);

CREATE TABLE customer_contacts (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    vehicle_id  INTEGER REFERENCES vehicles(id),
    kind        TEXT NOT NULL CHECK (kind IN ('call', 'question', 'walk_in',
                                              'reminder', 'lost_call', 'other')),
    contact_on  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    staff       TEXT NOT NULL DEFAULT '',
    lost_reason TEXT CHECK (lost_reason IN ('moved_away', 'price', 'service_quality',
                                            'went_to_dealer', 'sold_car', 'other')),
    created_at  TEXT NOT NULL
);
CREATE INDEX customer_contacts_customer ON customer_contacts (customer_id, contact_on DESC);
CREATE INDEX customer_contacts_kind ON customer_contacts (kind, contact_on DESC);

ALTER TABLE odometer_readings ADD COLUMN doubtful INTEGER NOT NULL DEFAULT 0;
