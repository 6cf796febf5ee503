//! Tune-ups and district meetings: support for one district between convenings, in person or
//! by video, with the facilitators who run them, notes and action items.

mod actions;
mod cancel;

pub use actions::ActionItem;

use crate::db::DbConn;
use crate::db::schema::{convenings, districts, meeting_facilitators, meetings, people};
use crate::domain::audit::{AuditAction, EntityKind};
use crate::domain::meeting::{self, MeetingKind, Modality};
use crate::domain::{Violation, Warning};
use crate::error::AppError;
use crate::models::audit::{self, AuditActor, Change};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl;
use diesel::prelude::*;
use diesel::query_dsl::methods;
use serde::Serialize;

use super::year::ProgramYear;

/// A meeting.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = meetings)]
pub struct Meeting {
    /// Id.
    pub id: i32,
    /// Year (the one containing its date).
    pub program_year_id: i32,
    /// District supported.
    pub district_id: i32,
    /// tune_up | district_meeting.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Start, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub starts_at: NaiveDateTime,
    /// End, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub ends_at: NaiveDateTime,
    /// in_person | video.
    pub modality: String,
    /// Place, for in person.
    pub place: String,
    /// https link, for video.
    pub video_url: String,
    /// Notes.
    pub notes: String,
    /// Bumped when it moves.
    pub revision: i32,
    /// Optimistic-lock version.
    pub version: i32,
    /// When it was called off (kept, with its history); `None` while it stands.
    #[serde(serialize_with = "crate::domain::instant::option")]
    pub cancelled_at: Option<NaiveDateTime>,
}

/// A meeting with its district's name, for lists.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingRow {
    /// The meeting.
    #[serde(flatten)]
    pub meeting: Meeting,
    /// District name.
    pub district_name: String,
}

/// A meeting query narrowed to one program year and/or one district, when given.
fn narrowed<Q>(mut q: Q, year: Option<i32>, district: Option<i32>) -> Q
where
    Q: methods::FilterDsl<dsl::Eq<meetings::program_year_id, i32>, Output = Q>
        + methods::FilterDsl<dsl::Eq<meetings::district_id, i32>, Output = Q>,
{
    if let Some(y) = year {
        q = methods::FilterDsl::filter(q, meetings::program_year_id.eq(y));
    }
    if let Some(d) = district {
        q = methods::FilterDsl::filter(q, meetings::district_id.eq(d));
    }
    q
}

impl MeetingRow {
    /// The rows of meetings loaded with their district's name.
    fn all(pairs: Vec<(Meeting, String)>) -> Vec<MeetingRow> {
        pairs
            .into_iter()
            .map(|(meeting, district_name)| MeetingRow {
                meeting,
                district_name,
            })
            .collect()
    }
}

/// What is set when scheduling or editing a meeting. Times are UTC; `local_date` is the start's
/// date in the collective's zone, which the convening-day rule compares.
#[derive(Debug, Clone)]
pub struct MeetingInput {
    /// District.
    pub district_id: i32,
    /// Kind.
    pub kind: MeetingKind,
    /// Title.
    pub title: String,
    /// Start, UTC.
    pub starts_at: NaiveDateTime,
    /// End, UTC.
    pub ends_at: NaiveDateTime,
    /// The start's local date.
    pub local_date: NaiveDate,
    /// Modality.
    pub modality: Modality,
    /// Place.
    pub place: String,
    /// Link.
    pub video_url: String,
    /// Notes.
    pub notes: String,
    /// Facilitators running it.
    pub facilitator_ids: Vec<i32>,
}

