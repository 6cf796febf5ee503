//! Control charts: the I chart (XmR) with Nelson's screened moving ranges, as qicharts2 draws it
//! when attached, its MR chart, and the P chart for yes/no measures with limits per point.

use super::quantile::mean;
use super::runs::{RunAnalysis, run_analysis};
use serde::Serialize;

/// The bias constant d₂ for moving ranges of two.
const D2: f64 = 1.128;
/// D₄ for moving ranges of two: the MR chart's upper limit factor and the screening cut-off.
const D4: f64 = 3.267;

/// An I chart with its MR chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IChart {
    /// The run analysis around the centre (the mean of the baseline).
    pub runs: RunAnalysis,
    /// σ estimated from the screened average moving range; `None` with a one-point baseline.
    pub sigma: Option<f64>,
    /// Lower control limit, centre − 3σ.
    pub lcl: Option<f64>,
    /// Upper control limit, centre + 3σ.
    pub ucl: Option<f64>,
    /// 0-based indices of points strictly beyond the limits.
    pub outside: Vec<usize>,
    /// Average moving range of the baseline (unscreened): the MR chart's centre.
    pub mr_center: Option<f64>,
    /// The MR chart's upper limit, 3.267 × the average moving range.
    pub mr_ucl: Option<f64>,
}

/// A P chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PChart {
    /// The proportion of each point, x / n.
    pub proportions: Vec<f64>,
    /// The run analysis of the proportions around p̄.
    pub runs: RunAnalysis,
    /// Lower limit of each point, clipped at 0.
    pub lcl: Vec<f64>,
    /// Upper limit of each point, clipped at 1.
    pub ucl: Vec<f64>,
    /// 0-based indices of points strictly beyond their limits.
    pub outside: Vec<usize>,
}

/// The moving ranges |xᵢ − xᵢ₋₁| of a series.
pub fn moving_ranges(xs: &[f64]) -> Vec<f64> {
    xs.windows(2).map(|w| (w[1] - w[0]).abs()).collect()
}

/// The average moving range after Nelson's screening (1982): moving ranges at or above 3.267 ×
/// their average are dropped and the rest averaged again. All-equal ranges give 0.
pub fn screened_average_mr(mrs: &[f64]) -> Option<f64> {
    let amr = mean(mrs)?;
    let kept: Vec<f64> = mrs.iter().copied().filter(|m| *m < D4 * amr).collect();
    Some(mean(&kept).unwrap_or(0.0))
}

/// Indices of points strictly outside [lcl, ucl], limits given per point.
fn beyond(values: &[f64], lcl: impl Fn(usize) -> f64, ucl: impl Fn(usize) -> f64) -> Vec<usize> {
    (0..values.len())
        .filter(|&i| values[i] < lcl(i) || values[i] > ucl(i))
        .collect()
}

/// The I chart of `values`: centre and σ from the first `baseline` points (all when `None`),
/// limits, signals and runs over every point.
pub fn i_chart(values: &[f64], baseline: Option<usize>) -> IChart {
    let k = baseline.unwrap_or(values.len()).min(values.len());
    let base = &values[..k];
    let center = mean(base);
    let mrs = moving_ranges(base);
    let mr_center = mean(&mrs);
    let sigma = screened_average_mr(&mrs).map(|a| a / D2);
    let limits = center.zip(sigma).map(|(c, s)| (c - 3.0 * s, c + 3.0 * s));
    let outside = limits.map_or_else(Vec::new, |(l, u)| beyond(values, |_| l, |_| u));
    IChart {
        runs: run_analysis(values, center),
        sigma,
        lcl: limits.map(|l| l.0),
        ucl: limits.map(|l| l.1),
        outside,
        mr_center,
        mr_ucl: mr_center.map(|a| D4 * a),
    }
}

/// The P chart of counts `x` out of `n` (same lengths, n > 0 — the caller checks): p̄ = Σx/Σn
/// over the first `baseline` points, limits p̄ ± 3·√(p̄(1 − p̄)/nᵢ) clipped to [0, 1].
pub fn p_chart(x: &[f64], n: &[f64], baseline: Option<usize>) -> PChart {
    let len = x.len().min(n.len());
    let k = baseline.unwrap_or(len).min(len);
    let proportions: Vec<f64> = (0..len).map(|i| x[i] / n[i]).collect();
    let total: f64 = n[..k].iter().sum();
    let pbar = (k > 0 && total > 0.0).then(|| x[..k].iter().sum::<f64>() / total);
    let half = |ni: f64| pbar.map_or(0.0, |p| 3.0 * (p * (1.0 - p) / ni).sqrt());
    let centre = pbar.unwrap_or(f64::NAN);
    let lcl: Vec<f64> = n[..len]
        .iter()
        .map(|&ni| (centre - half(ni)).max(0.0))
        .collect();
    let ucl: Vec<f64> = n[..len]
        .iter()
        .map(|&ni| (centre + half(ni)).min(1.0))
        .collect();
    let outside = match pbar {
        Some(_) => beyond(&proportions, |i| lcl[i], |i| ucl[i]),
        None => Vec::new(),
    };
    PChart {
        runs: run_analysis(&proportions, pbar),
        proportions,
        lcl,
        ucl,
        outside,
    }
}

#[cfg(test)]
#[path = "charts_tests.rs"]
mod tests;
