//! The SQL roll-up against the pure statistics: the same counts, means and SDs (from sums of
//! squares against two passes) by week, month and cycle; the benchmark's statement is the
//! app's; the answer takes a fixed number of statements.

use super::{cycle, measure, obs, rooms};
use crate::fixtures::{admit, d, team, year_starting};
use crate::support::TestApp;
use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::prelude::*;
use pdsa::domain::stats::summarise_period;
use pdsa::models::observation::rollup::{self, Grouping, PeriodKey, RollupRow};
use pdsa::web::api::network::network;
use pdsa::web::api::variation::params::PeriodKind;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// An observation as the test keeps it: team, classroom, date, value, cycle.
type Seen = (i32, i32, NaiveDate, f64, Option<i32>);

/// Two teams with irregular visits over seven weeks across a month's end (Sundays included,
/// several values per classroom per week, a week of team B with one classroom), cycles on some.
struct Data {
    app: TestApp,
    measure: i32,
    seen: Vec<Seen>,
    cycles: Vec<i32>,
}

fn data() -> Data {
    let app = TestApp::new();
    let y = year_starting(&app, 2026);
    let (da, db) = (admit(&app, &y, "Ashford"), admit(&app, &y, "Bramble"));
    let (a, b) = (
        team(&app, &y, da.id, "Ashford team"),
        team(&app, &y, db.id, "Bramble team"),
    );
    let m = measure(&app, y.id, None, "Student talk");
    let cycles = vec![
        cycle(&app, a.id, "Talk moves", d(2026, 10, 19)),
        cycle(&app, a.id, "Wait time", d(2026, 10, 5)),
    ];
    let mut seen = Vec::new();
    for (t, n) in [(&a, 3usize), (&b, 4)] {
        for (i, room) in rooms(&app, t, n).into_iter().enumerate() {
            for day in 0..49i64 {
                let date = d(2026, 10, 4) + TimeDelta::days(day);
                // Team B has Room 1 only in the week of Monday 26 October.
                let lone = t.id == b.id && (22..29).contains(&day) && i > 0;
                if (day as usize * 7 + i * 3) % 5 > 1 || lone {
                    continue;
                }
                let value = ((day as usize * 13 + i * 7) % 17) as f64 / 3.0 + i as f64;
                let tie = (t.id == a.id).then(|| cycles[(day as usize / 3) % 3 % 2]);
                let tie = tie.filter(|_| day % 4 != 0);
                obs(&app, room, m, date, value, tie);
                seen.push((t.id, room, date, value, tie));
            }
        }
    }
    Data {
        app,
        measure: m,
        seen,
        cycles,
    }
}

/// The Monday of a date's ISO week.
fn monday(date: NaiveDate) -> NaiveDate {
    let w = date.iso_week();
    NaiveDate::from_isoywd_opt(w.year(), w.week(), Weekday::Mon).unwrap()
}

/// The (classroom, value) pairs of each team's period, keyed as the roll-up keys them.
fn expected(seen: &[Seen], g: Grouping) -> BTreeMap<(i32, PeriodKey), Vec<(i32, f64)>> {
    let mut out: BTreeMap<(i32, PeriodKey), Vec<(i32, f64)>> = BTreeMap::new();
    for &(team, room, date, value, cycle) in seen {
        let key = match g {
            Grouping::Week => PeriodKey::Start(monday(date)),
            Grouping::Month => PeriodKey::Start(date.with_day(1).unwrap()),
            Grouping::Cycle => match cycle {
                Some(c) => PeriodKey::Cycle(c),
                None => continue,
            },
        };
        out.entry((team, key)).or_default().push((room, value));
    }
    out
}

