//! A generated team's improvement work for a year: an aim on the shared rubric, a small driver
//! diagram for its two change ideas (drawn from the demo's library), and the four cycles of
//! `plan::SLOTS` planned from the ideas' ramps and moved along through the cycle rules to where
//! they stand on today, with the seed's own worksheet code. Returns the windows of the cycles
//! that have started, so the observations made in them are tied to them.

use super::plan::{self, SLOTS, TeamPlan, YearPlan};
use crate::db::DbConn;
use crate::domain::cycle::{CycleStatus, Stage};
use crate::error::AppError;
use crate::models::aim::{Aim, AimInput};
use crate::models::classroom::Classroom;
use crate::models::cycle::Cycle;
use crate::models::driver::{ChangeIdea, ChangeIdeaInput, Driver, DriverInput};
use crate::models::measure::Measure;
use crate::models::team::Team;
use crate::seed::cycles::worksheet;
use crate::seed::evidence::Tie;
use crate::seed::evidence::data::{Evidence, IdeaSeed, StepSeed};
use chrono::NaiveDate;

/// One team's year being generated.
pub struct Work<'a> {
    /// The library of drivers and change ideas.
    pub ev: &'a Evidence,
    /// The team.
    pub team: &'a Team,
    /// Its classrooms in plan order.
    pub classrooms: &'a [Classroom],
    /// The year's shared measures.
    pub measures: &'a [(usize, Measure)],
    /// The year's plan.
    pub year: &'a YearPlan,
    /// The team's plan.
    pub plan: &'a TeamPlan,
    /// The collective's today.
    pub today: NaiveDate,
}

impl Work<'_> {
    /// The ids of the shared measures named.
    fn measure_ids(&self, names: &[String]) -> Vec<i32> {
        names
            .iter()
            .filter_map(|n| self.measures.iter().find(|(_, m)| &m.name == n))
            .map(|(_, m)| m.id)
            .collect()
    }

    /// The first `n` classrooms (all for 0), as a step of a ramp names them.
    fn rooms(&self, n: usize) -> &[Classroom] {
        let n = if n == 0 { self.classrooms.len() } else { n };
        &self.classrooms[..n.min(self.classrooms.len())]
    }

    /// The team's two ideas from the library.
    fn ideas(&self) -> Vec<&IdeaSeed> {
        let at = |i: usize| self.ev.ideas.get(i % self.ev.ideas.len().max(1));
        self.plan.ideas.iter().filter_map(|i| at(*i)).collect()
    }
}

/// The team's aim, diagram, ideas and cycles; the windows of the cycles that have started.
pub fn ensure(conn: &mut DbConn, w: &Work) -> Result<Vec<Tie>, AppError> {
    aim(conn, w)?;
    let mut ties = Vec::new();
    let mut stored = Vec::new();
    for seed in w.ideas() {
        stored.push(idea(conn, w, seed)?);
    }
    for slot in &SLOTS {
        let (Some(seed), Some(stored)) = (w.ideas().get(slot.idea).copied(), stored.get(slot.idea))
        else {
            continue;
        };
        let Some(step) = seed.steps.get(slot.step) else {
            continue;
        };
        let span = w
            .year
            .span(slot)
            .ok_or_else(|| AppError::Internal("generated cycle dates out of range".into()))?;
        ties.extend(cycle(conn, w, stored, step, span)?);
    }
    Ok(ties)
}

/// The aim: the rubric's network target by the end of May.
fn aim(conn: &mut DbConn, w: &Work) -> Result<(), AppError> {
    let measure = w.measure_ids(std::slice::from_ref(&w.ev.aim_measure));
    let target_date = NaiveDate::from_ymd_opt(w.year.start_year + 1, 5, 31);
    let input = AimInput {
        statement: format!(
            "By the end of May, every classroom of the {} averages 3 or more on {}.",
            w.team.name, w.ev.aim_measure
        ),
        target_measure_id: measure.first().copied(),
        target_value: measure.first().map(|_| 3.0),
        target_date: measure.first().and(target_date),
    };
    Aim::save(conn, w.team, 0, &input)?;
    Ok(())
}

/// A change idea on its secondary driver, under its primary (both made when missing).
fn idea(conn: &mut DbConn, w: &Work, seed: &IdeaSeed) -> Result<ChangeIdea, AppError> {
    let primary =
        w.ev.drivers
            .iter()
            .find(|p| p.secondary.contains(&seed.driver))
            .map_or("Classroom routines for student talk", |p| p.title.as_str());
    let primary = driver(conn, w.team.id, primary, None)?;
    let secondary = driver(conn, w.team.id, &seed.driver, Some(primary))?;
    let input = ChangeIdeaInput {
        driver_id: secondary,
        title: seed.title.clone(),
        description: seed.description.clone(),
        stage: Stage::Testing,
    };
    ChangeIdea::create(conn, w.team.id, &input)
}

/// A driver's id, found on the team's diagram or made.
fn driver(
    conn: &mut DbConn,
    team_id: i32,
    title: &str,
    parent_id: Option<i32>,
) -> Result<i32, AppError> {
    let found = Driver::of_team(conn, team_id)?
        .into_iter()
        .find(|d| d.title == title && d.parent_id == parent_id);
    if let Some(d) = found {
        return Ok(d.id);
    }
    let input = DriverInput {
        title: title.to_string(),
        parent_id,
        position: None,
    };
    Ok(Driver::create(conn, team_id, &input)?.id)
}

/// One cycle planned from its step and moved to where it stands today; its window once started.
fn cycle(
    conn: &mut DbConn,
    w: &Work,
    idea: &ChangeIdea,
    step: &StepSeed,
    span: (NaiveDate, NaiveDate),
) -> Result<Option<Tie>, AppError> {
    let rooms = w.rooms(step.rooms);
    let labels: Vec<&str> = rooms.iter().map(|r| r.label.as_str()).collect();
    let measures = w.measure_ids(&step.measures);
    let planned = worksheet::step_plan(step, &labels, measures.clone(), span);
    let (detail, _warnings) = Cycle::create(conn, w.team.id, idea.id, &planned)?;
    let status = plan::status(span, w.today);
    let made = worksheet::advance(conn, detail, status, step)?;
    Ok((status != CycleStatus::Planning).then(|| Tie {
        cycle_id: made.id,
        first: made.planned_start,
        last: made.planned_end,
        classrooms: rooms.iter().map(|r| r.id).collect(),
        measures,
    }))
}
