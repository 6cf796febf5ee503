//! Work is not thrown away by a session that expired: a form posted with the id of a session of
//! this site that ran out of time (its tombstone is kept 7 days for this alone) is kept, and
//! after signing in again its person gets it back with what they entered, to check and save
//! with one click. A post with no session, or with one that was signed out, is not kept:
//! anyone can send those. Sizes are capped per form, per session and in all
//! (`models::saved_form`).

use super::AppState;
use super::actor::PageActor;
use super::render::{Chrome, render, see_other};
use super::session::{self, Gate};
use crate::error::AppError;
use crate::models::saved_form::SavedForm;
use actix_session::{Session, SessionExt};
use actix_web::HttpResponse;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use serde::Serialize;

const KEY: &str = "resume";

/// Passes a form post (its CSRF token checked, its body read as `body`) on; when the handler
/// answers "sign in first" and the cookie names an expired session, keeps the form under a
/// token in the cookie.
pub async fn keep_if_refused<B: MessageBody>(
    mut req: ServiceRequest,
    body: Bytes,
    next: Next<B>,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let gate = state
        .as_ref()
        .and_then(|s| Gate::of(req.request(), &s.config));
    let keep = same_site(&req).then(|| (req.path().to_string(), body.clone()));
    let session = req.get_session();
    req.set_payload(super::csrf::bytes_payload(body));
    let res = next.call(req).await?;
    if let (StatusCode::UNAUTHORIZED, Some((path, body)), Some(state), Some(gate)) =
        (res.status(), keep, state, gate)
    {
        keep_form(&state, &session, gate, path, body).await;
    }
    Ok(res)
}

/// Keeps the form when the session is a tombstone, within the caps; a refusal only means the
/// form is not kept, so it is logged, not answered.
async fn keep_form(state: &AppState, session: &Session, gate: Gate, path: String, body: Bytes) {
    let token = crate::auth::token::random_hex();
    let hash = crate::auth::token::digest(&token);
    let text = String::from_utf8_lossy(&body).to_string();
    let kept = state
        .db(move |c| match gate.expired(c)? {
            Some(id) => Ok(SavedForm::keep(c, id, &hash, &path, &text)?.is_ok()),
            None => Ok(false),
        })
        .await;
    match kept {
        Ok(true) => {
            let _ = session.insert(KEY, token);
        }
        Ok(false) => {}
        Err(e) => tracing::warn!("a form posted after its session expired was not kept: {e}"),
    }
}

/// Only forms this site served are kept: the browser names where a post comes from.
fn same_site(req: &ServiceRequest) -> bool {
    let host = req.connection_info().host().to_string();
    let from = req
        .headers()
        .get("Origin")
        .or_else(|| req.headers().get("Referer"));
    let from = from
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<actix_web::http::Uri>().ok());
    from.and_then(|u| u.authority().map(|a| a.as_str() == host))
        .unwrap_or(false)
}

/// Whether a kept form waits for this session (sign-in then goes to `/resume`).
pub fn waiting(session: &Session) -> bool {
    session.get::<String>(KEY).ok().flatten().is_some()
}

/// One field of the kept form.
#[derive(Serialize)]
struct Field {
    name: String,
    value: String,
    long: bool,
}

#[derive(Serialize)]
struct ResumePage {
    action: String,
    fields: Vec<Field>,
}

/// GET /resume: the kept form, once, with what was entered.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> Result<HttpResponse, AppError> {
    let Some(token) = session.get::<String>(KEY).ok().flatten() else {
        return Ok(see_other("/"));
    };
    session.remove(KEY);
    let (hash, me) = (crate::auth::token::digest(&token), actor.person.id);
    let Some(form) = state
        .db(move |c| Ok(SavedForm::take(c, &hash, me)?))
        .await?
    else {
        session::flash(
            &session,
            "warn",
            "The form you were filling in was kept for a day only and has gone.",
        );
        return Ok(see_other("/"));
    };
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&form.body).unwrap_or_default();
    let fields = pairs
        .into_iter()
        .filter(|(name, _)| name != super::csrf::FIELD)
        .map(|(name, value)| Field {
            long: value.len() > 60 || value.contains('\n'),
            name,
            value,
        })
        .collect();
    let page = ResumePage {
        action: form.path,
        fields,
    };
    let chrome = Chrome::new(&session, Some(&actor), "Your unsaved form", "");
    render(&state, "resume", chrome, &page, StatusCode::OK)
}
