//! The demo's evidence as stored: every team of both years has its aim, diagram, ideas, cycles
//! in every status, classrooms and weekly observations that fit their measures and never lie in
//! the future; loading again adds nothing; and the spread between classrooms does what
//! `seeds/evidence.json` says it does, computed here from the stored values.

use super::{d, loaded, november, row_counts, years};
use chrono::{Datelike, NaiveDate, Weekday};
use pdsa::db::DbConn;
use pdsa::domain::cycle::CycleStatus;
use pdsa::domain::measure::check_value;
use pdsa::models::aim::Aim;
use pdsa::models::classroom::Classroom;
use pdsa::models::convening::Convening;
use pdsa::models::cycle::{CommentRow, Cycle};
use pdsa::models::driver::{ChangeIdea, Driver};
use pdsa::models::measure::Measure;
use pdsa::models::observation::{Filter, Observation};
use pdsa::models::team::Team;
use pdsa::models::year::ProgramYear;
use pdsa::seed;
use pdsa::seed::evidence::data::Evidence;
use std::collections::{BTreeMap, BTreeSet};

/// The tables this seed fills.
const NEW_TABLES: [&str; 10] = [
    "measures",
    "rubric_levels",
    "classrooms",
    "aims",
    "drivers",
    "change_ideas",
    "cycles",
    "cycle_questions",
    "observations",
    "comments",
];

/// Each year's teams (this year's and last year's).
fn teams_of(conn: &mut DbConn, today: NaiveDate) -> Vec<(ProgramYear, Team)> {
    let (this, last) = years(conn, today);
    let mut out = Vec::new();
    for y in [last, this] {
        for row in Team::of_year(conn, y.id).unwrap() {
            out.push((y.clone(), row.team));
        }
    }
    out
}

#[test]
fn every_team_of_both_years_has_its_improvement_work() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let teams = teams_of(conn, november());
    assert_eq!(teams.len(), 9, "five teams this year, four last year");
    let mut warned = 0;
    for (y, team) in &teams {
        let aim = Aim::of_team(conn, team.id).unwrap().expect("an aim");
        assert!(aim.target_measure_id.is_some() && aim.target_value == Some(3.0));
        assert!(y.contains(aim.target_date.unwrap()));
        let drivers = Driver::of_team(conn, team.id).unwrap();
        let primaries: Vec<&Driver> = drivers.iter().filter(|d| d.parent_id.is_none()).collect();
        assert!((2..=3).contains(&primaries.len()), "{}", team.name);
        for p in &primaries {
            let under = drivers.iter().filter(|d| d.parent_id == Some(p.id)).count();
            assert!((1..=2).contains(&under), "{}: {}", team.name, p.title);
        }
        let ideas = ChangeIdea::page_of_team(conn, team.id, None, i64::MAX).unwrap();
        assert!((2..=3).contains(&ideas.len()), "{}", team.name);
        let cycles = Cycle::page_of_team(conn, team.id, None, None, i64::MAX).unwrap();
        assert!((6..=10).contains(&cycles.len()), "{}", team.name);
        let statuses: BTreeSet<&str> = cycles.iter().map(|c| c.status.as_str()).collect();
        assert_eq!(
            statuses.len(),
            CycleStatus::ALL.len(),
            "{}: {statuses:?}",
            team.name
        );
        let details = Cycle::with_parts(conn, cycles.clone()).unwrap();
        for c in &details {
            check_cycle(c);
            warned += usize::from(!c.warnings().is_empty());
        }
        let chained = cycles.iter().filter(|c| c.next_cycle_id.is_some()).count();
        assert!(chained >= 2, "{}: ramps are chained", team.name);
        let commented: usize = cycles
            .iter()
            .map(|c| {
                CommentRow::page_of_cycle(conn, c.id, None, 100)
                    .unwrap()
                    .len()
            })
            .sum();
        assert!(
            commented >= cycles.len(),
            "{}: {commented} comments",
            team.name
        );
        let rooms = Classroom::of_team(conn, team.id).unwrap();
        assert!((8..=12).contains(&rooms.len()), "{}", team.name);
        assert!(rooms.iter().all(|r| r.school_id.is_some()));
        assert!(rooms.iter().any(|r| r.teacher_person_id.is_some()));
        assert!(rooms.iter().any(|r| !r.teacher_name.is_empty()));
    }
    assert!(warned >= 2, "some plans run longer than six weeks");
}

