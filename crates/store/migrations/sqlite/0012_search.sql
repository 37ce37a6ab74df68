-- Full-text search: the terms of each complaint (tokenized in Rust: characters, pairs of
-- characters and ASCII words, space-separated) in an FTS5 table. Its rowid comes from
-- complaint_search_keys, whose INTEGER PRIMARY KEY survives VACUUM (a plain rowid may not).
CREATE TABLE complaint_search_keys (
    key INTEGER PRIMARY KEY,
    complaint_id BLOB NOT NULL UNIQUE REFERENCES complaints (id)
);
CREATE VIRTUAL TABLE complaint_search USING fts5 (
    terms,
    tokenize = 'unicode61 remove_diacritics 0'
);
