//! The strip chart: every classroom's value in every period, so the spread itself is seen
//! narrowing (or not), with a tick at each period's mean and the cycles that were running.

use plotters::prelude::*;

use super::axes::{self, Area, Chart, DrawResult};
use super::cycles;
use super::frame::Frame;
use super::labels;
use super::layout::{INK, Layout, MEAN, SERIES};
use super::spec::{StripChart, StripPeriod};
use super::svg::{self, Labels};

/// Draws a strip chart as a complete, labelled `<svg>` element. Never fails: with no finite
/// value in any period it says "No data yet", and if drawing fails it says so.
pub fn strip_chart(spec: &StripChart) -> String {
    let layout = Layout::normal();
    let labels = Labels {
        id: &spec.id,
        title: &spec.title,
        description: &spec.description,
        compact: false,
    };
    let frame = strip_frame(spec, &layout);
    svg::render(&labels, &layout, frame, |root, frame| {
        draw(root, spec, frame, &layout)
    })
}

/// The frame of every period (empty ones keep their place on the time axis), or `None`
/// when no period has a value.
fn strip_frame(spec: &StripChart, layout: &Layout) -> Option<Frame> {
    let values: Vec<f64> = spec.periods.iter().flat_map(finite).collect();
    if values.is_empty() {
        return None;
    }
    let stops: Vec<_> = spec
        .periods
        .iter()
        .map(|p| (p.x, p.label.as_str()))
        .collect();
    Frame::new(layout, &stops, &values, None)
}

/// A period's finite values.
fn finite(period: &StripPeriod) -> impl Iterator<Item = f64> + '_ {
    period.values.iter().copied().filter(|v| v.is_finite())
}

/// Draws, back to front: axes, cycle bands, the classrooms' dots, the means, the key.
fn draw(root: &Area, spec: &StripChart, frame: &Frame, layout: &Layout) -> DrawResult {
    let placed = cycles::place(&spec.cycles, frame, layout);
    let mut chart = axes::build(root, layout, frame, cycles::top_margin(&placed, layout))?;
    axes::draw_mesh(&mut chart, layout, frame, &spec.y_label)?;
    cycles::draw_bands(&mut chart, &placed, frame)?;
    cycles::draw_marks(root, &chart, &placed, frame, layout)?;
    draw_dots(&mut chart, spec, frame)?;
    draw_means(&mut chart, spec, frame)?;
    labels::draw_key(root, layout, "● classroom   — period mean", INK)?;
    Ok(())
}

/// One semi-transparent dot per classroom and period, so dots that coincide read darker.
fn draw_dots(chart: &mut Chart, spec: &StripChart, frame: &Frame) -> DrawResult {
    let style = SERIES.mix(0.45).filled();
    let dots = spec.periods.iter().flat_map(|period| {
        let day = frame.day(period.x);
        finite(period).map(move |v| Circle::new((day, v), 3, style))
    });
    chart.draw_series(dots)?;
    Ok(())
}

/// A short thick horizontal tick at each period's mean, narrower when periods are close.
fn draw_means(chart: &mut Chart, spec: &StripChart, frame: &Frame) -> DrawResult {
    let half = tick_half_width(spec, frame);
    let style = MEAN.stroke_width(3);
    let means = spec.periods.iter().filter_map(|period| {
        let values: Vec<f64> = finite(period).collect();
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let at = (frame.day(period.x), mean);
        let tick = PathElement::new(vec![(-half, 0), (half, 0)], style);
        (!values.is_empty()).then(|| EmptyElement::at(at) + tick)
    });
    chart.draw_series(means)?;
    Ok(())
}

/// Half the mean tick's width: up to 9 pixels, at most a third of the closest two periods'
/// distance so neighbouring ticks never touch.
fn tick_half_width(spec: &StripChart, frame: &Frame) -> i32 {
    let mut days: Vec<f64> = spec.periods.iter().map(|p| frame.day(p.x)).collect();
    days.sort_by(f64::total_cmp);
    let closest = days
        .windows(2)
        .map(|w| w[1] - w[0])
        .filter(|gap| *gap > 0.0)
        .fold(f64::INFINITY, f64::min);
    if !closest.is_finite() {
        return 9;
    }
    let px = frame.px(days[0] + closest) - frame.px(days[0]);
    ((px / 3.0).floor() as i32).clamp(3, 9)
}
