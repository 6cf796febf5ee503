//! Run charts with the Anhøj rules (Anhøj & Olesen, "Run charts revisited", PLoS ONE 2014), as
//! qicharts2 0.8.1 applies them: a run of points on one side of the centre that is too long, or
//! too few crossings of the centre, is a signal of a non-random change.

use super::quantile::median;
use num_bigint::BigUint;
use serde::Serialize;

/// Which side of the centre a run lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Under the centre line.
    Below,
    /// Over the centre line.
    Above,
}

/// The Anhøj analysis of a series around a centre line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunAnalysis {
    /// The centre line the runs are counted around (`None` for an empty baseline).
    pub center: Option<f64>,
    /// Useful observations: points not on the centre.
    pub useful: usize,
    /// The longest run of useful points on one side.
    pub longest_run: usize,
    /// The side of the (first) longest run; `None` when there are no useful points.
    pub longest_run_side: Option<Side>,
    /// The longest run expected by chance: round(log2(useful)) + 3.
    pub longest_run_max: Option<usize>,
    /// Times the series crosses the centre: runs − 1.
    pub crossings: usize,
    /// The fewest crossings expected by chance (5th percentile of Binomial(useful − 1, ½)).
    pub crossings_min: Option<usize>,
    /// True when the longest run is too long or the crossings too few.
    pub signal: bool,
}

/// The longest run expected by chance among `n` useful points: round(log2 n) + 3, rounding half
/// to even as R does; `None` when n = 0.
pub fn longest_run_max(n: usize) -> Option<usize> {
    if n == 0 {
        return None;
    }
    let r = (n as f64).log2().round_ties_even();
    Some(r as usize + 3)
}

/// The fewest crossings expected by chance among `n` useful points: the smallest c with
/// P(X ≤ c) ≥ 0.05 for X ~ Binomial(n − 1, ½) (R's `qbinom(0.05, n − 1, 0.5)`), computed
/// exactly as 20·Σᵢ≤c C(n − 1, i) ≥ 2ⁿ⁻¹; `None` when n = 0.
pub fn crossings_min(n: usize) -> Option<usize> {
    let m = n.checked_sub(1)?;
    let whole = BigUint::from(1u32) << m;
    let mut term = BigUint::from(1u32);
    let mut sum = BigUint::from(0u32);
    for c in 0..=m {
        sum += &term;
        if &sum * 20u32 >= whole {
            return Some(c);
        }
        // C(m, c + 1) = C(m, c)·(m − c)/(c + 1), exact at every step.
        term = term * (m - c) / (c + 1);
    }
    Some(m)
}

/// The side of each point off the centre, in order (points on the centre are dropped).
fn sides(values: &[f64], center: f64) -> Vec<Side> {
    values
        .iter()
        .filter(|v| **v != center)
        .map(|v| {
            if *v < center {
                Side::Below
            } else {
                Side::Above
            }
        })
        .collect()
}

/// The runs of a side sequence as (side, length), in order.
fn runs_of(sides: &[Side]) -> Vec<(Side, usize)> {
    let mut runs: Vec<(Side, usize)> = Vec::new();
    for s in sides {
        match runs.last_mut() {
            Some((side, len)) if side == s => *len += 1,
            _ => runs.push((*s, 1)),
        }
    }
    runs
}

/// The first of the longest runs.
fn longest_of(runs: &[(Side, usize)]) -> Option<(Side, usize)> {
    runs.iter().fold(None, |best, r| match best {
        Some(b) if b.1 >= r.1 => Some(b),
        _ => Some(*r),
    })
}

/// The indices of the first longest run of points on one side of `center` — the run the rule
/// judges, for marking it on a chart. Points on the centre are skipped, as in the analysis.
pub fn longest_run_indices(values: &[f64], center: f64) -> Vec<usize> {
    let useful: Vec<usize> = (0..values.len()).filter(|&i| values[i] != center).collect();
    let (mut start, mut best) = (0, (0, 0));
    for (_, len) in runs_of(&sides(values, center)) {
        if len > best.1 {
            best = (start, len);
        }
        start += len;
    }
    useful[best.0..best.0 + best.1].to_vec()
}

/// The Anhøj analysis of every point of `values` around a given centre.
pub fn run_analysis(values: &[f64], center: Option<f64>) -> RunAnalysis {
    let sides = center.map(|c| sides(values, c)).unwrap_or_default();
    let runs = runs_of(&sides);
    let longest = longest_of(&runs);
    let n = sides.len();
    let longest_run = longest.map_or(0, |l| l.1);
    let crossings = runs.len().saturating_sub(1);
    let max = longest_run_max(n);
    let min = crossings_min(n);
    let signal = max.is_some_and(|m| longest_run > m) || min.is_some_and(|m| crossings < m);
    RunAnalysis {
        center,
        useful: n,
        longest_run,
        longest_run_side: longest.map(|l| l.0),
        longest_run_max: max,
        crossings,
        crossings_min: min,
        signal,
    }
}

/// A run chart: centre = median of the first `baseline` points (all when `None`; a baseline
/// longer than the series uses the whole series), analysed over every point.
pub fn run_chart(values: &[f64], baseline: Option<usize>) -> RunAnalysis {
    let k = baseline.unwrap_or(values.len()).min(values.len());
    run_analysis(values, median(&values[..k]))
}

#[cfg(test)]
#[path = "runs_tests.rs"]
mod tests;
