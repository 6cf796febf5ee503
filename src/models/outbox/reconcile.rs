//! Recipients follow the people. Whenever a roster, a membership, a role or a person's status
//! changes, the caller names the people concerned and, in the same transaction, each event to
//! come is brought in line with who is invited now ([`super::recipients`], the one answer):
//! someone newly invited gets the reminders still to come (the latest missed one at once, as for
//! a late schedule) and a line on the convening's attendance list (once a director has started
//! it); someone no longer invited has
//! their pending rows cancelled with the reason and leaves the list (so the head count follows).
//! Someone who comes back gets the rows the roster took away revived, not queued a second time:
//! the outbox's unique key (subject, revision, person, kind, offset) holds.

use super::queue::{EventMail, planned_rows, settings};
use super::{NewMail, enqueue};
use crate::db::DbConn;
use crate::db::schema::{
    attendances, convenings, districts, meetings, memberships, outbox, people, program_years,
    team_members, teams,
};
use crate::domain::attendance::AttendanceStatus;
use crate::domain::reminder::{MailKind, OutboxStatus, ReminderPolicy, SubjectType};
use crate::models::convening::{Attendance, Convening};
use crate::models::meeting::Meeting;
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use diesel::prelude::*;

/// What a reconciliation changed, for the caller's message and the tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Rows queued for people newly invited.
    pub queued: usize,
    /// Rows the roster had taken away, pending again.
    pub revived: usize,
    /// Pending rows cancelled for people no longer invited.
    pub cancelled: usize,
    /// Attendance lines added.
    pub invited: usize,
    /// Attendance lines removed.
    pub uninvited: usize,
}

/// An event to come and whom its invitation names, for reasons ("the Alder Creek team").
struct Upcoming {
    ev: EventMail,
    /// Meeting: its district's name; convening: its year's label.
    label: String,
    /// The convening's year (for "Alder Creek left 2026-27"), or the meeting's.
    year_id: i32,
}

/// Brings every event to come in line with who is invited now, for each of `people` (each
/// reconciled once, whatever the order). Call it inside the transaction that made the change.
pub fn people(conn: &mut DbConn, people: &[i32], now: NaiveDateTime) -> QueryResult<Reconciled> {
    let mut ids = people.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Reconciled::default());
    }
    let (tz, policy) = settings(conn)?;
    let events = upcoming(conn, tz, now)?;
    let mut total = Reconciled::default();
    for person in ids {
        for u in &events {
            let done = one(conn, u, person, (tz, &policy), now)?;
            total.queued += done.queued;
            total.revived += done.revived;
            total.cancelled += done.cancelled;
            total.invited += done.invited;
            total.uninvited += done.uninvited;
        }
    }
    Ok(total)
}

/// Every meeting and convening not cancelled and not begun, with its recipients now.
fn upcoming(conn: &mut DbConn, tz: Tz, now: NaiveDateTime) -> QueryResult<Vec<Upcoming>> {
    let mut out = Vec::new();
    let found: Vec<(Meeting, String)> = meetings::table
        .inner_join(districts::table)
        .filter(meetings::cancelled_at.is_null())
        .filter(meetings::starts_at.gt(now))
        .order(meetings::id)
        .select((Meeting::as_select(), districts::name))
        .load(conn)?;
    for (m, district) in found {
        out.push(Upcoming {
            ev: EventMail::of_meeting(conn, &m)?,
            label: district,
            year_id: m.program_year_id,
        });
    }
    let yesterday = now.date() - chrono::Days::new(1);
    let found: Vec<(Convening, String)> = convenings::table
        .inner_join(program_years::table)
        .filter(convenings::cancelled_at.is_null())
        .filter(convenings::date.ge(yesterday))
        .order(convenings::id)
        .select((Convening::as_select(), program_years::label))
        .load(conn)?;
    for (cv, year) in found {
        if cv.span_utc(tz).0 <= now {
            continue;
        }
        out.push(Upcoming {
            ev: EventMail::of_convening(conn, &cv, tz)?,
            label: year,
            year_id: cv.program_year_id,
        });
    }
    Ok(out)
}

