//! What each email template is given: typed, already-formatted data (pure, no
//! database). The outbox worker fills these from the rows it sends; the
//! templates under `templates/emails/<name>/` only lay them out.

use chrono::{NaiveDateTime, TimeDelta};
use chrono_tz::Tz;
use serde::Serialize;

/// A context that knows its template folder, so a context can never be
/// rendered with another message's template.
pub trait EmailContext: Serialize {
    /// The folder under `templates/emails/`.
    const TEMPLATE: &'static str;
}

/// What every message shows around its body: who it is for, where the site
/// is, and how to stop reminders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Chrome {
    /// The collective's name, in the header and as the sender's name.
    pub collective_name: String,
    /// The site's base URL, without a trailing slash.
    pub site_url: String,
    /// The recipient's name, for the greeting.
    pub recipient_name: String,
    /// The profile page, where reminders are turned on and off.
    pub profile_url: String,
    /// For reminders: the one-click unsubscribe link (also in the
    /// `List-Unsubscribe` header). None for mail people cannot turn off.
    pub unsubscribe_url: Option<String>,
}

/// A tune-up, district meeting or convening as a message shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EventSummary {
    /// "Tune-up", "District meeting" or "Convening".
    pub kind_label: String,
    /// Its title ("Convening 2 at Riverside").
    pub title: String,
    /// Local time with the zone's abbreviation, from [`when_text`].
    pub when: String,
    /// The place, for an in-person event.
    pub place: Option<String>,
    /// The video link, for a video meeting.
    pub video_url: Option<String>,
    /// The event's page on the site.
    pub page_url: String,
}

/// A cycle the team has open, to talk through at a tune-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CycleItem {
    /// The cycle's title or question.
    pub title: String,
    /// Its stage ("Do", "Study").
    pub status: String,
    /// Its page.
    pub url: String,
}

/// An action item still open from the last meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionItem {
    /// What was agreed.
    pub text: String,
    /// Who took it on, when named.
    pub owner: Option<String>,
    /// By when, as people read dates.
    pub due: Option<String>,
}

/// What a district team should bring to a tune-up or district meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistrictPrep {
    /// The team's name.
    pub team_name: String,
    /// The team's open cycles.
    pub open_cycles: Vec<CycleItem>,
    /// Open action items from the last meeting.
    pub open_actions: Vec<ActionItem>,
    /// Classroom labels with no observation since the last meeting: "bring
    /// your latest results".
    pub unobserved_classrooms: Vec<String>,
    /// The date of the last meeting, when there was one.
    pub last_meeting: Option<String>,
}

/// One agenda item of a convening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaLine {
    /// Local start, "09:00".
    pub time: String,
    /// Length in minutes.
    pub minutes: i32,
    /// Title.
    pub title: String,
}

/// A reading to do before a convening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadingLine {
    /// Title.
    pub title: String,
    /// Link, when online.
    pub url: Option<String>,
    /// A note (a chapter, a handout to bring).
    pub note: Option<String>,
}

/// What a convening's reminder adds: the day's outline and the reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConveningPrep {
    /// The host district.
    pub host_name: String,
    /// Breakfast time, "08:30", when served.
    pub breakfast: Option<String>,
    /// The agenda's outline in time order.
    pub agenda: Vec<AgendaLine>,
    /// The readings.
    pub readings: Vec<ReadingLine>,
}

/// A reminder before an event (exactly one of `district` and `convening`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReminderEmail {
    /// Header and footer.
    pub chrome: Chrome,
    /// The event.
    pub event: EventSummary,
    /// "tomorrow", "in 7 days": from [`days_until_text`] at send time, since
    /// a late reminder goes out fewer days ahead than its offset.
    pub lead: String,
    /// For a tune-up or district meeting.
    pub district: Option<DistrictPrep>,
    /// For a convening.
    pub convening: Option<ConveningPrep>,
}

impl EmailContext for ReminderEmail {
    const TEMPLATE: &'static str = "reminder";
}

/// The event moved or changed after people were reminded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpdatedEmail {
    /// Header and footer.
    pub chrome: Chrome,
    /// The event as it is now.
    pub event: EventSummary,
    /// When it was before, if the time changed.
    pub previous_when: Option<String>,
    /// What else changed, one line each ("Place: Room 4 → Library").
    pub changes: Vec<String>,
}

impl EmailContext for UpdatedEmail {
    const TEMPLATE: &'static str = "updated";
}

/// The event is cancelled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CancelledEmail {
    /// Header and footer.
    pub chrome: Chrome,
    /// The event as it was planned.
    pub event: EventSummary,
    /// A note from the director, if any.
    pub note: Option<String>,
}

impl EmailContext for CancelledEmail {
    const TEMPLATE: &'static str = "cancelled";
}

/// Expected people for the host's food order: those attending and those who
/// have not answered are shown apart, since the latter may or may not come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HeadCount {
    /// RSVP attending.
    pub attending: u32,
    /// No answer yet.
    pub not_answered: u32,
    /// At most this many: attending plus not answered.
    pub at_most: u32,
}

impl HeadCount {
    /// The count from the two figures.
    pub fn new(attending: u32, not_answered: u32) -> HeadCount {
        HeadCount {
            attending,
            not_answered,
            at_most: attending.saturating_add(not_answered),
        }
    }
}

/// To the host district's senior leader before a convening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostNoteEmail {
    /// Header and footer.
    pub chrome: Chrome,
    /// The convening.
    pub event: EventSummary,
    /// The host district's name.
    pub host_name: String,
    /// Who is expected.
    pub count: HeadCount,
}

