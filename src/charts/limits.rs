//! The horizontal lines of a run, I or P chart: where they run and how they are labelled.
//! A limit that changes from point to point (a P chart with varying denominators) is a step
//! line whose treads are centred on the points, as qicharts2 draws it.

use plotters::style::RGBColor;

use super::format::{format_value, truncate};
use super::frame::Frame;
use super::labels::EndLabel;
use super::layout::{CENTRE, LIMIT, Layout};
use super::spec::{Limit, LineChart, Point};

/// The values a limit takes, for fitting the value range.
pub(crate) fn values(limit: &Limit) -> Vec<f64> {
    match limit {
        Limit::Constant(v) => vec![*v],
        Limit::PerPoint(vs) => vs.clone(),
    }
    .into_iter()
    .filter(|v| v.is_finite())
    .collect()
}

/// The limit's value at the right end of the chart (where its label goes).
pub(crate) fn last_value(limit: &Limit) -> Option<f64> {
    values(limit).last().copied()
}

/// The line a limit draws, in frame coordinates: a constant runs across the whole chart; a
/// per-point limit steps at the midpoints between points (points without a finite value
/// are left out, so a gap is bridged by its neighbours' treads).
pub(crate) fn path(limit: &Limit, points: &[Point], frame: &Frame) -> Vec<(f64, f64)> {
    match limit {
        Limit::Constant(v) if v.is_finite() => vec![(frame.x.0, *v), (frame.x.1, *v)],
        Limit::Constant(_) => Vec::new(),
        Limit::PerPoint(vs) => {
            let pairs: Vec<(f64, f64)> = points
                .iter()
                .zip(vs)
                .filter(|(_, v)| v.is_finite())
                .map(|(p, v)| (frame.day(p.x), *v))
                .collect();
            steps(&pairs, frame)
        }
    }
}

/// A tread for each (day, value) from the midpoint before it to the midpoint after it; the
/// first and last treads reach as far out as half their neighbour's gap, within the chart.
fn steps(pairs: &[(f64, f64)], frame: &Frame) -> Vec<(f64, f64)> {
    let n = pairs.len();
    if n == 0 {
        return Vec::new();
    }
    let mut bounds = vec![frame.x.0; n + 1];
    bounds[n] = frame.x.1;
    for i in 1..n {
        bounds[i] = (pairs[i - 1].0 + pairs[i].0) / 2.0;
    }
    if n > 1 {
        bounds[0] = (2.0 * pairs[0].0 - bounds[1]).max(frame.x.0);
        bounds[n] = (2.0 * pairs[n - 1].0 - bounds[n - 1]).min(frame.x.1);
    }
    let tread = |(i, (_, v)): (usize, &(f64, f64))| [(bounds[i], *v), (bounds[i + 1], *v)];
    pairs.iter().enumerate().flat_map(tread).collect()
}

/// Labels for the centre line and the limits, top to bottom when they coincide.
pub(crate) fn end_labels(spec: &LineChart, layout: &Layout) -> Vec<EndLabel> {
    let limit = |name: &str, limit: &Option<Limit>, rank: u8| {
        let value = limit.as_ref().and_then(last_value)?;
        end_label(layout, name, value, LIMIT, rank)
    };
    let centre = spec.center.as_ref();
    let centre = centre.and_then(|(name, value)| end_label(layout, name, *value, CENTRE, 1));
    let labels = [
        limit("UCL", &spec.ucl, 0),
        centre,
        limit("LCL", &spec.lcl, 2),
    ];
    labels.into_iter().flatten().collect()
}

/// One line's label ("median 2.35", "LCL 1.23"), the name shortened to fit the margin; a
/// compact chart has room for the value only. `None` for a non-finite value.
fn end_label(
    layout: &Layout,
    name: &str,
    value: f64,
    color: RGBColor,
    rank: u8,
) -> Option<EndLabel> {
    if !value.is_finite() {
        return None;
    }
    let number = format_value(value);
    let room = layout.chars_in(layout.right as i32 - 8);
    let name_room = room.saturating_sub(number.chars().count() + 1).max(3);
    let text = if layout.compact {
        number
    } else {
        format!("{} {number}", truncate(name, name_room))
    };
    Some(EndLabel {
        text,
        value,
        color,
        rank,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Days, NaiveDate};

    fn points(n: u64) -> Vec<Point> {
        let start = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        (0..n)
            .map(|i| Point {
                label: format!("W{i}"),
                x: start + Days::new(7 * i),
                y: 0.5,
                signal: false,
            })
            .collect()
    }

    fn frame(points: &[Point]) -> Frame {
        let stops: Vec<_> = points.iter().map(|p| (p.x, p.label.as_str())).collect();
        Frame::new(&Layout::normal(), &stops, &[0.0, 1.0], None).unwrap_or_else(|| panic!("frame"))
    }

    #[test]
    fn per_point_limits_step_between_points() {
        let pts = points(3);
        let f = frame(&pts);
        let path = path(&Limit::PerPoint(vec![0.8, 0.9, 0.7]), &pts, &f);
        assert_eq!(
            path,
            vec![
                (-3.5, 0.8),
                (3.5, 0.8),
                (3.5, 0.9),
                (10.5, 0.9),
                (10.5, 0.7),
                (17.5, 0.7)
            ]
        );
        assert_eq!(last_value(&Limit::PerPoint(vec![0.8, f64::NAN])), Some(0.8));
    }

    #[test]
    fn labels_fit_the_margin() {
        let spec = LineChart {
            id: "c".into(),
            title: "t".into(),
            description: "d".into(),
            y_label: "y".into(),
            points: points(2),
            center: Some(("median of the baseline".into(), 0.812345)),
            lcl: Some(Limit::Constant(0.1)),
            ucl: None,
            cycles: Vec::new(),
            y_range: None,
            compact: false,
        };
        let layout = Layout::normal();
        let texts: Vec<String> = end_labels(&spec, &layout)
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(texts, vec!["median… 0.812", "LCL 0.1"]);
        assert!(layout.text_px(&texts[0]) <= layout.right as i32 - 8);
        let compact = end_labels(&spec, &Layout::compact());
        assert_eq!(compact[0].text, "0.812");
    }

    #[test]
    fn constant_limits_span_the_chart() {
        let pts = points(1);
        let f = frame(&pts);
        assert_eq!(
            path(&Limit::Constant(2.0), &pts, &f),
            vec![(f.x.0, 2.0), (f.x.1, 2.0)]
        );
        assert!(path(&Limit::Constant(f64::NAN), &pts, &f).is_empty());
        assert_eq!(
            path(&Limit::PerPoint(vec![0.4]), &pts, &f),
            vec![(f.x.0, 0.4), (f.x.1, 0.4)]
        );
    }
}
