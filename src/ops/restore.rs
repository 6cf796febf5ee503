//! `pdsa restore FILE [--force]`: puts a backup back as the `DATABASE_URL` SQLite file.
//!
//! The backup is copied to a temporary file beside the database, checked (a SQLite file, a
//! pdsa one, not from a newer pdsa, intact) and migrated forward there; only then is it renamed
//! over the database, one atomic step, so a failure at any point leaves the database as it
//! was. The old database's `-wal`, `-shm` and `-journal` files go first (after a checkpoint
//! folds the WAL into it): left beside the new file, SQLite would replay them onto it. Stop
//! `pdsa serve` first; a running server would keep writing to the file that was replaced.

use crate::db::{self, DbConn, Engine, introspect, versions};
use crate::ops::{self, Failure};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use std::path::{Path, PathBuf};

/// What `pdsa restore` tells a PostgreSQL user to run instead.
pub const PG_RESTORE_HINT: &str = "pg_restore --clean --if-exists -d \"$DATABASE_URL\" pdsa.dump";

/// `pdsa restore FILE [--force]`: restores and says what it did.
pub fn command(database_url: &str, file: &Path, force: bool) -> Result<(), String> {
    let migrated = restore(database_url, file, force)?;
    println!(
        "restored {} into {} ({migrated} migration(s) applied)",
        file.display(),
        db::sqlite_path(database_url)
    );
    Ok(())
}

/// Replaces the SQLite database at `database_url` with the backup `file`; a database that
/// holds rows is replaced only with `force`. Returns how many migrations the backup needed.
pub fn restore(database_url: &str, file: &Path, force: bool) -> Result<usize, Failure> {
    if ops::engine_of("DATABASE_URL", database_url)? == Engine::Postgres {
        return Err(Failure(format!(
            "pdsa restore writes a SQLite database, and DATABASE_URL is PostgreSQL: use \
             {PG_RESTORE_HINT} with a dump from pg_dump -Fc"
        )));
    }
    check_is_sqlite(file)?;
    let target = PathBuf::from(db::sqlite_path(database_url));
    refuse_filled(&target, force)?;
    let temp = temp_beside(&target)?;
    let prepared = std::fs::copy(file, &temp)
        .map_err(|e| {
            Failure(format!(
                "cannot copy {} to {}: {e}",
                file.display(),
                temp.display()
            ))
        })
        .and_then(|_| prepare(&temp, file));
    let installed = prepared.and_then(|n| install(&temp, &target).map(|_| n));
    if installed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    installed
}

/// FILE must exist and begin as every SQLite database does.
fn check_is_sqlite(file: &Path) -> Result<(), Failure> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let read = std::fs::File::open(file).and_then(|mut f| f.read_exact(&mut header));
    match read {
        Ok(()) if &header == b"SQLite format 3\0" => Ok(()),
        Ok(()) => Err(Failure(format!(
            "FILE: {} is not a SQLite database",
            file.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Failure(format!(
            "FILE: there is no file at {}",
            file.display()
        ))),
        Err(e) => Err(Failure(format!(
            "FILE: cannot read {} as a SQLite database: {e}",
            file.display()
        ))),
    }
}

/// Refuses, without `force`, a database that exists and holds rows or cannot be read.
fn refuse_filled(target: &Path, force: bool) -> Result<(), Failure> {
    if force || !target.exists() {
        return Ok(());
    }
    let url = target.to_string_lossy();
    let rows = ops::connect("DATABASE_URL", &url).and_then(|mut c| {
        let counts = introspect::row_counts(&mut c)?;
        Ok(counts.iter().map(|(_, n)| n).sum::<i64>())
    });
    match rows {
        Ok(0) => Ok(()),
        Ok(n) => Err(Failure(format!(
            "DATABASE_URL: {} holds {n} rows; pass --force to replace it with the backup",
            target.display()
        ))),
        Err(e) => Err(Failure(format!(
            "DATABASE_URL: {} cannot be read ({e}); pass --force to replace it with the backup",
            target.display()
        ))),
    }
}

/// A file name beside `target` (same folder, so the rename is atomic) for this process.
fn temp_beside(target: &Path) -> Result<PathBuf, Failure> {
    let name = target
        .file_name()
        .ok_or_else(|| Failure(format!("DATABASE_URL: {} names no file", target.display())))?;
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure(format!(
            "DATABASE_URL: cannot create the folder {}: {e}",
            dir.display()
        ))
    })?;
    let temp = format!(
        ".{}.restore-{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    );
    Ok(dir.join(temp))
}

/// Checks and migrates the copy at `temp` (in rollback-journal mode, so that nothing is left
/// in a `-wal` beside it when it is renamed); returns the migrations applied.
fn prepare(temp: &Path, file: &Path) -> Result<usize, Failure> {
    let path = temp.to_string_lossy();
    let c = diesel::sqlite::SqliteConnection::establish(&path)
        .map_err(|e| Failure(format!("FILE: cannot open {}: {e}", file.display())))?;
    let mut conn = DbConn::Sqlite(c);
    conn.batch_execute("PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = ON;")
        .map_err(|e| {
            Failure(format!(
                "FILE: {} cannot be opened as a database: {e}",
                file.display()
            ))
        })?;
    let not_pdsa = |why: &str| Failure(format!("FILE: {} {why}", file.display()));
    match versions::status(&mut conn).map_err(|e| not_pdsa(&e))? {
        versions::Status::Unmigrated => {
            return Err(not_pdsa(
                "is not a pdsa backup (it has no migrations table)",
            ));
        }
        versions::Status::Ahead(v) => {
            return Err(not_pdsa(&format!(
                "was made by a newer pdsa ({}); restore it with that version",
                v.join(", ")
            )));
        }
        versions::Status::Current | versions::Status::Behind(_) => {}
    }
    check_intact(&mut conn).map_err(|e| not_pdsa(&e))?;
    db::migrate(&mut conn).map_err(|e| not_pdsa(&format!("cannot be migrated: {e}")))
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = diesel::sql_types::Text)]
    quick_check: String,
}

/// SQLite's own check of the file's structure: a damaged backup is not restored.
fn check_intact(conn: &mut DbConn) -> Result<(), String> {
    let rows: Vec<Check> = crate::per_backend!(conn, |c| diesel::sql_query("PRAGMA quick_check")
        .load(c))
    .map_err(|e| format!("cannot be checked: {e}"))?;
    match rows.first().map(|r| r.quick_check.as_str()) {
        Some("ok") => Ok(()),
        Some(problem) => Err(format!("is damaged: {problem}")),
        None => Err("cannot be checked".into()),
    }
}

/// Puts `temp` in place of `target`: the old database's WAL is checkpointed and its side files
/// removed, then the rename; the folder is synced so the rename survives a crash.
fn install(temp: &Path, target: &Path) -> Result<(), Failure> {
    std::fs::File::open(temp)
        .and_then(|f| f.sync_all())
        .map_err(|e| Failure(format!("cannot sync {}: {e}", temp.display())))?;
    if target.exists()
        && let Ok(mut old) = ops::connect("DATABASE_URL", &target.to_string_lossy())
    {
        let _ = old.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = PathBuf::from(format!("{}{suffix}", target.display()));
        match std::fs::remove_file(&side) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Failure(format!("cannot remove {}: {e}", side.display())));
            }
            _ => {}
        }
    }
    std::fs::rename(temp, target).map_err(|e| {
        Failure(format!(
            "cannot move the backup into {}: {e}",
            target.display()
        ))
    })?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}
