//! Errors on pages and in the API. A page request gets the error as an HTML page in the site's
//! layout, and "not signed in" becomes a redirect to the sign-in page that comes back to where
//! the person was going. The API keeps the JSON body of `AppError`, and an error actix raises
//! itself (a path segment that is not a number, an unknown method, a body it could not read)
//! gets that same JSON shape here instead of actix's plain text.

use super::AppState;
use super::render::{Chrome, render};
use crate::error::{AppError, ErrorBody};
use actix_session::SessionExt;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Serialize;

/// The error page's fields.
#[derive(Serialize)]
struct ErrorPage {
    status: u16,
    heading: &'static str,
    message: String,
}

/// Middleware body: gives every API error the JSON shape; renders page errors as HTML.
pub async fn html_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if req.path().starts_with("/api/") {
        let res = next.call(req).await?;
        return Ok(json_errors(res));
    }
    let res = next.call(req).await?;
    // Only errors raised as `Err` carry one; a page a handler rendered itself (a form with its
    // messages, status 422) goes out as it is.
    if res.response().error().is_none() {
        return Ok(res.map_into_left_body());
    }
    let status = res.status();
    let message = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .map(explain);
    let (http, _) = res.into_parts();
    let page = page_for(&http, status, message);
    Ok(ServiceResponse::new(http, page).map_into_right_body())
}

/// An API error that is not JSON (raised by actix, not by a handler) rewritten in the one JSON
/// error shape, keeping its status and its `Allow` or `Retry-After` header.
fn json_errors<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> ServiceResponse<EitherBody<B>> {
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res.map_into_left_body();
    }
    let message = match res.response().error() {
        Some(e) if !status.is_server_error() => e.to_string(),
        _ => status.canonical_reason().unwrap_or("error").to_lowercase(),
    };
    let mut out = HttpResponse::build(status);
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(v) = res.headers().get(&name) {
            out.insert_header((name.clone(), v.clone()));
        }
    }
    let (req, _) = res.into_parts();
    let body = out.json(ErrorBody::general(message));
    ServiceResponse::new(req, body).map_into_right_body()
}

/// What to tell a person: the rule's own words when a rule was broken, else the error.
fn explain(e: &AppError) -> String {
    match e.violations() {
        [] => e.to_string(),
        vs => vs
            .iter()
            .map(|v| v.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
    }
}

fn page_for(req: &HttpRequest, status: StatusCode, message: Option<String>) -> HttpResponse {
    if status == StatusCode::UNAUTHORIZED {
        return sign_in_redirect(req);
    }
    let heading = match status.as_u16() {
        403 => "Not allowed",
        404 => "Not found",
        405 => "Not allowed here",
        409 => "Changed by someone else",
        413 => "Too large to send",
        429 => "Too many attempts",
        s if s >= 500 => "Something went wrong",
        _ => "That did not work",
    };
    let body = ErrorPage {
        status: status.as_u16(),
        heading,
        message: message
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string()),
    };
    let Some(state) = req.app_data::<web::Data<AppState>>() else {
        return HttpResponse::build(status).body(body.message);
    };
    let chrome = Chrome::new(&req.get_session(), None, heading, "");
    render(state, "error", chrome, &body, status).unwrap_or_else(|e| e.error_response())
}

/// To the sign-in page, remembering a GET's target (a POST's target cannot be revisited by GET,
/// so it returns to the page the form was on).
fn sign_in_redirect(req: &HttpRequest) -> HttpResponse {
    let back = if req.method() == Method::GET {
        req.uri()
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_else(|| "/".into())
    } else {
        req.headers()
            .get("Referer")
            .and_then(|r| r.to_str().ok())
            .and_then(|r| r.parse::<actix_web::http::Uri>().ok())
            .map(|u| u.path().to_string())
            .unwrap_or_else(|| "/".into())
    };
    let to = format!("/sign-in?next={}", urlencode(&back));
    HttpResponse::SeeOther()
        .insert_header(("Location", to))
        .finish()
}

/// Percent-encodes a path for a query value.
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("", s)])
        .map(|q| q[1..].to_string())
        .unwrap_or_default()
}

/// The answer of a known path to a method it does not serve: 405 naming the ones it does.
pub async fn method_not_allowed(allow: String) -> Result<HttpResponse, AppError> {
    Err(AppError::MethodNotAllowed(allow))
}

/// The fallback for unknown paths.
pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound("page"))
}
