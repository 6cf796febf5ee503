//! API: coaching comments on a cycle. Whoever may read the cycle reads them (other teams without
//! their authors' names); the team and the facilitation team write them (permission table:
//! `Comments`).

use crate::error::AppError;
use crate::models::cycle::{CommentRow, Cycle};
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::shared::{PageParams, Paging};
use crate::web::form;
use crate::web::policy::{self, Action, Resource, View};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

/// `POST /api/v1/cycles/{id}/comments` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CommentBody {
    /// The feedback; not blank, at most 5,000 characters.
    pub body: String,
}

/// A cycle's comments, oldest first, with their authors' names (for other teams only whether
/// the author is of the team or the facilitation team) and times (UTC).
#[utoipa::path(get, path = "/api/v1/cycles/{id}/comments", operation_id = "list_cycle_comments", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "cycle id"), PageParams),
    responses((status = 200, body = List<CommentRow>), (status = 401),
              (status = 403, description = "another team's, while sharing is off"), (status = 404),
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
            let (cycle, view) = policy::viewable::<Cycle>(c, &actor, id, Resource::Comments)?;
            let rows = CommentRow::page_of_cycle(c, cycle.id, paging.after, paging.fetch())?;
            Ok(shown(rows, view))
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.page(items, |r: &CommentRow| r.id)))
}

/// Comments on a cycle (the team's members, facilitators, directors).
#[utoipa::path(post, path = "/api/v1/cycles/{id}/comments", operation_id = "add_cycle_comment", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "cycle id")), request_body = CommentBody,
    responses((status = 201, body = CommentRow), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "a member of another team"), (status = 404),
              (status = 422, description = "blank or too long")))]
pub async fn add(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let row = state
        .db(move |c| {
            let what = (Resource::Comments, Action::Create);
            let cycle: Cycle = policy::writable(c, &actor, id, what)?;
            let body: CommentBody = form::json(&body)?;
            CommentRow::add(c, cycle.id, actor.person.id, &body.body)
        })
        .await?;
    Ok(HttpResponse::Created().json(row))
}

/// The comments as `view` allows: named, or with their authors de-identified.
pub fn shown(rows: Vec<CommentRow>, view: View) -> Vec<CommentRow> {
    match view {
        View::Full => rows,
        View::DeIdentified => rows.into_iter().map(CommentRow::de_identified).collect(),
    }
}
