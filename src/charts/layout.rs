//! Sizes, margins, fonts and colours of a chart. Everything is fixed up front so the drawing
//! code can know where the plot will be before plotters lays it out (cycle titles and tick
//! labels are placed to avoid each other without measuring real text, which an SVG backend
//! without font files cannot do).

use plotters::style::RGBColor;

/// The series line and its ordinary markers: a dark blue, readable on white.
pub(crate) const SERIES: RGBColor = RGBColor(0x1F, 0x4E, 0x79);
/// Signal markers: a burnt orange, also told apart by their diamond shape.
pub(crate) const SIGNAL: RGBColor = RGBColor(0xC2, 0x41, 0x0C);
/// The centre line and its label.
pub(crate) const CENTRE: RGBColor = RGBColor(0x37, 0x41, 0x51);
/// Control limits (dashed) and their labels.
pub(crate) const LIMIT: RGBColor = RGBColor(0x6B, 0x72, 0x80);
/// Cycle bands, edges and titles: a teal, apart from the data colours.
pub(crate) const CYCLE: RGBColor = RGBColor(0x0F, 0x76, 0x6E);
/// Axis lines and tick labels.
pub(crate) const INK: RGBColor = RGBColor(0x37, 0x41, 0x51);
/// Horizontal grid lines: faint, so the data stays in front.
pub(crate) const GRID: RGBColor = RGBColor(0xE5, 0xE7, 0xEB);
/// The period mean tick on a strip chart.
pub(crate) const MEAN: RGBColor = RGBColor(0x11, 0x18, 0x27);

/// Font family for every text; the page's stylesheet may override it.
pub(crate) const FONT: &str = "sans-serif";

/// Where the parts of a chart go, in pixels of the SVG's own coordinate space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Layout {
    /// A small multiple: fewer ticks, no cycle titles, no axis title.
    pub compact: bool,
    /// Width of the SVG.
    pub width: u32,
    /// Height of the SVG.
    pub height: u32,
    /// Space above the plot when no cycle titles need a lane there.
    pub top: u32,
    /// Space right of the plot for the centre-line and limit labels.
    pub right: u32,
    /// Space left of the y tick labels.
    pub left: u32,
    /// Width of the y tick labels (and the y axis title).
    pub y_labels: u32,
    /// Height of the x tick labels below the plot.
    pub x_labels: u32,
    /// Font size of tick and line labels, in SVG pixels.
    pub font_px: f64,
    /// Height of one row of cycle titles above the plot.
    pub lane_px: u32,
}

impl Layout {
    /// The full-size chart of a team dashboard.
    pub(crate) fn normal() -> Layout {
        Layout {
            compact: false,
            width: 720,
            height: 300,
            top: 12,
            right: 104,
            left: 6,
            y_labels: 62,
            x_labels: 30,
            font_px: 11.0,
            lane_px: 15,
        }
    }

    /// A small multiple for the network view.
    pub(crate) fn compact() -> Layout {
        Layout {
            compact: true,
            width: 240,
            height: 90,
            top: 6,
            right: 36,
            left: 2,
            y_labels: 32,
            x_labels: 16,
            font_px: 9.0,
            lane_px: 0,
        }
    }

    /// Picks the layout a spec asks for.
    pub(crate) fn for_compact(compact: bool) -> Layout {
        if compact {
            Layout::compact()
        } else {
            Layout::normal()
        }
    }

    /// The plot's left and right pixel edges, known before plotters builds it.
    pub(crate) fn plot_x(&self) -> (i32, i32) {
        let left = (self.left + self.y_labels) as i32;
        (left, (self.width - self.right) as i32)
    }

    /// A rough width of `text` at `font_px`: proportional fonts average about 0.6 em per
    /// character for digits and lower case, which is enough to keep labels apart.
    pub(crate) fn text_px(&self, text: &str) -> i32 {
        (text.chars().count() as f64 * self.font_px * 0.6).ceil() as i32
    }

    /// How many characters fit in `px` by the same estimate as `text_px`.
    pub(crate) fn chars_in(&self, px: i32) -> usize {
        (f64::from(px.max(0)) / (self.font_px * 0.6)).floor() as usize
    }

    /// The size plotters expects for a font of `font_px` SVG pixels (it divides by 1.24).
    pub(crate) fn plotters_size(font_px: f64) -> f64 {
        font_px * 1.24
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plot_edges_leave_room_for_labels() {
        let normal = Layout::normal();
        assert_eq!(normal.plot_x(), (68, 616));
        let compact = Layout::compact();
        let (left, right) = compact.plot_x();
        assert!(right - left > 150);
        assert_eq!(normal.text_px("2026-W47"), 53);
        assert_eq!(normal.chars_in(53), 8);
        assert_eq!(normal.chars_in(-5), 0);
    }
}
