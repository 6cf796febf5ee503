//! The coordinate frame shared by line and strip charts. Time runs as a number of days since
//! the first period (so periods of any length sit at their real distance apart), values are
//! fitted with a little room, and only as many period labels are kept as fit side by side.

use chrono::NaiveDate;

use super::layout::Layout;

/// The ranges of a chart and its labelled ticks.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    /// Day zero of the time axis: the earliest period.
    origin: NaiveDate,
    /// Time range in days since `origin`, padded so edge markers are not cut.
    pub x: (f64, f64),
    /// Value range.
    pub y: (f64, f64),
    /// Labelled ticks on the time axis: the day and the period's label.
    pub ticks: Vec<(f64, String)>,
    /// The plot's pixel edges, to turn days into pixels before plotters draws.
    plot_x: (i32, i32),
}

impl Frame {
    /// Builds the frame for periods at `stops` (date, label) and the `values` the chart must
    /// show (points, centre, limits). `None` when there is no period or no finite value.
    pub(crate) fn new(
        layout: &Layout,
        stops: &[(NaiveDate, &str)],
        values: &[f64],
        fixed: Option<(f64, f64)>,
    ) -> Option<Frame> {
        let origin = stops.iter().map(|(date, _)| *date).min()?;
        let days: Vec<f64> = stops.iter().map(|(d, _)| days_since(origin, *d)).collect();
        let mut frame = Frame {
            origin,
            x: x_extent(&days),
            y: y_extent(values, fixed)?,
            ticks: Vec::new(),
            plot_x: layout.plot_x(),
        };
        let labelled: Vec<(f64, &str)> = days.iter().zip(stops).map(|(d, s)| (*d, s.1)).collect();
        frame.ticks = frame.pick_ticks(layout, labelled);
        Some(frame)
    }

    /// Where `date` sits on the time axis.
    pub(crate) fn day(&self, date: NaiveDate) -> f64 {
        days_since(self.origin, date)
    }

    /// The pixel column of `day`, the same mapping plotters uses for the plot.
    pub(crate) fn px(&self, day: f64) -> f64 {
        let (left, right) = self.plot_x;
        let share = (day - self.x.0) / (self.x.1 - self.x.0);
        f64::from(left) + share * f64::from(right - left)
    }

    /// The label of the tick at `day` (plotters hands back the key points we gave it).
    pub(crate) fn label_at(&self, day: f64) -> String {
        let tick = self.ticks.iter().find(|(d, _)| (d - day).abs() < 0.5);
        tick.map(|(_, label)| label.clone()).unwrap_or_default()
    }

    /// The days of the labelled ticks, as key points for the time axis.
    pub(crate) fn tick_days(&self) -> Vec<f64> {
        self.ticks.iter().map(|(day, _)| *day).collect()
    }

    /// Keeps the labels that fit: a compact chart shows only the first and the last period;
    /// a full one walks the periods in time order and keeps each label that clears the last
    /// one kept, which is every k-th label for evenly spaced periods.
    fn pick_ticks(&self, layout: &Layout, mut stops: Vec<(f64, &str)>) -> Vec<(f64, String)> {
        stops.sort_by(|a, b| a.0.total_cmp(&b.0));
        if layout.compact && stops.len() > 2 {
            stops = vec![stops[0], stops[stops.len() - 1]];
        }
        let mut kept: Vec<(f64, &str)> = Vec::new();
        for stop in stops {
            let clears = kept.last().is_none_or(|last| {
                let room = (layout.text_px(last.1) + layout.text_px(stop.1)) / 2 + 12;
                self.px(stop.0) - self.px(last.0) >= f64::from(room)
            });
            if clears {
                kept.push(stop);
            }
        }
        kept.into_iter().map(|(d, l)| (d, l.to_string())).collect()
    }
}

/// Whole days from `origin` to `date`, as a coordinate.
fn days_since(origin: NaiveDate, date: NaiveDate) -> f64 {
    (date - origin).num_days() as f64
}

