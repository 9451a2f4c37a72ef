-- End-of-day exports (issue 9): only a bundle read back and checked against its manifest
-- is recorded, so "the day is exported" means a copy that was proven readable.
CREATE TABLE day_exports (
    id           INTEGER PRIMARY KEY,
    exported_at  TEXT NOT NULL,
    day          TEXT NOT NULL,
    bundle_path  TEXT NOT NULL,
    bundle_bytes INTEGER NOT NULL CHECK (bundle_bytes >= 0),
    files        INTEGER NOT NULL CHECK (files >= 0),
    verified     INTEGER NOT NULL CHECK (verified IN (0, 1))
);
CREATE INDEX day_exports_by_time ON day_exports (exported_at);
