//! Observations: one value of one measure for one classroom on one date, by an observer,
//! optionally tied to a cycle, with a note. Unique per (classroom, measure, date); edits carry a
//! `version` so that a stale save is refused rather than lost. How drafts are checked is in
//! `check`; importing many at once (bulk requests, CSV files, the command line) in `import`.

mod check;
mod import;
pub mod rollup;

pub use check::{Context, Draft, ObservationInput, Origin, RawValue, Ref};
pub use import::{ImportReport, import};

use crate::db::DbConn;
use crate::db::schema::{classrooms, measures, observations, people};
use crate::domain::audit::EntityKind;
use crate::error::AppError;
use crate::models::audit::{self, AuditActor, Change};
use crate::models::versioned;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

/// An observation.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = observations)]
pub struct Observation {
    /// Id.
    pub id: i32,
    /// Classroom.
    pub classroom_id: i32,
    /// Measure.
    pub measure_id: i32,
    /// The day it was seen.
    pub date: NaiveDate,
    /// The value, fitting the measure.
    pub value: f64,
    /// Who recorded it (none for a command-line import).
    pub observer_person_id: Option<i32>,
    /// The cycle it is evidence for.
    pub cycle_id: Option<i32>,
    /// Note.
    pub note: String,
    /// Optimistic-lock version.
    pub version: i32,
    /// Recorded, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub created_at: NaiveDateTime,
    /// Last changed, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub updated_at: NaiveDateTime,
}

/// An observation with the names people read, for lists and files.
#[derive(Debug, Clone)]
pub struct ObservationRow {
    /// The observation.
    pub observation: Observation,
    /// The classroom's team.
    pub team_id: i32,
    /// The classroom's label.
    pub classroom_label: String,
    /// The measure's name.
    pub measure_name: String,
    /// The observer's name.
    pub observer_name: Option<String>,
}

/// The filters of an observations list; each narrows it when given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    /// One measure.
    pub measure: Option<i32>,
    /// One classroom.
    pub classroom: Option<i32>,
    /// On or after this date.
    pub from: Option<NaiveDate>,
    /// On or before this date.
    pub to: Option<NaiveDate>,
    /// Tied to one cycle.
    pub cycle: Option<i32>,
}

/// Why a second value for the same classroom, measure and date is refused.
pub const DUPLICATE: &str =
    "this classroom already has a value of this measure on this date (replace it instead)";

/// Today in the collective's zone: an observation may be dated up to this day.
pub fn local_today(conn: &mut DbConn) -> QueryResult<NaiveDate> {
    Ok(super::collective::Collective::get(conn)?.today())
}

/// The joined query every observation list starts from, narrowed to a team and the filters.
macro_rules! team_rows {
    ($team_id:expr, $filter:expr) => {{
        let f: Filter = $filter;
        let mut q = observations::table
            .inner_join(classrooms::table)
            .inner_join(measures::table)
            .left_join(people::table)
            .filter(classrooms::team_id.eq($team_id))
            .select((
                Observation::as_select(),
                classrooms::team_id,
                classrooms::label,
                measures::name,
                people::name.nullable(),
            ))
            .into_boxed();
        if let Some(m) = f.measure {
            q = q.filter(observations::measure_id.eq(m));
        }
        if let Some(c) = f.classroom {
            q = q.filter(observations::classroom_id.eq(c));
        }
        if let Some(d) = f.from {
            q = q.filter(observations::date.ge(d));
        }
        if let Some(d) = f.to {
            q = q.filter(observations::date.le(d));
        }
        if let Some(c) = f.cycle {
            q = q.filter(observations::cycle_id.eq(c));
        }
        q
    }};
}

type Joined = (Observation, i32, String, String, Option<String>);

impl ObservationRow {
    fn new((observation, team_id, classroom_label, measure_name, observer_name): Joined) -> Self {
        ObservationRow {
            observation,
            team_id,
            classroom_label,
            measure_name,
            observer_name,
        }
    }
}

