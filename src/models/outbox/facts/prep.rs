//! A district team's preparation for a tune-up or district meeting, for every reminded meeting
//! of a batch at once: the team's open cycles, the open action items of the district's previous
//! meeting, and the classrooms with no observation since that meeting.

use super::{DistrictFacts, OpenAction, OpenCycle};
use crate::db::DbConn;
use crate::db::schema::{action_items, classrooms, cycles, meetings, observations, people, teams};
use crate::domain::cycle::CycleStatus;
use crate::models::meeting::Meeting;
use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use diesel::dsl::max;
use diesel::prelude::*;
use std::collections::HashMap;

/// A team's key: (year, district).
type TeamKey = (i32, i32);

/// A classroom's label and its latest observation date.
type Room = (String, Option<NaiveDate>);

/// The preparation of each meeting in `list`, by meeting id, in six queries.
pub fn district_preps(
    conn: &mut DbConn,
    list: &[&Meeting],
    tz: Tz,
) -> QueryResult<HashMap<i32, DistrictFacts>> {
    if list.is_empty() {
        return Ok(HashMap::new());
    }
    let teams = teams_of(conn, list)?;
    let team_ids: Vec<i32> = teams.values().map(|(id, _)| *id).collect();
    let open = open_cycles(conn, &team_ids)?;
    let previous = previous_meetings(conn, list)?;
    let prev_ids: Vec<i32> = previous.values().map(|(id, _)| *id).collect();
    let actions = open_actions(conn, &prev_ids)?;
    let rooms = classrooms_of(conn, &team_ids)?;
    Ok(list
        .iter()
        .map(|m| {
            let team = teams.get(&(m.program_year_id, m.district_id));
            let prev = previous.get(&m.id);
            let since = prev.map(|(_, at)| at.and_utc().with_timezone(&tz).date_naive());
            let team_id = team.map(|(id, _)| *id);
            let facts = DistrictFacts {
                team_name: team.map(|(_, n)| n.clone()).unwrap_or_default(),
                open_cycles: team_id
                    .and_then(|t| open.get(&t))
                    .cloned()
                    .unwrap_or_default(),
                open_actions: prev
                    .and_then(|(id, _)| actions.get(id))
                    .cloned()
                    .unwrap_or_default(),
                unobserved: team_id
                    .and_then(|t| rooms.get(&t))
                    .map(|rs| unobserved(rs, since))
                    .unwrap_or_default(),
                last_meeting: prev.map(|(_, at)| *at),
            };
            (m.id, facts)
        })
        .collect())
}

/// Classroom labels with no observation on or after `since` (none at all without a previous
/// meeting).
fn unobserved(rooms: &[Room], since: Option<NaiveDate>) -> Vec<String> {
    rooms
        .iter()
        .filter(|(_, latest)| match (latest, since) {
            (None, _) => true,
            (Some(day), Some(since)) => *day < since,
            (Some(_), None) => false,
        })
        .map(|(label, _)| label.clone())
        .collect()
}

/// The teams of the meetings' districts in the meetings' years, by (year, district).
fn teams_of(conn: &mut DbConn, list: &[&Meeting]) -> QueryResult<HashMap<TeamKey, (i32, String)>> {
    let years: Vec<i32> = list.iter().map(|m| m.program_year_id).collect();
    let districts: Vec<i32> = list.iter().map(|m| m.district_id).collect();
    let rows: Vec<(i32, i32, i32, String)> = teams::table
        .filter(teams::program_year_id.eq_any(&years))
        .filter(teams::district_id.eq_any(&districts))
        .select((
            teams::id,
            teams::program_year_id,
            teams::district_id,
            teams::name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, year, district, name)| ((year, district), (id, name)))
        .collect())
}

