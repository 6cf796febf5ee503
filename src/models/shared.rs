//! State that every `pdsa serve` instance on one database shares through it: the session
//! signing key and the data generation. (Failed sign-ins are in `sign_in_failure`.)

use crate::db::DbConn;
use crate::db::schema::{data_generation, secrets};
use diesel::prelude::*;

/// The name of the session signing key among the secrets.
const SESSION_KEY: &str = "session_key";

/// The session signing key kept in the database: made by the first instance that asks (128
/// random hex digits) and read by every other, so a session cookie signed by one instance is
/// good on all of them and survives a restart. `legacy` (the `session.key` file an older
/// release kept beside a SQLite file) becomes the key when there is none yet, so upgrading
/// signs nobody out.
pub fn session_key(conn: &mut DbConn, legacy: Option<String>) -> QueryResult<String> {
    let fresh = legacy.unwrap_or_else(|| {
        let (a, b) = (
            crate::auth::token::random_hex(),
            crate::auth::token::random_hex(),
        );
        format!("{a}{b}")
    });
    let row = (
        secrets::name.eq(SESSION_KEY),
        secrets::value.eq(&fresh),
        secrets::created_at.eq(super::now()),
    );
    // Two instances starting together: the first insert wins, the other's does nothing.
    crate::per_backend!(conn, |c| diesel::insert_into(secrets::table)
        .values(row)
        .on_conflict_do_nothing()
        .execute(c))?;
    secrets::table
        .find(SESSION_KEY)
        .select(secrets::value)
        .first(conn)
}

/// The data generation: how many writes all instances have made through the server (and the
/// command line). A page cache entry built at an older generation is stale.
pub fn generation(conn: &mut DbConn) -> QueryResult<i64> {
    let g = data_generation::table
        .find(1)
        .select(data_generation::generation)
        .first(conn)
        .optional()?;
    Ok(g.unwrap_or(0))
}

/// Counts a write, for every instance to see on its next read (one statement, same text on
/// both engines).
pub fn bump_generation(conn: &mut DbConn) -> QueryResult<()> {
    diesel::sql_query(
        "INSERT INTO data_generation (id, generation) VALUES (1, 1) \
         ON CONFLICT (id) DO UPDATE SET generation = data_generation.generation + 1",
    )
    .execute(conn)
    .map(|_| ())
}
