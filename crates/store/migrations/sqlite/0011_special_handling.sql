-- The complainant's resident ID card number (R20 repeats and R32 recusal match on it).
ALTER TABLE complaints ADD COLUMN complainant_id_number TEXT;
CREATE INDEX complaints_id_number ON complaints (complainant_id_number)
    WHERE complainant_id_number IS NOT NULL;
-- R21–R25: referrals, supervision, joint studies and cooperation tasks; R22: the written report.
ALTER TABLE complaints ADD COLUMN handling TEXT;

-- R26: incidents with visitors, kept and never changed; linked to the visitor's complaints.
CREATE TABLE incidents (
    id BLOB PRIMARY KEY NOT NULL,
    occurred_at TEXT NOT NULL,
    recorded_by BLOB NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX incidents_occurred ON incidents (occurred_at);
CREATE TABLE incident_cases (
    incident_id BLOB NOT NULL REFERENCES incidents (id),
    complaint_id BLOB NOT NULL REFERENCES complaints (id),
    PRIMARY KEY (incident_id, complaint_id)
);
CREATE INDEX incident_cases_complaint ON incident_cases (complaint_id);

-- R27: major-issue notices about a complaint, and who has read each.
CREATE TABLE notices (
    id BLOB PRIMARY KEY NOT NULL,
    complaint_id BLOB NOT NULL REFERENCES complaints (id),
    level TEXT NOT NULL,
    raised_by BLOB NOT NULL REFERENCES users (id),
    raised_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX notices_raised ON notices (raised_at);
CREATE INDEX notices_complaint ON notices (complaint_id);
CREATE TABLE notice_reads (
    notice_id BLOB NOT NULL REFERENCES notices (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    read_at TEXT NOT NULL,
    PRIMARY KEY (notice_id, user_id)
);
