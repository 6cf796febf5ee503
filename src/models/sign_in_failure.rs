//! Failed sign-ins, kept in the database so that the throttle counts them across every
//! instance on it and over a restart: guessing at speed through several instances is still
//! guessing at speed.

use crate::db::DbConn;
use crate::db::schema::sign_in_failures;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

/// The failures of `key` since `since`, oldest first.
pub fn since(
    conn: &mut DbConn,
    key: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<NaiveDateTime>> {
    sign_in_failures::table
        .filter(sign_in_failures::throttle_key.eq(key))
        .filter(sign_in_failures::failed_at.gt(since))
        .order(sign_in_failures::failed_at)
        .select(sign_in_failures::failed_at)
        .load(conn)
}

/// Records a failure of `key` at `now`, and forgets that key's failures older than `keep`.
pub fn record(
    conn: &mut DbConn,
    key: &str,
    now: NaiveDateTime,
    keep: TimeDelta,
) -> QueryResult<()> {
    diesel::delete(
        sign_in_failures::table
            .filter(sign_in_failures::throttle_key.eq(key))
            .filter(sign_in_failures::failed_at.le(now - keep)),
    )
    .execute(conn)?;
    diesel::insert_into(sign_in_failures::table)
        .values((
            sign_in_failures::throttle_key.eq(key),
            sign_in_failures::failed_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Forgets every failure of `key` (after a successful sign-in).
pub fn clear(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(sign_in_failures::table.filter(sign_in_failures::throttle_key.eq(key)))
        .execute(conn)
        .map(|_| ())
}

/// The failures of each of `keys` since `since`, as `(key, when)`: one query for the several
/// counts a sign-in checks.
pub fn since_any(
    conn: &mut DbConn,
    keys: &[String],
    since: NaiveDateTime,
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    sign_in_failures::table
        .filter(sign_in_failures::throttle_key.eq_any(keys))
        .filter(sign_in_failures::failed_at.gt(since))
        .select((sign_in_failures::throttle_key, sign_in_failures::failed_at))
        .load(conn)
}

/// Records one failure under each of `keys` at `now`, in one transaction, and forgets every
/// failure older than `keep` (of any key: this is the table's purge).
pub fn record_all(
    conn: &mut DbConn,
    keys: &[String],
    now: NaiveDateTime,
    keep: TimeDelta,
) -> QueryResult<()> {
    conn.write_transaction(|c| {
        diesel::delete(sign_in_failures::table.filter(sign_in_failures::failed_at.le(now - keep)))
            .execute(c)?;
        for key in keys {
            diesel::insert_into(sign_in_failures::table)
                .values((
                    sign_in_failures::throttle_key.eq(key),
                    sign_in_failures::failed_at.eq(now),
                ))
                .execute(c)?;
        }
        Ok(())
    })
}

/// Forgets every failure of each of `keys`.
pub fn clear_all(conn: &mut DbConn, keys: &[String]) -> QueryResult<()> {
    diesel::delete(sign_in_failures::table.filter(sign_in_failures::throttle_key.eq_any(keys)))
        .execute(conn)
        .map(|_| ())
}
