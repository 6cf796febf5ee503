//! The meeting form as typed and its reading: every field at once, local wall-clock times in
//! the collective's zone turned into UTC (a time the zone skips or repeats is a field error, not
//! a guess), and the place or link the modality needs.

use crate::db::DbConn;
use crate::domain::meeting::{self, MeetingKind, Modality};
use crate::domain::{Violation, validate};
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::district::District;
use crate::models::meeting::{Meeting, MeetingInput};
use crate::web::form::{self, FieldErrors};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::OptionalExtension;
use serde::Serialize;

/// The meeting form as typed: all text (facilitators repeat), so a bad value is a message beside
/// its field rather than a 400.
#[derive(Debug, Default, Clone, Serialize)]
pub struct MeetingForm {
    pub(super) district_id: String,
    pub(super) kind: String,
    pub(super) title: String,
    pub(super) date: String,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) modality: String,
    pub(super) place: String,
    pub(super) video_url: String,
    pub(super) notes: String,
    pub(super) version: String,
    pub(super) facilitator_ids: Vec<String>,
}

impl MeetingForm {
    /// Reads the posted pairs; `facilitator_ids` may repeat (one per ticked box).
    pub(super) fn from_pairs(pairs: Vec<(String, String)>) -> MeetingForm {
        let mut f = MeetingForm::default();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "district_id" => &mut f.district_id,
                "kind" => &mut f.kind,
                "title" => &mut f.title,
                "date" => &mut f.date,
                "start" => &mut f.start,
                "end" => &mut f.end,
                "modality" => &mut f.modality,
                "place" => &mut f.place,
                "video_url" => &mut f.video_url,
                "notes" => &mut f.notes,
                "version" => &mut f.version,
                "facilitator_ids" => {
                    f.facilitator_ids.push(value);
                    continue;
                }
                _ => continue,
            };
            *slot = value;
        }
        f
    }

    /// A new tune-up for `district`, run by the person scheduling it.
    pub(super) fn blank(district: &str, actor_id: i32) -> MeetingForm {
        MeetingForm {
            district_id: district.trim().to_string(),
            kind: MeetingKind::TuneUp.as_str().into(),
            title: MeetingKind::TuneUp.label().into(),
            modality: Modality::InPerson.as_str().into(),
            facilitator_ids: vec![actor_id.to_string()],
            ..MeetingForm::default()
        }
    }

    /// A saved meeting as its edit form shows it, in local time.
    pub(super) fn of_meeting(m: &Meeting, facilitators: &[(i32, String)], tz: Tz) -> MeetingForm {
        let (start, end) = (
            m.starts_at.and_utc().with_timezone(&tz),
            m.ends_at.and_utc().with_timezone(&tz),
        );
        MeetingForm {
            district_id: m.district_id.to_string(),
            kind: m.kind.clone(),
            title: m.title.clone(),
            date: start.format("%Y-%m-%d").to_string(),
            start: start.format("%H:%M").to_string(),
            end: end.format("%H:%M").to_string(),
            modality: m.modality.clone(),
            place: m.place.clone(),
            video_url: m.video_url.clone(),
            notes: m.notes.clone(),
            version: m.version.to_string(),
            facilitator_ids: facilitators.iter().map(|(id, _)| id.to_string()).collect(),
        }
    }
}

/// The form read into a meeting, in the collective's zone, with the district checked to exist.
pub(super) fn input_of(c: &mut DbConn, f: &MeetingForm) -> Result<MeetingInput, AppError> {
    let tz = Collective::get(c)?.tz();
    let input = parse(f, tz)?;
    if District::find(c, input.district_id).optional()?.is_none() {
        return Err(Violation::new("district_id", "is not a district of the collective").into());
    }
    Ok(input)
}

/// Every field parsed at once, so each problem shows beside its field in one round.
fn parse(f: &MeetingForm, tz: Tz) -> Result<MeetingInput, AppError> {
    let mut e = FieldErrors::default();
    let district_id = e.take(chosen("district_id", &f.district_id, "choose a district"));
    let kind = e.take(form::choice::<MeetingKind>("kind", &f.kind));
    let title = e.take(validate::name("title", &f.title, 200));
    let when = parse_when(f, tz, &mut e);
    let place = parse_place(f, when, &mut e);
    let facilitator_ids = e.take(parse_ids(&f.facilitator_ids));
    let (
        Some(district_id),
        Some(kind),
        Some(title),
        Some((local_date, starts_at, ends_at)),
        Some((modality, place, video_url)),
        Some(facilitator_ids),
    ) = (district_id, kind, title, when, place, facilitator_ids)
    else {
        return Err(AppError::Invalid(e.list()));
    };
    form::finish(e)?;
    let notes = f.notes.trim().to_string();
    Ok(MeetingInput {
        district_id,
        kind,
        title,
        starts_at,
        ends_at,
        local_date,
        modality,
        place,
        video_url,
        notes,
        facilitator_ids,
    })
}

