//! Coaching comments on a cycle: feedback from the team and the facilitation team, kept in the
//! order written, each with its author's name.

use crate::db::DbConn;
use crate::db::schema::{comments, people};
use crate::domain::validate;
use crate::error::AppError;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

/// Longest comment.
const BODY_MAX: usize = 5000;

/// A comment with its author, as lists show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommentRow {
    /// Id.
    pub id: i32,
    /// The cycle.
    pub cycle_id: i32,
    /// Who wrote it.
    pub author_id: i32,
    /// Their name.
    pub author_name: String,
    /// What they wrote.
    pub body: String,
    /// When, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub created_at: DateTime<Utc>,
}

type Row = (i32, i32, i32, String, String, NaiveDateTime);

impl CommentRow {
    fn new((id, cycle_id, author_id, author_name, body, at): Row) -> CommentRow {
        CommentRow {
            id,
            cycle_id,
            author_id,
            author_name,
            body,
            created_at: at.and_utc(),
        }
    }

    /// A page of a cycle's comments, oldest first (one query).
    pub fn page_of_cycle(
        conn: &mut DbConn,
        cycle_id: i32,
        after: Option<i32>,
        limit: i64,
    ) -> QueryResult<Vec<CommentRow>> {
        let rows: Vec<Row> = comments::table
            .inner_join(people::table)
            .filter(comments::cycle_id.eq(cycle_id))
            .filter(comments::id.gt(after.unwrap_or(i32::MIN)))
            .order(comments::id)
            .limit(limit)
            .select((
                comments::id,
                comments::cycle_id,
                comments::author_person_id,
                people::name,
                comments::body,
                comments::created_at,
            ))
            .load(conn)?;
        Ok(rows.into_iter().map(CommentRow::new).collect())
    }

    /// Adds a comment by `author_id` (field "body": not blank, at most 5,000 characters).
    pub fn add(
        conn: &mut DbConn,
        cycle_id: i32,
        author_id: i32,
        body: &str,
    ) -> Result<CommentRow, AppError> {
        let body = validate::required("body", body, BODY_MAX)?;
        let id: i32 = crate::per_backend!(conn, |c| diesel::insert_into(comments::table)
            .values((
                comments::cycle_id.eq(cycle_id),
                comments::author_person_id.eq(author_id),
                comments::body.eq(&body),
                comments::created_at.eq(crate::models::now()),
            ))
            .returning(comments::id)
            .get_result(c))?;
        let mut page = CommentRow::page_of_cycle(conn, cycle_id, Some(id - 1), 1)?;
        page.pop().ok_or(AppError::NotFound("comment"))
    }
}
