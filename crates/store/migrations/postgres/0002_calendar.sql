-- R9: working-day arrangements entered by an administrator (a year here replaces the shipped
-- one), and each complaint's current due date for deadline queries.
CREATE TABLE calendar_years (
    year BIGINT PRIMARY KEY NOT NULL,
    -- The year's arrangement in the documented text format (crates/domain/src/calendar).
    arrangement TEXT NOT NULL,
    updated_by UUID REFERENCES users (id),
    updated_at TIMESTAMPTZ NOT NULL
);

ALTER TABLE complaints ADD COLUMN due_on DATE;
-- Only cases with a unit are chased or become overdue; closed cases stay out of the index.
CREATE INDEX complaints_due ON complaints (due_on) WHERE state IN ('dispatched', 'in_progress', 'returned');
