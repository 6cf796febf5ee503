ALTER TABLE memberships DROP COLUMN withdrawn_at;
CREATE TABLE outbox_prev (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reminder', 'updated', 'cancelled', 'host_note', 'invitation', 'password_reset')),
    subject_type TEXT NOT NULL CHECK (subject_type IN ('meeting', 'convening', 'account_link')),
    subject_id INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    offset_days INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'expired', 'cancelled', 'skipped')),
    due_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    secret TEXT,
    claimed_by TEXT,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (subject_type, subject_id, revision, person_id, kind, offset_days)
);
INSERT INTO outbox_prev (id, kind, subject_type, subject_id, revision, person_id, offset_days, status, due_at, expires_at, attempts, last_error, detail, secret, claimed_by, claimed_until, sent_at, created_at) SELECT id, kind, subject_type, subject_id, revision, person_id, offset_days, status, due_at, expires_at, attempts, last_error, detail, secret, claimed_by, claimed_until, sent_at, created_at FROM outbox
    WHERE kind NOT IN ('scheduled', 'rsvp_nudge');
DROP TABLE outbox;
ALTER TABLE outbox_prev RENAME TO outbox;
CREATE INDEX outbox_status_due ON outbox (status, due_at);
CREATE INDEX outbox_subject ON outbox (subject_type, subject_id, kind, status);
CREATE INDEX outbox_person ON outbox (person_id);
