//! `pdsa copy --from URL --to URL`: the whole collective from one database into an empty
//! other, SQLite to PostgreSQL and back, or SQLite to SQLite.
//!
//! The source is read in one snapshot (a read transaction; REPEATABLE READ on PostgreSQL), so
//! a copy taken while `pdsa serve` writes is still one moment of the data. The target is
//! written in one transaction and checked before it commits: every table's rows are read back
//! through diesel and fingerprinted (`checksum`) against what was read from the source, so a
//! copy that differs, fails or is interrupted leaves the target as empty as it was.

pub mod checksum;
pub mod order;
pub mod progress;
pub mod report;
pub mod row;
pub mod sequences;
pub mod tables;

use crate::db::{self, DbConn, Engine, introspect, versions};
use crate::ops::{self, Failure, shown};
use diesel::Connection;
use diesel::connection::SimpleConnection;
use progress::Progress;
use report::{Line, Report};
use tables::CopyTable;

/// `pdsa copy`: copies with a progress display on stderr and prints the table of counts.
pub fn command(from: &str, to: &str) -> Result<(), String> {
    let mut progress = progress::for_stderr();
    let report = run(from, to, progress.as_mut())?;
    println!("{report}");
    Ok(())
}

/// Copies every row of `from` into `to` (migrated first if needed, and empty), verifies the
/// copy, and commits it only when every table's count and fingerprint agree.
pub fn run(from: &str, to: &str, progress: &mut dyn Progress) -> Result<Report, Failure> {
    let started = std::time::Instant::now();
    let mut src = open_source(from)?;
    refuse_same(from, to)?;
    let mut dst = open_target(to)?;
    let lines = src.transaction(|s| {
        snapshot(s)?;
        dst.write_transaction(|d| copy_all(s, d, progress))
    })?;
    Ok(Report {
        lines,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// The source, which must exist and be migrated exactly as far as this pdsa.
fn open_source(from: &str) -> Result<DbConn, Failure> {
    if ops::engine_of("--from", from)? == Engine::Sqlite {
        ops::existing_sqlite("--from", from)?;
    }
    let mut conn = ops::connect_read_only("--from", from)?;
    let fail = |why: String| Err(Failure(format!("--from: {} {why}", shown(from))));
    match versions::status(&mut conn).map_err(|e| Failure(format!("--from: {e}")))? {
        versions::Status::Current => Ok(conn),
        versions::Status::Unmigrated => {
            fail("is not a pdsa database (no migrations have run)".into())
        }
        versions::Status::Behind(n) => fail(format!(
            "lacks {n} of this pdsa's migrations; run `pdsa migrate` with DATABASE_URL set to it first"
        )),
        versions::Status::Ahead(v) => fail(format!(
            "was migrated by a newer pdsa ({}); copy it with that version",
            v.join(", ")
        )),
    }
}

/// Copying a database onto itself would find it not empty, or copy nothing: refused plainly.
fn refuse_same(from: &str, to: &str) -> Result<(), Failure> {
    let same = match (Engine::of(from), ops::engine_of("--to", to)?) {
        (Engine::Sqlite, Engine::Sqlite) => {
            let canonical = |u| std::fs::canonicalize(db::sqlite_path(u)).ok();
            from == to || canonical(from).is_some_and(|f| Some(f) == canonical(to))
        }
        _ => from == to,
    };
    if same {
        return Err(Failure("--to: names the same database as --from".into()));
    }
    Ok(())
}

/// The target: opened (its folder made for a SQLite file), refused unless empty, then
/// migrated. Emptiness is checked before the migrations, so a refused target is not changed.
fn open_target(to: &str) -> Result<DbConn, Failure> {
    if ops::engine_of("--to", to)? == Engine::Sqlite
        && let Some(dir) = std::path::Path::new(db::sqlite_path(to)).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure(format!(
                "--to: cannot create the folder {}: {e}",
                dir.display()
            ))
        })?;
    }
    let mut conn = ops::connect("--to", to)?;
    refuse_filled(&mut conn, to)?;
    if let versions::Status::Ahead(v) =
        versions::status(&mut conn).map_err(|e| Failure(format!("--to: {e}")))?
    {
        let v = v.join(", ");
        return Err(Failure(format!(
            "--to: {} was migrated by a newer pdsa ({v})",
            shown(to)
        )));
    }
    db::migrate(&mut conn).map_err(|e| Failure(format!("--to: {e}")))?;
    Ok(conn)
}

