//! "Start the next year": a new program year that begins as a copy of the last one, for the
//! director to adjust: memberships, teams with their rosters and classrooms, and the year's
//! shared measures with their rubric levels. Observations, cycles and team-owned measures stay
//! with the year they belong to.

use crate::db::DbConn;
use crate::db::schema::team_members;
use crate::domain::year;
use crate::error::AppError;
use crate::models::audit::AuditActor;
use diesel::prelude::*;

use super::classroom::Classroom;
use super::measure::Measure;
use super::team::{Team, TeamMember};
use super::year::{Membership, NewMembership, NewProgramYear, ProgramYear};

/// What the roll-over made.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Rollover {
    /// The new year.
    pub year: ProgramYear,
    /// Memberships copied.
    pub memberships: usize,
    /// Teams copied.
    pub teams: usize,
    /// Roster lines copied.
    pub team_members: usize,
    /// Shared measures copied, with their rubric levels.
    pub measures: usize,
    /// Classrooms copied to the teams' copies.
    pub classrooms: usize,
}

/// Creates the year after `from` with its memberships (same fee and seats, nothing paid yet)
/// and its teams and rosters, in one transaction, each copy logged as made by `by`. Refused when
/// that year exists already.
pub fn start_next_year(
    conn: &mut DbConn,
    by: &AuditActor,
    from: &ProgramYear,
) -> Result<Rollover, AppError> {
    conn.write_transaction(|conn| {
        let (start_date, end_date) = year::next_span(from.start_date, from.end_date);
        let label = year::next_label(&from.label, start_date);
        if ProgramYear::find_by_label(conn, &label)?.is_some() {
            return Err(AppError::invalid(
                "label",
                format!("the year {label} exists already"),
            ));
        }
        let new = NewProgramYear {
            collective_id: from.collective_id,
            label,
            start_date,
            end_date,
        };
        let next = ProgramYear::create(conn, &new)?;
        let memberships = copy_memberships(conn, by, from, &next)?;
        let (teams, team_members, classrooms) = copy_teams(conn, by, from, &next)?;
        let measures = Measure::copy_shared(conn, by, from.id, next.id)?;
        Ok(Rollover {
            year: next,
            memberships,
            teams,
            team_members,
            measures,
            classrooms,
        })
    })
}

fn copy_memberships(
    conn: &mut DbConn,
    by: &AuditActor,
    from: &ProgramYear,
    to: &ProgramYear,
) -> QueryResult<usize> {
    let rows = Membership::of_year(conn, from.id)?;
    for row in &rows {
        let m = &row.membership;
        Membership::ensure(
            conn,
            by,
            &NewMembership {
                program_year_id: to.id,
                district_id: m.district_id,
                fee_cents: m.fee_cents,
                paid_cents: 0,
                workshop_seats: m.workshop_seats,
            },
        )?;
    }
    Ok(rows.len())
}

/// Each team, its roster, then its classrooms (after the roster, so that a teacher on the team
/// stays linked); returns the numbers of teams, roster lines and classrooms copied.
fn copy_teams(
    conn: &mut DbConn,
    by: &AuditActor,
    from: &ProgramYear,
    to: &ProgramYear,
) -> QueryResult<(usize, usize, usize)> {
    let teams = Team::of_year(conn, from.id)?;
    let members: Vec<TeamMember> = team_members::table
        .filter(team_members::program_year_id.eq(from.id))
        .select(TeamMember::as_select())
        .load(conn)?;
    let mut classrooms = 0;
    for row in &teams {
        let copy = Team::ensure(conn, by, to.id, row.team.district_id, &row.team.name)?;
        copy_roster(conn, by, &members, row.team.id, &copy)?;
        classrooms += Classroom::copy_to_team(conn, row.team.id, copy.id)?;
    }
    Ok((teams.len(), members.len(), classrooms))
}

/// The roster lines of team `from` put on its copy, in one insert, each line logged.
fn copy_roster(
    conn: &mut DbConn,
    by: &AuditActor,
    members: &[TeamMember],
    from: i32,
    copy: &Team,
) -> QueryResult<()> {
    let lines: Vec<_> = members
        .iter()
        .filter(|m| m.team_id == from)
        .map(|m| {
            (
                team_members::team_id.eq(copy.id),
                team_members::program_year_id.eq(copy.program_year_id),
                team_members::person_id.eq(m.person_id),
                team_members::role.eq(m.role.clone()),
                team_members::school_id.eq(m.school_id),
            )
        })
        .collect();
    crate::per_backend!(conn, |c| diesel::insert_into(team_members::table)
        .values(&lines)
        .execute(c))?;
    let copied: Vec<TeamMember> = team_members::table
        .filter(team_members::team_id.eq(copy.id))
        .select(TeamMember::as_select())
        .load(conn)?;
    for line in &copied {
        line.log(conn, by, copy, true)?;
    }
    let people: Vec<i32> = copied.iter().map(|l| l.person_id).collect();
    crate::models::outbox::reconcile::people(conn, &people, crate::models::now())?;
    Ok(())
}
