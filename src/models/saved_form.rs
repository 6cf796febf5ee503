//! Forms kept across a sign-in: posted after the session ended, handed back once the person has
//! signed in again, then forgotten. Kept a day at most.

use crate::db::DbConn;
use crate::db::schema::saved_forms;
use diesel::prelude::*;

/// How long a kept form waits for its owner to sign in again.
const KEEP_HOURS: i64 = 24;

/// A kept form: where it was going and what it carried (URL-encoded, as posted).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = saved_forms)]
pub struct SavedForm {
    /// Id.
    pub id: i32,
    /// SHA-256 of the token in the session.
    pub token_hash: String,
    /// The form's action.
    pub path: String,
    /// The posted body.
    pub body: String,
    /// When it was kept.
    pub created_at: chrono::NaiveDateTime,
}

impl SavedForm {
    /// Keeps a form under a token's hash, dropping kept forms that have waited too long.
    pub fn keep(conn: &mut DbConn, token_hash: &str, path: &str, body: &str) -> QueryResult<()> {
        let now = super::now();
        diesel::delete(
            saved_forms::table
                .filter(saved_forms::created_at.lt(now - chrono::TimeDelta::hours(KEEP_HOURS))),
        )
        .execute(conn)?;
        diesel::insert_into(saved_forms::table)
            .values((
                saved_forms::token_hash.eq(token_hash),
                saved_forms::path.eq(path),
                saved_forms::body.eq(body),
                saved_forms::created_at.eq(now),
            ))
            .execute(conn)
            .map(|_| ())
    }

    /// Takes the form kept under a token's hash: it is handed back once, then gone.
    pub fn take(conn: &mut DbConn, token_hash: &str) -> QueryResult<Option<SavedForm>> {
        let found = saved_forms::table
            .filter(saved_forms::token_hash.eq(token_hash))
            .filter(saved_forms::created_at.ge(super::now() - chrono::TimeDelta::hours(KEEP_HOURS)))
            .select(SavedForm::as_select())
            .first(conn)
            .optional()?;
        diesel::delete(saved_forms::table.filter(saved_forms::token_hash.eq(token_hash)))
            .execute(conn)?;
        Ok(found)
    }
}
