//! Page: "chart a series" (`/analysis/chart`), the calculator API as a form. Anyone signed in
//! pastes numbers — a run chart, an I chart, or a P chart with its totals — and sees the chart
//! with its signals, the figures the API answers (centre, useful observations, longest run
//! against its maximum, crossings against their minimum, points beyond the limits) and the data.
//! A refused series comes back with the message beside its field and the text as typed.

use super::figures::{
    ChartView, centre, centre_words, count, marks_at, num, outside_words, plain, points, run_marks,
    runs_words,
};
use super::series_input::{self, Checked, Kind, SeriesForm};
use crate::charts::{Limit, LineChart};
use crate::domain::stats;
use crate::error::AppError;
use crate::web::AppState;
use crate::web::actor::PageActor;
use crate::web::api::analysis::RunsOut;
use crate::web::form::FieldErrors;
use crate::web::render::{Chrome, SelectOption, render_form};
use actix_session::Session;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;

/// One figure of the answer.
#[derive(Debug, Serialize)]
struct Figure {
    name: &'static str,
    value: String,
}

impl Figure {
    fn new(name: &'static str, value: String) -> Figure {
        Figure { name, value }
    }
}

/// The chart drawn and what it says.
#[derive(Debug, Serialize)]
struct Outcome {
    signal: bool,
    verdict: String,
    figures: Vec<Figure>,
    chart: ChartView,
}

/// The page (`templates/variation_series.hbs`).
#[derive(Debug, Serialize)]
struct SeriesPage {
    form: SeriesForm,
    kinds: Vec<SelectOption>,
    outcome: Option<Outcome>,
}

impl SeriesPage {
    /// The form as typed, with the chart when there is one.
    fn new(form: SeriesForm, outcome: Option<Outcome>) -> SeriesPage {
        let current = if form.kind.trim().is_empty() {
            "run"
        } else {
            form.kind.as_str()
        };
        let kinds = [
            ("run", "Run chart — median and runs"),
            ("i", "I chart — mean and control limits"),
            ("p", "P chart — yes counts out of totals"),
        ];
        SeriesPage {
            kinds: kinds
                .iter()
                .map(|(v, l)| SelectOption::new(v, *l, current))
                .collect(),
            form,
            outcome,
        }
    }
}

