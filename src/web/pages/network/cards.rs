//! One card per team of the network view: a compact run chart of the between-classroom SD
//! (points of the signal marked, so the eye finds the run that made it), the reading in words,
//! the latest SD, and the team's figures as a table for those who do not read charts.

use crate::charts::{self, LineChart, Point, format_value};
use crate::domain::stats;
use crate::web::api::network::answer::{NetworkPeriod, TeamSpread};
use serde::Serialize;

/// One row of a team's figures table.
#[derive(Serialize)]
pub struct FigureRow {
    label: String,
    start: String,
    classrooms: i64,
    observations: i64,
    mean: String,
    sd: String,
}

/// A team's card.
#[derive(Serialize)]
pub struct Card {
    team_id: i32,
    team_name: String,
    district: String,
    href: String,
    has_data: bool,
    chart: Option<String>,
    trend: String,
    trend_label: &'static str,
    signal: String,
    latest_sd: Option<String>,
    latest_label: Option<String>,
    rows: Vec<FigureRow>,
}

/// What every card shares: the measure, how time is cut, the baseline.
pub struct Context<'a> {
    /// The measure's id, for the links to the team dashboards.
    pub measure_id: i32,
    /// The measure's name, for the charts' titles.
    pub measure_name: &'a str,
    /// week | month | cycle.
    pub period: &'a str,
    /// The baseline the centre lines were computed on.
    pub baseline: Option<usize>,
}

/// The trend's words; its badge's colour is the stylesheet's `.badge.trend-<trend>` (green
/// falling — the aim —, red rising, grey none), since the page's policy allows no inline style.
fn trend_label(trend: &str) -> &'static str {
    match trend {
        "falling" => "Falling variation",
        "rising" => "Rising variation",
        _ => "No signal",
    }
}

/// The points to mark: the longest run when the runs signalled, else the points beyond the
/// I chart's limits (the other way a trend is read); none without a trend.
fn marked(t: &TeamSpread, baseline: Option<usize>) -> Vec<usize> {
    let values = &t.sd_chart.values;
    if t.trend == "none" {
        return Vec::new();
    }
    match t.sd_chart.runs.center {
        Some(c) if t.sd_chart.runs.runs_signal => stats::longest_run_indices(values, c),
        _ => stats::i_chart(values, baseline).outside,
    }
}

/// What a screen reader hears for a team's chart: what is charted and what it shows.
fn description(t: &TeamSpread, ctx: &Context<'_>) -> String {
    let reading = t
        .signal
        .as_deref()
        .unwrap_or("no signal in the variation between classrooms");
    let median = t.sd_chart.runs.center;
    format!(
        "Between-classroom standard deviation of {} in {}, {} {}s{}. {}",
        ctx.measure_name,
        t.team_name,
        t.sd_chart.values.len(),
        ctx.period,
        median.map_or(String::new(), |c| format!(", median {}", format_value(c))),
        capitalise(reading),
    )
}

/// The compact SD chart of a team, with its accessible title and description.
fn chart(t: &TeamSpread, ctx: &Context<'_>) -> String {
    let marks = marked(t, ctx.baseline);
    let with_sd = t.periods.iter().filter(|p| p.sd.is_some());
    let points = with_sd
        .zip(&t.sd_chart.values)
        .enumerate()
        .map(|(i, (p, y))| Point {
            label: p.label.clone(),
            x: p.start,
            y: *y,
            signal: marks.contains(&i),
        })
        .collect();
    charts::line_chart(&LineChart {
        id: format!("sd-team-{}", t.team_id),
        title: format!("{}: between-classroom SD by {}", t.team_name, ctx.period),
        description: description(t, ctx),
        y_label: "Between-classroom SD".into(),
        points,
        center: t.sd_chart.runs.center.map(|c| ("median".to_string(), c)),
        lcl: None,
        ucl: None,
        cycles: Vec::new(),
        y_range: None,
        compact: true,
    })
}

/// A period as a row of the figures table.
fn figure_row(p: &NetworkPeriod) -> FigureRow {
    FigureRow {
        label: p.label.clone(),
        start: p.start.to_string(),
        classrooms: p.classrooms,
        observations: p.observations,
        mean: format_value(p.mean),
        sd: p.sd.map_or("–".into(), format_value),
    }
}

/// The sentence under the chart.
fn sentence(t: &TeamSpread) -> String {
    match (
        &t.signal,
        t.periods.is_empty(),
        t.sd_chart.values.is_empty(),
    ) {
        (Some(s), _, _) => capitalise(s),
        (None, true, _) => "No observations of this measure yet.".into(),
        (None, false, true) => "No period with two classrooms or more observed yet.".into(),
        (None, false, false) => "No signal in the variation between classrooms.".into(),
    }
}

/// The first letter in upper case.
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or(String::new(), |c| {
        c.to_uppercase().chain(chars).collect::<String>() + "."
    })
}

/// A team's card.
pub fn card(t: &TeamSpread, ctx: &Context<'_>) -> Card {
    let latest = t.periods.iter().rev().find_map(|p| p.sd.map(|sd| (sd, p)));
    let has_data = !t.periods.is_empty();
    Card {
        team_id: t.team_id,
        team_name: t.team_name.clone(),
        district: t.district.clone(),
        href: format!(
            "/teams/{}/variation?measure={}&period={}",
            t.team_id, ctx.measure_id, ctx.period
        ),
        has_data,
        chart: has_data.then(|| chart(t, ctx)),
        trend: t.trend.clone(),
        trend_label: trend_label(&t.trend),
        signal: sentence(t),
        latest_sd: latest.map(|(sd, _)| format_value(sd)),
        latest_label: latest.map(|(_, p)| p.label.clone()),
        rows: t.periods.iter().map(figure_row).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_reads_as_a_sentence() {
        assert_eq!(
            capitalise("variation has fallen: 9 periods in a row below the median"),
            "Variation has fallen: 9 periods in a row below the median."
        );
    }
}
