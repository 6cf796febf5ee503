//! How workers take due rows and give them back: a claim marks rows `sending` for one worker
//! until a lease lapses, so two workers (threads or `pdsa remind` processes) never send the same
//! row, and a crashed worker's rows return to `pending` once its lease is over.
//!
//! Outcomes are written in batches (one UPDATE per outcome and value, `id IN (…)`), each guarded
//! by `claimed_by = me AND status = 'sending'`: a worker whose lease lapsed and whose rows were
//! taken over cannot overwrite the new owner's result. The price of batching: a crash between
//! sending and writing the batch's outcomes resends those rows once, with the same Message-ID.

use super::OutboxRow;
use crate::db::DbConn;
use crate::db::schema::outbox;
use crate::domain::reminder::OutboxStatus;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};
use std::collections::BTreeMap;

/// Ids per `IN (…)` list, well under SQLite's bound-parameter limit.
const CHUNK: usize = 1_000;

/// The claim, for SQLite: the single writer makes the UPDATE atomic; the outer status check is
/// what keeps a row another worker took in between out of this claim.
const CLAIM_SQLITE: &str = "UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_until = ? \
     WHERE status = 'pending' AND id IN (SELECT id FROM outbox \
     WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT ?)";

/// The claim, for PostgreSQL: SKIP LOCKED lets concurrent workers take different rows instead
/// of queueing behind each other; the outer status check covers READ COMMITTED re-reads. The
/// pick is a MATERIALIZED CTE, run once: as an `IN (…)` subquery the planner may rescan it, and
/// each rescan skips the rows just locked and picks others, claiming more than `limit`.
const CLAIM_POSTGRES: &str = "WITH picked AS MATERIALIZED (SELECT id FROM outbox \
     WHERE status = 'pending' AND due_at <= $3 ORDER BY due_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) \
     UPDATE outbox SET status = 'sending', claimed_by = $1, claimed_until = $2 \
     FROM picked WHERE outbox.id = picked.id AND outbox.status = 'pending'";

/// Takes up to `limit` due rows for `worker` until `now + lease` and returns every row this
/// worker holds (due first). Rows of crashed workers (lease lapsed) are put back first.
pub fn claim(
    conn: &mut DbConn,
    worker: &str,
    now: NaiveDateTime,
    lease: TimeDelta,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    release_lapsed(conn, now)?;
    let until = now + lease;
    match conn {
        DbConn::Sqlite(c) => diesel::sql_query(CLAIM_SQLITE)
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(until)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .execute(c)?,
        DbConn::Postgres(c) => diesel::sql_query(CLAIM_POSTGRES)
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(until)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .execute(c)?,
    };
    held(conn, worker)
}

/// Puts rows whose claim lapsed before `now` back to `pending`; returns how many. A crashed
/// worker's rows are sent again by the next one (the "at most one resend" case).
pub fn release_lapsed(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        outbox::table
            .filter(outbox::status.eq(OutboxStatus::Sending.as_str()))
            .filter(outbox::claimed_until.lt(now)),
    )
    .set((
        outbox::status.eq(OutboxStatus::Pending.as_str()),
        outbox::claimed_by.eq(None::<String>),
        outbox::claimed_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
}

/// The rows `worker` holds, due first.
pub fn held(conn: &mut DbConn, worker: &str) -> QueryResult<Vec<OutboxRow>> {
    outbox::table
        .filter(outbox::claimed_by.eq(worker))
        .filter(outbox::status.eq(OutboxStatus::Sending.as_str()))
        .order((outbox::due_at, outbox::id))
        .select(OutboxRow::as_select())
        .load(conn)
}

/// Keeps `worker`'s claim alive until `until` (a batch that takes longer than expected, such as
/// a slow server answering at the timeout).
pub fn renew(conn: &mut DbConn, worker: &str, until: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(mine(worker))
        .set(outbox::claimed_until.eq(until))
        .execute(conn)
}

/// What became of a batch of claimed rows, written by [`finish`] in a few statements.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcomes {
    /// Handed to the transport.
    pub sent: Vec<i32>,
    /// Temporarily refused: (row, when to try again, reason).
    pub retry: Vec<(i32, NaiveDateTime, String)>,
    /// Refused for good: (row, reason).
    pub failed: Vec<(i32, String)>,
    /// No longer worth sending: (row, reason).
    pub expired: Vec<(i32, String)>,
    /// The person turned reminders off.
    pub skipped: Vec<i32>,
    /// Never handed to the transport (the server looked down first): back to `pending` as
    /// they were, due when they were, no attempt counted.
    pub untried: Vec<i32>,
}

impl Outcomes {
    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.sent.is_empty()
            && self.retry.is_empty()
            && self.failed.is_empty()
            && self.expired.is_empty()
            && self.skipped.is_empty()
            && self.untried.is_empty()
    }
}

