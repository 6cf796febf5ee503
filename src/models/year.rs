//! Program years and the districts that are members of them.

use crate::db::DbConn;
use crate::db::schema::{districts, memberships, program_years};
use crate::domain::audit::EntityKind;
use crate::models::audit::{self, AuditActor, Change};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

/// A program year ("2026-27"), by default 1 August to 30 June.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = program_years)]
pub struct ProgramYear {
    /// Id.
    pub id: i32,
    /// The collective it belongs to.
    pub collective_id: i32,
    /// Label shown to people.
    pub label: String,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day.
    pub end_date: NaiveDate,
}

/// A year to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = program_years)]
pub struct NewProgramYear {
    /// Collective.
    pub collective_id: i32,
    /// Label.
    pub label: String,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day.
    pub end_date: NaiveDate,
}

impl ProgramYear {
    /// All years, newest first.
    pub fn list(conn: &mut DbConn) -> QueryResult<Vec<ProgramYear>> {
        program_years::table
            .order(program_years::start_date.desc())
            .select(ProgramYear::as_select())
            .load(conn)
    }

    /// One year by id.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<ProgramYear> {
        program_years::table
            .find(id)
            .select(ProgramYear::as_select())
            .first(conn)
    }

    /// The year with this label, if any.
    pub fn find_by_label(conn: &mut DbConn, label: &str) -> QueryResult<Option<ProgramYear>> {
        program_years::table
            .filter(program_years::label.eq(label))
            .select(ProgramYear::as_select())
            .first(conn)
            .optional()
    }

    /// The year containing `day`, else the next one to start, else the latest one.
    pub fn current(conn: &mut DbConn, day: NaiveDate) -> QueryResult<Option<ProgramYear>> {
        let years = ProgramYear::list(conn)?;
        let containing = years
            .iter()
            .find(|y| y.start_date <= day && day <= y.end_date);
        let upcoming = years
            .iter()
            .filter(|y| y.start_date > day)
            .min_by_key(|y| y.start_date);
        Ok(containing.or(upcoming).or(years.first()).cloned())
    }

    /// Inserts a year and returns it.
    pub fn create(conn: &mut DbConn, new: &NewProgramYear) -> QueryResult<ProgramYear> {
        diesel::insert_into(program_years::table)
            .values(new)
            .execute(conn)?;
        program_years::table
            .filter(program_years::label.eq(&new.label))
            .select(ProgramYear::as_select())
            .first(conn)
    }

    /// Whether `day` falls within the year.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start_date <= day && day <= self.end_date
    }
}

/// A district's membership of a year: its fee, what it has paid, and its workshop seats.
#[derive(
    Debug, Clone, Queryable, Selectable, Identifiable, AsChangeset, Serialize, utoipa::ToSchema,
)]
#[diesel(table_name = memberships)]
pub struct Membership {
    /// Id.
    pub id: i32,
    /// Year.
    pub program_year_id: i32,
    /// District.
    pub district_id: i32,
    /// Fee owed, cents.
    pub fee_cents: i64,
    /// Paid so far, cents.
    pub paid_cents: i64,
    /// Complimentary workshop seats.
    pub workshop_seats: i32,
    /// When the district left the year (its team is no longer invited); `None` while a member.
    #[serde(serialize_with = "crate::domain::instant::option")]
    pub withdrawn_at: Option<chrono::NaiveDateTime>,
}

/// A membership to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = memberships)]
pub struct NewMembership {
    /// Year.
    pub program_year_id: i32,
    /// District.
    pub district_id: i32,
    /// Fee, cents.
    pub fee_cents: i64,
    /// Paid, cents.
    pub paid_cents: i64,
    /// Seats.
    pub workshop_seats: i32,
}

/// A membership with its district's name, for lists.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MemberRow {
    /// The membership.
    #[serde(flatten)]
    pub membership: Membership,
    /// District name.
    pub district_name: String,
}