/// The time range: the periods with 4% room each side, and at least half a week each side
/// so a single period still has a width.
fn x_extent(days: &[f64]) -> (f64, f64) {
    let low = days.iter().copied().fold(f64::INFINITY, f64::min);
    let high = days.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((high - low) * 0.04).max(3.5);
    (low - pad, high + pad)
}

/// The value range: a valid fixed range widened to take in every value (a point off the
/// chart would be hidden), else the values with 8% room. A constant series gets a range
/// around its value so it still draws.
pub(crate) fn y_extent(values: &[f64], fixed: Option<(f64, f64)>) -> Option<(f64, f64)> {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let span = finite.fold(None, |acc: Option<(f64, f64)>, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    });
    let fixed = fixed.filter(|(lo, hi)| lo.is_finite() && hi.is_finite() && lo < hi);
    match (fixed, span) {
        (Some((a, b)), Some((lo, hi))) => Some((a.min(lo), b.max(hi))),
        (Some(range), None) => Some(range),
        (None, Some((lo, hi))) => Some(padded(lo, hi)),
        (None, None) => None,
    }
}

/// Adds room around `lo..hi`, or makes a range when they are (nearly) equal.
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let scale = lo.abs().max(hi.abs()).max(1.0);
    if hi - lo <= scale * 1e-9 {
        let half = if lo.abs() > 0.0 { lo.abs() * 0.1 } else { 1.0 };
        return (lo - half, hi + half);
    }
    let room = (hi - lo) * 0.08;
    (lo - room, hi + room)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, day).unwrap_or_default()
    }

    #[test]
    fn constant_and_single_values_get_a_range() {
        assert_eq!(y_extent(&[3.0, 3.0], None), Some((2.7, 3.3)));
        assert_eq!(y_extent(&[0.0], None), Some((-1.0, 1.0)));
        assert_eq!(y_extent(&[], None), None);
        assert_eq!(y_extent(&[f64::NAN], None), None);
    }

    #[test]
    fn fixed_range_is_kept_but_widened_for_stray_values() {
        assert_eq!(y_extent(&[0.2, 0.5], Some((0.0, 1.0))), Some((0.0, 1.0)));
        assert_eq!(y_extent(&[1.2], Some((0.0, 1.0))), Some((0.0, 1.2)));
        let bad = y_extent(&[1.0, 2.0], Some((1.0, 1.0))).unwrap_or_default();
        assert!(bad.0 < 1.0 && bad.1 > 2.0);
    }

    #[test]
    fn one_period_has_a_width_and_its_label() {
        let frame = Frame::new(&Layout::normal(), &[(date(5), "W1")], &[2.0], None);
        let frame = frame.unwrap_or_else(|| panic!("frame"));
        assert_eq!(frame.x, (-3.5, 3.5));
        assert_eq!(frame.ticks, vec![(0.0, "W1".to_string())]);
        assert_eq!(frame.label_at(0.0), "W1");
    }

    #[test]
    fn many_periods_keep_only_labels_that_fit() {
        let start = date(5);
        let labels: Vec<String> = (0..60).map(|i| format!("2026-W{i:02}")).collect();
        let stops: Vec<(NaiveDate, &str)> = (0..60)
            .map(|i| (start + chrono::Days::new(7 * i as u64), labels[i].as_str()))
            .collect();
        let frame = Frame::new(&Layout::normal(), &stops, &[1.0, 2.0], None);
        let frame = frame.unwrap_or_else(|| panic!("frame"));
        assert!(
            frame.ticks.len() > 3 && frame.ticks.len() < 12,
            "{}",
            frame.ticks.len()
        );
        let pixels: Vec<f64> = frame.ticks.iter().map(|t| frame.px(t.0)).collect();
        assert!(pixels.windows(2).all(|w| w[1] - w[0] >= 60.0));
        let compact = Frame::new(&Layout::compact(), &stops, &[1.0], None);
        let compact = compact.unwrap_or_else(|| panic!("frame"));
        let kept: Vec<&str> = compact.ticks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(kept, vec!["2026-W00", "2026-W59"]);
    }
}
