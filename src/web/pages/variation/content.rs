//! The dashboard's main content — the query form, the signals in words, ICC, the charts and the
//! tables — built from the API's own answer (`api::variation::load_with_periods`), so the page
//! and `GET /api/v1/teams/{id}/variation` cannot disagree. Nothing here depends on who reads it
//! beyond whether they may write, so the rendered content can be cached (`web::cache`).

use super::figures::{ChartView, num};
use super::query::DashQuery;
use super::team_charts;
use crate::db::DbConn;
use crate::domain::Violation;
use crate::error::AppError;
use crate::models::aim::Aim;
use crate::models::measure::Measure;
use crate::models::team::Team;
use crate::web::actor::Actor;
use crate::web::api::variation::answer::{CycleMark, PeriodOut, Variation};
use crate::web::api::variation::load_with_periods;
use crate::web::api::variation::periods::Period;
use crate::web::form::{self, FieldErrors};
use crate::web::render::SelectOption;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The query form's choices and values.
#[derive(Debug, Serialize)]
pub struct FormView {
    measures: Vec<SelectOption>,
    periods: Vec<SelectOption>,
    baseline: String,
}

/// A signal in words, with its flash style (`ok` falling variation, `warn` anything else).
#[derive(Debug, Serialize)]
pub struct SignalView {
    text: String,
    kind: &'static str,
}

/// One period's figures, formatted.
#[derive(Debug, Serialize)]
pub struct PeriodRow {
    label: String,
    cells: Vec<String>,
}

/// A cycle on the time axis, for the list beside the charts.
#[derive(Debug, Serialize)]
pub struct CycleRow {
    title: String,
    start: String,
    end: String,
    status: String,
    decision: String,
}

/// What the dashboard shows for a measure that could be charted.
#[derive(Debug, Serialize)]
pub struct Shown {
    measure: String,
    period: String,
    baseline: Option<usize>,
    empty: bool,
    by_cycle: bool,
    can_write: bool,
    visits_href: String,
    signals: Vec<SignalView>,
    icc: String,
    notes: Vec<String>,
    charts: Vec<ChartView>,
    period_columns: Vec<&'static str>,
    periods: Vec<PeriodRow>,
    cycles: Vec<CycleRow>,
}

/// The dashboard's main content (`templates/variation_content.hbs`).
#[derive(Debug, Serialize)]
pub struct Content {
    team_id: i32,
    form: FormView,
    errors: BTreeMap<String, String>,
    errors_list: Vec<Violation>,
    no_measures: bool,
    shown: Option<Shown>,
}

