//! The durable outbox: every email pdsa sends is first a row here, written in the same
//! transaction as the change that causes it, so a mail is never lost and never queued twice
//! (one row per subject, revision, person, kind and offset — a UNIQUE index).
//!
//! `queue` decides who gets what when events are created, moved or cancelled; `claim` is how
//! workers take due rows without two of them sending the same one; `facts` loads what a
//! message says; `admin` is the directors' view. The send loop itself is `mail::worker`.

pub mod admin;
pub mod queue;
pub mod recipients;
pub mod reconcile;

pub mod claim;
pub mod facts;

use crate::db::DbConn;
use crate::db::schema::outbox;
use crate::domain::reminder::{MailKind, OutboxStatus, SubjectType};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

/// One outbox row as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    /// Id; also the Message-ID's local part, so every attempt carries the same one.
    pub id: i32,
    /// A `MailKind` value.
    pub kind: String,
    /// A `SubjectType` value.
    pub subject_type: String,
    /// The meeting, convening or account link.
    pub subject_id: i32,
    /// The event's revision when queued (0 for account mail).
    pub revision: i32,
    /// The recipient.
    pub person_id: i32,
    /// Days before the event, for reminders and host notes; 0 otherwise.
    pub offset_days: i32,
    /// An `OutboxStatus` value.
    pub status: String,
    /// Not before this instant (UTC).
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub due_at: NaiveDateTime,
    /// Not at or after this instant: the event's start, or a day after queueing account mail.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub expires_at: NaiveDateTime,
    /// Attempts that failed temporarily so far.
    pub attempts: i32,
    /// The last failure's reason, for the directors' view.
    pub last_error: String,
    /// What the row remembers from when it was queued (an update's previous time).
    pub detail: String,
    /// An account link's token, until the row is finished.
    #[serde(skip)]
    pub secret: Option<String>,
    /// The worker holding the claim.
    pub claimed_by: Option<String>,
    /// When the claim lapses (a crashed worker's rows go back to pending then).
    pub claimed_until: Option<NaiveDateTime>,
    /// When it was handed to the transport.
    #[serde(serialize_with = "crate::domain::instant::option")]
    pub sent_at: Option<NaiveDateTime>,
    /// When it was queued; also the iCalendar DTSTAMP, so resends are identical.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub created_at: NaiveDateTime,
    /// Why a row the roster took away was cancelled ("no longer on the Alder Creek team");
    /// empty otherwise. Only such rows come back when the person rejoins.
    pub reason: String,
}

impl OutboxRow {
    /// The kind, typed (the column's CHECK keeps it valid).
    pub fn mail_kind(&self) -> MailKind {
        self.kind.parse().unwrap_or(MailKind::Reminder)
    }

    /// The status, typed.
    pub fn outbox_status(&self) -> OutboxStatus {
        self.status.parse().unwrap_or(OutboxStatus::Pending)
    }

    /// The subject, typed.
    pub fn subject(&self) -> SubjectType {
        self.subject_type.parse().unwrap_or(SubjectType::Meeting)
    }
}

/// A row to queue.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outbox, treat_none_as_default_value = false)]
pub struct NewMail {
    /// `MailKind::as_str`.
    pub kind: &'static str,
    /// `SubjectType::as_str`.
    pub subject_type: &'static str,
    /// Its id.
    pub subject_id: i32,
    /// The event's revision (0 for account mail).
    pub revision: i32,
    /// The recipient.
    pub person_id: i32,
    /// Days before, or 0.
    pub offset_days: i32,
    /// Not before.
    pub due_at: NaiveDateTime,
    /// Not at or after.
    pub expires_at: NaiveDateTime,
    /// See `OutboxRow::detail`.
    pub detail: String,
    /// See `OutboxRow::secret`.
    pub secret: Option<String>,
    /// Now.
    pub created_at: NaiveDateTime,
}

impl NewMail {
    /// A row about `subject` for `person`, due at `due_at`, with no offset, detail or secret.
    pub fn new(
        kind: MailKind,
        subject: (SubjectType, i32, i32),
        person_id: i32,
        due_at: NaiveDateTime,
        expires_at: NaiveDateTime,
    ) -> NewMail {
        let (subject_type, subject_id, revision) = subject;
        NewMail {
            kind: kind.as_str(),
            subject_type: subject_type.as_str(),
            subject_id,
            revision,
            person_id,
            offset_days: 0,
            due_at,
            expires_at,
            detail: String::new(),
            secret: None,
            created_at: super::now(),
        }
    }
}

/// Rows per INSERT statement: well under SQLite's 32,766 bound parameters at 11 a row.
const CHUNK: usize = 1_000;

/// Queues rows, skipping any that are queued already (same subject, revision, person, kind and
/// offset); returns how many were new. Call it inside the transaction that makes the change.
pub fn enqueue(conn: &mut DbConn, rows: &[NewMail]) -> QueryResult<usize> {
    let mut added = 0;
    for chunk in rows.chunks(CHUNK) {
        added += crate::per_backend!(conn, |c| diesel::insert_into(outbox::table)
            .values(chunk)
            .on_conflict_do_nothing()
            .execute(c))?;
    }
    Ok(added)
}

/// One row.
pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<OutboxRow> {
    outbox::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)
}

/// Every row about one subject, oldest first (what tests and the directors' view read).
pub fn of_subject(
    conn: &mut DbConn,
    subject: SubjectType,
    subject_id: i32,
) -> QueryResult<Vec<OutboxRow>> {
    outbox::table
        .filter(outbox::subject_type.eq(subject.as_str()))
        .filter(outbox::subject_id.eq(subject_id))
        .order(outbox::id)
        .select(OutboxRow::as_select())
        .load(conn)
}
