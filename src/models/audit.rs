//! The audit log: who changed which person, membership, roster line, team, convening, meeting,
//! measure or observation, when, and the values before and after. Entries are written by the
//! model functions that make the change, inside their transaction, so a change that rolls back
//! leaves no entry and no committed change lacks one. Nothing here updates or deletes an entry:
//! the log is only ever appended to and read.

use crate::db::DbConn;
use crate::db::schema::audit_log;
use crate::domain::audit::{self, AuditAction, EntityKind};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::Value;

/// Who makes a change, as the log names them: a signed-in person (their id, and their name as
/// it was then), or the command line for work no person signs in to do (`pdsa seed`,
/// `pdsa import`, `pdsa create-user`). Every writing model function takes one, so that no
/// change is made without saying by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditActor {
    /// The person, when a person acts.
    pub person_id: Option<i32>,
    /// Their name, or what ran the change ("pdsa seed").
    pub name: String,
}

impl AuditActor {
    /// A signed-in person.
    pub fn person(id: i32, name: &str) -> AuditActor {
        AuditActor {
            person_id: Some(id),
            name: name.to_string(),
        }
    }

    /// Work done with no person: `what` names the command ("pdsa import").
    pub fn system(what: &str) -> AuditActor {
        AuditActor {
            person_id: None,
            name: what.to_string(),
        }
    }
}

/// One entry as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    /// Id, increasing: newer entries have higher ids.
    pub id: i32,
    /// When, UTC.
    pub at: NaiveDateTime,
    /// The person who acted; none for the command line.
    pub actor_person_id: Option<i32>,
    /// Their name at the time, or the command.
    pub actor_name: String,
    /// An [`AuditAction`] value.
    pub action: String,
    /// An [`EntityKind`] value.
    pub entity_kind: String,
    /// The record's id.
    pub entity_id: i32,
    /// What happened, in words.
    pub summary: String,
    /// The changed fields before, as JSON (none for a creation).
    pub before_json: Option<String>,
    /// The changed fields after, as JSON (none for a deletion).
    pub after_json: Option<String>,
}

impl AuditEntry {
    /// The action, typed (the column is written only from the enum).
    pub fn action(&self) -> Option<AuditAction> {
        self.action.parse().ok()
    }

    /// The kind, typed (the column is written only from the enum).
    pub fn kind(&self) -> Option<EntityKind> {
        self.entity_kind.parse().ok()
    }

    /// The before side as JSON.
    pub fn before(&self) -> Option<Value> {
        parse(self.before_json.as_deref())
    }

    /// The after side as JSON.
    pub fn after(&self) -> Option<Value> {
        parse(self.after_json.as_deref())
    }
}

fn parse(text: Option<&str>) -> Option<Value> {
    text.and_then(|t| serde_json::from_str(t).ok())
}

/// A change to record: what, which, and the record before and after (whole; only the fields
/// that differ are kept, and never a secret).
#[derive(Debug, Clone)]
pub struct Change {
    /// What happened.
    pub action: AuditAction,
    /// The kind of record.
    pub kind: EntityKind,
    /// Its id.
    pub id: i32,
    /// What happened, in words ("Room 12: Discourse on 2026-09-14").
    pub summary: String,
    /// The record before (none for a creation).
    pub before: Option<Value>,
    /// The record after (none for a deletion).
    pub after: Option<Value>,
}

impl Change {
    /// `record` was made.
    pub fn created<T: Serialize>(kind: EntityKind, id: i32, summary: String, record: &T) -> Change {
        Change::new(AuditAction::Created, kind, id, summary, None, json(record))
    }

    /// `before` became `after`.
    pub fn updated<T: Serialize>(
        kind: EntityKind,
        id: i32,
        summary: String,
        before: &T,
        after: &T,
    ) -> Change {
        Change::new(
            AuditAction::Updated,
            kind,
            id,
            summary,
            json(before),
            json(after),
        )
    }

    /// `record` was removed.
    pub fn deleted<T: Serialize>(kind: EntityKind, id: i32, summary: String, record: &T) -> Change {
        Change::new(AuditAction::Deleted, kind, id, summary, json(record), None)
    }

    /// Any action, with the sides given.
    pub fn new(
        action: AuditAction,
        kind: EntityKind,
        id: i32,
        summary: String,
        before: Option<Value>,
        after: Option<Value>,
    ) -> Change {
        Change {
            action,
            kind,
            id,
            summary,
            before,
            after,
        }
    }
}

