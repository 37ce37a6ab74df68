-- R7, R17: accusation material. The accusation and the organization's approval are kept with
-- the case; the accused unit and person are also columns, so listings can leave the case out
-- for them in SQL.
ALTER TABLE complaints ADD COLUMN accusation JSONB;
ALTER TABLE complaints ADD COLUMN accused_unit_id UUID REFERENCES units (id);
ALTER TABLE complaints ADD COLUMN accused_user_id UUID REFERENCES users (id);
ALTER TABLE complaints ADD COLUMN disclosure_approval JSONB;
ALTER TABLE complaints ADD COLUMN disclosure_approved BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX complaints_accused_unit ON complaints (accused_unit_id) WHERE accused_unit_id IS NOT NULL;
CREATE INDEX complaints_accused_user ON complaints (accused_user_id) WHERE accused_user_id IS NOT NULL;

-- R7: every read of an accusation case: who, when, which view.
CREATE TABLE case_reads (
    complaint_id UUID NOT NULL REFERENCES complaints (id),
    user_id UUID NOT NULL REFERENCES users (id),
    user_name TEXT NOT NULL,
    view TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_reads_complaint ON case_reads (complaint_id, at);
