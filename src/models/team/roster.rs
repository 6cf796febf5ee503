//! A team's roster: who is on it, in which role, from which school, and the rules for adding
//! someone (two schools at most, one team a person a year) with the soft ones as warnings.

use super::Team;
use crate::db::DbConn;
use crate::db::schema::{people, schools, team_members};
use crate::domain::audit::EntityKind;
use crate::domain::roles::TeamRole;
use crate::domain::team::{self, RosterEntry};
use crate::domain::{Violation, Warning};
use crate::error::AppError;
use crate::models::audit::{self, AuditActor, Change};
use crate::models::outbox::reconcile;
use diesel::prelude::*;
use serde::Serialize;

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

/// A roster line's new role and school (the person stays).
#[derive(Debug, Clone)]
pub struct MemberChange {
    /// Role on the team.
    pub role: TeamRole,
    /// School, if any; must belong to the team's district.
    pub school_id: Option<i32>,
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
        by: &AuditActor,
        team: &Team,
        new: &NewMember,
    ) -> Result<Vec<Warning>, AppError> {
        conn.write_transaction(|conn| {
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
                .map_err(crate::models::unique_as(
                    "person_id",
                    "is already on a team this program year",
                ))?;
            let line = team_members::table
                .filter(team_members::team_id.eq(team.id))
                .filter(team_members::person_id.eq(new.person_id))
                .select(TeamMember::as_select())
                .first(conn)?;
            line.log(conn, by, team, true)?;
            reconcile::people(conn, &[new.person_id], crate::models::now())?;
            Ok(Team::warnings(conn, team.id)?)
        })
    }

    /// Changes a roster line's role or school after the same hard rules as adding (the line
    /// itself left out of the roster it is checked against), logged as changed by `by`; the
    /// outbox follows (a new senior leader of a host gets its host notes). `None` when the
    /// line is not on this team; otherwise the roster's warnings afterwards.
    pub fn change_member(
        conn: &mut DbConn,
        by: &AuditActor,
        team: &Team,
        member_id: i32,
        change: &MemberChange,
    ) -> Result<Option<Vec<Warning>>, AppError> {
        conn.write_transaction(|conn| {
            let Some(before) = Team::line(conn, team.id, member_id)? else {
                return Ok(None);
            };
            check_school_of_district(conn, team, change.school_id)?;
            let roster: Vec<RosterEntry> = Team::members(conn, team.id)?
                .iter()
                .map(TeamMember::entry)
                .collect();
            team::check_school_change(&roster, before.person_id, change.school_id)?;
            diesel::update(team_members::table.find(member_id))
                .set((
                    team_members::role.eq(change.role.as_str()),
                    team_members::school_id.eq(change.school_id),
                ))
                .execute(conn)?;
            let after =
                Team::line(conn, team.id, member_id)?.ok_or(AppError::NotFound("team member"))?;
            after.log_change(conn, by, team, &before)?;
            reconcile::people(conn, &[after.person_id], crate::models::now())?;
            Ok(Some(Team::warnings(conn, team.id)?))
        })
    }

    fn line(conn: &mut DbConn, team_id: i32, member_id: i32) -> QueryResult<Option<TeamMember>> {
        team_members::table
            .filter(team_members::id.eq(member_id))
            .filter(team_members::team_id.eq(team_id))
            .select(TeamMember::as_select())
            .first(conn)
            .optional()
    }

    /// Removes a roster line, logged as removed by `by`; false when it was not on this team.
    pub fn remove_member(
        conn: &mut DbConn,
        by: &AuditActor,
        team_id: i32,
        member_id: i32,
    ) -> QueryResult<bool> {
        conn.write_transaction(|conn| {
            let Some(line) = Team::line(conn, team_id, member_id)? else {
                return Ok(false);
            };
            diesel::delete(team_members::table.find(line.id)).execute(conn)?;
            let team = Team::find(conn, team_id)?;
            line.log(conn, by, &team, false)?;
            reconcile::people(conn, &[line.person_id], crate::models::now())?;
            Ok(true)
        })
    }
}

impl TeamMember {
    /// Logs this roster line as added to (or removed from) `team` by `by`, with the person's
    /// name in the summary ("Ann Lee, teacher, on Riverton team").
    pub fn log(
        &self,
        conn: &mut DbConn,
        by: &AuditActor,
        team: &Team,
        added: bool,
    ) -> QueryResult<()> {
        let name: String = people::table
            .find(self.person_id)
            .select(people::name)
            .first(conn)?;
        let summary = format!(
            "{name}, {}, on {}",
            self.team_role().label().to_lowercase(),
            team.name
        );
        let change = if added {
            Change::created(EntityKind::TeamMember, self.id, summary, self)
        } else {
            Change::deleted(EntityKind::TeamMember, self.id, summary, self)
        };
        audit::record(conn, by, change)
    }
}

impl TeamMember {
    /// Logs a change of this line's role or school, with its values before and after.
    fn log_change(
        &self,
        conn: &mut DbConn,
        by: &AuditActor,
        team: &Team,
        before: &TeamMember,
    ) -> QueryResult<()> {
        let name: String = people::table
            .find(self.person_id)
            .select(people::name)
            .first(conn)?;
        let summary = format!(
            "{name}, {}, on {}",
            self.team_role().label().to_lowercase(),
            team.name
        );
        let change = Change::updated(EntityKind::TeamMember, self.id, summary, before, self);
        audit::record(conn, by, change)
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
