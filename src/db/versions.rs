//! Which migrations a database has had, compared with the ones this binary carries. Read from
//! diesel's bookkeeping table directly: diesel's own `applied_migrations` creates that table
//! when it is missing, and a check must not change the database it looks at (`pdsa copy`'s
//! source, the backup `pdsa restore` is given).

use super::introspect::MIGRATIONS_TABLE;
use super::{DbConn, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS};
use diesel::migration::MigrationSource;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use std::collections::BTreeSet;

/// Where a database stands against this binary's migrations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// No migration has run (no bookkeeping table).
    Unmigrated,
    /// Every migration this binary has, and no other.
    Current,
    /// Some of this binary's migrations have not run: how many.
    Behind(usize),
    /// It has had migrations this binary does not know (a newer pdsa migrated it).
    Ahead(Vec<String>),
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = Text)]
    version: String,
}

/// The versions that have run on `conn`, or `None` when no migration ever has.
pub fn applied(conn: &mut DbConn) -> QueryResult<Option<BTreeSet<String>>> {
    let exists = match conn {
        DbConn::Sqlite(_) => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = "
        }
        DbConn::Postgres(_) => {
            "SELECT COUNT(*) AS n FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name = "
        }
    };
    let sql = format!("{exists}'{MIGRATIONS_TABLE}'");
    let count: Count = crate::per_backend!(conn, |c| diesel::sql_query(&sql).get_result(c))?;
    if count.n == 0 {
        return Ok(None);
    }
    let sql = format!("SELECT CAST(version AS TEXT) AS version FROM {MIGRATIONS_TABLE}");
    let rows: Vec<Version> = crate::per_backend!(conn, |c| diesel::sql_query(&sql).load(c))?;
    Ok(Some(rows.into_iter().map(|v| v.version).collect()))
}

/// The versions this binary carries for the engine of `conn`.
pub fn known(conn: &DbConn) -> Result<BTreeSet<String>, String> {
    let versions = |names: Vec<String>| names.into_iter().collect::<BTreeSet<_>>();
    let failed = |e| format!("cannot list the embedded migrations: {e}");
    match conn {
        DbConn::Sqlite(_) => {
            MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
                .map(|ms| versions(ms.iter().map(|m| m.name().version().to_string()).collect()))
                .map_err(failed)
        }
        DbConn::Postgres(_) => MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS)
            .map(|ms| versions(ms.iter().map(|m| m.name().version().to_string()).collect()))
            .map_err(failed),
    }
}

/// Where `conn` stands against this binary's migrations.
pub fn status(conn: &mut DbConn) -> Result<Status, String> {
    let known = known(conn)?;
    let applied = applied(conn).map_err(|e| format!("cannot read its migrations: {e}"))?;
    let Some(applied) = applied else {
        return Ok(Status::Unmigrated);
    };
    let unknown: Vec<String> = applied.difference(&known).cloned().collect();
    if !unknown.is_empty() {
        return Ok(Status::Ahead(unknown));
    }
    match known.difference(&applied).count() {
        0 => Ok(Status::Current),
        n => Ok(Status::Behind(n)),
    }
}
