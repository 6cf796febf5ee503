//! `pdsa import observations FILE --team ID [--replace]`, run as a real process against the
//! test's database: a summary on success, every bad row and exit 1 (changing nothing) on
//! failure, and clear errors for a missing file or an unknown team.

use super::Setup;
use std::process::{Command, Output};

fn pdsa(s: &Setup, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pdsa"))
        .args(args)
        .env("DATABASE_URL", &s.app.state.config.database_url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn the_command_line_imports_all_or_nothing() {
    let s = Setup::new();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("visits.csv");
    let path = file.to_str().unwrap();
    let team = s.team_a.id.to_string();
    let good = format!(
        "date,classroom,measure,value,cycle,note\n{},Room 1,Discourse,3,,\n{},Room 1,On task,55,,\n",
        s.day(1),
        s.day(1)
    );
    std::fs::write(&file, &good).unwrap();
    let out = pdsa(&s, &["import", "observations", path, "--team", &team]);
    assert!(out.status.success(), "{:?}", text(&out));
    assert_eq!(text(&out).0.trim(), "imported 2 observations (0 replaced)");

    let out = pdsa(&s, &["import", "observations", path, "--team", &team]);
    assert_eq!(out.status.code(), Some(1));
    let (_, err) = text(&out);
    assert!(
        err.contains("row 2, column date") && err.contains("row 3, column date"),
        "{err}"
    );
    let out = pdsa(
        &s,
        &["import", "observations", path, "--team", &team, "--replace"],
    );
    assert!(out.status.success(), "{:?}", text(&out));
    assert_eq!(text(&out).0.trim(), "imported 2 observations (2 replaced)");

    let bad = format!(
        "{good}{},Room 1,Discourse,9,,\n{},Room 7,Discourse,2,,\n",
        s.day(3),
        s.day(3)
    );
    std::fs::write(&file, bad).unwrap();
    let out = pdsa(
        &s,
        &["import", "observations", path, "--team", &team, "--replace"],
    );
    assert_eq!(out.status.code(), Some(1));
    let (stdout, err) = text(&out);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        err.contains("row 4, column value: must be a whole number from 1 to 4"),
        "{err}"
    );
    assert!(err.contains("row 5, column classroom"), "{err}");
    assert!(err.contains("nothing changed"), "{err}");
    assert_eq!(s.observation_count(), 2);
}

#[test]
fn a_missing_file_or_team_is_named() {
    let s = Setup::new();
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.csv");
    let missing = missing.to_str().unwrap();
    let out = pdsa(
        &s,
        &[
            "import",
            "observations",
            missing,
            "--team",
            &s.team_a.id.to_string(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains(missing), "{:?}", text(&out));

    let file = dir.path().join("empty.csv");
    std::fs::write(&file, "date,classroom,measure,value,cycle,note\n").unwrap();
    let out = pdsa(
        &s,
        &[
            "import",
            "observations",
            file.to_str().unwrap(),
            "--team",
            "4242",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let (_, err) = text(&out);
    assert!(err.contains("--team") && err.contains("4242"), "{err}");

    let out = pdsa(&s, &["import", "observations", "--help"]);
    assert!(text(&out).0.contains("--replace"));
}
