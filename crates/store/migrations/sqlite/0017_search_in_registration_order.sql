-- Search in registration order (issue 8). Each case's key — the FTS rowid — becomes its
-- registration instant in milliseconds shifted left 20 bits, plus a number among the cases of
-- that millisecond. Rowid order is then registration order, so a search reads its matches
-- newest first from the FTS index and stops when its page is full, instead of looking up every
-- match to sort them. The same expression gives new cases their keys (store::complaints).
CREATE TABLE complaint_search_keys_new (
    key INTEGER PRIMARY KEY,
    complaint_id BLOB NOT NULL UNIQUE REFERENCES complaints (id)
);
INSERT INTO complaint_search_keys_new (key, complaint_id)
SELECT (ms << 20) + ROW_NUMBER() OVER (PARTITION BY ms ORDER BY id) - 1, id
FROM (
    SELECT c.id, CAST(round(unixepoch(c.registered_at, 'subsec') * 1000) AS INTEGER) AS ms
    FROM complaint_search_keys k JOIN complaints c ON c.id = k.complaint_id
);
CREATE VIRTUAL TABLE complaint_search_new USING fts5 (
    terms,
    tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO complaint_search_new (rowid, terms)
SELECT n.key, s.terms
FROM complaint_search s
JOIN complaint_search_keys k ON k.key = s.rowid
JOIN complaint_search_keys_new n ON n.complaint_id = k.complaint_id
ORDER BY n.key;
DROP TABLE complaint_search;
DROP TABLE complaint_search_keys;
ALTER TABLE complaint_search_keys_new RENAME TO complaint_search_keys;
ALTER TABLE complaint_search_new RENAME TO complaint_search;
