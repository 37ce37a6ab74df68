-- Full-text search: the terms of each complaint (tokenized in Rust: characters, pairs of
-- characters and ASCII words, space-separated) as a `simple` tsvector with a GIN index.
ALTER TABLE complaints ADD COLUMN search tsvector;
CREATE INDEX complaints_search ON complaints USING GIN (search);
