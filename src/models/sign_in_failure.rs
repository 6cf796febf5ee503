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
