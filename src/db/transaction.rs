//! The one way to run a transaction that writes. SQLite lets a deferred transaction read first
//! and then refuses its upgrade to a writer at once when another connection writes
//! (SQLITE_BUSY, "database is locked"), whatever `busy_timeout` says; a transaction that begins
//! `IMMEDIATE` takes the write lock first and so waits its turn instead. PostgreSQL needs no
//! such care: an ordinary transaction, with row locks taken by the statements themselves.
//!
//! Inside one process, SQLite writers also queue at a [`Gate`] before `BEGIN IMMEDIATE`: a
//! writer that SQLite itself makes wait sleeps in its busy handler for 1, 2, 5, 10… ms between
//! tries and so often long after the lock is free (p99 of creates with 8 clients: 62 ms),
//! while one waiting at the gate is woken the moment the writer before it is done. Writers of
//! other processes on the same file still meet SQLite's busy timeout.

use super::DbConn;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long a writer waits at the gate before going on to SQLite's own lock (which then waits
/// its busy timeout): a writer that never leaves cannot stop every other one for ever.
const GATE_WAIT: Duration = Duration::from_secs(5);

/// One SQLite writer at a time in this process (all SQLite files alike: a server has one).
static GATE: Gate = Gate {
    busy: Mutex::new(false),
    freed: Condvar::new(),
};

/// A queue of writers: a flag and the condition variable that wakes the next one.
struct Gate {
    busy: Mutex<bool>,
    freed: Condvar,
}

/// Being through the gate (or having given up waiting at it); leaving opens it again.
struct Pass {
    held: bool,
}

impl Gate {
    /// Waits until no other writer of this process is inside, at most [`GATE_WAIT`].
    fn enter(&'static self) -> Pass {
        let deadline = Instant::now() + GATE_WAIT;
        let mut busy = self.busy.lock().unwrap_or_else(PoisonError::into_inner);
        while *busy {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Pass { held: false };
            }
            busy = self
                .freed
                .wait_timeout(busy, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *busy = true;
        Pass { held: true }
    }
}

impl Drop for Pass {
    fn drop(&mut self) {
        if self.held {
            *GATE.busy.lock().unwrap_or_else(PoisonError::into_inner) = false;
            GATE.freed.notify_one();
        }
    }
}

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
        let _pass = GATE.enter();
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

#[cfg(test)]
mod tests {
    use super::GATE;
    use std::sync::mpsc;
    use std::thread;
    use std::time::Duration;

    #[test]
    fn a_waiting_writer_goes_in_as_soon_as_the_one_inside_leaves() {
        let first = GATE.enter();
        assert!(first.held);
        let (tx, rx) = mpsc::channel();
        let waiter = thread::spawn(move || {
            let pass = GATE.enter();
            tx.send(pass.held).unwrap();
        });
        assert!(
            rx.recv_timeout(Duration::from_millis(150)).is_err(),
            "a second writer went in while the first was inside"
        );
        drop(first);
        assert_eq!(rx.recv_timeout(Duration::from_secs(3)), Ok(true));
        waiter.join().unwrap();
    }
}
