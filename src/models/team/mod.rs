//! Teams (one district's team for one program year); their rosters are in `roster`.

mod roster;

pub use roster::{MemberChange, NewMember, RosterLine, TeamMember};

use crate::db::DbConn;
use crate::db::schema::{districts, team_members, teams};
use crate::domain::audit::EntityKind;
use crate::error::AppError;
use crate::models::audit::{self, AuditActor, Change};
use diesel::prelude::*;
use serde::Serialize;

/// A district's team for a year.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = teams)]
pub struct Team {
    /// Id.
    pub id: i32,
    /// Year.
    pub program_year_id: i32,
    /// District.
    pub district_id: i32,
    /// Display name ("Riverton High team").
    pub name: String,
}

/// A team with its district's name, for lists.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamRow {
    /// The team.
    #[serde(flatten)]
    pub team: Team,
    /// District name.
    pub district_name: String,
    /// Members on the roster.
    pub member_count: i64,
}

impl Team {
    /// One team.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Team> {
        teams::table.find(id).select(Team::as_select()).first(conn)
    }

    /// The teams of a year with district names and sizes, in two queries.
    pub fn of_year(conn: &mut DbConn, year_id: i32) -> QueryResult<Vec<TeamRow>> {
        let rows: Vec<(Team, String)> = teams::table
            .inner_join(districts::table)
            .filter(teams::program_year_id.eq(year_id))
            .order(districts::name)
            .select((Team::as_select(), districts::name))
            .load(conn)?;
        with_sizes(conn, rows, TeamRow::new)
    }

    /// The district's team in a year, if it has one.
    pub fn of_district(
        conn: &mut DbConn,
        year_id: i32,
        district_id: i32,
    ) -> QueryResult<Option<Team>> {
        teams::table
            .filter(teams::program_year_id.eq(year_id))
            .filter(teams::district_id.eq(district_id))
            .select(Team::as_select())
            .first(conn)
            .optional()
    }

    /// The teams a person is on, any year, with their role on each (one query: every signed-in
    /// request asks it, and the permission table needs the role).
    pub fn roles_of_person(
        conn: &mut DbConn,
        person_id: i32,
    ) -> QueryResult<Vec<(i32, crate::domain::roles::TeamRole)>> {
        let rows: Vec<(i32, String)> = team_members::table
            .filter(team_members::person_id.eq(person_id))
            .select((team_members::team_id, team_members::role))
            .load(conn)?;
        // The column is CHECK-constrained to the roles; an unknown one would get the least.
        Ok(rows
            .into_iter()
            .map(|(id, role)| {
                let role = role
                    .parse()
                    .unwrap_or(crate::domain::roles::TeamRole::Student);
                (id, role)
            })
            .collect())
    }

    /// The teams a person is on, any year.
    pub fn ids_of_person(conn: &mut DbConn, person_id: i32) -> QueryResult<Vec<i32>> {
        team_members::table
            .filter(team_members::person_id.eq(person_id))
            .select(team_members::team_id)
            .load(conn)
    }

    /// The district's team for the year, created (and logged as made by `by`) when missing
    /// (natural key year × district).
    pub fn ensure(
        conn: &mut DbConn,
        by: &AuditActor,
        year_id: i32,
        district_id: i32,
        name: &str,
    ) -> QueryResult<Team> {
        conn.write_transaction(|conn| {
            if let Some(t) = Team::of_district(conn, year_id, district_id)? {
                return Ok(t);
            }
            insert(conn, year_id, district_id, name)?;
            let team = Team::of_district(conn, year_id, district_id)?
                .ok_or(diesel::result::Error::NotFound)?;
            team.log_created(conn, by)?;
            Ok(team)
        })
    }

    fn log_created(&self, conn: &mut DbConn, by: &AuditActor) -> QueryResult<()> {
        let change = Change::created(EntityKind::Team, self.id, self.name.clone(), self);
        audit::record(conn, by, change)
    }
}

fn insert(conn: &mut DbConn, year_id: i32, district_id: i32, name: &str) -> QueryResult<usize> {
    diesel::insert_into(teams::table)
        .values((
            teams::program_year_id.eq(year_id),
            teams::district_id.eq(district_id),
            teams::name.eq(name),
        ))
        .execute(conn)
}

impl TeamRow {
    fn new(team: Team, district_name: String, member_count: i64) -> TeamRow {
        TeamRow {
            team,
            district_name,
            member_count,
        }
    }
}

