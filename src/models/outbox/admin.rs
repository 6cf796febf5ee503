//! The directors' view of the outbox: how many rows are in each state, the newest rows with
//! their recipient and subject (narrowed by state, kind, recipient or event), and sending a row
//! now — a failed or expired one back in the queue when it is still worth sending, a pending
//! one without waiting for its time.

use super::{OutboxRow, find};
use crate::db::DbConn;
use crate::db::schema::{convenings, districts, meetings, outbox, people};
use crate::domain::reminder::{ACCOUNT_MAIL_LIFETIME, MailKind, OutboxStatus, SubjectType};
use crate::error::AppError;
use crate::mail::events::{convening_title, meeting_title};
use crate::models::account_link::{AccountLink, LinkPurpose};
use crate::models::collective::Collective;
use crate::models::convening::Convening;
use crate::models::meeting::Meeting;
use crate::models::not_found;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;

/// A row as the directors' list shows it.
#[derive(Debug, Clone)]
pub struct AdminLine {
    /// The row.
    pub row: OutboxRow,
    /// The recipient's name.
    pub person_name: String,
    /// The recipient's address.
    pub person_email: String,
    /// What it is about ("Convening 2, hosted by Riverside", "Invitation link").
    pub subject_title: String,
    /// The event's page, for mail about an event.
    pub subject_href: Option<String>,
}

/// Rows per status (statuses with none are absent).
pub fn counts(conn: &mut DbConn) -> QueryResult<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// When the row that has waited longest since falling due, still pending, fell due; `None` when
/// nothing due is waiting. A growing age says the worker is stuck or the mail server refuses.
pub fn oldest_due_pending(
    conn: &mut DbConn,
    now: NaiveDateTime,
) -> QueryResult<Option<NaiveDateTime>> {
    outbox::table
        .filter(outbox::status.eq(OutboxStatus::Pending.as_str()))
        .filter(outbox::due_at.le(now))
        .select(diesel::dsl::min(outbox::due_at))
        .first(conn)
}

/// Which rows a director asks for; every part optional, all of them given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxFilter {
    /// In this state.
    pub status: Option<OutboxStatus>,
    /// Of this kind.
    pub kind: Option<MailKind>,
    /// To this person.
    pub person_id: Option<i32>,
    /// About this convening.
    pub convening_id: Option<i32>,
    /// About this meeting.
    pub meeting_id: Option<i32>,
}

/// `outbox JOIN people`, boxed, narrowed by a filter.
type Listing<'a> = diesel::dsl::IntoBoxed<
    'a,
    diesel::dsl::InnerJoin<outbox::table, people::table>,
    crate::db::MultiBackend,
>;

impl OutboxFilter {
    /// Only rows in `status` (the page's tabs).
    pub fn status(status: Option<OutboxStatus>) -> OutboxFilter {
        OutboxFilter {
            status,
            ..OutboxFilter::default()
        }
    }

    fn apply<'a>(&self, mut q: Listing<'a>) -> Listing<'a> {
        if let Some(s) = self.status {
            q = q.filter(outbox::status.eq(s.as_str()));
        }
        if let Some(k) = self.kind {
            q = q.filter(outbox::kind.eq(k.as_str()));
        }
        if let Some(p) = self.person_id {
            q = q.filter(outbox::person_id.eq(p));
        }
        let subjects = [
            (SubjectType::Convening, self.convening_id),
            (SubjectType::Meeting, self.meeting_id),
        ];
        for (subject, id) in subjects {
            if let Some(id) = id {
                q = q
                    .filter(outbox::subject_type.eq(subject.as_str()))
                    .filter(outbox::subject_id.eq(id));
            }
        }
        q
    }
}

/// The newest `limit` rows the filter lets through, older than row `before` when given, with
/// recipients and subjects, in three queries whatever the length.
pub fn newest(
    conn: &mut DbConn,
    filter: &OutboxFilter,
    before: Option<i32>,
    limit: i64,
) -> QueryResult<Vec<AdminLine>> {
    let mut q: Listing = outbox::table.inner_join(people::table).into_boxed();
    q = filter.apply(q);
    if let Some(before) = before {
        q = q.filter(outbox::id.lt(before));
    }
    let rows: Vec<(OutboxRow, String, String)> = q
        .order(outbox::id.desc())
        .limit(limit)
        .select((OutboxRow::as_select(), people::name, people::email))
        .load(conn)?;
    lines(conn, rows)
}