/// A record as JSON; a record that cannot be serialised is logged without values rather than
/// failing the change it describes.
pub fn json<T: Serialize>(record: &T) -> Option<Value> {
    serde_json::to_value(record).ok()
}

type Row = (
    diesel::dsl::Eq<audit_log::at, NaiveDateTime>,
    diesel::dsl::Eq<audit_log::actor_person_id, Option<i32>>,
    diesel::dsl::Eq<audit_log::actor_name, String>,
    diesel::dsl::Eq<audit_log::action, &'static str>,
    diesel::dsl::Eq<audit_log::entity_kind, &'static str>,
    diesel::dsl::Eq<audit_log::entity_id, i32>,
    diesel::dsl::Eq<audit_log::summary, String>,
    diesel::dsl::Eq<audit_log::before_json, Option<String>>,
    diesel::dsl::Eq<audit_log::after_json, Option<String>>,
);

/// The row for `change`; `None` for an update that changed nothing worth logging.
fn row(by: &AuditActor, at: NaiveDateTime, change: Change) -> Option<Row> {
    let (before, after) = audit::changes(change.before, change.after);
    if change.action == AuditAction::Updated && empty(&before) && empty(&after) {
        return None;
    }
    let text = |v: Option<Value>| v.map(|v| v.to_string());
    Some((
        audit_log::at.eq(at),
        audit_log::actor_person_id.eq(by.person_id),
        audit_log::actor_name.eq(by.name.clone()),
        audit_log::action.eq(change.action.as_str()),
        audit_log::entity_kind.eq(change.kind.as_str()),
        audit_log::entity_id.eq(change.id),
        audit_log::summary.eq(change.summary),
        audit_log::before_json.eq(text(before)),
        audit_log::after_json.eq(text(after)),
    ))
}

fn empty(side: &Option<Value>) -> bool {
    match side {
        None => true,
        Some(Value::Object(m)) => m.is_empty(),
        Some(_) => false,
    }
}

/// Entries per INSERT: nine values each, well below SQLite's limit on bound values.
const CHUNK: usize = 500;

/// Records one change, by `by`, now. Call it inside the transaction that makes the change.
pub fn record(conn: &mut DbConn, by: &AuditActor, change: Change) -> QueryResult<()> {
    record_all(conn, by, vec![change])
}

/// Records many changes (an import) in a few multi-row inserts, all at one instant.
pub fn record_all(conn: &mut DbConn, by: &AuditActor, changes: Vec<Change>) -> QueryResult<()> {
    let at = super::now();
    let rows: Vec<Row> = changes.into_iter().filter_map(|c| row(by, at, c)).collect();
    for chunk in rows.chunks(CHUNK) {
        crate::per_backend!(conn, |c| diesel::insert_into(audit_log::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

/// What a reader narrows the log to; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this kind of record.
    pub kind: Option<EntityKind>,
    /// Only this record (with `kind`, one record's history).
    pub entity_id: Option<i32>,
    /// Only changes by this person.
    pub actor_person_id: Option<i32>,
    /// Only from this day on (UTC, inclusive).
    pub from: Option<NaiveDate>,
    /// Only up to this day (UTC, inclusive).
    pub to: Option<NaiveDate>,
}

/// A page of the log, newest first: up to `limit` entries older than the entry `before` (the
/// cursor of the previous page), in one query.
pub fn page(
    conn: &mut DbConn,
    filter: &AuditFilter,
    before: Option<i32>,
    limit: i64,
) -> QueryResult<Vec<AuditEntry>> {
    let mut q = audit_log::table
        .select(AuditEntry::as_select())
        .order(audit_log::id.desc())
        .limit(limit)
        .into_boxed();
    if let Some(id) = before {
        q = q.filter(audit_log::id.lt(id));
    }
    if let Some(kind) = filter.kind {
        q = q.filter(audit_log::entity_kind.eq(kind.as_str()));
    }
    if let Some(id) = filter.entity_id {
        q = q.filter(audit_log::entity_id.eq(id));
    }
    if let Some(id) = filter.actor_person_id {
        q = q.filter(audit_log::actor_person_id.eq(id));
    }
    if let Some(day) = filter.from {
        q = q.filter(audit_log::at.ge(day.and_time(chrono::NaiveTime::MIN)));
    }
    if let Some(next) = filter.to.and_then(|d| d.succ_opt()) {
        q = q.filter(audit_log::at.lt(next.and_time(chrono::NaiveTime::MIN)));
    }
    q.load(conn)
}
