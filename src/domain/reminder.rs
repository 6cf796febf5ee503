//! When mail goes out: reminder planning in the collective's time zone, the
//! retry back-off after a temporary failure, and when a queued message expires.
//!
//! Pure functions over UTC instants (`NaiveDateTime`, as stored) and a zone;
//! "now" is always a parameter so the outbox worker and the tests agree.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone};
use chrono_tz::Tz;

string_enum! {
    /// What a queued message is, one outbox row each (with the event revision
    /// and person): decides its template, expiry and whether opt-out applies.
    pub enum MailKind {
        /// Before a tune-up, meeting or convening, at one offset.
        Reminder => ("reminder", "Reminder"),
        /// The event moved or changed after people were reminded.
        Updated => ("updated", "Updated"),
        /// The event was cancelled.
        Cancelled => ("cancelled", "Cancelled"),
        /// To the host district's senior leader: the expected head count.
        HostNote => ("host_note", "Host note"),
        /// A director added the person: a link to set a password.
        Invitation => ("invitation", "Invitation"),
        /// The person asked to reset their password.
        PasswordReset => ("password_reset", "Password reset"),
    }
}

string_enum! {
    /// Where an outbox row is in its life. `pending` rows wait for `due_at`; `sending` ones are
    /// claimed by one worker until `claimed_until`; the rest are final (a director can put a
    /// `failed` or `expired` row back to `pending`).
    pub enum OutboxStatus {
        /// Waiting for its time.
        Pending => ("pending", "Pending"),
        /// Claimed by a worker, being sent.
        Sending => ("sending", "Sending"),
        /// Handed to the transport.
        Sent => ("sent", "Sent"),
        /// Refused for good (SMTP 5xx, a bad address).
        Failed => ("failed", "Failed"),
        /// Kept failing for a while until it was no longer worth sending.
        Expired => ("expired", "Expired"),
        /// Superseded: the event moved or was cancelled before it went out.
        Cancelled => ("cancelled", "Cancelled"),
        /// Not sent: the person turned reminders off, or was deactivated.
        Skipped => ("skipped", "Skipped"),
    }
}

string_enum! {
    /// What an outbox row is about: the `subject_id` names a row of this table.
    pub enum SubjectType {
        /// A tune-up or district meeting.
        Meeting => ("meeting", "Meeting"),
        /// A convening.
        Convening => ("convening", "Convening"),
        /// An invitation or password-reset link.
        AccountLink => ("account_link", "Account link"),
    }
}

impl MailKind {
    /// Mail about an event is worth sending only until the event begins;
    /// account mail is not tied to an event.
    pub fn is_about_event(self) -> bool {
        !matches!(self, MailKind::Invitation | MailKind::PasswordReset)
    }

    /// Only plain reminders are skipped for people who opted out: changes and
    /// cancellations (and account mail) must still reach them.
    pub fn honours_opt_out(self) -> bool {
        self == MailKind::Reminder
    }
}

/// Days before the event a reminder goes out, when the collective set none.
pub const DEFAULT_OFFSETS_DAYS: [u32; 2] = [7, 1];

/// How long an invitation's set-password link works (single use).
pub const INVITATION_VALID: TimeDelta = TimeDelta::days(7);

/// How long a password-reset link works (single use).
pub const RESET_VALID: TimeDelta = TimeDelta::hours(1);

/// How long account mail keeps being retried: after a day the link inside is
/// stale news and the person will ask again.
pub const ACCOUNT_MAIL_LIFETIME: TimeDelta = TimeDelta::days(1);

/// The first retry waits this long; each further one doubles it.
pub const RETRY_BASE: TimeDelta = TimeDelta::minutes(1);

/// Retries never wait longer than this, so a server back after an outage is
/// used within the hour.
pub const RETRY_CAP: TimeDelta = TimeDelta::hours(1);

/// The collective's reminder settings: offsets in days and the local time of
/// day reminders are sent (people read them with their morning mail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderPolicy {
    /// Days before the event's local date, in any order.
    pub offsets_days: Vec<u32>,
    /// Local wall-clock time of the send.
    pub send_at: NaiveTime,
}

impl Default for ReminderPolicy {
    /// 7 and 1 days before, at 07:00 local.
    fn default() -> Self {
        ReminderPolicy {
            offsets_days: DEFAULT_OFFSETS_DAYS.to_vec(),
            send_at: NaiveTime::MIN + TimeDelta::hours(7),
        }
    }
}

/// One reminder to queue: which offset it stands for and when it is due (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlannedSend {
    /// The offset in days, part of the outbox row's identity.
    pub offset_days: u32,
    /// When the worker may send it, UTC.
    pub due_at: NaiveDateTime,
}

/// The reminders for an event starting at `start` (UTC), planned at `now`
/// (UTC), in due order. Offsets whose time has passed collapse into one: the
/// latest passed, due at once. Nothing once the event has begun, and nothing
/// due at or after the start (offset 0 for an event before `send_at`).
pub fn plan_reminders(
    start: NaiveDateTime,
    tz: Tz,
    policy: &ReminderPolicy,
    now: NaiveDateTime,
) -> Vec<PlannedSend> {
    if now >= start {
        return Vec::new();
    }
    let local_date = start.and_utc().with_timezone(&tz).date_naive();
    let (passed, mut future): (Vec<PlannedSend>, Vec<PlannedSend>) =
        candidate_sends(local_date, tz, policy)
            .into_iter()
            .filter(|s| s.due_at < start)
            .partition(|s| s.due_at <= now);
    let latest_passed = passed.into_iter().max_by_key(|s| s.due_at);
    let mut plan: Vec<PlannedSend> = latest_passed
        .map(|s| PlannedSend { due_at: now, ..s })
        .into_iter()
        .collect();
    plan.append(&mut future);
    plan.sort_by_key(|s| (s.due_at, std::cmp::Reverse(s.offset_days)));
    plan
}

