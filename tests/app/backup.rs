//! `pdsa backup FILE` and `pdsa restore FILE [--force]`: SQLite's own, so these tests use
//! SQLite files whatever the suite's engine (PostgreSQL only for the refusal that points at
//! pg_dump and pg_restore).

use crate::testdb::{TestDb, postgres_server};
use diesel::prelude::*;
use pdsa::db::{DbConn, introspect, versions};
use pdsa::models::district::District;
use pdsa::ops::{backup, restore};
use std::path::{Path, PathBuf};

fn open(url: &str) -> DbConn {
    pdsa::ops::connect("test", url).unwrap()
}

fn demo() -> TestDb {
    let db = TestDb::sqlite("live.db");
    let mut c = open(&db.url);
    pdsa::db::migrate(&mut c).unwrap();
    pdsa::seed::load_demo(&mut c, chrono::Local::now().date_naive()).unwrap();
    db
}

fn counts(url: &str) -> Vec<(String, i64)> {
    introspect::row_counts(&mut open(url)).unwrap()
}

fn in_dir(db: &TestDb, name: &str) -> PathBuf {
    db.dir.path().join(name)
}

fn url_of(path: &Path) -> String {
    path.to_string_lossy().to_string()
}

#[test]
fn a_backup_of_the_demo_restores_into_an_empty_path() {
    let live = demo();
    let file = in_dir(&live, "pdsa-backup.db");
    let bytes = backup::backup(&live.url, &file).unwrap();
    assert!(bytes > 100_000, "{bytes} bytes");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "a backup holds password hashes");
    }
    let restored = url_of(&in_dir(&live, "restored/pdsa.db"));
    assert_eq!(restore::restore(&restored, &file, false).unwrap(), 0);
    assert_eq!(counts(&restored), counts(&live.url));
    assert!(
        counts(&restored)
            .iter()
            .any(|(t, n)| t == "observations" && *n > 1000)
    );
}

