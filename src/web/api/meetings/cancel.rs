//! API: calling a meeting off (the facilitation team). The meeting stays, marked cancelled; its
//! pending reminders are cancelled and everyone concerned is told, in the same transaction.

use super::MeetingDetail;
use crate::error::AppError;
use crate::models::meeting::Meeting;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::access::or_conflict;
use crate::web::api::shared::not_found;
use crate::web::form;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// `POST /api/v1/meetings/{id}/cancel` (and convenings') body: the version that was read.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CancelBody {
    /// The `version` the caller read; a stale one is a 409.
    pub version: i32,
}

/// Cancels a meeting (the facilitation team) from the version read: it stays listed, marked
/// cancelled, and everyone concerned is told by email. A stale version gets 409 with the current
/// meeting under `current`; a meeting already cancelled is a 422 on `cancelled`.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/cancel", operation_id = "cancel_meeting", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "meeting id")), request_body = CancelBody,
    responses((status = 200, body = MeetingDetail), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not staff"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "already cancelled (field `cancelled`)")))]
pub async fn cancel(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let body: CancelBody = form::json(&body)?;
    let id = id.into_inner();
    let detail = state
        .db(move |c| {
            Meeting::find(c, id).map_err(not_found("meeting"))?;
            let done = Meeting::cancel(c, &actor.audit(), id, body.version, crate::models::now());
            let (meeting, _) = or_conflict(c, done, |c| {
                let now = Meeting::find(c, id)?;
                MeetingDetail::load(c, now, None)
            })?;
            MeetingDetail::load(c, meeting, None)
        })
        .await?;
    state.mail_wake.notify();
    Ok(HttpResponse::Ok().json(detail))
}

/// Restores a cancelled meeting (directors) from the version read: it is on again, its
/// reminders are planned anew and everyone invited is told. A stale version is a 409; one not
/// cancelled, or already begun, a 422 on `cancelled`.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/restore", operation_id = "restore_meeting", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "meeting id")), request_body = CancelBody,
    responses((status = 200, body = MeetingDetail), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not a director"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "not cancelled, or begun (field `cancelled`)")))]
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
            Meeting::find(c, id).map_err(not_found("meeting"))?;
            let done = Meeting::restore(c, &actor.audit(), id, body.version, crate::models::now());
            let (meeting, _) = or_conflict(c, done, |c| {
                let now = Meeting::find(c, id)?;
                MeetingDetail::load(c, now, None)
            })?;
            MeetingDetail::load(c, meeting, None)
        })
        .await?;
    state.mail_wake.notify();
    Ok(HttpResponse::Ok().json(detail))
}
