//! iCalendar text for one event (the attachment of a reminder, update or
//! cancellation) and for a person's feed (`/calendar/<token>.ics`).
//!
//! Every event keeps one UID for life and its revision as SEQUENCE, so a
//! calendar that already holds it replaces it (a move) or removes it (a
//! cancellation) instead of showing a second copy.

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};
use icalendar::{
    Attendee, Calendar, Component, Event, EventLike, EventStatus, PartStat, Property, Role,
};

/// What the calendar should do with the attached event (RFC 5546).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Add or update the event.
    Request,
    /// Remove the event.
    Cancel,
}

impl Method {
    /// The METHOD value, also the `method=` parameter of the MIME part.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// One convening or meeting as calendars see it. Times are UTC, as stored, so
/// no VTIMEZONE is needed and every client shows them in its own zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable for the event's life: see [`event_uid`].
    pub uid: String,
    /// The event's revision: bumped when it moves, so calendars take the news.
    pub sequence: u32,
    /// Start, UTC.
    pub start: NaiveDateTime,
    /// End, UTC.
    pub end: NaiveDateTime,
    /// Title ("Convening 2", "Tune-up with Riverside").
    pub summary: String,
    /// Plain-text description (may be empty).
    pub description: String,
    /// The place, for an in-person event.
    pub location: Option<String>,
    /// The video link or the event's page.
    pub url: Option<String>,
    /// Cancelled events stay in feeds marked as such until they drop out.
    pub cancelled: bool,
}

/// Who sends the invitation and who receives it: RFC 5546 wants both on a
/// REQUEST or CANCEL, and some clients ignore invitations without them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parties {
    /// The collective's name, shown as the organizer.
    pub organizer_name: String,
    /// The From address of the mail.
    pub organizer_email: String,
    /// The recipient's name.
    pub attendee_name: String,
    /// The recipient's address.
    pub attendee_email: String,
}

/// The UID of an event: `<kind>-<id>@<host>` (`convening-12@pdsa.example.org`),
/// unique across collectives on different hosts and stable across moves.
pub fn event_uid(kind: &str, id: i32, host: &str) -> String {
    format!("{kind}-{id}@{host}")
}

/// A VCALENDAR with METHOD and one VEVENT addressed to one person. `stamp` is
/// DTSTAMP (when this version was made), passed in so resends are identical.
pub fn invite(
    event: &CalendarEvent,
    method: Method,
    parties: &Parties,
    stamp: DateTime<Utc>,
) -> String {
    let mut vevent = vevent(event, stamp);
    if method == Method::Cancel {
        vevent.status(EventStatus::Cancelled);
    }
    vevent.append_property(organizer(parties));
    vevent.attendee(attendee(parties));
    let mut cal = calendar_head();
    cal.append_property(Property::new("METHOD", method.as_str()));
    cal.push(vevent.done());
    cal.to_string()
}

/// A subscribable feed of many events (METHOD:PUBLISH, no attendees): what
/// Google Calendar or Outlook polls at `/calendar/<token>.ics`.
pub fn feed(name: &str, events: &[CalendarEvent], stamp: DateTime<Utc>) -> String {
    let mut cal = calendar_head();
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.name(name);
    // Ask clients to poll every few hours rather than daily.
    cal.ttl(&TimeDelta::hours(4));
    for event in events {
        let mut vevent = vevent(event, stamp);
        if event.cancelled {
            vevent.status(EventStatus::Cancelled);
        }
        cal.push(vevent.done());
    }
    cal.to_string()
}

/// VERSION, PRODID and CALSCALE, naming this product rather than the crate.
fn calendar_head() -> Calendar {
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new("PRODID", "-//pdsa//pdsa//EN"));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal
}

/// The VEVENT shared by invitations and feeds.
fn vevent(event: &CalendarEvent, stamp: DateTime<Utc>) -> Event {
    let mut vevent = Event::new();
    vevent
        .uid(&event.uid)
        .sequence(event.sequence)
        .timestamp(stamp)
        .starts(event.start.and_utc())
        .ends(event.end.and_utc())
        .summary(&event.summary);
    if !event.description.is_empty() {
        vevent.description(&event.description);
    }
    if let Some(location) = &event.location {
        vevent.location(location);
    }
    if let Some(url) = &event.url {
        vevent.url(url);
    }
    vevent
}

