//! API: meetings.

use crate::web::routes::RouteDef;
use utoipa::OpenApi;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(paths())]
pub struct Doc;
