//! API: who comes to a convening. The facilitation team sees every line; a member sees the
//! head count and their own answer. People answer for themselves (attending or not); directors
//! record any status, including who came.

use super::{HeadCount, count, find};
use crate::domain::attendance::AttendanceStatus;
use crate::error::AppError;
use crate::models::convening::{Attendance, AttendanceLine};
use crate::models::person::Person;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::shared::{self, Paging, not_found};
use crate::web::form;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The attendance of a convening as the caller may see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AttendanceView {
    /// Every line (facilitation team), or the caller's own line only (members).
    pub items: Vec<AttendanceLine>,
    /// Cursor (a person id) when more lines remain.
    pub next: Option<String>,
    /// Expected head count over everyone invited.
    pub head_count: HeadCount,
    /// The caller's own status, when they are on the list.
    pub my_status: Option<String>,
}

/// A status to set: invited | attending | not_attending | attended | absent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusBody {
    /// The status; people answering for themselves may choose attending or not_attending.
    pub status: String,
}

/// Attendance and head count.
#[utoipa::path(get, path = "/api/v1/convenings/{id}/attendance", operation_id = "get_attendance", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id"), shared::PageParams),
    responses((status = 200, body = AttendanceView), (status = 401), (status = 404),
              (status = 422, description = "bad limit or cursor")))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, page) = (id.into_inner(), Paging::from_request(&req)?);
    let lines = state
        .db(move |c| {
            find(c, id)?;
            Ok(Attendance::of_convening(c, id)?)
        })
        .await?;
    let head_count = count(&lines);
    let me = actor.person.id;
    let my_status = lines
        .iter()
        .find(|l| l.person_id == me)
        .map(|l| l.status.clone());
    let visible: Vec<AttendanceLine> = if actor.is_staff() {
        lines
    } else {
        lines.into_iter().filter(|l| l.person_id == me).collect()
    };
    let list = page.slice(visible, |l| l.person_id)?;
    Ok(HttpResponse::Ok().json(AttendanceView {
        items: list.items,
        next: list.next,
        head_count,
        my_status,
    }))
}

/// Answers for yourself: attending or not_attending. Open to anyone on the attendance list, on
/// a team in the convening's year (who is added to the list), and the facilitation team.
#[utoipa::path(put, path = "/api/v1/convenings/{id}/rsvp", operation_id = "rsvp", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id")), request_body = StatusBody,
    responses((status = 200, body = AttendanceLine), (status = 400), (status = 401),
              (status = 403, description = "not invited, on no team that year, not staff"), (status = 404),
              (status = 422, description = "a status other than attending or not_attending")))]
pub async fn rsvp(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let line = state
        .db(move |c| {
            let convening = find(c, id)?;
            crate::web::rsvp::may_answer(c, &actor, &convening)?;
            let body: StatusBody = form::json(&body)?;
            let status: AttendanceStatus = form::choice("status", &body.status)?;
            crate::web::rsvp::answer(c, &actor, &convening, status)?;
            Ok(AttendanceLine {
                person_id: actor.person.id,
                person_name: actor.person.name,
                status: status.as_str().into(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(line))
}

/// Records anyone's status (directors), such as who came.
#[utoipa::path(put, path = "/api/v1/convenings/{id}/attendance/{person_id}", operation_id = "record_attendance", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id"), ("person_id" = i32, Path, description = "person id")),
    request_body = StatusBody,
    responses((status = 200, body = AttendanceLine), (status = 400), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "an unknown status")))]
pub async fn record(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    path: web::Path<(i32, i32)>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: StatusBody = form::json(&body)?;
    let status: AttendanceStatus = form::choice("status", &body.status)?;
    let (id, person_id) = path.into_inner();
    let line = state
        .db(move |c| {
            find(c, id)?;
            let person = Person::find(c, person_id).map_err(not_found("person"))?;
            Attendance::set(c, id, person.id, status)?;
            Ok(AttendanceLine {
                person_id: person.id,
                person_name: person.name,
                status: status.as_str().into(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(line))
}
