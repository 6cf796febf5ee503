//! `pdsa copy`: the demo collective from SQLite to the suite's engine (PostgreSQL when
//! `TEST_DATABASE_URL` names one, another SQLite file otherwise) and back, every table's count
//! and checksum equal at each step; refusals that name the flag and change nothing; a failed
//! or interrupted copy that leaves the target empty.

use crate::testdb::TestDb;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use pdsa::db::schema::{COPIED_TABLES, districts};
use pdsa::db::{DbConn, introspect};
use pdsa::models::district::District;
use pdsa::ops::copy;
use pdsa::ops::copy::checksum::TableSum;
use pdsa::ops::copy::progress::{Progress, Silent};
use std::collections::BTreeMap;
use std::time::Instant;

fn open(url: &str) -> DbConn {
    pdsa::ops::connect("test", url).unwrap()
}

/// A SQLite file with the demo collective, and a district made and deleted (so its
/// AUTOINCREMENT counter is above its highest id); returns the deleted id too.
fn demo_sqlite() -> (TestDb, i32) {
    let db = TestDb::sqlite("demo.db");
    let mut c = open(&db.url);
    pdsa::db::migrate(&mut c).unwrap();
    pdsa::seed::load_demo(&mut c, chrono::Local::now().date_naive()).unwrap();
    let gone = District::create(&mut c, "Gone District").unwrap().id;
    diesel::delete(districts::table.find(gone))
        .execute(&mut c)
        .unwrap();
    (db, gone)
}

/// Every copied table's fingerprint, read through diesel.
fn sums(url: &str) -> BTreeMap<&'static str, TableSum> {
    let mut c = open(url);
    COPIED_TABLES
        .iter()
        .map(|t| (t.name(), t.sum(&mut c, &mut Silent).unwrap()))
        .collect()
}

fn total_rows(url: &str) -> i64 {
    introspect::row_counts(&mut open(url))
        .unwrap()
        .iter()
        .map(|(_, n)| n)
        .sum()
}

fn copied(from: &str, to: &str) -> copy::report::Report {
    let started = Instant::now();
    let report = copy::run(from, to, &mut Silent).unwrap();
    eprintln!(
        "copied {} rows {:?} -> {:?} in {:.2} s",
        report.rows(),
        pdsa::db::Engine::of(from),
        pdsa::db::Engine::of(to),
        started.elapsed().as_secs_f64()
    );
    assert!(report.all_same(), "{report}");
    report
}

#[test]
fn copy_tables_lists_every_table_of_the_database() {
    let db = TestDb::migrated();
    let in_database = introspect::tables(&mut open(&db.url)).unwrap();
    let mut listed: Vec<&str> = COPIED_TABLES.iter().map(|t| t.name()).collect();
    listed.sort();
    assert_eq!(
        listed, in_database,
        "add every table of src/db/schema.rs to copy_tables! there"
    );
}

#[test]
fn the_demo_goes_to_the_suite_engine_and_back_unchanged() {
    let (source, gone) = demo_sqlite();
    let middle = TestDb::empty();
    let back = TestDb::sqlite("back.db");
    let before = sums(&source.url);
    let there = copied(&source.url, &middle.url);
    assert_eq!(there.rows() as i64, total_rows(&source.url));
    assert!(there.line("observations").unwrap().to.rows > 1000);
    assert_eq!(
        sums(&middle.url),
        before,
        "the suite's engine holds the same rows"
    );
    copied(&middle.url, &back.url);
    assert_eq!(
        sums(&back.url),
        before,
        "and so does the SQLite file it came back to"
    );
    for url in [&middle.url, &back.url] {
        let mut c = open(url);
        let copied_ids: Vec<i32> = districts::table.select(districts::id).load(&mut c).unwrap();
        let new = District::create(&mut c, "After The Copy").unwrap();
        assert!(
            copied_ids.iter().all(|&id| new.id > id),
            "{url}: {}",
            new.id
        );
        assert!(new.id > gone, "{url}: a deleted id is not handed out again");
    }
}

#[test]
fn a_target_that_is_not_empty_is_refused_and_left_as_it_was() {
    let (source, _) = demo_sqlite();
    let target = TestDb::migrated();
    District::create(&mut open(&target.url), "Already Here").unwrap();
    let err = copy::run(&source.url, &target.url, &mut Silent).unwrap_err();
    assert!(err.0.starts_with("--to: "), "{err}");
    assert!(
        err.0.contains("not empty") && err.0.contains("districts: 1"),
        "{err}"
    );
    assert_eq!(total_rows(&target.url), 1);
}

/// A source row the target refuses (a school of a district that does not exist, which a
/// SQLite file with foreign keys off can hold): the copy fails naming the table, and every
/// table it had filled before is empty again.
#[test]
fn a_failing_copy_leaves_the_target_empty() {
    let (source, _) = demo_sqlite();
    let mut c = open(&source.url);
    c.batch_execute(
        "PRAGMA foreign_keys = OFF; INSERT INTO schools (district_id, name) VALUES (999, 'Orphan');",
    )
    .unwrap();
    drop(c);
    let target = TestDb::empty();
    let err = copy::run(&source.url, &target.url, &mut Silent).unwrap_err();
    assert!(
        err.0.starts_with("schools: the target refused a row"),
        "{err}"
    );
    assert_eq!(total_rows(&target.url), 0, "nothing of the copy is kept");
}

