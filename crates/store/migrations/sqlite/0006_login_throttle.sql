-- Failed logins per account and per address, shared by every app instance: enough failures
-- within a window lock the key for a while.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY NOT NULL,
    failures BIGINT NOT NULL,
    window_start TEXT NOT NULL,
    locked_until TEXT
);
