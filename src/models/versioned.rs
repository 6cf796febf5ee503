//! Optimistic concurrency in one place. A record read at `version` is saved with one
//! conditional statement, `UPDATE … SET …, version = version + 1 WHERE id = ? AND version = ?`:
//! when another save got there first, no row changes and the caller answers 409 with the record
//! as it now stands. A read, a compare and then a plain write would let two saves racing on
//! PostgreSQL (READ COMMITTED) both pass the compare, and one of them be lost.

use crate::error::AppError;

/// Writes `$changes` to row `$id` of table `$table` (a module of `db::schema`) only while its
/// version is still `$version`, bumping the version in the same statement. Answers
/// `QueryResult<bool>`: whether this save won.
#[macro_export]
macro_rules! update_versioned {
    ($conn:expr, $table:ident, $id:expr, $version:expr, $changes:expr) => {{
        use $crate::db::schema::$table as t;
        diesel::update(
            t::table
                .filter(t::id.eq($id))
                .filter(t::version.eq($version)),
        )
        .set(($changes, t::version.eq(t::version + 1)))
        .execute($conn)
        .map(|rows| rows == 1)
    }};
}

/// The conflict answer: 409 carrying `record`, the record as it stands now, so the editor can
/// compare it with their own version.
pub fn conflict<T: serde::Serialize>(record: &T) -> AppError {
    AppError::Conflict(serde_json::to_value(record).unwrap_or_default())
}

/// Refuses early (409 with `record`) when the version read is already stale, before any work
/// is done on a save that cannot win; the conditional statement still decides the race.
pub fn check<T: serde::Serialize>(record: &T, current: i32, version: i32) -> Result<(), AppError> {
    if current == version {
        Ok(())
    } else {
        Err(conflict(record))
    }
}

/// Turns the conditional statement's answer into the save's: `Ok` when it won, otherwise the
/// conflict carrying the record re-read by `reload` (the winner's).
pub fn won<T: serde::Serialize>(
    won: bool,
    reload: impl FnOnce() -> Result<T, AppError>,
) -> Result<(), AppError> {
    if won {
        Ok(())
    } else {
        Err(conflict(&reload()?))
    }
}
