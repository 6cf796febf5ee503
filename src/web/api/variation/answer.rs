//! The numbers behind a team's variation charts, in the API's shape: each period's summary,
//! ICC(1), run charts of the mean and of the between-classroom SD, the I chart of the SD, a P
//! chart for yes/no measures, the cycles to mark on the time axis, and the signals in words.

use super::params::PeriodKind;
use super::periods::Period;
use crate::domain::stats::{self, IChart, PeriodSummary, Target, Trend};
use crate::models::cycle::Cycle;
use crate::models::measure::Measure;
use crate::web::api::analysis::{IChartOut, PChartOut, RunsOut};
use chrono::NaiveDate;
use serde::Serialize;

/// The measure charted.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MeasureOut {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// rubric | percent | count | yes_no.
    pub kind: String,
    /// Whether higher values are better.
    pub higher_is_better: bool,
}

/// One period: when it is and the figures of its classroom means.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PeriodOut {
    /// `2026-W47`, `2026-11` or the cycle's title.
    pub label: String,
    /// Its first day.
    pub start: NaiveDate,
    /// Classrooms observed.
    pub classrooms: usize,
    /// Observations.
    pub observations: usize,
    /// Mean of classroom means.
    pub mean: Option<f64>,
    /// Between-classroom standard deviation (null with fewer than two classrooms).
    pub sd: Option<f64>,
    /// Coefficient of variation.
    pub cv: Option<f64>,
    /// First quartile of classroom means (type 7).
    pub q1: Option<f64>,
    /// Median of classroom means.
    pub median: Option<f64>,
    /// Third quartile.
    pub q3: Option<f64>,
    /// Lowest classroom mean.
    pub min: Option<f64>,
    /// Highest classroom mean.
    pub max: Option<f64>,
    /// Interquartile range.
    pub iqr: Option<f64>,
    /// Share of classrooms meeting the aim's target (null without one).
    pub share_meeting: Option<f64>,
}

impl PeriodOut {
    fn new(p: &Period, s: PeriodSummary) -> PeriodOut {
        PeriodOut {
            label: p.label.clone(),
            start: p.start,
            classrooms: s.classrooms,
            observations: s.observations,
            mean: s.mean,
            sd: s.sd,
            cv: s.cv,
            q1: s.q1,
            median: s.median,
            q3: s.q3,
            min: s.min,
            max: s.max,
            iqr: s.iqr,
            share_meeting: s.share_meeting,
        }
    }
}

/// ICC(1) over the periods shown, or why there is none.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IccOut {
    /// The estimate (a negative one shown as 0).
    pub value: Option<f64>,
    /// Why there is no estimate.
    pub reason: Option<String>,
}

/// A run chart of one figure per period (periods lacking the figure are left out).
#[derive(Serialize, utoipa::ToSchema)]
pub struct RunChartOut {
    /// The periods charted.
    pub labels: Vec<String>,
    /// Their values.
    pub values: Vec<f64>,
    /// The Anhøj analysis around the baseline's median.
    #[serde(flatten)]
    pub runs: RunsOut,
}

/// The I chart of the between-classroom SD.
#[derive(Serialize, utoipa::ToSchema)]
pub struct IChartSeries {
    /// The periods charted.
    pub labels: Vec<String>,
    /// Their SDs.
    pub values: Vec<f64>,
    /// Centre, limits, signals.
    #[serde(flatten)]
    pub chart: IChartOut,
}

/// The P chart of a yes/no measure: yes counts out of observations per period.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PChartSeries {
    /// The periods charted.
    pub labels: Vec<String>,
    /// Yes counts.
    pub x: Vec<f64>,
    /// Observations.
    pub n: Vec<f64>,
    /// Proportions, p̄, limits, signals.
    #[serde(flatten)]
    pub chart: PChartOut,
}

/// A cycle to draw on the time axis.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CycleMark {
    /// Id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Planned start.
    pub planned_start: NaiveDate,
    /// Planned end.
    pub planned_end: NaiveDate,
    /// Status.
    pub status: String,
    /// adopt | adapt | abandon, once decided.
    pub decision: Option<String>,
}

/// The answer of `GET /api/v1/teams/{id}/variation`.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Variation {
    /// The team.
    pub team_id: i32,
    /// The measure.
    pub measure: MeasureOut,
    /// week | month | cycle.
    pub period: String,
    /// The baseline asked for (null: all periods).
    pub baseline: Option<usize>,
    /// The periods in time order.
    pub periods: Vec<PeriodOut>,
    /// ICC(1) over every observation of the periods shown.
    pub icc: IccOut,
    /// Run chart of the per-period mean.
    pub mean_chart: RunChartOut,
    /// Run chart of the per-period between-classroom SD.
    pub sd_chart: RunChartOut,
    /// I chart of the per-period between-classroom SD.
    pub sd_i_chart: IChartSeries,
    /// P chart, for yes/no measures only.
    pub p_chart: Option<PChartSeries>,
    /// The team's cycles, in planned start order.
    pub cycles: Vec<CycleMark>,
    /// falling | rising | none: the reading of the SD series.
    pub trend: String,
    /// The signals in words (empty when there is none).
    pub signals: Vec<String>,
}