/// Each team's cycles that are not closed, by planned start.
fn open_cycles(conn: &mut DbConn, team_ids: &[i32]) -> QueryResult<HashMap<i32, Vec<OpenCycle>>> {
    let rows: Vec<(i32, i32, String, String)> = cycles::table
        .filter(cycles::team_id.eq_any(team_ids))
        .filter(cycles::status.ne(CycleStatus::Closed.as_str()))
        .order((cycles::planned_start, cycles::id))
        .select((cycles::id, cycles::team_id, cycles::title, cycles::status))
        .load(conn)?;
    let mut by_team: HashMap<i32, Vec<OpenCycle>> = HashMap::new();
    for (id, team, title, status) in rows {
        by_team
            .entry(team)
            .or_default()
            .push(OpenCycle { id, title, status });
    }
    Ok(by_team)
}

/// For each meeting, the latest earlier meeting of its district that was not cancelled:
/// (its id, its start).
fn previous_meetings(
    conn: &mut DbConn,
    list: &[&Meeting],
) -> QueryResult<HashMap<i32, (i32, NaiveDateTime)>> {
    let districts: Vec<i32> = list.iter().map(|m| m.district_id).collect();
    let latest = list.iter().map(|m| m.starts_at).max().unwrap_or_default();
    let earlier: Vec<(i32, i32, NaiveDateTime)> = meetings::table
        .filter(meetings::district_id.eq_any(&districts))
        .filter(meetings::cancelled_at.is_null())
        .filter(meetings::starts_at.lt(latest))
        .select((meetings::id, meetings::district_id, meetings::starts_at))
        .load(conn)?;
    Ok(list
        .iter()
        .filter_map(|m| {
            earlier
                .iter()
                .filter(|(id, d, at)| *d == m.district_id && *at < m.starts_at && *id != m.id)
                .max_by_key(|(id, _, at)| (*at, *id))
                .map(|(id, _, at)| (m.id, (*id, *at)))
        })
        .collect())
}

/// The open action items of these meetings, with their owners' names, by meeting.
fn open_actions(
    conn: &mut DbConn,
    meeting_ids: &[i32],
) -> QueryResult<HashMap<i32, Vec<OpenAction>>> {
    let rows: Vec<(i32, String, Option<String>, Option<NaiveDate>)> = action_items::table
        .left_join(people::table.on(people::id.nullable().eq(action_items::owner_person_id)))
        .filter(action_items::meeting_id.eq_any(meeting_ids))
        .filter(action_items::done.eq(false))
        .order(action_items::id)
        .select((
            action_items::meeting_id,
            action_items::description,
            people::name.nullable(),
            action_items::due_date,
        ))
        .load(conn)?;
    let mut by_meeting: HashMap<i32, Vec<OpenAction>> = HashMap::new();
    for (meeting, description, owner, due_date) in rows {
        by_meeting.entry(meeting).or_default().push(OpenAction {
            description,
            owner,
            due_date,
        });
    }
    Ok(by_meeting)
}

/// Each team's classrooms by label, with the date of their latest observation.
fn classrooms_of(conn: &mut DbConn, team_ids: &[i32]) -> QueryResult<HashMap<i32, Vec<Room>>> {
    let rooms: Vec<(i32, i32, String)> = classrooms::table
        .filter(classrooms::team_id.eq_any(team_ids))
        .order((classrooms::label, classrooms::id))
        .select((classrooms::id, classrooms::team_id, classrooms::label))
        .load(conn)?;
    let ids: Vec<i32> = rooms.iter().map(|(id, _, _)| *id).collect();
    let latest: HashMap<i32, Option<NaiveDate>> = observations::table
        .filter(observations::classroom_id.eq_any(&ids))
        .group_by(observations::classroom_id)
        .select((observations::classroom_id, max(observations::date)))
        .load::<(i32, Option<NaiveDate>)>(conn)?
        .into_iter()
        .collect();
    let mut by_team: HashMap<i32, Vec<Room>> = HashMap::new();
    for (id, team, label) in rooms {
        let day = latest.get(&id).copied().flatten();
        by_team.entry(team).or_default().push((label, day));
    }
    Ok(by_team)
}
