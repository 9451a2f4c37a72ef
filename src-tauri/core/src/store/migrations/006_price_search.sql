-- Search in the price list, the same engine as the customer search: one document per
-- entry (its keys lower-cased and compacted, joined by '|') in a trigram index, the
-- two-character grams of its name-like keys for shorter queries, and its code as typed
-- compacted for exact matches. An entry is `item id × 4 + kind` (1 labour, 2 part,
-- 3 canned job) since the three kinds number their ids apart.
-- The entries of a list saved before this migration are built by its hook in Rust.
CREATE VIRTUAL TABLE price_search USING fts5 (doc, tokenize = 'trigram');
CREATE TABLE price_search_grams (
    gram  TEXT NOT NULL,
    entry INTEGER NOT NULL,
    PRIMARY KEY (gram, entry)
) WITHOUT ROWID;
CREATE INDEX price_search_grams_entry ON price_search_grams (entry);
CREATE TABLE price_search_codes (
    entry    INTEGER PRIMARY KEY,
    code_key TEXT NOT NULL
);
CREATE INDEX price_search_codes_key ON price_search_codes (code_key);
