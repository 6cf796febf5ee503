-- Drivers and measures are edited from the version read, like every other editable record:
-- a save is one conditional UPDATE that bumps the version, so a stale save is refused (409)
-- instead of silently replacing what someone else saved in between.
ALTER TABLE drivers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE measures ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
