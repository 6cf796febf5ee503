//! Unit tests of `domain::measure`, kept beside it to keep the rules short to read.

use super::MeasureKind::*;
use super::*;
use crate::domain::from_serde;

const RUBRIC: Scale = Scale {
    kind: Rubric,
    min: Some(1),
    max: Some(4),
};
const PERCENT: Scale = Scale {
    kind: Percent,
    min: None,
    max: None,
};
const COUNT: Scale = Scale {
    kind: Count,
    min: None,
    max: None,
};
const YES_NO: Scale = Scale {
    kind: YesNo,
    min: None,
    max: None,
};

fn rubric(min: Option<i32>, max: Option<i32>) -> Scale {
    Scale {
        kind: Rubric,
        min,
        max,
    }
}

fn levels(pairs: &[(i32, &str)]) -> Vec<(i32, String)> {
    pairs.iter().map(|(l, d)| (*l, d.to_string())).collect()
}

fn four_levels() -> Vec<(i32, String)> {
    levels(&[
        (1, "teacher talk only"),
        (2, "IRE"),
        (3, "students talk"),
        (4, "students build on each other's ideas"),
    ])
}

fn fields(r: Result<(), Vec<Violation>>) -> Vec<String> {
    r.unwrap_err().into_iter().map(|v| v.field).collect()
}

#[test]
fn kinds_round_trip() {
    for k in MeasureKind::ALL {
        assert_eq!(k.as_str().parse::<MeasureKind>(), Ok(*k));
        assert_eq!(from_serde::<MeasureKind>(k.as_str()), Ok(*k));
    }
    assert_eq!(YesNo.label(), "Yes / no");
    assert!("scale".parse::<MeasureKind>().is_err());
}

#[test]
fn a_full_rubric_and_plain_measures_are_accepted() {
    assert_eq!(
        check_measure("Student discourse", &RUBRIC, &four_levels()),
        Ok(())
    );
    let unordered = levels(&[(3, "c"), (1, "a"), (2, "b"), (4, "d")]);
    assert_eq!(check_measure("Discourse", &RUBRIC, &unordered), Ok(()));
    for scale in [PERCENT, COUNT, YES_NO] {
        assert_eq!(check_measure("Exit tickets", &scale, &[]), Ok(()));
    }
}

#[test]
fn names_are_required_and_short() {
    assert_eq!(fields(check_measure(" ", &PERCENT, &[])), ["name"]);
    assert_eq!(check_measure(&"n".repeat(200), &PERCENT, &[]), Ok(()));
    assert_eq!(
        fields(check_measure(&"n".repeat(201), &PERCENT, &[])),
        ["name"]
    );
}

#[test]
fn a_rubric_needs_both_ends_of_its_scale() {
    assert_eq!(
        fields(check_measure("R", &rubric(None, None), &[])),
        ["scale_min", "scale_max"]
    );
    assert_eq!(
        fields(check_measure("R", &rubric(Some(1), None), &[])),
        ["scale_max"]
    );
    assert_eq!(
        fields(check_measure("R", &rubric(None, Some(4),), &[])),
        ["scale_min"]
    );
}

#[test]
fn a_rubric_min_must_be_below_its_max() {
    for (min, max) in [(4, 4), (4, 1)] {
        let problems =
            check_measure("R", &rubric(Some(min), Some(max)), &four_levels()).unwrap_err();
        assert_eq!(problems.len(), 1, "no level noise when the scale is wrong");
        assert_eq!(problems[0].field, "scale_max");
        assert!(problems[0].message.contains(&min.to_string()));
    }
}

#[test]
fn a_rubric_has_at_most_ten_levels() {
    let ten: Vec<(i32, String)> = (0..=9).map(|l| (l, format!("level {l}"))).collect();
    assert_eq!(check_measure("R", &rubric(Some(0), Some(9)), &ten), Ok(()));
    let v = check_measure("R", &rubric(Some(0), Some(10)), &ten).unwrap_err();
    assert_eq!(
        v,
        vec![Violation::new(
            "scale_max",
            "gives 11 levels: a rubric has at most 10"
        )]
    );
    let huge = check_measure("R", &rubric(Some(i32::MIN), Some(i32::MAX)), &[]).unwrap_err();
    assert_eq!(huge[0].field, "scale_max");
}

#[test]
fn every_missing_level_is_named() {
    let v = check_measure("R", &RUBRIC, &levels(&[(1, "a"), (4, "d")])).unwrap_err();
    assert_eq!(
        v,
        vec![
            Violation::new("levels", "level 2 needs a descriptor"),
            Violation::new("levels", "level 3 needs a descriptor"),
        ]
    );
}

#[test]
fn blank_descriptors_are_named_by_index() {
    let v = check_measure(
        "R",
        &RUBRIC,
        &levels(&[(1, "a"), (2, "  "), (3, "c"), (4, "")]),
    );
    assert_eq!(fields(v), ["levels[1].descriptor", "levels[3].descriptor"]);
}

#[test]
fn levels_off_the_scale_or_repeated_are_refused() {
    let pairs = levels(&[
        (0, "z"),
        (1, "a"),
        (2, "b"),
        (2, "again"),
        (3, "c"),
        (4, "d"),
        (5, "e"),
    ]);
    let v = check_measure("R", &RUBRIC, &pairs).unwrap_err();
    let named: Vec<(&str, &str)> = v
        .iter()
        .map(|v| (v.field.as_str(), v.message.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("levels[0].level", "must be on the scale, from 1 to 4"),
            ("levels[3].level", "level 2 is described twice"),
            ("levels[6].level", "must be on the scale, from 1 to 4"),
        ]
    );
}

