//! Labels beside the plot: the centre line's and the limits' values at their right ends
//! (pushed apart when the lines are close, e.g. the equal limits of a constant series), and
//! a one-line key for marks whose meaning is not obvious.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{Area, Chart, DrawResult, plot_box, text_style};
use super::frame::Frame;
use super::layout::Layout;

/// A label for the right end of a horizontal line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EndLabel {
    /// What is written, e.g. "UCL 2.34".
    pub text: String,
    /// The line's value at its right end.
    pub value: f64,
    /// The line's colour.
    pub color: RGBColor,
    /// Order among labels at the same height: lower goes higher (UCL, centre, LCL).
    pub rank: u8,
}

/// Writes the labels right of the plot, each level with its line unless that would overlap
/// a neighbour.
pub(crate) fn draw_end_labels(
    root: &Area,
    chart: &Chart,
    frame: &Frame,
    layout: &Layout,
    mut labels: Vec<EndLabel>,
) -> DrawResult {
    let (_, top, right, bottom) = plot_box(chart);
    let y_of = |value: f64| chart.backend_coord(&(frame.x.1, value)).1;
    labels.sort_by_key(|l| (y_of(l.value), l.rank));
    let mut ys: Vec<i32> = labels.iter().map(|l| y_of(l.value)).collect();
    let gap = (layout.font_px * 1.2).ceil() as i32;
    spread(&mut ys, gap, top, bottom);
    for (label, y) in labels.into_iter().zip(ys) {
        let style = text_style(layout.font_px, label.color).pos(Pos::new(HPos::Left, VPos::Center));
        root.draw(&Text::new(label.text, (right + 5, y), style))?;
    }
    Ok(())
}

/// Moves sorted positions apart to at least `gap`, centring each group that had to move on
/// where its lines are (so with three equal lines the middle label stays level with them),
/// and keeping them within `lo..=hi` when they fit.
pub(crate) fn spread(ys: &mut [i32], gap: i32, lo: i32, hi: i32) {
    if ys.is_empty() {
        return;
    }
    let wanted = ys.to_vec();
    push_down(ys, gap);
    centre_groups(ys, &wanted, gap);
    push_down(ys, gap);
    keep_within(ys, gap, lo, hi);
}

/// Each position at least `gap` below the one before.
fn push_down(ys: &mut [i32], gap: i32) {
    for i in 1..ys.len() {
        ys[i] = ys[i].max(ys[i - 1] + gap);
    }
}

/// Shifts each run of positions exactly `gap` apart back by its average displacement.
fn centre_groups(ys: &mut [i32], wanted: &[i32], gap: i32) {
    let mut start = 0;
    for end in 1..=ys.len() {
        if end < ys.len() && ys[end] - ys[end - 1] == gap {
            continue;
        }
        let moved: i32 = (start..end).map(|i| ys[i] - wanted[i]).sum();
        let shift = moved / (end - start) as i32;
        ys[start..end].iter_mut().for_each(|y| *y -= shift);
        start = end;
    }
}

/// Pulls the last position up to `hi` (and the others with it), then the first down to `lo`.
fn keep_within(ys: &mut [i32], gap: i32, lo: i32, hi: i32) {
    let n = ys.len();
    ys[n - 1] = ys[n - 1].min(hi);
    for i in (0..n - 1).rev() {
        ys[i] = ys[i].min(ys[i + 1] - gap);
    }
    ys[0] = ys[0].max(lo);
    push_down(ys, gap);
}

/// A short key in the bottom-right corner, below the line labels and clear of the time
/// axis' labels (e.g. "◆ signal").
pub(crate) fn draw_key(root: &Area, layout: &Layout, text: &str, color: RGBColor) -> DrawResult {
    let style = text_style(layout.font_px, color).pos(Pos::new(HPos::Right, VPos::Bottom));
    let at = (layout.width as i32 - 4, layout.height as i32 - 3);
    root.draw(&Text::new(text.to_string(), at, style))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_separates_equal_positions_within_bounds() {
        let mut ys = [100, 100, 100];
        spread(&mut ys, 12, 0, 300);
        assert_eq!(ys, [88, 100, 112]);
        let mut low = [298, 299, 300];
        spread(&mut low, 12, 0, 300);
        assert_eq!(low, [276, 288, 300]);
        let mut high = [0, 1];
        spread(&mut high, 12, 5, 300);
        assert_eq!(high, [5, 17]);
        let mut apart = [10, 50];
        spread(&mut apart, 12, 0, 300);
        assert_eq!(apart, [10, 50]);
        let mut pair_and_one = [50, 52, 200];
        spread(&mut pair_and_one, 12, 0, 300);
        assert_eq!(pair_and_one, [45, 57, 200]);
        spread(&mut [], 12, 0, 300);
    }
}
