//! Coaching comments on a cycle: feedback from the team and the facilitation team, kept in the
//! order written, each with its author's name (which other teams do not see: see
//! [`CommentRow::de_identified`]).

use crate::db::DbConn;
use crate::db::schema::{comments, people};
use crate::domain::roles::GlobalRole;
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
    /// Who wrote it (absent when not shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author_id: Option<i32>,
    /// Their name, or when not shown who they are: "Facilitation team" or "Team member".
    pub author_name: String,
    /// Whether the author is staff (a director or facilitator); says what a de-identified
    /// author is shown as.
    #[serde(skip)]
    pub author_is_staff: bool,
    /// What they wrote.
    pub body: String,
    /// When, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub created_at: DateTime<Utc>,
}

type Row = (i32, i32, i32, String, String, String, NaiveDateTime);

impl CommentRow {
    fn new((id, cycle_id, author_id, author_name, role, body, at): Row) -> CommentRow {
        let role = role.parse().unwrap_or(GlobalRole::Member);
        CommentRow {
            id,
            cycle_id,
            author_id: Some(author_id),
            author_name,
            author_is_staff: role != GlobalRole::Member,
            body,
            created_at: at.and_utc(),
        }
    }

    /// The comment without its author's identity, for those who may not see the team's
    /// people (other teams): who wrote it is only "Facilitation team" or "Team member".
    pub fn de_identified(self) -> CommentRow {
        let name = if self.author_is_staff {
            "Facilitation team"
        } else {
            "Team member"
        };
        CommentRow {
            author_id: None,
            author_name: name.into(),
            ..self
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
                people::role,
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
