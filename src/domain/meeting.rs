//! Tune-ups and district meetings: between-convening support for one district.

use chrono::{NaiveDate, NaiveDateTime};

use super::{Violation, Warning, validate};

string_enum! {
    /// What a meeting with one district is for.
    pub enum MeetingKind {
        /// Support between convenings with the facilitation team (two or three a year).
        TuneUp => ("tune_up", "Tune-up"),
        /// Any other meeting with the district.
        DistrictMeeting => ("district_meeting", "District meeting"),
    }
}

string_enum! {
    /// Where a meeting happens.
    pub enum Modality {
        /// In a room: needs a place.
        InPerson => ("in_person", "In person"),
        /// By video: needs a link.
        Video => ("video", "Video"),
    }
}

/// The number of tune-ups a district is expected to have in a year.
pub const EXPECTED_TUNEUPS: std::ops::RangeInclusive<usize> = 2..=3;

/// end after start (field "end"); in person needs a non-blank place (field
/// "place"); video needs a link that starts with "https://" and has a host
/// (field "video_url"), so that reminders carry a link people can open.
pub fn check_meeting(
    start: NaiveDateTime,
    end: NaiveDateTime,
    modality: Modality,
    place: &str,
    video_url: &str,
) -> Result<(), Violation> {
    if end <= start {
        return Err(Violation::new("end", "must be after the start"));
    }
    match modality {
        Modality::InPerson if place.trim().is_empty() => Err(Violation::new(
            "place",
            "is needed for an in-person meeting",
        )),
        Modality::InPerson => Ok(()),
        Modality::Video => validate::https_url("video_url", video_url).map(|_| ()),
    }
}

/// Hard rule: no tune-up on a convening day, when everyone is at the
/// convening (`local_date` = the meeting's local date; field "start").
pub fn check_not_on_convening_day(
    local_date: NaiveDate,
    convening_dates: &[NaiveDate],
) -> Result<(), Violation> {
    if convening_dates.contains(&local_date) {
        return Err(Violation::new(
            "start",
            format!("{local_date} is a convening day: tune-ups are held on other days"),
        ));
    }
    Ok(())
}

/// Soft rules for a district's tune-ups in a year: `count` (including this
/// one) outside 2..=3 warns; a tune-up dated before the first convening or
/// after the last warns ("tune-ups fall between two convenings"). No
/// convenings yet → no position warning.
pub fn tuneup_warnings(
    count: usize,
    local_date: NaiveDate,
    convening_dates: &[NaiveDate],
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if !EXPECTED_TUNEUPS.contains(&count) {
        warnings.push(Warning(format!(
            "{count} tune-up{} this year: two or three are expected",
            if count == 1 { "" } else { "s" }
        )));
    }
    if let Some(w) = position_warning(local_date, convening_dates) {
        warnings.push(w);
    }
    warnings
}