impl Observation {
    /// One observation.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Observation> {
        observations::table
            .find(id)
            .select(Observation::as_select())
            .first(conn)
    }

    /// One observation with its names.
    pub fn row(conn: &mut DbConn, id: i32) -> QueryResult<ObservationRow> {
        observations::table
            .inner_join(classrooms::table)
            .inner_join(measures::table)
            .left_join(people::table)
            .filter(observations::id.eq(id))
            .select((
                Observation::as_select(),
                classrooms::team_id,
                classrooms::label,
                measures::name,
                people::name.nullable(),
            ))
            .first(conn)
            .map(ObservationRow::new)
    }

    /// The team an observation belongs to (through its classroom).
    pub fn team_of(conn: &mut DbConn, id: i32) -> QueryResult<i32> {
        observations::table
            .inner_join(classrooms::table)
            .filter(observations::id.eq(id))
            .select(classrooms::team_id)
            .first(conn)
    }

    /// A page of a team's observations in id order (the API's cursor: `after` is the last id
    /// seen), with names, in one query whatever the page's length.
    pub fn page(
        conn: &mut DbConn,
        team_id: i32,
        filter: Filter,
        after: Option<i32>,
        limit: i64,
    ) -> QueryResult<Vec<ObservationRow>> {
        let rows: Vec<Joined> = team_rows!(team_id, filter)
            .filter(observations::id.gt(after.unwrap_or(i32::MIN)))
            .order(observations::id)
            .limit(limit)
            .load(conn)?;
        Ok(rows.into_iter().map(ObservationRow::new).collect())
    }

    /// All of a team's observations that pass the filter, by date, classroom and measure (for
    /// files), in one query.
    pub fn all_of_team(
        conn: &mut DbConn,
        team_id: i32,
        filter: Filter,
    ) -> QueryResult<Vec<ObservationRow>> {
        let rows: Vec<Joined> = team_rows!(team_id, filter)
            .order((
                observations::date,
                classrooms::label,
                measures::name,
                observations::id,
            ))
            .load(conn)?;
        Ok(rows.into_iter().map(ObservationRow::new).collect())
    }
}

impl Observation {
    /// Records one observation by `observer`; every broken rule comes back at once, and a
    /// second value for the same classroom, measure and date is refused (field `date`).
    pub fn create(
        conn: &mut DbConn,
        by: &AuditActor,
        ctx: &Context,
        draft: &Draft,
        observer: Option<i32>,
    ) -> Result<Observation, AppError> {
        let input = ctx.check(draft, Origin::Body).map_err(AppError::Invalid)?;
        conn.write_transaction(|conn| {
            if Observation::find_by_key(conn, input.key())?.is_some() {
                return Err(AppError::invalid("date", DUPLICATE));
            }
            let now = super::now();
            let id: i32 = crate::per_backend!(conn, |c| diesel::insert_into(observations::table)
                .values((
                    fields(&input, observer, now),
                    observations::created_at.eq(now),
                ))
                .returning(observations::id)
                .get_result(c))
            .map_err(super::unique_as("date", DUPLICATE))?;
            let made = Observation::find(conn, id)?;
            let summary = ctx.describe(&made);
            audit::record(
                conn,
                by,
                Change::created(EntityKind::Observation, id, summary, &made),
            )?;
            Ok(made)
        })
    }

    /// Saves an edit made from `version` by `observer`; a stale version is a conflict carrying
    /// the observation as it stands (the caller shapes it for its answer).
    pub fn update(
        conn: &mut DbConn,
        by: &AuditActor,
        ctx: &Context,
        id: i32,
        version: i32,
        draft: &Draft,
        observer: Option<i32>,
    ) -> Result<Observation, AppError> {
        conn.write_transaction(|conn| {
            let current = Observation::find(conn, id)?;
            versioned::check(&current, current.version, version)?;
            let input = ctx.check(draft, Origin::Body).map_err(AppError::Invalid)?;
            let other = Observation::find_by_key(conn, input.key())?;
            if other.is_some_and(|o| o.id != id) {
                return Err(AppError::invalid("date", DUPLICATE));
            }
            let changes = fields(&input, observer, super::now());
            let saved = crate::update_versioned!(conn, observations, id, version, changes)
                .map_err(super::unique_as("date", DUPLICATE))?;
            versioned::won(saved, || Ok(Observation::find(conn, id)?))?;
            let after = Observation::find(conn, id)?;
            let summary = ctx.describe(&after);
            let change = Change::updated(EntityKind::Observation, id, summary, &current, &after);
            audit::record(conn, by, change)?;
            Ok(after)
        })
    }

