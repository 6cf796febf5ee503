//! The network view's answer: every team of the measure's year with its periods (team-level
//! figures only: no classrooms, no people), the run chart of its between-classroom SD and the
//! reading of that chart, teams whose spread falls first — the collective's aim made visible.

use crate::domain::stats::{self, Trend};
use crate::models::measure::Measure;
use crate::models::observation::rollup::{CyclePeriod, PeriodKey, RollupRow};
use crate::models::team::TeamRow;
use crate::web::api::analysis::RunsOut;
use crate::web::api::variation::answer::{MeasureOut, RunChartOut};
use crate::web::api::variation::params::PeriodKind;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;

/// One team's period: when it is, and the figures of its classroom means.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NetworkPeriod {
    /// `2026-W47`, `2026-11` or the cycle's title.
    pub label: String,
    /// Its first day (a Monday, the 1st, or the cycle's planned start).
    pub start: NaiveDate,
    /// Classrooms observed.
    pub classrooms: i64,
    /// Observations.
    pub observations: i64,
    /// Mean of classroom means.
    pub mean: f64,
    /// Between-classroom standard deviation (null with fewer than two classrooms).
    pub sd: Option<f64>,
}

/// One team's spread over time and its reading.
#[derive(Serialize, utoipa::ToSchema)]
pub struct TeamSpread {
    /// The team.
    pub team_id: i32,
    /// The team's name.
    pub team_name: String,
    /// Its district's name.
    pub district: String,
    /// Its periods in time order (empty when it has no observations of the measure).
    pub periods: Vec<NetworkPeriod>,
    /// Run chart of the per-period between-classroom SD.
    pub sd_chart: RunChartOut,
    /// falling | rising | none.
    pub trend: String,
    /// The signal in words; null when there is none.
    pub signal: Option<String>,
}

/// The answer of `GET /api/v1/network/variation`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NetworkVariation {
    /// The shared measure compared.
    pub measure: MeasureOut,
    /// The measure's program year, whose teams are shown.
    pub program_year_id: i32,
    /// week | month | cycle.
    pub period: String,
    /// The baseline asked for (null: all periods).
    pub baseline: Option<usize>,
    /// Teams with falling variation first, then no signal, then rising, each by name; teams
    /// without data last.
    pub teams: Vec<TeamSpread>,
}

impl NetworkVariation {
    /// The most periods any team has: the bound of a baseline.
    pub fn longest(&self) -> usize {
        self.teams
            .iter()
            .map(|t| t.periods.len())
            .max()
            .unwrap_or(0)
    }
}

/// What the answer is made from.
pub struct Inputs<'a> {
    /// The shared measure.
    pub measure: &'a Measure,
    /// How time was cut.
    pub kind: PeriodKind,
    /// The baseline (its bound is checked on the answer).
    pub baseline: Option<usize>,
    /// The year's teams.
    pub teams: &'a [TeamRow],
    /// The roll-up, by team and period.
    pub rows: &'a [RollupRow],
    /// The cycles the rows name (by cycle only).
    pub cycles: &'a [CyclePeriod],
}

/// A week's label, from its Monday: `2026-W47`.
fn week_label(monday: NaiveDate) -> String {
    let w = monday.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// Where a period sits and what it is called; `None` for a cycle that is not known.
fn place(
    kind: PeriodKind,
    key: PeriodKey,
    cycles: &HashMap<i32, &CyclePeriod>,
) -> Option<(String, NaiveDate)> {
    match key {
        PeriodKey::Start(d) if kind == PeriodKind::Month => {
            Some((format!("{}-{:02}", d.year(), d.month()), d))
        }
        PeriodKey::Start(d) => Some((week_label(d), d)),
        PeriodKey::Cycle(id) => cycles.get(&id).map(|c| (c.title.clone(), c.planned_start)),
    }
}

/// A period with its sort key: its start, then its cycle id (0 for weeks and months).
type Keyed = ((NaiveDate, i32), NetworkPeriod);

/// A roll-up row as a period with its sort key (start, then cycle id); `None` for a cycle
/// that is not known.
fn period_of(
    r: &RollupRow,
    kind: PeriodKind,
    cycles: &HashMap<i32, &CyclePeriod>,
) -> Option<Keyed> {
    let (label, start) = place(kind, r.key, cycles)?;
    let tie = match r.key {
        PeriodKey::Cycle(id) => id,
        PeriodKey::Start(_) => 0,
    };
    let period = NetworkPeriod {
        label,
        start,
        classrooms: r.classrooms,
        observations: r.observations,
        mean: r.mean,
        sd: r.sd,
    };
    Some(((start, tie), period))
}

/// Each team's periods in time order (cycles by planned start, then id).
fn periods_by_team(i: &Inputs<'_>) -> HashMap<i32, Vec<NetworkPeriod>> {
    let cycles: HashMap<i32, &CyclePeriod> = i.cycles.iter().map(|c| (c.id, c)).collect();
    let mut out: HashMap<i32, Vec<Keyed>> = HashMap::new();
    for r in i.rows {
        if let Some(p) = period_of(r, i.kind, &cycles) {
            out.entry(r.team_id).or_default().push(p);
        }
    }
    out.into_iter()
        .map(|(team, mut ps)| {
            ps.sort_by_key(|(key, _)| *key);
            (team, ps.into_iter().map(|(_, p)| p).collect())
        })
        .collect()
}

/// A team's spread: its SD run chart and the reading of it.
fn spread(team: &TeamRow, periods: Vec<NetworkPeriod>, k: Option<usize>) -> TeamSpread {
    let (labels, values): (Vec<String>, Vec<f64>) = periods
        .iter()
        .filter_map(|p| p.sd.map(|sd| (p.label.clone(), sd)))
        .unzip();
    let runs = RunsOut::from(&stats::run_chart(&values, k));
    let signal = stats::variation_signal(&values, k);
    TeamSpread {
        team_id: team.team.id,
        team_name: team.team.name.clone(),
        district: team.district_name.clone(),
        periods,
        sd_chart: RunChartOut {
            labels,
            values,
            runs,
        },
        trend: trend_name(signal.trend).into(),
        signal: (signal.trend != Trend::None).then_some(signal.sentence),
    }
}

/// A trend as the API names it.
fn trend_name(t: Trend) -> &'static str {
    match t {
        Trend::Falling => "falling",
        Trend::Rising => "rising",
        Trend::None => "none",
    }
}

/// Where a team goes: falling, none, rising, then teams without data.
fn rank(t: &TeamSpread) -> u8 {
    match (t.periods.is_empty(), t.trend.as_str()) {
        (true, _) => 3,
        (_, "falling") => 0,
        (_, "rising") => 2,
        _ => 1,
    }
}

/// The whole answer, teams in the network view's order.
pub fn answer(i: Inputs<'_>) -> NetworkVariation {
    let mut by_team = periods_by_team(&i);
    let mut teams: Vec<TeamSpread> = i
        .teams
        .iter()
        .map(|t| {
            spread(
                t,
                by_team.remove(&t.team.id).unwrap_or_default(),
                i.baseline,
            )
        })
        .collect();
    teams.sort_by(|a, b| (rank(a), &a.team_name).cmp(&(rank(b), &b.team_name)));
    let m = i.measure;
    NetworkVariation {
        measure: MeasureOut {
            id: m.id,
            name: m.name.clone(),
            kind: m.kind.clone(),
            higher_is_better: m.higher_is_better,
        },
        program_year_id: m.program_year_id,
        period: i.kind.as_str().into(),
        baseline: i.baseline,
        teams,
    }
}
