//! The command line, run as a real process: help, migrate, create-user and its refusals.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn pdsa(db: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pdsa"))
        .args(args)
        .env("DATABASE_URL", db)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// `pdsa create-user --role <role> --email <email>`, the password (if any) piped in.
fn create_user(db: &str, role: &str, email: &str, stdin: &str) -> Output {
    pdsa(
        db,
        &["create-user", "--role", role, "--email", email],
        stdin,
    )
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn help_lists_every_subcommand() {
    let out = pdsa("never-opened.db", &["--help"], "");
    assert!(out.status.success());
    for cmd in [
        "serve",
        "migrate",
        "seed",
        "create-user",
        "copy",
        "backup",
        "restore",
    ] {
        assert!(text(&out).contains(cmd), "--help mentions {cmd}");
    }
    let out = pdsa("never-opened.db", &["create-user", "--help"], "");
    assert!(text(&out).contains("--role") && text(&out).contains("--email"));
}

#[test]
fn migrate_then_create_user_with_a_password_from_stdin() {
    let test_db = crate::testdb::TestDb::empty();
    let db = test_db.url.as_str();
    let out = pdsa(db, &["migrate"], "");
    assert!(out.status.success(), "{}", text(&out));
    let out = pdsa(
        db,
        &[
            "create-user",
            "--role",
            "director",
            "--email",
            "Boss@District.org",
            "--name",
            "Pat Boss",
        ],
        "a long secret phrase\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        !text(&out).contains("a long secret phrase"),
        "a given password is never echoed"
    );
    let pool = pdsa::db::connect(db, 1).unwrap();
    let person =
        pdsa::models::person::Person::find_by_email(&mut pool.get().unwrap(), "boss@district.org")
            .unwrap()
            .unwrap();
    assert_eq!(
        (person.name.as_str(), person.role.as_str()),
        ("Pat Boss", "director")
    );
    assert!(pdsa::auth::password::verify(
        "a long secret phrase",
        person.password_hash.as_deref().unwrap()
    ));
    let again = create_user(db, "director", "boss@district.org", "another password\n");
    assert!(!again.status.success());
    assert!(
        text(&again).contains("--email: someone with this email exists already"),
        "{}",
        text(&again)
    );
}

#[test]
fn create_user_generates_and_prints_a_password_when_none_is_piped() {
    let test_db = crate::testdb::TestDb::empty();
    let db = test_db.url.as_str();
    let out = create_user(db, "facilitator", "f@example.org", "");
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    let password = printed
        .lines()
        .find_map(|l| l.strip_prefix("password (shown once): "))
        .expect("the generated password");
    let pool = pdsa::db::connect(db, 1).unwrap();
    let person =
        pdsa::models::person::Person::find_by_email(&mut pool.get().unwrap(), "f@example.org")
            .unwrap()
            .unwrap();
    assert!(pdsa::auth::password::verify(
        password.trim(),
        person.password_hash.as_deref().unwrap()
    ));
}

#[test]
fn bad_arguments_name_the_flag_and_change_nothing() {
    let test_db = crate::testdb::TestDb::empty();
    let db = test_db.url.as_str();
    let out = create_user(db, "boss", "x@example.org", "a long secret phrase\n");
    assert!(!out.status.success());
    assert!(
        text(&out).contains("--role: must be one of: director, facilitator, member"),
        "{}",
        text(&out)
    );
    let out = create_user(db, "member", "not-an-address", "a long secret phrase\n");
    assert!(!out.status.success());
    assert!(text(&out).contains("--email:"), "{}", text(&out));
    let out = create_user(db, "member", "x@example.org", "short\n");
    assert!(!out.status.success());
    assert!(
        text(&out).contains("password from stdin: must be at least 10 characters"),
        "{}",
        text(&out)
    );
    assert!(
        !std::path::Path::new(db).exists() || {
            let pool = pdsa::db::connect(db, 1).unwrap();
            pdsa::models::person::Person::list(&mut pool.get().unwrap())
                .unwrap()
                .is_empty()
        }
    );
    let out = Command::new(env!("CARGO_BIN_EXE_pdsa"))
        .arg("serve")
        .env("DATABASE_URL", db)
        .env("PDSA_DEMO", "maybe")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out).contains("PDSA_DEMO: must be 1 or 0"),
        "{}",
        text(&out)
    );
}
