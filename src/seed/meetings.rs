//! The demo's tune-ups: two or three per district between convenings, by video or in person,
//! run by the facilitation team, with notes and action items once they have happened.

use super::data::{Seed, TuneUpSeed};
use super::dates::{self, TuneUpPlan};
use super::people::{People, SeededDistrict};
use crate::db::DbConn;
use crate::domain::meeting::{MeetingKind, Modality};
use crate::error::AppError;
use crate::models::meeting::{ActionItem, Meeting, MeetingInput};
use crate::models::year::ProgramYear;
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// How often a tune-up is moved by a day when a rule refuses its day.
const TRIES: u64 = 5;

/// What every tune-up of one run shares.
pub struct Context<'a> {
    /// The seed file.
    pub seed: &'a Seed,
    /// The demo's people.
    pub people: &'a People,
    /// The collective's zone, in which tune-up times are set.
    pub tz: Tz,
    /// The year.
    pub year: &'a ProgramYear,
    /// Its convening days.
    pub convenings: &'a [NaiveDate],
}

/// Every district's tune-ups for the year (natural key district × kind × start instant), and
/// the action items of those already held.
pub fn ensure_tune_ups(
    conn: &mut DbConn,
    cx: &Context,
    districts: &[SeededDistrict],
) -> Result<(), AppError> {
    for (index, d) in districts.iter().enumerate() {
        let plan = TuneUpPlan {
            anchor: cx.people.anchor,
            year: (cx.year.start_date, cx.year.end_date),
            convenings: cx.convenings,
            index,
            districts: districts.len(),
            count: d.seed.tune_ups,
        };
        for (n, day) in dates::tune_up_dates(&plan).into_iter().enumerate() {
            let Some(content) = cx.seed.tune_ups.get(n) else {
                continue;
            };
            let draft = Draft {
                district: d,
                index,
                n,
                content,
            };
            if let Some(meeting) = ensure_one(conn, cx, &draft, day)? {
                ensure_actions(conn, cx, &draft, &meeting)?;
            }
        }
    }
    Ok(())
}

/// One tune-up being seeded: the district, its place in the seed, and which tune-up it is.
struct Draft<'a> {
    district: &'a SeededDistrict<'a>,
    index: usize,
    n: usize,
    content: &'a TuneUpSeed,
}

impl Draft<'_> {
    /// Alternates video and in person across districts and tune-ups.
    fn modality(&self) -> Modality {
        if (self.index + self.n).is_multiple_of(2) {
            Modality::Video
        } else {
            Modality::InPerson
        }
    }

    /// Local start and end: after school by video, midday at the school in person.
    fn hours(&self) -> (NaiveTime, NaiveTime) {
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
        match self.modality() {
            Modality::Video => (hm(15, 45), hm(16, 45)),
            Modality::InPerson => (hm(12, 30), hm(14, 0)),
        }
    }

    /// One or two of the three facilitators, in turn; two go to a school in person.
    fn facilitators(&self, people: &People, seed: &Seed) -> Result<Vec<i32>, AppError> {
        let staff = &seed.facilitators;
        let how_many = if self.modality() == Modality::InPerson {
            2
        } else {
            1
        };
        (0..how_many.min(staff.len()))
            .map(|k| {
                people
                    .get(&staff[(self.index + self.n + k) % staff.len()].email)
                    .map(|p| p.id)
            })
            .collect()
    }
}

/// The tune-up on `day`, or, when a rule refuses that day (a convening moved onto it), on the
/// next weekday that is allowed; none after a few refusals. An existing one is returned as is.
fn ensure_one(
    conn: &mut DbConn,
    cx: &Context,
    draft: &Draft,
    day: NaiveDate,
) -> Result<Option<Meeting>, AppError> {
    let mut day = day;
    for _ in 0..TRIES {
        let input = input(cx, draft, day)?;
        if let Some(found) = Meeting::find_by_key(
            conn,
            input.district_id,
            MeetingKind::TuneUp,
            input.starts_at,
        )? {
            return Ok(Some(found));
        }
        match Meeting::create(conn, &super::actor(), &input) {
            Ok((meeting, _warnings)) => return Ok(Some(meeting)),
            Err(AppError::Invalid(v)) => log::warn!("demo tune-up on {day} moved: {v:?}"),
            Err(e) => return Err(e),
        }
        let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
        day = dates::settle(next, (cx.year.start_date, cx.year.end_date), cx.convenings);
    }
    Ok(None)
}

/// The meeting as scheduled on `day`, its local times converted to UTC.
fn input(cx: &Context, draft: &Draft, day: NaiveDate) -> Result<MeetingInput, AppError> {
    let d = draft.district;
    let (start, end) = draft.hours();
    let modality = draft.modality();
    let held = day < cx.people.anchor;
    let school = d
        .seed
        .schools
        .first()
        .map_or(d.seed.name.as_str(), String::as_str);
    Ok(MeetingInput {
        district_id: d.district.id,
        kind: MeetingKind::TuneUp,
        title: draft.content.title.clone(),
        starts_at: utc(cx.tz, day, start),
        ends_at: utc(cx.tz, day, end),
        local_date: day,
        modality,
        place: if modality == Modality::InPerson {
            format!("{school}, conference room")
        } else {
            String::new()
        },
        video_url: if modality == Modality::Video {
            format!(
                "https://meet.example.org/pdsa-{}-{}",
                d.seed.slug,
                draft.n + 1
            )
        } else {
            String::new()
        },
        notes: if held {
            draft.content.notes.clone()
        } else {
            draft.content.prep.clone()
        },
        facilitator_ids: draft.facilitators(cx.people, cx.seed)?,
    })
}

/// A wall-clock time in the collective's zone as the UTC instant stored; a time skipped by a
/// daylight-saving change (never one of the demo's) is read as UTC.
pub fn utc(tz: Tz, day: NaiveDate, time: NaiveTime) -> NaiveDateTime {
    let local = day.and_time(time);
    tz.from_local_datetime(&local)
        .earliest()
        .map_or(local, |t| t.naive_utc())
}

/// The action items agreed at a tune-up that has been held, each owned by the team member the
/// seed names by role, done when its due day has passed (natural key meeting × description).
fn ensure_actions(
    conn: &mut DbConn,
    cx: &Context,
    draft: &Draft,
    meeting: &Meeting,
) -> Result<(), AppError> {
    let day = cx.tz.from_utc_datetime(&meeting.starts_at).date_naive();
    if day >= cx.people.anchor {
        return Ok(());
    }
    for a in &draft.content.actions {
        let owner = draft
            .district
            .seed
            .members
            .iter()
            .find(|m| m.role == a.owner_role);
        let owner_id = owner
            .map(|m| cx.people.get(&m.email).map(|p| p.id))
            .transpose()?;
        let due = day.checked_add_days(Days::new(a.due_days.unsigned_abs()));
        let done = due.is_some_and(|d| d < cx.people.anchor);
        ActionItem::ensure(conn, meeting.id, &a.description, owner_id, due, done)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_are_stored_in_utc_across_daylight_saving() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let t = NaiveTime::from_hms_opt(15, 45, 0).unwrap();
        let summer = NaiveDate::from_ymd_opt(2026, 9, 16).unwrap();
        let winter = NaiveDate::from_ymd_opt(2026, 12, 16).unwrap();
        assert_eq!(utc(tz, summer, t), summer.and_hms_opt(19, 45, 0).unwrap());
        assert_eq!(utc(tz, winter, t), winter.and_hms_opt(20, 45, 0).unwrap());
    }
}
