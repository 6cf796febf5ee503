//! What a chart shows, independent of how it is drawn: the series, its centre line and limits,
//! the points that are signals, and the cycles to mark on the time axis.

use chrono::NaiveDate;

/// One point of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The period's label, for the axis and the table (`2026-W47`, `2026-11`, a cycle title).
    pub label: String,
    /// Where the point sits on the time axis: the period's first day.
    pub x: NaiveDate,
    /// The value.
    pub y: f64,
    /// True when this point is part of a signal (drawn with a distinct shape, not only colour).
    pub signal: bool,
}

/// A horizontal line (centre) or a limit that may change from point to point (P charts).
#[derive(Debug, Clone, PartialEq)]
pub enum Limit {
    /// The same value at every point.
    Constant(f64),
    /// One value per point, in the order of `LineChart::points` (drawn as a step line).
    PerPoint(Vec<f64>),
}

/// A PDSA cycle drawn on the time axis: a shaded span from start to end, titled.
#[derive(Debug, Clone, PartialEq)]
pub struct CycleSpan {
    /// The cycle's title (shortened by the drawing when long).
    pub title: String,
    /// Planned (or actual) start.
    pub start: NaiveDate,
    /// Planned (or actual) end.
    pub end: NaiveDate,
}

/// A run chart, an I chart or a P chart: one series over time with its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// A page-unique id (letters, digits, `-`), used for the title and description ids.
    pub id: String,
    /// The chart's title (also its accessible name).
    pub title: String,
    /// A sentence or two a screen reader reads: what is charted and what the signals are.
    pub description: String,
    /// The value axis' name, e.g. "Between-classroom SD".
    pub y_label: String,
    /// The series in time order.
    pub points: Vec<Point>,
    /// The centre line, labelled with its name and value (e.g. "median", "mean", "p̄").
    pub center: Option<(String, f64)>,
    /// Lower control limit.
    pub lcl: Option<Limit>,
    /// Upper control limit.
    pub ucl: Option<Limit>,
    /// Cycles to mark on the time axis.
    pub cycles: Vec<CycleSpan>,
    /// A fixed value range (P charts: 0–1); otherwise fitted to the data and lines.
    pub y_range: Option<(f64, f64)>,
    /// Small multiple: a compact drawing (no cycle titles, fewer ticks) for the network view.
    pub compact: bool,
}

/// One period of a strip chart: every classroom's mean in it.
#[derive(Debug, Clone, PartialEq)]
pub struct StripPeriod {
    /// The period's label.
    pub label: String,
    /// The period's first day.
    pub x: NaiveDate,
    /// Each classroom's mean in the period.
    pub values: Vec<f64>,
}

/// A strip of every classroom's value per period, so the spread itself is visible.
#[derive(Debug, Clone, PartialEq)]
pub struct StripChart {
    /// A page-unique id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Accessible description.
    pub description: String,
    /// The value axis' name.
    pub y_label: String,
    /// The periods in time order.
    pub periods: Vec<StripPeriod>,
    /// Cycles to mark on the time axis.
    pub cycles: Vec<CycleSpan>,
}
