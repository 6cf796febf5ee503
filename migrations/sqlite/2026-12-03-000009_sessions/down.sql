DROP TABLE saved_forms;
CREATE TABLE saved_forms (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
ALTER TABLE people DROP COLUMN deactivated_at;
ALTER TABLE api_tokens DROP COLUMN last_address;
DROP TABLE sessions;
