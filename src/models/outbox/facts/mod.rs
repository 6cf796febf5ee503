//! What a batch of claimed outbox rows says, loaded in a fixed number of queries whatever the
//! batch size: the recipients and their mail settings, the events, and what each message adds
//! (a convening's agenda and readings, a district's open cycles, open action items and
//! unobserved classrooms, a host's head count, an account link's expiry).

mod prep;

use super::OutboxRow;
use crate::db::DbConn;
use crate::db::schema::{
    account_links, agenda_items, attendances, convenings, districts, meetings, people, readings,
    team_members,
};
use crate::domain::attendance::{AttendanceStatus, head_count};
use crate::domain::reminder::{MailKind, SubjectType};
use crate::domain::roles::GlobalRole;
use crate::models::convening::{AgendaItem, Convening, Reading};
use crate::models::mail_prefs::MailPrefs;
use crate::models::meeting::Meeting;
use chrono::{NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use diesel::prelude::*;
use std::collections::{HashMap, HashSet};

/// A recipient as a message addresses them.
#[derive(Debug, Clone)]
pub struct Recipient {
    /// Name, for the greeting and the To header.
    pub name: String,
    /// Address.
    pub email: String,
    /// A `GlobalRole` value (an invitation names it).
    pub role: String,
    /// False once they were deactivated (left the collective): they are sent nothing.
    pub active: bool,
}

/// A cycle still open, for a tune-up's "what to bring".
#[derive(Debug, Clone)]
pub struct OpenCycle {
    /// Id, for its page.
    pub id: i32,
    /// Title.
    pub title: String,
    /// A `CycleStatus` value.
    pub status: String,
}

/// An action item of the previous meeting that is not done.
#[derive(Debug, Clone)]
pub struct OpenAction {
    /// What was agreed.
    pub description: String,
    /// Who took it on.
    pub owner: Option<String>,
    /// By when.
    pub due_date: Option<NaiveDate>,
}

/// What a district team should bring to a meeting.
#[derive(Debug, Clone, Default)]
pub struct DistrictFacts {
    /// The team's name (the district's name when it has no team that year).
    pub team_name: String,
    /// Its cycles not closed.
    pub open_cycles: Vec<OpenCycle>,
    /// The open action items of the district's previous meeting.
    pub open_actions: Vec<OpenAction>,
    /// Classrooms with no observation since the previous meeting's date.
    pub unobserved: Vec<String>,
    /// The previous meeting's start, UTC.
    pub last_meeting: Option<NaiveDateTime>,
}

/// A meeting with its district, and for reminders its preparation.
#[derive(Debug, Clone)]
pub struct MeetingFacts {
    /// The meeting.
    pub meeting: Meeting,
    /// Its district's name.
    pub district_name: String,
    /// Present when the batch holds a reminder for it.
    pub prep: Option<DistrictFacts>,
}

/// A convening with its host, its outline and readings, and for host notes the head count.
#[derive(Debug, Clone)]
pub struct ConveningFacts {
    /// The convening.
    pub convening: Convening,
    /// The host district's name.
    pub host_name: String,
    /// The agenda by start time.
    pub agenda: Vec<AgendaItem>,
    /// The readings.
    pub readings: Vec<Reading>,
    /// (attending, not answered) among those it is for, when the batch holds a host note.
    pub head_count: Option<(u32, u32)>,
}

/// An invitation or reset link.
#[derive(Debug, Clone)]
pub struct LinkFacts {
    /// When it stops working.
    pub expires_at: NaiveDateTime,
}

/// Everything one batch's messages say, by id.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Recipients by person id.
    pub people: HashMap<i32, Recipient>,
    /// Mail settings of reminder recipients by person id.
    pub prefs: HashMap<i32, MailPrefs>,
    /// Meetings by id.
    pub meetings: HashMap<i32, MeetingFacts>,
    /// Convenings by id.
    pub convenings: HashMap<i32, ConveningFacts>,
    /// Account links by id.
    pub links: HashMap<i32, LinkFacts>,
}

