//! Where each test's database lives: a temporary SQLite file by default, or, when
//! `TEST_DATABASE_URL` names a PostgreSQL server, a database of the test's own on that server.
//! On PostgreSQL a migrated template is made once per test process and every test clones it
//! (`CREATE DATABASE … TEMPLATE`, tens of milliseconds), then drops its clone when done.

#![allow(dead_code)]

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use pdsa::db::Engine;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// A database for one test; dropped (file or PostgreSQL database) with it.
pub struct TestDb {
    /// The `DATABASE_URL` of this database.
    pub url: String,
    /// The folder of the SQLite file, and a place for anything else the test writes.
    pub dir: tempfile::TempDir,
    postgres_name: Option<String>,
}

/// The PostgreSQL server the suite runs on, if `TEST_DATABASE_URL` names one.
pub fn postgres_server() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| Engine::of(u) == Engine::Postgres)
}

/// Whether the suite runs on PostgreSQL.
pub fn on_postgres() -> bool {
    postgres_server().is_some()
}

impl TestDb {
    /// A migrated, empty database.
    pub fn migrated() -> TestDb {
        match postgres_server() {
            Some(server) => TestDb::postgres(&server, Some(template(&server))),
            None => {
                let db = TestDb::sqlite("test.db");
                let pool = pdsa::db::connect(&db.url, 1).unwrap();
                pdsa::db::migrate(&mut pool.get().unwrap()).unwrap();
                db
            }
        }
    }

    /// A database with no tables at all (for `pdsa migrate` and its kin).
    pub fn empty() -> TestDb {
        match postgres_server() {
            Some(server) => TestDb::postgres(&server, None),
            None => TestDb::sqlite("pdsa.db"),
        }
    }

    /// A SQLite file in a new folder, whatever the suite's engine (for SQLite's own features).
    pub fn sqlite(file: &str) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = dir.path().join(file).to_string_lossy().to_string();
        TestDb {
            url,
            dir,
            postgres_name: None,
        }
    }

    fn postgres(server: &str, template: Option<&str>) -> TestDb {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "pdsa_t_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let from = template.map_or("template0".to_string(), |t| format!("\"{t}\""));
        // Cloning reads the template: one clone at a time keeps its connections at zero.
        let _guard = CLONING.lock().unwrap_or_else(|p| p.into_inner());
        admin(server)
            .batch_execute(&format!("CREATE DATABASE \"{name}\" TEMPLATE {from}"))
            .unwrap();
        TestDb {
            url: with_database(server, &name),
            dir: tempfile::tempdir().unwrap(),
            postgres_name: Some(name),
        }
    }

    /// Whether this database is on PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.postgres_name.is_some()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let (Some(name), Some(server)) = (&self.postgres_name, postgres_server())
            && let Ok(mut c) = PgConnection::establish(&server)
        {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
    }
}

static CLONING: Mutex<()> = Mutex::new(());

/// The migrated template of this test process, made on first use.
fn template(server: &str) -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let mut c = admin(server);
        drop_leftovers(&mut c);
        let name = format!("pdsa_tmpl_{}", std::process::id());
        c.batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .unwrap();
        let url = with_database(server, &name);
        let pool = pdsa::db::connect(&url, 1).unwrap();
        pdsa::db::migrate(&mut pool.get().unwrap()).unwrap();
        drop(pool);
        name
    })
}

fn admin(server: &str) -> PgConnection {
    PgConnection::establish(server)
        .unwrap_or_else(|e| panic!("TEST_DATABASE_URL {server}: cannot connect: {e}"))
}

/// Databases left by test processes that are no longer running (a run stopped half-way).
fn drop_leftovers(c: &mut PgConnection) {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        datname: String,
    }
    let names: Vec<Name> = diesel::sql_query(
        "SELECT datname FROM pg_database WHERE datname LIKE 'pdsa\\_t\\_%' \
         OR datname LIKE 'pdsa\\_tmpl\\_%'",
    )
    .load(c)
    .unwrap_or_default();
    for n in names {
        let pid = n.datname.split('_').nth(2).unwrap_or("");
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                n.datname
            ));
        }
    }
}

/// Runs every SQLite migration but the last `missing` on the file at `url` (a database made
/// by an older pdsa).
pub fn migrate_all_but(url: &str, missing: usize) {
    use diesel_migrations::{FileBasedMigrations, MigrationHarness};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite");
    let migrations = FileBasedMigrations::from_path(dir).unwrap();
    let count = std::fs::read_dir(dir).unwrap().count();
    let mut c = diesel::sqlite::SqliteConnection::establish(url).unwrap();
    for _ in 0..count - missing {
        c.run_next_migration(migrations.clone()).unwrap();
    }
}

/// `server` with its database name replaced by `name` (any query string is kept).
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server, String::new()),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let root = match base[authority_end..].find('/') {
        Some(i) => &base[..authority_end + i],
        None => base,
    };
    format!("{root}/{name}{query}")
}
