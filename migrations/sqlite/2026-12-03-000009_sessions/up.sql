-- Sessions kept on the server: the cookie carries only a random id, whose SHA-256 is kept here
-- with the person, when and from where it was last used, and when it ends (idle or absolute
-- expiry). A session that expired stays as a tombstone for 7 days, only so that a form posted
-- with its id can be kept for `/resume`; signing out deletes the row.
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    -- The global role the session was granted: when the person's role changes, the id changes.
    role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    last_address TEXT NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

-- Where a token was last used from, for the profile's list.
ALTER TABLE api_tokens ADD COLUMN last_address TEXT;

-- A person who left the collective: no sign-in, no sessions, no tokens; history kept.
ALTER TABLE people ADD COLUMN deactivated_at TIMESTAMP;

-- A kept form now belongs to the expired session it was posted with (and goes with it), and
-- its size is kept for the caps.
DROP TABLE saved_forms;
CREATE TABLE saved_forms (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    body TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX saved_forms_session ON saved_forms (session_id);