impl Meeting {
    /// One meeting.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Meeting> {
        meetings::table
            .find(id)
            .select(Meeting::as_select())
            .first(conn)
    }

    /// Meetings with district names, optionally of one year and/or one district, by start.
    pub fn list(
        conn: &mut DbConn,
        year: Option<i32>,
        district: Option<i32>,
    ) -> QueryResult<Vec<MeetingRow>> {
        let q = meetings::table
            .inner_join(districts::table)
            .order(meetings::starts_at)
            .select((Meeting::as_select(), districts::name))
            .into_boxed();
        Ok(MeetingRow::all(narrowed(q, year, district).load(conn)?))
    }

    /// The facilitators running it: (id, name).
    pub fn facilitators(conn: &mut DbConn, id: i32) -> QueryResult<Vec<(i32, String)>> {
        meeting_facilitators::table
            .inner_join(people::table)
            .filter(meeting_facilitators::meeting_id.eq(id))
            .order(people::name)
            .select((people::id, people::name))
            .load(conn)
    }

    /// Checks the rules for `input` (as meeting `id` when editing) and returns the year it falls
    /// in and the warnings to show.
    fn check(
        conn: &mut DbConn,
        id: Option<i32>,
        input: &MeetingInput,
    ) -> Result<(ProgramYear, Vec<Warning>), AppError> {
        meeting::check_meeting(
            input.starts_at,
            input.ends_at,
            input.modality,
            &input.place,
            &input.video_url,
        )?;
        let year = ProgramYear::current(conn, input.local_date)?
            .filter(|y| y.contains(input.local_date))
            .ok_or_else(|| Violation::new("start", "is not within any program year"))?;
        let convening_dates: Vec<NaiveDate> = convenings::table
            .filter(convenings::program_year_id.eq(year.id))
            .order(convenings::date)
            .select(convenings::date)
            .load(conn)?;
        check_facilitators(conn, &input.facilitator_ids)?;
        if input.kind != MeetingKind::TuneUp {
            return Ok((year, vec![]));
        }
        meeting::check_not_on_convening_day(input.local_date, &convening_dates)?;
        let others = meetings::table
            .filter(meetings::program_year_id.eq(year.id))
            .filter(meetings::district_id.eq(input.district_id))
            .filter(meetings::kind.eq(MeetingKind::TuneUp.as_str()))
            .filter(meetings::cancelled_at.is_null())
            .filter(meetings::id.ne(id.unwrap_or(0)))
            .count()
            .get_result::<i64>(conn)?;
        let warnings =
            meeting::tuneup_warnings(others as usize + 1, input.local_date, &convening_dates);
        Ok((year, warnings))
    }

    /// Schedules a meeting; returns it and the soft-rule warnings.
    pub fn create(
        conn: &mut DbConn,
        by: &AuditActor,
        input: &MeetingInput,
    ) -> Result<(Meeting, Vec<Warning>), AppError> {
        conn.write_transaction(|conn| {
            let (year, warnings) = Meeting::check(conn, None, input)?;
            let id: i32 = crate::per_backend!(conn, |c| diesel::insert_into(meetings::table)
                .values((
                    meetings::program_year_id.eq(year.id),
                    meetings::revision.eq(0),
                    fields(input)
                ))
                .returning(meetings::id)
                .get_result(c))?;
            set_facilitators(conn, id, &input.facilitator_ids)?;
            let meeting = Meeting::find(conn, id)?;
            crate::models::outbox::queue::meeting_created(conn, &meeting, super::now())?;
            meeting.log(conn, by, AuditAction::Created, None)?;
            Ok((meeting, warnings))
        })
    }

    /// Saves an edit made from `version`; a stale version is a conflict with the current record,
    /// a cancelled meeting is not edited. A move re-plans its reminders (in the same transaction).
    pub fn update(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        version: i32,
        input: &MeetingInput,
    ) -> Result<(Meeting, Vec<Warning>), AppError> {
        conn.write_transaction(|conn| {
            let current = Meeting::find(conn, id)?;
            current.check_editable(version, "is cancelled")?;
            let before = current.audited(conn)?;
            let (year, warnings) = Meeting::check(conn, Some(id), input)?;
            let moved = current.starts_at != input.starts_at || current.ends_at != input.ends_at;
            let changes = (
                meetings::program_year_id.eq(year.id),
                meetings::revision.eq(current.revision + i32::from(moved)),
                fields(input),
            );
            let won = crate::update_versioned!(conn, meetings, id, version, changes)?;
            crate::models::versioned::won(won, || Ok(Meeting::find(conn, id)?))?;
            set_facilitators(conn, id, &input.facilitator_ids)?;
            let saved = Meeting::find(conn, id)?;
            crate::models::outbox::queue::meeting_saved(conn, &current, &saved, super::now())?;
            saved.log(conn, by, AuditAction::Updated, Some(before))?;
            Ok((saved, warnings))
        })
    }
}

impl Meeting {
    /// The meeting as the log records it: its row with the ids of its facilitators.
    fn audited(&self, conn: &mut DbConn) -> QueryResult<Option<serde_json::Value>> {
        let mut value = audit::json(self);
        let mut ids: Vec<i32> = Meeting::facilitators(conn, self.id)?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        ids.sort_unstable();
        if let Some(serde_json::Value::Object(map)) = value.as_mut() {
            map.insert("facilitator_ids".into(), ids.into());
        }
        Ok(value)
    }