/// The ids of `rows` about `subject`, and those of them whose kind is `kind`.
fn subject_ids(rows: &[OutboxRow], subject: SubjectType, kind: Option<MailKind>) -> Vec<i32> {
    let ids: HashSet<i32> = rows
        .iter()
        .filter(|r| r.subject() == subject && kind.is_none_or(|k| r.mail_kind() == k))
        .map(|r| r.subject_id)
        .collect();
    ids.into_iter().collect()
}

/// Loads the facts of a batch; `tz` reads meeting dates as the collective's calendar days.
pub fn load(conn: &mut DbConn, rows: &[OutboxRow], tz: Tz) -> QueryResult<Facts> {
    let reminded: Vec<i32> = rows
        .iter()
        .filter(|r| r.mail_kind().honours_opt_out())
        .map(|r| r.person_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let person_ids: Vec<i32> = rows
        .iter()
        .map(|r| r.person_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    Ok(Facts {
        people: recipients(conn, &person_ids)?,
        prefs: MailPrefs::of_people(conn, &reminded)?,
        meetings: meeting_facts(conn, rows, tz)?,
        convenings: convening_facts(conn, rows)?,
        links: link_facts(conn, &subject_ids(rows, SubjectType::AccountLink, None))?,
    })
}

/// Names, addresses and roles.
fn recipients(conn: &mut DbConn, ids: &[i32]) -> QueryResult<HashMap<i32, Recipient>> {
    type Row = (i32, String, String, String, Option<NaiveDateTime>);
    let rows: Vec<Row> = people::table
        .filter(people::id.eq_any(ids))
        .select((
            people::id,
            people::name,
            people::email,
            people::role,
            people::deactivated_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, email, role, gone)| {
            let active = gone.is_none();
            (
                id,
                Recipient {
                    name,
                    email,
                    role,
                    active,
                },
            )
        })
        .collect())
}

/// Account links' expiries.
fn link_facts(conn: &mut DbConn, ids: &[i32]) -> QueryResult<HashMap<i32, LinkFacts>> {
    let rows: Vec<(i32, NaiveDateTime)> = account_links::table
        .filter(account_links::id.eq_any(ids))
        .select((account_links::id, account_links::expires_at))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, expires_at)| (id, LinkFacts { expires_at }))
        .collect())
}

/// The batch's meetings with their districts, and the preparation of those reminded.
fn meeting_facts(
    conn: &mut DbConn,
    rows: &[OutboxRow],
    tz: Tz,
) -> QueryResult<HashMap<i32, MeetingFacts>> {
    let ids = subject_ids(rows, SubjectType::Meeting, None);
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let found: Vec<(Meeting, String)> = meetings::table
        .inner_join(districts::table)
        .filter(meetings::id.eq_any(&ids))
        .select((Meeting::as_select(), districts::name))
        .load(conn)?;
    let reminded: HashSet<i32> = subject_ids(rows, SubjectType::Meeting, Some(MailKind::Reminder))
        .into_iter()
        .collect();
    let prepared: Vec<&Meeting> = found
        .iter()
        .filter(|(m, _)| reminded.contains(&m.id))
        .map(|(m, _)| m)
        .collect();
    let mut preps = prep::district_preps(conn, &prepared, tz)?;
    Ok(found
        .into_iter()
        .map(|(meeting, district_name)| {
            let prep = preps.remove(&meeting.id);
            (
                meeting.id,
                MeetingFacts {
                    meeting,
                    district_name,
                    prep,
                },
            )
        })
        .collect())
}

