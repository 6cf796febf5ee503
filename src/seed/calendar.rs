//! The demo's program years: memberships, the four convenings from "plan the year", their
//! agendas and readings, and who is invited to this year's.

use super::data::Seed;
use super::people::{People, SeededDistrict};
use crate::db::DbConn;
use crate::domain::attendance::AttendanceStatus;
use crate::domain::year;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::convening::{AgendaItem, Attendance, Convening, ConveningInput, Reading};
use crate::models::plan;
use crate::models::year::{Membership, NewMembership, NewProgramYear, ProgramYear};
use chrono::NaiveDate;

/// The year starting in `start_year` (default span), created when missing, with its members:
/// every district, except those new this year when `previous` (a past year is paid in full).
pub fn ensure_year(
    conn: &mut DbConn,
    start_year: i32,
    districts: &[SeededDistrict],
    previous: bool,
) -> Result<ProgramYear, AppError> {
    let collective = Collective::get(conn)?;
    let (start_date, end_date) = year::default_span(start_year);
    let new = NewProgramYear {
        collective_id: collective.id,
        label: year::label_for(start_year),
        start_date,
        end_date,
    };
    let py = ProgramYear::ensure(conn, &new)?;
    for d in districts
        .iter()
        .filter(|d| !(previous && d.seed.new_this_year))
    {
        let fee = collective.default_fee_cents;
        let paid = if previous {
            fee
        } else {
            d.seed.paid_cents.min(fee)
        };
        let seats = d.seed.workshop_seats;
        let new = NewMembership {
            program_year_id: py.id,
            district_id: d.district.id,
            fee_cents: fee,
            paid_cents: paid,
            workshop_seats: seats,
        };
        Membership::ensure(conn, &super::actor(), &new)?;
    }
    Ok(py)
}

/// The year's convenings: those it lacks are created as "plan the year" proposes them (dates one
/// a quarter, hosts by fair rotation over every earlier year), in the host's first school's
/// library; then each gets its agenda and readings. Returns the year's convenings by date.
pub fn ensure_convenings(
    conn: &mut DbConn,
    seed: &Seed,
    py: &ProgramYear,
    districts: &[SeededDistrict],
) -> Result<Vec<Convening>, AppError> {
    let times = Collective::get(conn)?.day_times();
    for p in plan::proposals(conn, py)? {
        let food_cost_cents = content(seed, p.number).map_or(0, |c| c.food_cost_cents);
        let venue = venue(districts, p.host_district_id, &p.host_name);
        let input = ConveningInput {
            number: p.number,
            date: p.date,
            host_district_id: p.host_district_id,
            venue,
            times,
            food_cost_cents,
        };
        super::skip_refused(
            Convening::create(conn, &super::actor(), py, &input),
            "convening",
        )?;
    }
    let rows = Convening::of_year(conn, py.id)?;
    for row in &rows {
        ensure_agenda(conn, seed, &row.convening, &row.host_name)?;
        ensure_readings(conn, seed, &row.convening)?;
    }
    Ok(rows.into_iter().map(|r| r.convening).collect())
}

/// Where a district hosts: its first school's library (or the district's name for a district
/// the seed does not know).
fn venue(districts: &[SeededDistrict], host: i32, host_name: &str) -> String {
    let school = districts
        .iter()
        .find(|d| d.district.id == host)
        .and_then(|d| d.seed.schools.first());
    format!("{} library", school.map_or(host_name, String::as_str))
}

/// What convening `number` (1–4) is about.
fn content(seed: &Seed, number: i32) -> Option<&super::data::ConveningSeed> {
    usize::try_from(number - 1)
        .ok()
        .and_then(|i| seed.convenings.get(i))
}

/// The agenda template's items at the start times the convening has no item at yet (natural
/// key convening × start). An item that no longer fits a day the director changed is left out.
fn ensure_agenda(
    conn: &mut DbConn,
    seed: &Seed,
    c: &Convening,
    host: &str,
) -> Result<(), AppError> {
    let Some(topic) = content(seed, c.number) else {
        return Ok(());
    };
    let taken: Vec<chrono::NaiveTime> = AgendaItem::of_convening(conn, c.id)?
        .iter()
        .map(|a| a.start_time)
        .collect();
    for item in seed.agenda.iter().filter(|i| !taken.contains(&i.start)) {
        let title = topic.fill(&item.title, host);
        super::skip_refused(
            AgendaItem::add(conn, c, item.start, item.minutes, &title, item.kind),
            "agenda item",
        )?;
    }
    Ok(())
}

/// The convening's readings (natural key convening × title).
fn ensure_readings(conn: &mut DbConn, seed: &Seed, c: &Convening) -> Result<(), AppError> {
    let Some(topic) = content(seed, c.number) else {
        return Ok(());
    };
    for r in &topic.readings {
        Reading::ensure(conn, c.id, &r.title, r.url.as_deref(), r.note.as_deref())?;
    }
    Ok(())
}

/// Invites every team member, facilitator and the director to the year's convenings. Past
/// convenings show who came; for coming ones some people have answered already. A line that
/// exists is kept as it is (natural key convening × person).
pub fn ensure_attendance(
    conn: &mut DbConn,
    seed: &Seed,
    people: &People,
    convenings: &[Convening],
) -> Result<(), AppError> {
    let emails = seed.emails();
    for c in convenings {
        let past = c.date < people.anchor;
        for (i, email) in emails.iter().enumerate() {
            let person = people.get(email)?;
            Attendance::ensure(conn, c.id, person.id, rsvp(i, c.number, past))?;
        }
    }
    Ok(())
}

/// A plausible answer for the `i`th person at convening `number`: most came to past ones, a
/// few were absent; for coming ones about a third have said yes and a few no.
pub fn rsvp(i: usize, number: i32, past: bool) -> AttendanceStatus {
    let k = i + 3 * usize::try_from(number).unwrap_or(0);
    match (past, k % 11, k % 3) {
        (true, 4, _) => AttendanceStatus::Absent,
        (true, _, _) => AttendanceStatus::Attended,
        (false, 5, _) => AttendanceStatus::NotAttending,
        (false, _, 0) => AttendanceStatus::Attending,
        (false, _, _) => AttendanceStatus::Invited,
    }
}

/// Convening days of a year, for the tune-up rules.
pub fn days(convenings: &[Convening]) -> Vec<NaiveDate> {
    convenings.iter().map(|c| c.date).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_convenings_show_attendance_and_coming_ones_a_mix_of_answers() {
        let past: Vec<AttendanceStatus> = (0..44).map(|i| rsvp(i, 1, true)).collect();
        assert!(
            past.iter()
                .all(|s| matches!(s, AttendanceStatus::Attended | AttendanceStatus::Absent))
        );
        assert!(past.contains(&AttendanceStatus::Absent));
        let coming: Vec<AttendanceStatus> = (0..44).map(|i| rsvp(i, 3, false)).collect();
        for s in [
            AttendanceStatus::Invited,
            AttendanceStatus::Attending,
            AttendanceStatus::NotAttending,
        ] {
            assert!(coming.contains(&s), "{s:?}");
        }
    }
}
