//! What a person's calendar feed holds: a member gets the convenings of the years they are on a
//! team and their team's district meetings in those years; the facilitation team gets every
//! convening and the meetings they run. Cancelled events stay in, marked by the feed. A fixed
//! number of queries, however many years or events.

use crate::db::DbConn;
use crate::db::schema::{
    convenings, districts, meeting_facilitators, meetings, team_members, teams,
};
use crate::models::convening::{Convening, ConveningRow};
use crate::models::meeting::{Meeting, MeetingRow};
use diesel::prelude::*;

/// The events of one person's feed, each once.
#[derive(Debug, Clone, Default)]
pub struct FeedEvents {
    /// Convenings with their host's name.
    pub convenings: Vec<ConveningRow>,
    /// Meetings with their district's name.
    pub meetings: Vec<MeetingRow>,
}

/// The feed of `person_id`; `staff` for facilitators and directors.
pub fn events_of(conn: &mut DbConn, person_id: i32, staff: bool) -> QueryResult<FeedEvents> {
    let pairs: Vec<(i32, i32)> = team_members::table
        .inner_join(teams::table)
        .filter(team_members::person_id.eq(person_id))
        .select((teams::program_year_id, teams::district_id))
        .load(conn)?;
    let mut feed = FeedEvents {
        convenings: if staff {
            Convening::all(conn)?
        } else {
            convenings_of_years(conn, &pairs)?
        },
        meetings: team_meetings(conn, &pairs)?,
    };
    if staff {
        for m in facilitated(conn, person_id)? {
            if !feed.meetings.iter().any(|x| x.meeting.id == m.meeting.id) {
                feed.meetings.push(m);
            }
        }
    }
    Ok(feed)
}

/// The convenings of the years in `pairs` (year, district), with host names.
fn convenings_of_years(conn: &mut DbConn, pairs: &[(i32, i32)]) -> QueryResult<Vec<ConveningRow>> {
    let years: Vec<i32> = pairs.iter().map(|p| p.0).collect();
    let rows: Vec<(Convening, String)> = convenings::table
        .inner_join(districts::table)
        .filter(convenings::program_year_id.eq_any(&years))
        .order(convenings::date)
        .select((Convening::as_select(), districts::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(convening, host_name)| ConveningRow {
            convening,
            host_name,
        })
        .collect())
}

/// The meetings of each (year, district) in `pairs`, with district names.
fn team_meetings(conn: &mut DbConn, pairs: &[(i32, i32)]) -> QueryResult<Vec<MeetingRow>> {
    let years: Vec<i32> = pairs.iter().map(|p| p.0).collect();
    let districts_: Vec<i32> = pairs.iter().map(|p| p.1).collect();
    let rows: Vec<(Meeting, String)> = meetings::table
        .inner_join(districts::table)
        .filter(meetings::program_year_id.eq_any(&years))
        .filter(meetings::district_id.eq_any(&districts_))
        .order(meetings::starts_at)
        .select((Meeting::as_select(), districts::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(m, _)| pairs.contains(&(m.program_year_id, m.district_id)))
        .map(|(meeting, district_name)| MeetingRow {
            meeting,
            district_name,
        })
        .collect())
}

/// The meetings a facilitator runs, with district names.
fn facilitated(conn: &mut DbConn, person_id: i32) -> QueryResult<Vec<MeetingRow>> {
    let rows: Vec<(Meeting, String)> = meeting_facilitators::table
        .inner_join(meetings::table.inner_join(districts::table))
        .filter(meeting_facilitators::person_id.eq(person_id))
        .order(meetings::starts_at)
        .select((Meeting::as_select(), districts::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(meeting, district_name)| MeetingRow {
            meeting,
            district_name,
        })
        .collect())
}
