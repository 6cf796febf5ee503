-- Email: the durable outbox, people's mail preferences and private links, invitation and reset
-- links, the collective's reminder settings, and cancelled events (kept, never deleted, so their
-- history and the calendars that hold them can be told).

ALTER TABLE collectives ADD COLUMN reminder_offsets TEXT NOT NULL DEFAULT '7,1';
ALTER TABLE collectives ADD COLUMN reminder_send_at TIME NOT NULL DEFAULT '07:00:00';

ALTER TABLE meetings ADD COLUMN cancelled_at TIMESTAMP;
ALTER TABLE convenings ADD COLUMN cancelled_at TIMESTAMP;

-- One row per person once they have a feed, an unsubscribe link or turned reminders off; no row
-- means reminders on and no tokens yet. The tokens are capability URLs shown back to their
-- owner (the feed's address on the profile), so they are kept as issued; each can be renewed.
CREATE TABLE mail_prefs (
    person_id INTEGER PRIMARY KEY NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    reminders_off BOOLEAN NOT NULL DEFAULT 0,
    unsubscribe_token TEXT NOT NULL UNIQUE,
    calendar_token TEXT NOT NULL UNIQUE,
    updated_at TIMESTAMP NOT NULL
);

-- Invitation and password-reset links: only the SHA-256 of the secret is kept here; the secret
-- itself travels in the outbox row until the mail is out (then it is erased there).
CREATE TABLE account_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_links_person ON account_links (person_id, purpose);

-- The outbox: one row per (subject, revision, person, kind, offset), so nothing is queued twice.
-- subject_type/subject_id name a meeting, a convening, or an account link; offset_days is 0 for
-- every kind but reminders and host notes (never NULL: NULLs are distinct in a UNIQUE index).
-- detail carries what the row must remember from the moment it was queued (an update's previous
-- time); secret an account link's token until the row is finished.
CREATE TABLE outbox (
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
-- The worker's question: which rows are due (and which claims have lapsed).
CREATE INDEX outbox_status_due ON outbox (status, due_at);
CREATE INDEX outbox_subject ON outbox (subject_type, subject_id, kind, status);
CREATE INDEX outbox_person ON outbox (person_id);
