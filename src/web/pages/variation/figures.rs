//! A chart as a page shows it: the SVG, a caption with its centre line, limits and signals in
//! words, and its data as a table (so the numbers are there for a screen reader, for copying
//! into a spreadsheet, and for anyone who does not read charts). Shared by the coach dashboard
//! and "chart a series"; `partials/chart.hbs` draws it.

use crate::charts::{CycleSpan, Limit, LineChart, Point, StripChart, line_chart, strip_chart};
use crate::domain::stats;
use crate::web::api::analysis::RunsOut;
use chrono::NaiveDate;
use serde::Serialize;

/// One row of a chart's data table.
#[derive(Debug, Serialize)]
pub struct Row {
    /// The period (or point number).
    pub label: String,
    /// The other cells, formatted.
    pub cells: Vec<String>,
    /// Part of a signal.
    pub signal: bool,
}

/// A chart with its caption and data table (`partials/chart.hbs`).
#[derive(Debug, Serialize)]
pub struct ChartView {
    /// Page-unique id.
    pub id: String,
    /// Title, also the SVG's accessible name.
    pub title: String,
    /// Centre, limits and signals in words.
    pub caption: String,
    /// The drawing.
    pub svg: String,
    /// Column headings, the row label's first.
    pub columns: Vec<String>,
    /// The data.
    pub rows: Vec<Row>,
    /// Whether the table has a "Signal" column (line charts do, strips do not).
    pub signals: bool,
}

impl ChartView {
    /// A line chart and its table: period, value, and the limits when it has them.
    pub fn line(chart: &LineChart, caption: String, head: [&str; 2]) -> ChartView {
        let mut columns: Vec<String> = head.iter().map(|h| h.to_string()).collect();
        if chart.lcl.is_some() || chart.ucl.is_some() {
            columns.extend(["Lower limit".to_string(), "Upper limit".to_string()]);
        }
        let limits = |i: usize| [&chart.lcl, &chart.ucl].map(|l| limit_at(l.as_ref(), i));
        let rows = chart.points.iter().enumerate().map(|(i, p)| {
            let mut cells = vec![num(p.y)];
            if columns.len() > 2 {
                cells.extend(limits(i));
            }
            Row {
                label: p.label.clone(),
                cells,
                signal: p.signal,
            }
        });
        ChartView {
            id: chart.id.clone(),
            title: chart.title.clone(),
            caption,
            svg: line_chart(chart),
            rows: rows.collect(),
            columns,
            signals: true,
        }
    }

    /// Adds columns after the row label (a P chart's yes counts and totals), one cell list per row.
    pub fn with_columns(mut self, names: &[&str], cells: Vec<Vec<String>>) -> ChartView {
        for (i, name) in names.iter().enumerate() {
            self.columns.insert(1 + i, name.to_string());
        }
        for (row, extra) in self.rows.iter_mut().zip(cells) {
            row.cells.splice(0..0, extra);
        }
        self
    }

    /// A strip chart and its table: each period's classroom means, lowest first.
    pub fn strip(chart: &StripChart, caption: String) -> ChartView {
        let rows = chart.periods.iter().map(|p| {
            let mut means = p.values.clone();
            means.sort_by(f64::total_cmp);
            let listed: Vec<String> = means.into_iter().map(num).collect();
            Row {
                label: p.label.clone(),
                cells: vec![p.values.len().to_string(), listed.join(", ")],
                signal: false,
            }
        });
        ChartView {
            id: chart.id.clone(),
            title: chart.title.clone(),
            caption,
            svg: strip_chart(chart),
            columns: ["Period", "Classrooms", "Classroom means"]
                .map(String::from)
                .into(),
            rows: rows.collect(),
            signals: false,
        }
    }
}

/// A limit's value at point `i`, formatted ("" when there is none).
fn limit_at(limit: Option<&Limit>, i: usize) -> String {
    match limit {
        Some(Limit::Constant(v)) => num(*v),
        Some(Limit::PerPoint(vs)) => vs.get(i).map(|v| num(*v)).unwrap_or_default(),
        None => String::new(),
    }
}

/// A number as the charts print it (three significant figures, no trailing zeros), so the
/// tables and captions read exactly like the labels on the drawing.
pub use crate::charts::format_value as num;

/// A line chart of `points` without centre line or limits (the caller adds those), described
/// for a screen reader by its caption and the cycles on its time axis.
pub fn plain(
    id: &str,
    title: String,
    y_label: &str,
    points: Vec<Point>,
    caption: &str,
    cycles: &[CycleSpan],
) -> LineChart {
    LineChart {
        id: id.into(),
        description: description(&title, &points, caption, cycles),
        title,
        y_label: y_label.into(),
        points,
        center: None,
        lcl: None,
        ucl: None,
        cycles: cycles.to_vec(),
        y_range: None,
        compact: false,
    }
}