/// Writes a batch's outcomes in one transaction: one UPDATE per outcome and distinct value.
pub fn finish(
    conn: &mut DbConn,
    worker: &str,
    now: NaiveDateTime,
    out: &Outcomes,
) -> QueryResult<()> {
    conn.write_transaction(|conn| {
        sent(conn, worker, &out.sent, now)?;
        for ((due, reason), ids) in group(&out.retry, |(id, due, r)| (*id, (*due, r.as_str()))) {
            retry(conn, worker, &ids, due, reason)?;
        }
        for (reason, ids) in group(&out.failed, |(id, r)| (*id, r.as_str())) {
            failed(conn, worker, &ids, reason)?;
        }
        for (reason, ids) in group(&out.expired, |(id, r)| (*id, r.as_str())) {
            expired(conn, worker, &ids, reason)?;
        }
        skipped(conn, worker, &out.skipped)?;
        give_back(conn, worker, &out.untried)
    })
}

/// Ids grouped by a shared value, so rows with the same outcome share one UPDATE.
fn group<'a, T, K: Ord>(items: &'a [T], key: impl Fn(&'a T) -> (i32, K)) -> BTreeMap<K, Vec<i32>> {
    let mut groups: BTreeMap<K, Vec<i32>> = BTreeMap::new();
    for item in items {
        let (id, k) = key(item);
        groups.entry(k).or_default().push(id);
    }
    groups
}

/// `outbox WHERE claimed_by = ?`.
type ByWorker<'a> =
    diesel::dsl::Filter<outbox::table, diesel::dsl::Eq<outbox::claimed_by, &'a str>>;

/// `… AND status = 'sending'`.
type Mine<'a> = diesel::dsl::Filter<ByWorker<'a>, diesel::dsl::Eq<outbox::status, &'static str>>;

/// The rows `worker` holds, as an UPDATE target.
fn mine(worker: &str) -> Mine<'_> {
    outbox::table
        .filter(outbox::claimed_by.eq(worker))
        .filter(outbox::status.eq(OutboxStatus::Sending.as_str()))
}

/// Marks rows sent at `now` and erases their secrets.
pub fn sent(conn: &mut DbConn, worker: &str, ids: &[i32], now: NaiveDateTime) -> QueryResult<()> {
    for chunk in ids.chunks(CHUNK) {
        diesel::update(mine(worker).filter(outbox::id.eq_any(chunk)))
            .set((
                outbox::status.eq(OutboxStatus::Sent.as_str()),
                outbox::sent_at.eq(Some(now)),
                outbox::secret.eq(None::<String>),
                outbox::claimed_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Puts rows back to `pending` until `due_at`, counting the failed attempt and its reason.
pub fn retry(
    conn: &mut DbConn,
    worker: &str,
    ids: &[i32],
    due_at: NaiveDateTime,
    reason: &str,
) -> QueryResult<()> {
    for chunk in ids.chunks(CHUNK) {
        diesel::update(mine(worker).filter(outbox::id.eq_any(chunk)))
            .set((
                outbox::status.eq(OutboxStatus::Pending.as_str()),
                outbox::due_at.eq(due_at),
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::last_error.eq(reason),
                outbox::claimed_by.eq(None::<String>),
                outbox::claimed_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Puts rows back to `pending` untouched but for the claim: they were never tried, so neither
/// their attempts, their reason nor their due time change (a due time that stays in the past
/// is what shows directors the mail server is refusing).
pub fn give_back(conn: &mut DbConn, worker: &str, ids: &[i32]) -> QueryResult<()> {
    for chunk in ids.chunks(CHUNK) {
        diesel::update(mine(worker).filter(outbox::id.eq_any(chunk)))
            .set((
                outbox::status.eq(OutboxStatus::Pending.as_str()),
                outbox::claimed_by.eq(None::<String>),
                outbox::claimed_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Ends rows as `status` with a reason, erasing their secrets.
fn close(
    conn: &mut DbConn,
    worker: &str,
    ids: &[i32],
    status: OutboxStatus,
    reason: &str,
) -> QueryResult<()> {
    for chunk in ids.chunks(CHUNK) {
        diesel::update(mine(worker).filter(outbox::id.eq_any(chunk)))
            .set((
                outbox::status.eq(status.as_str()),
                outbox::last_error.eq(reason),
                outbox::secret.eq(None::<String>),
                outbox::claimed_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Marks rows failed for good, with the reason (an SMTP 5xx, a bad address, a missing link).
pub fn failed(conn: &mut DbConn, worker: &str, ids: &[i32], reason: &str) -> QueryResult<()> {
    close(conn, worker, ids, OutboxStatus::Failed, reason)
}

/// Marks rows expired: the event began, or account mail kept failing for a day.
pub fn expired(conn: &mut DbConn, worker: &str, ids: &[i32], reason: &str) -> QueryResult<()> {
    close(conn, worker, ids, OutboxStatus::Expired, reason)
}

/// Marks reminder rows skipped: the person turned reminders off.
pub fn skipped(conn: &mut DbConn, worker: &str, ids: &[i32]) -> QueryResult<()> {
    close(
        conn,
        worker,
        ids,
        OutboxStatus::Skipped,
        "reminders are turned off",
    )
}
