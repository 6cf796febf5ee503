//! Convenings (four a year, hosted in rotation); their agendas and readings (`agenda`) and
//! attendance (`attendance`).

mod agenda;
mod attendance;
mod cancel;

pub use agenda::{AgendaItem, Reading};
pub use attendance::{Attendance, AttendanceLine};

use crate::db::DbConn;
use crate::db::schema::{convenings, districts, memberships};
use crate::domain::audit::{AuditAction, EntityKind};
use crate::domain::convening::{self, ConveningSlot, DayTimes};
use crate::error::AppError;
use crate::models::audit::{self, AuditActor, Change};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use serde::Serialize;

use super::year::ProgramYear;

/// A convening day.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = convenings)]
pub struct Convening {
    /// Id.
    pub id: i32,
    /// Year.
    pub program_year_id: i32,
    /// 1–4 within the year.
    pub number: i32,
    /// The day, in the collective's calendar.
    pub date: NaiveDate,
    /// Host district (pays for food).
    pub host_district_id: i32,
    /// Where.
    pub venue: String,
    /// Breakfast, local wall-clock.
    #[schema(value_type = String, example = "08:30:00")]
    pub breakfast_time: NaiveTime,
    /// Agenda start.
    #[schema(value_type = String, example = "09:00:00")]
    pub start_time: NaiveTime,
    /// Close.
    #[schema(value_type = String, example = "15:30:00")]
    pub close_time: NaiveTime,
    /// Food cost borne by the host, cents.
    pub food_cost_cents: i64,
    /// Bumped when the date or times move (calendar SEQUENCE, reminders).
    pub revision: i32,
    /// Optimistic-lock version.
    pub version: i32,
    /// When it was called off (kept, with its history); `None` while it stands.
    #[serde(serialize_with = "crate::domain::instant::option")]
    pub cancelled_at: Option<NaiveDateTime>,
}

/// What a director sets on a convening.
#[derive(Debug, Clone)]
pub struct ConveningInput {
    /// 1–4.
    pub number: i32,
    /// Day.
    pub date: NaiveDate,
    /// Host.
    pub host_district_id: i32,
    /// Venue.
    pub venue: String,
    /// Times of the day.
    pub times: DayTimes,
    /// Food cost, cents.
    pub food_cost_cents: i64,
}

/// A convening with its host's name, for lists.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConveningRow {
    /// The convening.
    #[serde(flatten)]
    pub convening: Convening,
    /// Host district name.
    pub host_name: String,
}

