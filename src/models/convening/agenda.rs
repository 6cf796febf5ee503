//! A convening's agenda (timed items that fit the day and do not overlap) and its readings.

use super::Convening;
use crate::db::DbConn;
use crate::db::schema::{agenda_items, readings};
use crate::domain::agenda::{self, AgendaSlot};
use crate::error::AppError;
use chrono::NaiveTime;
use diesel::prelude::*;
use serde::Serialize;

/// A timed agenda item.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = agenda_items)]
pub struct AgendaItem {
    /// Id.
    pub id: i32,
    /// Convening.
    pub convening_id: i32,
    /// Start, local wall-clock on the convening day.
    #[schema(value_type = String, example = "09:00:00")]
    pub start_time: NaiveTime,
    /// Length.
    pub minutes: i32,
    /// Title.
    pub title: String,
    /// welcome | new_learning | team_planning | group_discussion | break | lunch | wrap_up | other.
    pub kind: String,
}

/// Reading to do before a convening.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = readings)]
pub struct Reading {
    /// Id.
    pub id: i32,
    /// Convening.
    pub convening_id: i32,
    /// Title.
    pub title: String,
    /// Link, when online.
    pub url: Option<String>,
    /// A note (a chapter, a handout to bring).
    pub note: Option<String>,
}

impl AgendaItem {
    /// A convening's agenda in time order.
    pub fn of_convening(conn: &mut DbConn, convening_id: i32) -> QueryResult<Vec<AgendaItem>> {
        agenda_items::table
            .filter(agenda_items::convening_id.eq(convening_id))
            .order(agenda_items::start_time)
            .select(AgendaItem::as_select())
            .load(conn)
    }

    /// Adds an item that fits inside the day and overlaps no other.
    pub fn add(
        conn: &mut DbConn,
        c: &Convening,
        start: NaiveTime,
        minutes: i32,
        title: &str,
        kind: agenda::AgendaKind,
    ) -> Result<AgendaItem, AppError> {
        conn.write_transaction(|conn| {
            let others: Vec<AgendaSlot> = AgendaItem::of_convening(conn, c.id)?
                .iter()
                .map(|a| AgendaSlot {
                    id: Some(a.id),
                    start: a.start_time,
                    minutes: a.minutes,
                })
                .collect();
            agenda::check_agenda_item(
                &c.times(),
                &AgendaSlot {
                    id: None,
                    start,
                    minutes,
                },
                &others,
            )?;
            diesel::insert_into(agenda_items::table)
                .values((
                    agenda_items::convening_id.eq(c.id),
                    agenda_items::start_time.eq(start),
                    agenda_items::minutes.eq(minutes),
                    agenda_items::title.eq(title),
                    agenda_items::kind.eq(kind.as_str()),
                ))
                .execute(conn)?;
            Ok(agenda_items::table
                .filter(agenda_items::convening_id.eq(c.id))
                .filter(agenda_items::start_time.eq(start))
                .select(AgendaItem::as_select())
                .first(conn)?)
        })
    }

    /// Removes an item of the convening; false when there was none.
    pub fn delete(conn: &mut DbConn, convening_id: i32, id: i32) -> QueryResult<bool> {
        diesel::delete(
            agenda_items::table
                .filter(agenda_items::id.eq(id))
                .filter(agenda_items::convening_id.eq(convening_id)),
        )
        .execute(conn)
        .map(|n| n > 0)
    }
}

impl Reading {
    /// A convening's readings.
    pub fn of_convening(conn: &mut DbConn, convening_id: i32) -> QueryResult<Vec<Reading>> {
        readings::table
            .filter(readings::convening_id.eq(convening_id))
            .order(readings::id)
            .select(Reading::as_select())
            .load(conn)
    }

    /// Adds a reading (natural key: convening × title, so seeding twice adds nothing).
    pub fn ensure(
        conn: &mut DbConn,
        convening_id: i32,
        title: &str,
        url: Option<&str>,
        note: Option<&str>,
    ) -> Result<Reading, AppError> {
        crate::per_backend!(conn, |c| diesel::insert_into(readings::table)
            .values((
                readings::convening_id.eq(convening_id),
                readings::title.eq(title),
                readings::url.eq(url),
                readings::note.eq(note),
            ))
            .on_conflict((readings::convening_id, readings::title))
            .do_nothing()
            .execute(c))?;
        Ok(readings::table
            .filter(readings::convening_id.eq(convening_id))
            .filter(readings::title.eq(title))
            .select(Reading::as_select())
            .first(conn)?)
    }

    /// Removes a reading of the convening.
    pub fn delete(conn: &mut DbConn, convening_id: i32, id: i32) -> QueryResult<bool> {
        diesel::delete(
            readings::table
                .filter(readings::id.eq(id))
                .filter(readings::convening_id.eq(convening_id)),
        )
        .execute(conn)
        .map(|n| n > 0)
    }
}
