//! The director's edits to a convening's agenda and readings.

use super::{back, find, with_errors};
use crate::db::DbConn;
use crate::domain::Violation;
use crate::domain::agenda::AgendaKind;
use crate::domain::validate;
use crate::error::AppError;
use crate::models::convening::{AgendaItem, Reading};
use crate::web::AppState;
use crate::web::actor::PageActor;
use crate::web::form::{self, FieldErrors};
use actix_session::Session;
use actix_web::{HttpResponse, web};
use diesel::QueryResult;
use std::collections::HashMap;

type Typed = web::Form<HashMap<String, String>>;

fn get<'a>(t: &'a HashMap<String, String>, k: &str) -> &'a str {
    t.get(k).map(String::as_str).unwrap_or("")
}

/// POST /convenings/{id}/agenda: adds a timed item that fits the day and overlaps nothing.
pub async fn add_item(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
    typed: Typed,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, t) = (id.into_inner(), typed.into_inner());
    let mut errors = FieldErrors::default();
    let start = errors.take(form::time("start_time", get(&t, "start_time")));
    let minutes = errors.take(form::int("minutes", get(&t, "minutes")));
    let title = errors.take(validate::name("title", get(&t, "title"), 200));
    let kind = errors.take(form::choice::<AgendaKind>("kind", get(&t, "kind")));
    if let (true, Some(start), Some(minutes), Some(title), Some(kind)) =
        (errors.is_empty(), start, minutes, title, kind)
    {
        let saved = state
            .db(move |c| {
                let cv = find(c, id)?;
                AgendaItem::add(c, &cv, start, minutes, &title, kind)
            })
            .await;
        match saved {
            Ok(_) => return Ok(back(&session, id, "Agenda item added.")),
            Err(e) => errors = form::refused(e)?,
        }
    }
    with_errors(&state, &session, &actor, id, t, errors).await
}

/// POST /convenings/{id}/agenda/{item_id}/delete.
pub async fn delete_item(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, item) = path.into_inner();
    remove(&state, id, item, AgendaItem::delete, "agenda item").await?;
    Ok(back(&session, id, "Agenda item removed."))
}

/// POST /convenings/{id}/readings: a reading with a link or a note.
pub async fn add_reading(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
    typed: Typed,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, t) = (id.into_inner(), typed.into_inner());
    let mut errors = FieldErrors::default();
    let title = errors.take(validate::name(
        "reading_title",
        get(&t, "reading_title"),
        300,
    ));
    let url = match get(&t, "url").trim() {
        "" => None,
        u if u.starts_with("http://") || u.starts_with("https://") => Some(u.to_string()),
        _ => {
            errors.add(Violation::new(
                "url",
                "must be a web link starting with https://",
            ));
            None
        }
    };
    let note = Some(get(&t, "note").trim().to_string()).filter(|n| !n.is_empty());
    if let (true, Some(title)) = (errors.is_empty(), title) {
        state
            .db(move |c| {
                find(c, id)?;
                Reading::ensure(c, id, &title, url.as_deref(), note.as_deref())
            })
            .await?;
        return Ok(back(&session, id, "Reading added."));
    }
    with_errors(&state, &session, &actor, id, t, errors).await
}

/// POST /convenings/{id}/readings/{reading_id}/delete.
pub async fn delete_reading(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, reading) = path.into_inner();
    remove(&state, id, reading, Reading::delete, "reading").await?;
    Ok(back(&session, id, "Reading removed."))
}

/// Deletes a row of the convening's agenda or readings; 404 naming `what` when it has no such row.
async fn remove(
    state: &AppState,
    id: i32,
    row: i32,
    delete: fn(&mut DbConn, i32, i32) -> QueryResult<bool>,
    what: &'static str,
) -> Result<(), AppError> {
    let gone = state.db(move |c| Ok(delete(c, id, row)?)).await?;
    if gone {
        Ok(())
    } else {
        Err(AppError::NotFound(what))
    }
}
