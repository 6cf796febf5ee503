//! Each demo team's improvement work for a year: its aim (on the shared aim measure), a driver
//! diagram drawn from the collective's (the primary and secondary drivers its change ideas act
//! on), its change ideas at their stages, its cycles in every status (in `worksheet`), and
//! coaching comments from the facilitators, the coach and the director.
//!
//! Found or created by natural key (aim: team; driver: team × title; change idea: team ×
//! title; cycle: change idea × title; comment: cycle × author × body), never overwritten.

pub(crate) mod worksheet;

use super::evidence::data::{Author, CommentSeed, PrimarySeed};
use super::evidence::{TeamYear, Tie};
use super::skip_refused;
use crate::db::DbConn;
use crate::domain::cycle::CycleStatus;
use crate::domain::roles::TeamRole;
use crate::error::AppError;
use crate::models::aim::{Aim, AimInput};
use crate::models::cycle::{CommentRow, Cycle};
use crate::models::driver::{ChangeIdea, ChangeIdeaInput, Driver, DriverInput};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// Seeds the team's aim, diagram, ideas, cycles and comments; returns the windows of its
/// cycles that have started, for tying observations to them.
pub fn ensure_team(conn: &mut DbConn, ty: &TeamYear) -> Result<Vec<Tie>, AppError> {
    ensure_aim(conn, ty)?;
    let drivers = ensure_diagram(conn, ty)?;
    let ideas = ensure_ideas(conn, ty, &drivers)?;
    let cycles = worksheet::ensure_cycles(conn, ty, &ideas)?;
    ensure_comments(conn, ty, &cycles)?;
    ties(ty, &cycles)
}

/// The windows of the cycles that have started: their classrooms and measures.
fn ties(ty: &TeamYear, cycles: &[(usize, Cycle)]) -> Result<Vec<Tie>, AppError> {
    let mut ties = Vec::new();
    for (i, cycle) in cycles {
        let Some(c) = ty.plan.cycles.get(*i) else {
            continue;
        };
        if cycle.status != CycleStatus::Planning.as_str() {
            let step = ty.ev.step(c)?.1;
            ties.push(Tie {
                cycle_id: cycle.id,
                first: cycle.planned_start,
                last: cycle.planned_end,
                classrooms: ty.rooms(step.rooms).iter().map(|r| r.id).collect(),
                measures: ty.measure_ids(&step.measures),
            });
        }
    }
    Ok(ties)
}

/// The team's aim, when it has none: the statement, and the target on the aim measure by the
/// end of May.
fn ensure_aim(conn: &mut DbConn, ty: &TeamYear) -> Result<(), AppError> {
    if Aim::of_team(conn, ty.team.id)?.is_some() {
        return Ok(());
    }
    let measure = ty.measure_ids(std::slice::from_ref(&ty.ev.aim_measure));
    let input = AimInput {
        statement: ty.plan.aim.clone(),
        target_measure_id: measure.first().copied(),
        target_value: measure.first().map(|_| ty.plan.target),
        target_date: measure
            .first()
            .and_then(|_| NaiveDate::from_ymd_opt(ty.y.year.end_date.year(), 5, 31)),
    };
    skip_refused(Aim::save(conn, &ty.team, 0, &input), "aim")?;
    Ok(())
}

/// The primary drivers the team's ideas act on, each with the secondary drivers they name
/// (and one more when there is room, two at most), at least two primaries.
fn diagram<'a>(ty: &'a TeamYear) -> Result<Vec<(&'a PrimarySeed, Vec<&'a str>)>, AppError> {
    let mut named = Vec::new();
    for u in &ty.plan.ideas {
        named.push(ty.ev.idea(&u.idea)?.driver.as_str());
    }
    let mut out: Vec<(&PrimarySeed, Vec<&str>)> = ty
        .ev
        .drivers
        .iter()
        .map(|p| (p, secondaries(p, &named)))
        .filter(|(_, s)| !s.is_empty())
        .collect();
    if out.len() < 2
        && let Some(p) = ty
            .ev
            .drivers
            .iter()
            .find(|p| !out.iter().any(|(o, _)| o.title == p.title))
    {
        out.push((p, p.secondary.iter().take(1).map(String::as_str).collect()));
    }
    Ok(out)
}

/// The secondary drivers of `p` the team's ideas name, and one more when there is room (two at
/// most); none when they name none.
fn secondaries<'a>(p: &'a PrimarySeed, named: &[&str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = p
        .secondary
        .iter()
        .map(String::as_str)
        .filter(|s| named.contains(s))
        .collect();
    if out.is_empty() {
        return out;
    }
    if let Some(extra) = p.secondary.iter().find(|s| !out.contains(&s.as_str())) {
        out.push(extra);
    }
    out.truncate(2);
    out
}