/// Warns when the date lies outside the first and last convening of the year.
fn position_warning(local_date: NaiveDate, convening_dates: &[NaiveDate]) -> Option<Warning> {
    let first = convening_dates.iter().min()?;
    let last = convening_dates.iter().max()?;
    let place = if local_date < *first {
        format!("this one is before the first convening ({first})")
    } else if local_date > *last {
        format!("this one is after the last convening ({last})")
    } else {
        return None;
    };
    Some(Warning(format!(
        "tune-ups fall between two convenings: {place}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::from_serde;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(h: u32, m: u32) -> NaiveDateTime {
        d(2026, 11, 4).and_hms_opt(h, m, 0).unwrap()
    }

    fn convenings() -> Vec<NaiveDate> {
        vec![d(2027, 2, 10), d(2026, 10, 14), d(2026, 12, 9)]
    }

    #[test]
    fn kinds_and_modalities_round_trip() {
        for k in MeetingKind::ALL {
            assert_eq!(k.as_str().parse::<MeetingKind>(), Ok(*k));
            assert_eq!(from_serde::<MeetingKind>(k.as_str()), Ok(*k));
        }
        for m in Modality::ALL {
            assert_eq!(m.as_str().parse::<Modality>(), Ok(*m));
            assert_eq!(from_serde::<Modality>(m.as_str()), Ok(*m));
        }
        assert_eq!(
            "zoom".parse::<Modality>(),
            Err("must be one of: in_person, video".to_string())
        );
    }

    #[test]
    fn in_person_meeting_with_a_place_is_accepted() {
        assert_eq!(
            check_meeting(at(9, 0), at(10, 0), Modality::InPerson, "Room 4", ""),
            Ok(())
        );
    }

    #[test]
    fn end_not_after_start_is_refused() {
        let v = check_meeting(at(10, 0), at(10, 0), Modality::InPerson, "Room 4", "").unwrap_err();
        assert_eq!(v.field, "end");
        assert!(check_meeting(at(10, 0), at(9, 0), Modality::InPerson, "Room 4", "").is_err());
    }

    #[test]
    fn in_person_meeting_needs_a_place() {
        let v = check_meeting(at(9, 0), at(10, 0), Modality::InPerson, "  ", "").unwrap_err();
        assert_eq!(v.field, "place");
    }

    #[test]
    fn video_meeting_needs_an_https_link_with_a_host() {
        let ok = check_meeting(
            at(9, 0),
            at(10, 0),
            Modality::Video,
            "",
            "https://meet.example.org/abc",
        );
        assert_eq!(ok, Ok(()));
        for bad in [
            "",
            "http://meet.example.org/abc",
            "https://",
            "https:///abc",
        ] {
            let v = check_meeting(at(9, 0), at(10, 0), Modality::Video, "Room 4", bad).unwrap_err();
            assert_eq!(v.field, "video_url", "{bad}");
        }
    }

    #[test]
    fn tune_up_on_a_convening_day_is_refused() {
        let v = check_not_on_convening_day(d(2026, 12, 9), &convenings()).unwrap_err();
        assert_eq!(v.field, "start");
        assert!(v.message.contains("2026-12-09"));
        assert_eq!(
            check_not_on_convening_day(d(2026, 12, 10), &convenings()),
            Ok(())
        );
        assert_eq!(check_not_on_convening_day(d(2026, 12, 9), &[]), Ok(()));
    }

    #[test]
    fn two_or_three_tune_ups_between_convenings_raise_no_warning() {
        assert!(tuneup_warnings(2, d(2026, 11, 4), &convenings()).is_empty());
        assert!(tuneup_warnings(3, d(2027, 1, 20), &convenings()).is_empty());
    }

    #[test]
    fn one_or_four_tune_ups_warn() {
        let one = tuneup_warnings(1, d(2026, 11, 4), &convenings());
        assert_eq!(
            one,
            vec![Warning(
                "1 tune-up this year: two or three are expected".into()
            )]
        );
        let four = tuneup_warnings(4, d(2026, 11, 4), &convenings());
        assert_eq!(
            four,
            vec![Warning(
                "4 tune-ups this year: two or three are expected".into()
            )]
        );
    }

    #[test]
    fn tune_up_before_the_first_or_after_the_last_convening_warns() {
        let before = tuneup_warnings(2, d(2026, 9, 30), &convenings());
        assert_eq!(before.len(), 1);
        assert!(
            before[0]
                .0
                .starts_with("tune-ups fall between two convenings")
        );
        assert!(before[0].0.contains("2026-10-14"));
        let after = tuneup_warnings(2, d(2027, 3, 1), &convenings());
        assert!(after[0].0.contains("after the last convening (2027-02-10)"));
    }

    #[test]
    fn no_convenings_yet_means_no_position_warning() {
        assert!(tuneup_warnings(2, d(2026, 9, 30), &[]).is_empty());
    }
}
