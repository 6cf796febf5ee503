use super::*;

/// An independent exact big number for the tests: base 10⁹ limbs, only addition and
/// comparison, so Pascal's triangle and powers of two come from sums alone.
#[derive(Clone, PartialEq, Eq, Debug)]
struct Dec(Vec<u64>);

const BASE: u64 = 1_000_000_000;

impl Dec {
    fn plus(&self, o: &Dec) -> Dec {
        let mut out = Vec::new();
        let mut carry = 0;
        for i in 0..self.0.len().max(o.0.len()) {
            let v = self.0.get(i).unwrap_or(&0) + o.0.get(i).unwrap_or(&0) + carry;
            out.push(v % BASE);
            carry = v / BASE;
        }
        if carry > 0 {
            out.push(carry);
        }
        while out.len() > 1 && out.last() == Some(&0) {
            out.pop();
        }
        Dec(out)
    }

    fn ge(&self, o: &Dec) -> bool {
        if self.0.len() != o.0.len() {
            return self.0.len() > o.0.len();
        }
        self.0.iter().rev().cmp(o.0.iter().rev()) != std::cmp::Ordering::Less
    }
}

/// qbinom(0.05, n − 1, 0.5) by Pascal's triangle: the smallest c with 20·ΣC ≥ 2ⁿ⁻¹.
fn independent_crossings_min(n: usize) -> usize {
    let m = n - 1;
    let mut row = vec![Dec(vec![1])];
    for _ in 0..m {
        let mut next = vec![Dec(vec![1])];
        for w in row.windows(2) {
            next.push(w[0].plus(&w[1]));
        }
        next.push(Dec(vec![1]));
        row = next;
    }
    let total = row.iter().fold(Dec(vec![0]), |a, b| a.plus(b));
    let mut sum = Dec(vec![0]);
    for (c, term) in row.iter().enumerate() {
        sum = sum.plus(term);
        let twenty = (0..20).fold(Dec(vec![0]), |a, _| a.plus(&sum));
        if twenty.ge(&total) {
            return c;
        }
    }
    m
}

/// round(log2(n)) + 3 without floating point: the nearest power of two by comparing n² with
/// 2^(2k+1) (log2 n is never exactly k + ½ for integer n).
fn independent_longest_run_max(n: usize) -> usize {
    let k = (usize::BITS - 1 - n.leading_zeros()) as usize;
    let n2 = (n as u128) * (n as u128);
    if n2 >= 1u128 << (2 * k + 1) {
        k + 4
    } else {
        k + 3
    }
}

#[test]
fn critical_values_agree_with_an_independent_exact_computation() {
    for n in 1..=200 {
        assert_eq!(
            crossings_min(n),
            Some(independent_crossings_min(n)),
            "n = {n}"
        );
        assert_eq!(
            longest_run_max(n),
            Some(independent_longest_run_max(n)),
            "n = {n}"
        );
    }
    assert_eq!(crossings_min(0), None);
    assert_eq!(longest_run_max(0), None);
}

#[test]
fn critical_values_match_the_published_table() {
    let table = [
        (10, 6, 2),
        (12, 7, 3),
        (14, 7, 4),
        (17, 7, 5),
        (19, 7, 6),
        (22, 7, 7),
        (23, 8, 7),
        (24, 8, 8),
        (27, 8, 9),
        (29, 8, 10),
        (31, 8, 11),
        (34, 8, 12),
        (36, 8, 13),
        (38, 8, 14),
        (41, 8, 15),
        (46, 9, 17),
        (50, 9, 19),
        (60, 9, 23),
    ];
    for (n, run, cross) in table {
        assert_eq!(longest_run_max(n), Some(run), "longest run, n = {n}");
        assert_eq!(crossings_min(n), Some(cross), "crossings, n = {n}");
    }
}

