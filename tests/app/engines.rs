//! The two engines are one product: the migration twins give the same schema, and names sort the
//! same on both (code point order: SQLite's BINARY collation, PostgreSQL's "C").

use crate::support::TestApp;
use crate::testdb::{TestDb, on_postgres};
use diesel::prelude::*;
use pdsa::db::introspect::{self, Table};
use pdsa::db::schema::districts;

fn described(url: &str) -> Vec<Table> {
    let pool = pdsa::db::connect(url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    pdsa::db::migrate(&mut conn).unwrap();
    introspect::describe(&mut conn).unwrap()
}

/// Tables, columns with their type families, nullability and defaults, indexes (UNIQUE ones
/// included) and foreign keys with their ON DELETE: the same from both migration folders. Needs
/// both engines, so it runs in the PostgreSQL pass of the suite (`.ci/run` makes one).
#[test]
fn both_migration_sets_give_the_same_schema() {
    if !on_postgres() {
        eprintln!(
            "both_migration_sets_give_the_same_schema: runs with TEST_DATABASE_URL=postgres://…"
        );
        return;
    }
    let sqlite = described(&TestDb::sqlite("twin.db").url);
    let pg_db = TestDb::empty();
    let postgres = described(&pg_db.url);
    assert!(sqlite.len() >= 31, "{} tables", sqlite.len());
    let names = |t: &[Table]| t.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&sqlite), names(&postgres), "the same tables");
    for (s, p) in sqlite.iter().zip(&postgres) {
        assert_eq!(s, p, "table {} differs between the engines", s.name);
    }
}

/// The description reads what the migrations say: a spot check that the comparison above
/// compares something (a column's default, a foreign key's action, a unique index).
#[test]
fn the_description_sees_defaults_keys_and_indexes() {
    let app = TestApp::new();
    let tables = introspect::describe(&mut app.conn()).unwrap();
    let table = |n: &str| tables.iter().find(|t| t.name == n).unwrap();
    let collectives = table("collectives");
    let share = collectives
        .columns
        .iter()
        .find(|c| c.name == "share_cycles")
        .unwrap();
    assert_eq!(share.default.as_deref(), Some("1"));
    assert_eq!(share.family, introspect::Family::Bool);
    let members = table("team_members");
    assert!(
        members
            .foreign_keys
            .iter()
            .any(|f| f.columns == ["team_id"] && f.table == "teams" && f.on_delete == "CASCADE")
    );
    assert!(
        members
            .indexes
            .iter()
            .any(|i| i.unique && i.columns == ["program_year_id", "person_id"])
    );
    assert_eq!(
        table("meeting_facilitators").primary_key,
        ["meeting_id", "person_id"]
    );
}

/// Names sort by code point on both engines: capitals before small letters, accented letters
/// after `z`, whatever locale the PostgreSQL cluster was made with.
#[test]
fn names_sort_by_code_point_on_either_engine() {
    let app = TestApp::new();
    let names = [
        "birchwood",
        "Alder Creek",
        "Émile",
        "alder creek",
        "Zed",
        "_Under",
        "10 Oaks",
    ];
    for n in names {
        pdsa::models::district::District::create(&mut app.conn(), n).unwrap();
    }
    let sorted: Vec<String> = districts::table
        .select(districts::name)
        .order(districts::name)
        .load(&mut app.conn())
        .unwrap();
    let mut expected: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(sorted, expected);
    assert_eq!(sorted[0], "10 Oaks");
    assert_eq!(sorted.last().map(String::as_str), Some("Émile"));
}
