-- R27: filed quarterly statistics reports (frozen figures, analysis, who filed them when), and
-- who of the leaders and the overseer has opened each.
CREATE TABLE statistics_reports (
    id UUID PRIMARY KEY NOT NULL,
    period_first DATE NOT NULL,
    period_last DATE NOT NULL,
    filed_by UUID NOT NULL REFERENCES users (id),
    filed_at TIMESTAMPTZ NOT NULL,
    record JSONB NOT NULL
);
CREATE INDEX statistics_reports_filed ON statistics_reports (filed_at);
CREATE TABLE statistics_report_reads (
    report_id UUID NOT NULL REFERENCES statistics_reports (id),
    user_id UUID NOT NULL REFERENCES users (id),
    read_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (report_id, user_id)
);
