DROP TABLE outbox;
DROP TABLE account_links;
DROP TABLE mail_prefs;
ALTER TABLE convenings DROP COLUMN cancelled_at;
ALTER TABLE meetings DROP COLUMN cancelled_at;
ALTER TABLE collectives DROP COLUMN reminder_send_at;
ALTER TABLE collectives DROP COLUMN reminder_offsets;
