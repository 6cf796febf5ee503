//! What an event's changes put in the outbox, called inside the transaction that makes the
//! change so the mail and the change commit together. Creating an event plans its reminders (and
//! a convening's host notes); moving it cancels what was pending for the older revisions, plans
//! the new one and tells those already reminded; cancelling it cancels what was pending and tells
//! everyone concerned. Nothing is queued for an event that has begun. The worker sends; opt-out
//! is applied there. `now` is a parameter so tests can drive time.

use super::{NewMail, enqueue, recipients};
use crate::db::DbConn;
use crate::db::schema::outbox;
use crate::domain::reminder::{
    MailKind, OutboxStatus, ReminderPolicy, SubjectType, plan_reminders,
};
use crate::mail::context::when_text;
use crate::models::collective::Collective;
use crate::models::convening::Convening;
use crate::models::meeting::Meeting;
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::prelude::*;

/// An event as the outbox sees it: its identity and current revision, when it runs (UTC), who is
/// told, and who gets the host note (a convening's host senior leaders; nobody for a meeting).
#[derive(Debug, Clone)]
pub struct EventMail {
    /// Meeting or convening.
    pub subject: SubjectType,
    /// Its id.
    pub id: i32,
    /// Its revision now (the rows' revision).
    pub revision: i32,
    /// Start, UTC: the rows expire here.
    pub start: NaiveDateTime,
    /// End, UTC (only for the "previous time" text of an update).
    pub end: NaiveDateTime,
    /// Everyone told, each once.
    pub recipients: Vec<i32>,
    /// Host-note recipients.
    pub hosts: Vec<i32>,
}

impl EventMail {
    /// A meeting and its recipients (two queries).
    pub fn of_meeting(conn: &mut DbConn, m: &Meeting) -> QueryResult<EventMail> {
        Ok(EventMail {
            subject: SubjectType::Meeting,
            id: m.id,
            revision: m.revision,
            start: m.starts_at,
            end: m.ends_at,
            recipients: recipients::of_meeting(conn, m)?,
            hosts: vec![],
        })
    }

    /// A convening (breakfast to close in `tz`), its recipients and hosts (three queries).
    pub fn of_convening(conn: &mut DbConn, cv: &Convening, tz: Tz) -> QueryResult<EventMail> {
        let (start, end) = cv.span_utc(tz);
        Ok(EventMail {
            subject: SubjectType::Convening,
            id: cv.id,
            revision: cv.revision,
            start,
            end,
            recipients: recipients::of_convening(conn, cv)?,
            hosts: recipients::hosts_of(conn, cv)?,
        })
    }

    /// Subject, id and revision: the rows' identity but for person, kind and offset.
    pub fn key(&self) -> (SubjectType, i32, i32) {
        (self.subject, self.id, self.revision)
    }
}

/// The collective's zone and reminder settings (one query).
pub fn settings(conn: &mut DbConn) -> QueryResult<(Tz, ReminderPolicy)> {
    let collective = Collective::get(conn)?;
    Ok((collective.tz(), collective.reminder_policy()))
}

/// Queues the reminders (and host notes) of the event's current revision: one row per planned
/// send and person, due at 07:00 local on each offset's day, a late one at once. Returns the rows
/// added.
pub fn plan(
    conn: &mut DbConn,
    ev: &EventMail,
    tz: Tz,
    policy: &ReminderPolicy,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    enqueue(
        conn,
        &planned_rows(ev, (&ev.recipients, &ev.hosts), tz, policy, now),
    )
}

/// The rows [`plan`] queues, for some of the event's people only: reminders for `people.0`,
/// host notes for `people.1` (the reconciliation plans for one person at a time).
pub fn planned_rows(
    ev: &EventMail,
    people: (&[i32], &[i32]),
    tz: Tz,
    policy: &ReminderPolicy,
    now: NaiveDateTime,
) -> Vec<NewMail> {
    let mut rows = Vec::new();
    for send in plan_reminders(ev.start, tz, policy, now) {
        let offset = i32::try_from(send.offset_days).unwrap_or(i32::MAX);
        let mut add = |kind: MailKind, person: i32| {
            let mut row = NewMail::new(kind, ev.key(), person, send.due_at, ev.start);
            row.offset_days = offset;
            row.created_at = now;
            rows.push(row);
        };
        people.0.iter().for_each(|p| add(MailKind::Reminder, *p));
        people.1.iter().for_each(|p| add(MailKind::HostNote, *p));
    }
    rows
}

