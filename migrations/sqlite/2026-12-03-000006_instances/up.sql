-- What several `pdsa serve` instances on one database must share: the session signing key
-- (made once by whichever instance starts first), a data generation that every write through
-- any instance bumps (so each instance's page cache knows at once that data changed), and the
-- failed sign-ins that throttle guessing (counted across instances, and kept over a restart).

CREATE TABLE secrets (
    name TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE data_generation (
    -- One row (id 1), made by the first write; none yet reads as generation 0.
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    generation BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    throttle_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (throttle_key, failed_at);
