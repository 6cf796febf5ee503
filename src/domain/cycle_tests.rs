//! Unit tests of `domain::cycle`, kept beside it to keep the rules short to read.

use super::CycleStatus::*;
use super::*;
use crate::domain::from_serde;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn question(q: &str, p: &str, r: &str) -> QuestionParts {
    QuestionParts {
        question: q.into(),
        prediction: p.into(),
        result: r.into(),
    }
}

/// A cycle with every part filled.
fn full() -> CycleParts {
    CycleParts {
        objective: "Test turn-and-talk in 3rd grade math".into(),
        questions: vec![
            question("Will more students talk?", "Half of them", "Two thirds did"),
            question("Will ideas build?", "Rarely", "In two rooms"),
        ],
        do_happened: "Ran in four rooms over two weeks".into(),
        study_learned: "Sentence stems matter".into(),
        decision: Some(Decision::Adapt),
        act_reason: "Add stems, test in grade 4".into(),
    }
}

fn fields(r: Result<(), Vec<Violation>>) -> Vec<String> {
    r.unwrap_err().into_iter().map(|v| v.field).collect()
}

#[test]
fn enums_round_trip() {
    for s in CycleStatus::ALL {
        assert_eq!(s.as_str().parse::<CycleStatus>(), Ok(*s));
        assert_eq!(from_serde::<CycleStatus>(s.as_str()), Ok(*s));
    }
    for d in Decision::ALL {
        assert_eq!(d.as_str().parse::<Decision>(), Ok(*d));
        assert_eq!(from_serde::<Decision>(d.as_str()), Ok(*d));
    }
    for s in Stage::ALL {
        assert_eq!(s.as_str().parse::<Stage>(), Ok(*s));
        assert_eq!(from_serde::<Stage>(s.as_str()), Ok(*s));
    }
    assert_eq!(
        "done".parse::<CycleStatus>(),
        Err("must be one of: planning, doing, studying, acting, closed".to_string())
    );
}

#[test]
fn every_transition_pair_is_allowed_or_refused_as_the_worksheet_says() {
    let allowed = [
        (Planning, Doing),
        (Doing, Studying),
        (Studying, Acting),
        (Acting, Closed),
        (Doing, Planning),
        (Studying, Doing),
        (Acting, Studying),
    ];
    for from in CycleStatus::ALL {
        for to in CycleStatus::ALL {
            let result = check_transition(*from, *to);
            if allowed.contains(&(*from, *to)) {
                assert_eq!(result, Ok(()), "{from:?} → {to:?}");
            } else {
                let v = result.unwrap_err();
                assert_eq!(v.field, "status", "{from:?} → {to:?}");
                let named = format!("cannot move from {} to {}", from.as_str(), to.as_str());
                assert!(v.message.starts_with(&named), "{}", v.message);
            }
        }
    }
}

#[test]
fn refusals_name_the_allowed_moves() {
    let skip = check_transition(Doing, Closed).unwrap_err().message;
    assert_eq!(
        skip,
        "cannot move from doing to closed: from doing a cycle can move to studying or back to planning"
    );
    let stay = check_transition(Planning, Planning).unwrap_err().message;
    assert_eq!(
        stay,
        "cannot move from planning to planning: from planning a cycle can only move to doing"
    );
    let reopen = check_transition(Closed, Acting).unwrap_err().message;
    assert_eq!(
        reopen,
        "cannot move from closed to acting: a closed cycle is final"
    );
}

#[test]
fn next_moves_list_forward_then_back() {
    assert_eq!(next_moves(Planning), [Doing]);
    assert_eq!(next_moves(Doing), [Studying, Planning]);
    assert_eq!(next_moves(Studying), [Acting, Doing]);
    assert_eq!(next_moves(Acting), [Closed, Studying]);
    assert!(next_moves(Closed).is_empty());
}

#[test]
fn a_full_cycle_passes_every_part_check() {
    for to in CycleStatus::ALL {
        assert_eq!(check_parts_for(*to, &full()), Ok(()), "{to:?}");
    }
}

#[test]
fn planning_needs_nothing() {
    assert_eq!(check_parts_for(Planning, &CycleParts::default()), Ok(()));
}