    /// Logs `action` on this meeting (as it now is; `before` as the log recorded it then).
    pub(super) fn log(
        &self,
        conn: &mut DbConn,
        by: &AuditActor,
        action: AuditAction,
        before: Option<Option<serde_json::Value>>,
    ) -> QueryResult<()> {
        let summary = format!("{} on {}", self.title, self.starts_at.date());
        let after = self.audited(conn)?;
        let change = Change::new(
            action,
            EntityKind::Meeting,
            self.id,
            summary,
            before.flatten(),
            after,
        );
        audit::record(conn, by, change)
    }
}

type Fields = (
    diesel::dsl::Eq<meetings::district_id, i32>,
    diesel::dsl::Eq<meetings::kind, &'static str>,
    diesel::dsl::Eq<meetings::title, String>,
    diesel::dsl::Eq<meetings::starts_at, NaiveDateTime>,
    diesel::dsl::Eq<meetings::ends_at, NaiveDateTime>,
    diesel::dsl::Eq<meetings::modality, &'static str>,
    diesel::dsl::Eq<meetings::place, String>,
    diesel::dsl::Eq<meetings::video_url, String>,
    diesel::dsl::Eq<meetings::notes, String>,
);

fn fields(i: &MeetingInput) -> Fields {
    (
        meetings::district_id.eq(i.district_id),
        meetings::kind.eq(i.kind.as_str()),
        meetings::title.eq(i.title.clone()),
        meetings::starts_at.eq(i.starts_at),
        meetings::ends_at.eq(i.ends_at),
        meetings::modality.eq(i.modality.as_str()),
        meetings::place.eq(i.place.clone()),
        meetings::video_url.eq(i.video_url.clone()),
        meetings::notes.eq(i.notes.clone()),
    )
}

/// Only directors and facilitators run meetings.
fn check_facilitators(conn: &mut DbConn, ids: &[i32]) -> Result<(), AppError> {
    let staff = people::table
        .filter(people::id.eq_any(ids))
        .filter(people::role.ne("member"))
        .count()
        .get_result::<i64>(conn)?;
    if staff as usize != ids.len() {
        return Err(
            Violation::new("facilitator_ids", "must name facilitators or directors").into(),
        );
    }
    Ok(())
}

fn set_facilitators(conn: &mut DbConn, meeting_id: i32, ids: &[i32]) -> QueryResult<()> {
    diesel::delete(
        meeting_facilitators::table.filter(meeting_facilitators::meeting_id.eq(meeting_id)),
    )
    .execute(conn)?;
    let rows: Vec<_> = ids
        .iter()
        .map(|p| {
            (
                meeting_facilitators::meeting_id.eq(meeting_id),
                meeting_facilitators::person_id.eq(*p),
            )
        })
        .collect();
    crate::per_backend!(conn, |c| diesel::insert_into(meeting_facilitators::table)
        .values(&rows)
        .execute(c))?;
    Ok(())
}

impl Meeting {
    /// A page of meetings in id order (the API's cursor: `after` is the last id seen) with
    /// district names, optionally of one year and/or one district. `team_ids` narrows it to the
    /// meetings of those teams' districts in those teams' years (what a member may see); `None`
    /// is everything (staff). One query: a district has at most one team a year, so the join
    /// never repeats a meeting.
    pub fn page(
        conn: &mut DbConn,
        year: Option<i32>,
        district: Option<i32>,
        team_ids: Option<&[i32]>,
        after: Option<i32>,
        limit: i64,
    ) -> QueryResult<Vec<MeetingRow>> {
        use crate::db::schema::teams;
        let same_team = teams::program_year_id
            .eq(meetings::program_year_id)
            .and(teams::district_id.eq(meetings::district_id));
        let q = meetings::table
            .inner_join(districts::table)
            .left_join(teams::table.on(same_team))
            .filter(meetings::id.gt(after.unwrap_or(i32::MIN)))
            .order(meetings::id)
            .limit(limit)
            .select((Meeting::as_select(), districts::name))
            .into_boxed();
        let mut q = narrowed(q, year, district);
        if let Some(ids) = team_ids {
            q = q.filter(teams::id.nullable().eq_any(ids.to_vec()));
        }
        Ok(MeetingRow::all(q.load(conn)?))
    }
}

impl Meeting {
    /// The district's meeting of this kind starting at this instant, if any (the seed's natural
    /// key for a meeting).
    pub fn find_by_key(
        conn: &mut DbConn,
        district_id: i32,
        kind: MeetingKind,
        starts_at: NaiveDateTime,
    ) -> QueryResult<Option<Meeting>> {
        meetings::table
            .filter(meetings::district_id.eq(district_id))
            .filter(meetings::kind.eq(kind.as_str()))
            .filter(meetings::starts_at.eq(starts_at))
            .select(Meeting::as_select())
            .first(conn)
            .optional()
    }
}
