//! The demo's evidence (`seeds/evidence.json`): for the previous program year and this one, the
//! collective's shared measures, and for each demo team its classrooms, aim, driver diagram,
//! change ideas, cycles with coaching comments (in `super::cycles`), and weekly observations
//! of every classroom — the whole previous year and this year up to the day the demo was first
//! loaded. Last year's teams are made from this year's rosters when the demo has none.
//!
//! Everything is found or created by natural key, never overwritten, so a reload adds nothing.
//! The values come from a deterministic generator (`noise`), so the spread between
//! classrooms tells each team's story as `seeds/README.md` names it.

mod calendar;
pub mod data;
pub mod noise;
mod observations;
mod setup;
#[cfg(test)]
mod tests;

use super::data::Seed;
use super::people::{People, SeededDistrict};
use crate::db::DbConn;
use crate::error::AppError;
use crate::models::classroom::Classroom;
use crate::models::measure::Measure;
use crate::models::team::Team;
use crate::models::year::ProgramYear;
use chrono::{Datelike, NaiveDate};
use data::{CycleUse, Evidence, TeamSeed, YearSeed};
use noise::Series;

pub use calendar::{monday_of, previous_span, visit_day, visit_weeks};
pub use setup::ensure_measures;

/// Which of the demo's two years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The year before this one: complete.
    Previous,
    /// This year, up to the day the demo was first loaded.
    Current,
}

impl Which {
    /// As the generator keys it.
    pub fn as_str(self) -> &'static str {
        match self {
            Which::Previous => "previous",
            Which::Current => "current",
        }
    }
}

/// A program year being seeded, with its convening days (no visits on those).
pub struct YearCx<'a> {
    /// The year.
    pub year: &'a ProgramYear,
    /// Which one it is.
    pub which: Which,
    /// Its convening days.
    pub convenings: &'a [NaiveDate],
}

/// What the whole run shares.
pub struct Context<'a> {
    /// The demo file.
    pub seed: &'a Seed,
    /// The demo's people and reference day.
    pub people: &'a People,
    /// The districts with their schools.
    pub districts: &'a [SeededDistrict<'a>],
}

/// One team's year of evidence being seeded.
pub struct TeamYear<'a> {
    /// The evidence file.
    pub ev: &'a Evidence,
    /// The run.
    pub cx: &'a Context<'a>,
    /// The year.
    pub y: &'a YearCx<'a>,
    /// The district.
    pub district: &'a SeededDistrict<'a>,
    /// The team's entry in the evidence file.
    pub team_seed: &'a TeamSeed,
    /// Its year in the file.
    pub plan: &'a YearSeed,
    /// Its place in the file.
    pub index: usize,
    /// The stored team.
    pub team: Team,
    /// Mondays of the year's weeks of visits.
    pub weeks: Vec<NaiveDate>,
    /// Its classrooms with their place in the file.
    pub classrooms: Vec<(usize, Classroom)>,
    /// The year's shared measures with their place in the file.
    pub measures: Vec<(usize, Measure)>,
}

impl TeamYear<'_> {
    /// The demo's reference day: nothing is observed after it.
    pub fn anchor(&self) -> NaiveDate {
        self.cx.people.anchor
    }

    /// A cycle's planned first and last day.
    pub fn span(&self, c: &CycleUse) -> Option<(NaiveDate, NaiveDate)> {
        match self.y.which {
            Which::Previous => calendar::previous_span(&self.weeks, c.start, c.weeks),
            Which::Current => calendar::current_span(self.anchor(), c.start, c.weeks),
        }
    }

    /// The first `n` classrooms of the file (all for 0).
    pub fn rooms(&self, n: usize) -> Vec<&Classroom> {
        let n = if n == 0 { usize::MAX } else { n };
        self.classrooms
            .iter()
            .filter(|(i, _)| *i < n)
            .map(|(_, c)| c)
            .collect()
    }

    /// The ids of the year's shared measures named.
    pub fn measure_ids(&self, names: &[String]) -> Vec<i32> {
        names
            .iter()
            .filter_map(|n| self.measures.iter().find(|(_, m)| &m.name == n))
            .map(|(_, m)| m.id)
            .collect()
    }

    /// A demo person's id by address.
    pub fn person(&self, email: &str) -> Option<i32> {
        self.cx.people.by_email.get(email).map(|p| p.id)
    }

    /// The team's generator for the year.
    pub fn series(&self) -> Result<Series<'_>, AppError> {
        Ok(Series {
            team: &self.district.seed.slug,
            year: self.y.which.as_str(),
            salt: self.plan.salt,
            rooms: self.team_seed.classrooms.len(),
            level: self.plan.level,
            shape: self.ev.shape(self.plan)?,
        })
    }
}

/// A cycle's window, for tying the observations made in it to it.
#[derive(Debug, Clone)]
pub struct Tie {
    /// The cycle.
    pub cycle_id: i32,
    /// Planned first day.
    pub first: NaiveDate,
    /// Planned last day.
    pub last: NaiveDate,
    /// The classrooms taking part.
    pub classrooms: Vec<i32>,
    /// The measures it collects.
    pub measures: Vec<i32>,
}

impl Tie {
    /// Whether an observation of this classroom and measure on `date` is evidence for it.
    pub fn covers(&self, classroom: i32, measure: i32, date: NaiveDate) -> bool {
        (self.first..=self.last).contains(&date)
            && self.classrooms.contains(&classroom)
            && self.measures.contains(&measure)
    }
}

/// Seeds the evidence of both years; returns how many observations were added.
pub fn ensure(conn: &mut DbConn, cx: &Context, years: &[YearCx]) -> Result<usize, AppError> {
    let ev = Evidence::demo()?;
    let mut added = 0;
    for y in years {
        let measures = setup::ensure_measures(conn, y.year, &ev)?;
        for (index, team_seed) in ev.teams.iter().enumerate() {
            let Some(ty) = team_year(conn, &ev, cx, y, index, team_seed, &measures)? else {
                continue;
            };
            let ties = super::cycles::ensure_team(conn, &ty)?;
            added += observations::ensure(conn, &ty, &ties)?;
        }
    }
    Ok(added)
}

/// The team's year with its classrooms, when the district and the year's team exist.
fn team_year<'a>(
    conn: &mut DbConn,
    ev: &'a Evidence,
    cx: &'a Context<'a>,
    y: &'a YearCx<'a>,
    index: usize,
    team_seed: &'a TeamSeed,
    measures: &[(usize, Measure)],
) -> Result<Option<TeamYear<'a>>, AppError> {
    let Some(district) = cx
        .districts
        .iter()
        .find(|d| d.seed.name == team_seed.district)
    else {
        return Ok(None);
    };
    let plan = match y.which {
        Which::Previous => team_seed.previous.as_ref(),
        Which::Current => Some(&team_seed.current),
    };
    let Some(plan) = plan else { return Ok(None) };
    let team = match y.which {
        Which::Previous => setup::last_year_team(conn, y.year, district, team_seed, cx.people)?,
        Which::Current => Team::of_district(conn, y.year.id, district.district.id)?,
    };
    let Some(team) = team else { return Ok(None) };
    let classrooms = setup::ensure_classrooms(conn, &team, district, team_seed, cx.people)?;
    Ok(Some(TeamYear {
        ev,
        cx,
        y,
        district,
        team_seed,
        plan,
        index,
        team,
        weeks: visit_weeks(y.year.start_date.year()),
        classrooms,
        measures: measures.to_vec(),
    }))
}
