//! The OpenAPI 3 document, generated from the handlers' `#[utoipa::path]` annotations.

use actix_web::HttpResponse;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The API description served at `/api/openapi.json`.
#[derive(OpenApi)]
#[openapi(
    info(title = "pdsa API", description = "Convenings, tune-ups, teams and PDSA cycles of a learning collective."),
    paths(
        super::api::tokens::create,
        super::api::tokens::list,
        super::api::tokens::delete,
    ),
    modifiers(&BearerAuth),
    tags((name = "auth", description = "API tokens"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The whole document: the token routes above merged with each API area's own `Doc`.
pub fn document_json() -> utoipa::openapi::OpenApi {
    use super::api::{convenings, districts, meetings, people, teams, years};
    let mut doc = ApiDoc::openapi();
    for part in [
        years::Doc::openapi(),
        convenings::Doc::openapi(),
        districts::Doc::openapi(),
        teams::Doc::openapi(),
        meetings::Doc::openapi(),
        people::Doc::openapi(),
        super::api::cycles::Doc::openapi(),
        super::api::evidence::Doc::openapi(),
        super::api::analysis::Doc::openapi(),
        super::api::variation::Doc::openapi(),
        super::api::network::Doc::openapi(),
        super::api::audit::Doc::openapi(),
    ] {
        doc.merge(part);
    }
    doc
}

/// GET /api/openapi.json.
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(document_json())
}
