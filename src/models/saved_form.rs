//! Forms kept across a sign-in: posted with the id of a session of this site that had expired,
//! handed back once its person has signed in again, then forgotten. Nothing else is kept: not a
//! post with no session (anyone can send those), not one with a signed-out session. A form is
//! kept a day at most, goes with its session's tombstone, and the caps below bound what one
//! session and everyone together can store.

use crate::db::DbConn;
use crate::db::schema::{saved_forms, sessions};
use diesel::prelude::*;

/// How long a kept form waits for its owner to sign in again.
const KEEP_HOURS: i64 = 24;
/// The largest body kept (a form's, not a file upload's; larger posts are not kept).
pub const MAX_BYTES: usize = 256 * 1024;
/// Forms kept per expired session; the oldest make way.
pub const PER_SESSION: i64 = 5;
/// Bytes kept for everyone together; past it nothing more is kept until old ones are purged.
pub const GLOBAL_BYTES: i64 = 32 * 1024 * 1024;

/// A kept form: where it was going and what it carried (URL-encoded, as posted).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = saved_forms)]
pub struct SavedForm {
    /// Id.
    pub id: i32,
    /// The expired session it was posted with.
    pub session_id: i32,
    /// SHA-256 of the token in the session cookie.
    pub token_hash: String,
    /// The form's action.
    pub path: String,
    /// The posted body.
    pub body: String,
    /// Its size.
    pub bytes: i32,
    /// When it was kept.
    pub created_at: chrono::NaiveDateTime,
}

/// Why a form was not kept.
#[derive(Debug, PartialEq, Eq)]
pub enum NotKept {
    /// Over `MAX_BYTES`.
    TooLarge,
    /// The global budget is spent.
    Full,
}

impl SavedForm {
    /// Keeps a form of an expired session under a token's hash, within the caps; purges what has
    /// waited too long first. One transaction, so racing posts cannot pass a cap together.
    pub fn keep(
        conn: &mut DbConn,
        session_id: i32,
        token_hash: &str,
        path: &str,
        body: &str,
    ) -> QueryResult<Result<(), NotKept>> {
        if body.len() > MAX_BYTES {
            return Ok(Err(NotKept::TooLarge));
        }
        conn.write_transaction(|c| {
            SavedForm::purge(c)?;
            SavedForm::make_room(c, session_id)?;
            let used: Option<i64> = saved_forms::table
                .select(diesel::dsl::sum(saved_forms::bytes))
                .first(c)?;
            if used.unwrap_or(0) + body.len() as i64 > GLOBAL_BYTES {
                return Ok(Err(NotKept::Full));
            }
            diesel::insert_into(saved_forms::table)
                .values((
                    saved_forms::session_id.eq(session_id),
                    saved_forms::token_hash.eq(token_hash),
                    saved_forms::path.eq(path),
                    saved_forms::body.eq(body),
                    saved_forms::bytes.eq(body.len() as i32),
                    saved_forms::created_at.eq(super::now()),
                ))
                .execute(c)?;
            Ok(Ok(()))
        })
    }

    /// Drops the session's oldest forms so that one more fits under `PER_SESSION`.
    fn make_room(conn: &mut DbConn, session_id: i32) -> QueryResult<()> {
        let ids: Vec<i32> = saved_forms::table
            .filter(saved_forms::session_id.eq(session_id))
            .order(saved_forms::id.desc())
            .offset(PER_SESSION - 1)
            .limit(1000)
            .select(saved_forms::id)
            .load(conn)?;
        diesel::delete(saved_forms::table.filter(saved_forms::id.eq_any(ids)))
            .execute(conn)
            .map(|_| ())
    }

    /// Deletes forms older than a day.
    pub fn purge(conn: &mut DbConn) -> QueryResult<usize> {
        let before = super::now() - chrono::TimeDelta::hours(KEEP_HOURS);
        diesel::delete(saved_forms::table.filter(saved_forms::created_at.lt(before))).execute(conn)
    }

    /// Takes the form kept under a token's hash for `person_id` (its session was theirs): it is
    /// handed back once, then gone.
    pub fn take(
        conn: &mut DbConn,
        token_hash: &str,
        person_id: i32,
    ) -> QueryResult<Option<SavedForm>> {
        let found = saved_forms::table
            .inner_join(sessions::table)
            .filter(saved_forms::token_hash.eq(token_hash))
            .filter(sessions::person_id.eq(person_id))
            .filter(saved_forms::created_at.ge(super::now() - chrono::TimeDelta::hours(KEEP_HOURS)))
            .select(SavedForm::as_select())
            .first(conn)
            .optional()?;
        diesel::delete(saved_forms::table.filter(saved_forms::token_hash.eq(token_hash)))
            .execute(conn)?;
        Ok(found)
    }
}