/// An id picked from a list; blank gets `blank_message`.
fn chosen(field: &str, value: &str, blank_message: &str) -> Result<i32, Violation> {
    if value.trim().is_empty() {
        return Err(Violation::new(field, blank_message));
    }
    form::int(field, value)
}

/// The ticked facilitators, each once.
fn parse_ids(values: &[String]) -> Result<Vec<i32>, Violation> {
    let mut ids = values
        .iter()
        .map(|v| chosen("facilitator_ids", v, "choose from the list"))
        .collect::<Result<Vec<i32>, _>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Date, start and end: local wall-clock values turned into UTC instants.
fn parse_when(
    f: &MeetingForm,
    tz: Tz,
    e: &mut FieldErrors,
) -> Option<(NaiveDate, NaiveDateTime, NaiveDateTime)> {
    let date = e.take(form::date("date", &f.date));
    let start = e.take(form::time("start", &f.start));
    let end = e.take(form::time("end", &f.end));
    let (date, start, end) = (date?, start?, end?);
    let starts_at = e.take(to_utc(tz, date.and_time(start), "start"));
    let ends_at = e.take(to_utc(tz, date.and_time(end), "end"));
    Some((date, starts_at?, ends_at?))
}

/// A local wall-clock time in `tz` as UTC; a time the zone skips or repeats is refused, since
/// either reading could send people to the meeting an hour off.
pub fn to_utc(tz: Tz, local: NaiveDateTime, field: &str) -> Result<NaiveDateTime, Violation> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => Ok(t.naive_utc()),
        chrono::LocalResult::Ambiguous(..) => Err(Violation::new(
            field,
            format!("happens twice that night in {tz} (the clocks go back): pick another time"),
        )),
        chrono::LocalResult::None => Err(Violation::new(
            field,
            format!("does not exist that night in {tz} (the clocks go forward): pick another time"),
        )),
    }
}

type Place = (Modality, String, String);

/// Modality with its place (in person) or https link (video), checked by the domain rule; when
/// the times are unreadable, only the place or link is checked.
fn parse_place(
    f: &MeetingForm,
    when: Option<(NaiveDate, NaiveDateTime, NaiveDateTime)>,
    e: &mut FieldErrors,
) -> Option<Place> {
    let modality = e.take(form::choice::<Modality>("modality", &f.modality))?;
    let (place, video_url) = match modality {
        Modality::InPerson => (f.place.trim().to_string(), String::new()),
        Modality::Video => (String::new(), f.video_url.trim().to_string()),
    };
    let (start, end) = match when {
        Some((_, s, e)) => (s, e),
        None => (
            chrono::DateTime::UNIX_EPOCH.naive_utc(),
            chrono::DateTime::UNIX_EPOCH.naive_utc() + chrono::TimeDelta::hours(1),
        ),
    };
    e.take(meeting::check_meeting(
        start, end, modality, &place, &video_url,
    ))?;
    Some((modality, place, video_url))
}
#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    #[test]
    fn local_times_become_utc_and_skipped_or_repeated_ones_are_refused() {
        let tz: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            to_utc(tz, at(2026, 10, 14, 15, 0), "start").unwrap(),
            at(2026, 10, 14, 19, 0)
        );
        let skipped = to_utc(tz, at(2026, 3, 8, 2, 30), "start").unwrap_err();
        assert_eq!(skipped.field, "start");
        assert!(skipped.message.contains("does not exist"));
        let twice = to_utc(tz, at(2026, 11, 1, 1, 30), "end").unwrap_err();
        assert_eq!(twice.field, "end");
        assert!(twice.message.contains("twice"));
    }

    #[test]
    fn repeated_facilitators_are_all_kept() {
        let pairs = vec![
            ("facilitator_ids".to_string(), "3".to_string()),
            ("facilitator_ids".into(), "5".into()),
            ("title".into(), "T".into()),
        ];
        let f = MeetingForm::from_pairs(pairs);
        assert_eq!(f.facilitator_ids, vec!["3", "5"]);
        assert_eq!(f.title, "T");
    }

    #[test]
    fn a_video_meeting_without_an_https_link_is_a_field_error_even_with_bad_times() {
        let f = MeetingForm {
            district_id: "1".into(),
            kind: "tune_up".into(),
            title: "Tune-up".into(),
            date: "2026-10-14".into(),
            start: "9am".into(),
            end: "16:00".into(),
            modality: "video".into(),
            video_url: "http://meet.example.org/x".into(),
            ..MeetingForm::default()
        };
        let e = parse(&f, chrono_tz::UTC).unwrap_err();
        let fields: Vec<&str> = e.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, vec!["start", "video_url"]);
    }
}
