-- The diagnosis report (汽车检测诊断报告单) and the dispatch sheet (派工单) of a job
-- (issue 19), one of each per job, and the findings the workshop passed to the desk.

-- The report: findings and recommendation, the road test when needed, and once signed
-- the technician's name, time and ink (the PNG under signatures/<sha256>.png).
CREATE TABLE diagnoses (
    work_order_id     INTEGER PRIMARY KEY REFERENCES work_orders(id),
    road_test_needed  INTEGER NOT NULL CHECK (road_test_needed IN (0, 1)),
    road_driver       TEXT,
    road_distance_km  INTEGER CHECK (road_distance_km >= 0),
    road_observed     TEXT,
    findings          TEXT NOT NULL,
    recommendation    TEXT NOT NULL,
    technician        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    signer_name       TEXT,
    signed_at         TEXT,
    signature_sha256  TEXT,
    signature_strokes TEXT,
    CHECK ((signed_at IS NULL) = (signature_sha256 IS NULL))
);

-- The checks and measurements, in the order written.
CREATE TABLE diagnosis_checks (
    work_order_id INTEGER NOT NULL REFERENCES diagnoses(work_order_id),
    position      INTEGER NOT NULL,
    item          TEXT NOT NULL,
    reading       TEXT NOT NULL,
    unit          TEXT NOT NULL,
    judgement     TEXT NOT NULL CHECK (judgement IN ('ok', 'fault')),
    PRIMARY KEY (work_order_id, position)
);

-- The sheet: who the job goes to, when it was handed over (交单时间), who dispatched it.
CREATE TABLE dispatches (
    work_order_id INTEGER PRIMARY KEY REFERENCES work_orders(id),
    mode          TEXT NOT NULL CHECK (mode IN ('single_team', 'multi_team')),
    assigned_to   TEXT NOT NULL,
    handed_at     TEXT,
    dispatched_by TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE dispatch_items (
    work_order_id   INTEGER NOT NULL REFERENCES dispatches(work_order_id),
    position        INTEGER NOT NULL,
    description     TEXT NOT NULL,
    planned_minutes INTEGER NOT NULL CHECK (planned_minutes >= 0),
    PRIMARY KEY (work_order_id, position)
);

-- A finding passed to the desk, with who took it (记录通知时间和车间受话人). One that is an
-- additional item links to it and keeps no copy of its time, finder or finding.
CREATE TABLE finding_notices (
    id                 INTEGER PRIMARY KEY,
    work_order_id      INTEGER NOT NULL REFERENCES work_orders(id),
    additional_item_id INTEGER UNIQUE REFERENCES additional_items(id),
    at                 TEXT,
    reported_by        TEXT,
    what               TEXT,
    taken_by           TEXT NOT NULL,
    recorded_at        TEXT NOT NULL,
    CHECK ((additional_item_id IS NULL) =
           (at IS NOT NULL AND reported_by IS NOT NULL AND what IS NOT NULL)),
    CHECK (additional_item_id IS NOT NULL OR at IS NOT NULL)
);
CREATE INDEX finding_notices_job ON finding_notices (work_order_id, id);