/// The batch's convenings with hosts, agendas, readings and (for host notes) head counts.
fn convening_facts(
    conn: &mut DbConn,
    rows: &[OutboxRow],
) -> QueryResult<HashMap<i32, ConveningFacts>> {
    let ids = subject_ids(rows, SubjectType::Convening, None);
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let found: Vec<(Convening, String)> = convenings::table
        .inner_join(districts::table)
        .filter(convenings::id.eq_any(&ids))
        .select((Convening::as_select(), districts::name))
        .load(conn)?;
    let mut agenda: HashMap<i32, Vec<AgendaItem>> = HashMap::new();
    for item in agenda_items::table
        .filter(agenda_items::convening_id.eq_any(&ids))
        .order((agenda_items::start_time, agenda_items::id))
        .select(AgendaItem::as_select())
        .load(conn)?
    {
        agenda.entry(item.convening_id).or_default().push(item);
    }
    let mut reads: HashMap<i32, Vec<Reading>> = HashMap::new();
    for r in readings::table
        .filter(readings::convening_id.eq_any(&ids))
        .order(readings::id)
        .select(Reading::as_select())
        .load(conn)?
    {
        reads.entry(r.convening_id).or_default().push(r);
    }
    let hosted: Vec<&Convening> = {
        let noted: HashSet<i32> =
            subject_ids(rows, SubjectType::Convening, Some(MailKind::HostNote))
                .into_iter()
                .collect();
        found
            .iter()
            .map(|(c, _)| c)
            .filter(|c| noted.contains(&c.id))
            .collect()
    };
    let mut counts = head_counts(conn, &hosted)?;
    Ok(found
        .into_iter()
        .map(|(convening, host_name)| {
            let id = convening.id;
            (
                id,
                ConveningFacts {
                    agenda: agenda.remove(&id).unwrap_or_default(),
                    readings: reads.remove(&id).unwrap_or_default(),
                    head_count: counts.remove(&id),
                    convening,
                    host_name,
                },
            )
        })
        .collect())
}

/// For each convening: among those it is for (every team member of its year, facilitators and
/// directors), the head count as the convening page counts it (`domain::attendance::head_count`).
fn head_counts(conn: &mut DbConn, list: &[&Convening]) -> QueryResult<HashMap<i32, (u32, u32)>> {
    if list.is_empty() {
        return Ok(HashMap::new());
    }
    let years: Vec<i32> = list.iter().map(|c| c.program_year_id).collect();
    let ids: Vec<i32> = list.iter().map(|c| c.id).collect();
    let members: Vec<(i32, i32)> = team_members::table
        .filter(team_members::program_year_id.eq_any(&years))
        .select((team_members::program_year_id, team_members::person_id))
        .distinct()
        .load(conn)?;
    let staff: Vec<i32> = people::table
        .filter(people::role.eq_any([
            GlobalRole::Facilitator.as_str(),
            GlobalRole::Director.as_str(),
        ]))
        .select(people::id)
        .load(conn)?;
    let answers: Vec<(i32, i32, String)> = attendances::table
        .filter(attendances::convening_id.eq_any(&ids))
        .select((
            attendances::convening_id,
            attendances::person_id,
            attendances::status,
        ))
        .load(conn)?;
    let answers: HashMap<(i32, i32), String> =
        answers.into_iter().map(|(c, p, s)| ((c, p), s)).collect();
    Ok(list
        .iter()
        .map(|c| {
            let mut expected: HashSet<i32> = staff.iter().copied().collect();
            expected.extend(
                members
                    .iter()
                    .filter(|(y, _)| *y == c.program_year_id)
                    .map(|(_, p)| *p),
            );
            let statuses: Vec<AttendanceStatus> = expected
                .iter()
                .map(|p| {
                    answers
                        .get(&(c.id, *p))
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(AttendanceStatus::Invited)
                })
                .collect();
            let (attending, unanswered) = head_count(&statuses);
            let (attending, unanswered) = (
                u32::try_from(attending).unwrap_or(u32::MAX),
                u32::try_from(unanswered).unwrap_or(u32::MAX),
            );
            (c.id, (attending, unanswered))
        })
        .collect())
}
