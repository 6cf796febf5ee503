//! Means, sample standard deviations and R's type 7 quantiles: the building blocks every
//! summary shares, so that all figures agree with R to the last digit.

/// The arithmetic mean; `None` for an empty slice (R gives NaN, which no caller can show).
pub fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    Some(xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The sample standard deviation (denominator n − 1), as R's `sd`; `None` below two values.
pub fn sample_sd(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let m = mean(xs)?;
    let ss: f64 = xs.iter().map(|x| (x - m) * (x - m)).sum();
    Some((ss / (xs.len() - 1) as f64).sqrt())
}

/// R's `quantile(x, p, type = 7)`: h = (n − 1)·p, interpolating between the order statistics
/// around h. `None` for an empty slice or p outside [0, 1]; NaN values are the caller's concern.
pub fn quantile7(xs: &[f64], p: f64) -> Option<f64> {
    if xs.is_empty() || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    Some(quantile7_sorted(&sorted, p))
}

/// Type 7 on an already sorted slice (saves re-sorting for several quantiles); NaN when empty.
pub fn quantile7_sorted(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor();
    let i = lo as usize;
    let j = (i + 1).min(sorted.len() - 1);
    sorted[i] + (h - lo) * (sorted[j] - sorted[i])
}

/// The median (type 7 at one half, the same as R's `median`).
pub fn median(xs: &[f64]) -> Option<f64> {
    quantile7(xs, 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn quartiles_of_one_to_ten_match_r() {
        // quantile(1:10, c(.25, .5, .75)) = 3.25 5.50 7.75
        let xs: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(quantile7(&xs, 0.25), Some(3.25));
        assert_eq!(quantile7(&xs, 0.5), Some(5.5));
        assert_eq!(quantile7(&xs, 0.75), Some(7.75));
    }

    #[test]
    fn quantiles_of_unsorted_values_match_r() {
        // quantile(c(7, 1, 3, 10, 2), c(0, .1, .25, .9, 1)) = 1.0 1.4 2.0 8.8 10.0
        let xs = [7.0, 1.0, 3.0, 10.0, 2.0];
        let want = [(0.0, 1.0), (0.1, 1.4), (0.25, 2.0), (0.9, 8.8), (1.0, 10.0)];
        for (p, q) in want {
            assert!(close(quantile7(&xs, p).unwrap(), q), "p = {p}");
        }
    }

    #[test]
    fn one_value_is_every_quantile_and_empty_has_none() {
        assert_eq!(quantile7(&[4.0], 0.3), Some(4.0));
        assert_eq!(quantile7(&[], 0.5), None);
        assert_eq!(quantile7(&[1.0], 1.5), None);
        assert_eq!(median(&[3.0, 1.0, 2.0, 10.0]), Some(2.5));
    }

    #[test]
    fn sd_uses_n_minus_one() {
        // sd(c(2, 4, 4, 4, 5, 5, 7, 9)) = 2.13809
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert!(close(sample_sd(&xs).unwrap(), (32.0f64 / 7.0).sqrt()));
        assert_eq!(sample_sd(&[1.0]), None);
        assert_eq!(mean(&[]), None);
    }
}
