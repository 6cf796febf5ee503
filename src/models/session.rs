//! Signed-in sessions, kept on the server so that they can end: the cookie carries only a random
//! id, and this table says whose it is, how long it lives and where it was last used. Signing
//! out deletes the row; a row whose time ran out stays as a tombstone for `TOMBSTONE` so that a
//! form posted with its id can still be kept for `/resume`, then it is purged.

use crate::db::DbConn;
use crate::db::schema::sessions;
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

/// A session unused this long has ended (idle expiry).
pub const IDLE: TimeDelta = TimeDelta::hours(12);
/// A session ends this long after sign-in, however much it is used (absolute expiry).
pub const ABSOLUTE: TimeDelta = TimeDelta::days(14);
/// How long an expired session is kept, only to recognise a form posted with it.
pub const TOMBSTONE: TimeDelta = TimeDelta::days(7);
/// "Last used" and idle renewal are written at most this often, so reads stay reads.
pub const TOUCH_EVERY: TimeDelta = TimeDelta::minutes(1);

/// One session as stored (the secret id only as its SHA-256).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = sessions)]
pub struct UserSession {
    /// Id (not the secret).
    pub id: i32,
    /// Whose.
    pub person_id: i32,
    /// SHA-256 of the secret id in the cookie, hex.
    pub token_hash: String,
    /// The global role it was granted; a change of role changes the id.
    pub role: String,
    /// Signed in.
    pub created_at: NaiveDateTime,
    /// Last request (written at most once a minute).
    pub last_seen_at: NaiveDateTime,
    /// Absolute end.
    pub expires_at: NaiveDateTime,
    /// The client address of the last request written.
    pub last_address: String,
    /// The browser's User-Agent at sign-in, shortened, to recognise it by.
    pub user_agent: String,
}

/// Where and in what the session was started.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// Client address.
    pub address: String,
    /// User-Agent, as sent.
    pub user_agent: String,
}

impl UserSession {
    /// When the session ends: idle or absolute, whichever comes first.
    pub fn ends_at(&self) -> NaiveDateTime {
        (self.last_seen_at + IDLE).min(self.expires_at)
    }

    /// Whether it still signs its person in at `now`.
    pub fn live(&self, now: NaiveDateTime) -> bool {
        now < self.ends_at()
    }

    /// Whether the last request is old enough to be written again.
    pub fn touch_due(&self, now: NaiveDateTime) -> bool {
        now - self.last_seen_at >= TOUCH_EVERY
    }

    /// Starts a session for a person under a secret's hash, purging the tombstones that have
    /// waited long enough (every sign-in does, so nothing else needs to).
    pub fn create(
        conn: &mut DbConn,
        person_id: i32,
        role: &str,
        hash: &str,
        origin: &Origin,
        now: NaiveDateTime,
    ) -> QueryResult<UserSession> {
        UserSession::purge(conn, now)?;
        let agent: String = origin.user_agent.chars().take(200).collect();
        diesel::insert_into(sessions::table)
            .values((
                sessions::person_id.eq(person_id),
                sessions::token_hash.eq(hash),
                sessions::role.eq(role),
                sessions::created_at.eq(now),
                sessions::last_seen_at.eq(now),
                sessions::expires_at.eq(now + ABSOLUTE),
                sessions::last_address.eq(&origin.address),
                sessions::user_agent.eq(agent),
            ))
            .execute(conn)?;
        UserSession::find_by_hash(conn, hash)?.ok_or(diesel::result::Error::NotFound)
    }

    /// The session with this secret's hash, live or a tombstone.
    pub fn find_by_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<UserSession>> {
        sessions::table
            .filter(sessions::token_hash.eq(hash))
            .select(UserSession::as_select())
            .first(conn)
            .optional()
    }