/// Every offset's send instant, duplicates removed.
fn candidate_sends(local_date: NaiveDate, tz: Tz, policy: &ReminderPolicy) -> Vec<PlannedSend> {
    let mut offsets = policy.offsets_days.clone();
    offsets.sort_unstable();
    offsets.dedup();
    offsets
        .into_iter()
        .filter_map(|days| {
            let date = local_date.checked_sub_days(chrono::Days::new(u64::from(days)))?;
            Some(PlannedSend {
                offset_days: days,
                due_at: local_to_utc(tz, date.and_time(policy.send_at)),
            })
        })
        .collect()
}

/// A local wall-clock time as a UTC instant. In the repeated hour of a
/// fall-back the first (earlier) instant wins; a time the clocks skip (the
/// lost hour of a spring-forward) is read with the offset in force just before
/// the jump, which lands as far past the jump as it was meant to be after its
/// start (02:30 on a 02:00→03:00 night becomes 03:30), as java.time does.
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> NaiveDateTime {
    if let Some(t) = tz.from_local_datetime(&local).earliest() {
        return t.naive_utc();
    }
    let offset_before = (1..=24 * 4)
        .map(|quarter| local - TimeDelta::minutes(15 * quarter))
        .find_map(|earlier| tz.from_local_datetime(&earlier).latest())
        .map_or(0, |t| t.offset().fix().local_minus_utc());
    local - TimeDelta::seconds(i64::from(offset_before))
}

/// How long to wait before retry number `attempt` (0 for the first retry):
/// 1 min · 2^attempt, capped at an hour.
pub fn retry_delay(attempt: u32) -> TimeDelta {
    let factor = 1i32.checked_shl(attempt.min(30)).unwrap_or(i32::MAX);
    RETRY_BASE
        .checked_mul(factor)
        .map_or(RETRY_CAP, |d| d.min(RETRY_CAP))
}

/// When a queued message stops being worth sending: event mail when the
/// event begins, account mail a day after it was queued.
pub fn expires_at(
    kind: MailKind,
    queued_at: NaiveDateTime,
    event_start: Option<NaiveDateTime>,
) -> NaiveDateTime {
    match (kind.is_about_event(), event_start) {
        (true, Some(start)) => start,
        _ => queued_at + ACCOUNT_MAIL_LIFETIME,
    }
}

/// What the worker does with a row after a temporary failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterTemporaryFailure {
    /// Try again at this instant (UTC).
    RetryAt(NaiveDateTime),
    /// The next try would come too late: mark the row expired.
    Expire,
}

/// After the `failures`-th temporary failure (1 for the first) at `now`:
/// retry after the back-off, unless that falls at or after `expires`.
pub fn after_temporary_failure(
    now: NaiveDateTime,
    failures: u32,
    expires: NaiveDateTime,
) -> AfterTemporaryFailure {
    let next = now + retry_delay(failures.saturating_sub(1));
    if next >= expires {
        AfterTemporaryFailure::Expire
    } else {
        AfterTemporaryFailure::RetryAt(next)
    }
}

/// Whether a claimed row may still be sent at `now` (else: expire it unsent).
pub fn still_worth_sending(now: NaiveDateTime, expires: NaiveDateTime) -> bool {
    now < expires
}

/// The most reminders one event may have, and the furthest ahead one may go: enough for any
/// collective's habits, few enough that nobody is flooded.
pub const MAX_OFFSETS: usize = 5;
/// See [`MAX_OFFSETS`].
pub const MAX_OFFSET_DAYS: i64 = 60;

/// Checks reminder offsets as a director gives them (days before the event) and returns them as
/// stored: distinct, largest first, comma-separated ("7,1"). 0 means the morning of the event.
pub fn check_offsets(days: &[i64]) -> Result<String, crate::domain::Violation> {
    let field = "reminder_offsets_days";
    if days.is_empty() || days.len() > MAX_OFFSETS {
        return Err(crate::domain::Violation::new(
            field,
            format!("must list 1 to {MAX_OFFSETS} numbers of days"),
        ));
    }
    if let Some(bad) = days.iter().find(|d| !(0..=MAX_OFFSET_DAYS).contains(*d)) {
        return Err(crate::domain::Violation::new(
            field,
            format!("{bad} is not between 0 and {MAX_OFFSET_DAYS} days"),
        ));
    }
    let mut sorted = days.to_vec();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    if sorted.len() != days.len() {
        return Err(crate::domain::Violation::new(
            field,
            "lists the same day twice",
        ));
    }
    let text: Vec<String> = sorted.iter().map(i64::to_string).collect();
    Ok(text.join(","))
}

#[cfg(test)]
#[path = "reminder_tests.rs"]
mod tests;
