//! The weekly rounds of visits: every classroom of a team, every shared measure, once a week on
//! the team's visit day, up to the demo's reference day. The team's existing observations are
//! loaded once; the missing ones go through the observation import (checked like any import,
//! written in multi-row inserts), one import per observer, inside the seed's transaction.

use super::calendar::visit_day;
use super::noise::Series;
use super::{TeamYear, Tie};
use crate::db::DbConn;
use crate::domain::roles::TeamRole;
use crate::error::AppError;
use crate::models::observation::{self, Draft, Filter, Observation, Origin, RawValue, Ref};
use crate::seed::skip_refused;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashSet};

/// Adds the team's missing observations of the year; returns how many.
pub fn ensure(conn: &mut DbConn, ty: &TeamYear, ties: &[Tie]) -> Result<usize, AppError> {
    let existing: HashSet<(i32, i32, NaiveDate)> =
        Observation::all_of_team(conn, ty.team.id, Filter::default())?
            .iter()
            .map(|r| {
                let o = &r.observation;
                (o.classroom_id, o.measure_id, o.date)
            })
            .collect();
    let mut added = 0;
    for (observer, drafts) in drafts(ty, ties, &existing)? {
        let imported = observation::import(
            conn,
            &crate::seed::actor(),
            &ty.team,
            &drafts,
            false,
            observer,
            ty.anchor(),
        );
        added += skip_refused(imported, "observations")?.map_or(0, |r| r.imported);
    }
    Ok(added)
}

/// Drafts to import, by observer.
type ByObserver = BTreeMap<Option<i32>, Vec<(Origin, Draft)>>;

/// The missing observations, grouped by observer.
fn drafts(
    ty: &TeamYear,
    ties: &[Tie],
    existing: &HashSet<(i32, i32, NaiveDate)>,
) -> Result<ByObserver, AppError> {
    let round = Round {
        ty,
        series: ty.series()?,
        ties,
        existing,
    };
    let observers = observers(ty);
    let mut groups = ByObserver::new();
    for (k, monday) in ty.weeks.iter().enumerate() {
        let date = visit_day(*monday, ty.team_seed.visit_day, ty.y.convenings);
        if date > ty.anchor() || !ty.y.year.contains(date) {
            continue;
        }
        let observer = observers.get(k % observers.len().max(1)).copied();
        let group = groups.entry(observer).or_default();
        for draft in round.week(k, date) {
            group.push((Origin::Item(group.len()), draft));
        }
    }
    Ok(groups)
}

/// What every round of a team's year shares.
struct Round<'a> {
    ty: &'a TeamYear<'a>,
    series: Series<'a>,
    ties: &'a [Tie],
    existing: &'a HashSet<(i32, i32, NaiveDate)>,
}

impl Round<'_> {
    /// Week `k`'s round on `date`: one value per classroom and measure not recorded yet (none
    /// for a classroom missed that week).
    fn week(&self, k: usize, date: NaiveDate) -> Vec<Draft> {
        let mut out = Vec::new();
        for (room, classroom) in &self.ty.classrooms {
            for (i, measure) in &self.ty.measures {
                if self.existing.contains(&(classroom.id, measure.id, date)) {
                    continue;
                }
                let Some(m) = self.ty.ev.measures.get(*i) else {
                    continue;
                };
                if let Some(value) = self.series.value(&m.name, &m.model, m.values(), *room, k) {
                    out.push(Draft {
                        date: date.to_string(),
                        classroom: Ref::Id(classroom.id),
                        measure: Ref::Id(measure.id),
                        value: RawValue::Number(value),
                        cycle: self.cycle(classroom.id, measure.id, date),
                        note: self.note(*room, k, *i),
                    });
                }
            }
        }
        out
    }

    /// The cycle running in the classroom on `date` that collects the measure, if any.
    fn cycle(&self, classroom: i32, measure: i32, date: NaiveDate) -> Option<String> {
        self.ties
            .iter()
            .find(|t| t.covers(classroom, measure, date))
            .map(|t| t.cycle_id.to_string())
    }

    /// The observer's occasional note on a visit, kept with the visit's first measure.
    fn note(&self, room: usize, k: usize, measure: usize) -> String {
        let notes = &self.ty.ev.notes;
        match self.series.note(room, k, notes.len()) {
            Some(n) if measure == 0 => notes.get(n).cloned().unwrap_or_default(),
            _ => String::new(),
        }
    }
}

/// Who visits: the team's coaches in turn, and a principal every third week.
fn observers(ty: &TeamYear) -> Vec<i32> {
    let members = &ty.district.seed.members;
    let of = |role: TeamRole| {
        members
            .iter()
            .filter(move |m| m.role == role)
            .filter_map(|m| ty.person(&m.email))
    };
    let coaches: Vec<i32> = of(TeamRole::Coach).collect();
    let principal = of(TeamRole::Principal).next();
    let mut rota: Vec<i32> = coaches.iter().chain(&coaches).copied().take(2).collect();
    rota.extend(principal);
    rota
}