#[test]
fn a_backup_never_overwrites_a_file() {
    let live = demo();
    let file = in_dir(&live, "taken.db");
    std::fs::write(&file, "keep me").unwrap();
    let err = backup::backup(&live.url, &file).unwrap_err();
    assert!(
        err.0.starts_with("FILE: ") && err.0.contains("exists already"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    let missing = url_of(&in_dir(&live, "nothing-here.db"));
    let err = backup::backup(&missing, &in_dir(&live, "b.db")).unwrap_err();
    assert!(
        err.0
            .starts_with("DATABASE_URL: there is no SQLite database"),
        "{err}"
    );
    assert!(!Path::new(&missing).exists() && !in_dir(&live, "b.db").exists());
}

/// A writer keeps adding districts while the backup is taken: the backup succeeds, is whole,
/// and holds the districts of one moment (between the counts before and after).
#[test]
fn a_backup_is_consistent_while_the_database_is_written() {
    let live = demo();
    let before = District::list(&mut open(&live.url)).unwrap().len();
    let url = live.url.clone();
    let (started, writing) = std::sync::mpsc::channel();
    let writer = std::thread::spawn(move || {
        let mut c = open(&url);
        for i in 0..300 {
            District::create(&mut c, &format!("Writer District {i:03}")).unwrap();
            let _ = started.send(());
        }
    });
    writing.recv().unwrap();
    let file = in_dir(&live, "during.db");
    backup::backup(&live.url, &file).unwrap();
    writer.join().unwrap();
    let restored = url_of(&in_dir(&live, "during-restored.db"));
    restore::restore(&restored, &file, false).unwrap();
    let backed_up = District::list(&mut open(&restored)).unwrap().len();
    assert!(
        (before + 1..=before + 300).contains(&backed_up),
        "{backed_up}"
    );
}

#[test]
fn restore_replaces_a_database_with_data_only_with_force() {
    let live = demo();
    let other = TestDb::sqlite("other.db");
    let mut c = open(&other.url);
    pdsa::db::migrate(&mut c).unwrap();
    District::create(&mut c, "Only District").unwrap();
    drop(c);
    let file = in_dir(&other, "other-backup.db");
    backup::backup(&other.url, &file).unwrap();
    let was = counts(&live.url);
    let err = restore::restore(&live.url, &file, false).unwrap_err();
    assert!(
        err.0.starts_with("DATABASE_URL: ") && err.0.contains("--force"),
        "{err}"
    );
    assert_eq!(counts(&live.url), was, "refused: the database is as it was");
    let stale_wal = format!("{}-wal", live.url);
    std::fs::write(&stale_wal, "not a write-ahead log").unwrap();
    restore::restore(&live.url, &file, true).unwrap();
    assert!(!Path::new(&stale_wal).exists(), "the old -wal is gone");
    assert_eq!(counts(&live.url), counts(&other.url));
    let names: Vec<String> = District::list(&mut open(&live.url))
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(names, ["Only District"]);
}

#[test]
fn restore_takes_only_a_pdsa_backup() {
    let dir = TestDb::sqlite("target.db");
    let target = dir.url.clone();
    let text = in_dir(&dir, "notes.txt");
    std::fs::write(&text, "these are not the rows you are looking for").unwrap();
    let plain = in_dir(&dir, "plain.db");
    let mut c = SqliteConnection::establish(&url_of(&plain)).unwrap();
    diesel::sql_query("CREATE TABLE t (x INTEGER)")
        .execute(&mut c)
        .unwrap();
    drop(c);
    let refused = |file: &Path| restore::restore(&target, file, false).unwrap_err().0;
    let e = refused(&in_dir(&dir, "absent.db"));
    assert!(e.starts_with("FILE: there is no file at"), "{e}");
    let e = refused(&text);
    assert!(e.contains("is not a SQLite database"), "{e}");
    let e = refused(&plain);
    assert!(e.contains("is not a pdsa backup"), "{e}");
    assert!(!Path::new(&target).exists(), "nothing was written");
    let leftovers: Vec<_> = std::fs::read_dir(dir.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn an_older_backup_is_migrated_forward() {
    let old = TestDb::sqlite("old.db");
    crate::testdb::migrate_all_but(&old.url, 1);
    let mut c = SqliteConnection::establish(&old.url).unwrap();
    diesel::sql_query("INSERT INTO districts (name) VALUES ('From Last Year')")
        .execute(&mut c)
        .unwrap();
    drop(c);
    let target = url_of(&in_dir(&old, "now.db"));
    assert_eq!(
        restore::restore(&target, Path::new(&old.url), false).unwrap(),
        1
    );
    let mut c = open(&target);
    assert_eq!(versions::status(&mut c).unwrap(), versions::Status::Current);
    assert_eq!(District::list(&mut c).unwrap()[0].name, "From Last Year");
}

#[test]
fn postgres_is_pointed_at_pg_dump_and_pg_restore() {
    let Some(server) = postgres_server() else {
        eprintln!("postgres_is_pointed_at_pg_dump_and_pg_restore: runs with TEST_DATABASE_URL");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pdsa.dump");
    let err = backup::backup(&server, &file).unwrap_err();
    assert!(err.0.contains("pg_dump -Fc -f pdsa.dump"), "{err}");
    assert!(!file.exists());
    std::fs::write(&file, "a dump").unwrap();
    let err = restore::restore(&server, &file, true).unwrap_err();
    assert!(err.0.contains("pg_restore --clean --if-exists"), "{err}");
}

/// The commands as people run them: `pdsa backup` prints where it wrote, `pdsa restore`
/// refuses a database with data (exit 1, naming --force) and replaces it with `--force`.
#[test]
fn backup_and_restore_run_as_commands() {
    let live = demo();
    let file = url_of(&in_dir(&live, "cli-backup.db"));
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_pdsa"))
            .args(args)
            .env("DATABASE_URL", &live.url)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let out = run(&["backup", &file]);
    assert!(out.status.success(), "{:?}", out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("backed up"));
    let out = run(&["restore", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let out = run(&["restore", &file, "--force"]);
    assert!(out.status.success(), "{:?}", out);
    assert!(
        counts(&live.url)
            .iter()
            .any(|(t, n)| t == "people" && *n > 40)
    );
}