/// GET /analysis/chart: the empty form.
pub async fn form(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> Result<HttpResponse, AppError> {
    let chrome = Chrome::new(&session, Some(&actor), "Chart a series", "chart");
    let page = SeriesPage::new(SeriesForm::default(), None);
    render_form(
        &state,
        "variation_series",
        chrome,
        &page,
        FieldErrors::default(),
    )
}

/// POST /analysis/chart: the chart of the pasted series, or the form with its messages (422).
pub async fn submit(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    form: web::Form<SeriesForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let (outcome, errors) = match series_input::check(&form) {
        Ok(checked) => (Some(outcome(&checked)), FieldErrors::default()),
        Err(errors) => (None, errors),
    };
    let chrome = Chrome::new(&session, Some(&actor), "Chart a series", "chart");
    render_form(
        &state,
        "variation_series",
        chrome,
        &SeriesPage::new(form, outcome),
        errors,
    )
}

/// Points numbered from 1, one day apart on the time axis (a pasted series has no dates).
fn axis(len: usize) -> (Vec<String>, Vec<NaiveDate>) {
    let start = NaiveDate::from_ymd_opt(2000, 1, 3).unwrap_or_default();
    (1..=len)
        .map(|i| (i.to_string(), start + TimeDelta::days(i as i64 - 1)))
        .unzip()
}

/// The chart of a checked series.
fn outcome(c: &Checked) -> Outcome {
    match c.kind {
        Kind::Run => run_outcome(c),
        Kind::I => i_outcome(c),
        Kind::P => p_outcome(c),
    }
}

/// A line chart of `values` (no cycles: a pasted series has none).
fn line(title: &str, y_label: &str, values: &[f64], marks: &[bool], caption: &str) -> LineChart {
    let (labels, days) = axis(values.len());
    let pts = points(&labels, &days, values, marks);
    plain("series", title.into(), y_label, pts, caption, &[])
}

/// The figures every chart reports: centre, useful observations, longest run, crossings.
fn run_figures(name: &'static str, r: &RunsOut) -> Vec<Figure> {
    let against = |x: usize, bound: Option<usize>, word: &str| match bound {
        Some(b) => format!("{x} ({word} {b})"),
        None => x.to_string(),
    };
    let centre = r.center.map(num).unwrap_or_else(|| "none".into());
    vec![
        Figure::new(name, centre),
        Figure::new("Useful observations", r.useful.to_string()),
        Figure::new(
            "Longest run",
            against(r.longest_run, r.longest_run_max, "at most"),
        ),
        Figure::new(
            "Crossings",
            against(r.crossings, r.crossings_min, "at least"),
        ),
    ]
}

/// A run chart around the baseline's median.
fn run_outcome(c: &Checked) -> Outcome {
    let runs = RunsOut::from(&stats::run_chart(&c.values, c.baseline));
    let verdict = runs_words(&runs, "median");
    let caption = format!("{} {verdict}", centre_words("Median", &runs, None));
    let marks = run_marks(&c.values, &runs);
    let mut chart = line("Run chart", "Value", &c.values, &marks, &caption);
    chart.center = centre("median", &runs);
    Outcome {
        signal: runs.runs_signal,
        verdict,
        figures: run_figures("Median", &runs),
        chart: ChartView::line(&chart, caption, ["Point", "Value"]),
    }
}

/// An I chart: mean, limits from the screened moving ranges, points beyond them marked.
fn i_outcome(c: &Checked) -> Outcome {
    let i = stats::i_chart(&c.values, c.baseline);
    let runs = RunsOut::from(&i.runs);
    let limits = i.lcl.zip(i.ucl);
    let verdict = format!(
        "{} {}",
        outside_words(i.outside.len(), limits.is_some()),
        runs_words(&runs, "mean")
    );
    let caption = format!("{} {verdict}", centre_words("Mean", &runs, limits));
    let marks = marks_at(c.values.len(), &i.outside);
    let mut chart = line("I chart", "Value", &c.values, &marks, &caption);
    chart.center = centre("mean", &runs);
    chart.lcl = i.lcl.map(Limit::Constant);
    chart.ucl = i.ucl.map(Limit::Constant);
    let mut figures = run_figures("Mean", &runs);
    let shown = limits.map(|(l, u)| format!("{} to {}", num(l), num(u)));
    figures.push(Figure::new(
        "Limits",
        shown.unwrap_or_else(|| "none".into()),
    ));
    figures.push(Figure::new("Points outside the limits", listed(&i.outside)));
    Outcome {
        signal: runs.runs_signal || !i.outside.is_empty(),
        verdict,
        figures,
        chart: ChartView::line(&chart, caption, ["Point", "Value"]),
    }
}

/// A P chart: proportions around p̄ with limits per point.
fn p_outcome(c: &Checked) -> Outcome {
    let p = stats::p_chart(&c.values, &c.n, c.baseline);
    let runs = RunsOut::from(&p.runs);
    let verdict = format!(
        "{} {}",
        outside_words(p.outside.len(), true),
        runs_words(&runs, "centre line")
    );
    let caption = format!("{} {verdict}", centre_words("p̄", &runs, None));
    let marks = marks_at(p.proportions.len(), &p.outside);
    let mut chart = line("P chart", "Proportion", &p.proportions, &marks, &caption);
    chart.center = centre("p̄", &runs);
    chart.lcl = Some(Limit::PerPoint(p.lcl.clone()));
    chart.ucl = Some(Limit::PerPoint(p.ucl.clone()));
    chart.y_range = Some((0.0, 1.0));
    let mut figures = run_figures("p̄", &runs);
    figures.push(Figure::new("Points outside the limits", listed(&p.outside)));
    let counts = c
        .values
        .iter()
        .zip(&c.n)
        .map(|(x, n)| vec![num(*x), num(*n)]);
    let view = ChartView::line(&chart, caption, ["Point", "Proportion"]);
    Outcome {
        signal: runs.runs_signal || !p.outside.is_empty(),
        verdict,
        figures,
        chart: view.with_columns(&["Yes", "n"], counts.collect()),
    }
}

/// "none" / "2 points: 4, 9" (numbered from 1 as on the chart).
fn listed(indices: &[usize]) -> String {
    if indices.is_empty() {
        return "none".into();
    }
    let at: Vec<String> = indices.iter().map(|i| (i + 1).to_string()).collect();
    format!(
        "{}: {}",
        count(indices.len(), "point", "points"),
        at.join(", ")
    )
}
