-- The audit log: one row per change to people, memberships, teams, convenings, meetings,
-- measures and observations, written in the same transaction as the change. The actor's name
-- is copied (as it was then) and the person id carries no foreign key, so an entry outlives any
-- later change to who it names. Values before and after hold the changed fields only, as JSON,
-- and never a password or token hash.

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    at TIMESTAMP NOT NULL,
    actor_person_id INTEGER,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_kind TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    summary TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
-- The page and the API list newest first (id order) within these filters.
CREATE INDEX audit_log_entity ON audit_log (entity_kind, entity_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_person_id, id);
CREATE INDEX audit_log_at ON audit_log (at);