    /// Records a request at `now` from `address` (the caller checks `touch_due`).
    pub fn touch(conn: &mut DbConn, id: i32, address: &str, now: NaiveDateTime) -> QueryResult<()> {
        diesel::update(sessions::table.find(id))
            .set((
                sessions::last_seen_at.eq(now),
                sessions::last_address.eq(address),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// Gives the session a new secret (and the role it now carries): the old id stops working.
    pub fn rotate(conn: &mut DbConn, id: i32, hash: &str, role: &str) -> QueryResult<()> {
        diesel::update(sessions::table.find(id))
            .set((sessions::token_hash.eq(hash), sessions::role.eq(role)))
            .execute(conn)
            .map(|_| ())
    }

    /// A person's sessions that still sign them in, newest first.
    pub fn live_of_person(
        conn: &mut DbConn,
        person_id: i32,
        now: NaiveDateTime,
    ) -> QueryResult<Vec<UserSession>> {
        let rows = sessions::table
            .filter(sessions::person_id.eq(person_id))
            .filter(sessions::expires_at.gt(now))
            .filter(sessions::last_seen_at.gt(now - IDLE))
            .order(sessions::id.desc())
            .select(UserSession::as_select())
            .load(conn)?;
        Ok(rows)
    }

    /// Ends one of a person's sessions (signing out deletes: no tombstone); false when none.
    pub fn end(conn: &mut DbConn, person_id: i32, id: i32) -> QueryResult<bool> {
        diesel::delete(
            sessions::table
                .filter(sessions::id.eq(id))
                .filter(sessions::person_id.eq(person_id)),
        )
        .execute(conn)
        .map(|n| n > 0)
    }

    /// Ends the session with this secret's hash (sign-out).
    pub fn end_by_hash(conn: &mut DbConn, hash: &str) -> QueryResult<()> {
        diesel::delete(sessions::table.filter(sessions::token_hash.eq(hash)))
            .execute(conn)
            .map(|_| ())
    }

    /// Ends every session of a person but `keep` (a password change keeps the one that made it);
    /// how many live ones ended.
    pub fn end_all_of_person(
        conn: &mut DbConn,
        person_id: i32,
        keep: Option<i32>,
        now: NaiveDateTime,
    ) -> QueryResult<usize> {
        let live = UserSession::live_of_person(conn, person_id, now)?
            .iter()
            .filter(|s| Some(s.id) != keep)
            .count();
        diesel::delete(
            sessions::table
                .filter(sessions::person_id.eq(person_id))
                .filter(sessions::id.ne(keep.unwrap_or(-1))),
        )
        .execute(conn)?;
        Ok(live)
    }

    /// Deletes the tombstones kept long enough: ended by idleness or by age over `TOMBSTONE` ago.
    pub fn purge(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
        let before = now - TOMBSTONE;
        diesel::delete(
            sessions::table.filter(
                sessions::expires_at
                    .lt(before)
                    .or(sessions::last_seen_at.lt(before - IDLE)),
            ),
        )
        .execute(conn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + h * 3600, 0)
            .unwrap()
            .naive_utc()
    }

    fn session(created: i64, seen: i64) -> UserSession {
        UserSession {
            id: 1,
            person_id: 1,
            token_hash: String::new(),
            role: "member".into(),
            created_at: at(created),
            last_seen_at: at(seen),
            expires_at: at(created) + ABSOLUTE,
            last_address: String::new(),
            user_agent: String::new(),
        }
    }

    #[test]
    fn a_session_ends_after_twelve_idle_hours() {
        let s = session(0, 10);
        assert!(s.live(at(21)));
        assert!(!s.live(at(22)));
    }

    #[test]
    fn a_session_ends_after_fourteen_days_however_used() {
        let s = session(0, 14 * 24 - 1);
        assert!(s.live(at(14 * 24 - 1)));
        assert!(!s.live(at(14 * 24)));
        assert_eq!(s.ends_at(), at(14 * 24));
    }

    #[test]
    fn last_use_is_written_at_most_once_a_minute() {
        let s = session(0, 0);
        assert!(!s.touch_due(at(0) + TimeDelta::seconds(59)));
        assert!(s.touch_due(at(0) + TimeDelta::seconds(60)));
    }
}