/// Each loaded team (with a name that came along, its district's or its year's) made into a
/// row with its roster size: one more query, whatever the number of teams.
fn with_sizes<T>(
    conn: &mut DbConn,
    rows: Vec<(Team, String)>,
    row: impl Fn(Team, String, i64) -> T,
) -> QueryResult<Vec<T>> {
    let ids: Vec<i32> = rows.iter().map(|(t, _)| t.id).collect();
    let counts: Vec<(i32, i64)> = team_members::table
        .filter(team_members::team_id.eq_any(ids))
        .group_by(team_members::team_id)
        .select((team_members::team_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(team, name)| {
            let size = counts.iter().find(|c| c.0 == team.id).map_or(0, |c| c.1);
            row(team, name, size)
        })
        .collect())
}

/// A district's team in one year, for the district page's history.
#[derive(Debug, Clone, Serialize)]
pub struct YearTeamRow {
    /// The team.
    pub team: Team,
    /// The year's label.
    pub year_label: String,
    /// Members on the roster.
    pub member_count: i64,
}

/// A team someone is on, with the year, district and their role, for their profile.
#[derive(Debug, Clone, Serialize)]
pub struct PersonTeamRow {
    /// The team.
    pub team: Team,
    /// The year's label.
    pub year_label: String,
    /// District name.
    pub district_name: String,
    /// Their role on it (team role value).
    pub role: String,
}

impl Team {
    /// A district's teams across the years, newest first, with sizes, in two queries.
    pub fn of_district_by_year(
        conn: &mut DbConn,
        district_id: i32,
    ) -> QueryResult<Vec<YearTeamRow>> {
        use crate::db::schema::program_years;
        let rows: Vec<(Team, String)> = teams::table
            .inner_join(program_years::table)
            .filter(teams::district_id.eq(district_id))
            .order(program_years::start_date.desc())
            .select((Team::as_select(), program_years::label))
            .load(conn)?;
        with_sizes(conn, rows, |team, year_label, member_count| YearTeamRow {
            team,
            year_label,
            member_count,
        })
    }

    /// The teams a person is on, newest year first, in one query.
    pub fn of_person(conn: &mut DbConn, person_id: i32) -> QueryResult<Vec<PersonTeamRow>> {
        use crate::db::schema::program_years;
        let rows: Vec<(Team, String, String, String)> = team_members::table
            .inner_join(
                teams::table
                    .inner_join(program_years::table)
                    .inner_join(districts::table),
            )
            .filter(team_members::person_id.eq(person_id))
            .order(program_years::start_date.desc())
            .select((
                Team::as_select(),
                program_years::label,
                districts::name,
                team_members::role,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(team, year_label, district_name, role)| PersonTeamRow {
                team,
                year_label,
                district_name,
                role,
            })
            .collect())
    }

    /// Who is on which team in a year, as (person id, team id, team name), in one query.
    pub fn assignments(conn: &mut DbConn, year_id: i32) -> QueryResult<Vec<(i32, i32, String)>> {
        team_members::table
            .inner_join(teams::table)
            .filter(team_members::program_year_id.eq(year_id))
            .select((team_members::person_id, teams::id, teams::name))
            .load(conn)
    }
}

/// Why a second team for a district and year is refused.
const ONE_TEAM_A_YEAR: &str = "already has a team in this program year";

impl Team {
    /// A page of a year's teams in id order (the API's cursor: `after` is the last id seen),
    /// with district names and sizes, in two queries whatever the page's length.
    pub fn page_of_year(
        conn: &mut DbConn,
        year_id: i32,
        after: Option<i32>,
        limit: i64,
    ) -> QueryResult<Vec<TeamRow>> {
        let rows: Vec<(Team, String)> = teams::table
            .inner_join(districts::table)
            .filter(teams::program_year_id.eq(year_id))
            .filter(teams::id.gt(after.unwrap_or(i32::MIN)))
            .order(teams::id)
            .limit(limit)
            .select((Team::as_select(), districts::name))
            .load(conn)?;
        with_sizes(conn, rows, TeamRow::new)
    }

    /// Forms a district's team for a year. A second team for the same district and year is a
    /// field error on `district_id` (checked first for a clear message, and by the unique key).
    pub fn create(
        conn: &mut DbConn,
        by: &AuditActor,
        year_id: i32,
        district_id: i32,
        name: &str,
    ) -> Result<Team, AppError> {
        conn.write_transaction(|conn| {
            if Team::of_district(conn, year_id, district_id)?.is_some() {
                return Err(AppError::invalid("district_id", ONE_TEAM_A_YEAR));
            }
            insert(conn, year_id, district_id, name)
                .map_err(super::unique_as("district_id", ONE_TEAM_A_YEAR))?;
            let team =
                Team::of_district(conn, year_id, district_id)?.ok_or(AppError::NotFound("team"))?;
            team.log_created(conn, by)?;
            Ok(team)
        })
    }
}
