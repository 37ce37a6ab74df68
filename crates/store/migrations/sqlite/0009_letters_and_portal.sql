-- R15–R18: a letter's envelope, enclosures, excerpt and writer notices, kept with the case.
ALTER TABLE complaints ADD COLUMN letter TEXT;
-- R2: the hash of the query code a complainant looks the case up with; never the code itself.
ALTER TABLE complaints ADD COLUMN query_code_hash TEXT;

-- R2: the complainant's rating of a concluded case, once per case.
CREATE TABLE ratings (
    complaint_id BLOB PRIMARY KEY NOT NULL REFERENCES complaints (id),
    satisfaction TEXT NOT NULL,
    comment TEXT,
    rated_at TEXT NOT NULL
);

-- Files kept with a case. The bytes live in the database, so app instances keep nothing on
-- their own disks.
CREATE TABLE attachments (
    id BLOB PRIMARY KEY NOT NULL,
    complaint_id BLOB NOT NULL REFERENCES complaints (id),
    name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by BLOB NOT NULL REFERENCES users (id),
    uploaded_at TEXT NOT NULL
);
CREATE INDEX attachments_complaint ON attachments (complaint_id, uploaded_at);

-- R16: messages to citizens (SMS) waiting for a gateway to deliver them.
CREATE TABLE outbox_messages (
    id BLOB PRIMARY KEY NOT NULL,
    complaint_id BLOB NOT NULL REFERENCES complaints (id),
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX outbox_messages_pending ON outbox_messages (sent_at, created_at);
