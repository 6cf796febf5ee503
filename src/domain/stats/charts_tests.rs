use super::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Ten each of 10 and 11 alternating (nineteen values), then a jump to 40.
fn one_huge_jump() -> Vec<f64> {
    let mut xs: Vec<f64> = (0..19)
        .map(|i| if i % 2 == 0 { 10.0 } else { 11.0 })
        .collect();
    xs.push(40.0);
    xs
}

#[test]
fn one_huge_jump_is_screened_out_of_the_average_moving_range() {
    // Worked by hand: mean = (10·10 + 11·9 + 40)/20 = 239/20 = 11.95. Moving ranges: eighteen
    // of 1 and one of 30, average 48/19 = 2.526; cut-off 3.267 × 2.526 = 8.25, so the 30 goes;
    // screened average 1, σ = 1/1.128 = 0.886525, limits 11.95 ± 2.659574.
    let c = i_chart(&one_huge_jump(), None);
    assert!(close(c.runs.center.unwrap(), 11.95));
    assert!(close(c.sigma.unwrap(), 1.0 / 1.128));
    assert!(close(c.lcl.unwrap(), 9.290425531914892));
    assert!(close(c.ucl.unwrap(), 14.609574468085107));
    assert_eq!(c.outside, vec![19]);
    // The MR chart keeps the unscreened average.
    assert!(close(c.mr_center.unwrap(), 48.0 / 19.0));
    assert!(close(c.mr_ucl.unwrap(), 3.267 * 48.0 / 19.0));
}

#[test]
fn screening_drops_ranges_at_or_above_the_cut_off() {
    assert_eq!(screened_average_mr(&[1.0, 1.0, 1.0]), Some(1.0));
    assert_eq!(screened_average_mr(&[]), None);
    let mrs = [1.0; 18].iter().copied().chain([30.0]).collect::<Vec<_>>();
    assert_eq!(screened_average_mr(&mrs), Some(1.0));
}

#[test]
fn a_constant_series_has_zero_sigma_and_no_signal() {
    let c = i_chart(&[5.0, 5.0, 5.0, 5.0], None);
    assert_eq!(c.sigma, Some(0.0));
    assert_eq!((c.lcl, c.ucl), (Some(5.0), Some(5.0)));
    assert!(c.outside.is_empty());
    assert!(!c.runs.signal);
    assert_eq!(c.mr_ucl, Some(0.0));
}

#[test]
fn a_frozen_baseline_sets_the_limits_for_later_points() {
    // Baseline 1, 3, 2: mean 2, moving ranges 2 and 1 (average 1.5, both kept), σ = 1.5/1.128.
    let c = i_chart(&[1.0, 3.0, 2.0, 9.0, -5.0], Some(3));
    let s = 1.5 / 1.128;
    assert!(close(c.sigma.unwrap(), s));
    assert!(close(c.ucl.unwrap(), 2.0 + 3.0 * s));
    assert_eq!(c.outside, vec![3, 4]);
}

#[test]
fn a_one_point_baseline_has_no_limits() {
    let c = i_chart(&[3.0, 4.0, 5.0], Some(1));
    assert_eq!((c.sigma, c.lcl, c.ucl), (None, None, None));
    assert_eq!(c.runs.center, Some(3.0));
    assert!(c.outside.is_empty());
}

#[test]
fn p_limits_follow_each_points_n_and_are_clipped() {
    // p̄ over the first three = 17/160 = 0.10625; limits p̄ ± 3·√(p̄(1 − p̄)/nᵢ).
    let c = p_chart(&[5.0, 10.0, 2.0, 9.0], &[50.0, 100.0, 10.0, 20.0], Some(3));
    assert!(close(c.runs.center.unwrap(), 0.10625));
    let lcl = [0.0, 0.013802802232842123, 0.0, 0.0];
    let ucl = [
        0.2369900808857024,
        0.19869719776715788,
        0.39859370824425144,
        0.3129682185367318,
    ];
    for i in 0..4 {
        assert!(close(c.lcl[i], lcl[i]), "lcl {i}");
        assert!(close(c.ucl[i], ucl[i]), "ucl {i}");
    }
    assert_eq!(c.outside, vec![3]); // 9/20 = 0.45 > 0.313
    // Proportions .1 .1 .2 .45 around p̄: − − + +, longest run 2, one crossing, no signal.
    assert_eq!((c.runs.longest_run, c.runs.crossings), (2, 1));
    assert!(!c.runs.signal);
}

#[test]
fn p_limits_clip_at_one() {
    let c = p_chart(&[9.0, 1.0], &[10.0, 1.0], None);
    assert!(close(c.runs.center.unwrap(), 10.0 / 11.0));
    assert_eq!(c.ucl[1], 1.0);
    assert!(c.outside.is_empty());
}
