-- Tamper evidence: every case event carries the hash of the event before it, across all cases,
-- in one chain; audit_head holds the chain's last link, so a removed tail is noticed too.
-- `huixiang check` recomputes the chain and names the first broken link.
ALTER TABLE complaint_events ADD COLUMN chain_seq BIGINT;
ALTER TABLE complaint_events ADD COLUMN prev_hash TEXT;
ALTER TABLE complaint_events ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX complaint_events_chain ON complaint_events (chain_seq);

CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY NOT NULL,
    last_seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
