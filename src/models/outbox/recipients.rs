//! Who is invited to an event — the one answer that scheduling, moving, cancelling, the
//! attendance list and the roster's reconciliation all ask. A tune-up or district meeting
//! concerns its district's team of that year and the facilitators running it; a convening
//! concerns every team of the year whose district has not left it, and the whole facilitation
//! team; the host's senior leader orders the food. Deactivated people are invited to nothing.
//! Each list is loaded in a fixed number of queries, whatever its length, and holds every person
//! once.

use crate::db::DbConn;
use crate::db::schema::{meeting_facilitators, memberships, people, team_members, teams};
use crate::domain::roles::{GlobalRole, TeamRole};
use crate::models::convening::Convening;
use crate::models::meeting::Meeting;
use diesel::prelude::*;

/// The meeting's district team of its year plus its facilitators (two queries), sorted, unique.
pub fn of_meeting(conn: &mut DbConn, m: &Meeting) -> QueryResult<Vec<i32>> {
    let mut ids: Vec<i32> = team_members::table
        .inner_join(teams::table)
        .inner_join(people::table)
        .filter(teams::district_id.eq(m.district_id))
        .filter(teams::program_year_id.eq(m.program_year_id))
        .filter(people::deactivated_at.is_null())
        .select(team_members::person_id)
        .load(conn)?;
    ids.extend(
        meeting_facilitators::table
            .inner_join(people::table)
            .filter(meeting_facilitators::meeting_id.eq(m.id))
            .filter(people::deactivated_at.is_null())
            .select(meeting_facilitators::person_id)
            .load::<i32>(conn)?,
    );
    Ok(unique(ids))
}

/// Every team member of the convening's year (but those of districts that left it), every
/// facilitator and every director (three queries), sorted, unique.
pub fn of_convening(conn: &mut DbConn, cv: &Convening) -> QueryResult<Vec<i32>> {
    let gone = withdrawn(conn, cv.program_year_id)?;
    let mut ids: Vec<i32> = team_members::table
        .inner_join(teams::table)
        .inner_join(people::table)
        .filter(team_members::program_year_id.eq(cv.program_year_id))
        .filter(teams::district_id.ne_all(gone))
        .filter(people::deactivated_at.is_null())
        .select(team_members::person_id)
        .load(conn)?;
    let staff = [
        GlobalRole::Facilitator.as_str(),
        GlobalRole::Director.as_str(),
    ];
    ids.extend(
        people::table
            .filter(people::role.eq_any(staff))
            .filter(people::deactivated_at.is_null())
            .select(people::id)
            .load::<i32>(conn)?,
    );
    Ok(unique(ids))
}

/// The active senior leader(s) on the host district's team of the convening's year (one query);
/// nobody once the host has left the year.
pub fn hosts_of(conn: &mut DbConn, cv: &Convening) -> QueryResult<Vec<i32>> {
    let gone = withdrawn(conn, cv.program_year_id)?;
    let ids: Vec<i32> = team_members::table
        .inner_join(teams::table)
        .inner_join(people::table)
        .filter(teams::district_id.eq(cv.host_district_id))
        .filter(teams::program_year_id.eq(cv.program_year_id))
        .filter(team_members::role.eq(TeamRole::SeniorLeader.as_str()))
        .filter(people::deactivated_at.is_null())
        .filter(teams::district_id.ne_all(gone))
        .select(team_members::person_id)
        .load(conn)?;
    Ok(unique(ids))
}

/// The districts that left the year (one query).
fn withdrawn(conn: &mut DbConn, year_id: i32) -> QueryResult<Vec<i32>> {
    memberships::table
        .filter(memberships::program_year_id.eq(year_id))
        .filter(memberships::withdrawn_at.is_not_null())
        .select(memberships::district_id)
        .load(conn)
}

/// Sorted, without repeats (a facilitator can also sit on a team).
fn unique(mut ids: Vec<i32>) -> Vec<i32> {
    ids.sort_unstable();
    ids.dedup();
    ids
}