/// The points of a series: labels, days on the time axis, values, and which are signals.
pub fn points(labels: &[String], days: &[NaiveDate], values: &[f64], marks: &[bool]) -> Vec<Point> {
    labels
        .iter()
        .zip(days)
        .zip(values)
        .enumerate()
        .map(|(i, ((label, x), y))| Point {
            label: label.clone(),
            x: *x,
            y: *y,
            signal: marks.get(i).copied().unwrap_or(false),
        })
        .collect()
}

/// Which points make the first longest run on one side of the centre — the run the Anhøj rule
/// judges (points on the centre neither break nor extend it, and are not marked).
pub fn longest_run_marks(values: &[f64], center: Option<f64>) -> Vec<bool> {
    let run = center.map_or_else(Vec::new, |c| stats::longest_run_indices(values, c));
    marks_at(values.len(), &run)
}

/// Marks at the given indices (points beyond the limits).
pub fn marks_at(len: usize, indices: &[usize]) -> Vec<bool> {
    (0..len).map(|i| indices.contains(&i)).collect()
}

/// A run chart's marks: the longest run's points, only when the run rule signals.
pub fn run_marks(values: &[f64], runs: &RunsOut) -> Vec<bool> {
    if runs.runs_signal {
        longest_run_marks(values, runs.center)
    } else {
        vec![false; values.len()]
    }
}

/// "1 point" / "9 points".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The Anhøj analysis in words, around a centre line named `centre` ("median", "mean").
pub fn runs_words(r: &RunsOut, centre: &str) -> String {
    let side = r.longest_run_side.as_deref().unwrap_or("on one side of");
    match (r.longest_run_max, r.crossings_min) {
        (Some(max), _) if r.runs_signal && r.longest_run > max => format!(
            "Signal: {} in a row {side} the {centre} (more than {max} is unlikely by chance).",
            count(r.longest_run, "point", "points")
        ),
        (_, Some(min)) if r.runs_signal => format!(
            "Signal: only {} of the {centre} (fewer than {min} is unlikely by chance).",
            count(r.crossings, "crossing", "crossings")
        ),
        (Some(max), Some(min)) => format!(
            "No run signal: longest run {} (up to {max} expected), {} (at least {min} expected).",
            r.longest_run,
            count(r.crossings, "crossing", "crossings")
        ),
        _ => format!("No point off the {centre}: nothing to judge."),
    }
}

/// "Signal: 2 points outside the limits." / "No point outside the limits."
pub fn outside_words(n: usize, has_limits: bool) -> String {
    match (n, has_limits) {
        (_, false) => "No limits: the baseline has a single point.".into(),
        (0, true) => "No point outside the limits.".into(),
        (n, true) => format!(
            "Signal: {} outside the limits.",
            count(n, "point", "points")
        ),
    }
}

/// The centre line's name and value, when there is one.
pub fn centre(name: &str, r: &RunsOut) -> Option<(String, f64)> {
    r.center.map(|c| (name.to_string(), c))
}

/// "Median 2.5." / "Mean 1.2; limits 0.3 to 2.1."
pub fn centre_words(name: &str, r: &RunsOut, limits: Option<(f64, f64)>) -> String {
    let c = r.center.map(num).unwrap_or_else(|| "none".into());
    match limits {
        Some((l, u)) => format!("{name} {c}; limits {} to {}.", num(l), num(u)),
        None => format!("{name} {c}."),
    }
}

/// The description a screen reader reads with the chart.
pub fn description(what: &str, points: &[Point], caption: &str, cycles: &[CycleSpan]) -> String {
    let span = match (points.first(), points.last()) {
        (Some(a), Some(b)) => format!(" from {} to {}", a.label, b.label),
        _ => String::new(),
    };
    let n = count(points.len(), "point", "points");
    let mut text = format!("{what}: {n}{span}. {caption}");
    if !cycles.is_empty() {
        let titles: Vec<String> = cycles
            .iter()
            .map(|c| format!("{} ({} to {})", c.title, c.start, c.end))
            .collect();
        text.push_str(&format!(" Cycles: {}.", titles.join("; ")));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_longest_run_is_marked_and_points_on_the_centre_are_not() {
        let values = [1.0, 3.0, 3.0, 2.0, 3.0, 1.0, 1.0];
        let marks = longest_run_marks(&values, Some(2.0));
        assert_eq!(marks, [false, true, true, false, true, false, false]);
        assert_eq!(longest_run_marks(&values, None), [false; 7]);
    }
}
