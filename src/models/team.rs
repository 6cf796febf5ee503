//! Teams (one district's team for one program year) and their rosters.

use crate::db::DbConn;
use crate::db::schema::{districts, people, schools, team_members, teams};
use crate::domain::roles::TeamRole;
use crate::domain::team::{self, RosterEntry};
use crate::domain::{Violation, Warning};
use crate::error::AppError;
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

/// One roster line.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = team_members)]
pub struct TeamMember {
    /// Id.
    pub id: i32,
    /// Team.
    pub team_id: i32,
    /// The team's year (repeated so the database refuses two teams a year).
    #[serde(skip)]
    pub program_year_id: i32,
    /// Person.
    pub person_id: i32,
    /// senior_leader | principal | coach | teacher | student.
    pub role: String,
    /// School, when the member belongs to one.
    pub school_id: Option<i32>,
}

/// A roster line with the names people read.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RosterLine {
    /// The line.
    #[serde(flatten)]
    pub member: TeamMember,
    /// Person's name.
    pub person_name: String,
    /// Person's address.
    pub email: String,
    /// School name.
    pub school_name: Option<String>,
}

impl TeamMember {
    /// The role, typed (CHECK-constrained column).
    pub fn team_role(&self) -> TeamRole {
        self.role.parse().unwrap_or(TeamRole::Teacher)
    }

    fn entry(&self) -> RosterEntry {
        RosterEntry {
            person_id: self.person_id,
            role: self.team_role(),
            school_id: self.school_id,
        }
    }
}

/// Adding someone to a roster.
#[derive(Debug, Clone)]
pub struct NewMember {
    /// Person.
    pub person_id: i32,
    /// Role on the team.
    pub role: TeamRole,
    /// School, if any; must belong to the team's district.
    pub school_id: Option<i32>,
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
        let counts: Vec<(i32, i64)> = team_members::table
            .filter(team_members::program_year_id.eq(year_id))
            .group_by(team_members::team_id)
            .select((team_members::team_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(team, district_name)| {
                let member_count = counts.iter().find(|c| c.0 == team.id).map_or(0, |c| c.1);
                TeamRow {
                    team,
                    district_name,
                    member_count,
                }
            })
            .collect())
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

    /// The teams a person is on, any year.
    pub fn ids_of_person(conn: &mut DbConn, person_id: i32) -> QueryResult<Vec<i32>> {
        team_members::table
            .filter(team_members::person_id.eq(person_id))
            .select(team_members::team_id)
            .load(conn)
    }

    /// The district's team for the year, created when missing (natural key year × district).
    pub fn ensure(
        conn: &mut DbConn,
        year_id: i32,
        district_id: i32,
        name: &str,
    ) -> QueryResult<Team> {
        if let Some(t) = Team::of_district(conn, year_id, district_id)? {
            return Ok(t);
        }
        diesel::insert_into(teams::table)
            .values((
                teams::program_year_id.eq(year_id),
                teams::district_id.eq(district_id),
                teams::name.eq(name),
            ))
            .execute(conn)?;
        Team::of_district(conn, year_id, district_id)?.ok_or(diesel::result::Error::NotFound)
    }