impl Convening {
    /// One convening.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Convening> {
        convenings::table
            .find(id)
            .select(Convening::as_select())
            .first(conn)
    }

    /// A year's convenings by number, with host names, in one query.
    pub fn of_year(conn: &mut DbConn, year_id: i32) -> QueryResult<Vec<ConveningRow>> {
        Convening::rows(conn, Some(year_id))
    }

    /// Every convening of every year with host names, by date (the hosting history).
    pub fn all(conn: &mut DbConn) -> QueryResult<Vec<ConveningRow>> {
        Convening::rows(conn, None)
    }

    fn rows(conn: &mut DbConn, year: Option<i32>) -> QueryResult<Vec<ConveningRow>> {
        let mut q = convenings::table
            .inner_join(districts::table)
            .order(convenings::date)
            .select((Convening::as_select(), districts::name))
            .into_boxed();
        if let Some(y) = year {
            q = q.filter(convenings::program_year_id.eq(y));
        }
        Ok(q.load::<(Convening, String)>(conn)?
            .into_iter()
            .map(|(convening, host_name)| ConveningRow {
                convening,
                host_name,
            })
            .collect())
    }

    fn slot(&self) -> ConveningSlot {
        ConveningSlot {
            id: Some(self.id),
            number: self.number,
            date: self.date,
            host_district_id: self.host_district_id,
        }
    }

    fn check(
        conn: &mut DbConn,
        year: &ProgramYear,
        id: Option<i32>,
        input: &ConveningInput,
    ) -> Result<(), AppError> {
        convening::check_day_times(&input.times)?;
        // A cancelled convening holds neither its number nor its day: it can be replaced.
        let existing: Vec<ConveningSlot> = Convening::of_year(conn, year.id)?
            .iter()
            .filter(|r| r.convening.cancelled_at.is_none())
            .map(|r| r.convening.slot())
            .collect();
        let members: Vec<i32> = memberships::table
            .filter(memberships::program_year_id.eq(year.id))
            .select(memberships::district_id)
            .load(conn)?;
        let slot = ConveningSlot {
            id,
            number: input.number,
            date: input.date,
            host_district_id: input.host_district_id,
        };
        convening::check_convening(&slot, &existing, &members, (year.start_date, year.end_date))?;
        Ok(())
    }

    /// Creates a convening after the year's rules.
    pub fn create(
        conn: &mut DbConn,
        by: &AuditActor,
        year: &ProgramYear,
        input: &ConveningInput,
    ) -> Result<Convening, AppError> {
        conn.write_transaction(|conn| {
            Convening::check(conn, year, None, input)?;
            diesel::insert_into(convenings::table)
                .values((
                    convenings::program_year_id.eq(year.id),
                    convenings::number.eq(input.number),
                    changes(input),
                ))
                .execute(conn)
                .map_err(super::unique_as(
                    "number",
                    "this year already has a convening with this number",
                ))?;
            let made = convenings::table
                .filter(convenings::program_year_id.eq(year.id))
                .filter(convenings::number.eq(input.number))
                .filter(convenings::cancelled_at.is_null())
                .select(Convening::as_select())
                .first(conn)?;
            crate::models::outbox::queue::convening_created(conn, &made, super::now())?;
            made.log(conn, by, AuditAction::Created, None)?;
            Ok(made)
        })
    }

    /// Saves a change after the rules. `version` is the one the editor read: a stale one is a
    /// conflict carrying the current record; a cancelled convening is not edited. Moving the day or
    /// its times bumps the revision and re-plans its reminders (in the same transaction).
    pub fn update(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        version: i32,
        input: &ConveningInput,
    ) -> Result<Convening, AppError> {
        conn.write_transaction(|conn| {
            let current = Convening::find(conn, id)?;
            current.check_editable(version, "is cancelled")?;
            let year = ProgramYear::find(conn, current.program_year_id)?;
            Convening::check(conn, &year, Some(id), input)?;
            let moved = current.date != input.date
                || current.breakfast_time != input.times.breakfast
                || current.start_time != input.times.start
                || current.close_time != input.times.close;
            let values = (
                convenings::number.eq(input.number),
                changes(input),
                convenings::revision.eq(current.revision + i32::from(moved)),
            );
            let won = crate::update_versioned!(conn, convenings, id, version, values).map_err(
                super::unique_as(
                    "number",
                    "this year already has a convening with this number",
                ),
            )?;
            crate::models::versioned::won(won, || Ok(Convening::find(conn, id)?))?;
            let saved = Convening::find(conn, id)?;
            crate::models::outbox::queue::convening_saved(conn, &current, &saved, super::now())?;
            saved.log(conn, by, AuditAction::Updated, Some(&current))?;
            Ok(saved)
        })
    }

    /// Logs `action` on this convening (as it now is; `before` as it was) by `by`.
    pub(super) fn log(
        &self,
        conn: &mut DbConn,
        by: &AuditActor,
        action: AuditAction,
        before: Option<&Convening>,
    ) -> QueryResult<()> {
        let summary = format!("Convening {} on {}", self.number, self.date);
        let before = before.and_then(audit::json);
        let change = Change::new(
            action,
            EntityKind::Convening,
            self.id,
            summary,
            before,
            audit::json(self),
        );
        audit::record(conn, by, change)
    }

    /// The day as instants, UTC: from breakfast (when people arrive, so reminders stop and
    /// calendars start there) to the close, read in the collective's zone `tz`.
    pub fn span_utc(&self, tz: chrono_tz::Tz) -> (NaiveDateTime, NaiveDateTime) {
        use crate::domain::reminder::local_to_utc;
        (
            local_to_utc(tz, self.date.and_time(self.breakfast_time)),
            local_to_utc(tz, self.date.and_time(self.close_time)),
        )
    }

    /// The day's times.
    pub fn times(&self) -> DayTimes {
        DayTimes {
            breakfast: self.breakfast_time,
            start: self.start_time,
            close: self.close_time,
        }
    }
}

type Changes = (
    diesel::dsl::Eq<convenings::date, NaiveDate>,
    diesel::dsl::Eq<convenings::host_district_id, i32>,
    diesel::dsl::Eq<convenings::venue, String>,
    diesel::dsl::Eq<convenings::breakfast_time, NaiveTime>,
    diesel::dsl::Eq<convenings::start_time, NaiveTime>,
    diesel::dsl::Eq<convenings::close_time, NaiveTime>,
    diesel::dsl::Eq<convenings::food_cost_cents, i64>,
);

fn changes(i: &ConveningInput) -> Changes {
    (
        convenings::date.eq(i.date),
        convenings::host_district_id.eq(i.host_district_id),
        convenings::venue.eq(i.venue.clone()),
        convenings::breakfast_time.eq(i.times.breakfast),
        convenings::start_time.eq(i.times.start),
        convenings::close_time.eq(i.times.close),
        convenings::food_cost_cents.eq(i.food_cost_cents),
    )
}
