//! The OpenAPI 3 document, generated from the handlers' `#[utoipa::path]` annotations, with the
//! error answers of every operation completed here in one place (see [`error_statuses`]).

use actix_web::HttpResponse;
use std::collections::BTreeSet;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response};
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
    components(schemas(crate::error::ErrorBody, crate::domain::Violation)),
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
        super::api::sessions::Doc::openapi(),
        super::api::cycles::Doc::openapi(),
        super::api::evidence::Doc::openapi(),
        super::api::analysis::Doc::openapi(),
        super::api::variation::Doc::openapi(),
        super::api::network::Doc::openapi(),
        super::api::audit::Doc::openapi(),
        super::api::outbox::Doc::openapi(),
    ] {
        doc.merge(part);
    }
    document_errors(&mut doc);
    doc
}

/// The error statuses an operation can answer, from its shape: what actix and the shared
/// readers (`form::json`, `api::shared`) refuse for every operation alike. A handler documents
/// the statuses of its own rules (409, 429) itself; this adds the rest.
///
/// - a body: 400 (unreadable), 422 (a broken rule);
/// - any method but GET: 413 (a body over `web::limits`, refused before anything reads it);
/// - query parameters: 400 (an unreadable query string), 422 (a bad value);
/// - path parameters: 404 (no such thing, or a segment that is not a number);
/// - a bearer token: 401 (none, or a bad one), 403 (a role that does not allow it).
pub fn error_statuses(op: &Operation, reads_only: bool) -> BTreeSet<u16> {
    let mut statuses = BTreeSet::new();
    let params = op.parameters.as_deref().unwrap_or_default();
    let has = |place: ParameterIn| params.iter().any(|p| p.parameter_in == place);
    if op.request_body.is_some() {
        statuses.extend([400, 422]);
    }
    if !reads_only {
        statuses.insert(413);
    }
    if has(ParameterIn::Query) {
        statuses.extend([400, 422]);
    }
    if has(ParameterIn::Path) {
        statuses.insert(404);
    }
    if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
        statuses.extend([401, 403]);
    }
    statuses
}

/// Adds each operation's [`error_statuses`] it does not document yet, and gives every error
/// answer the one JSON error body.
fn document_errors(doc: &mut utoipa::openapi::OpenApi) {
    for item in doc.paths.paths.values_mut() {
        let operations = [
            (&mut item.get, true),
            (&mut item.put, false),
            (&mut item.post, false),
            (&mut item.delete, false),
            (&mut item.patch, false),
        ];
        for (op, reads_only) in operations {
            let Some(op) = op else { continue };
            for status in error_statuses(op, reads_only) {
                let response = Response::new(general_description(status));
                op.responses
                    .responses
                    .entry(status.to_string())
                    .or_insert(response.into());
            }
            for (status, response) in op.responses.responses.iter_mut() {
                if let (false, RefOr::T(r)) = (status.starts_with('2'), response) {
                    r.content.clear();
                    let body = Content::new(Some(Ref::from_schema_name("Error")));
                    r.content.insert("application/json".into(), body);
                }
            }
        }
    }
}

/// What an error status means when the operation does not say more.
fn general_description(status: u16) -> &'static str {
    match status {
        400 => "the body or query string could not be read",
        401 => "no token, or one that is not valid",
        403 => "your role does not allow this",
        404 => "not found, or not visible to you",
        413 => "the body is over the size limit",
        422 => "a value breaks a rule; each error names its field",
        _ => "an error",
    }
}

/// GET /api/openapi.json.
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(document_json())
}