/// One row as the list shows it (404 when there is none).
pub fn line(conn: &mut DbConn, id: i32) -> Result<AdminLine, AppError> {
    let row: (OutboxRow, String, String) = outbox::table
        .inner_join(people::table)
        .filter(outbox::id.eq(id))
        .select((OutboxRow::as_select(), people::name, people::email))
        .first(conn)
        .map_err(not_found("outbox row"))?;
    let mut one = lines(conn, vec![row])?;
    one.pop().ok_or(AppError::NotFound("outbox row"))
}

/// Rows with their recipients, and the titles of what they are about in two more queries.
fn lines(conn: &mut DbConn, rows: Vec<(OutboxRow, String, String)>) -> QueryResult<Vec<AdminLine>> {
    let titles = subject_titles(conn, rows.iter().map(|r| &r.0))?;
    Ok(rows
        .into_iter()
        .map(|(row, person_name, person_email)| {
            let (subject_title, subject_href) = titles
                .get(&(row.subject_type.clone(), row.subject_id))
                .cloned()
                .unwrap_or_else(|| (account_subject(&row), None));
            AdminLine {
                row,
                person_name,
                person_email,
                subject_title,
                subject_href,
            }
        })
        .collect())
}

type Titles = HashMap<(String, i32), (String, Option<String>)>;

/// The titles and pages of the meetings and convenings the rows are about.
fn subject_titles<'a>(
    conn: &mut DbConn,
    rows: impl Iterator<Item = &'a OutboxRow>,
) -> QueryResult<Titles> {
    let (mut meeting_ids, mut convening_ids) = (Vec::new(), Vec::new());
    for r in rows {
        match r.subject() {
            SubjectType::Meeting => meeting_ids.push(r.subject_id),
            SubjectType::Convening => convening_ids.push(r.subject_id),
            SubjectType::AccountLink => {}
        }
    }
    let mut titles = meeting_titles(conn, &meeting_ids)?;
    titles.extend(convening_titles(conn, &convening_ids)?);
    Ok(titles)
}

