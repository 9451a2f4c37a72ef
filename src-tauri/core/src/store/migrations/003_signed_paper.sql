-- Signed paper you can prove: each signature keeps the exact content it was bound to, so
-- its fingerprint can be recomputed later (an advisor may sign the draft before the
-- customer freezes it). Rows signed before this release keep NULL.
ALTER TABLE signatures ADD COLUMN signed_content TEXT;

-- An archived original is written once: one file name, one row.
CREATE UNIQUE INDEX form_archive_one_file ON form_archive (file_name);