#[test]
fn doing_needs_the_plan() {
    assert_eq!(
        fields(check_parts_for(Doing, &CycleParts::default())),
        ["objective", "questions"]
    );
    let mut parts = full();
    parts.objective = "  ".into();
    parts.questions[1] = question("", " ", "");
    assert_eq!(
        fields(check_parts_for(Doing, &parts)),
        [
            "objective",
            "questions[1].question",
            "questions[1].prediction"
        ]
    );
    parts.questions[0].prediction.clear();
    assert!(
        fields(check_parts_for(Doing, &parts)).contains(&"questions[0].prediction".to_string())
    );
}

#[test]
fn doing_does_not_need_results_yet() {
    let mut parts = full();
    parts.do_happened.clear();
    parts.study_learned.clear();
    parts.questions.iter_mut().for_each(|q| q.result.clear());
    parts.decision = None;
    assert_eq!(check_parts_for(Doing, &parts), Ok(()));
}

#[test]
fn studying_needs_the_do() {
    let mut parts = full();
    parts.do_happened = "\n".into();
    let v = check_parts_for(Studying, &parts).unwrap_err();
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].field, "do_happened");
    assert!(v[0].message.contains("what happened"));
}

#[test]
fn acting_needs_the_study_and_every_result() {
    let mut parts = full();
    parts.study_learned.clear();
    parts.questions[0].result = " ".into();
    parts.questions[1].result.clear();
    assert_eq!(
        fields(check_parts_for(Acting, &parts)),
        [
            "study_learned",
            "questions[0].result",
            "questions[1].result"
        ]
    );
}

#[test]
fn closing_needs_a_decision_and_its_reason() {
    let mut parts = full();
    parts.decision = None;
    parts.act_reason = " ".into();
    assert_eq!(
        fields(check_parts_for(Closed, &parts)),
        ["act_decision", "act_reason"]
    );
    parts.decision = Some(Decision::Abandon);
    assert_eq!(fields(check_parts_for(Closed, &parts)), ["act_reason"]);
}

#[test]
fn check_move_reports_the_transition_first_then_the_parts() {
    assert_eq!(check_move(Acting, Closed, &full()), Ok(()));
    assert_eq!(check_move(Studying, Doing, &full()), Ok(()));
    let empty = CycleParts::default();
    assert_eq!(
        fields(check_move(Planning, Doing, &empty)),
        ["objective", "questions"]
    );
    assert_eq!(
        fields(check_move(Planning, Closed, &empty)),
        ["status", "act_decision", "act_reason"]
    );
    assert_eq!(fields(check_move(Closed, Planning, &empty)), ["status"]);
    assert_eq!(fields(check_move(Planning, Studying, &full())), ["status"]);
}

#[test]
fn moving_back_needs_only_the_earlier_part() {
    let mut parts = full();
    parts.study_learned.clear();
    parts.decision = None;
    assert_eq!(check_move(Acting, Studying, &parts), Ok(()));
    assert_eq!(check_move(Doing, Planning, &CycleParts::default()), Ok(()));
}

#[test]
fn planned_end_may_equal_the_start_but_not_precede_it() {
    assert_eq!(check_plan_dates(d(2026, 10, 5), d(2026, 10, 5)), Ok(()));
    assert_eq!(check_plan_dates(d(2026, 10, 5), d(2026, 10, 19)), Ok(()));
    let v = check_plan_dates(d(2026, 10, 5), d(2026, 10, 4)).unwrap_err();
    assert_eq!(
        v,
        Violation::new(
            "planned_end",
            "must be on or after the planned start (2026-10-05)"
        )
    );
}

#[test]
fn six_weeks_is_small_and_rapid_enough() {
    assert!(
        cycle_warnings(d(2026, 10, 1), d(2026, 11, 12)).is_empty(),
        "42 days"
    );
    assert!(cycle_warnings(d(2026, 10, 1), d(2026, 10, 1)).is_empty());
    assert!(
        cycle_warnings(d(2026, 10, 5), d(2026, 10, 1)).is_empty(),
        "refused elsewhere"
    );
}

#[test]
fn longer_plans_warn() {
    assert_eq!(
        cycle_warnings(d(2026, 10, 1), d(2026, 11, 20)),
        [Warning(
            "planned for 50 days: PDSA cycles are small and rapid, six weeks at most".into()
        )]
    );
    assert_eq!(
        cycle_warnings(d(2026, 10, 1), d(2026, 11, 13)).len(),
        1,
        "43 days"
    );
}