#[test]
fn ties_on_the_median_neither_break_nor_extend_a_run() {
    // Median of 1..5 with two extra 3s is 3; the 3s drop out: sides - - + + + - → useful 6.
    let xs = [1.0, 2.0, 3.0, 4.0, 3.0, 5.0, 6.0, 3.0, 0.0];
    let r = run_chart(&xs, None);
    assert_eq!(r.center, Some(3.0));
    assert_eq!(r.useful, 6);
    assert_eq!(r.longest_run, 3);
    assert_eq!(r.longest_run_side, Some(Side::Above));
    assert_eq!(r.crossings, 2);
    // n = 6: round(log2 6) + 3 = 6; qbinom(.05, 5, .5) = 1.
    assert_eq!((r.longest_run_max, r.crossings_min), (Some(6), Some(1)));
    assert!(!r.signal);
}

#[test]
fn a_shift_is_a_long_run_signal() {
    // A baseline of 6 points around 10, then 9 points at 20 and over. Sides around the
    // baseline median 10: - + + - - + then nine + : runs -, ++, --, + ×10 → 4 runs.
    let xs = [
        9.0, 11.0, 10.5, 9.5, 8.0, 12.0, 21.0, 22.0, 20.0, 23.0, 21.0, 22.0, 24.0, 20.0, 22.0,
    ];
    let r = run_chart(&xs, Some(6));
    assert_eq!(r.center, Some(10.0)); // median(9, 11, 10.5, 9.5, 8, 12) = (9.5 + 10.5) / 2
    assert_eq!(r.useful, 15);
    assert_eq!(r.longest_run, 10); // 12, then the nine shifted points
    assert_eq!(r.crossings, 3); // qbinom(.05, 14, .5) = 4, so too few as well
    assert_eq!(r.crossings_min, Some(4));
    assert_eq!(r.longest_run_side, Some(Side::Above));
    assert_eq!(r.longest_run_max, Some(7)); // round(log2 15) = 4
    assert!(r.signal);
}

#[test]
fn a_frozen_baseline_keeps_its_centre() {
    let xs = [1.0, 2.0, 3.0, 100.0, 200.0];
    assert_eq!(run_chart(&xs, Some(3)).center, Some(2.0));
    assert_eq!(run_chart(&xs, None).center, Some(3.0));
}

#[test]
fn few_crossings_alone_are_a_signal() {
    // 10 points, sides + + + + + - - - - - : one crossing, longest run 5 (max 6), min 2.
    let xs = [6.0, 7.0, 8.0, 9.0, 10.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    let r = run_chart(&xs, None);
    assert_eq!((r.longest_run, r.crossings), (5, 1));
    assert!(r.signal);
}

#[test]
fn no_useful_points_means_no_limits_and_no_signal() {
    let r = run_chart(&[4.0, 4.0, 4.0], None);
    assert_eq!((r.useful, r.longest_run, r.crossings), (0, 0, 0));
    assert_eq!((r.longest_run_max, r.crossings_min), (None, None));
    assert!(!r.signal);
    assert_eq!(run_chart(&[], None).center, None);
}

#[test]
fn long_series_are_computed_exactly_too() {
    // Exact values from Python's integer `math.comb` sums (20·Σ ≥ 2ⁿ⁻¹).
    assert_eq!(crossings_min(300), Some(135));
    assert_eq!(crossings_min(1000), Some(474));
    assert_eq!(crossings_min(10_000), Some(4917));
    assert_eq!(longest_run_max(10_000), Some(16)); // log2 10000 = 13.29
}

#[test]
fn the_first_longest_run_is_marked_and_centre_points_skipped() {
    // Median 2: above, above, (on), above, below ×4, above.
    let v = [3.0, 3.0, 2.0, 3.0, 1.0, 1.0, 1.0, 1.0, 3.0];
    assert_eq!(longest_run_indices(&v, 2.0), vec![4, 5, 6, 7]);
    assert_eq!(longest_run_indices(&[3.0, 1.0, 3.0, 1.0], 2.0), vec![0]);
    assert!(longest_run_indices(&[], 2.0).is_empty());
}
