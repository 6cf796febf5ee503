//! API: the numbers behind a team's variation charts — per-period spread of classroom means on
//! one measure, ICC(1), run, I and P charts, the cycles on the time axis and the signals in
//! words — so a coach (or a script) can see whether the spread between classrooms is falling.
//!
//! Who: like the rest of a team's evidence — the team, the facilitation team and directors, and
//! other teams' members while the collective shares (the figures carry no people). Loaded in a
//! fixed number of queries whatever the team's size.

pub mod answer;
pub mod params;
pub mod periods;

use crate::db::DbConn;
use crate::domain::stats::Target;
use crate::error::AppError;
use crate::models::aim::Aim;
use crate::models::cycle::Cycle;
use crate::models::measure::Measure;
use crate::models::observation::Observation;
use crate::models::team::Team;
use crate::route;
use crate::web::AppState;
use crate::web::actor::{Actor, ApiActor};
use crate::web::api::evidence::access::team;
use crate::web::policy::{self, Resource};
use crate::web::routes::RouteDef;
use actix_web::{HttpRequest, HttpResponse, web};
use answer::{Inputs, Variation};
use utoipa::OpenApi;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![route!(GET "/api/v1/teams/{id}/variation" => team_variation)]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(team_variation),
    components(schemas(
        Variation, answer::MeasureOut, answer::PeriodOut, answer::IccOut, answer::RunChartOut,
        answer::IChartSeries, answer::PChartSeries, answer::CycleMark
    )),
    tags((name = "variation", description = "The spread between classrooms over time, per team"))
)]
pub struct Doc;

/// The numbers behind a team's variation charts on one measure, by week, month or cycle.
#[utoipa::path(get, path = "/api/v1/teams/{id}/variation", operation_id = "team_variation", tag = "variation",
    security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), params::RawParams),
    responses((status = 200, body = Variation), (status = 401),
              (status = 403, description = "another team's, while the collective does not share"), (status = 404),
              (status = 422, description = "missing, unknown or unusable measure; bad period or baseline")))]
pub async fn team_variation(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, query) = (id.into_inner(), req.query_string().to_string());
    let answer = state.db(move |c| load(c, &actor, id, &query)).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Checks who asks, then reads the measure, the aim, the observations and the cycles.
fn load(c: &mut DbConn, actor: &Actor, id: i32, query: &str) -> Result<Variation, AppError> {
    load_with_periods(c, actor, id, query).map(|(answer, _)| answer)
}

/// The API's answer with the periods it was made from: the coach dashboard draws every
/// classroom's mean per period (a strip chart), which the answer's per-period figures leave out.
pub fn load_with_periods(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    query: &str,
) -> Result<(Variation, Vec<periods::Period>), AppError> {
    let team = team(c, id)?;
    policy::view(c, actor, team.id, Resource::Observations)?;
    let p = params::parse(query)?;
    let measure = usable_measure(c, &team, p.measure)?;
    let target = target(c, &team, &measure)?;
    let rows = Observation::values_of_team(c, team.id, measure.id)?;
    let cycles = Cycle::all_of_team(c, team.id)?;
    let periods = periods::group(p.period, &rows, &cycles);
    params::check_baseline(p.baseline, periods.len())?;
    let answer = answer::answer(Inputs {
        team_id: team.id,
        measure: &measure,
        target,
        kind: p.period,
        baseline: p.baseline,
        periods: &periods,
        cycles: &cycles,
    });
    Ok((answer, periods))
}

/// The measure, when it is one the team can record: its year's shared ones and its own (422).
fn usable_measure(c: &mut DbConn, team: &Team, id: i32) -> Result<Measure, AppError> {
    let unusable = || {
        AppError::invalid(
            "measure",
            format!("measure {id} is not a measure this team can use"),
        )
    };
    let m = Measure::find(c, id).map_err(|e| match e {
        diesel::result::Error::NotFound => {
            AppError::invalid("measure", format!("there is no measure {id}"))
        }
        e => AppError::from(e),
    })?;
    let own_or_shared = m.team_id.is_none_or(|t| t == team.id);
    if m.program_year_id == team.program_year_id && own_or_shared {
        Ok(m)
    } else {
        Err(unusable())
    }
}

/// The aim's target, when the aim targets this measure with a value.
fn target(c: &mut DbConn, team: &Team, m: &Measure) -> Result<Option<Target>, AppError> {
    let aim = Aim::of_team(c, team.id)?;
    Ok(aim
        .filter(|a| a.target_measure_id == Some(m.id))
        .and_then(|a| a.target_value)
        .map(|value| Target {
            value,
            higher_is_better: m.higher_is_better,
        }))
}