#[test]
fn every_problem_is_reported_together() {
    let v = check_measure("", &RUBRIC, &levels(&[(1, ""), (9, "x")]));
    assert_eq!(
        fields(v),
        [
            "name",
            "levels[0].descriptor",
            "levels[1].level",
            "levels",
            "levels",
            "levels"
        ]
    );
}

#[test]
fn a_percent_measure_takes_no_scale_or_levels() {
    let scaled = Scale {
        kind: Percent,
        min: Some(0),
        max: Some(100),
    };
    assert_eq!(fields(check_measure("P", &scaled, &[])), ["scale_min"]);
    let only_max = Scale {
        kind: Count,
        min: None,
        max: Some(5),
    };
    assert_eq!(fields(check_measure("C", &only_max, &[])), ["scale_min"]);
    assert_eq!(
        fields(check_measure("Y", &YES_NO, &levels(&[(1, "yes")]))),
        ["levels"]
    );
}

#[test]
fn rubric_values_are_whole_levels_on_the_scale() {
    for ok in [1.0, 2.0, 4.0] {
        assert_eq!(check_value("value", &RUBRIC, ok), Ok(()), "{ok}");
    }
    for bad in [0.0, 5.0, 2.5, -1.0, f64::NAN, f64::INFINITY] {
        let v = check_value("value", &RUBRIC, bad).unwrap_err();
        assert_eq!(
            v,
            Violation::new("value", "must be a whole number from 1 to 4"),
            "{bad}"
        );
    }
}

#[test]
fn percent_values_run_from_0_to_100_with_decimals() {
    for ok in [0.0, 62.5, 100.0] {
        assert_eq!(check_value("value", &PERCENT, ok), Ok(()), "{ok}");
    }
    for bad in [
        100.5,
        -1.0,
        -0.1,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
    ] {
        let v = check_value("items[0].value", &PERCENT, bad).unwrap_err();
        assert_eq!(v.field, "items[0].value");
        assert_eq!(v.message, "must be a percentage from 0 to 100", "{bad}");
    }
}

#[test]
fn counts_are_whole_numbers_from_zero() {
    for ok in [0.0, 1.0, 100.0, 250.0] {
        assert_eq!(check_value("value", &COUNT, ok), Ok(()), "{ok}");
    }
    for bad in [-1.0, 2.5, 100.5, f64::NAN, f64::INFINITY] {
        assert_eq!(
            check_value("value", &COUNT, bad).unwrap_err().message,
            "must be a whole number, 0 or more"
        );
    }
}

#[test]
fn yes_no_values_are_exactly_one_or_zero() {
    assert_eq!(check_value("value", &YES_NO, 1.0), Ok(()));
    assert_eq!(check_value("value", &YES_NO, 0.0), Ok(()));
    for bad in [0.5, 2.0, -1.0, 100.0, f64::NAN, f64::INFINITY] {
        assert_eq!(
            check_value("value", &YES_NO, bad).unwrap_err().message,
            "must be 1 (yes) or 0 (no)"
        );
    }
}

#[test]
fn parse_value_accepts_plain_numbers() {
    assert_eq!(parse_value("value", &RUBRIC, "3"), Ok(3.0));
    assert_eq!(parse_value("value", &RUBRIC, "3.0"), Ok(3.0));
    assert_eq!(parse_value("value", &PERCENT, " 62.5 "), Ok(62.5));
    assert_eq!(parse_value("value", &PERCENT, ".5"), Ok(0.5));
    assert_eq!(parse_value("value", &COUNT, "+7"), Ok(7.0));
}

#[test]
fn parse_value_refuses_empty_text_and_non_numbers() {
    for empty in ["", "   "] {
        assert_eq!(
            parse_value("value", &PERCENT, empty),
            Err(Violation::new("value", "is required"))
        );
    }
    for bad in [
        "62,5", "abc", "1e3", "NaN", "inf", "infinity", "--3", "1.2.3", ".", "-", "3 4", "yes",
    ] {
        assert_eq!(
            parse_value("value", &PERCENT, bad),
            Err(Violation::new("value", "must be a number")),
            "{bad}"
        );
    }
}

#[test]
fn parse_value_then_checks_the_fit() {
    let v = parse_value("value", &RUBRIC, "2.5").unwrap_err();
    assert_eq!(v.message, "must be a whole number from 1 to 4");
    assert_eq!(
        parse_value("value", &PERCENT, "100.5").unwrap_err().message,
        "must be a percentage from 0 to 100"
    );
    assert!(parse_value("value", &COUNT, "-1").is_err());
}

#[test]
fn parse_value_reads_yes_and_no_words_for_yes_no_only() {
    for yes in ["yes", "YES", "y", "Y", "true", " True ", "1"] {
        assert_eq!(parse_value("value", &YES_NO, yes), Ok(1.0), "{yes}");
    }
    for no in ["no", "No", "n", "N", "false", "FALSE", "0"] {
        assert_eq!(parse_value("value", &YES_NO, no), Ok(0.0), "{no}");
    }
    assert_eq!(
        parse_value("value", &YES_NO, "maybe").unwrap_err().message,
        "must be a number"
    );
    assert_eq!(
        parse_value("value", &YES_NO, "2").unwrap_err().message,
        "must be 1 (yes) or 0 (no)"
    );
    assert_eq!(
        parse_value("value", &COUNT, "yes").unwrap_err().message,
        "must be a number"
    );
}

#[test]
fn targets_are_met_at_or_beyond_the_target_in_the_better_direction() {
    assert!(meets_target(80.0, 80.0, true));
    assert!(meets_target(85.0, 80.0, true));
    assert!(!meets_target(79.9, 80.0, true));
    assert!(meets_target(3.0, 3.0, false));
    assert!(meets_target(2.0, 3.0, false));
    assert!(!meets_target(4.0, 3.0, false));
}
