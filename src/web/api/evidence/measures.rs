//! API: measures. A program year's shared measures are read by everyone signed in and managed
//! by directors; a team's own are read like the rest of its evidence and managed by its members
//! (and directors). A measure that observations use keeps its kind and scale.

use super::access::{read_measure, readable, writable, write_measure};
use crate::db::DbConn;
use crate::domain::measure::{MeasureKind, Scale};
use crate::error::AppError;
use crate::models::measure::{Measure, MeasureDetail, MeasureInput, Owner};
use crate::models::team::Team;
use crate::models::year::ProgramYear;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::access::or_conflict;
use crate::web::api::shared::{PageParams, Paging, not_found};
use crate::web::form;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

/// A rubric level in a measure body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LevelBody {
    /// The level, on the scale.
    pub level: i32,
    /// What it looks like in a classroom.
    pub descriptor: String,
}

/// The body of `POST …/measures` and `PUT /api/v1/measures/{id}`: the whole measure.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MeasureBody {
    /// Name.
    pub name: String,
    /// What to look at and how to rate it.
    #[serde(default)]
    pub description: Option<String>,
    /// rubric | percent | count | yes_no.
    #[schema(example = "rubric")]
    pub kind: String,
    /// A rubric's lowest level (none for other kinds).
    #[serde(default)]
    pub scale_min: Option<i32>,
    /// A rubric's highest level (none for other kinds).
    #[serde(default)]
    pub scale_max: Option<i32>,
    /// Whether higher is better; true when absent.
    #[serde(default)]
    pub higher_is_better: Option<bool>,
    /// A rubric's levels, one per level from scale_min to scale_max.
    #[serde(default)]
    pub levels: Vec<LevelBody>,
}

/// `PUT /api/v1/measures/{id}` body: the measure as it should be and the version it was read at.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MeasureEditBody {
    /// The measure as it should be.
    #[serde(flatten)]
    pub measure: MeasureBody,
    /// The `version` read.
    pub version: i32,
}

impl MeasureBody {
    /// The model's input; an unknown kind is a 422 on `kind`.
    fn input(&self) -> Result<MeasureInput, AppError> {
        let kind: MeasureKind = form::choice("kind", &self.kind)?;
        Ok(MeasureInput {
            name: self.name.clone(),
            description: self.description.clone().unwrap_or_default(),
            scale: Scale {
                kind,
                min: self.scale_min,
                max: self.scale_max,
            },
            higher_is_better: self.higher_is_better.unwrap_or(true),
            levels: self
                .levels
                .iter()
                .map(|l| (l.level, l.descriptor.clone()))
                .collect(),
        })
    }
}

/// A program year's shared measures, by name, with their levels.
#[utoipa::path(get, path = "/api/v1/program-years/{id}/measures", operation_id = "list_shared_measures", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "program year id"), PageParams),
    responses((status = 200, body = List<MeasureDetail>), (status = 401), (status = 404), (status = 422, description = "bad limit or after")))]
pub async fn list_shared(
    state: web::Data<AppState>,
    ApiActor(_actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, paging) = (id.into_inner(), Paging::from_request(&req)?);
    let all = state
        .db(move |c| {
            let year = ProgramYear::find(c, id).map_err(not_found("program year"))?;
            let shared = Measure::shared_of_year(c, year.id)?;
            Ok(Measure::with_levels(c, shared)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.slice(all, |m| m.measure.id)?))
}

/// Adds a measure shared by every team of the year (directors).
#[utoipa::path(post, path = "/api/v1/program-years/{id}/measures", operation_id = "create_shared_measure", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "program year id")), request_body = MeasureBody,
    responses((status = 201, body = MeasureDetail), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not a director"), (status = 404),
              (status = 422, description = "a broken rule: name blank or taken, unknown kind, a rubric's scale or levels")))]
pub async fn create_shared(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let input = form::json::<MeasureBody>(&body)?.input()?;
    let id = id.into_inner();
    let made = state
        .db(move |c| {
            let year = ProgramYear::find(c, id).map_err(not_found("program year"))?;
            let owner = Owner {
                program_year_id: year.id,
                team_id: None,
            };
            Measure::create(c, &actor.audit(), owner, &input)
        })
        .await?;
    Ok(HttpResponse::Created().json(made))
}

/// What a team records: its year's shared measures and its own, by name, with their levels.
#[utoipa::path(get, path = "/api/v1/teams/{id}/measures", operation_id = "list_team_measures", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), PageParams),
    responses((status = 200, body = List<MeasureDetail>), (status = 401),
              (status = 403, description = "another team's, while the collective does not share"), (status = 404),
              (status = 422, description = "bad limit or after")))]
pub async fn list_team(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, paging) = (id.into_inner(), Paging::from_request(&req)?);
    let all = state
        .db(move |c| {
            let (team, _) = readable::<Team>(c, &actor, id)?;
            let measures = Measure::for_team(c, team.program_year_id, team.id)?;
            Ok(Measure::with_levels(c, measures)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.slice(all, |m| m.measure.id)?))
}

/// Adds a team's own measure (its members, directors).
#[utoipa::path(post, path = "/api/v1/teams/{id}/measures", operation_id = "create_team_measure", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")), request_body = MeasureBody,
    responses((status = 201, body = MeasureDetail), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "a broken rule: name blank or taken (also by a shared measure), unknown kind, a rubric's scale or levels")))]
pub async fn create_team(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let made = state
        .db(move |c| {
            let team: Team = writable(c, &actor, id)?;
            let input = form::json::<MeasureBody>(&body)?.input()?;
            let owner = Owner {
                program_year_id: team.program_year_id,
                team_id: Some(team.id),
            };
            Measure::create(c, &actor.audit(), owner, &input)
        })
        .await?;
    Ok(HttpResponse::Created().json(made))
}

/// A measure with its levels.
#[utoipa::path(get, path = "/api/v1/measures/{id}", operation_id = "get_measure", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "measure id")),
    responses((status = 200, body = MeasureDetail), (status = 401),
              (status = 403, description = "another team's own, while the collective does not share"), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let detail = state
        .db(move |c| {
            let m = find(c, id)?;
            read_measure(c, &actor, &m)?;
            Ok(Measure::detail(c, m.id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Replaces a measure (directors for a shared one; the team's members too for its own). Once
/// observations use it, its kind and scale cannot change (422); names, descriptions and level
/// descriptors can.
#[utoipa::path(put, path = "/api/v1/measures/{id}", operation_id = "update_measure", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "measure id")), request_body = MeasureEditBody,
    responses((status = 200, body = MeasureDetail), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "a broken rule, or a kind or scale change on a measure with observations")))]
pub async fn update(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let detail = state
        .db(move |c| {
            let m = find(c, id)?;
            write_measure(&actor, &m)?;
            let body = form::json::<MeasureEditBody>(&body)?;
            let saved = Measure::update(
                c,
                &actor.audit(),
                m.id,
                body.version,
                &body.measure.input()?,
            );
            or_conflict(c, saved, |c| Ok(Measure::detail(c, id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

fn find(c: &mut DbConn, id: i32) -> Result<Measure, AppError> {
    Measure::find(c, id).map_err(not_found("measure"))
}