/// ORGANIZER;CN=…:mailto:…
fn organizer(parties: &Parties) -> Property {
    let mut prop = Property::new("ORGANIZER", format!("mailto:{}", parties.organizer_email));
    prop.add_parameter("CN", &parties.organizer_name);
    prop.done()
}

/// ATTENDEE for the recipient; RSVP=FALSE since replies go to a robot and
/// attendance is answered on the site.
fn attendee(parties: &Parties) -> Attendee {
    Attendee::new(format!("mailto:{}", parties.attendee_email))
        .cn(parties.attendee_name.clone())
        .role(Role::ReqParticipant)
        .partstat(PartStat::NeedsAction)
        .rsvp(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 10, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    pub(crate) fn sample() -> CalendarEvent {
        CalendarEvent {
            uid: event_uid("convening", 12, "pdsa.example.org"),
            sequence: 3,
            start: at(14, 13),
            end: at(14, 19),
            summary: "Convening 2; Riverside, hosting".into(),
            description: "Bring your latest results".into(),
            location: Some("Riverside High, Room 4".into()),
            url: None,
            cancelled: false,
        }
    }

    fn parties() -> Parties {
        Parties {
            organizer_name: "Collective, Inc".into(),
            organizer_email: "noreply@pdsa.example.org".into(),
            attendee_name: "Ana Ruiz".into(),
            attendee_email: "ana@example.org".into(),
        }
    }

    fn stamp() -> DateTime<Utc> {
        at(1, 9).and_utc()
    }

    #[test]
    fn a_request_carries_method_uid_sequence_and_utc_times() {
        let text = invite(&sample(), Method::Request, &parties(), stamp());
        for line in [
            "METHOD:REQUEST",
            "UID:convening-12@pdsa.example.org",
            "SEQUENCE:3",
            "DTSTART:20261014T130000Z",
            "DTEND:20261014T190000Z",
            "DTSTAMP:20261001T090000Z",
            "SUMMARY:Convening 2\\; Riverside\\, hosting",
            "LOCATION:Riverside High\\, Room 4",
            "ORGANIZER;CN=\"Collective, Inc\":mailto:noreply@pdsa.example.org",
        ] {
            assert!(text.contains(line), "{line} missing in\n{text}");
        }
        assert!(!text.contains("STATUS:CANCELLED"));
        assert!(text.contains("\r\n"), "lines end in CRLF");
    }

    #[test]
    fn a_cancel_marks_the_event_cancelled() {
        let text = invite(&sample(), Method::Cancel, &parties(), stamp());
        assert!(text.contains("METHOD:CANCEL"));
        assert!(text.contains("STATUS:CANCELLED"));
    }

    #[test]
    fn an_invite_parses_back() {
        let text = invite(&sample(), Method::Request, &parties(), stamp());
        let cal: Calendar = text.parse().unwrap();
        assert_eq!(cal.property_value("METHOD"), Some("REQUEST"));
        let event = cal.events().next().unwrap();
        assert_eq!(event.get_uid(), Some("convening-12@pdsa.example.org"));
        assert_eq!(event.get_sequence(), Some(3));
        assert_eq!(event.get_summary(), Some("Convening 2; Riverside, hosting"));
        let attendees = event.get_attendees();
        assert_eq!(attendees[0].cal_address, "mailto:ana@example.org");
    }

    #[test]
    fn a_feed_publishes_every_event_without_attendees() {
        let mut video = sample();
        video.uid = event_uid("meeting", 5, "pdsa.example.org");
        video.location = None;
        video.url = Some("https://meet.example.org/abc".into());
        video.cancelled = true;
        let text = feed("pdsa: Ana Ruiz", &[sample(), video], stamp());
        let cal: Calendar = text.parse().unwrap();
        assert_eq!(cal.property_value("METHOD"), Some("PUBLISH"));
        assert_eq!(cal.get_name(), Some("pdsa: Ana Ruiz"));
        assert_eq!(cal.events().count(), 2);
        assert!(text.contains("URL:https://meet.example.org/abc"));
        assert_eq!(text.matches("STATUS:CANCELLED").count(), 1);
        assert!(!text.contains("ATTENDEE"));
    }

    #[test]
    fn an_empty_feed_is_still_a_calendar() {
        let text = feed("pdsa", &[], stamp());
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.trim_end().ends_with("END:VCALENDAR"));
    }
}
