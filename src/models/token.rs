//! API tokens: 256 random bits handed out once, stored only as their SHA-256, because every API
//! call checks one (argon2 would make each call cost tens of milliseconds).

use crate::db::DbConn;
use crate::db::schema::api_tokens;
use diesel::prelude::*;
use serde::Serialize;

/// A token as listed: never the secret itself.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    /// Id.
    pub id: i32,
    /// Owner.
    #[serde(skip)]
    pub person_id: i32,
    /// A name to recognise it by ("laptop", "sync script").
    pub name: String,
    /// SHA-256 of the secret, hex.
    #[serde(skip)]
    pub token_hash: String,
    /// Issued.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub created_at: chrono::NaiveDateTime,
    /// Last seen on a request.
    #[serde(serialize_with = "crate::domain::instant::option")]
    pub last_used_at: Option<chrono::NaiveDateTime>,
    /// The client address it was last used from (written with `last_used_at`).
    pub last_address: Option<String>,
}

impl ApiToken {
    /// Stores a new token's hash and returns its row.
    pub fn create(
        conn: &mut DbConn,
        person_id: i32,
        name: &str,
        hash: &str,
    ) -> QueryResult<ApiToken> {
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::person_id.eq(person_id),
                api_tokens::name.eq(name),
                api_tokens::token_hash.eq(hash),
                api_tokens::created_at.eq(super::now()),
            ))
            .execute(conn)?;
        api_tokens::table
            .filter(api_tokens::token_hash.eq(hash))
            .select(ApiToken::as_select())
            .first(conn)
    }

    /// The owner of the token with this hash, if it exists. Its last use (and the address it came
    /// from) is written at most once a minute, so that API reads do not each turn into a write.
    pub fn person_for_hash(
        conn: &mut DbConn,
        hash: &str,
        address: &str,
    ) -> QueryResult<Option<i32>> {
        let found = api_tokens::table
            .filter(api_tokens::token_hash.eq(hash))
            .select((
                api_tokens::id,
                api_tokens::person_id,
                api_tokens::last_used_at,
            ))
            .first::<(i32, i32, Option<chrono::NaiveDateTime>)>(conn)
            .optional()?;
        let Some((id, person, last)) = found else {
            return Ok(None);
        };
        let now = super::now();
        if last.is_none_or(|t| now - t > chrono::TimeDelta::minutes(1)) {
            diesel::update(api_tokens::table.find(id))
                .set((
                    api_tokens::last_used_at.eq(now),
                    api_tokens::last_address.eq(address),
                ))
                .execute(conn)?;
        }
        Ok(Some(person))
    }

    /// A person's tokens, newest first.
    pub fn of_person(conn: &mut DbConn, person_id: i32) -> QueryResult<Vec<ApiToken>> {
        api_tokens::table
            .filter(api_tokens::person_id.eq(person_id))
            .order(api_tokens::id.desc())
            .select(ApiToken::as_select())
            .load(conn)
    }

    /// Revokes one of a person's tokens; false when there was none.
    pub fn delete(conn: &mut DbConn, person_id: i32, id: i32) -> QueryResult<bool> {
        diesel::delete(
            api_tokens::table
                .filter(api_tokens::id.eq(id))
                .filter(api_tokens::person_id.eq(person_id)),
        )
        .execute(conn)
        .map(|n| n > 0)
    }

    /// Revokes every token of a person (a password change, sign-out everywhere, deactivation);
    /// how many.
    pub fn revoke_all(conn: &mut DbConn, person_id: i32) -> QueryResult<usize> {
        diesel::delete(api_tokens::table.filter(api_tokens::person_id.eq(person_id))).execute(conn)
    }
}