/// What the answer is made from.
pub struct Inputs<'a> {
    /// The team.
    pub team_id: i32,
    /// The measure.
    pub measure: &'a Measure,
    /// The aim's target, when it is on this measure.
    pub target: Option<Target>,
    /// How time was cut.
    pub kind: PeriodKind,
    /// The baseline, already checked.
    pub baseline: Option<usize>,
    /// The periods.
    pub periods: &'a [Period],
    /// The team's cycles.
    pub cycles: &'a [Cycle],
}

/// Labels and values of the periods that have the figure `pick`.
fn series(periods: &[PeriodOut], pick: fn(&PeriodOut) -> Option<f64>) -> (Vec<String>, Vec<f64>) {
    periods
        .iter()
        .filter_map(|p| pick(p).map(|v| (p.label.clone(), v)))
        .unzip()
}

/// A run chart of a figure.
fn run_chart(
    periods: &[PeriodOut],
    pick: fn(&PeriodOut) -> Option<f64>,
    k: Option<usize>,
) -> RunChartOut {
    let (labels, values) = series(periods, pick);
    let runs = RunsOut::from(&stats::run_chart(&values, k));
    RunChartOut {
        labels,
        values,
        runs,
    }
}

/// The API's shape of an I chart.
fn i_chart_out(c: IChart) -> IChartOut {
    IChartOut {
        runs: RunsOut::from(&c.runs),
        lcl: c.lcl,
        ucl: c.ucl,
        outside: c.outside,
        sigma: c.sigma,
        mr_center: c.mr_center,
        mr_ucl: c.mr_ucl,
    }
}

/// The P chart of yes counts per period.
fn p_chart(periods: &[Period], k: Option<usize>) -> PChartSeries {
    let labels = periods.iter().map(|p| p.label.clone()).collect();
    let x: Vec<f64> = periods
        .iter()
        .map(|p| p.pairs.iter().map(|v| v.1).sum())
        .collect();
    let n: Vec<f64> = periods.iter().map(|p| p.pairs.len() as f64).collect();
    let c = stats::p_chart(&x, &n, k);
    let chart = PChartOut {
        runs: RunsOut::from(&c.runs),
        proportions: c.proportions,
        lcl: c.lcl,
        ucl: c.ucl,
        outside: c.outside,
    };
    PChartSeries {
        labels,
        x,
        n,
        chart,
    }
}

/// A cycle's mark.
fn mark(c: &Cycle) -> CycleMark {
    CycleMark {
        id: c.id,
        title: c.title.clone(),
        planned_start: c.planned_start,
        planned_end: c.planned_end,
        status: c.status.clone(),
        decision: c.act_decision.clone(),
    }
}

/// The whole answer.
pub fn answer(i: Inputs<'_>) -> Variation {
    let k = i.baseline;
    let periods: Vec<PeriodOut> = i
        .periods
        .iter()
        .map(|p| PeriodOut::new(p, stats::summarise_period(&p.pairs, i.target)))
        .collect();
    let all: Vec<(i32, f64)> = i
        .periods
        .iter()
        .flat_map(|p| p.pairs.iter().copied())
        .collect();
    let icc = stats::icc1(&all);
    let (labels, sds) = series(&periods, |p| p.sd);
    let signal = stats::variation_signal(&sds, k);
    let (trend, signals) = match signal.trend {
        Trend::Falling => ("falling", vec![signal.sentence]),
        Trend::Rising => ("rising", vec![signal.sentence]),
        Trend::None => ("none", Vec::new()),
    };
    let m = i.measure;
    Variation {
        team_id: i.team_id,
        measure: MeasureOut {
            id: m.id,
            name: m.name.clone(),
            kind: m.kind.clone(),
            higher_is_better: m.higher_is_better,
        },
        period: i.kind.as_str().into(),
        baseline: k,
        icc: IccOut {
            value: icc.value,
            reason: icc.reason.map(str::to_string),
        },
        mean_chart: run_chart(&periods, |p| p.mean, k),
        sd_chart: run_chart(&periods, |p| p.sd, k),
        sd_i_chart: IChartSeries {
            chart: i_chart_out(stats::i_chart(&sds, k)),
            labels,
            values: sds,
        },
        p_chart: (m.kind == "yes_no").then(|| p_chart(i.periods, k)),
        cycles: i.cycles.iter().map(mark).collect(),
        trend: trend.into(),
        signals,
        periods,
    }
}
