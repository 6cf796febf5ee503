//! The coach dashboard's charts, from the API's answer: run charts of the per-period mean and of
//! the between-classroom SD, the I chart of the SD, the P chart of a yes/no measure, and the
//! strip of every classroom's mean per period — each with the team's cycles on the time axis.

use super::figures::{
    self, ChartView, centre, centre_words, marks_at, num, outside_words, plain, points, run_marks,
    runs_words,
};
use crate::charts::{CycleSpan, Limit, StripChart, StripPeriod};
use crate::domain::stats::summary::classroom_means;
use crate::web::api::variation::answer::{CycleMark, PeriodOut, RunChartOut, Variation};
use crate::web::api::variation::periods::Period;
use chrono::{NaiveDate, TimeDelta};

/// The first day of each period that has the figure `pick`, in the order of the series.
fn days(periods: &[PeriodOut], pick: fn(&PeriodOut) -> Option<f64>) -> Vec<NaiveDate> {
    periods
        .iter()
        .filter(|p| pick(p).is_some())
        .map(|p| p.start)
        .collect()
}

/// The team's cycles that overlap the charted time (all of them until there is data).
pub fn charted_cycles(v: &Variation) -> Vec<&CycleMark> {
    let (Some(first), Some(last)) = (v.periods.first(), v.periods.last()) else {
        return Vec::new();
    };
    let reach = match v.period.as_str() {
        "week" => 6,
        "month" => 30,
        _ => 0,
    };
    let end = last.start + TimeDelta::days(reach);
    v.cycles
        .iter()
        .filter(|c| c.planned_end >= first.start && c.planned_start <= end)
        .collect()
}

/// The charted cycles as spans for the time axis.
pub fn cycle_spans(v: &Variation) -> Vec<CycleSpan> {
    charted_cycles(v)
        .into_iter()
        .map(|c| CycleSpan {
            title: c.title.clone(),
            start: c.planned_start,
            end: c.planned_end,
        })
        .collect()
}

/// What a run chart shows: its id, title, value axis and the figure it charts.
struct RunSpec {
    id: &'static str,
    title: String,
    y_label: &'static str,
    pick: fn(&PeriodOut) -> Option<f64>,
}

/// A run chart of one per-period figure around its median.
fn run_chart(v: &Variation, chart: &RunChartOut, spec: RunSpec, cycles: &[CycleSpan]) -> ChartView {
    let marks = run_marks(&chart.values, &chart.runs);
    let days = days(&v.periods, spec.pick);
    let pts = points(&chart.labels, &days, &chart.values, &marks);
    let caption = format!(
        "{} {}",
        centre_words("Median", &chart.runs, None),
        runs_words(&chart.runs, "median")
    );
    let mut line = plain(spec.id, spec.title, spec.y_label, pts, &caption, cycles);
    line.center = centre("median", &chart.runs);
    ChartView::line(&line, caption, ["Period", spec.y_label])
}

/// The run chart of the per-period mean.
pub fn mean_run(v: &Variation, cycles: &[CycleSpan]) -> ChartView {
    let spec = RunSpec {
        id: "mean-run",
        title: format!("Mean of classroom means: {}", v.measure.name),
        y_label: "Mean",
        pick: |p| p.mean,
    };
    run_chart(v, &v.mean_chart, spec, cycles)
}

/// The run chart of the per-period between-classroom SD: the line the collective wants falling.
pub fn sd_run(v: &Variation, cycles: &[CycleSpan]) -> ChartView {
    let spec = RunSpec {
        id: "sd-run",
        title: format!("Spread between classrooms (SD): {}", v.measure.name),
        y_label: "Between-classroom SD",
        pick: |p| p.sd,
    };
    run_chart(v, &v.sd_chart, spec, cycles)
}

/// The I chart of the between-classroom SD, points beyond the limits marked.
pub fn sd_i(v: &Variation, cycles: &[CycleSpan]) -> ChartView {
    let c = &v.sd_i_chart;
    let marks = marks_at(c.values.len(), &c.chart.outside);
    let pts = points(&c.labels, &days(&v.periods, |p| p.sd), &c.values, &marks);
    let limits = c.chart.lcl.zip(c.chart.ucl);
    let caption = format!(
        "{} {} {}",
        centre_words("Mean", &c.chart.runs, limits),
        outside_words(c.chart.outside.len(), limits.is_some()),
        runs_words(&c.chart.runs, "mean")
    );
    let title = format!("I chart of the spread (SD): {}", v.measure.name);
    let mut line = plain("sd-i", title, "Between-classroom SD", pts, &caption, cycles);
    line.center = centre("mean", &c.chart.runs);
    line.lcl = c.chart.lcl.map(Limit::Constant);
    line.ucl = c.chart.ucl.map(Limit::Constant);
    ChartView::line(&line, caption, ["Period", "SD"])
}

/// The P chart of a yes/no measure: share of yes per period with limits per point.
pub fn p_chart(v: &Variation, cycles: &[CycleSpan]) -> Option<ChartView> {
    let p = v.p_chart.as_ref()?;
    let c = &p.chart;
    let marks = marks_at(c.proportions.len(), &c.outside);
    let days = days(&v.periods, |_| Some(0.0));
    let pts = points(&p.labels, &days, &c.proportions, &marks);
    let caption = format!(
        "{} {} {}",
        centre_words("p̄", &c.runs, None),
        outside_words(c.outside.len(), true),
        runs_words(&c.runs, "centre line")
    );
    let title = format!("P chart, share of yes: {}", v.measure.name);
    let mut line = plain("p-chart", title, "Share of yes", pts, &caption, cycles);
    line.center = centre("p̄", &c.runs);
    line.lcl = Some(Limit::PerPoint(c.lcl.clone()));
    line.ucl = Some(Limit::PerPoint(c.ucl.clone()));
    line.y_range = Some((0.0, 1.0));
    let counts = p.x.iter().zip(&p.n).map(|(x, n)| vec![num(*x), num(*n)]);
    let view = ChartView::line(&line, caption, ["Period", "Share"]);
    Some(view.with_columns(&["Yes", "Observed"], counts.collect()))
}

/// The strip of every classroom's mean per period.
pub fn strip(v: &Variation, periods: &[Period], cycles: &[CycleSpan]) -> ChartView {
    let strips: Vec<StripPeriod> = periods
        .iter()
        .map(|p| StripPeriod {
            label: p.label.clone(),
            x: p.start,
            values: classroom_means(&p.pairs),
        })
        .collect();
    let title = format!("Every classroom's mean per period: {}", v.measure.name);
    let caption = "Each dot is one classroom's mean in the period; the narrower the strip, the less the classrooms differ.".to_string();
    let chart = StripChart {
        id: "strip".into(),
        description: format!(
            "{title}: {}. {caption}",
            figures::count(strips.len(), "period", "periods")
        ),
        title,
        y_label: "Classroom mean".into(),
        periods: strips,
        cycles: cycles.to_vec(),
    };
    ChartView::strip(&chart, caption)
}