/// The kinds a move or a cancellation supersedes while they wait.
const SUPERSEDED: [MailKind; 3] = [MailKind::Reminder, MailKind::HostNote, MailKind::Updated];

/// Marks the event's still-pending reminders, host notes and updates of revisions before
/// `revision` cancelled; returns how many.
pub fn cancel_pending(conn: &mut DbConn, ev: &EventMail) -> QueryResult<usize> {
    withdraw_older(conn, ev, &SUPERSEDED)
}

/// Marks the event's still-pending rows of `kinds` and of revisions before its current one
/// cancelled; returns how many.
fn withdraw_older(conn: &mut DbConn, ev: &EventMail, kinds: &[MailKind]) -> QueryResult<usize> {
    let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    diesel::update(
        outbox::table
            .filter(outbox::subject_type.eq(ev.subject.as_str()))
            .filter(outbox::subject_id.eq(ev.id))
            .filter(outbox::revision.lt(ev.revision))
            .filter(outbox::status.eq(OutboxStatus::Pending.as_str()))
            .filter(outbox::kind.eq_any(kinds)),
    )
    .set(outbox::status.eq(OutboxStatus::Cancelled.as_str()))
    .execute(conn)
}

/// The people a reminder or an update about the event has reached (or is reaching now), once each.
pub fn already_told(conn: &mut DbConn, ev: &EventMail) -> QueryResult<Vec<i32>> {
    let kinds = [MailKind::Reminder.as_str(), MailKind::Updated.as_str()];
    let statuses = [OutboxStatus::Sent.as_str(), OutboxStatus::Sending.as_str()];
    outbox::table
        .filter(outbox::subject_type.eq(ev.subject.as_str()))
        .filter(outbox::subject_id.eq(ev.id))
        .filter(outbox::kind.eq_any(kinds))
        .filter(outbox::status.eq_any(statuses))
        .select(outbox::person_id)
        .distinct()
        .order(outbox::person_id)
        .load(conn)
}

/// One row of `kind` for each person, due now, expiring at the event's start; nothing once the
/// event has begun. Returns the rows added.
fn tell_now(
    conn: &mut DbConn,
    ev: &EventMail,
    kind: MailKind,
    people: &[i32],
    detail: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    if now >= ev.start {
        return Ok(0);
    }
    let rows: Vec<NewMail> = people
        .iter()
        .map(|p| {
            let mut row = NewMail::new(kind, ev.key(), *p, now, ev.start);
            row.detail = detail.to_string();
            row.created_at = now;
            row
        })
        .collect();
    enqueue(conn, &rows)
}

/// A new event (`ev` at its first revision): plans its reminders.
pub fn created(conn: &mut DbConn, ev: &EventMail, now: NaiveDateTime) -> QueryResult<usize> {
    let (tz, policy) = settings(conn)?;
    plan(conn, ev, tz, &policy, now)
}

/// The event moved from `previous` (start, end, UTC) to `ev` (already at its bumped revision):
/// cancels the older revisions' pending rows, plans the new revision, and queues an `updated`
/// row, carrying the previous time, for everyone already reminded. Returns the rows added.
pub fn moved(
    conn: &mut DbConn,
    ev: &EventMail,
    previous: (NaiveDateTime, NaiveDateTime),
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let (tz, policy) = settings(conn)?;
    cancel_pending(conn, ev)?;
    let told = already_told(conn, ev)?;
    let detail = when_text(previous.0, previous.1, tz);
    let updated = tell_now(conn, ev, MailKind::Updated, &told, &detail, now)?;
    Ok(updated + plan(conn, ev, tz, &policy, now)?)
}

