//! API: calling a convening off (directors). The convening stays, marked cancelled; its pending
//! reminders and host notes are cancelled and everyone concerned is told, in the same transaction.

use super::{ConveningDetail, detail, find};
use crate::error::AppError;
use crate::models::convening::Convening;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::access::or_conflict;
use crate::web::api::meetings::cancel::CancelBody;
use crate::web::form;
use actix_web::{HttpResponse, web};

/// Cancels a convening (directors) from the version read: it stays listed, marked cancelled, and
/// everyone concerned is told by email. A stale version gets 409 with the current convening
/// under `current`; a convening already cancelled is a 422 on `cancelled`.
#[utoipa::path(post, path = "/api/v1/convenings/{id}/cancel", operation_id = "cancel_convening", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id")), request_body = CancelBody,
    responses((status = 200, body = ConveningDetail), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not a director"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds the record"),
              (status = 422, description = "already cancelled (field `cancelled`)")))]
pub async fn cancel(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: CancelBody = form::json(&body)?;
    let id = id.into_inner();
    let detail = state
        .db(move |c| {
            find(c, id)?;
            let done = Convening::cancel(c, &actor.audit(), id, body.version, crate::models::now());
            or_conflict(c, done, |c| find(c, id))?;
            detail(c, id)
        })
        .await?;
    state.mail_wake.notify();
    Ok(HttpResponse::Ok().json(detail))
}

/// Restores a cancelled convening (directors) from the version read: it is on again, its
/// reminders are planned anew and everyone invited is told. A stale version is a 409; one not
/// cancelled or already begun is a 422 on `cancelled`; one whose number another convening of
/// the year now holds, a 422 on `number`.
#[utoipa::path(post, path = "/api/v1/convenings/{id}/restore", operation_id = "restore_convening", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id")), request_body = CancelBody,
    responses((status = 200, body = ConveningDetail), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not a director"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds the record"),
              (status = 422, description = "not cancelled or begun (field `cancelled`), its number taken (field `number`)")))]
pub async fn restore(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: CancelBody = form::json(&body)?;
    let id = id.into_inner();
    let detail = state
        .db(move |c| {
            find(c, id)?;
            let done =
                Convening::restore(c, &actor.audit(), id, body.version, crate::models::now());
            or_conflict(c, done, |c| find(c, id))?;
            detail(c, id)
        })
        .await?;
    state.mail_wake.notify();
    Ok(HttpResponse::Ok().json(detail))
}
