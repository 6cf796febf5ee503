//! API: a convening's agenda (timed items that fit the day and do not overlap) and the reading
//! to do before it. Everyone signed in reads them; directors post and remove.

use super::find;
use crate::db::DbConn;
use crate::domain::Violation;
use crate::domain::agenda::AgendaKind;
use crate::domain::validate;
use crate::error::AppError;
use crate::models::convening::{AgendaItem, Reading};
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::shared::{self, Paging};
use crate::web::form::{self, FieldErrors};
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::QueryResult;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/convenings/{id}/agenda` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AgendaBody {
    /// `HH:MM:SS` or `HH:MM`, inside the day.
    pub start_time: String,
    /// Length, ≥ 1, ending by the close.
    pub minutes: i32,
    /// What happens.
    pub title: String,
    /// welcome | new_learning | team_planning | group_discussion | break | lunch | wrap_up | other
    /// (default other).
    pub kind: Option<String>,
}

/// `POST /api/v1/convenings/{id}/readings` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReadingBody {
    /// Title, unique within the convening.
    pub title: String,
    /// An http(s) link, when the reading is online.
    pub url: Option<String>,
    /// A note (a chapter, a handout to bring).
    pub note: Option<String>,
}

/// The agenda in time order.
#[utoipa::path(get, path = "/api/v1/convenings/{id}/agenda", operation_id = "list_agenda", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id"), shared::PageParams),
    responses((status = 200, body = List<AgendaItem>), (status = 401), (status = 404),
              (status = 422, description = "bad limit or cursor")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(_actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let load = AgendaItem::of_convening;
    list_of(&state, id.into_inner(), &req, load, |a| a.id).await
}

/// Adds an agenda item (directors): inside the day, overlapping no other item.
#[utoipa::path(post, path = "/api/v1/convenings/{id}/agenda", operation_id = "add_agenda_item", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id")), request_body = AgendaBody,
    responses((status = 201, body = AgendaItem), (status = 400), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "outside the day, overlapping, empty title, unknown kind")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: AgendaBody = form::json(&body)?;
    let mut errors = FieldErrors::default();
    let start = errors.take(shared::time("start_time", &body.start_time));
    let title = errors.take(validate::name("title", &body.title, 200));
    let kind = errors.take(
        body.kind
            .as_deref()
            .map_or(Ok(AgendaKind::Other), |k| form::choice("kind", k)),
    );
    form::finish(errors)?;
    let (Some(start), Some(title), Some(kind)) = (start, title, kind) else {
        return Err(AppError::Internal(
            "agenda input checked without errors yet incomplete".into(),
        ));
    };
    let id = id.into_inner();
    let item = state
        .db(move |c| {
            let convening = find(c, id)?;
            AgendaItem::add(c, &convening, start, body.minutes, &title, kind)
        })
        .await?;
    Ok(HttpResponse::Created().json(item))
}

/// Removes an agenda item (directors).
#[utoipa::path(delete, path = "/api/v1/convenings/{id}/agenda/{item_id}", operation_id = "delete_agenda_item", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id"), ("item_id" = i32, Path, description = "agenda item id")),
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn delete(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    delete_of(&state, path.into_inner(), AgendaItem::delete, "agenda item").await
}

/// The reading to do before the convening.
#[utoipa::path(get, path = "/api/v1/convenings/{id}/readings", operation_id = "list_readings", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id"), shared::PageParams),
    responses((status = 200, body = List<Reading>), (status = 401), (status = 404),
              (status = 422, description = "bad limit or cursor")))]
pub async fn readings(
    state: web::Data<AppState>,
    ApiActor(_actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let load = Reading::of_convening;
    list_of(&state, id.into_inner(), &req, load, |r| r.id).await
}

/// Adds a reading (directors): a title, and an http(s) link or a note.
#[utoipa::path(post, path = "/api/v1/convenings/{id}/readings", operation_id = "add_reading", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id")), request_body = ReadingBody,
    responses((status = 201, body = Reading), (status = 400), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "empty or repeated title, a link that is not http(s)")))]
pub async fn add_reading(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: ReadingBody = form::json(&body)?;
    let mut errors = FieldErrors::default();
    let title = errors.take(validate::name("title", &body.title, 300));
    let url = errors.take(link("url", body.url.as_deref()));
    let note = errors.take(shared::opt_text("note", body.note.as_deref(), 2000));
    form::finish(errors)?;
    let (Some(title), Some(url), Some(note)) = (title, url, note) else {
        return Err(AppError::Internal(
            "reading input checked without errors yet incomplete".into(),
        ));
    };
    let id = id.into_inner();
    let reading = state
        .db(move |c| {
            find(c, id)?;
            if Reading::of_convening(c, id)?
                .iter()
                .any(|r| r.title == title)
            {
                return Err(AppError::invalid(
                    "title",
                    "this convening already has a reading with this title",
                ));
            }
            Reading::ensure(c, id, &title, url.as_deref(), note.as_deref())
        })
        .await?;
    Ok(HttpResponse::Created().json(reading))
}

/// Removes a reading (directors).
#[utoipa::path(delete, path = "/api/v1/convenings/{id}/readings/{reading_id}", operation_id = "delete_reading", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id"), ("reading_id" = i32, Path, description = "reading id")),
    responses((status = 204), (status = 401), (status = 403), (status = 404)))]
pub async fn delete_reading(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    delete_of(&state, path.into_inner(), Reading::delete, "reading").await
}

/// A page of one of a convening's lists (agenda, readings), once the convening is found.
async fn list_of<T: Serialize + Send + 'static>(
    state: &AppState,
    id: i32,
    req: &HttpRequest,
    load: fn(&mut DbConn, i32) -> QueryResult<Vec<T>>,
    item_id: fn(&T) -> i32,
) -> Result<HttpResponse, AppError> {
    let page = Paging::from_request(req)?;
    let items = state
        .db(move |c| {
            find(c, id)?;
            Ok(load(c, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page.slice(items, item_id)?))
}

/// Removes one row of a convening's list; 404 naming `what` when the convening has no such row.
async fn delete_of(
    state: &AppState,
    (id, row_id): (i32, i32),
    delete: fn(&mut DbConn, i32, i32) -> QueryResult<bool>,
    what: &'static str,
) -> Result<HttpResponse, AppError> {
    let gone = state
        .db(move |c| {
            find(c, id)?;
            Ok(delete(c, id, row_id)?)
        })
        .await?;
    if gone {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(AppError::NotFound(what))
    }
}

/// An optional web link: blank is none; otherwise https:// or http:// with a host, no spaces.
fn link(field: &str, value: Option<&str>) -> Result<Option<String>, Violation> {
    let url = value.map(str::trim).unwrap_or_default();
    if url.is_empty() {
        return Ok(None);
    }
    let has = |prefix: &str| {
        url.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    let rest = if has("https://") {
        &url[8..]
    } else if has("http://") {
        &url[7..]
    } else {
        return Err(Violation::new(field, "must start with https:// or http://"));
    };
    validate::https_url(field, &format!("https://{rest}")).map(|_| Some(url.to_string()))
}

#[cfg(test)]
mod tests {
    use super::link;

    #[test]
    fn links_may_be_http_or_https() {
        assert_eq!(
            link("url", Some(" http://a.org/x ")).unwrap().as_deref(),
            Some("http://a.org/x")
        );
        assert_eq!(
            link("url", Some("https://a.org")).unwrap().as_deref(),
            Some("https://a.org")
        );
        assert_eq!(link("url", Some("")).unwrap(), None);
        assert_eq!(link("url", None).unwrap(), None);
        for bad in ["ftp://a.org", "a.org", "http://", "https://a b.org"] {
            assert_eq!(link("url", Some(bad)).unwrap_err().field, "url", "{bad}");
        }
    }
}