fn meeting_titles(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Titles> {
    let found: Vec<(Meeting, String)> = meetings::table
        .inner_join(districts::table)
        .filter(meetings::id.eq_any(ids))
        .select((Meeting::as_select(), districts::name))
        .load(conn)?;
    Ok(found
        .into_iter()
        .map(|(m, district)| {
            let key = (SubjectType::Meeting.as_str().to_string(), m.id);
            let href = Some(format!("/meetings/{}", m.id));
            (key, (meeting_title(&m, &district), href))
        })
        .collect())
}

fn convening_titles(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Titles> {
    let found: Vec<(Convening, String)> = convenings::table
        .inner_join(districts::table)
        .filter(convenings::id.eq_any(ids))
        .select((Convening::as_select(), districts::name))
        .load(conn)?;
    Ok(found
        .into_iter()
        .map(|(c, host)| {
            let key = (SubjectType::Convening.as_str().to_string(), c.id);
            let href = Some(format!("/convenings/{}", c.id));
            (key, (convening_title(&c, &host), href))
        })
        .collect())
}

/// What account mail is about, in words.
fn account_subject(row: &OutboxRow) -> String {
    match row.mail_kind() {
        MailKind::Invitation => "Invitation link".into(),
        MailKind::PasswordReset => "Password reset link".into(),
        _ => format!("{} {}", row.subject().label(), row.subject_id),
    }
}

/// What a director's "send now" (the page's Retry and Send now buttons, the API's retry)
/// does to a row, by its state: a failed or expired row goes back to `pending`, due now, with
/// its attempts and claim cleared and a new expiry (the event's start; a day from now for
/// account mail); a pending row is made due now, skipping its wait (the reminder's offset, or
/// the back-off after a failure), with its attempts kept, since they were real. Anything else,
/// or a row no longer worth sending, is refused with a 422 naming the reason.
pub fn send_now(conn: &mut DbConn, id: i32, now: NaiveDateTime) -> Result<OutboxRow, AppError> {
    conn.write_transaction(|c| {
        let row = find(c, id).map_err(not_found("outbox row"))?;
        let status = row.outbox_status();
        match status {
            OutboxStatus::Failed | OutboxStatus::Expired => {
                let expires_at = retry_expiry(c, &row, now)?;
                diesel::update(
                    outbox::table
                        .find(id)
                        .filter(outbox::status.eq(status.as_str())),
                )
                .set((
                    outbox::status.eq(OutboxStatus::Pending.as_str()),
                    outbox::due_at.eq(now),
                    outbox::expires_at.eq(expires_at),
                    outbox::attempts.eq(0),
                    outbox::claimed_by.eq(None::<String>),
                    outbox::claimed_until.eq(None::<NaiveDateTime>),
                ))
                .execute(c)?;
            }
            OutboxStatus::Pending if now >= row.expires_at => {
                return Err(refuse(
                    "It is too late to send this: the worker will mark it expired.",
                ));
            }
            OutboxStatus::Pending => {
                diesel::update(
                    outbox::table
                        .find(id)
                        .filter(outbox::status.eq(status.as_str())),
                )
                .set(outbox::due_at.eq(now.min(row.due_at)))
                .execute(c)?;
            }
            other => {
                return Err(refuse(format!(
                    "Only pending, failed or expired mail can be sent now; this one is {}.",
                    other.label().to_lowercase()
                )));
            }
        }
        Ok(find(c, id)?)
    })
}

fn refuse(message: impl Into<String>) -> AppError {
    AppError::invalid("retry", message)
}

/// Until when a retried row is worth sending, or why it is not.
fn retry_expiry(
    c: &mut DbConn,
    row: &OutboxRow,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, AppError> {
    match row.subject() {
        SubjectType::Meeting => {
            let m = Meeting::find(c, row.subject_id).map_err(not_found("meeting"))?;
            let event = EventNow {
                what: "meeting",
                start: m.starts_at,
                revision: m.revision,
                cancelled: m.cancelled_at.is_some(),
            };
            event.expiry(row, now)
        }
        SubjectType::Convening => {
            let v = Convening::find(c, row.subject_id).map_err(not_found("convening"))?;
            let tz = Collective::get(c)?.tz();
            let event = EventNow {
                what: "convening",
                start: v.span_utc(tz).0,
                revision: v.revision,
                cancelled: v.cancelled_at.is_some(),
            };
            event.expiry(row, now)
        }
        SubjectType::AccountLink => account_expiry(c, row, now),
    }
}

/// An event as it stands now, against a row queued about it.
struct EventNow {
    what: &'static str,
    start: NaiveDateTime,
    revision: i32,
    cancelled: bool,
}

impl EventNow {
    /// The event's start, unless it has begun, was cancelled (for anything but the cancellation
    /// notice) or changed since the row was queued (newer mail told people instead).
    fn expiry(&self, row: &OutboxRow, now: NaiveDateTime) -> Result<NaiveDateTime, AppError> {
        let what = self.what;
        if now >= self.start {
            return Err(refuse(format!(
                "The {what} has begun: it is too late to send this."
            )));
        }
        let is_cancellation = row.mail_kind() == MailKind::Cancelled;
        if self.cancelled && !is_cancellation {
            return Err(refuse(format!(
                "The {what} was cancelled: people were sent the cancellation instead."
            )));
        }
        if !is_cancellation && row.revision != self.revision {
            return Err(refuse(format!(
                "The {what} has changed since this was queued: newer mail about it replaces this one."
            )));
        }
        Ok(self.start)
    }
}

/// A day from now for account mail whose link still works and whose secret is still kept.
fn account_expiry(
    c: &mut DbConn,
    row: &OutboxRow,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, AppError> {
    let link = AccountLink::find(c, row.subject_id).map_err(not_found("account link"))?;
    let instead = match link.link_purpose() {
        LinkPurpose::Invitation => "Send a new invitation from the People page instead.",
        LinkPurpose::PasswordReset => "Ask them to request a new password reset instead.",
    };
    let why = if link.used_at.is_some() {
        Some("The link in this message has been used already.")
    } else if link.expires_at <= now {
        Some("The link in this message has expired.")
    } else if row.secret.is_none() {
        Some("The link in this message is no longer kept.")
    } else {
        None
    };
    match why {
        Some(why) => Err(refuse(format!("{why} {instead}"))),
        None => Ok(now + ACCOUNT_MAIL_LIFETIME),
    }
}