    /// The roster with names, by role then name, in one query.
    pub fn roster(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<RosterLine>> {
        let rows: Vec<(TeamMember, String, String, Option<String>)> = team_members::table
            .inner_join(people::table)
            .left_join(schools::table)
            .filter(team_members::team_id.eq(team_id))
            .order(people::name)
            .select((
                TeamMember::as_select(),
                people::name,
                people::email,
                schools::name.nullable(),
            ))
            .load(conn)?;
        let mut lines: Vec<RosterLine> = rows
            .into_iter()
            .map(|(member, person_name, email, school_name)| RosterLine {
                member,
                person_name,
                email,
                school_name,
            })
            .collect();
        lines.sort_by_key(|l| {
            TeamRole::ALL
                .iter()
                .position(|r| *r == l.member.team_role())
        });
        Ok(lines)
    }

    /// The soft-rule warnings for the team as it stands.
    pub fn warnings(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<Warning>> {
        let members = Team::members(conn, team_id)?;
        Ok(team::roster_warnings(
            &members.iter().map(TeamMember::entry).collect::<Vec<_>>(),
        ))
    }

    fn members(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<TeamMember>> {
        team_members::table
            .filter(team_members::team_id.eq(team_id))
            .select(TeamMember::as_select())
            .load(conn)
    }

    /// Adds a member after the hard rules (two schools at most, one team a year, the school is the
    /// district's); returns the roster's warnings afterwards. Runs in one transaction.
    pub fn add_member(
        conn: &mut DbConn,
        team: &Team,
        new: &NewMember,
    ) -> Result<Vec<Warning>, AppError> {
        conn.transaction(|conn| {
            check_school_of_district(conn, team, new.school_id)?;
            let roster: Vec<RosterEntry> = Team::members(conn, team.id)?
                .iter()
                .map(TeamMember::entry)
                .collect();
            let elsewhere = on_other_team(conn, team, new.person_id)?;
            let candidate = RosterEntry {
                person_id: new.person_id,
                role: new.role,
                school_id: new.school_id,
            };
            team::check_new_member(&roster, &candidate, elsewhere)?;
            diesel::insert_into(team_members::table)
                .values((
                    team_members::team_id.eq(team.id),
                    team_members::program_year_id.eq(team.program_year_id),
                    team_members::person_id.eq(new.person_id),
                    team_members::role.eq(new.role.as_str()),
                    team_members::school_id.eq(new.school_id),
                ))
                .execute(conn)
                .map_err(super::unique_as(
                    "person_id",
                    "is already on a team this program year",
                ))?;
            Ok(Team::warnings(conn, team.id)?)
        })
    }

    /// Removes a roster line; false when it was not on this team.
    pub fn remove_member(conn: &mut DbConn, team_id: i32, member_id: i32) -> QueryResult<bool> {
        diesel::delete(
            team_members::table
                .filter(team_members::id.eq(member_id))
                .filter(team_members::team_id.eq(team_id)),
        )
        .execute(conn)
        .map(|n| n > 0)
    }
}

fn check_school_of_district(
    conn: &mut DbConn,
    team: &Team,
    school: Option<i32>,
) -> Result<(), AppError> {
    let Some(id) = school else { return Ok(()) };
    let found = schools::table
        .filter(schools::id.eq(id))
        .filter(schools::district_id.eq(team.district_id))
        .count()
        .get_result::<i64>(conn)?;
    if found == 0 {
        return Err(Violation::new("school_id", "is not a school of this team's district").into());
    }
    Ok(())
}

fn on_other_team(conn: &mut DbConn, team: &Team, person_id: i32) -> QueryResult<bool> {
    team_members::table
        .filter(team_members::program_year_id.eq(team.program_year_id))
        .filter(team_members::person_id.eq(person_id))
        .filter(team_members::team_id.ne(team.id))
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
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
        let ids: Vec<i32> = rows.iter().map(|(t, _)| t.id).collect();
        let counts: Vec<(i32, i64)> = team_members::table
            .filter(team_members::team_id.eq_any(&ids))
            .group_by(team_members::team_id)
            .select((team_members::team_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(team, year_label)| {
                let member_count = counts.iter().find(|c| c.0 == team.id).map_or(0, |c| c.1);
                YearTeamRow {
                    team,
                    year_label,
                    member_count,
                }
            })
            .collect())
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
        let ids: Vec<i32> = rows.iter().map(|(t, _)| t.id).collect();
        let counts: Vec<(i32, i64)> = team_members::table
            .filter(team_members::team_id.eq_any(ids))
            .group_by(team_members::team_id)
            .select((team_members::team_id, diesel::dsl::count_star()))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(team, district_name)| {
                let member_count = counts.iter().find(|c| c.0 == team.id).map_or(0, |c| c.1);
                TeamRow {
                    team,
                    district_name,
                    member_count,
                }
            })
            .collect())
    }

    /// Forms a district's team for a year. A second team for the same district and year is a
    /// field error on `district_id` (checked first for a clear message, and by the unique key).
    pub fn create(
        conn: &mut DbConn,
        year_id: i32,
        district_id: i32,
        name: &str,
    ) -> Result<Team, AppError> {
        if Team::of_district(conn, year_id, district_id)?.is_some() {
            return Err(AppError::invalid("district_id", ONE_TEAM_A_YEAR));
        }
        diesel::insert_into(teams::table)
            .values((
                teams::program_year_id.eq(year_id),
                teams::district_id.eq(district_id),
                teams::name.eq(name),
            ))
            .execute(conn)
            .map_err(super::unique_as("district_id", ONE_TEAM_A_YEAR))?;
        Team::of_district(conn, year_id, district_id)?.ok_or(AppError::NotFound("team"))
    }
}
