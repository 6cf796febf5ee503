//! Tests of the public drawing functions: what a page and a screen reader get.

use chrono::{Days, NaiveDate};

use super::*;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default()
}

fn week(i: u64) -> NaiveDate {
    start() + Days::new(7 * i)
}

fn points(values: &[f64], signals: &[usize]) -> Vec<Point> {
    let point = |(i, y): (usize, &f64)| Point {
        label: format!("2026-W{:02}", i + 2),
        x: week(i as u64),
        y: *y,
        signal: signals.contains(&i),
    };
    values.iter().enumerate().map(point).collect()
}

fn cycle(title: &str, from: u64, to: u64) -> CycleSpan {
    CycleSpan {
        title: title.to_string(),
        start: week(from),
        end: week(to) + Days::new(4),
    }
}

/// An I chart of 24 weekly means, two signals, two overlapping cycles.
fn i_chart() -> LineChart {
    let values: Vec<f64> = (0..24)
        .map(|i| 2.2 + 0.3 * ((i * 7 % 5) as f64) / 4.0 + if i > 15 { 0.5 } else { 0.0 })
        .collect();
    LineChart {
        id: "team-1-mean".into(),
        title: "Mean discourse score <by week> & more".into(),
        description: "Weekly mean; 2 points above the upper limit.".into(),
        y_label: "Mean score (1–4)".into(),
        points: points(&values, &[20, 22]),
        center: Some(("mean".into(), 2.4375)),
        lcl: Some(Limit::Constant(1.98765)),
        ucl: Some(Limit::Constant(2.8912)),
        cycles: vec![
            cycle("Turn & talk <grade 3>", 3, 8),
            cycle("Cold call with a very long title indeed", 6, 11),
            cycle("Exit tickets", 15, 19),
        ],
        y_range: None,
        compact: false,
    }
}

/// Occurrences of `needle` in `hay`.
fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

