//! Convenings (four a year, hosted in rotation), their agendas, readings and attendance.

use crate::db::DbConn;
use crate::db::schema::{
    agenda_items, attendances, convenings, districts, memberships, people, readings,
};
use crate::domain::agenda::{self, AgendaSlot};
use crate::domain::attendance::AttendanceStatus;
use crate::domain::convening::{self, ConveningSlot, DayTimes};
use crate::error::AppError;
use chrono::{NaiveDate, NaiveTime};
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

/// A timed agenda item.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = agenda_items)]
pub struct AgendaItem {
    /// Id.
    pub id: i32,
    /// Convening.
    pub convening_id: i32,
    /// Start, local wall-clock on the convening day.
    #[schema(value_type = String, example = "09:00:00")]
    pub start_time: NaiveTime,
    /// Length.
    pub minutes: i32,
    /// Title.
    pub title: String,
    /// welcome | new_learning | team_planning | group_discussion | break | lunch | wrap_up | other.
    pub kind: String,
}

/// Reading to do before a convening.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = readings)]
pub struct Reading {
    /// Id.
    pub id: i32,
    /// Convening.
    pub convening_id: i32,
    /// Title.
    pub title: String,
    /// Link, when online.
    pub url: Option<String>,
    /// A note (a chapter, a handout to bring).
    pub note: Option<String>,
}

