//! The spread of one period: each classroom's mean first (so a classroom visited often weighs
//! no more than one visited once), then the figures of those means a coach reads.

use super::quantile::{mean, quantile7_sorted, sample_sd};
use serde::Serialize;
use std::collections::BTreeMap;

/// The aim's target and which way is better, for the share of classrooms meeting it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Target {
    /// The target value.
    pub value: f64,
    /// True when higher values are better (meet = at or above), false for at or below.
    pub higher_is_better: bool,
}

impl Target {
    /// Whether a classroom mean meets the target.
    pub fn met_by(&self, x: f64) -> bool {
        if self.higher_is_better {
            x >= self.value
        } else {
            x <= self.value
        }
    }
}

/// The figures of one period. Figures that need more classrooms than there are are `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodSummary {
    /// Classrooms with at least one observation.
    pub classrooms: usize,
    /// Observations in the period.
    pub observations: usize,
    /// The mean of classroom means.
    pub mean: Option<f64>,
    /// The between-classroom standard deviation (sample SD of classroom means).
    pub sd: Option<f64>,
    /// Coefficient of variation, sd / mean (`None` when the mean is 0).
    pub cv: Option<f64>,
    /// First quartile of classroom means (type 7).
    pub q1: Option<f64>,
    /// Median of classroom means.
    pub median: Option<f64>,
    /// Third quartile of classroom means.
    pub q3: Option<f64>,
    /// Lowest classroom mean.
    pub min: Option<f64>,
    /// Highest classroom mean.
    pub max: Option<f64>,
    /// Interquartile range, q3 − q1.
    pub iqr: Option<f64>,
    /// Share (0–1) of classrooms whose mean meets the target; `None` without a target.
    pub share_meeting: Option<f64>,
}

/// Each classroom's mean, in classroom id order.
pub fn classroom_means(pairs: &[(i32, f64)]) -> Vec<f64> {
    let mut sums: BTreeMap<i32, (f64, usize)> = BTreeMap::new();
    for (id, v) in pairs {
        let e = sums.entry(*id).or_insert((0.0, 0));
        e.0 += v;
        e.1 += 1;
    }
    sums.values().map(|(s, n)| s / *n as f64).collect()
}

/// The summary of one period's (classroom id, value) observations.
pub fn summarise_period(pairs: &[(i32, f64)], target: Option<Target>) -> PeriodSummary {
    let mut means = classroom_means(pairs);
    means.sort_by(f64::total_cmp);
    let q = |p: f64| (!means.is_empty()).then(|| quantile7_sorted(&means, p));
    let m = mean(&means);
    let sd = sample_sd(&means);
    let share = target
        .filter(|_| !means.is_empty())
        .map(|t| means.iter().filter(|x| t.met_by(**x)).count() as f64 / means.len() as f64);
    PeriodSummary {
        classrooms: means.len(),
        observations: pairs.len(),
        mean: m,
        sd,
        cv: m.zip(sd).filter(|(m, _)| *m != 0.0).map(|(m, s)| s / m),
        q1: q(0.25),
        median: q(0.5),
        q3: q(0.75),
        min: means.first().copied(),
        max: means.last().copied(),
        iqr: q(0.75).zip(q(0.25)).map(|(a, b)| a - b),
        share_meeting: share,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn classroom_means_come_first() {
        // Classroom 1: 2 and 4 (mean 3); 2: 5; 3: 1, 1, 4 (mean 2); 4: 6.
        let pairs = [
            (1, 2.0),
            (2, 5.0),
            (1, 4.0),
            (3, 1.0),
            (3, 1.0),
            (3, 4.0),
            (4, 6.0),
        ];
        let s = summarise_period(
            &pairs,
            Some(Target {
                value: 3.0,
                higher_is_better: true,
            }),
        );
        assert_eq!((s.classrooms, s.observations), (4, 7));
        assert!(close(s.mean, 4.0)); // (3 + 5 + 2 + 6) / 4
        // sd(c(3, 5, 2, 6)) = sqrt(10/3)
        assert!(close(s.sd, (10.0f64 / 3.0).sqrt()));
        assert!(close(s.cv, (10.0f64 / 3.0).sqrt() / 4.0));
        // quantile(c(2, 3, 5, 6), c(.25, .5, .75)) = 2.75 4.00 5.25
        assert!(close(s.q1, 2.75) && close(s.median, 4.0) && close(s.q3, 5.25));
        assert!(close(s.iqr, 2.5));
        assert_eq!((s.min, s.max), (Some(2.0), Some(6.0)));
        assert!(close(s.share_meeting, 0.75)); // 3, 5, 6 are at or above 3
    }

    #[test]
    fn lower_is_better_meets_at_or_below() {
        let pairs = [(1, 2.0), (2, 3.0), (3, 4.0)];
        let s = summarise_period(
            &pairs,
            Some(Target {
                value: 3.0,
                higher_is_better: false,
            }),
        );
        assert!(close(s.share_meeting, 2.0 / 3.0));
    }

    #[test]
    fn one_classroom_has_no_spread_and_none_has_nothing() {
        let s = summarise_period(&[(7, 2.0), (7, 3.0)], None);
        assert_eq!(
            (s.classrooms, s.sd, s.cv, s.share_meeting),
            (1, None, None, None)
        );
        assert_eq!(s.median, Some(2.5));
        let e = summarise_period(&[], None);
        assert_eq!((e.classrooms, e.mean, e.q1, e.min), (0, None, None, None));
    }
}
