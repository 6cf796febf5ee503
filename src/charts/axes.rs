//! The plot and its axes, shared by every chart: plotters builds a cartesian plot of days
//! against values whose time-axis key points are exactly the periods we chose to label, so
//! ticks and labels sit on the data rather than on round numbers of days.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::format::{format_value, truncate};
use super::frame::Frame;
use super::layout::{FONT, GRID, INK, Layout};

/// The whole SVG as a plotters drawing area.
pub(crate) type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;

/// The plot: days (with our key points) against values.
pub(crate) type Chart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<DayAxis, RangedCoordf64>>;

/// Any drawing error; the public functions turn it into a fallback SVG.
pub(crate) type DrawResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// Builds the plot inside `root`, `top` pixels from the top (room for cycle titles).
pub(crate) fn build<'a, 'b>(
    root: &'a Area<'b>,
    layout: &Layout,
    frame: &Frame,
    top: u32,
) -> DrawResult<Chart<'a, 'b>> {
    let x = DayAxis {
        days: (frame.x.0..frame.x.1).into(),
        ticks: frame.tick_days(),
    };
    let chart = ChartBuilder::on(root)
        .margin_top(top)
        .margin_right(layout.right)
        .margin_left(layout.left)
        .margin_bottom(0)
        .x_label_area_size(layout.x_labels)
        .y_label_area_size(layout.y_labels)
        .build_cartesian_2d(x, frame.y.0..frame.y.1)?;
    Ok(chart)
}

/// The time axis: days mapped like any number, but with the labelled periods as its only
/// key points. (plotters' own `with_key_points` wrapper loses the value formatter of an
/// `f64` axis, so the mesh could not label it.)
pub(crate) struct DayAxis {
    days: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for DayAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.days.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.days.range()
    }
}

/// Draws the axes, the value grid and the tick labels (period labels on the time axis,
/// values formatted as everywhere else on the value axis).
pub(crate) fn draw_mesh(
    chart: &mut Chart,
    layout: &Layout,
    frame: &Frame,
    y_label: &str,
) -> DrawResult {
    let x_format = |day: &f64| frame.label_at(*day);
    let y_format = |value: &f64| format_value(*value);
    let font = text_style(layout.font_px, INK);
    let y_desc = axis_title(chart, layout, y_label);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.mix(0.6).stroke_width(1))
        .set_all_tick_mark_size(if layout.compact { 2 } else { 4 })
        .x_labels(frame.ticks.len().max(1))
        .y_labels(if layout.compact { 3 } else { 6 })
        .x_label_formatter(&x_format)
        .y_label_formatter(&y_format)
        .label_style(font.clone())
        .y_desc(y_desc)
        .axis_desc_style(font)
        .draw()?;
    Ok(())
}

/// The value axis' title, cut to the plot's height; none on a compact chart.
fn axis_title(chart: &Chart, layout: &Layout, y_label: &str) -> String {
    let (_, top, _, bottom) = plot_box(chart);
    if layout.compact {
        String::new()
    } else {
        truncate(y_label, layout.chars_in(bottom - top))
    }
}

/// A text style of `font_px` SVG pixels in `color`.
pub(crate) fn text_style(font_px: f64, color: RGBColor) -> TextStyle<'static> {
    (FONT, Layout::plotters_size(font_px))
        .into_font()
        .color(&color)
}

/// The plot's pixel box: left, top, right, bottom.
pub(crate) fn plot_box(chart: &Chart) -> (i32, i32, i32, i32) {
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    (xs.start, ys.start, xs.end, ys.end)
}
