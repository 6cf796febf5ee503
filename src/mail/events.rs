//! Meetings and convenings as calendars and emails see them: one place that names, places and
//! identifies an event, so the invite in a reminder and the person's feed always agree (same
//! UID, same SEQUENCE, same title), and a calendar that took one recognises the other.

use super::ics::{CalendarEvent, event_uid};
use crate::domain::meeting::{MeetingKind, Modality};
use crate::models::convening::Convening;
use crate::models::meeting::Meeting;
use chrono_tz::Tz;

/// Where links point and which host names the UIDs: `PDSA_PUBLIC_URL` and its host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Base URL without a trailing slash.
    pub base_url: String,
    /// Host for UIDs and Message-IDs.
    pub host: String,
}

impl Site {
    /// From the configuration.
    pub fn of(config: &crate::config::Config) -> Site {
        Site {
            base_url: config.public_url.trim_end_matches('/').to_string(),
            host: config.public_host(),
        }
    }

    /// An absolute URL for a path beginning with `/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// A meeting's title as mail and calendars show it: its own title, with the district when the
/// title does not name it already.
pub fn meeting_title(m: &Meeting, district_name: &str) -> String {
    if m.title.contains(district_name) {
        m.title.clone()
    } else {
        format!("{} — {district_name}", m.title)
    }
}

/// A convening's title: "Convening 2, hosted by Riverside".
pub fn convening_title(c: &Convening, host_name: &str) -> String {
    format!("Convening {}, hosted by {host_name}", c.number)
}

/// A meeting as a calendar event: the place for an in-person one, the video link otherwise.
pub fn meeting_event(m: &Meeting, district_name: &str, site: &Site) -> CalendarEvent {
    let video = m.modality == Modality::Video.as_str();
    let kind = m
        .kind
        .parse::<MeetingKind>()
        .map_or("Meeting", |k| k.label());
    let page = site.url(&format!("/meetings/{}", m.id));
    let mut description = format!("{kind} with {district_name}.");
    if video && !m.video_url.is_empty() {
        description.push_str(&format!("\nJoin: {}", m.video_url));
    }
    description.push_str(&format!("\nDetails: {page}"));
    CalendarEvent {
        uid: event_uid("meeting", m.id, &site.host),
        sequence: u32::try_from(m.revision).unwrap_or(0),
        start: m.starts_at,
        end: m.ends_at,
        summary: meeting_title(m, district_name),
        description,
        location: (!video && !m.place.is_empty()).then(|| m.place.clone()),
        url: Some(if video && !m.video_url.is_empty() {
            m.video_url.clone()
        } else {
            page
        }),
        cancelled: m.cancelled_at.is_some(),
    }
}

/// A convening as a calendar event, breakfast to close in the collective's zone `tz`.
pub fn convening_event(c: &Convening, host_name: &str, tz: Tz, site: &Site) -> CalendarEvent {
    let (start, end) = c.span_utc(tz);
    let page = site.url(&format!("/convenings/{}", c.id));
    CalendarEvent {
        uid: event_uid("convening", c.id, &site.host),
        sequence: u32::try_from(c.revision).unwrap_or(0),
        start,
        end,
        summary: convening_title(c, host_name),
        description: format!(
            "Breakfast {}, agenda from {}, close {}.\nAgenda and readings: {page}",
            c.breakfast_time.format("%H:%M"),
            c.start_time.format("%H:%M"),
            c.close_time.format("%H:%M")
        ),
        location: (!c.venue.is_empty()).then(|| c.venue.clone()),
        url: Some(page),
        cancelled: c.cancelled_at.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn site() -> Site {
        Site {
            base_url: "https://pdsa.example.org".into(),
            host: "pdsa.example.org".into(),
        }
    }

    fn meeting(modality: &str) -> Meeting {
        let day = NaiveDate::from_ymd_opt(2027, 3, 16).unwrap();
        Meeting {
            id: 5,
            program_year_id: 1,
            district_id: 2,
            kind: "tune_up".into(),
            title: "Winter tune-up".into(),
            starts_at: day.and_hms_opt(14, 0, 0).unwrap(),
            ends_at: day.and_hms_opt(15, 0, 0).unwrap(),
            modality: modality.into(),
            place: "Room 4".into(),
            video_url: "https://meet.example.org/x".into(),
            notes: String::new(),
            revision: 2,
            version: 3,
            cancelled_at: None,
        }
    }

    #[test]
    fn a_video_meeting_links_the_call_and_an_in_person_one_names_the_place() {
        let v = meeting_event(&meeting("video"), "Riverside", &site());
        assert_eq!(v.uid, "meeting-5@pdsa.example.org");
        assert_eq!(v.sequence, 2);
        assert_eq!(v.summary, "Winter tune-up — Riverside");
        assert_eq!(v.location, None);
        assert_eq!(v.url.as_deref(), Some("https://meet.example.org/x"));
        let p = meeting_event(&meeting("in_person"), "Riverside", &site());
        assert_eq!(p.location.as_deref(), Some("Room 4"));
        assert_eq!(
            p.url.as_deref(),
            Some("https://pdsa.example.org/meetings/5")
        );
    }

    #[test]
    fn a_convening_runs_from_breakfast_to_close_in_local_time() {
        let c = Convening {
            id: 12,
            program_year_id: 1,
            number: 3,
            date: NaiveDate::from_ymd_opt(2027, 3, 16).unwrap(),
            host_district_id: 2,
            venue: String::new(),
            breakfast_time: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
            start_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            close_time: NaiveTime::from_hms_opt(15, 30, 0).unwrap(),
            food_cost_cents: 0,
            revision: 0,
            version: 1,
            cancelled_at: None,
        };
        let e = convening_event(&c, "Riverside", chrono_tz::America::New_York, &site());
        assert_eq!(e.uid, "convening-12@pdsa.example.org");
        assert_eq!(e.summary, "Convening 3, hosted by Riverside");
        // 16 March 2027 is after the spring change: EDT, UTC-4.
        assert_eq!(e.start.time(), NaiveTime::from_hms_opt(12, 30, 0).unwrap());
        assert_eq!(e.end.time(), NaiveTime::from_hms_opt(19, 30, 0).unwrap());
        assert_eq!(e.location, None);
    }
}
