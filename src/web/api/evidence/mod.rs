//! API: a team's evidence — measures (shared by a program year, or a team's own), classrooms
//! and observations — one at a time, in bulk, and as CSV files.
//!
//! Who: the team's members and directors change a team's evidence (directors alone the shared
//! measures); the facilitation team reads everything; members of other teams read it only while
//! the collective shares cycles, de-identified. Every handler checks this before it reads a body.

pub mod access;
pub mod bulk;
pub mod classrooms;
pub mod export;
pub mod measures;
pub mod observations;
pub mod views;

use crate::route;
use crate::web::routes::RouteDef;
use utoipa::OpenApi;

/// This area's routes, fixed paths before patterns.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/api/v1/program-years/{id}/measures" => measures::list_shared),
        route!(POST "/api/v1/program-years/{id}/measures" => measures::create_shared),
        route!(GET "/api/v1/teams/{id}/measures" => measures::list_team),
        route!(POST "/api/v1/teams/{id}/measures" => measures::create_team),
        route!(GET "/api/v1/measures/{id}" => measures::show),
        route!(PUT "/api/v1/measures/{id}" => measures::update),
        route!(GET "/api/v1/teams/{id}/classrooms" => classrooms::list),
        route!(POST "/api/v1/teams/{id}/classrooms" => classrooms::create),
        route!(GET "/api/v1/classrooms/{id}" => classrooms::show),
        route!(PUT "/api/v1/classrooms/{id}" => classrooms::update),
        route!(DELETE "/api/v1/classrooms/{id}" => classrooms::delete),
        route!(GET "/api/v1/teams/{id}/observations" => observations::list),
        route!(POST "/api/v1/teams/{id}/observations" => observations::create),
        route!(POST "/api/v1/teams/{id}/observations/bulk" => bulk::bulk),
        route!(POST "/api/v1/teams/{id}/observations/import" => bulk::import),
        route!(GET "/api/v1/teams/{id}/observations.csv" => export::observations),
        route!(GET "/api/v1/teams/{id}/cycles.csv" => export::cycles),
        route!(GET "/api/v1/observations/{id}" => observations::show),
        route!(PUT "/api/v1/observations/{id}" => observations::update),
        route!(DELETE "/api/v1/observations/{id}" => observations::delete),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        measures::list_shared, measures::create_shared, measures::list_team, measures::create_team,
        measures::show, measures::update,
        classrooms::list, classrooms::create, classrooms::show, classrooms::update, classrooms::delete,
        observations::list, observations::create, observations::show, observations::update, observations::delete,
        bulk::bulk, bulk::import, export::observations, export::cycles
    ),
    components(schemas(
        crate::models::measure::Measure, crate::models::measure::RubricLevel, crate::models::measure::MeasureDetail,
        measures::MeasureBody, measures::MeasureEditBody, measures::LevelBody,
        views::ClassroomView, classrooms::ClassroomBody,
        views::ObservationView, observations::ItemBody, observations::ObservationUpdateBody,
        bulk::BulkBody, crate::models::observation::ImportReport
    )),
    tags((name = "evidence", description = "Measures, classrooms and observations, in bulk and as CSV files"))
)]
pub struct Doc;