/// A cycle shows the parts its status has reached, and no more.
fn check_cycle(c: &pdsa::models::cycle::CycleDetail) {
    let status: CycleStatus = c.cycle.status.parse().unwrap();
    let reached = |s: CycleStatus| {
        CycleStatus::ALL.iter().position(|x| *x == status)
            >= CycleStatus::ALL.iter().position(|x| *x == s)
    };
    assert!(
        !c.questions.is_empty() && !c.measures.is_empty(),
        "{}",
        c.cycle.title
    );
    assert!(c.questions.iter().all(|q| !q.prediction.is_empty()));
    assert_eq!(
        !c.cycle.do_happened.is_empty(),
        reached(CycleStatus::Studying)
    );
    let results = c.questions.iter().all(|q| !q.result.is_empty());
    assert_eq!(results, reached(CycleStatus::Acting), "{}", c.cycle.title);
    assert_eq!(
        c.cycle.act_decision.is_some(),
        status == CycleStatus::Closed
    );
    assert_eq!(
        !c.cycle.act_reason.is_empty(),
        status == CycleStatus::Closed
    );
}

#[test]
fn observations_are_weekly_on_school_days_in_their_year_and_never_in_the_future() {
    for today in [november(), d(2027, 3, 3)] {
        let app = loaded(today);
        let conn = &mut *app.conn();
        let (this, _) = years(conn, today);
        for (y, team) in teams_of(conn, today) {
            let convening_days: Vec<NaiveDate> = Convening::of_year(conn, y.id)
                .unwrap()
                .iter()
                .map(|r| r.convening.date)
                .collect();
            let measures = Measure::shared_of_year(conn, y.id).unwrap();
            assert_eq!(measures.len(), 3);
            let rows = Observation::all_of_team(conn, team.id, Filter::default()).unwrap();
            let mut dates = BTreeSet::new();
            for r in &rows {
                let o = &r.observation;
                assert!(o.date <= today, "{} in the future", o.date);
                assert!(y.contains(o.date), "{} outside {}", o.date, y.label);
                assert!(
                    school_day(o.date) && !convening_days.contains(&o.date),
                    "{}",
                    o.date
                );
                let m = measures.iter().find(|m| m.id == o.measure_id).unwrap();
                assert_eq!(check_value("value", &m.scale(), o.value), Ok(()));
                dates.insert(o.date);
            }
            let weeks: BTreeSet<(i32, u32)> = dates
                .iter()
                .map(|d| (d.iso_week().year(), d.iso_week().week()))
                .collect();
            assert_eq!(weeks.len(), dates.len(), "one round of visits a week");
            let expected = if y.id == this.id { 8..=30 } else { 29..=33 };
            assert!(
                expected.contains(&dates.len()),
                "{}: {} weeks",
                team.name,
                dates.len()
            );
            let rooms = Classroom::of_team(conn, team.id).unwrap().len();
            assert!(rows.len() as f64 >= 0.95 * (rooms * 3 * dates.len()) as f64);
            assert!(
                rows.iter().any(|r| r.observation.cycle_id.is_some()),
                "tied to cycles"
            );
            assert!(
                rows.iter()
                    .all(|r| r.observation.observer_person_id.is_some())
            );
        }
    }
}

/// Monday to Friday, outside the winter break.
fn school_day(day: NaiveDate) -> bool {
    let winter = (day.month() == 12 && day.day() >= 22) || (day.month() == 1 && day.day() <= 2);
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !winter
}

#[test]
fn loading_twice_or_on_a_later_day_adds_nothing() {
    let app = loaded(november());
    let before = row_counts(&mut app.conn());
    for t in NEW_TABLES {
        assert!(before[t] > 0, "{t} is seeded");
    }
    assert!(before["observations"] > 4000, "{}", before["observations"]);
    seed::load_demo(&mut app.conn(), november()).unwrap();
    seed::load_demo(&mut app.conn(), d(2027, 2, 1)).unwrap();
    assert_eq!(row_counts(&mut app.conn()), before);
}

#[test]
fn loaded_in_july_the_coming_year_has_its_plans_but_no_observations_yet() {
    let july = d(2026, 7, 14);
    let app = loaded(july);
    let conn = &mut *app.conn();
    let (this, last) = years(conn, july);
    for row in Team::of_year(conn, this.id).unwrap() {
        let rows = Observation::all_of_team(conn, row.team.id, Filter::default()).unwrap();
        assert!(rows.is_empty(), "the year has not started");
        assert!(Aim::of_team(conn, row.team.id).unwrap().is_some());
    }
    assert_eq!(Team::of_year(conn, last.id).unwrap().len(), 4);
}