/// One person and one event: queue or revive what they should get, or cancel what they should
/// not, and put them on (or take them off) a convening's list.
fn one(
    conn: &mut DbConn,
    u: &Upcoming,
    person: i32,
    (tz, policy): (Tz, &ReminderPolicy),
    now: NaiveDateTime,
) -> QueryResult<Reconciled> {
    let invited = u.ev.recipients.binary_search(&person).is_ok();
    let hosting = u.ev.hosts.contains(&person);
    let mut done = Reconciled::default();
    let me = [person];
    let none: [i32; 0] = [];
    let rows = planned_rows(
        &u.ev,
        (
            if invited { &me[..] } else { &none[..] },
            if hosting { &me[..] } else { &none[..] },
        ),
        tz,
        policy,
        now,
    );
    if !rows.is_empty() {
        done.queued = enqueue(conn, &rows)?;
        done.revived = revive(conn, &rows)?;
    }
    if invited {
        done.revived += revive_notices(conn, &u.ev, person, now)?;
    }
    let mut gone = vec![MailKind::HostNote];
    if !invited {
        gone.extend([MailKind::Reminder, MailKind::Updated, MailKind::Cancelled]);
    } else if hosting {
        gone.clear();
    }
    if !gone.is_empty() {
        done.cancelled = take_away(conn, u, person, &gone, !invited)?;
    }
    if u.ev.subject == SubjectType::Convening {
        if invited {
            done.invited = invite(conn, u.ev.id, person)?;
        } else {
            done.uninvited = uninvite(conn, u.ev.id, person)?;
        }
    }
    Ok(done)
}

/// Puts back the planned rows the roster took away (cancelled with a reason), due when the plan
/// says now; rows cancelled because the event moved are of older revisions and stay.
fn revive(conn: &mut DbConn, rows: &[NewMail]) -> QueryResult<usize> {
    let mut n = 0;
    for r in rows {
        n += diesel::update(
            outbox::table
                .filter(outbox::subject_type.eq(r.subject_type))
                .filter(outbox::subject_id.eq(r.subject_id))
                .filter(outbox::revision.eq(r.revision))
                .filter(outbox::person_id.eq(r.person_id))
                .filter(outbox::kind.eq(r.kind))
                .filter(outbox::offset_days.eq(r.offset_days))
                .filter(outbox::status.eq(OutboxStatus::Cancelled.as_str()))
                .filter(outbox::reason.ne("")),
        )
        .set((
            outbox::status.eq(OutboxStatus::Pending.as_str()),
            outbox::due_at.eq(r.due_at),
            outbox::reason.eq(""),
        ))
        .execute(conn)?;
    }
    Ok(n)
}

/// Puts back a change or cancellation notice of the current revision that the roster took away,
/// due at once, while it is still worth sending.
fn revive_notices(
    conn: &mut DbConn,
    ev: &EventMail,
    person: i32,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let kinds = [MailKind::Updated.as_str(), MailKind::Cancelled.as_str()];
    diesel::update(
        outbox::table
            .filter(outbox::subject_type.eq(ev.subject.as_str()))
            .filter(outbox::subject_id.eq(ev.id))
            .filter(outbox::revision.eq(ev.revision))
            .filter(outbox::person_id.eq(person))
            .filter(outbox::kind.eq_any(kinds))
            .filter(outbox::status.eq(OutboxStatus::Cancelled.as_str()))
            .filter(outbox::reason.ne(""))
            .filter(outbox::expires_at.gt(now)),
    )
    .set((
        outbox::status.eq(OutboxStatus::Pending.as_str()),
        outbox::due_at.eq(now),
        outbox::reason.eq(""),
    ))
    .execute(conn)
}

