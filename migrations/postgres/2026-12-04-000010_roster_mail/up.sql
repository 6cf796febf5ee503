-- Recipients follow the roster (issue 13): two more kinds of mail — `scheduled` (the
-- save-the-date sent when an event is planned) and `rsvp_nudge` (a reminder to answer).
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('reminder', 'updated', 'cancelled', 'host_note', 'invitation', 'password_reset', 'scheduled', 'rsvp_nudge'));
-- Why a row was cancelled when it was not superseded by a move: "no longer on the Alder Creek
-- team", "deactivated". A row cancelled with a reason is one the roster took away, and the
-- only kind a person who rejoins gets back.
ALTER TABLE outbox ADD COLUMN reason TEXT COLLATE "C" NOT NULL DEFAULT '';
-- A district that left the program year: its team is no longer invited to the year's
-- convenings and its tune-ups to come are cancelled; the membership (fee, payments) stays.
ALTER TABLE memberships ADD COLUMN withdrawn_at TIMESTAMP;
-- A cancelled convening can be replaced: its number is unique among the year's convenings that
-- are not cancelled (a partial unique index), no longer among all of them.
ALTER TABLE convenings DROP CONSTRAINT convenings_program_year_id_number_key;
CREATE UNIQUE INDEX convenings_number_open ON convenings (program_year_id, number)
    WHERE cancelled_at IS NULL;