/// A target that changes rows as they arrive (a trigger): the read-back checksum differs, the
/// copy is refused with the table of counts, and nothing is kept.
#[test]
fn a_copy_that_reads_back_different_is_rolled_back() {
    let (source, _) = demo_sqlite();
    let target = TestDb::migrated();
    let trigger = if target.is_postgres() {
        "CREATE FUNCTION shout() RETURNS trigger AS $$ BEGIN NEW.name := NEW.name || '!'; \
         RETURN NEW; END $$ LANGUAGE plpgsql; \
         CREATE TRIGGER shout BEFORE INSERT ON districts FOR EACH ROW EXECUTE FUNCTION shout();"
    } else {
        "CREATE TRIGGER shout AFTER INSERT ON districts BEGIN \
         UPDATE districts SET name = name || '!' WHERE id = NEW.id; END;"
    };
    open(&target.url).batch_execute(trigger).unwrap();
    let err = copy::run(&source.url, &target.url, &mut Silent).unwrap_err();
    assert!(
        err.0.starts_with("the copy differs from the source"),
        "{err}"
    );
    let districts_line = err.0.lines().find(|l| l.starts_with("districts ")).unwrap();
    assert!(districts_line.contains("DIFFERENT"), "{err}");
    assert!(
        !err.0
            .lines()
            .any(|l| l.starts_with("schools ") && l.contains("DIFFERENT"))
    );
    assert_eq!(total_rows(&target.url), 0);
}

/// Stops the copy half-way, as a killed process or a lost connection would.
struct Interrupt {
    after: u64,
    seen: u64,
}

impl Progress for Interrupt {
    fn phase(&mut self, _: &str, _: u64) {}
    fn table(&mut self, _: &str, _: u64) {}
    fn rows(&mut self, n: u64) {
        self.seen += n;
        assert!(self.seen < self.after, "interrupted");
    }
    fn finish(&mut self) {}
}

#[test]
fn an_interrupted_copy_leaves_the_target_empty() {
    let (source, _) = demo_sqlite();
    let target = TestDb::empty();
    let mut stop = Interrupt {
        after: 3000,
        seen: 0,
    };
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        copy::run(&source.url, &target.url, &mut stop)
    }));
    assert!(run.is_err(), "the copy was stopped");
    assert!(stop.seen >= 3000);
    assert_eq!(total_rows(&target.url), 0);
}

#[test]
fn bad_urls_and_unreachable_databases_are_named() {
    let (source, _) = demo_sqlite();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db").to_string_lossy().to_string();
    let fresh = dir.path().join("fresh.db").to_string_lossy().to_string();
    let refused = |from: &str, to: &str| copy::run(from, to, &mut Silent).unwrap_err().0;
    let e = refused(&missing, &fresh);
    assert!(
        e.starts_with("--from: there is no SQLite database at"),
        "{e}"
    );
    assert!(!std::path::Path::new(&missing).exists() && !std::path::Path::new(&fresh).exists());
    let e = refused(&source.url, "mysql://host/pdsa");
    assert!(e.starts_with("--to: mysql:// is not a database"), "{e}");
    let e = refused(&source.url, "postgres://nobody:secret@127.0.0.1:1/pdsa");
    assert!(
        e.starts_with("--to: cannot open postgres://nobody:***@127.0.0.1:1/pdsa"),
        "{e}"
    );
    let e = refused(&source.url, &source.url);
    assert!(
        e.starts_with("--to: names the same database as --from"),
        "{e}"
    );
    std::fs::write(&missing, "").unwrap();
    let e = refused(&missing, &fresh);
    assert!(
        e.starts_with("--from: ") && e.contains("not a pdsa database"),
        "{e}"
    );
    let behind = TestDb::sqlite("behind.db");
    crate::testdb::migrate_all_but(&behind.url, 1);
    let e = refused(&behind.url, &fresh);
    assert!(e.contains("lacks 1 of this pdsa's migrations"), "{e}");
    assert!(!std::path::Path::new(&fresh).exists(), "no target was made");
}

fn pdsa(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_pdsa"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// The command as people run it: counts on stdout, a line per table on stderr (not a
/// terminal), exit 0; then the same target refused with exit 1 and `--to` named.
#[test]
fn pdsa_copy_runs_as_a_command() {
    let (source, _) = demo_sqlite();
    let target = TestDb::empty();
    let out = pdsa(&["copy", "--from", &source.url, "--to", &target.url]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("{} tables", COPIED_TABLES.len())),
        "{stdout}"
    );
    assert!(!stdout.contains("DIFFERENT"), "{stdout}");
    assert!(stderr.contains("copying observations: "), "{stderr}");
    let again = pdsa(&["copy", "--from", &source.url, "--to", &target.url]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.starts_with("pdsa: --to: "), "{stderr}");
}
