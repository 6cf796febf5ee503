//! Run charts, I charts and P charts: one series over time with its centre line, its limits,
//! its signals and the cycles that were running.

use plotters::prelude::*;

use super::axes::{self, Area, Chart, DrawResult};
use super::cycles;
use super::frame::Frame;
use super::labels::{self, EndLabel};
use super::layout::{CENTRE, LIMIT, Layout, SERIES, SIGNAL};
use super::limits;
use super::spec::{LineChart, Point};
use super::svg::{self, Labels};

/// Draws a line chart as a complete, labelled `<svg>` element. Never fails: with no finite
/// point it says "No data yet", and if drawing fails it says so, keeping title and
/// description.
pub fn line_chart(spec: &LineChart) -> String {
    let layout = Layout::for_compact(spec.compact);
    let labels = Labels {
        id: &spec.id,
        title: &spec.title,
        description: &spec.description,
        compact: spec.compact,
    };
    let points: Vec<&Point> = spec.points.iter().filter(|p| p.y.is_finite()).collect();
    let frame = line_frame(spec, &points, &layout);
    svg::render(&labels, &layout, frame, |root, frame| {
        draw(root, spec, &points, frame, &layout)
    })
}

/// The frame of the finite points, with room for the centre line and the limits.
fn line_frame(spec: &LineChart, points: &[&Point], layout: &Layout) -> Option<Frame> {
    let stops: Vec<_> = points.iter().map(|p| (p.x, p.label.as_str())).collect();
    let mut values: Vec<f64> = points.iter().map(|p| p.y).collect();
    values.extend(spec.center.as_ref().map(|(_, v)| *v));
    for limit in [&spec.lcl, &spec.ucl].into_iter().flatten() {
        values.extend(limits::values(limit));
    }
    Frame::new(layout, &stops, &values, spec.y_range)
}

/// Draws, back to front: axes, cycle bands, lines, the series, then the labels.
fn draw(
    root: &Area,
    spec: &LineChart,
    points: &[&Point],
    frame: &Frame,
    layout: &Layout,
) -> DrawResult {
    let placed = cycles::place(&spec.cycles, frame, layout);
    let mut chart = axes::build(root, layout, frame, cycles::top_margin(&placed, layout))?;
    axes::draw_mesh(&mut chart, layout, frame, &spec.y_label)?;
    cycles::draw_bands(&mut chart, &placed, frame)?;
    cycles::draw_marks(root, &chart, &placed, frame, layout)?;
    draw_lines(&mut chart, spec, frame)?;
    draw_series(&mut chart, points, frame, layout)?;
    let ends: Vec<EndLabel> = limits::end_labels(spec, layout);
    labels::draw_end_labels(root, &chart, frame, layout, ends)?;
    if !layout.compact && points.iter().any(|p| p.signal) {
        labels::draw_key(root, layout, "◆ signal", SIGNAL)?;
    }
    Ok(())
}

/// The centre line (solid) and the limits (dashed).
fn draw_lines(chart: &mut Chart, spec: &LineChart, frame: &Frame) -> DrawResult {
    if let Some((_, centre)) = spec.center.as_ref().filter(|(_, v)| v.is_finite()) {
        let across = [(frame.x.0, *centre), (frame.x.1, *centre)];
        chart.draw_series(LineSeries::new(across, CENTRE.stroke_width(1)))?;
    }
    for limit in [&spec.lcl, &spec.ucl].into_iter().flatten() {
        let path = limits::path(limit, &spec.points, frame);
        if !path.is_empty() {
            let style = LIMIT.stroke_width(1);
            chart.draw_series(DashedLineSeries::new(path, 5, 4, style))?;
        }
    }
    Ok(())
}

/// The series line, a circle at each ordinary point and a larger diamond at each signal, so
/// signals differ in shape as well as colour.
fn draw_series(chart: &mut Chart, points: &[&Point], frame: &Frame, layout: &Layout) -> DrawResult {
    let at = |p: &Point| (frame.day(p.x), p.y);
    let line = points.iter().map(|p| at(p));
    chart.draw_series(LineSeries::new(line, SERIES.stroke_width(2)))?;
    let radius = if layout.compact { 2 } else { 3 };
    let ordinary = points.iter().filter(|p| !p.signal);
    chart.draw_series(ordinary.map(|p| Circle::new(at(p), radius, SERIES.filled())))?;
    let corners = diamond(if layout.compact { 4 } else { 6 });
    let signals = points.iter().filter(|p| p.signal);
    let mark =
        |p: &&Point| EmptyElement::at(at(p)) + Polygon::new(corners.clone(), SIGNAL.filled());
    chart.draw_series(signals.map(mark))?;
    Ok(())
}

/// The corners of a diamond `half` pixels from centre to corner, around the origin.
fn diamond(half: i32) -> Vec<(i32, i32)> {
    vec![(0, -half), (half, 0), (0, half), (-half, 0)]
}
