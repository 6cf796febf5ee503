//! API: the driver diagram — the whole tree in one call (aim, primary drivers, their secondary
//! drivers, the change ideas on each with their cycle counts and latest decisions, from a fixed
//! number of queries), and adding, editing and removing drivers.

use super::aim::AimOut;
use super::ideas::ChangeIdeaOut;
use super::{readable, writable};
use crate::db::DbConn;
use crate::error::AppError;
use crate::models::aim::Aim;
use crate::models::driver::{ChangeIdea, Driver, DriverInput};
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::access::or_conflict;
use crate::web::form;
use crate::web::policy::{Action, Resource};
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A team's driver diagram.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Diagram {
    /// The team.
    pub team_id: i32,
    /// Its aim (empty at version 0 when not written yet).
    pub aim: AimOut,
    /// Primary drivers in order, each with its secondaries and change ideas.
    pub primaries: Vec<PrimaryNode>,
}

/// A primary driver in the tree.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PrimaryNode {
    /// Driver id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Order.
    pub position: i32,
    /// Change ideas attached to the primary itself.
    pub change_ideas: Vec<ChangeIdeaOut>,
    /// Its secondary drivers in order.
    pub secondaries: Vec<SecondaryNode>,
}

/// A secondary driver in the tree.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SecondaryNode {
    /// Driver id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Order.
    pub position: i32,
    /// Its change ideas.
    pub change_ideas: Vec<ChangeIdeaOut>,
}

/// `POST /api/v1/teams/{id}/drivers` body, and the driver part of a `PUT`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DriverBody {
    /// What drives the aim.
    pub title: String,
    /// A primary driver of the same team, making this a secondary; null for a primary.
    #[serde(default)]
    pub parent_id: Option<i32>,
    /// Order among siblings; last (new) or unchanged (edit) when absent.
    #[serde(default)]
    pub position: Option<i32>,
}

/// `PUT /api/v1/drivers/{id}` body: the driver as it should be and the version it was read at.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct DriverEditBody {
    /// The driver as it should be.
    #[serde(flatten)]
    pub driver: DriverBody,
    /// The `version` read.
    pub version: i32,
}

impl DriverBody {
    fn input(self) -> DriverInput {
        DriverInput {
            title: self.title,
            parent_id: self.parent_id,
            position: self.position,
        }
    }
}

/// The tree of team `team_id`: six queries, whatever its size.
fn load(c: &mut DbConn, team_id: i32) -> Result<Diagram, AppError> {
    let aim = AimOut::new(team_id, Aim::of_team(c, team_id)?);
    let drivers = Driver::of_team(c, team_id)?;
    let ideas = ChangeIdea::page_of_team(c, team_id, None, i64::MAX)?;
    let mut by_driver: HashMap<i32, Vec<ChangeIdeaOut>> = HashMap::new();
    for idea in ChangeIdeaOut::with_stats(c, ideas)? {
        by_driver.entry(idea.idea.driver_id).or_default().push(idea);
    }
    Ok(Diagram {
        team_id,
        aim,
        primaries: tree(drivers, by_driver),
    })
}

/// Drivers (in diagram order) as primaries holding their secondaries, each with its ideas.
fn tree(drivers: Vec<Driver>, mut ideas: HashMap<i32, Vec<ChangeIdeaOut>>) -> Vec<PrimaryNode> {
    let mut take = |id: i32| ideas.remove(&id).unwrap_or_default();
    let (primaries, secondaries): (Vec<Driver>, Vec<Driver>) =
        drivers.into_iter().partition(|d| d.parent_id.is_none());
    let mut under: HashMap<i32, Vec<SecondaryNode>> = HashMap::new();
    for d in secondaries {
        let node = SecondaryNode {
            change_ideas: take(d.id),
            id: d.id,
            title: d.title,
            position: d.position,
        };
        under
            .entry(d.parent_id.unwrap_or_default())
            .or_default()
            .push(node);
    }
    primaries
        .into_iter()
        .map(|d| PrimaryNode {
            change_ideas: take(d.id),
            secondaries: under.remove(&d.id).unwrap_or_default(),
            id: d.id,
            title: d.title,
            position: d.position,
        })
        .collect()
}

/// A team's aim, drivers and change ideas as one tree.
#[utoipa::path(get, path = "/api/v1/teams/{id}/driver-diagram", operation_id = "get_driver_diagram", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")),
    responses((status = 200, body = Diagram), (status = 401),
              (status = 403, description = "another team's, while sharing is off"), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let diagram = state
        .db(move |c| {
            let team: Team = readable(c, &actor, id, Resource::Drivers)?;
            load(c, team.id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(diagram))
}

/// Adds a primary driver, or a secondary under a primary (the team's members, directors).
#[utoipa::path(post, path = "/api/v1/teams/{id}/drivers", operation_id = "create_driver", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")), request_body = DriverBody,
    responses((status = 201, body = Driver), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "blank title; parent not a primary driver of this team")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let driver = state
        .db(move |c| {
            let team: Team = writable(c, &actor, id, (Resource::Drivers, Action::Create))?;
            let body: DriverBody = form::json(&body)?;
            Driver::create(c, team.id, &body.input())
        })
        .await?;
    Ok(HttpResponse::Created().json(driver))
}

/// Renames, reorders or moves a driver (two levels at most).
#[utoipa::path(put, path = "/api/v1/drivers/{id}", operation_id = "update_driver", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "driver id")), request_body = DriverEditBody,
    responses((status = 200, body = Driver), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "blank title; parent not a primary of this team, itself, or given to a driver with secondaries")))]
pub async fn update(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let driver = state
        .db(move |c| {
            let driver: Driver = writable(c, &actor, id, (Resource::Drivers, Action::Edit))?;
            let body: DriverEditBody = form::json(&body)?;
            let saved = Driver::update(c, driver.id, body.version, &body.driver.input());
            or_conflict(c, saved, |c| Ok(Driver::find(c, id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(driver))
}

/// Removes a driver with no secondaries and no change ideas.
#[utoipa::path(delete, path = "/api/v1/drivers/{id}", operation_id = "delete_driver", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "driver id")),
    responses((status = 204), (status = 401), (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "it has secondary drivers or change ideas")))]
pub async fn delete(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    state
        .db(move |c| {
            let driver: Driver = writable(c, &actor, id, (Resource::Drivers, Action::Delete))?;
            Driver::delete(c, driver.id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