/// Cancels the person's pending rows of `kinds` about the event, with the reason.
fn take_away(
    conn: &mut DbConn,
    u: &Upcoming,
    person: i32,
    kinds: &[MailKind],
    left: bool,
) -> QueryResult<usize> {
    let pending = outbox::table
        .filter(outbox::subject_type.eq(u.ev.subject.as_str()))
        .filter(outbox::subject_id.eq(u.ev.id))
        .filter(outbox::person_id.eq(person))
        .filter(outbox::status.eq(OutboxStatus::Pending.as_str()))
        .filter(outbox::kind.eq_any(kinds.iter().map(|k| k.as_str())));
    let ids: Vec<i32> = pending.select(outbox::id).load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    let why = if left {
        reason(conn, u, person)?
    } else {
        "no longer a senior leader of the host district".to_string()
    };
    diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
        .set((
            outbox::status.eq(OutboxStatus::Cancelled.as_str()),
            outbox::reason.eq(why),
        ))
        .execute(conn)
}

/// Why the person is no longer invited, in the words the outbox shows a director: "deactivated",
/// "no longer on the Alder Creek team", "Alder Creek left 2026-27", "no longer on a team of
/// 2026-27".
fn reason(conn: &mut DbConn, u: &Upcoming, person: i32) -> QueryResult<String> {
    let deactivated: Option<NaiveDateTime> = people::table
        .find(person)
        .select(people::deactivated_at)
        .first(conn)?;
    if deactivated.is_some() {
        return Ok("deactivated".to_string());
    }
    let team: Option<(i32, String, Option<NaiveDateTime>)> = team_members::table
        .inner_join(teams::table.inner_join(districts::table))
        .left_join(
            memberships::table.on(memberships::district_id
                .eq(teams::district_id)
                .and(memberships::program_year_id.eq(teams::program_year_id))),
        )
        .filter(team_members::person_id.eq(person))
        .filter(team_members::program_year_id.eq(u.year_id))
        .select((
            teams::district_id,
            districts::name,
            memberships::withdrawn_at.nullable(),
        ))
        .first::<(i32, String, Option<NaiveDateTime>)>(conn)
        .optional()?;
    Ok(match (u.ev.subject, team) {
        (_, Some((_, district, Some(_)))) => format!("{district} left {}", year_label(conn, u)?),
        (SubjectType::Meeting, _) => format!("no longer on the {} team", u.label),
        _ => format!("no longer on a team of {}", u.label),
    })
}

/// The event's year label (a meeting's `label` is its district).
fn year_label(conn: &mut DbConn, u: &Upcoming) -> QueryResult<String> {
    match u.ev.subject {
        SubjectType::Convening => Ok(u.label.clone()),
        _ => program_years::table
            .find(u.year_id)
            .select(program_years::label)
            .first(conn),
    }
}

/// A line on the convening's list once the list has been started, unless the person has one
/// (their answer is kept); 1 when added.
fn invite(conn: &mut DbConn, convening_id: i32, person: i32) -> QueryResult<usize> {
    let had = Attendance::status_of(conn, convening_id, person)?.is_some();
    if had || !Attendance::has_list(conn, convening_id)? {
        return Ok(0);
    }
    Attendance::invite(conn, convening_id, person)?;
    Ok(1)
}

/// Takes the person off a convening still to come: their invitation or answer no longer counts
/// in the head count. (Attended and absent are only recorded on the day, so never removed here.)
fn uninvite(conn: &mut DbConn, convening_id: i32, person: i32) -> QueryResult<usize> {
    let open = [
        AttendanceStatus::Invited,
        AttendanceStatus::Attending,
        AttendanceStatus::NotAttending,
    ]
    .map(AttendanceStatus::as_str);
    diesel::delete(
        attendances::table
            .filter(attendances::convening_id.eq(convening_id))
            .filter(attendances::person_id.eq(person))
            .filter(attendances::status.eq_any(open)),
    )
    .execute(conn)
}
