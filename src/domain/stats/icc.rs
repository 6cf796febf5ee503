//! ICC(1): how much of the variation in observations lies between classrooms rather than
//! within them — the share the collective works to reduce.

use serde::Serialize;
use std::collections::BTreeMap;

/// An ICC(1) estimate, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Icc {
    /// The estimate, a negative one shown as 0; `None` when it cannot be estimated.
    pub value: Option<f64>,
    /// Why there is no estimate.
    pub reason: Option<&'static str>,
}

impl Icc {
    fn none(reason: &'static str) -> Icc {
        Icc {
            value: None,
            reason: Some(reason),
        }
    }
}

/// Each classroom's (count, sum, sum of squared deviations from its mean).
fn groups(pairs: &[(i32, f64)]) -> Vec<(f64, f64, f64)> {
    let mut by: BTreeMap<i32, Vec<f64>> = BTreeMap::new();
    for (id, v) in pairs {
        by.entry(*id).or_default().push(*v);
    }
    by.values()
        .map(|vs| {
            let n = vs.len() as f64;
            let sum: f64 = vs.iter().sum();
            let ss = vs.iter().map(|v| (v - sum / n).powi(2)).sum();
            (n, sum, ss)
        })
        .collect()
}

/// ICC(1) of (classroom id, value) observations by one-way ANOVA with classrooms as groups:
/// (MSB − MSW) / (MSB + (k₀ − 1)·MSW), k₀ = (N − Σnᵢ²/N)/(g − 1) for unequal group sizes.
pub fn icc1(pairs: &[(i32, f64)]) -> Icc {
    let gs = groups(pairs);
    let g = gs.len() as f64;
    let n = pairs.len() as f64;
    if gs.len() < 2 {
        return Icc::none("fewer than two classrooms");
    }
    if n <= g {
        return Icc::none("no classroom has more than one observation");
    }
    let grand = gs.iter().map(|x| x.1).sum::<f64>() / n;
    let ssb: f64 = gs
        .iter()
        .map(|(ni, s, _)| ni * (s / ni - grand).powi(2))
        .sum();
    let ssw: f64 = gs.iter().map(|x| x.2).sum();
    let msb = ssb / (g - 1.0);
    let msw = ssw / (n - g);
    let k0 = (n - gs.iter().map(|x| x.0 * x.0).sum::<f64>() / n) / (g - 1.0);
    let denominator = msb + (k0 - 1.0) * msw;
    if ssb + ssw == 0.0 || denominator <= 0.0 {
        return Icc::none("the observations do not vary");
    }
    Icc {
        value: Some(((msb - msw) / denominator).max(0.0)),
        reason: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unequal_groups_worked_by_hand() {
        // A = {1, 2, 3} (mean 2), B = {4, 6} (mean 5), C = {7}. N = 6, g = 3, grand mean 23/6.
        // SSB = 3(2 − 23/6)² + 2(5 − 23/6)² + (7 − 23/6)² = (363 + 98 + 361)/36 = 822/36.
        // SSW = (1 + 0 + 1) + (1 + 1) + 0 = 4.
        // MSB = 822/72 = 137/12; MSW = 4/3; k₀ = (6 − 14/6)/2 = 11/6.
        // ICC = (137/12 − 16/12) / (137/12 + (5/6)(4/3)) = (363/36)/(451/36) = 33/41.
        let pairs = [(1, 1.0), (1, 2.0), (1, 3.0), (2, 4.0), (2, 6.0), (3, 7.0)];
        let icc = icc1(&pairs);
        assert!((icc.value.unwrap() - 33.0 / 41.0).abs() < 1e-12);
        assert_eq!(icc.reason, None);
    }

    #[test]
    fn a_negative_estimate_shows_as_zero() {
        // Equal means, spread within: MSB = 0 < MSW.
        let pairs = [(1, 1.0), (1, 3.0), (2, 1.0), (2, 3.0)];
        assert_eq!(icc1(&pairs).value, Some(0.0));
    }

    #[test]
    fn degenerate_inputs_have_a_reason() {
        assert_eq!(
            icc1(&[(1, 1.0), (1, 2.0)]).reason,
            Some("fewer than two classrooms")
        );
        assert!(icc1(&[(1, 1.0), (2, 2.0)]).reason.is_some());
        let flat = [(1, 2.0), (1, 2.0), (2, 2.0), (2, 2.0)];
        assert_eq!(icc1(&flat).reason, Some("the observations do not vary"));
        assert_eq!(icc1(&[]).value, None);
    }
}
