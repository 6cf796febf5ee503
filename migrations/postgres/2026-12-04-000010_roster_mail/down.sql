DROP INDEX convenings_number_open;
ALTER TABLE convenings ADD CONSTRAINT convenings_program_year_id_number_key UNIQUE (program_year_id, number);
ALTER TABLE memberships DROP COLUMN withdrawn_at;
ALTER TABLE outbox DROP COLUMN reason;
DELETE FROM outbox WHERE kind IN ('scheduled', 'rsvp_nudge');
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('reminder', 'updated', 'cancelled', 'host_note', 'invitation', 'password_reset'));