/// The team's driver diagram (natural key team × title, and parent for a secondary); returns
/// the secondary drivers' ids by title.
fn ensure_diagram(conn: &mut DbConn, ty: &TeamYear) -> Result<HashMap<String, i32>, AppError> {
    let mut stored = Driver::of_team(conn, ty.team.id)?;
    let mut ids = HashMap::new();
    for (position, (primary, secondary)) in (0..).zip(diagram(ty)?) {
        let Some(p) = ensure_driver(conn, ty, &mut stored, &primary.title, None, position)? else {
            continue;
        };
        for (position, title) in (0..).zip(secondary) {
            if let Some(s) = ensure_driver(conn, ty, &mut stored, title, Some(p), position)? {
                ids.insert(title.to_string(), s);
            }
        }
    }
    Ok(ids)
}

/// One driver, found among `stored` or created; its id.
fn ensure_driver(
    conn: &mut DbConn,
    ty: &TeamYear,
    stored: &mut Vec<Driver>,
    title: &str,
    parent_id: Option<i32>,
    position: i32,
) -> Result<Option<i32>, AppError> {
    if let Some(d) = stored
        .iter()
        .find(|d| d.title == title && d.parent_id == parent_id)
    {
        return Ok(Some(d.id));
    }
    let input = DriverInput {
        title: title.to_string(),
        parent_id,
        position: Some(position),
    };
    let made = skip_refused(Driver::create(conn, ty.team.id, &input), "driver")?;
    Ok(made.map(|d| {
        let id = d.id;
        stored.push(d);
        id
    }))
}

/// The team's change ideas (natural key team × title) on their drivers, at their stages; by key.
fn ensure_ideas(
    conn: &mut DbConn,
    ty: &TeamYear,
    drivers: &HashMap<String, i32>,
) -> Result<HashMap<String, ChangeIdea>, AppError> {
    let stored = ChangeIdea::page_of_team(conn, ty.team.id, None, i64::MAX)?;
    let mut out = HashMap::new();
    for u in &ty.plan.ideas {
        let idea = ty.ev.idea(&u.idea)?;
        if let Some(found) = stored.iter().find(|c| c.title == idea.title) {
            out.insert(u.idea.clone(), found.clone());
            continue;
        }
        let Some(driver_id) = drivers.get(&idea.driver).copied() else {
            continue;
        };
        let input = ChangeIdeaInput {
            driver_id,
            title: idea.title.clone(),
            description: idea.description.clone(),
            stage: u.stage,
        };
        let made = ChangeIdea::create(conn, ty.team.id, &input);
        if let Some(made) = skip_refused(made, "change idea")? {
            out.insert(u.idea.clone(), made);
        }
    }
    Ok(out)
}

/// Coaching comments on the team's cycles (natural key cycle × author × body).
fn ensure_comments(
    conn: &mut DbConn,
    ty: &TeamYear,
    cycles: &[(usize, Cycle)],
) -> Result<(), AppError> {
    for (i, cycle) in cycles {
        let existing = CommentRow::page_of_cycle(conn, cycle.id, None, i64::MAX)?;
        for c in comments_for(ty, ty.index + i, cycle) {
            let Some(author) = author(ty, c.by) else {
                continue;
            };
            if existing
                .iter()
                .any(|e| e.author_id == Some(author) && e.body == c.body)
            {
                continue;
            }
            skip_refused(CommentRow::add(conn, cycle.id, author, &c.body), "comment")?;
        }
    }
    Ok(())
}

/// One or two comments for a cycle, chosen by turns among those that suit its status, its
/// decision and (when planning) the length of its plan.
fn comments_for<'a>(ty: &'a TeamYear, turn: usize, cycle: &Cycle) -> Vec<&'a CommentSeed> {
    let long = (cycle.planned_end - cycle.planned_start).num_days() > 42;
    let planning = cycle.status == CycleStatus::Planning.as_str();
    let decision = cycle.act_decision.as_deref();
    let suits: Vec<&CommentSeed> = ty
        .ev
        .comments
        .iter()
        .filter(|c| c.on.as_str() == cycle.status)
        .filter(|c| c.decision.is_none_or(|d| Some(d.as_str()) == decision))
        .filter(|c| !planning || c.long == long)
        .collect();
    let mut chosen: Vec<&CommentSeed> = suits
        .get(turn % suits.len().max(1))
        .copied()
        .into_iter()
        .collect();
    if turn.is_multiple_of(2) && suits.len() > 1 {
        chosen.extend(suits.get((turn + 1) % suits.len()).copied());
    }
    chosen
}

/// Who writes: the facilitator who accompanies the team (in turn), its first coach, or the
/// director.
fn author(ty: &TeamYear, by: Author) -> Option<i32> {
    let seed = ty.cx.seed;
    match by {
        Author::Director => ty.person(&seed.director.email),
        Author::Facilitator => {
            let f = seed
                .facilitators
                .get(ty.index % seed.facilitators.len().max(1))?;
            ty.person(&f.email)
        }
        Author::Coach => {
            let coach = ty
                .district
                .seed
                .members
                .iter()
                .find(|m| m.role == TeamRole::Coach)?;
            ty.person(&coach.email)
        }
    }
}
