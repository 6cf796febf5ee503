//! API: the caller's signed-in browser sessions — list them, sign one out, or sign out
//! everywhere (and, when asked, revoke every API token, the calling one too).

use crate::error::AppError;
use crate::models::person::Person;
use crate::models::session::UserSession;
use crate::route;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::form;
use crate::web::routes::RouteDef;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

use super::List;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/api/v1/sessions" => list),
        route!(DELETE "/api/v1/sessions/{id}" => delete),
        route!(POST "/api/v1/me/sign-out-everywhere" => everywhere),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(list, delete, everywhere),
    components(schemas(SessionOut, EverywhereBody, SignedOut)),
    tags((name = "auth", description = "API tokens and sessions"))
)]
pub struct Doc;

/// A signed-in browser session (never its secret id).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionOut {
    /// Id (for signing it out).
    pub id: i32,
    /// Signed in (RFC 3339, UTC).
    #[schema(value_type = String, example = "2026-12-03T08:47:59Z")]
    pub created_at: DateTime<Utc>,
    /// Last request, to the minute (RFC 3339, UTC).
    #[schema(value_type = String, example = "2026-12-03T09:12:00Z")]
    pub last_used_at: DateTime<Utc>,
    /// When it ends unless used before (idle expiry), or at the latest (absolute expiry).
    #[schema(value_type = String, example = "2026-12-03T21:12:00Z")]
    pub expires_at: DateTime<Utc>,
    /// The client address of its last request.
    pub address: String,
    /// The browser's User-Agent at sign-in.
    pub user_agent: String,
}

impl From<UserSession> for SessionOut {
    fn from(s: UserSession) -> SessionOut {
        SessionOut {
            id: s.id,
            created_at: s.created_at.and_utc(),
            last_used_at: s.last_seen_at.and_utc(),
            expires_at: s.ends_at().and_utc(),
            address: s.last_address,
            user_agent: s.user_agent,
        }
    }
}

/// `POST /api/v1/me/sign-out-everywhere` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct EverywhereBody {
    /// Also revoke every API token, the one making this call too.
    pub revoke_tokens: bool,
}

/// What signing out everywhere ended.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SignedOut {
    /// Sessions signed out.
    pub sessions_ended: usize,
    /// API tokens revoked.
    pub tokens_revoked: usize,
}

/// Your live browser sessions, newest first.
#[utoipa::path(get, path = "/api/v1/sessions", operation_id = "list_sessions", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = List<SessionOut>), (status = 401)))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<HttpResponse, AppError> {
    let me = actor.person.id;
    let rows = state
        .db(move |c| Ok(UserSession::live_of_person(c, me, crate::models::now())?))
        .await?;
    let items: Vec<SessionOut> = rows.into_iter().map(SessionOut::from).collect();
    Ok(HttpResponse::Ok().json(List::all(items)))
}

/// Signs one of your sessions out.
#[utoipa::path(delete, path = "/api/v1/sessions/{id}", operation_id = "delete_session", tag = "auth", security(("bearer" = [])),
    params(("id" = i32, Path, description = "session id")),
    responses((status = 204), (status = 401), (status = 404)))]
pub async fn delete(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, me) = (id.into_inner(), actor.person.id);
    let gone = state.db(move |c| Ok(UserSession::end(c, me, id)?)).await?;
    if gone {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(AppError::NotFound("session"))
    }
}

/// Signs every one of your sessions out and, with `revoke_tokens`, revokes every API token.
#[utoipa::path(post, path = "/api/v1/me/sign-out-everywhere", operation_id = "sign_out_everywhere", tag = "auth",
    request_body = EverywhereBody, security(("bearer" = [])),
    responses((status = 200, body = SignedOut), (status = 400, description = "unreadable body or revoke_tokens missing"),
              (status = 401)))]
pub async fn everywhere(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let body: EverywhereBody = form::json(&body)?;
    let (me, tokens) = (actor.person.id, body.revoke_tokens);
    let ended = state
        .db(move |c| Ok(Person::sign_out_everywhere(c, me, tokens)?))
        .await?;
    Ok(HttpResponse::Ok().json(SignedOut {
        sessions_ended: ended.sessions,
        tokens_revoked: ended.tokens,
    }))
}
