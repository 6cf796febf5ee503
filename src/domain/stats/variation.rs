//! Is the spread between classrooms falling? Read off the series of between-classroom standard
//! deviations: a run signal on the low side of the median, or points under the I chart's lower
//! limit, mean the spread has fallen; the mirror image means it has risen.

use super::charts::i_chart;
use super::runs::{RunAnalysis, Side, run_chart};
use serde::Serialize;

/// The direction of a signal in the spread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// Variation has fallen (the collective's aim).
    Falling,
    /// Variation has risen.
    Rising,
    /// No signal either way.
    None,
}

/// The reading of a spread series, with the sentence a coach sees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariationSignal {
    /// Falling, rising or none.
    pub trend: Trend,
    /// What was seen, in words.
    pub sentence: String,
}

/// "1 period" / "9 periods".
fn periods(n: usize) -> String {
    if n == 1 {
        "1 period".into()
    } else {
        format!("{n} periods")
    }
}

/// The trend from a run signal: the side of its longest run.
fn from_runs(r: &RunAnalysis) -> Option<VariationSignal> {
    if !r.signal {
        return None;
    }
    let (trend, verb, side) = match r.longest_run_side? {
        Side::Below => (Trend::Falling, "fallen", "below"),
        Side::Above => (Trend::Rising, "risen", "above"),
    };
    let run_too_long = r.longest_run_max.is_some_and(|m| r.longest_run > m);
    let sentence = if run_too_long {
        format!(
            "variation has {verb}: {} in a row {side} the median",
            periods(r.longest_run)
        )
    } else {
        format!(
            "variation has {verb}: only {} crossings of the median, the longest run {} {side} it",
            r.crossings,
            periods(r.longest_run)
        )
    };
    Some(VariationSignal { trend, sentence })
}

/// The trend from points beyond the I chart's limits: the side of the last such point.
fn from_limits(sds: &[f64], baseline: Option<usize>) -> Option<VariationSignal> {
    let chart = i_chart(sds, baseline);
    let lcl = chart.lcl?;
    let below = chart.outside.iter().filter(|&&i| sds[i] < lcl).count();
    let above = chart.outside.len() - below;
    let last = *chart.outside.last()?;
    let (trend, verb, n, side) = if sds[last] < lcl {
        (Trend::Falling, "fallen", below, "below the lower")
    } else {
        (Trend::Rising, "risen", above, "above the upper")
    };
    let sentence = format!("variation has {verb}: {} {side} limit", periods(n));
    Some(VariationSignal { trend, sentence })
}

/// Reads the series of between-classroom SDs (one per period, in order) with an optional frozen
/// baseline: a run signal decides first, then points beyond the limits.
pub fn variation_signal(sds: &[f64], baseline: Option<usize>) -> VariationSignal {
    from_runs(&run_chart(sds, baseline))
        .or_else(|| from_limits(sds, baseline))
        .unwrap_or(VariationSignal {
            trend: Trend::None,
            sentence: "no signal in the variation between classrooms".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_periods_below_the_median_is_falling() {
        // Baseline of 6 around 1.0 (median 1.0), then 9 periods at about 0.5.
        let mut sds = vec![1.1, 0.9, 1.2, 0.8, 1.05, 0.95];
        sds.extend([0.5, 0.45, 0.55, 0.5, 0.4, 0.5, 0.45, 0.5, 0.42]);
        let s = variation_signal(&sds, Some(6));
        assert_eq!(s.trend, Trend::Falling);
        assert_eq!(
            s.sentence,
            "variation has fallen: 10 periods in a row below the median"
        );
    }

    #[test]
    fn a_run_above_is_rising() {
        let sds = [1.0, 1.0, 0.9, 1.1, 2.0, 2.1, 2.2, 2.0, 2.3, 2.1, 2.4, 2.2];
        assert_eq!(variation_signal(&sds, Some(4)).trend, Trend::Rising);
    }

    #[test]
    fn a_point_under_the_lower_limit_is_falling() {
        // Alternating baseline (no run signal), then one very low period.
        let sds = [1.0, 1.1, 1.0, 1.1, 1.0, 1.1, 1.0, 1.1, 0.2];
        let s = variation_signal(&sds, Some(8));
        assert_eq!(s.trend, Trend::Falling);
        assert_eq!(
            s.sentence,
            "variation has fallen: 1 period below the lower limit"
        );
    }

    #[test]
    fn noise_is_no_signal() {
        let sds = [1.0, 1.2, 0.9, 1.1, 1.0, 1.15, 0.95, 1.05];
        assert_eq!(variation_signal(&sds, None).trend, Trend::None);
        assert_eq!(variation_signal(&[], None).trend, Trend::None);
    }
}