/// One person's attendance line with their name.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttendanceLine {
    /// Person.
    pub person_id: i32,
    /// Name.
    pub person_name: String,
    /// invited | attending | not_attending | attended | absent.
    pub status: String,
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
        let existing: Vec<ConveningSlot> = Convening::of_year(conn, year.id)?
            .iter()
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
        year: &ProgramYear,
        input: &ConveningInput,
    ) -> Result<Convening, AppError> {
        conn.transaction(|conn| {
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
            Ok(convenings::table
                .filter(convenings::program_year_id.eq(year.id))
                .filter(convenings::number.eq(input.number))
                .select(Convening::as_select())
                .first(conn)?)
        })
    }

    /// Saves a change after the rules. `version` is the one the editor read: a stale one is a
    /// conflict carrying the current record. Moving the day or its times bumps the revision.
    pub fn update(
        conn: &mut DbConn,
        id: i32,
        version: i32,
        input: &ConveningInput,
    ) -> Result<Convening, AppError> {
        conn.transaction(|conn| {
            let current = Convening::find(conn, id)?;
            if current.version != version {
                return Err(AppError::Conflict(
                    serde_json::to_value(&current).unwrap_or_default(),
                ));
            }
            let year = ProgramYear::find(conn, current.program_year_id)?;
            Convening::check(conn, &year, Some(id), input)?;
            let moved = current.date != input.date
                || current.start_time != input.times.start
                || current.close_time != input.times.close;
            diesel::update(convenings::table.find(id))
                .set((
                    convenings::number.eq(input.number),
                    changes(input),
                    convenings::revision.eq(current.revision + i32::from(moved)),
                    convenings::version.eq(current.version + 1),
                ))
                .execute(conn)
                .map_err(super::unique_as(
                    "number",
                    "this year already has a convening with this number",
                ))?;
            Ok(Convening::find(conn, id)?)
        })
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

impl AgendaItem {
    /// A convening's agenda in time order.
    pub fn of_convening(conn: &mut DbConn, convening_id: i32) -> QueryResult<Vec<AgendaItem>> {
        agenda_items::table
            .filter(agenda_items::convening_id.eq(convening_id))
            .order(agenda_items::start_time)
            .select(AgendaItem::as_select())
            .load(conn)
    }

    /// Adds an item that fits inside the day and overlaps no other.
    pub fn add(
        conn: &mut DbConn,
        c: &Convening,
        start: NaiveTime,
        minutes: i32,
        title: &str,
        kind: agenda::AgendaKind,
    ) -> Result<AgendaItem, AppError> {
        conn.transaction(|conn| {
            let others: Vec<AgendaSlot> = AgendaItem::of_convening(conn, c.id)?
                .iter()
                .map(|a| AgendaSlot {
                    id: Some(a.id),
                    start: a.start_time,
                    minutes: a.minutes,
                })
                .collect();
            agenda::check_agenda_item(
                &c.times(),
                &AgendaSlot {
                    id: None,
                    start,
                    minutes,
                },
                &others,
            )?;
            diesel::insert_into(agenda_items::table)
                .values((
                    agenda_items::convening_id.eq(c.id),
                    agenda_items::start_time.eq(start),
                    agenda_items::minutes.eq(minutes),
                    agenda_items::title.eq(title),
                    agenda_items::kind.eq(kind.as_str()),
                ))
                .execute(conn)?;
            Ok(agenda_items::table
                .filter(agenda_items::convening_id.eq(c.id))
                .filter(agenda_items::start_time.eq(start))
                .select(AgendaItem::as_select())
                .first(conn)?)
        })
    }

    /// Removes an item of the convening; false when there was none.
    pub fn delete(conn: &mut DbConn, convening_id: i32, id: i32) -> QueryResult<bool> {
        diesel::delete(
            agenda_items::table
                .filter(agenda_items::id.eq(id))
                .filter(agenda_items::convening_id.eq(convening_id)),
        )
        .execute(conn)
        .map(|n| n > 0)
    }
}

impl Reading {
    /// A convening's readings.
    pub fn of_convening(conn: &mut DbConn, convening_id: i32) -> QueryResult<Vec<Reading>> {
        readings::table
            .filter(readings::convening_id.eq(convening_id))
            .order(readings::id)
            .select(Reading::as_select())
            .load(conn)
    }

    /// Adds a reading (natural key: convening × title, so seeding twice adds nothing).
    pub fn ensure(
        conn: &mut DbConn,
        convening_id: i32,
        title: &str,
        url: Option<&str>,
        note: Option<&str>,
    ) -> Result<Reading, AppError> {
        crate::per_backend!(conn, |c| diesel::insert_into(readings::table)
            .values((
                readings::convening_id.eq(convening_id),
                readings::title.eq(title),
                readings::url.eq(url),
                readings::note.eq(note),
            ))
            .on_conflict((readings::convening_id, readings::title))
            .do_nothing()
            .execute(c))?;
        Ok(readings::table
            .filter(readings::convening_id.eq(convening_id))
            .filter(readings::title.eq(title))
            .select(Reading::as_select())
            .first(conn)?)
    }

    /// Removes a reading of the convening.
    pub fn delete(conn: &mut DbConn, convening_id: i32, id: i32) -> QueryResult<bool> {
        diesel::delete(
            readings::table
                .filter(readings::id.eq(id))
                .filter(readings::convening_id.eq(convening_id)),
        )
        .execute(conn)
        .map(|n| n > 0)
    }
}

/// Attendance at a convening.
pub struct Attendance;

impl Attendance {
    /// Everyone with an attendance line, by name.
    pub fn of_convening(conn: &mut DbConn, convening_id: i32) -> QueryResult<Vec<AttendanceLine>> {
        Ok(attendances::table
            .inner_join(people::table)
            .filter(attendances::convening_id.eq(convening_id))
            .order(people::name)
            .select((attendances::person_id, people::name, attendances::status))
            .load::<(i32, String, String)>(conn)?
            .into_iter()
            .map(|(person_id, person_name, status)| AttendanceLine {
                person_id,
                person_name,
                status,
            })
            .collect())
    }

    /// One person's status, if they are on the list.
    pub fn status_of(
        conn: &mut DbConn,
        convening_id: i32,
        person_id: i32,
    ) -> QueryResult<Option<String>> {
        attendances::table
            .filter(attendances::convening_id.eq(convening_id))
            .filter(attendances::person_id.eq(person_id))
            .select(attendances::status)
            .first(conn)
            .optional()
    }

    /// Sets a person's status (insert or update by convening × person).
    pub fn set(
        conn: &mut DbConn,
        convening_id: i32,
        person_id: i32,
        status: AttendanceStatus,
    ) -> QueryResult<()> {
        crate::per_backend!(conn, |c| diesel::insert_into(attendances::table)
            .values((
                attendances::convening_id.eq(convening_id),
                attendances::person_id.eq(person_id),
                attendances::status.eq(status.as_str()),
                attendances::updated_at.eq(super::now()),
            ))
            .on_conflict((attendances::convening_id, attendances::person_id))
            .do_update()
            .set((
                attendances::status.eq(status.as_str()),
                attendances::updated_at.eq(super::now())
            ))
            .execute(c))
        .map(|_| ())
    }

    /// Invites a person unless they already have a line (their answer is kept).
    pub fn invite(conn: &mut DbConn, convening_id: i32, person_id: i32) -> QueryResult<()> {
        crate::per_backend!(conn, |c| diesel::insert_into(attendances::table)
            .values((
                attendances::convening_id.eq(convening_id),
                attendances::person_id.eq(person_id),
                attendances::status.eq(AttendanceStatus::Invited.as_str()),
                attendances::updated_at.eq(super::now()),
            ))
            .on_conflict((attendances::convening_id, attendances::person_id))
            .do_nothing()
            .execute(c))
        .map(|_| ())
    }
}

impl Attendance {
    /// Invites everyone expected at a convening — every team member of its year, every
    /// facilitator and every director — keeping answers already given; returns the list's size.
    pub fn invite_expected(conn: &mut DbConn, convening_id: i32) -> QueryResult<usize> {
        use crate::db::schema::team_members;
        let cv = Convening::find(conn, convening_id)?;
        let mut ids: Vec<i32> = team_members::table
            .filter(team_members::program_year_id.eq(cv.program_year_id))
            .select(team_members::person_id)
            .load(conn)?;
        ids.extend(
            people::table
                .filter(people::role.ne("member"))
                .select(people::id)
                .load::<i32>(conn)?,
        );
        ids.sort_unstable();
        ids.dedup();
        conn.transaction(|c| {
            ids.iter()
                .try_for_each(|p| Attendance::invite(c, convening_id, *p))
        })?;
        Ok(ids.len())
    }
}

impl Attendance {
    /// Puts a person on the list with `status` unless they have a line already (natural key
    /// convening × person): a seed run never overwrites an answer someone gave since.
    pub fn ensure(
        conn: &mut DbConn,
        convening_id: i32,
        person_id: i32,
        status: AttendanceStatus,
    ) -> QueryResult<()> {
        crate::per_backend!(conn, |c| diesel::insert_into(attendances::table)
            .values((
                attendances::convening_id.eq(convening_id),
                attendances::person_id.eq(person_id),
                attendances::status.eq(status.as_str()),
                attendances::updated_at.eq(super::now()),
            ))
            .on_conflict((attendances::convening_id, attendances::person_id))
            .do_nothing()
            .execute(c))
        .map(|_| ())
    }
}