/// Refuses a target that holds any row, naming a few of the tables that do.
fn refuse_filled(conn: &mut DbConn, to: &str) -> Result<(), Failure> {
    let counts = introspect::row_counts(conn)
        .map_err(|e| Failure(format!("--to: cannot count its rows: {e}")))?;
    let filled: Vec<(String, i64)> = counts.into_iter().filter(|(_, n)| *n > 0).collect();
    if filled.is_empty() {
        return Ok(());
    }
    let rows: i64 = filled.iter().map(|(_, n)| n).sum();
    let some: Vec<String> = filled
        .iter()
        .take(3)
        .map(|(t, n)| format!("{t}: {n}"))
        .collect();
    Err(Failure(format!(
        "--to: {} is not empty ({rows} rows in {} tables, e.g. {}); pdsa copy fills only an \
         empty database, and nothing was changed",
        shown(to),
        filled.len(),
        some.join(", ")
    )))
}

/// One moment of the source for every table read after it. SQLite's read transaction keeps
/// its snapshot from the first read; PostgreSQL needs REPEATABLE READ for that.
fn snapshot(src: &mut DbConn) -> Result<(), Failure> {
    if let DbConn::Postgres(_) = src {
        src.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
    }
    Ok(())
}

/// The copy itself, inside the target's transaction: tables parents first, id counters moved
/// on, then every table read back and compared; any difference rolls it all back.
fn copy_all(
    src: &mut DbConn,
    dst: &mut DbConn,
    progress: &mut dyn Progress,
) -> Result<Vec<Line>, Failure> {
    refuse_filled(dst, "the target")?;
    let described = introspect::describe(src)?;
    let plan = order::tables(&described, db::schema::COPIED_TABLES)?;
    let counts = introspect::row_counts(src)?;
    let count = |t: &str| {
        counts
            .iter()
            .find(|(n, _)| n == t)
            .map_or(0, |(_, n)| *n as u64)
    };
    let total = counts.iter().map(|(_, n)| *n as u64).sum();
    progress.phase("copying", total);
    let mut copied = Vec::with_capacity(plan.len());
    for (table, described) in &plan {
        progress.table(table.name(), count(table.name()));
        copied.push((*table, copy_one(src, dst, *table, described, progress)?));
    }
    progress.finish();
    progress.phase("verifying", total);
    let lines = verify(dst, copied, progress)?;
    progress.finish();
    Ok(lines)
}

/// One table: its rows (ordered when it refers to itself), then its id counter.
fn copy_one(
    src: &mut DbConn,
    dst: &mut DbConn,
    table: &dyn CopyTable,
    described: &introspect::Table,
    progress: &mut dyn Progress,
) -> Result<checksum::TableSum, Failure> {
    let order = match order::self_reference(described)? {
        Some(column) => order::rows(src, table.name(), &column)?,
        None => None,
    };
    let sum = table.copy(src, dst, order.as_deref(), progress)?;
    if described.primary_key == ["id"] {
        let mark = sequences::high_water(src, table.name())?;
        sequences::continue_after(dst, table.name(), mark)?;
    }
    Ok(sum)
}

/// Reads every copied table back from the target and compares it with what was read.
fn verify(
    dst: &mut DbConn,
    copied: Vec<(&dyn CopyTable, checksum::TableSum)>,
    progress: &mut dyn Progress,
) -> Result<Vec<Line>, Failure> {
    let mut lines = Vec::with_capacity(copied.len());
    for (table, from) in copied {
        progress.table(table.name(), from.rows);
        let to = table.sum(dst, progress)?;
        lines.push(Line {
            table: table.name(),
            from,
            to,
        });
    }
    let report = Report {
        lines,
        seconds: 0.0,
    };
    if report.all_same() {
        return Ok(report.lines);
    }
    Err(Failure(format!(
        "the copy differs from the source, so it was rolled back and the target is as it was:\n{report}"
    )))
}