/// The event was cancelled (`ev` at its bumped revision): cancels every pending row about it and
/// queues a `cancelled` row for everyone concerned. Returns how many will be told.
pub fn cancelled(conn: &mut DbConn, ev: &EventMail, now: NaiveDateTime) -> QueryResult<usize> {
    cancel_pending(conn, ev)?;
    tell_now(conn, ev, MailKind::Cancelled, &ev.recipients, "", now)
}

/// What a restored event's notice carries in `detail`, and the line its message shows.
pub const RESTORED: &str = "No longer cancelled: it takes place as planned.";

/// A cancelled event was restored (`ev` at its bumped revision): whatever still waits about it
/// (the cancellation notices too) is cancelled, its reminders are planned again for everyone
/// invited now, and each of them is told at once. Returns how many will be told.
pub fn restored(conn: &mut DbConn, ev: &EventMail, now: NaiveDateTime) -> QueryResult<usize> {
    let (tz, policy) = settings(conn)?;
    let [reminder, host_note, updated] = SUPERSEDED;
    withdraw_older(
        conn,
        ev,
        &[reminder, host_note, updated, MailKind::Cancelled],
    )?;
    plan(conn, ev, tz, &policy, now)?;
    tell_now(conn, ev, MailKind::Updated, &ev.recipients, RESTORED, now)?;
    Ok(if now < ev.start {
        ev.recipients.len()
    } else {
        0
    })
}

/// A meeting was restored (`m` as saved, revision bumped).
pub fn meeting_restored(conn: &mut DbConn, m: &Meeting, now: NaiveDateTime) -> QueryResult<usize> {
    let ev = EventMail::of_meeting(conn, m)?;
    restored(conn, &ev, now)
}

/// A convening was restored (`cv` as saved, revision bumped).
pub fn convening_restored(
    conn: &mut DbConn,
    cv: &Convening,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let (tz, _) = settings(conn)?;
    let ev = EventMail::of_convening(conn, cv, tz)?;
    restored(conn, &ev, now)
}

/// A meeting was scheduled.
pub fn meeting_created(conn: &mut DbConn, m: &Meeting, now: NaiveDateTime) -> QueryResult<usize> {
    let ev = EventMail::of_meeting(conn, m)?;
    created(conn, &ev, now)
}

/// A meeting was saved: when its time moved (`after.revision` bumped), re-plans and tells those
/// already reminded; any other edit queues nothing.
pub fn meeting_saved(
    conn: &mut DbConn,
    before: &Meeting,
    after: &Meeting,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    if after.revision == before.revision {
        return Ok(0);
    }
    let ev = EventMail::of_meeting(conn, after)?;
    moved(conn, &ev, (before.starts_at, before.ends_at), now)
}

/// A meeting was cancelled (`m` as saved, revision bumped).
pub fn meeting_cancelled(conn: &mut DbConn, m: &Meeting, now: NaiveDateTime) -> QueryResult<usize> {
    let ev = EventMail::of_meeting(conn, m)?;
    cancelled(conn, &ev, now)
}

/// A convening was scheduled.
pub fn convening_created(
    conn: &mut DbConn,
    cv: &Convening,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let (tz, _) = settings(conn)?;
    let ev = EventMail::of_convening(conn, cv, tz)?;
    created(conn, &ev, now)
}

/// A convening was saved: re-planned when its day or times moved, nothing otherwise.
pub fn convening_saved(
    conn: &mut DbConn,
    before: &Convening,
    after: &Convening,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    if after.revision == before.revision {
        return Ok(0);
    }
    let (tz, _) = settings(conn)?;
    let ev = EventMail::of_convening(conn, after, tz)?;
    moved(conn, &ev, before.span_utc(tz), now)
}

/// A convening was cancelled (`cv` as saved, revision bumped).
pub fn convening_cancelled(
    conn: &mut DbConn,
    cv: &Convening,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let (tz, _) = settings(conn)?;
    let ev = EventMail::of_convening(conn, cv, tz)?;
    cancelled(conn, &ev, now)
}