impl EmailContext for HostNoteEmail {
    const TEMPLATE: &'static str = "host_note";
}

/// A director added the person: a single-use link to set a password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvitationEmail {
    /// Header and footer.
    pub chrome: Chrome,
    /// The director's name.
    pub invited_by: String,
    /// The person's role, as people read it.
    pub role_label: String,
    /// The set-password link.
    pub set_password_url: String,
    /// "7 days", from [`duration_text`] of `INVITATION_VALID`.
    pub valid_for: String,
    /// When the link stops working, local time with the zone abbreviation.
    pub expires: String,
}

impl EmailContext for InvitationEmail {
    const TEMPLATE: &'static str = "invitation";
}

/// The person asked to reset their password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PasswordResetEmail {
    /// Header and footer.
    pub chrome: Chrome,
    /// The single-use reset link.
    pub reset_url: String,
    /// "1 hour", from [`duration_text`] of `RESET_VALID`.
    pub valid_for: String,
    /// When the link stops working, local time with the zone abbreviation.
    pub expires: String,
}

impl EmailContext for PasswordResetEmail {
    const TEMPLATE: &'static str = "password_reset";
}

/// An event's time span in the collective's zone, as people read it:
/// "Wed 14 Oct 2026, 09:00–15:30 EDT"; spelled out in full at both ends when
/// it runs past midnight or across a clock change.
pub fn when_text(start: NaiveDateTime, end: NaiveDateTime, tz: Tz) -> String {
    let from = start.and_utc().with_timezone(&tz);
    let to = end.and_utc().with_timezone(&tz);
    let same_day = from.date_naive() == to.date_naive();
    if same_day && from.offset() == to.offset() {
        format!(
            "{}–{}",
            from.format("%a %-d %b %Y, %H:%M"),
            to.format("%H:%M %Z")
        )
    } else {
        format!(
            "{} – {}",
            from.format("%a %-d %b %Y, %H:%M %Z"),
            to.format("%a %-d %b %Y, %H:%M %Z")
        )
    }
}

/// One instant in the zone with its abbreviation, for link expiries.
pub fn instant_text(at: NaiveDateTime, tz: Tz) -> String {
    at.and_utc()
        .with_timezone(&tz)
        .format("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}

/// How far ahead the event is, in local calendar days: "today", "tomorrow",
/// "in 3 days".
pub fn days_until_text(now: NaiveDateTime, start: NaiveDateTime, tz: Tz) -> String {
    let today = now.and_utc().with_timezone(&tz).date_naive();
    let day = start.and_utc().with_timezone(&tz).date_naive();
    match (day - today).num_days() {
        i64::MIN..=0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        n => format!("in {n} days"),
    }
}

/// A link lifetime as people read it: "7 days", "1 hour", "30 minutes".
pub fn duration_text(d: TimeDelta) -> String {
    let (n, unit) = if d.num_days() > 0 && d.num_hours() % 24 == 0 {
        (d.num_days(), "day")
    } else if d.num_hours() > 0 && d.num_minutes() % 60 == 0 {
        (d.num_hours(), "hour")
    } else {
        (d.num_minutes(), "minute")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reminder::{INVITATION_VALID, RESET_VALID};
    use chrono::NaiveDate;

    const NY: Tz = chrono_tz::America::New_York;

    fn utc(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn a_day_event_reads_as_one_span_with_the_abbreviation() {
        let text = when_text(utc(10, 14, 13, 0), utc(10, 14, 19, 30), NY);
        assert_eq!(text, "Wed 14 Oct 2026, 09:00–15:30 EDT");
        let winter = when_text(utc(12, 9, 14, 0), utc(12, 9, 15, 0), NY);
        assert_eq!(winter, "Wed 9 Dec 2026, 09:00–10:00 EST");
    }

    #[test]
    fn a_span_across_a_clock_change_names_both_zones() {
        // 1 Nov 2026: 01:00 EDT to 03:00 EST.
        let text = when_text(utc(11, 1, 5, 0), utc(11, 1, 8, 0), NY);
        assert_eq!(
            text,
            "Sun 1 Nov 2026, 01:00 EDT – Sun 1 Nov 2026, 03:00 EST"
        );
    }

    #[test]
    fn days_until_counts_local_calendar_days() {
        let start = utc(10, 15, 1, 0); // 21:00 EDT on 14 Oct
        assert_eq!(days_until_text(utc(10, 14, 11, 0), start, NY), "today");
        assert_eq!(days_until_text(utc(10, 13, 11, 0), start, NY), "tomorrow");
        assert_eq!(days_until_text(utc(10, 7, 11, 0), start, NY), "in 7 days");
    }

    #[test]
    fn link_lifetimes_read_naturally() {
        assert_eq!(duration_text(INVITATION_VALID), "7 days");
        assert_eq!(duration_text(RESET_VALID), "1 hour");
        assert_eq!(duration_text(TimeDelta::minutes(90)), "90 minutes");
        assert_eq!(duration_text(TimeDelta::hours(36)), "36 hours");
    }

    #[test]
    fn head_count_keeps_the_unanswered_apart() {
        let c = HeadCount::new(18, 5);
        assert_eq!((c.attending, c.not_answered, c.at_most), (18, 5, 23));
    }

    #[test]
    fn expiry_instants_carry_the_zone() {
        assert_eq!(
            instant_text(utc(3, 9, 12, 0), NY),
            "Mon 9 Mar 2026, 08:00 EDT"
        );
    }
}
