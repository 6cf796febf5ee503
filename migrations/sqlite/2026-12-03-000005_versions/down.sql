ALTER TABLE measures DROP COLUMN version;
ALTER TABLE drivers DROP COLUMN version;
