-- Search in registration order (issue 8) changes SQLite's FTS keys only: PostgreSQL walks the
-- registration index and checks each case's tsvector. Kept so both backends number their
-- migrations alike.
SELECT 1;
