-- 016: follow-up calls after the car left (跟踪回访, issue 20): the marks a job carries
-- that make its call a must (未查出故障, 服务失误), the plan that chose whom to call, and
-- every call with what the customer said and what became of it.

-- A mark set on a job by any staff: no fault found, or a service mistake the customer met.
CREATE TABLE job_marks (
    work_order_id INTEGER NOT NULL REFERENCES work_orders (id),
    kind          TEXT NOT NULL CHECK (kind IN ('no_fault_found', 'service_mistake')),
    set_by        TEXT NOT NULL,
    set_at        TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (work_order_id, kind)
);

-- One row per job once it has left and been considered (确定回访对象): when it left, whether
-- it was an overhaul, and whether the shop's share picked it. Must-call marks set later
-- are read at the time of the queue, so a mark after the plan still makes the call.
CREATE TABLE follow_up_plans (
    work_order_id INTEGER PRIMARY KEY REFERENCES work_orders (id),
    left_at       TEXT NOT NULL,
    overhaul      INTEGER NOT NULL CHECK (overhaul IN (0, 1)),
    picked        INTEGER NOT NULL CHECK (picked IN (0, 1)),
    planned_at    TEXT NOT NULL
);
CREATE INDEX follow_up_plans_by_left ON follow_up_plans (left_at);

-- Every try to call: reached or not, and when reached what was said. A call that needs
-- the supervisor carries the day the customer was told and the supervisor's report.
CREATE TABLE follow_up_calls (
    id               INTEGER PRIMARY KEY,
    work_order_id    INTEGER NOT NULL REFERENCES follow_up_plans (work_order_id),
    stage            TEXT NOT NULL CHECK (stage IN ('first', 'second')),
    called_at        TEXT NOT NULL,
    reached          INTEGER NOT NULL CHECK (reached IN (0, 1)),
    car_runs         TEXT NOT NULL CHECK (car_runs IN ('not_asked', 'well', 'not_right')),
    score            INTEGER CHECK (score BETWEEN 1 AND 5),
    words            TEXT NOT NULL DEFAULT '',
    next_service_date TEXT,
    next_service_km  INTEGER CHECK (next_service_km >= 0),
    new_service      TEXT NOT NULL DEFAULT '',
    needs_supervisor INTEGER NOT NULL CHECK (needs_supervisor IN (0, 1)),
    problem          TEXT NOT NULL DEFAULT '',
    called_by        TEXT NOT NULL,
    appointment_id   INTEGER REFERENCES appointments (id),
    customer_told_at TEXT,
    reported_at      TEXT,
    reported_to      TEXT,
    handled_note     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX follow_up_calls_by_job ON follow_up_calls (work_order_id, called_at);
CREATE INDEX follow_up_calls_by_time ON follow_up_calls (called_at);
CREATE INDEX follow_up_calls_for_supervisor ON follow_up_calls (needs_supervisor)
    WHERE needs_supervisor = 1 AND reported_at IS NULL;

-- The queue looks for cars that left, by the time they left.
CREATE INDEX exit_notices_by_time ON exit_notices (issued_at);
