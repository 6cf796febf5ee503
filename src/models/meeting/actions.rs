//! A meeting's action items: what was agreed, by whom, by when, and whether it is done.

use crate::db::DbConn;
use crate::db::schema::action_items;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

/// An action item agreed at a meeting.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = action_items)]
pub struct ActionItem {
    /// Id.
    pub id: i32,
    /// Meeting.
    pub meeting_id: i32,
    /// What.
    pub description: String,
    /// Who.
    pub owner_person_id: Option<i32>,
    /// By when.
    pub due_date: Option<NaiveDate>,
    /// Done yet.
    pub done: bool,
}

impl ActionItem {
    /// A meeting's action items, open ones first.
    pub fn of_meeting(conn: &mut DbConn, meeting_id: i32) -> QueryResult<Vec<ActionItem>> {
        action_items::table
            .filter(action_items::meeting_id.eq(meeting_id))
            .order((action_items::done, action_items::id))
            .select(ActionItem::as_select())
            .load(conn)
    }

    /// Adds an action item.
    pub fn add(
        conn: &mut DbConn,
        meeting_id: i32,
        description: &str,
        owner: Option<i32>,
        due: Option<NaiveDate>,
    ) -> QueryResult<ActionItem> {
        crate::per_backend!(conn, |c| diesel::insert_into(action_items::table)
            .values((
                action_items::meeting_id.eq(meeting_id),
                action_items::description.eq(description),
                action_items::owner_person_id.eq(owner),
                action_items::due_date.eq(due),
            ))
            .returning(ActionItem::as_returning())
            .get_result(c))
    }

    /// Marks an item done or open again; false when it is not the meeting's.
    pub fn set_done(conn: &mut DbConn, meeting_id: i32, id: i32, done: bool) -> QueryResult<bool> {
        diesel::update(
            action_items::table
                .filter(action_items::id.eq(id))
                .filter(action_items::meeting_id.eq(meeting_id)),
        )
        .set(action_items::done.eq(done))
        .execute(conn)
        .map(|n| n > 0)
    }

    /// The meeting's action item with this description, created when missing (natural key
    /// meeting × description); an existing item keeps its owner, due date and state.
    pub fn ensure(
        conn: &mut DbConn,
        meeting_id: i32,
        description: &str,
        owner: Option<i32>,
        due: Option<NaiveDate>,
        done: bool,
    ) -> QueryResult<ActionItem> {
        let existing = action_items::table
            .filter(action_items::meeting_id.eq(meeting_id))
            .filter(action_items::description.eq(description))
            .select(ActionItem::as_select())
            .first(conn)
            .optional()?;
        if let Some(item) = existing {
            return Ok(item);
        }
        let item = ActionItem::add(conn, meeting_id, description, owner, due)?;
        if done {
            ActionItem::set_done(conn, meeting_id, item.id, true)?;
        }
        Ok(ActionItem { done, ..item })
    }
}
