//! API tokens: exchange email and password for a bearer token; list and revoke your own.

use crate::error::AppError;
use crate::models::token::ApiToken;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::form;
use crate::web::throttle::{Attempt, DEACTIVATED};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::List;

/// `POST /api/v1/tokens` body.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    /// Sign-in address.
    pub email: String,
    /// Password.
    pub password: String,
    /// A name to recognise the token by.
    pub name: String,
}

/// A new token: the secret is shown this once.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NewToken {
    /// Token id (for revoking).
    pub id: i32,
    /// The bearer secret.
    pub token: String,
}

/// Issues a token for a correct email and password, under the sign-in page's throttle.
#[utoipa::path(post, path = "/api/v1/tokens", operation_id = "create_token", tag = "auth", request_body = TokenRequest,
    responses((status = 201, body = NewToken), (status = 401, description = "wrong email or password"),
              (status = 403, description = "the person was deactivated"),
              (status = 422, description = "missing name"),
              (status = 429, description = "too many failures from this address, or for this account from it")))]
pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let body: TokenRequest = form::json(&body)?;
    let name = crate::domain::validate::name("name", &body.name, 100)?;
    let address = crate::web::session::client_address(&req, &state.config);
    let person = match state
        .sign_in_attempt(&body.email, body.password, address)
        .await?
    {
        Attempt::Throttled { wait, .. } => {
            return Err(AppError::TooManyRequests { retry_after: wait });
        }
        Attempt::Wrong => return Err(AppError::Unauthorized),
        Attempt::Deactivated => {
            return Err(AppError::Forbidden(DEACTIVATED.into()));
        }
        Attempt::Ok(person) => person,
    };
    let secret = crate::auth::token::random_hex();
    let hash = crate::auth::token::digest(&secret);
    let token = state
        .db(move |c| Ok(ApiToken::create(c, person.id, &name, &hash)?))
        .await?;
    Ok(HttpResponse::Created().json(NewToken {
        id: token.id,
        token: secret,
    }))
}

/// Your tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/tokens", operation_id = "list_tokens", tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = List<ApiToken>), (status = 401)))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
) -> Result<HttpResponse, AppError> {
    let tokens = state
        .db(move |c| Ok(ApiToken::of_person(c, actor.person.id)?))
        .await?;
    Ok(HttpResponse::Ok().json(List::all(tokens)))
}

/// Revokes one of your tokens.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", operation_id = "delete_token", tag = "auth", security(("bearer" = [])),
    params(("id" = i32, Path, description = "token id")),
    responses((status = 204), (status = 401), (status = 404)))]
pub async fn delete(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let gone = state
        .db(move |c| Ok(ApiToken::delete(c, actor.person.id, id)?))
        .await?;
    if gone {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(AppError::NotFound("token"))
    }
}
