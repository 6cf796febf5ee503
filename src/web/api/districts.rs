//! API: districts and their schools. Everyone signed in reads them (names only); directors add
//! districts and schools.

use super::List;
use super::shared::{self, Paging, not_found};
use crate::domain::validate;
use crate::error::AppError;
use crate::models::district::{District, School};
use crate::route;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::form;
use crate::web::routes::RouteDef;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

/// The longest district or school name accepted.
const MAX_NAME: usize = 100;

/// This area's routes, fixed paths before patterns.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/api/v1/districts" => list),
        route!(POST "/api/v1/districts" => create),
        route!(GET "/api/v1/districts/{id}" => show),
        route!(POST "/api/v1/districts/{id}/schools" => add_school),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(list, create, show, add_school),
    components(schemas(District, School, DistrictDetail, NameBody)),
    tags((name = "districts", description = "Districts and their schools"))
)]
pub struct Doc;

/// A district with its schools.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DistrictDetail {
    /// The district.
    #[serde(flatten)]
    pub district: District,
    /// Its schools, by name.
    pub schools: Vec<School>,
}

/// The body that creates a district or a school: its name.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NameBody {
    /// Name (required; unique among districts, or within the district for a school).
    pub name: String,
}

/// Every district, in id order.
#[utoipa::path(get, path = "/api/v1/districts", operation_id = "list_districts", tag = "districts", params(shared::PageParams),
    security(("bearer" = [])),
    responses((status = 200, body = List<District>), (status = 401), (status = 422, description = "bad limit or after")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(_actor): ApiActor,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let paging = Paging::from_request(&req)?;
    let rows = state
        .db(move |c| Ok(District::page(c, paging.after, paging.fetch())?))
        .await?;
    Ok(HttpResponse::Ok().json(paging.page(rows, |d| d.id)))
}

/// Adds a district (directors); the name must be new.
#[utoipa::path(post, path = "/api/v1/districts", operation_id = "create_district", tag = "districts", request_body = NameBody, security(("bearer" = [])),
    responses((status = 201, body = District), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not a director"), (status = 422, description = "name blank or taken")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: NameBody = form::json(&body)?;
    let name = validate::name("name", &body.name, MAX_NAME)?;
    let district = state.db(move |c| District::create(c, &name)).await?;
    Ok(HttpResponse::Created().json(district))
}

/// A district with its schools.
#[utoipa::path(get, path = "/api/v1/districts/{id}", operation_id = "get_district", tag = "districts", security(("bearer" = [])),
    params(("id" = i32, Path, description = "district id")),
    responses((status = 200, body = DistrictDetail), (status = 401), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(_actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let detail = state
        .db(move |c| {
            let district = District::find(c, id).map_err(not_found("district"))?;
            let schools = School::of_district(c, id)?;
            Ok(DistrictDetail { district, schools })
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Adds a school to a district (directors); the name must be new within the district.
#[utoipa::path(post, path = "/api/v1/districts/{id}/schools", operation_id = "add_school", tag = "districts", security(("bearer" = [])),
    params(("id" = i32, Path, description = "district id")), request_body = NameBody,
    responses((status = 201, body = School), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not a director"), (status = 404),
              (status = 422, description = "name blank or taken in the district")))]
pub async fn add_school(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: NameBody = form::json(&body)?;
    let name = validate::name("name", &body.name, MAX_NAME)?;
    let id = id.into_inner();
    let school = state
        .db(move |c| {
            District::find(c, id).map_err(not_found("district"))?;
            School::create(c, id, &name)
        })
        .await?;
    Ok(HttpResponse::Created().json(school))
}
