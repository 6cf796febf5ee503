//! Operations on a whole database, run from the command line: `pdsa copy` moves a collective
//! between engines, `pdsa backup` and `pdsa restore` keep and put back a SQLite file. They
//! share the checks of what the person typed, so that each refusal names the flag at fault
//! before anything changes.

pub mod backup;
pub mod copy;
pub mod restore;

use crate::db::{self, DbConn, Engine};
use diesel::r2d2::ManageConnection;

/// A refused or failed operation, in words for the person at the command line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Failure(pub String);

impl From<diesel::result::Error> for Failure {
    fn from(e: diesel::result::Error) -> Failure {
        Failure(format!("database error: {e}"))
    }
}

impl From<Failure> for String {
    fn from(f: Failure) -> String {
        f.0
    }
}

/// The engine of a URL given to `flag`, once it is one pdsa can use: any other scheme would
/// otherwise be taken for a SQLite file name and created.
pub fn engine_of(flag: &str, url: &str) -> Result<Engine, Failure> {
    if url.trim().is_empty() {
        return Err(Failure(format!(
            "{flag}: give a database: postgres://… or a SQLite file path"
        )));
    }
    if let Some((scheme, _)) = url.split_once("://")
        && !matches!(scheme, "postgres" | "postgresql" | "sqlite")
    {
        return Err(Failure(format!(
            "{flag}: {scheme}:// is not a database pdsa can use; give postgres://…, \
             postgresql://…, sqlite://path or a file path"
        )));
    }
    Ok(Engine::of(url))
}

/// `url` as it may be shown: a password in it is replaced by `***`.
pub fn shown(url: &str) -> String {
    let Some(start) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let authority_end = url[start..].find('/').map_or(url.len(), |i| start + i);
    let Some(at) = url[start..authority_end].rfind('@').map(|i| start + i) else {
        return url.to_string();
    };
    match url[start..at].find(':').map(|i| start + i) {
        Some(colon) => format!("{}:***{}", &url[..colon], &url[at..]),
        None => url.to_string(),
    }
}

/// One connection to `url`, set up as the pool sets up its own (SQLite's pragmas), tried once
/// so that an unreachable server is reported at once, naming `flag`.
pub fn connect(flag: &str, url: &str) -> Result<DbConn, Failure> {
    db::Manager::new(url)
        .connect()
        .map_err(|e| Failure(format!("{flag}: cannot open {}: {e}", shown(url))))
}

/// One connection that only reads (for a copy's source): a SQLite file is opened without the
/// pool's switch to WAL and with `query_only`, so not even a stray statement could change it;
/// PostgreSQL's read-only transaction does the same there.
pub fn connect_read_only(flag: &str, url: &str) -> Result<DbConn, Failure> {
    use diesel::Connection;
    use diesel::connection::SimpleConnection;
    if Engine::of(url) == Engine::Postgres {
        return connect(flag, url);
    }
    let failed = |e: String| Failure(format!("{flag}: cannot open {}: {e}", shown(url)));
    let mut c = diesel::sqlite::SqliteConnection::establish(db::sqlite_path(url))
        .map_err(|e| failed(e.to_string()))?;
    c.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA query_only = ON;")
        .map_err(|e| failed(e.to_string()))?;
    Ok(DbConn::Sqlite(c))
}

/// The SQLite file a URL names, which must exist: opening a missing one would create it.
pub fn existing_sqlite(flag: &str, url: &str) -> Result<std::path::PathBuf, Failure> {
    let path = std::path::PathBuf::from(db::sqlite_path(url));
    if path.is_file() {
        Ok(path)
    } else {
        Err(Failure(format!(
            "{flag}: there is no SQLite database at {}",
            path.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden_and_other_urls_kept() {
        assert_eq!(
            shown("postgres://u:secret@db:5432/pdsa"),
            "postgres://u:***@db:5432/pdsa"
        );
        assert_eq!(shown("postgres://u@db/pdsa"), "postgres://u@db/pdsa");
        assert_eq!(shown("data/pdsa.db"), "data/pdsa.db");
        assert_eq!(shown("postgres://db/p@x"), "postgres://db/p@x");
    }

    #[test]
    fn unknown_schemes_name_the_flag() {
        let e = engine_of("--to", "mysql://h/db").unwrap_err();
        assert!(e.0.starts_with("--to: mysql://"), "{e}");
        assert!(engine_of("--to", " ").is_err());
        assert_eq!(
            engine_of("--to", "postgresql://h/db").unwrap(),
            Engine::Postgres
        );
        assert_eq!(engine_of("--to", "a/b.db").unwrap(), Engine::Sqlite);
    }
}