    /// Deletes an observation, logged as deleted by `by`; whether it existed.
    pub fn delete(conn: &mut DbConn, by: &AuditActor, id: i32) -> QueryResult<bool> {
        conn.write_transaction(|conn| {
            let Some(gone) = observations::table
                .find(id)
                .select(Observation::as_select())
                .first(conn)
                .optional()?
            else {
                return Ok(false);
            };
            let (label, measure): (String, String) = observations::table
                .find(id)
                .inner_join(classrooms::table)
                .inner_join(measures::table)
                .select((classrooms::label, measures::name))
                .first(conn)?;
            diesel::delete(observations::table.find(id)).execute(conn)?;
            let summary = describe(&label, &measure, gone.date);
            audit::record(
                conn,
                by,
                Change::deleted(EntityKind::Observation, id, summary, &gone),
            )?;
            Ok(true)
        })
    }

    /// The observation with this natural key, if any.
    pub fn find_by_key(
        conn: &mut DbConn,
        (classroom_id, measure_id, date): (i32, i32, NaiveDate),
    ) -> QueryResult<Option<Observation>> {
        observations::table
            .filter(observations::classroom_id.eq(classroom_id))
            .filter(observations::measure_id.eq(measure_id))
            .filter(observations::date.eq(date))
            .select(Observation::as_select())
            .first(conn)
            .optional()
    }
}

impl Context {
    /// How the log names `o`, from the team's classrooms and measures already loaded.
    pub fn describe(&self, o: &Observation) -> String {
        let classroom = self
            .classrooms
            .iter()
            .find(|c| c.id == o.classroom_id)
            .map_or("a classroom", |c| c.label.as_str());
        let measure = self
            .measures
            .iter()
            .find(|m| m.id == o.measure_id)
            .map_or("a measure", |m| m.name.as_str());
        describe(classroom, measure, o.date)
    }
}

/// "Room 12: Discourse on 2026-09-14": how the log names an observation.
fn describe(classroom: &str, measure: &str, date: NaiveDate) -> String {
    format!("{classroom}: {measure} on {date}")
}

type Fields = (
    diesel::dsl::Eq<observations::classroom_id, i32>,
    diesel::dsl::Eq<observations::measure_id, i32>,
    diesel::dsl::Eq<observations::date, NaiveDate>,
    diesel::dsl::Eq<observations::value, f64>,
    diesel::dsl::Eq<observations::observer_person_id, Option<i32>>,
    diesel::dsl::Eq<observations::cycle_id, Option<i32>>,
    diesel::dsl::Eq<observations::note, String>,
    diesel::dsl::Eq<observations::updated_at, NaiveDateTime>,
);

/// The stored fields of a checked observation.
fn fields(i: &ObservationInput, observer: Option<i32>, now: NaiveDateTime) -> Fields {
    (
        observations::classroom_id.eq(i.classroom_id),
        observations::measure_id.eq(i.measure_id),
        observations::date.eq(i.date),
        observations::value.eq(i.value),
        observations::observer_person_id.eq(observer),
        observations::cycle_id.eq(i.cycle_id),
        observations::note.eq(i.note.clone()),
        observations::updated_at.eq(now),
    )
}

/// One observation as the variation charts read it: (classroom, date, value, cycle).
pub type ValueRow = (i32, NaiveDate, f64, Option<i32>);

impl Observation {
    /// A team's values of one measure as (classroom, date, value, cycle), by date and
    /// classroom, in one query: what the variation charts summarise period by period.
    pub fn values_of_team(
        conn: &mut DbConn,
        team_id: i32,
        measure_id: i32,
    ) -> QueryResult<Vec<ValueRow>> {
        observations::table
            .inner_join(classrooms::table)
            .filter(classrooms::team_id.eq(team_id))
            .filter(observations::measure_id.eq(measure_id))
            .order((
                observations::date,
                observations::classroom_id,
                observations::id,
            ))
            .select((
                observations::classroom_id,
                observations::date,
                observations::value,
                observations::cycle_id,
            ))
            .load(conn)
    }
}
