-- R27, R30: when a concluded (closed or archived) case's final result was submitted, for the
-- quarterly report's on-time and handling-time figures.
ALTER TABLE complaints ADD COLUMN concluded_at TIMESTAMPTZ;
UPDATE complaints SET concluded_at = (result->>'at')::timestamptz
    WHERE result IS NOT NULL AND state IN ('closed', 'archived');
CREATE INDEX complaints_concluded ON complaints (concluded_at) WHERE concluded_at IS NOT NULL;
CREATE INDEX ratings_rated ON ratings (rated_at);
CREATE INDEX complaint_events_action ON complaint_events (action, at);
