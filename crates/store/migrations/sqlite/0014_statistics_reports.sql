-- R27: filed quarterly statistics reports (frozen figures, analysis, who filed them when), and
-- who of the leaders and the overseer has opened each.
CREATE TABLE statistics_reports (
    id BLOB PRIMARY KEY NOT NULL,
    period_first TEXT NOT NULL,
    period_last TEXT NOT NULL,
    filed_by BLOB NOT NULL REFERENCES users (id),
    filed_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX statistics_reports_filed ON statistics_reports (filed_at);
CREATE TABLE statistics_report_reads (
    report_id BLOB NOT NULL REFERENCES statistics_reports (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    read_at TEXT NOT NULL,
    PRIMARY KEY (report_id, user_id)
);
