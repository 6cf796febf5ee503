//! `pdsa generate`: fills an empty database with a large synthetic network — by default 50
//! member districts over 5 program years, about two million classroom observations — for
//! benchmarks and for trying the product at scale.
//!
//! The network is planned first (`plan`, pure and deterministic), then written in one
//! transaction: people, districts, years and teams through the models and their rules (`setup`),
//! each team's aim, diagram and cycles with the seed's worksheet code (`work`), and the
//! observations, drawn by the demo's value generator, in large multi-row INSERTs (`rows`). A
//! database that holds districts already is refused before anything is written: generated data
//! never mixes with real data or the demo, and a failed run leaves nothing behind.
//!
//! The pool's SQLite settings are kept for the run: measured on two million rows,
//! `synchronous=OFF` or a 256 MiB page cache changed nothing beyond run-to-run noise, since the
//! run is one transaction that commits once.

mod names;
pub mod plan;
mod progress;
mod rows;
mod setup;
mod work;

pub use plan::Options;
pub use progress::thousands;

use crate::db::DbConn;
use crate::domain::measure::{MeasureKind, Scale};
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::district::District;
use crate::models::measure::Measure;
use crate::models::year::ProgramYear;
use crate::seed::evidence::data::{Evidence, MeasureSeed};
use crate::seed::evidence::ensure_measures;
use crate::seed::evidence::noise::Model;
use chrono::NaiveDate;
use plan::{Plan, TeamPlan, YearPlan};
use progress::Progress;
use rows::{Drawn, Round};
use std::fmt;
use std::time::{Duration, Instant};

/// Who the audit log names for the set-up a generation adds (its people, teams, memberships):
/// no person, the command. The millions of generated observations are bulk data for
/// benchmarks and are not logged one by one.
fn actor() -> crate::models::audit::AuditActor {
    crate::models::audit::AuditActor::system("pdsa generate")
}

/// Where generated people sign in: a reserved domain, so no mail ever reaches anyone.
pub const EMAIL_DOMAIN: &str = "generated.example";

/// What a run made.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Districts.
    pub districts: usize,
    /// Schools.
    pub schools: usize,
    /// People.
    pub people: usize,
    /// Program years, oldest and newest label.
    pub years: (String, String),
    /// Teams.
    pub teams: usize,
    /// Classrooms.
    pub classrooms: usize,
    /// Cycles.
    pub cycles: usize,
    /// Observations.
    pub observations: usize,
    /// How long it took.
    pub elapsed: Duration,
}

impl fmt::Display for Report {
    /// What the command line prints at the end, with how to sign in.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "generated {} districts ({} schools, {} people), program years {} to {}, {} teams, \
             {} classrooms, {} cycles and {} observations in {:.1} s",
            self.districts,
            self.schools,
            self.people,
            self.years.0,
            self.years.1,
            self.teams,
            thousands(self.classrooms),
            thousands(self.cycles),
            thousands(self.observations),
            self.elapsed.as_secs_f64()
        )?;
        write!(
            f,
            "every generated person signs in with the password {}: director@{EMAIL_DOMAIN}, \
             facilitator@{EMAIL_DOMAIN}, d1.p1@{EMAIL_DOMAIN} (district 1's senior leader) … \
             d1.p8@{EMAIL_DOMAIN}",
            crate::seed::DEMO_PASSWORD
        )
    }
}

