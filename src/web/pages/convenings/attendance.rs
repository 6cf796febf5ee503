//! Attendance: a person's own RSVP, the director's record of the day, and inviting everyone
//! expected (every team member of the year, the facilitators and the directors).

use super::{back, find};
use crate::domain::attendance::AttendanceStatus;
use crate::error::AppError;
use crate::models::convening::Attendance;
use crate::web::AppState;
use crate::web::actor::PageActor;
use crate::web::form;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// The RSVP / attendance forms.
#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
    #[serde(default)]
    person_id: String,
}

/// POST /convenings/{id}/rsvp: the signed-in person answers for themselves.
pub async fn rsvp(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
    f: web::Form<StatusForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let status: AttendanceStatus = form::choice("status", &f.status)?;
    let a = actor.clone();
    state
        .db(move |c| {
            let cv = find(c, id)?;
            crate::web::rsvp::answer(c, &a, &cv, status)
        })
        .await?;
    let thanks = format!("Thank you — your answer is “{}”.", status.label());
    Ok(back(&session, id, thanks))
}

/// POST /convenings/{id}/attendance (director): records anyone's status.
pub async fn record(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
    f: web::Form<StatusForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let id = id.into_inner();
    let status: AttendanceStatus = form::choice("status", &f.status)?;
    let person = form::int("person_id", &f.person_id)?;
    state
        .db(move |c| {
            find(c, id)?;
            Ok(Attendance::set(c, id, person, status)?)
        })
        .await?;
    Ok(back(&session, id, "Attendance recorded."))
}

/// POST /convenings/{id}/invite (director): puts everyone expected on the list, keeping answers.
pub async fn invite_all(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let id = id.into_inner();
    let n = state
        .db(move |c| {
            find(c, id)?;
            Ok(Attendance::invite_expected(c, id)?)
        })
        .await?;
    Ok(back(
        &session,
        id,
        format!("{n} people are on the invitation list."),
    ))
}
