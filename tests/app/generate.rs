//! `pdsa generate`, run as a real process on an empty database of the suite's engine: what a small network
//! holds, that its observations are where they belong, that a database with data is refused
//! unchanged, and that bad flags are named before anything is opened.

use crate::testdb::TestDb;
use diesel::prelude::*;
use pdsa::db::{DbConn, PooledConn};
use pdsa::generate::plan::{Options, Plan};
use pdsa::generate::thousands;
use std::collections::BTreeMap;
use std::process::{Command, Output};

fn pdsa(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pdsa"))
        .args(args)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn open(db: &str) -> PooledConn {
    pdsa::db::connect(db, 1).unwrap().get().unwrap()
}

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// The single number a query answers (as `n`).
fn n(c: &mut DbConn, sql: &str) -> i64 {
    diesel::sql_query(sql).get_result::<N>(c).unwrap().n
}

/// Rows in every table.
fn row_counts(c: &mut DbConn) -> BTreeMap<String, i64> {
    pdsa::db::introspect::tables(c)
        .unwrap()
        .into_iter()
        .map(|t| {
            let count = n(c, &format!("SELECT COUNT(*) AS n FROM \"{t}\""));
            (t, count)
        })
        .collect()
}

/// The collective's today, as the run saw it.
fn today(db: &str) -> chrono::NaiveDate {
    pdsa::models::collective::Collective::get(&mut open(db))
        .unwrap()
        .today()
}

#[test]
fn two_districts_for_one_year() {
    let test_db = TestDb::empty();
    let db = test_db.url.as_str();
    let out = pdsa(db, &["generate", "--districts", "2", "--years", "1"]);
    assert!(out.status.success(), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(stdout.contains("generated 2 districts"), "{stdout}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("100%"),
        "{}",
        text(&out)
    );
    let c = &mut open(db);
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM districts"), 2);
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM program_years"), 1);
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM memberships"), 2);
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM teams"), 2);
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM team_members"), 16);
    let rooms = n(c, "SELECT COUNT(*) AS n FROM classrooms");
    assert!((40..=60).contains(&rooms), "{rooms} classrooms");
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM measures"), 4);
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM cycles"), 8);
    let total = n(c, "SELECT COUNT(*) AS n FROM observations");
    let planned = Plan::new(Options::new(2, 1).unwrap(), today(db), 8).observation_count(4);
    assert_eq!(total as usize, planned);
    assert!(
        stdout.contains(&format!("{} observations", thousands(total as usize))),
        "the exact total is printed: {stdout}"
    );
    observations_belong(c, &today(db));
}

/// Every observation lies in its team's year and not after today, once per classroom, measure
/// and date; some are tied to a cycle of the same team, within its dates, on a measure it
/// collects.
fn observations_belong(c: &mut DbConn, today: &chrono::NaiveDate) {
    let outside = "SELECT COUNT(*) AS n FROM observations o \
        JOIN classrooms r ON r.id = o.classroom_id JOIN teams t ON t.id = r.team_id \
        JOIN program_years y ON y.id = t.program_year_id \
        WHERE o.date < y.start_date OR o.date > y.end_date";
    assert_eq!(n(c, outside), 0);
    let future = format!("SELECT COUNT(*) AS n FROM observations WHERE date > '{today}'");
    assert_eq!(n(c, &future), 0);
    let keys = "SELECT COUNT(*) AS n FROM \
        (SELECT DISTINCT classroom_id, measure_id, date FROM observations) AS k";
    assert_eq!(n(c, keys), n(c, "SELECT COUNT(*) AS n FROM observations"));
    let tied = n(
        c,
        "SELECT COUNT(*) AS n FROM observations WHERE cycle_id IS NOT NULL",
    );
    assert!(tied > 0, "some observations are evidence for a cycle");
    let misplaced = "SELECT COUNT(*) AS n FROM observations o \
        JOIN cycles y ON y.id = o.cycle_id JOIN classrooms r ON r.id = o.classroom_id \
        WHERE y.team_id <> r.team_id OR o.date < y.planned_start OR o.date > y.planned_end \
        OR NOT EXISTS (SELECT 1 FROM cycle_measures m \
                       WHERE m.cycle_id = y.id AND m.measure_id = o.measure_id)";
    assert_eq!(n(c, misplaced), 0);
}

#[test]
fn every_district_is_a_member_of_every_year_up_to_this_one() {
    let test_db = TestDb::empty();
    let db = test_db.url.as_str();
    let out = pdsa(db, &["generate", "--districts", "1", "--years", "3"]);
    assert!(out.status.success(), "{}", text(&out));
    let c = &mut open(db);
    let start = pdsa::domain::year::start_year_for(today(db));
    let latest = diesel::sql_query("SELECT MAX(label) AS name FROM program_years")
        .get_result::<Name>(c)
        .unwrap();
    assert_eq!(latest.name, pdsa::domain::year::label_for(start));
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM program_years"), 3);
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM memberships"), 3);
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM teams"), 3);
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM measures"), 12);
    // The same eight people (and the director and a facilitator) serve every year.
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM people"), 10);
    assert_eq!(n(c, "SELECT COUNT(*) AS n FROM team_members"), 24);
    let closed = "SELECT COUNT(*) AS n FROM cycles c JOIN teams t ON t.id = c.team_id \
        JOIN program_years y ON y.id = t.program_year_id \
        WHERE c.status = 'closed' AND y.end_date < CURRENT_DATE";
    assert_eq!(n(c, closed), 8, "past years' cycles are all closed");
    observations_belong(c, &today(db));
}

#[test]
fn a_database_with_districts_is_refused_and_left_as_it_was() {
    let test_db = TestDb::empty();
    let db = test_db.url.as_str();
    let out = pdsa(db, &["seed"]);
    assert!(out.status.success(), "{}", text(&out));
    let before = row_counts(&mut open(db));
    let out = pdsa(db, &["generate", "--districts", "2", "--years", "1"]);
    assert!(!out.status.success());
    let message = text(&out);
    assert!(message.contains("DATABASE_URL"), "{message}");
    assert!(message.contains("already holds 5 district"), "{message}");
    assert!(message.contains("nothing was changed"), "{message}");
    assert_eq!(row_counts(&mut open(db)), before);
}

#[test]
fn bad_flags_are_named_and_open_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("never.db");
    for (args, flag) in [
        (["--districts", "0", "--years", "1"], "--districts"),
        (["--districts", "501", "--years", "1"], "--districts"),
        (["--districts", "2", "--years", "0"], "--years"),
        (["--districts", "2", "--years", "21"], "--years"),
        (["--districts", "many", "--years", "1"], "--districts"),
        (["--districts", "2", "--years", "-1"], "--years"),
    ] {
        let mut all = vec!["generate"];
        all.extend(args);
        let out = pdsa(db.to_str().unwrap(), &all);
        assert!(!out.status.success(), "{args:?}");
        assert!(text(&out).contains(flag), "{args:?}: {}", text(&out));
    }
    assert!(!db.exists(), "no database was created");
}

#[test]
fn help_describes_generate() {
    let out = pdsa("never-opened.db", &["generate", "--help"]);
    assert!(out.status.success());
    let help = text(&out);
    assert!(
        help.contains("--districts") && help.contains("--years"),
        "{help}"
    );
    assert!(
        help.contains("[default: 50]") && help.contains("[default: 5]"),
        "{help}"
    );
}