/// Generates the network into the (migrated) database, all or nothing, with a progress bar on
/// standard error; a refusal or failure is a message for the command line.
pub fn run(conn: &mut DbConn, options: Options) -> Result<Report, String> {
    let started = Instant::now();
    let hash = crate::auth::password::hash(crate::seed::DEMO_PASSWORD)?;
    let mut report = conn
        .write_transaction(|conn| generate(conn, options, &hash))
        .map_err(|e| match e.violations() {
            [] => e.to_string(),
            vs => vs
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        })?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// The run inside its transaction.
fn generate(conn: &mut DbConn, options: Options, hash: &str) -> Result<Report, AppError> {
    refuse_data(conn)?;
    let today = Collective::get(conn)?.today();
    let ev = evidence()?;
    let plan = Plan::new(options, today, ev.ideas.len());
    let mut progress = Progress::new(plan.observation_count(ev.measures.len()));
    setup::staff(conn, hash)?;
    let made = setup::districts(conn, &plan, hash)?;
    let mut report = Report {
        districts: made.len(),
        schools: made.iter().map(|d| d.schools.len()).sum(),
        people: made.iter().map(|d| d.people.len()).sum::<usize>() + 2,
        ..Report::default()
    };
    for (i, y) in plan.years.iter().enumerate() {
        let py = setup::year(conn, y, i + 1 == plan.years.len(), &made)?;
        let measures = ensure_measures(conn, &py, &ev)?;
        let cx = YearCx::new(&ev, &plan, y, &py, &measures, &made);
        for t in &y.teams {
            team_year(conn, &cx, t, &mut report, &mut |n| progress.add(n))?;
        }
    }
    progress.finish();
    report.years = (first_label(&plan), last_label(&plan));
    Ok(report)
}

/// Refuses a database that holds districts (the demo or real data): nothing is ever mixed
/// with, or lost among, generated data.
fn refuse_data(conn: &mut DbConn) -> Result<(), AppError> {
    let districts = District::list(conn)?;
    let Some(first) = districts.first() else {
        return Ok(());
    };
    Err(AppError::invalid(
        "DATABASE_URL",
        format!(
            "the database already holds {} district(s) ({}…), the demo or real data; \
             pdsa generate only fills a database without districts, so nothing was changed. \
             Point DATABASE_URL at a new file, e.g. DATABASE_URL=/tmp/pdsa-big.db",
            districts.len(),
            first.name
        ),
    ))
}

/// The demo's shared measures (a rubric, a percentage, a yes/no) and a count, with their
/// models and the library of drivers and change ideas.
fn evidence() -> Result<Evidence, AppError> {
    let mut ev = Evidence::demo()?;
    ev.measures.push(MeasureSeed {
        name: "Student questions".into(),
        description: "Questions students ask about the content in ten minutes of the lesson."
            .into(),
        kind: MeasureKind::Count,
        scale_min: None,
        scale_max: None,
        higher_is_better: true,
        levels: Vec::new(),
        model: Model {
            base: 4.0,
            spread: 1.6,
            noise: 1.1,
            trend: 1.0,
        },
    });
    Ok(ev)
}

/// What every team of a year shares.
struct YearCx<'a> {
    ev: &'a Evidence,
    plan: &'a Plan,
    year: &'a YearPlan,
    stored: &'a ProgramYear,
    measures: &'a [(usize, Measure)],
    drawn: Vec<Drawn<'a>>,
    visits: Vec<(usize, NaiveDate)>,
    made: &'a [setup::Made],
}

impl<'a> YearCx<'a> {
    /// The year's context: its measures as the generator draws them and its visits to today.
    fn new(
        ev: &'a Evidence,
        plan: &'a Plan,
        year: &'a YearPlan,
        stored: &'a ProgramYear,
        measures: &'a [(usize, Measure)],
        made: &'a [setup::Made],
    ) -> YearCx<'a> {
        let drawn = measures
            .iter()
            .filter_map(|(i, m)| Some((ev.measures.get(*i)?, m)))
            .filter(|(s, m)| m.scale() == scale_of(s))
            .map(|(s, m)| Drawn::new(m.id, s))
            .collect();
        let visits = year
            .visits(plan.today)
            .into_iter()
            .filter(|(_, d)| stored.contains(*d))
            .collect();
        YearCx {
            ev,
            plan,
            year,
            stored,
            measures,
            drawn,
            visits,
            made,
        }
    }
}

/// One team's year: roster, classrooms, improvement work and observations.
fn team_year(
    conn: &mut DbConn,
    cx: &YearCx,
    t: &TeamPlan,
    report: &mut Report,
    done: &mut dyn FnMut(usize),
) -> Result<(), AppError> {
    let (Some(d), Some(made)) = (cx.plan.districts.get(t.district), cx.made.get(t.district)) else {
        return Ok(());
    };
    let (team, classrooms) = setup::team(conn, cx.stored, d, made)?;
    let w = work::Work {
        ev: cx.ev,
        team: &team,
        classrooms: &classrooms,
        measures: cx.measures,
        year: cx.year,
        plan: t,
        today: cx.plan.today,
    };
    let ties = work::ensure(conn, &w)?;
    let round = Round {
        series: cx.year.series(d, t),
        visits: &cx.visits,
        classrooms: &classrooms,
        measures: &cx.drawn,
        ties: &ties,
        observers: &made.observers(),
        notes: &cx.ev.notes,
    };
    report.observations += rows::insert(conn, &round, done)?;
    report.teams += 1;
    report.classrooms += classrooms.len();
    report.cycles += plan::SLOTS.len();
    Ok(())
}

/// A measure of the file's kind and scale. A year made before the run may hold a shared
/// measure of the same name but another kind; it gets no generated values (they would not fit).
fn scale_of(s: &MeasureSeed) -> Scale {
    Scale {
        kind: s.kind,
        min: s.scale_min,
        max: s.scale_max,
    }
}

/// The oldest year's label.
fn first_label(plan: &Plan) -> String {
    plan.years
        .first()
        .map_or(String::new(), |y| y.label.clone())
}

/// The newest year's label.
fn last_label(plan: &Plan) -> String {
    plan.years.last().map_or(String::new(), |y| y.label.clone())
}
