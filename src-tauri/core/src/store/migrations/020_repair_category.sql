-- 020: each job's repair category (维修类别, issue 21), chosen at intake and printed on the
-- work order, counted by the statistics. Jobs from before are classified from what they
-- hold, in this order; what none of the rules fits stays NULL, counted as "unknown", and
-- how many that is is kept in `migration_notes` for the figures to say so:
--   1. linked as a comeback to an earlier job           -> comeback
--   2. any estimate line with the overhaul guarantee    -> overhaul
--   3. any line on the body system                      -> accident (accident / body)
--   4. any line with the second-level guarantee         -> maintenance
--   5. any line on a repair system (engine … air con)   -> repair
--   6. lines, all of them on the maintenance system     -> maintenance
ALTER TABLE work_orders ADD COLUMN repair_category TEXT
    CHECK (repair_category IN ('maintenance', 'repair', 'accident', 'overhaul', 'comeback'));

CREATE TEMP TABLE job_lines AS
SELECT e.work_order_id AS job, l.guarantee_class AS class, l.system AS system
FROM estimate_lines l JOIN estimates e ON e.id = l.estimate_id;

UPDATE work_orders SET repair_category = CASE
    WHEN id IN (SELECT work_order_id FROM comebacks) THEN 'comeback'
    WHEN id IN (SELECT job FROM job_lines WHERE class = 'overhaul') THEN 'overhaul'
    WHEN id IN (SELECT job FROM job_lines WHERE system = 'body') THEN 'accident'
    WHEN id IN (SELECT job FROM job_lines WHERE class = 'second_level') THEN 'maintenance'
    WHEN id IN (SELECT job FROM job_lines
                WHERE system IN ('engine', 'transmission', 'brakes', 'steering',
                                 'suspension', 'tyres', 'electrical', 'air_con'))
        THEN 'repair'
    WHEN id IN (SELECT job FROM job_lines)
         AND id NOT IN (SELECT job FROM job_lines
                        WHERE system IS NULL OR system <> 'maintenance')
        THEN 'maintenance'
END;

DROP TABLE job_lines;

CREATE INDEX work_orders_category ON work_orders (repair_category, opened_at);

-- What a migration could not do by itself, for the screens to say: here, how many jobs
-- (cancelled ones aside) it could not classify.
CREATE TABLE migration_notes (
    version INTEGER NOT NULL,
    topic   TEXT NOT NULL,
    count   INTEGER NOT NULL,
    PRIMARY KEY (version, topic)
) WITHOUT ROWID;

INSERT INTO migration_notes (version, topic, count)
SELECT 20, 'jobs_not_classified', COUNT(*) FROM work_orders
WHERE repair_category IS NULL AND status <> 'cancelled';
