//! API: the network view — on one measure shared by the collective, every team of that year
//! with the between-classroom spread of each period and whether it is falling, so a
//! facilitator sees which teams are reducing variation (the collective's aim) and which not.
//!
//! Who: anyone signed in; the figures are team-level (no classrooms, no people). Loaded in a
//! fixed number of queries whatever the number of teams: the measure, the year's teams, the
//! roll-up (one SQL statement the database aggregates), and by cycle the cycles it names.

pub mod answer;

use crate::db::DbConn;
use crate::error::AppError;
use crate::models::measure::Measure;
use crate::models::observation::rollup::{self, Grouping, PeriodKey};
use crate::models::team::Team;
use crate::route;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::variation::params::{self, PeriodKind};
use crate::web::routes::RouteDef;
use actix_web::{HttpRequest, HttpResponse, web};
use answer::{Inputs, NetworkVariation};
use utoipa::OpenApi;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![route!(GET "/api/v1/network/variation" => network_variation)]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(network_variation),
    components(schemas(NetworkVariation, answer::TeamSpread, answer::NetworkPeriod)),
    tags((name = "network", description = "The spread between classrooms, team by team, across the network"))
)]
pub struct Doc;

/// Every team's between-classroom spread on one shared measure, by week, month or cycle,
/// teams with falling variation first.
#[utoipa::path(get, path = "/api/v1/network/variation", operation_id = "network_variation", tag = "network",
    security(("bearer" = [])),
    params(params::RawParams),
    responses((status = 200, body = NetworkVariation), (status = 401),
              (status = 422, description = "missing or unknown measure, a team's own measure, bad period or baseline")))]
pub async fn network_variation(
    state: web::Data<AppState>,
    _actor: ApiActor,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let query = req.query_string().to_string();
    let answer = state
        .db(move |c| {
            let p = params::parse(&query)?;
            network(c, p.measure, p.period, p.baseline)
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// The roll-up's grouping for a period kind.
fn grouping(kind: PeriodKind) -> Grouping {
    match kind {
        PeriodKind::Week => Grouping::Week,
        PeriodKind::Month => Grouping::Month,
        PeriodKind::Cycle => Grouping::Cycle,
    }
}

/// The network's answer on one measure (shared, else 422), for the API and the page alike.
pub fn network(
    c: &mut DbConn,
    measure_id: i32,
    kind: PeriodKind,
    baseline: Option<usize>,
) -> Result<NetworkVariation, AppError> {
    let measure = shared_measure(c, measure_id)?;
    let teams = Team::of_year(c, measure.program_year_id)?;
    let rows = rollup::rollup(c, measure.id, grouping(kind))?;
    let cycles = match kind {
        PeriodKind::Cycle => rollup::cycle_periods(c, &cycle_ids(&rows))?,
        _ => Vec::new(),
    };
    let answer = answer::answer(Inputs {
        measure: &measure,
        kind,
        baseline,
        teams: &teams,
        rows: &rows,
        cycles: &cycles,
    });
    params::check_baseline(baseline, answer.longest())?;
    Ok(answer)
}

/// The distinct cycles the roll-up names.
fn cycle_ids(rows: &[rollup::RollupRow]) -> Vec<i32> {
    let mut ids: Vec<i32> = rows
        .iter()
        .filter_map(|r| match r.key {
            PeriodKey::Cycle(id) => Some(id),
            PeriodKey::Start(_) => None,
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The measure, when it is shared by the collective (a team's own measure cannot be compared
/// across teams): 422 on `measure` otherwise.
pub fn shared_measure(c: &mut DbConn, id: i32) -> Result<Measure, AppError> {
    let m = Measure::find(c, id).map_err(|e| match e {
        diesel::result::Error::NotFound => {
            AppError::invalid("measure", format!("there is no measure {id}"))
        }
        e => AppError::from(e),
    })?;
    match m.team_id {
        None => Ok(m),
        Some(_) => Err(AppError::invalid(
            "measure",
            format!(
                "measure {id} ({}) is one team's own measure; the network compares teams on a shared measure",
                m.name
            ),
        )),
    }
}