impl Content {
    /// Whether the query was refused (the page is then a 422 with the form's messages).
    pub fn refused(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// Builds the content: the measures the team can use, the default one (the aim's target
/// measure, else the first shared one), then the API's answer — or the form with the API's
/// 422s beside their fields. Other errors (403, 404) are passed on.
pub fn build(
    c: &mut DbConn,
    actor: &Actor,
    team: &Team,
    q: &DashQuery,
    can_write: bool,
) -> Result<Content, AppError> {
    let measures = Measure::for_team(c, team.program_year_id, team.id)?;
    let aim = Aim::of_team(c, team.id)?;
    let Some(default) = default_measure(&measures, aim.as_ref()) else {
        let form = form_view(&measures, q, "");
        return Ok(content(team.id, form, None, FieldErrors::default()));
    };
    let form = form_view(&measures, q, &q.measure_or(default));
    let (shown, errors) = match load_with_periods(c, actor, team.id, &q.api_query(default)) {
        Ok((v, periods)) => (Some(shown(&v, &periods, can_write)), FieldErrors::default()),
        Err(e) => (None, form::refused(e)?),
    };
    Ok(content(team.id, form, shown, errors))
}

/// The content's frame around what is shown.
fn content(team_id: i32, form: FormView, shown: Option<Shown>, errors: FieldErrors) -> Content {
    Content {
        team_id,
        no_measures: form.measures.is_empty(),
        form,
        errors_list: errors.list(),
        errors: errors.errors,
        shown,
    }
}

/// The aim's target measure when the team can use it, else the first shared one, else any.
fn default_measure(measures: &[Measure], aim: Option<&Aim>) -> Option<i32> {
    let target = aim.and_then(|a| a.target_measure_id);
    measures
        .iter()
        .find(|m| Some(m.id) == target)
        .or_else(|| measures.iter().find(|m| m.team_id.is_none()))
        .or_else(|| measures.first())
        .map(|m| m.id)
}

/// The form: measures by name (the team's own marked), the three periods, the baseline typed.
fn form_view(measures: &[Measure], q: &DashQuery, chosen: &str) -> FormView {
    let label = |m: &Measure| match m.team_id {
        Some(_) => format!("{} (the team's own)", m.name),
        None => m.name.clone(),
    };
    let periods = [
        ("week", "Week"),
        ("month", "Month"),
        ("cycle", "PDSA cycle"),
    ];
    FormView {
        measures: measures
            .iter()
            .map(|m| SelectOption::new(m.id, label(m), chosen))
            .collect(),
        periods: periods
            .iter()
            .map(|(v, l)| SelectOption::new(v, *l, q.period_or_default()))
            .collect(),
        baseline: q.baseline.clone(),
    }
}

/// What is shown for an answer: signals, ICC, notes, charts and tables.
fn shown(v: &Variation, periods: &[Period], can_write: bool) -> Shown {
    Shown {
        measure: v.measure.name.clone(),
        period: v.period.clone(),
        baseline: v.baseline,
        empty: v.periods.is_empty(),
        by_cycle: v.period == "cycle",
        can_write,
        visits_href: format!("/teams/{}/visits", v.team_id),
        signals: signals(v),
        icc: icc_words(v),
        notes: notes(v, periods),
        charts: charts(v, periods),
        period_columns: PERIOD_COLUMNS.to_vec(),
        periods: v.periods.iter().map(period_row).collect(),
        cycles: team_charts::charted_cycles(v)
            .into_iter()
            .map(cycle_row)
            .collect(),
    }
}

/// The charts that have enough to draw: line charts need two points, the strip one period.
fn charts(v: &Variation, periods: &[Period]) -> Vec<ChartView> {
    let cycles = team_charts::cycle_spans(v);
    let mut out = Vec::new();
    if v.mean_chart.values.len() >= 2 {
        out.push(team_charts::mean_run(v, &cycles));
    }
    if v.sd_chart.values.len() >= 2 {
        out.push(team_charts::sd_run(v, &cycles));
        out.push(team_charts::sd_i(v, &cycles));
    }
    if v.periods.len() >= 2 {
        out.extend(team_charts::p_chart(v, &cycles));
    }
    if !periods.is_empty() {
        out.push(team_charts::strip(v, periods, &cycles));
    }
    out
}

/// "Variation has fallen: …", the mean's own run signal, P chart points beyond the limits — or
/// that there is no signal.
fn signals(v: &Variation) -> Vec<SignalView> {
    let kind = if v.trend == "falling" { "ok" } else { "warn" };
    let mut out: Vec<SignalView> = v
        .signals
        .iter()
        .map(|s| SignalView {
            text: sentence(s),
            kind,
        })
        .collect();
    let m = &v.mean_chart.runs;
    if m.runs_signal {
        let side = m.longest_run_side.as_deref().unwrap_or("away from");
        let text = format!(
            "The mean has shifted: {} periods in a row {side} its median.",
            m.longest_run
        );
        out.push(SignalView { text, kind: "warn" });
    }
    if let Some(p) = v.p_chart.as_ref().filter(|p| !p.chart.outside.is_empty()) {
        let text = format!(
            "The share of yes is outside its limits in {} of the periods.",
            p.chart.outside.len()
        );
        out.push(SignalView { text, kind: "warn" });
    }
    if out.is_empty() && !v.periods.is_empty() {
        let text =
            "No signal: the spread between classrooms and the mean move as chance alone would."
                .to_string();
        out.push(SignalView { text, kind: "ok" });
    }
    out
}

/// A domain sentence as a sentence: capital first letter, full stop.
fn sentence(s: &str) -> String {
    let mut chars = s.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

/// ICC(1) with a one-line reading.
fn icc_words(v: &Variation) -> String {
    match (v.icc.value, &v.icc.reason) {
        (Some(icc), _) => format!(
            "ICC {}: about {}% of the variation in single observations lies between classrooms; the rest is within a classroom, from visit to visit.",
            num(icc),
            (icc * 100.0).round()
        ),
        (None, Some(reason)) => format!("ICC: not available — {reason}."),
        (None, None) => "ICC: not available.".into(),
    }
}

/// Notes on what cannot be charted: one period, one classroom, periods without an SD.
fn notes(v: &Variation, periods: &[Period]) -> Vec<String> {
    let mut out = Vec::new();
    if v.periods.len() == 1 {
        out.push("One period so far: the run and control charts need at least two periods; its figures are below.".into());
    }
    let rooms: BTreeSet<i32> = periods
        .iter()
        .flat_map(|p| p.pairs.iter().map(|x| x.0))
        .collect();
    let with_sd = v.periods.iter().filter(|p| p.sd.is_some()).count();
    if rooms.len() == 1 {
        out.push("One classroom observed: no spread to chart — the spread between classrooms needs at least two classrooms in a period.".into());
    } else if !v.periods.is_empty() && with_sd == 0 {
        out.push("Never more than one classroom observed in a period: no spread to chart.".into());
    } else if with_sd < v.periods.len() {
        out.push("Periods with a single classroom observed have no spread and are left out of the SD charts.".into());
    }
    out
}

/// The headings of the figures table.
const PERIOD_COLUMNS: [&str; 10] = [
    "Period",
    "Classrooms",
    "Observations",
    "Mean",
    "SD",
    "CV",
    "Median",
    "IQR",
    "Range",
    "Meeting the target",
];

/// A period's figures ("—" where a figure needs more classrooms).
fn period_row(p: &PeriodOut) -> PeriodRow {
    let f = |x: Option<f64>| x.map(num).unwrap_or_else(|| "—".into());
    let range = match (p.min, p.max) {
        (Some(lo), Some(hi)) => format!("{} to {}", num(lo), num(hi)),
        _ => "—".into(),
    };
    let share = p
        .share_meeting
        .map(|s| format!("{}%", (s * 100.0).round()))
        .unwrap_or_else(|| "—".into());
    PeriodRow {
        label: p.label.clone(),
        cells: vec![
            p.classrooms.to_string(),
            p.observations.to_string(),
            f(p.mean),
            f(p.sd),
            f(p.cv),
            f(p.median),
            f(p.iqr),
            range,
            share,
        ],
    }
}

/// The list row of a cycle drawn on the charts.
fn cycle_row(c: &CycleMark) -> CycleRow {
    CycleRow {
        title: c.title.clone(),
        start: c.planned_start.to_string(),
        end: c.planned_end.to_string(),
        status: c.status.clone(),
        decision: c.decision.clone().unwrap_or_default(),
    }
}
