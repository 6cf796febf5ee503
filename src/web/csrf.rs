//! CSRF protection for the pages: a synchronizer token kept in the signed session and sent back
//! by every form as `csrf_token` (or in an `X-CSRF-Token` header). Checked here, in one place,
//! for every unsafe request outside `/api/` — the API takes bearer tokens, never cookies, so a
//! forged cross-site request carries nothing it could use. The token stays the same for the
//! session, so two tabs and the back button keep working.

use super::session;
use crate::error::AppError;
use actix_session::SessionExt;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web::Bytes;

/// The form field that carries the token.
pub const FIELD: &str = "csrf_token";

/// Forms that act without a signed-in person, and so are checked even then.
const ANONYMOUS_FORMS: &[&str] = &["/sign-in", "/password-reset"];

/// The same, for paths that carry a link's token (`/welcome/<token>`, `/password-reset/<token>`).
const ANONYMOUS_FORM_PREFIXES: &[&str] = &["/welcome/", "/password-reset/"];

/// Whether `path` is a form used signed out, whose CSRF token is checked even then.
fn anonymous_form(path: &str) -> bool {
    ANONYMOUS_FORMS.contains(&path) || ANONYMOUS_FORM_PREFIXES.iter().any(|p| path.starts_with(p))
}

/// The middleware body: lets safe methods, the API and signed-out requests through; otherwise
/// reads the form body, checks its token, and hands the body on untouched.
pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if req.method().is_safe() || req.path().starts_with("/api/") {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    // An unsubscribe link's token is its credential: a forged cross-site post gets nowhere
    // without it, so there is nothing for a CSRF token to add. And the post must work however it
    // comes: RFC 8058's one-click POST from a mail provider has no cookie and no CSRF token, and
    // one sent from a webmail tab may carry a signed-in session's cookie but never its token.
    // So it skips both the check and the signed-out handling below.
    if req.path().starts_with("/unsubscribe/") {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let session = req.get_session();
    // No session named by the cookie: there is no one to forge a request for, and the handler
    // will send the person to sign in, so the form is not refused here.
    if session::sid(&session).is_none() && !anonymous_form(req.path()) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let expected = session::existing_csrf(&session);
    let header = req
        .headers()
        .get("X-CSRF-Token")
        .and_then(|h| h.to_str().ok())
        .map(str::to_string);
    // Read under the extractors' largest limit: the form's own limit was applied before, by
    // `limits`, so a paste the page accepts is never refused here under a smaller one.
    let body = req.extract::<Bytes>().await?;
    let sent = header.or_else(|| token_in_form(&body));
    let ok = matches!((&expected, &sent), (Some(e), Some(s)) if crate::auth::token::same(e, s));
    if !ok {
        let e = AppError::Forbidden(
            "This form has expired or did not come from this site. Go back, reload the page and try again."
                .into(),
        );
        return Ok(req.error_response(e).map_into_right_body());
    }
    // A session that turns out to have expired sends the person to sign in; its form is kept.
    super::resume::keep_if_refused(req, body, next)
        .await
        .map(ServiceResponse::map_into_left_body)
}

fn token_in_form(body: &Bytes) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v)
}

/// The body put back for the handler to read.
pub fn bytes_payload(body: Bytes) -> actix_web::dev::Payload {
    let (_, mut payload) = actix_http::h1::Payload::create(true);
    payload.unread_data(body);
    actix_web::dev::Payload::from(payload)
}
