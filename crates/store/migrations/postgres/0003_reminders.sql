-- R10, R11, R30: who holds a case, reminder slips, overdue records, the notification outbox,
-- and leases that let exactly one app instance run each periodic sweep.
ALTER TABLE complaints ADD COLUMN holder_id UUID REFERENCES users (id);
ALTER TABLE complaints ADD COLUMN holder_name TEXT;
ALTER TABLE complaints ADD COLUMN last_progress TEXT;
-- Sweep bookkeeping on the case itself, so that the set-based sweeps never read the table
-- they are writing (which PostgreSQL may plan as a scan per row on a fresh table).
ALTER TABLE complaints ADD COLUMN reminder_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE complaints ADD COLUMN reminded_for DATE;
ALTER TABLE complaints ADD COLUMN last_reminded_at TIMESTAMPTZ;
ALTER TABLE complaints ADD COLUMN overdue_for DATE;

-- R10: one row per reminder slip (催办单); seq is the running count of chases of the case.
CREATE TABLE reminder_slips (
    complaint_id UUID NOT NULL REFERENCES complaints (id),
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    due_on DATE NOT NULL,
    unit_id UUID NOT NULL REFERENCES units (id),
    handler_name TEXT,
    state TEXT NOT NULL,
    progress TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    created_by UUID REFERENCES users (id),
    PRIMARY KEY (complaint_id, seq)
);
-- Exactly one automatic slip per case and due date, however many sweeps race.
CREATE UNIQUE INDEX reminder_slips_auto_once ON reminder_slips (complaint_id, due_on) WHERE kind = 'auto';
CREATE INDEX reminder_slips_created ON reminder_slips (created_at);
CREATE INDEX reminder_slips_unit ON reminder_slips (unit_id, created_at);

-- R30: a case that passed its due date, with the unit and person holding it at the time.
CREATE TABLE overdue_records (
    complaint_id UUID NOT NULL REFERENCES complaints (id),
    due_on DATE NOT NULL,
    unit_id UUID NOT NULL REFERENCES units (id),
    holder_id UUID REFERENCES users (id),
    holder_name TEXT,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (complaint_id, due_on)
);
CREATE INDEX overdue_records_unit ON overdue_records (unit_id);
CREATE INDEX overdue_records_holder ON overdue_records (holder_id);

-- The outbox: notifications waiting for delivery (in-app for now).
CREATE TABLE notifications (
    kind TEXT NOT NULL,
    complaint_id UUID NOT NULL REFERENCES complaints (id),
    seq BIGINT NOT NULL,
    unit_id UUID NOT NULL REFERENCES units (id),
    created_at TIMESTAMPTZ NOT NULL,
    delivered_at TIMESTAMPTZ,
    PRIMARY KEY (kind, complaint_id, seq)
);
CREATE INDEX notifications_unit ON notifications (unit_id, delivered_at);

CREATE TABLE leases (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
