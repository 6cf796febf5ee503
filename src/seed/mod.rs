//! The demo collective: five fictional districts with their teams, a facilitation team, this
//! program year and the last one with their convenings, agendas and readings, and tune-ups.
//!
//! The static content lives in `seeds/demo.json` (embedded); dates are computed from the day
//! the demo is first loaded. Loading is idempotent by natural keys — every record is found or
//! created, never overwritten — so running it at every start adds nothing, keeps what people
//! changed since, and a larger seed file loads into an existing demo database without
//! duplicates. Everything runs in one transaction.

mod calendar;
pub(crate) mod cycles;
pub mod data;
mod dates;
pub mod evidence;
mod meetings;
mod people;

use crate::db::DbConn;
use crate::domain::year;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::convening::Convening;
use crate::models::meeting::Meeting;
use crate::models::team::Team;
use crate::models::year::ProgramYear;
use chrono::NaiveDate;

pub use data::Seed;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "pdsa-demo";

/// Printed at start-up with the demo loaded, so that a newcomer can sign in in every role.
pub const SIGN_IN_HELP: &str = "\
Demo sign-ins (every password is pdsa-demo):
  director        director@demo.pdsa
  facilitator     facilitator@demo.pdsa
  senior leader   leader@demo.pdsa      (Alder Creek team)
  principal       principal@demo.pdsa   (Alder Creek team)
  coach           coach@demo.pdsa       (Alder Creek team)
  teacher         teacher@demo.pdsa     (Alder Creek team)
  student         student@demo.pdsa     (Alder Creek team)";

/// Who the audit log names for what the seed adds: no person, the seed itself.
pub fn actor() -> crate::models::audit::AuditActor {
    crate::models::audit::AuditActor::system("pdsa seed")
}

/// Loads the embedded demo collective relative to `today`; returns a one-line report.
pub fn load_demo(conn: &mut DbConn, today: NaiveDate) -> Result<String, AppError> {
    load(conn, today, &Seed::demo()?)
}

/// Loads any seed file (the demo, or a larger one later) into the database in one transaction,
/// adding only what is missing; returns a one-line report.
pub fn load(conn: &mut DbConn, today: NaiveDate, seed: &Seed) -> Result<String, AppError> {
    conn.write_transaction(|conn| {
        let tz = adopt_collective(conn, seed)?;
        let people = people::ensure_people(conn, seed, today)?;
        let districts = people::ensure_districts(conn, seed)?;
        let start = year::start_year_for(people.anchor);
        let last = calendar::ensure_year(conn, start - 1, &districts, true)?;
        let before = calendar::ensure_convenings(conn, seed, &last, &districts)?;
        let this = calendar::ensure_year(conn, start, &districts, false)?;
        people::ensure_teams(conn, &this, &districts, &people)?;
        let convenings = calendar::ensure_convenings(conn, seed, &this, &districts)?;
        calendar::ensure_attendance(conn, seed, &people, &convenings)?;
        let days = calendar::days(&convenings);
        let cx = meetings::Context {
            seed,
            people: &people,
            tz,
            year: &this,
            convenings: &days,
        };
        meetings::ensure_tune_ups(conn, &cx, &districts)?;
        ensure_evidence(
            conn,
            seed,
            &people,
            &districts,
            [(&last, &before), (&this, &convenings)],
        )?;
        report(conn, &this, &last, people.added)
    })
}

/// The evidence of last year and this one: measures, classrooms, aims, diagrams, cycles and
/// weekly observations (see `evidence`).
fn ensure_evidence(
    conn: &mut DbConn,
    seed: &Seed,
    people: &people::People,
    districts: &[people::SeededDistrict],
    [(last, before), (this, now)]: [(&ProgramYear, &[Convening]); 2],
) -> Result<(), AppError> {
    let (before, now) = (calendar::days(before), calendar::days(now));
    let years = [
        evidence::YearCx {
            year: last,
            which: evidence::Which::Previous,
            convenings: &before,
        },
        evidence::YearCx {
            year: this,
            which: evidence::Which::Current,
            convenings: &now,
        },
    ];
    let cx = evidence::Context {
        seed,
        people,
        districts,
    };
    let added = evidence::ensure(conn, &cx, &years)?;
    log::info!("demo evidence: {added} observations added");
    Ok(())
}

/// Names the collective and sets its zone while nobody has set it up (it has no program year
/// yet); afterwards the director's settings are left alone. Returns the zone to schedule in.
fn adopt_collective(conn: &mut DbConn, seed: &Seed) -> Result<chrono_tz::Tz, AppError> {
    let mut collective = Collective::get(conn)?;
    if ProgramYear::list(conn)?.is_empty()
        && seed.collective.time_zone.parse::<chrono_tz::Tz>().is_ok()
    {
        collective.name.clone_from(&seed.collective.name);
        collective.time_zone.clone_from(&seed.collective.time_zone);
        collective.save(conn)?;
    }
    Ok(collective.tz())
}

/// "demo collective 2026-27: 5 teams (43 members), 4 convenings (4 last year), 13 tune-ups; 47 people added".
fn report(
    conn: &mut DbConn,
    this: &ProgramYear,
    last: &ProgramYear,
    added: usize,
) -> Result<String, AppError> {
    let teams = Team::of_year(conn, this.id)?;
    let members: i64 = teams.iter().map(|t| t.member_count).sum();
    let convenings = Convening::of_year(conn, this.id)?.len();
    let before = Convening::of_year(conn, last.id)?.len();
    let tune_ups = Meeting::list(conn, Some(this.id), None)?.len();
    Ok(format!(
        "demo collective {}: {} teams ({members} members), {convenings} convenings ({before} in {}), {tune_ups} meetings; {added} people added",
        this.label,
        teams.len(),
        last.label
    ))
}

/// A record a rule refuses (the director changed something the seed builds on) is logged and
/// left out: the seed never fails on a rule. Any other error still fails it.
fn skip_refused<T>(result: Result<T, AppError>, what: &str) -> Result<Option<T>, AppError> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(AppError::Invalid(v)) => {
            log::warn!("demo {what} left out: {v:?}");
            Ok(None)
        }
        Err(e) => Err(e),
    }
}
