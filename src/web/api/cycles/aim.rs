//! API: a team's aim. A team that has not written one reads an empty aim at version 0, so the
//! first save and every later one follow the same read-then-write path.

use super::{readable, writable};
use crate::error::AppError;
use crate::models::aim::{Aim, AimInput};
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::access::or_conflict;
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{Action, Resource};
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A team's aim; `id` is null and `version` 0 until the team writes one.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AimOut {
    /// Id, once written.
    pub id: Option<i32>,
    /// The team.
    pub team_id: i32,
    /// What the team aims for.
    pub statement: String,
    /// Target: the measure.
    pub target_measure_id: Option<i32>,
    /// Target: the value to reach on it.
    pub target_value: Option<f64>,
    /// Target: by when.
    pub target_date: Option<NaiveDate>,
    /// Send it back with the next save.
    pub version: i32,
}

impl AimOut {
    /// The team's aim, or the empty one.
    pub fn new(team_id: i32, aim: Option<Aim>) -> AimOut {
        match aim {
            Some(a) => AimOut {
                id: Some(a.id),
                team_id: a.team_id,
                statement: a.statement,
                target_measure_id: a.target_measure_id,
                target_value: a.target_value,
                target_date: a.target_date,
                version: a.version,
            },
            None => AimOut {
                id: None,
                team_id,
                statement: String::new(),
                target_measure_id: None,
                target_value: None,
                target_date: None,
                version: 0,
            },
        }
    }
}

/// `PUT /api/v1/teams/{id}/aim` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AimBody {
    /// What the team aims for.
    pub statement: String,
    /// A measure the team may use (its own or the year's shared ones).
    #[serde(default)]
    pub target_measure_id: Option<i32>,
    /// A value that fits the measure; needs the measure.
    #[serde(default)]
    pub target_value: Option<f64>,
    /// `YYYY-MM-DD`; needs the measure.
    #[serde(default)]
    #[schema(example = "2027-06-01")]
    pub target_date: Option<String>,
    /// The version read (0 when the team had none).
    pub version: i32,
}

impl AimBody {
    fn input(&self) -> Result<AimInput, AppError> {
        let mut errors = FieldErrors::default();
        let date = self.target_date.as_deref().unwrap_or("");
        let target_date = errors.take(form::opt_date("target_date", date));
        form::finish(errors)?;
        Ok(AimInput {
            statement: self.statement.clone(),
            target_measure_id: self.target_measure_id,
            target_value: self.target_value,
            target_date: target_date.flatten(),
        })
    }
}

/// A team's aim (an empty one at version 0 when it has none).
#[utoipa::path(get, path = "/api/v1/teams/{id}/aim", operation_id = "get_team_aim", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")),
    responses((status = 200, body = AimOut), (status = 401),
              (status = 403, description = "another team's, while sharing is off"), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let out = state
        .db(move |c| {
            let team: Team = readable(c, &actor, id, Resource::Aim)?;
            Ok(AimOut::new(team.id, Aim::of_team(c, team.id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Writes the team's aim (its members, directors) from the version read.
#[utoipa::path(put, path = "/api/v1/teams/{id}/aim", operation_id = "save_team_aim", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")), request_body = AimBody,
    responses((status = 200, body = AimOut), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "blank statement, value or date without a measure, a measure the team cannot use, a value that does not fit it")))]
pub async fn save(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let out = state
        .db(move |c| {
            let team: Team = writable(c, &actor, id, (Resource::Aim, Action::Edit))?;
            let body: AimBody = form::json(&body)?;
            let saved = Aim::save(c, &team, body.version, &body.input()?);
            let aim = or_conflict(c, saved, |c| {
                Ok(AimOut::new(team.id, Aim::of_team(c, team.id)?))
            })?;
            Ok(AimOut::new(team.id, Some(aim)))
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
