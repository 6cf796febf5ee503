//! `pdsa backup FILE`: a consistent copy of the SQLite database, taken while `pdsa serve` goes
//! on writing. `VACUUM INTO` reads the database in one read transaction (WAL lets writers carry
//! on meanwhile) and writes a compact, self-contained file: no `-wal` beside it to forget.
//! PostgreSQL has its own tool for this, and the refusal says which.

use crate::db::Engine;
use crate::ops::{self, Failure};
use diesel::prelude::*;
use std::path::Path;
use std::time::Instant;

/// What `pdsa restore` and `pdsa backup` tell a PostgreSQL user to run instead.
pub const PG_DUMP_HINT: &str = "pg_dump -Fc -f pdsa.dump \"$DATABASE_URL\"";

/// `pdsa backup FILE`: backs up `DATABASE_URL` and says where and how big.
pub fn command(database_url: &str, file: &Path) -> Result<(), String> {
    let started = Instant::now();
    let bytes = backup(database_url, file)?;
    println!(
        "backed up {} to {} ({:.1} MiB in {:.2} s)",
        crate::db::sqlite_path(database_url),
        file.display(),
        bytes as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes a copy of the SQLite database at `database_url` to `file`, which must not exist;
/// returns its size in bytes.
pub fn backup(database_url: &str, file: &Path) -> Result<u64, Failure> {
    if ops::engine_of("DATABASE_URL", database_url)? == Engine::Postgres {
        return Err(Failure(format!(
            "pdsa backup copies a SQLite database, and DATABASE_URL is PostgreSQL: use \
             {PG_DUMP_HINT} (pg_restore puts it back)"
        )));
    }
    ops::existing_sqlite("DATABASE_URL", database_url)?;
    let name = file
        .to_str()
        .ok_or_else(|| Failure(format!("FILE: {} is not a UTF-8 name", file.display())))?;
    let mut conn = ops::connect("DATABASE_URL", database_url)?;
    reserve(file)?;
    let written = crate::per_backend!(&mut conn, |c| {
        diesel::sql_query("VACUUM INTO ?")
            .bind::<diesel::sql_types::Text, _>(name)
            .execute(c)
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(file);
        return Err(Failure(format!(
            "cannot back up to {}: {e}",
            file.display()
        )));
    }
    let size = std::fs::metadata(file).map(|m| m.len());
    size.map_err(|e| Failure(format!("cannot read {}: {e}", file.display())))
}

/// Creates `file` empty (VACUUM INTO fills an empty file), refusing one that exists: the
/// check and the creation are one step, so no other process slips in between. On Unix the
/// file is readable by its owner only, as it holds password hashes.
fn reserve(file: &Path) -> Result<(), Failure> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(file) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Failure(format!(
            "FILE: {} exists already; pdsa backup never overwrites a file: give a new name",
            file.display()
        ))),
        Err(e) => Err(Failure(format!(
            "FILE: cannot create {}: {e}",
            file.display()
        ))),
    }
}
