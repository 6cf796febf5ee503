//! API: reading cycles — a change idea's ramp in order, a team's cycles by status, one cycle.
//! Every list is a fixed number of queries: the page, then its questions and its measures in
//! one query each.

use super::{CycleOut, readable};
use crate::db::DbConn;
use crate::domain::cycle::CycleStatus;
use crate::error::AppError;
use crate::models::cycle::Cycle;
use crate::models::driver::ChangeIdea;
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::shared::{self, PageParams, Paging};
use crate::web::form;
use crate::web::policy::Resource;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

/// The cycles in the API's shape, with their questions and measures (two queries).
pub fn outs(c: &mut DbConn, cycles: Vec<Cycle>) -> Result<Vec<CycleOut>, AppError> {
    Cycle::with_parts(c, cycles)?
        .into_iter()
        .map(CycleOut::new)
        .collect()
}

/// `GET /api/v1/teams/{id}/cycles` query; the page is [`PageParams`].
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamCyclesQuery {
    /// Only cycles in this status: planning | doing | studying | acting | closed.
    #[param(value_type = Option<String>)]
    pub status: Option<String>,
}

/// A change idea's cycles as a ramp: in order of planned start (then id).
#[utoipa::path(get, path = "/api/v1/change-ideas/{id}/cycles", operation_id = "list_change_idea_cycles", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "change idea id"), PageParams),
    responses((status = 200, body = List<CycleOut>), (status = 401),
              (status = 403, description = "another team's, while sharing is off"), (status = 404),
              (status = 422, description = "bad limit or after")))]
pub async fn ramp(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, paging) = (id.into_inner(), Paging::from_request(&req)?);
    let items = state
        .db(move |c| {
            let idea: ChangeIdea = readable(c, &actor, id, Resource::Cycles)?;
            let page = Cycle::page_of_idea(c, idea.id, paging.after, paging.fetch())?;
            outs(c, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.page(items, |o: &CycleOut| o.id)))
}

/// A team's cycles in id order, optionally in one status.
#[utoipa::path(get, path = "/api/v1/teams/{id}/cycles", operation_id = "list_team_cycles", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), TeamCyclesQuery, PageParams),
    responses((status = 200, body = List<CycleOut>), (status = 401),
              (status = 403, description = "another team's, while sharing is off"), (status = 404),
              (status = 422, description = "bad status, limit or after")))]
pub async fn of_team(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let q: TeamCyclesQuery = shared::query(&req)?;
    let paging = Paging::from_request(&req)?;
    let status = match q.status.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => Some(form::choice::<CycleStatus>("status", s)?),
    };
    let id = id.into_inner();
    let items = state
        .db(move |c| {
            let team: Team = readable(c, &actor, id, Resource::Cycles)?;
            let page = Cycle::page_of_team(c, team.id, status, paging.after, paging.fetch())?;
            outs(c, page)
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.page(items, |o: &CycleOut| o.id)))
}

/// A cycle's worksheet with its questions, measures, moves and warnings.
#[utoipa::path(get, path = "/api/v1/cycles/{id}", operation_id = "get_cycle", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "cycle id")),
    responses((status = 200, body = CycleOut), (status = 401),
              (status = 403, description = "another team's, while sharing is off"), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let out = state
        .db(move |c| {
            let cycle: Cycle = readable(c, &actor, id, Resource::Cycles)?;
            let mut list = outs(c, vec![cycle])?;
            list.pop().ok_or(AppError::NotFound("cycle"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
