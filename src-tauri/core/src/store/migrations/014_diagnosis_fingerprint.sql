-- The technician's signature on the diagnosis report binds to what was signed, as every
-- other signature does: `report_sha256` is the SHA-256 of the report as signed (canonical
-- JSON of its checks, road test, findings, recommendation and technician) and
-- `fingerprint` the SHA-256 over that hash, the signer, the time and the ink. Reports
-- signed before this migration keep both empty: `verify` says they cannot be checked.
-- The signed report's PDF is archived in `form_archive` as form `diagnosis`.
ALTER TABLE diagnoses ADD COLUMN report_sha256 TEXT;
ALTER TABLE diagnoses ADD COLUMN fingerprint TEXT;