/// The checks every chart must pass: one root, labelled, with title and desc first.
fn assert_accessible(svg: &str, id: &str) {
    assert!(svg.starts_with("<svg "), "{svg}");
    assert!(svg.ends_with("</svg>"));
    assert_eq!(count(svg, "<svg"), 1);
    let root_end = svg.find('>').unwrap_or(0);
    let root = &svg[..root_end];
    assert!(root.contains(r#"role="img""#));
    assert!(root.contains(&format!(r#"aria-labelledby="{id}-title {id}-desc""#)));
    assert!(root.contains("class=\"chart") && root.contains("viewBox=\"0 0 "));
    let after = &svg[root_end + 1..];
    assert!(
        after.starts_with(&format!(r#"<title id="{id}-title">"#)),
        "{after}"
    );
    let desc_at = after.find("</title>").unwrap_or(0) + "</title>".len();
    assert!(after[desc_at..].starts_with(&format!(r#"<desc id="{id}-desc">"#)));
    assert_eq!(count(svg, "<title id="), 1);
    assert_eq!(count(svg, "<desc id="), 1);
    assert_balanced(svg);
}

/// Every opened element is closed, in order (a cheap well-formedness check).
fn assert_balanced(svg: &str) {
    let mut stack: Vec<&str> = Vec::new();
    for tag in svg.split('<').skip(1) {
        let end = tag.find('>').unwrap_or(tag.len());
        let inner = &tag[..end];
        let name = inner
            .trim_start_matches('/')
            .split([' ', '/', '\n'])
            .next()
            .unwrap_or("");
        if inner.starts_with('/') {
            assert_eq!(stack.pop(), Some(name), "unbalanced </{name}>");
        } else if !inner.ends_with('/') {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    let text_only: String = svg
        .split('<')
        .map(|t| t.split_once('>').map_or("", |p| p.1))
        .collect();
    assert!(!text_only.contains('>'), "raw > in text");
}

#[test]
fn line_chart_is_accessible_and_escaped() {
    let svg = line_chart(&i_chart());
    assert_accessible(&svg, "team-1-mean");
    assert!(svg.contains(">Mean discourse score &lt;by week&gt; &amp; more</title>"));
    assert!(svg.contains(r#"width="720" height="300""#));
}

#[test]
fn centre_and_limits_are_labelled_with_values() {
    let svg = line_chart(&i_chart());
    assert!(svg.contains("mean 2.44"), "{svg}");
    assert!(svg.contains("LCL 1.99"));
    assert!(svg.contains("UCL 2.89"));
}

#[test]
fn signals_have_their_own_shape() {
    let svg = line_chart(&i_chart());
    assert_eq!(count(&svg, "<polygon"), 2);
    assert_eq!(count(&svg, r##"<polygon fill="#C2410C""##), 2);
    assert_eq!(count(&svg, r##"<circle cx"##), 22);
    assert!(svg.contains("◆ signal"));
}

#[test]
fn cycles_are_titled_escaped_and_shortened() {
    let svg = line_chart(&i_chart());
    assert!(svg.contains("Turn &amp; talk &lt;grade 3&gt;"), "{svg}");
    assert!(svg.contains("Cold call with a very l…"));
    assert!(svg.contains("Exit tickets"));
    assert!(!svg.contains("<grade"));
}

#[test]
fn compact_charts_are_small_and_omit_cycle_titles() {
    let spec = LineChart {
        compact: true,
        ..i_chart()
    };
    let svg = line_chart(&spec);
    assert_accessible(&svg, "team-1-mean");
    assert!(svg.contains(r#"width="240" height="90""#));
    assert!(svg.contains("chart chart-compact"));
    assert!(!svg.contains("Turn &amp; talk"));
    assert!(!svg.contains("Exit tickets"));
    assert!(svg.contains(">2.44</text>"), "{svg}");
    assert!(svg.contains("2026-W02") && svg.contains("2026-W25"));
    assert!(!svg.contains("2026-W10"));
}

#[test]
fn empty_series_says_no_data_yet() {
    let spec = LineChart {
        points: Vec::new(),
        ..i_chart()
    };
    let svg = line_chart(&spec);
    assert_accessible(&svg, "team-1-mean");
    assert!(svg.contains("No data yet"));
    let nan = LineChart {
        points: points(&[f64::NAN], &[]),
        ..i_chart()
    };
    assert!(line_chart(&nan).contains("No data yet"));
}

#[test]
fn one_point_draws() {
    let spec = LineChart {
        points: points(&[2.5], &[0]),
        cycles: Vec::new(),
        ..i_chart()
    };
    let svg = line_chart(&spec);
    assert_accessible(&svg, "team-1-mean");
    assert!(!svg.contains("No data yet") && !svg.contains("could not"));
    assert_eq!(count(&svg, "<polygon"), 1);
    assert!(svg.contains("2026-W02"));
}

#[test]
fn constant_series_with_equal_limits_draws_three_labels() {
    let spec = LineChart {
        points: points(&[3.0; 8], &[]),
        center: Some(("mean".into(), 3.0)),
        lcl: Some(Limit::Constant(3.0)),
        ucl: Some(Limit::Constant(3.0)),
        ..i_chart()
    };
    let svg = line_chart(&spec);
    assert_accessible(&svg, "team-1-mean");
    assert!(svg.contains("mean 3") && svg.contains("LCL 3") && svg.contains("UCL 3"));
    assert!(!svg.contains("could not"));
}

#[test]
fn p_chart_with_per_point_limits_and_fixed_range() {
    let spec = LineChart {
        points: points(&[0.4, 0.55, 0.5, 0.62], &[3]),
        center: Some(("p̄".into(), 0.5)),
        lcl: Some(Limit::PerPoint(vec![0.2, 0.25, 0.1, 0.3])),
        ucl: Some(Limit::PerPoint(vec![0.8, 0.75, 0.9, 0.7])),
        y_range: Some((0.0, 1.0)),
        cycles: Vec::new(),
        ..i_chart()
    };
    let svg = line_chart(&spec);
    assert_accessible(&svg, "team-1-mean");
    assert!(svg.contains("UCL 0.7") && svg.contains("LCL 0.3") && svg.contains("p̄ 0.5"));
}

#[test]
fn a_cycle_outside_the_chart_is_skipped() {
    let spec = LineChart {
        cycles: vec![cycle("Long ago", 0, 1), cycle("Far later", 80, 90)],
        ..i_chart()
    };
    let spec = LineChart {
        points: spec.points[4..].to_vec(),
        ..spec
    };
    let svg = line_chart(&spec);
    assert!(!svg.contains("Long ago") && !svg.contains("Far later"));
}

fn strip() -> StripChart {
    let period = |i: u64| StripPeriod {
        label: format!("2026-W{:02}", i + 2),
        x: week(i),
        values: (0..8)
            .map(|c| 2.5 + (c as f64 - 3.5) * 0.2 / (1.0 + i as f64 / 4.0))
            .collect(),
    };
    StripChart {
        id: "strip".into(),
        title: "Classrooms <by week>".into(),
        description: "Every classroom's weekly mean.".into(),
        y_label: "Mean score".into(),
        periods: (0..12).map(period).collect(),
        cycles: vec![cycle("Turn & talk", 2, 5)],
    }
}

#[test]
fn strip_chart_draws_every_classroom_and_mean() {
    let svg = strip_chart(&strip());
    assert_accessible(&svg, "strip");
    assert_eq!(count(&svg, "<circle"), 96);
    assert!(svg.contains("Turn &amp; talk"));
    assert!(svg.contains("Classrooms &lt;by week&gt;"));
    assert_eq!(count(&svg, "stroke-width=\"3\""), 12);
}

#[test]
fn strip_chart_without_values_says_no_data_yet() {
    let empty = StripChart {
        periods: vec![StripPeriod {
            label: "W1".into(),
            x: start(),
            values: Vec::new(),
        }],
        ..strip()
    };
    let svg = strip_chart(&empty);
    assert_accessible(&svg, "strip");
    assert!(svg.contains("No data yet"));
    let none = StripChart {
        periods: Vec::new(),
        ..strip()
    };
    assert!(strip_chart(&none).contains("No data yet"));
}

/// Writes sample charts to /tmp for looking at: `cargo test --lib charts::tests::demo -- --ignored`.
#[test]
#[ignore]
fn demo() {
    let write = |name: &str, svg: String| {
        std::fs::write(format!("/tmp/chart-demo{name}.svg"), svg).unwrap_or_default()
    };
    write("", line_chart(&i_chart()));
    write(
        "-compact",
        line_chart(&LineChart {
            compact: true,
            ..i_chart()
        }),
    );
    write("-strip", strip_chart(&strip()));
    write(
        "-empty",
        line_chart(&LineChart {
            points: Vec::new(),
            ..i_chart()
        }),
    );
    write(
        "-constant",
        line_chart(&LineChart {
            points: points(&[3.0; 8], &[]),
            center: Some(("mean".into(), 3.0)),
            lcl: Some(Limit::Constant(3.0)),
            ucl: Some(Limit::Constant(3.0)),
            ..i_chart()
        }),
    );
    write(
        "-p",
        line_chart(&LineChart {
            points: points(&[0.4, 0.55, 0.5, 0.62, 0.3, 0.9], &[5]),
            center: Some(("p̄".into(), 0.5)),
            lcl: Some(Limit::PerPoint(vec![0.2, 0.25, 0.1, 0.3, 0.22, 0.28])),
            ucl: Some(Limit::PerPoint(vec![0.8, 0.75, 0.9, 0.7, 0.78, 0.72])),
            y_range: Some((0.0, 1.0)),
            ..i_chart()
        }),
    );
    write("-stress", line_chart(&stress()));
    write(
        "-stress-compact",
        line_chart(&LineChart {
            compact: true,
            ..stress()
        }),
    );
}

/// Two years of weeks, a run chart (median only), many overlapping cycles, long labels.
fn stress() -> LineChart {
    let values: Vec<f64> = (0..104)
        .map(|i| 0.9 - (i as f64) * 0.004 + ((i * 13 % 7) as f64) * 0.03)
        .collect();
    let signals: Vec<usize> = (80..104).collect();
    let titles = [
        "A",
        "Turn and talk stems",
        "Cold call",
        "Exit tickets",
        "Think–pair–share",
        "Wait time",
    ];
    let mut cycles: Vec<CycleSpan> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| cycle(t, 10 + 3 * i as u64, 20 + 3 * i as u64))
        .collect();
    cycles.push(cycle("Started before the chart and still running", 0, 3));
    cycles.push(cycle("Ends after the chart, a long title", 98, 120));
    LineChart {
        id: "stress".into(),
        title: "Between-classroom SD".into(),
        description: "Run chart".into(),
        y_label: "Between-classroom standard deviation of classroom means".into(),
        points: points(&values, &signals)[2..].to_vec(),
        center: Some(("median of the baseline".into(), 0.812345)),
        lcl: None,
        ucl: None,
        cycles,
        y_range: None,
        compact: false,
    }
}
