CREATE TABLE convenings_prev (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    program_year_id INTEGER NOT NULL REFERENCES program_years(id),
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 4),
    date DATE NOT NULL,
    host_district_id INTEGER NOT NULL REFERENCES districts(id),
    venue TEXT NOT NULL DEFAULT '',
    breakfast_time TIME NOT NULL,
    start_time TIME NOT NULL,
    close_time TIME NOT NULL,
    food_cost_cents BIGINT NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    cancelled_at TIMESTAMP,
    UNIQUE (program_year_id, number)
);
INSERT INTO convenings_prev (id, program_year_id, number, date, host_district_id, venue, breakfast_time, start_time, close_time, food_cost_cents, revision, version, cancelled_at) SELECT id, program_year_id, number, date, host_district_id, venue, breakfast_time, start_time, close_time, food_cost_cents, revision, version, cancelled_at FROM convenings;
DROP TABLE convenings;
ALTER TABLE convenings_prev RENAME TO convenings;
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
