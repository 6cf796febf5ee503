//! API: a meeting's action items — what was agreed, by whom, by when. Whoever may see the
//! meeting reads them; the facilitation team records them and ticks them off.

use super::visible;
use crate::domain::validate;
use crate::error::AppError;
use crate::models::meeting::{ActionItem, Meeting};
use crate::models::person::Person;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::shared::{self, Paging, not_found, unknown};
use crate::web::form::{self, FieldErrors};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

/// `POST /api/v1/meetings/{id}/action-items` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewActionItemBody {
    /// What is to be done.
    pub description: String,
    /// Who does it.
    #[serde(default)]
    pub owner_person_id: Option<i32>,
    /// By when, `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(example = "2026-12-01")]
    pub due_date: Option<String>,
}

/// `PUT /api/v1/meetings/{id}/action-items/{item_id}` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ActionItemDoneBody {
    /// Done, or open again.
    pub done: bool,
}

/// A meeting's action items, open ones first.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/action-items", operation_id = "list_action_items", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "meeting id"), shared::PageParams),
    responses((status = 200, body = List<ActionItem>), (status = 401),
              (status = 403, description = "another district's meeting"), (status = 404),
              (status = 422, description = "bad limit or after")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, paging) = (id.into_inner(), Paging::from_request(&req)?);
    let items = state
        .db(move |c| {
            let meeting = visible(c, &actor, id)?;
            Ok(ActionItem::of_meeting(c, meeting.id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.slice(items, |i| i.id)?))
}

/// Records an action item (the facilitation team).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/action-items", operation_id = "add_action_item", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "meeting id")), request_body = NewActionItemBody,
    responses((status = 201, body = ActionItem), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not staff"), (status = 404),
              (status = 422, description = "blank description, bad due date, unknown owner")))]
pub async fn add(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let body: NewActionItemBody = form::json(&body)?;
    let mut errors = FieldErrors::default();
    let description = errors.take(validate::required("description", &body.description, 500));
    let due = errors.take(form::opt_date(
        "due_date",
        body.due_date.as_deref().unwrap_or(""),
    ));
    let (Some(description), Some(due)) = (description, due) else {
        return Err(AppError::Invalid(errors.list()));
    };
    let (id, owner) = (id.into_inner(), body.owner_person_id);
    let item = state
        .db(move |c| {
            Meeting::find(c, id).map_err(not_found("meeting"))?;
            if let Some(p) = owner {
                Person::find(c, p).map_err(unknown("owner_person_id", "is not a person"))?;
            }
            Ok(ActionItem::add(c, id, &description, owner, due)?)
        })
        .await?;
    Ok(HttpResponse::Created().json(item))
}

/// Marks an action item done, or open again (the facilitation team).
#[utoipa::path(put, path = "/api/v1/meetings/{id}/action-items/{item_id}", operation_id = "set_action_item_done", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "meeting id"), ("item_id" = i32, Path, description = "action item id")),
    request_body = ActionItemDoneBody,
    responses((status = 200, body = ActionItem), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not staff"), (status = 404, description = "no such meeting, or the item is not its")))]
pub async fn set_done(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    path: web::Path<(i32, i32)>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let body: ActionItemDoneBody = form::json(&body)?;
    let (id, item_id) = path.into_inner();
    let item = state
        .db(move |c| {
            Meeting::find(c, id).map_err(not_found("meeting"))?;
            if !ActionItem::set_done(c, id, item_id, body.done)? {
                return Err(AppError::NotFound("action item"));
            }
            let items = ActionItem::of_meeting(c, id)?;
            items
                .into_iter()
                .find(|i| i.id == item_id)
                .ok_or(AppError::NotFound("action item"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(item))
}
