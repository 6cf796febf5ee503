//! The database: one connection enum for SQLite and PostgreSQL, an r2d2 pool, and the embedded
//! migrations. Every query in `models/` takes `&mut DbConn`, never a concrete connection type, so
//! a deployment can move to PostgreSQL without a rewrite.

pub mod fast_time;
pub mod introspect;
pub mod schema;
mod transaction;
pub mod versions;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, ConnectionError};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// A connection to whichever engine `DATABASE_URL` names.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL, for deployments that outgrow one machine.
    Postgres(PgConnection),
    /// The embedded default.
    Sqlite(SqliteConnection),
}

/// Runs `$body` with `$c` bound to the concrete connection. For the statements the shared
/// `MultiBackend` cannot express (ON CONFLICT, RETURNING, multi-row INSERT): the statement is
/// written once and compiled for each engine.
#[macro_export]
macro_rules! per_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConn::Postgres($c) => $body,
            $crate::db::DbConn::Sqlite($c) => $body,
        }
    };
}

/// The shared pool handed to handlers as `web::Data<DbPool>`.
pub type DbPool = r2d2::Pool<Manager>;

/// A pooled connection.
pub type PooledConn = r2d2::PooledConnection<Manager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Which engine a database URL names. Chosen by scheme, because the derived `establish` would
/// let SQLite accept any string, including a PostgreSQL URL, as a file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// `postgres://` or `postgresql://`.
    Postgres,
    /// `sqlite://path` or a plain path.
    Sqlite,
}

impl Engine {
    /// The engine for `url`, by its scheme.
    pub fn of(url: &str) -> Engine {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            Engine::Sqlite
        }
    }
}

/// The SQLite file path of a `sqlite://` URL or a plain path.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

/// Opens connections for the pool, choosing the engine from the URL's scheme.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
}

impl Manager {
    /// A manager for `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Manager { url: url.into() }
    }
}

/// SQLite settings applied to every connection the pool hands out: foreign keys are off by
/// default in SQLite; WAL and a busy timeout let readers and a writer work side by side. The
/// timeout comes first: switching a new file to WAL takes a lock, and the pool opens several
/// connections at once.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; \
     PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        let conn = match Engine::of(&self.url) {
            Engine::Postgres => DbConn::Postgres(PgConnection::establish(&self.url)?),
            Engine::Sqlite => {
                let mut c = SqliteConnection::establish(sqlite_path(&self.url))?;
                c.batch_execute(SQLITE_PRAGMAS)
                    .map_err(|e| ConnectionError::BadConnection(e.to_string()))?;
                DbConn::Sqlite(c)
            }
        };
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

/// Builds the pool. For a SQLite file, its folder is created first so a fresh checkout just runs.
pub fn connect(url: &str, max_size: u32) -> Result<DbPool, String> {
    if Engine::of(url) == Engine::Sqlite {
        let path = std::path::Path::new(sqlite_path(url));
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
        }
    }
    // A connection to a SQLite file cannot go stale, so it is not tested with a query each time
    // the pool hands it out (that query was a sixth of a bare request's work); a PostgreSQL
    // connection can (a server restart), so it is.
    r2d2::Pool::builder()
        .max_size(max_size)
        .test_on_check_out(Engine::of(url) == Engine::Postgres)
        .build(Manager::new(url))
        .map_err(|e| format!("cannot open the database {}: {e}", redacted(url)))
}

/// `url` with its password, if any, replaced by `***`: fit for a message or a log line.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

/// Runs the migrations not yet applied; returns how many ran.
pub fn migrate(conn: &mut DbConn) -> Result<usize, String> {
    match conn {
        DbConn::Sqlite(c) => migrate_sqlite(c),
        DbConn::Postgres(c) => migrate_postgres(c),
    }
}

/// SQLite changes a table's constraints only by rebuilding it (new table, copy, drop, rename),
/// and with foreign keys on, dropping a parent table would cascade onto its children. So, as
/// SQLite's documentation prescribes, foreign keys are off while the migrations run (the pragma
/// cannot change inside their transactions), every reference is checked afterwards, and they
/// are on again whatever happened.
fn migrate_sqlite(c: &mut SqliteConnection) -> Result<usize, String> {
    let failed = |e: diesel::result::Error| format!("migration failed: {e}");
    c.batch_execute("PRAGMA foreign_keys = OFF")
        .map_err(failed)?;
    let ran = c
        .run_pending_migrations(SQLITE_MIGRATIONS)
        .map(|v| v.len())
        .map_err(|e| format!("migration failed: {e}"));
    let broken = dangling_references(c);
    c.batch_execute("PRAGMA foreign_keys = ON")
        .map_err(failed)?;
    match broken.map_err(failed)? {
        0 => ran,
        n => Err(format!(
            "migration failed: {n} rows refer to rows that do not exist"
        )),
    }
}

#[derive(diesel::QueryableByName)]
struct Dangling {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Rows whose foreign keys point nowhere (SQLite's `foreign_key_check`).
fn dangling_references(c: &mut SqliteConnection) -> diesel::QueryResult<i64> {
    use diesel::RunQueryDsl;
    diesel::sql_query("SELECT COUNT(*) AS n FROM pragma_foreign_key_check")
        .get_result::<Dangling>(c)
        .map(|d| d.n)
}

/// How many migrations this binary knows that the database has not had yet (0: current).
pub fn pending_migrations(conn: &mut DbConn) -> Result<usize, String> {
    let pending = match conn {
        DbConn::Sqlite(c) => c.pending_migrations(SQLITE_MIGRATIONS).map(|m| m.len()),
        DbConn::Postgres(c) => c.pending_migrations(POSTGRES_MIGRATIONS).map(|m| m.len()),
    };
    pending.map_err(|e| format!("cannot read the applied migrations: {e}"))
}

/// The advisory lock that lets one of several instances starting together migrate while the
/// others wait, then find nothing left to do. (SQLite's write lock does the same for a file.)
const MIGRATION_LOCK: i64 = 0x0070_6473_616d_6967; // "pdsamig"

fn migrate_postgres(c: &mut PgConnection) -> Result<usize, String> {
    let locked = |e| format!("migration lock: {e}");
    c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
        .map_err(locked)?;
    let applied = c
        .run_pending_migrations(POSTGRES_MIGRATIONS)
        .map(|v| v.len())
        .map_err(|e| format!("migration failed: {e}"));
    c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
        .map_err(locked)?;
    applied
}

#[cfg(test)]
mod redact_tests {
    use super::redacted;

    #[test]
    fn a_password_never_reaches_a_message() {
        assert_eq!(
            redacted("postgres://pdsa:s3cr:et@db.example:5432/pdsa"),
            "postgres://pdsa:***@db.example:5432/pdsa"
        );
        assert_eq!(
            redacted("postgres://p@ss@db/pdsa"),
            "postgres://p@ss@db/pdsa",
            "a user without a password is left as it is"
        );
        assert_eq!(redacted("postgres://db/pdsa"), "postgres://db/pdsa");
        assert_eq!(redacted("data/pdsa.db"), "data/pdsa.db");
    }
}