/// The between-classroom SD of each week's classroom values of one measure, in date order.
fn weekly_sd(conn: &mut DbConn, team: &Team, measure: &Measure) -> Vec<(NaiveDate, f64)> {
    let filter = Filter {
        measure: Some(measure.id),
        ..Filter::default()
    };
    let mut by_date: BTreeMap<NaiveDate, Vec<f64>> = BTreeMap::new();
    for r in Observation::all_of_team(conn, team.id, filter).unwrap() {
        by_date
            .entry(r.observation.date)
            .or_default()
            .push(r.observation.value);
    }
    by_date
        .into_iter()
        .filter(|(_, xs)| xs.len() >= 2)
        .map(|(date, xs)| {
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            let ss: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
            (date, (ss / (n - 1.0)).sqrt())
        })
        .collect()
}

/// Whether a run chart of `v` (centre: the median of all points) signals falling values: a run
/// longer than round(log2 n) + 3 whose longest run lies below the centre, or too few crossings
/// with the longest run below.
fn falls(v: &[f64]) -> bool {
    let mut sorted = v.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let centre = (sorted[(n - 1) / 2] + sorted[n / 2]) / 2.0;
    let signs: Vec<bool> = v
        .iter()
        .filter(|x| **x != centre)
        .map(|x| *x > centre)
        .collect();
    let (mut below, mut above, mut run, mut crossings) = (0, 0, 0, 0);
    for (i, s) in signs.iter().enumerate() {
        run = if i > 0 && signs[i - 1] == *s {
            run + 1
        } else {
            1
        };
        crossings += usize::from(i > 0 && signs[i - 1] != *s);
        if *s {
            above = above.max(run)
        } else {
            below = below.max(run)
        }
    }
    let useful = signs.len();
    let longest_max = (useful as f64).log2().round() as usize + 3;
    let crossings_min = (0..useful)
        .find(|c| at_most(useful - 1, *c) >= 0.05)
        .unwrap_or(0);
    below > above && (below > longest_max || crossings < crossings_min)
}

/// P(X ≤ c) for X ~ Binomial(n, ½), from exact integer binomial coefficients.
fn at_most(n: usize, c: usize) -> f64 {
    let mut coef: u128 = 1;
    let mut sum: u128 = 1;
    for k in 1..=c.min(n) {
        coef = coef * (n - k + 1) as u128 / k as u128;
        sum += coef;
    }
    sum as f64 / 2f64.powi(n as i32)
}

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

#[test]
fn the_teams_named_as_narrowing_narrow_after_their_adopted_change_and_the_others_do_not() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let ev = Evidence::demo().unwrap();
    let (this, last) = years(conn, november());
    let mut narrowing = 0;
    for t in &ev.teams {
        let district = pdsa::models::district::District::list(conn)
            .unwrap()
            .into_iter()
            .find(|d| d.name == t.district)
            .unwrap();
        for (y, story) in [(&last, t.previous.as_ref()), (&this, Some(&t.current))] {
            let Some(plan) = story else { continue };
            let team = Team::of_district(conn, y.id, district.id).unwrap().unwrap();
            let cycles = Cycle::page_of_team(conn, team.id, None, None, i64::MAX).unwrap();
            let adopted = plan.story.after.as_ref().map(|title| {
                let c = cycles.iter().find(|c| &c.title == title).unwrap();
                assert_eq!(c.act_decision.as_deref(), Some("adopt"), "{title}");
                c.planned_end
            });
            for name in &ev.story_measures {
                let measures = Measure::shared_of_year(conn, y.id).unwrap();
                let m = measures.iter().find(|m| &m.name == name).unwrap();
                let series = weekly_sd(conn, &team, m);
                let sds: Vec<f64> = series.iter().map(|(_, s)| *s).collect();
                let what = format!("{} {} {name}", team.name, y.label);
                if plan.story.narrows {
                    let end = adopted.unwrap();
                    let before: Vec<f64> = series
                        .iter()
                        .filter(|(d, _)| *d <= end)
                        .map(|(_, s)| *s)
                        .collect();
                    let settled: Vec<f64> = series
                        .iter()
                        .filter(|(d, _)| (*d - end).num_days() > 21)
                        .map(|(_, s)| *s)
                        .collect();
                    assert!(mean(&settled) < 0.65 * mean(&before), "{what}");
                    assert!(
                        mean(&sds[sds.len() - 8..]) < 0.65 * mean(&sds[..8]),
                        "{what}"
                    );
                    assert!(falls(&sds), "{what}: {sds:?}");
                } else if sds.len() >= 8 {
                    assert!(
                        mean(&sds[sds.len() - 8..]) > 0.8 * mean(&sds[..8]),
                        "{what}"
                    );
                    assert!(!falls(&sds), "{what}: {sds:?}");
                }
            }
            narrowing += usize::from(plan.story.narrows);
        }
    }
    assert_eq!(narrowing, 2);
}
