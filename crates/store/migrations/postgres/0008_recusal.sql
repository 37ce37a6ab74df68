-- R32: conflicts staff declare (a relative's name or phone, an address, a unit, a case). A
-- recusal from one case is a declaration of kind 'case'. Rows are the record of who declared
-- what, and when.
CREATE TABLE staff_conflicts (
    user_id UUID NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    note TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, kind, value)
);
