-- Huixiang core schema (SQLite). Keep in step with ../postgres/0001_core.sql: same tables,
-- columns and nullability (a test compares them).

CREATE TABLE units (
    id BLOB PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id BLOB REFERENCES units (id),
    principal_leader TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE users (
    id BLOB PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id BLOB NOT NULL REFERENCES units (id),
    password_hash TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id BLOB NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Named counters: complaint numbers per year, dossier numbers per year.
CREATE TABLE counters (
    name TEXT PRIMARY KEY NOT NULL,
    value BIGINT NOT NULL
);

CREATE TABLE complaints (
    id BLOB PRIMARY KEY NOT NULL,
    number TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    complainant_name TEXT NOT NULL,
    complainant_work_unit TEXT,
    complainant_occupation TEXT,
    complainant_address TEXT,
    complainant_phone TEXT,
    problem TEXT NOT NULL,
    demands TEXT NOT NULL,
    state TEXT NOT NULL,
    version BIGINT NOT NULL,
    registered_by BLOB NOT NULL REFERENCES users (id),
    registered_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    review TEXT,
    dispatch TEXT,
    result TEXT,
    closure_review TEXT,
    archive TEXT
);
CREATE INDEX complaints_registered ON complaints (registered_at, id);
CREATE INDEX complaints_state ON complaints (state, registered_at, id);

-- The units of the current dispatch (role: lead, co, assigning), kept in step with
-- complaints.dispatch in the same transaction: it answers "which cases are with my unit".
CREATE TABLE complaint_units (
    complaint_id BLOB NOT NULL REFERENCES complaints (id),
    unit_id BLOB NOT NULL REFERENCES units (id),
    role TEXT NOT NULL,
    PRIMARY KEY (complaint_id, unit_id, role)
);
CREATE INDEX complaint_units_unit ON complaint_units (unit_id, complaint_id);

-- Append-only history: one row per step, numbered per complaint (seq = the version it made).
CREATE TABLE complaint_events (
    id BLOB PRIMARY KEY NOT NULL,
    complaint_id BLOB NOT NULL REFERENCES complaints (id),
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    actor_id BLOB NOT NULL REFERENCES users (id),
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    reason TEXT,
    detail TEXT NOT NULL,
    UNIQUE (complaint_id, seq)
);
