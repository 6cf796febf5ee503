//! The one way to run a transaction that writes. SQLite lets a deferred transaction read first
//! and then refuses its upgrade to a writer at once when another connection writes
//! (SQLITE_BUSY, "database is locked"), whatever `busy_timeout` says; a transaction that begins
//! `IMMEDIATE` takes the write lock first and so waits its turn instead. PostgreSQL needs no
//! such care: an ordinary transaction, with row locks taken by the statements themselves.

use super::DbConn;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;

impl DbConn {
    /// Runs `f` in a transaction that may write: `BEGIN IMMEDIATE` on SQLite, `BEGIN` on
    /// PostgreSQL; inside another transaction it is a savepoint, as `transaction` would be.
    /// Commits when `f` returns `Ok`, rolls back when it returns `Err`.
    pub fn write_transaction<T, E, F>(&mut self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        let DbConn::Sqlite(c) = self else {
            return self.transaction(f);
        };
        if !outermost(c)? {
            return self.transaction(f);
        }
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
        let result = f(self);
        let DbConn::Sqlite(c) = self else {
            return result;
        };
        match result {
            Ok(value) => {
                AnsiTransactionManager::commit_transaction(c)?;
                Ok(value)
            }
            Err(e) => {
                AnsiTransactionManager::rollback_transaction(c)?;
                Err(e)
            }
        }
    }
}

/// Whether no transaction is open on `c` (so that a new one must begin, not a savepoint).
fn outermost(c: &mut diesel::sqlite::SqliteConnection) -> QueryResult<bool> {
    let status = AnsiTransactionManager::transaction_manager_status_mut(c);
    Ok(status.transaction_depth()?.is_none())
}