/// The roll-up equals the pure statistics on the same observations, period by period.
fn check_against_stats(data: &Data, g: Grouping) -> Vec<RollupRow> {
    let rows = rollup::rollup(&mut data.app.conn(), data.measure, g).unwrap();
    let want = expected(&data.seen, g);
    let keys: Vec<(i32, PeriodKey)> = rows.iter().map(|r| (r.team_id, r.key)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    if g != Grouping::Cycle {
        assert_eq!(keys, sorted, "rows come by team and period");
    }
    assert_eq!(sorted, want.keys().copied().collect::<Vec<_>>(), "{g:?}");
    for r in &rows {
        let s = summarise_period(&want[&(r.team_id, r.key)], None);
        let ctx = format!("{g:?} {r:?} vs {s:?}");
        assert_eq!(r.classrooms as usize, s.classrooms, "{ctx}");
        assert_eq!(r.observations as usize, s.observations, "{ctx}");
        assert!((r.mean - s.mean.unwrap()).abs() < 1e-9, "{ctx}");
        match (r.sd, s.sd) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{ctx}"),
            (a, b) => assert_eq!(a, b, "{ctx}"),
        }
    }
    rows
}

#[test]
fn the_weekly_roll_up_equals_the_pure_statistics() {
    let data = data();
    let rows = check_against_stats(&data, Grouping::Week);
    // Weeks start on Mondays: 4 Oct 2026 is a Sunday, so it belongs to the week of 28 Sep.
    assert!(
        rows.iter()
            .any(|r| r.key == PeriodKey::Start(d(2026, 9, 28)))
    );
    assert!(rows.iter().all(|r| match r.key {
        PeriodKey::Start(day) => day.weekday() == Weekday::Mon,
        PeriodKey::Cycle(_) => false,
    }));
    let lone = rows.iter().filter(|r| r.classrooms == 1).count();
    assert!(lone >= 1, "a week with one classroom has no SD");
    assert!(rows.iter().all(|r| (r.classrooms < 2) == r.sd.is_none()));
}

#[test]
fn the_monthly_and_cycle_roll_ups_equal_the_pure_statistics() {
    let data = data();
    let months = check_against_stats(&data, Grouping::Month);
    let starts: Vec<PeriodKey> = months.iter().map(|r| r.key).take(2).collect();
    assert_eq!(
        starts,
        [d(2026, 10, 1), d(2026, 11, 1)].map(PeriodKey::Start)
    );
    let by_cycle = check_against_stats(&data, Grouping::Cycle);
    let named: Vec<PeriodKey> = by_cycle.iter().map(|r| r.key).collect();
    assert_eq!(named.len(), 2, "only team A's two cycles: {named:?}");
    assert!(
        data.cycles
            .iter()
            .all(|c| named.contains(&PeriodKey::Cycle(*c)))
    );
}

#[test]
fn the_benchmark_runs_the_very_statement_of_the_app() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/network-rollup.sql");
    let file = std::fs::read_to_string(path).unwrap();
    let statement: String = file
        .lines()
        .filter(|l| !l.starts_with("--"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(statement, rollup::SQLITE_WEEK);
}

/// Counts the statements a connection starts.
struct Counter(Arc<AtomicUsize>);

impl Instrumentation for Counter {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// The statements the network's answer takes.
fn statements(app: &TestApp, measure: i32, kind: PeriodKind) -> usize {
    let n = Arc::new(AtomicUsize::new(0));
    let mut c = app.conn();
    c.set_instrumentation(Counter(n.clone()));
    network(&mut c, measure, kind, None).unwrap();
    n.load(Ordering::SeqCst)
}

#[test]
fn the_answer_takes_as_many_statements_for_two_teams_as_for_four() {
    let (two, four) = (data(), super::network());
    for kind in [PeriodKind::Week, PeriodKind::Month, PeriodKind::Cycle] {
        let few = statements(&two.app, two.measure, kind);
        let more = statements(&four.app, four.measure, kind);
        assert_eq!(few, more, "{kind:?}");
        assert!(few <= 5, "{kind:?}: {few}");
    }
}

#[test]
fn by_cycle_the_periods_are_the_cycles_in_planned_order() {
    let data = data();
    let answer = network(&mut data.app.conn(), data.measure, PeriodKind::Cycle, None).unwrap();
    let a = answer
        .teams
        .iter()
        .find(|t| t.team_name == "Ashford team")
        .unwrap();
    let labels: Vec<&str> = a.periods.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["Wait time", "Talk moves"]);
    assert_eq!(a.periods[0].start, d(2026, 10, 5));
    let b = answer.teams.iter().find(|t| t.team_name == "Bramble team");
    assert!(b.unwrap().periods.is_empty(), "no cycles, no periods");
    assert_eq!(answer.teams.last().unwrap().team_name, "Bramble team");
}