impl Membership {
    /// The members of a year, by district name, in one query.
    pub fn of_year(conn: &mut DbConn, year_id: i32) -> QueryResult<Vec<MemberRow>> {
        memberships::table
            .inner_join(districts::table)
            .filter(memberships::program_year_id.eq(year_id))
            .order(districts::name)
            .select((Membership::as_select(), districts::name))
            .load::<(Membership, String)>(conn)
            .map(|rows| {
                rows.into_iter()
                    .map(|(membership, district_name)| MemberRow {
                        membership,
                        district_name,
                    })
                    .collect()
            })
    }

    /// One membership.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Membership> {
        memberships::table
            .find(id)
            .select(Membership::as_select())
            .first(conn)
    }

    /// Whether the district is a member of the year.
    pub fn is_member(conn: &mut DbConn, year_id: i32, district_id: i32) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            memberships::table
                .filter(memberships::program_year_id.eq(year_id))
                .filter(memberships::district_id.eq(district_id)),
        ))
        .get_result(conn)
    }

    /// Adds a district to a year; when it is already a member, returns that membership as it
    /// stands (idempotent by the natural key year × district, which the seed and the roll-over
    /// rely on, and a director's edits to the terms are kept).
    pub fn ensure(
        conn: &mut DbConn,
        by: &AuditActor,
        new: &NewMembership,
    ) -> QueryResult<Membership> {
        conn.write_transaction(|conn| {
            let existing = Membership::of(conn, new.program_year_id, new.district_id)?;
            if let Some(m) = existing {
                return Ok(m);
            }
            diesel::insert_into(memberships::table)
                .values(new)
                .execute(conn)?;
            let made = Membership::of(conn, new.program_year_id, new.district_id)?
                .ok_or(diesel::result::Error::NotFound)?;
            let summary = made.describe(conn)?;
            audit::record(
                conn,
                by,
                Change::created(EntityKind::Membership, made.id, summary, &made),
            )?;
            Ok(made)
        })
    }

    fn of(conn: &mut DbConn, year_id: i32, district_id: i32) -> QueryResult<Option<Membership>> {
        memberships::table
            .filter(memberships::program_year_id.eq(year_id))
            .filter(memberships::district_id.eq(district_id))
            .select(Membership::as_select())
            .first(conn)
            .optional()
    }

    /// Saves changed terms, logging what changed as done by `by`.
    pub fn save(&self, conn: &mut DbConn, by: &AuditActor) -> QueryResult<()> {
        conn.write_transaction(|conn| {
            let before = Membership::find(conn, self.id)?;
            diesel::update(memberships::table.find(self.id))
                .set(self)
                .execute(conn)?;
            let after = Membership::find(conn, self.id)?;
            let summary = after.describe(conn)?;
            audit::record(
                conn,
                by,
                Change::updated(EntityKind::Membership, self.id, summary, &before, &after),
            )
        })
    }

    /// "Riverton in 2026-27": how the log names a membership.
    pub fn describe(&self, conn: &mut DbConn) -> QueryResult<String> {
        let district: String = districts::table
            .find(self.district_id)
            .select(districts::name)
            .first(conn)?;
        let year: String = program_years::table
            .find(self.program_year_id)
            .select(program_years::label)
            .first(conn)?;
        Ok(format!("{district} in {year}"))
    }

    /// What is still owed, in cents (negative when overpaid).
    pub fn balance_cents(&self) -> i64 {
        self.fee_cents - self.paid_cents
    }
}

impl ProgramYear {
    /// The year pages call "this year": the one containing today in the collective's zone (else
    /// the next to start, else the latest), so that the evening in the west does not already
    /// count as tomorrow's date in UTC.
    pub fn this_year(conn: &mut DbConn) -> QueryResult<Option<ProgramYear>> {
        let today = super::collective::Collective::get(conn)?.today();
        ProgramYear::current(conn, today)
    }
}

impl ProgramYear {
    /// The year with this label, created when missing (natural key: label); an existing year
    /// keeps its dates, so a director's changes survive a re-seed.
    pub fn ensure(conn: &mut DbConn, new: &NewProgramYear) -> QueryResult<ProgramYear> {
        match ProgramYear::find_by_label(conn, &new.label)? {
            Some(year) => Ok(year),
            None => ProgramYear::create(conn, new),
        }
    }
}
