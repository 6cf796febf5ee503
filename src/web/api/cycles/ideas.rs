//! API: change ideas — what a team tries, on a driver of its diagram, with the stage the team
//! has decided it is at. Each shows how many cycles tested it and the latest decision taken.

use super::{readable, writable};
use crate::db::DbConn;
use crate::domain::cycle::Stage;
use crate::error::AppError;
use crate::models::cycle::Cycle;
use crate::models::driver::{ChangeIdea, ChangeIdeaInput};
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::access::or_conflict;
use crate::web::api::shared::{PageParams, Paging};
use crate::web::form;
use crate::web::policy::{Action, Resource};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

/// A change idea with how far its cycles have come.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ChangeIdeaOut {
    /// The change idea.
    #[serde(flatten)]
    pub idea: ChangeIdea,
    /// Cycles that tested it.
    pub cycle_count: i64,
    /// adopt | adapt | abandon: the decision of its latest decided cycle.
    #[schema(example = "adapt")]
    pub latest_decision: Option<String>,
}

impl ChangeIdeaOut {
    /// The ideas with their cycle counts and latest decisions (two queries for all of them).
    pub fn with_stats(
        c: &mut DbConn,
        ideas: Vec<ChangeIdea>,
    ) -> Result<Vec<ChangeIdeaOut>, AppError> {
        let ids: Vec<i32> = ideas.iter().map(|i| i.id).collect();
        let mut stats = Cycle::stats_by_idea(c, &ids)?;
        Ok(ideas
            .into_iter()
            .map(|idea| {
                let s = stats.remove(&idea.id).unwrap_or_default();
                ChangeIdeaOut {
                    idea,
                    cycle_count: s.cycle_count,
                    latest_decision: s.latest_decision.map(|d| d.as_str().to_string()),
                }
            })
            .collect())
    }

    /// One idea with its figures.
    pub fn one(c: &mut DbConn, idea: ChangeIdea) -> Result<ChangeIdeaOut, AppError> {
        let mut list = ChangeIdeaOut::with_stats(c, vec![idea])?;
        list.pop().ok_or(AppError::NotFound("change idea"))
    }
}

/// `POST /api/v1/teams/{id}/change-ideas` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewChangeIdeaBody {
    /// A driver of the same team.
    pub driver_id: i32,
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// testing (when absent) | implementing | spreading | abandoned.
    #[serde(default)]
    #[schema(example = "testing")]
    pub stage: Option<String>,
}

/// `PUT /api/v1/change-ideas/{id}` body: absent description or stage stay as they are.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChangeIdeaBody {
    /// The idea as it should be.
    #[serde(flatten)]
    pub idea: NewChangeIdeaBody,
    /// The `version` read.
    pub version: i32,
}

impl NewChangeIdeaBody {
    /// The model's input; absent values from `current` (an edit) or the defaults (new).
    fn input(self, current: Option<&ChangeIdea>) -> Result<ChangeIdeaInput, AppError> {
        let stage = match (self.stage.as_deref(), current) {
            (Some(s), _) => form::choice::<Stage>("stage", s)?,
            (None, Some(c)) => form::choice::<Stage>("stage", &c.stage)?,
            (None, None) => Stage::Testing,
        };
        let description = self
            .description
            .or_else(|| current.map(|c| c.description.clone()))
            .unwrap_or_default();
        Ok(ChangeIdeaInput {
            driver_id: self.driver_id,
            title: self.title,
            description,
            stage,
        })
    }
}

/// A team's change ideas in id order, with their figures.
#[utoipa::path(get, path = "/api/v1/teams/{id}/change-ideas", operation_id = "list_change_ideas", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), PageParams),
    responses((status = 200, body = List<ChangeIdeaOut>), (status = 401),
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
            let team: Team = readable(c, &actor, id, Resource::ChangeIdeas)?;
            let ideas = ChangeIdea::page_of_team(c, team.id, paging.after, paging.fetch())?;
            ChangeIdeaOut::with_stats(c, ideas)
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.page(items, |i: &ChangeIdeaOut| i.idea.id)))
}

/// Adds a change idea on a driver of the team (its members, directors).
#[utoipa::path(post, path = "/api/v1/teams/{id}/change-ideas", operation_id = "create_change_idea", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")), request_body = NewChangeIdeaBody,
    responses((status = 201, body = ChangeIdeaOut), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "blank title, unknown stage, a driver of another team")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let out = state
        .db(move |c| {
            let team: Team = writable(c, &actor, id, (Resource::ChangeIdeas, Action::Create))?;
            let body: NewChangeIdeaBody = form::json(&body)?;
            let idea = ChangeIdea::create(c, team.id, &body.input(None)?)?;
            ChangeIdeaOut::one(c, idea)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

/// A change idea with its figures.
#[utoipa::path(get, path = "/api/v1/change-ideas/{id}", operation_id = "get_change_idea", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "change idea id")),
    responses((status = 200, body = ChangeIdeaOut), (status = 401),
              (status = 403, description = "another team's, while sharing is off"), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let out = state
        .db(move |c| {
            let idea: ChangeIdea = readable(c, &actor, id, Resource::ChangeIdeas)?;
            ChangeIdeaOut::one(c, idea)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Edits a change idea from the version read — including its stage, which is the team's call.
#[utoipa::path(put, path = "/api/v1/change-ideas/{id}", operation_id = "update_change_idea", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "change idea id")), request_body = ChangeIdeaBody,
    responses((status = 200, body = ChangeIdeaOut), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "blank title, unknown stage, a driver of another team")))]
pub async fn update(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let out = state
        .db(move |c| {
            let current: ChangeIdea =
                writable(c, &actor, id, (Resource::ChangeIdeas, Action::Edit))?;
            let body: ChangeIdeaBody = form::json(&body)?;
            let input = body.idea.input(Some(&current))?;
            let saved = ChangeIdea::update(c, id, body.version, &input);
            let idea = or_conflict(c, saved, |c| {
                let now = ChangeIdea::find(c, id)?;
                ChangeIdeaOut::one(c, now)
            })?;
            ChangeIdeaOut::one(c, idea)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
