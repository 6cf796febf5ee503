//! Charts drawn on the server as SVG (plotters, SVG backend, no font files: the browser sets
//! the text), so a chart works without JavaScript, prints, and reads out to a screen reader:
//! every chart carries a `<title>` and a `<desc>`, and the page puts its data in a table beside
//! it. This module only draws; what to draw (centre lines, limits, which points are signals)
//! is decided by the statistics in `domain::stats` and handed over in a spec.
//!
//! The drawing is split by concern: `frame` (ranges and tick choice), `axes` (the plot),
//! `cycles` (bands and titles), `limits` and `labels` (lines and their labels), `line` and
//! `strip` (the two kinds of chart), `svg` (accessibility and fallbacks), `format` (numbers).

mod axes;
mod compact;
mod cycles;
mod format;
mod frame;
mod labels;
mod layout;
mod limits;
mod line;
pub mod spec;
mod strip;
mod svg;
#[cfg(test)]
mod tests;

pub use format::format_value;
pub use line::line_chart;
pub use spec::{CycleSpan, Limit, LineChart, Point, StripChart, StripPeriod};
pub use strip::strip_chart;
