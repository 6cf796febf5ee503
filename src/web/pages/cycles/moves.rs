//! What the worksheet's smaller forms do: move the cycle one step on (or back) — a refused move
//! comes back with every missing field named beside it — start the next cycle of the ramp, and
//! add a coaching comment.

use super::worksheet::{Typed, page};
use super::{flash_saved, renamed, status_label};
use crate::domain::cycle::CycleStatus;
use crate::error::AppError;
use crate::models::cycle::{CommentRow, Cycle, NextInput};
use crate::web::AppState;
use crate::web::actor::PageActor;
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{Action, Resource, writable};
use crate::web::render::see_other;
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// Said when a move or a next cycle meets someone else's save.
const CHANGED: &str = "Someone else changed this cycle since you opened it. This is the cycle as it is now: check it and try again.";

/// The status form: where to, from the version read.
#[derive(Debug, Default, Deserialize)]
pub struct MoveForm {
    /// The status asked for.
    #[serde(default)]
    pub to: String,
    /// The version read.
    #[serde(default)]
    pub version: String,
}

/// The next-cycle form as typed; blanks take the model's defaults (title numbered, dates
/// following on, as long as this cycle).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct NextForm {
    /// Title of the next cycle.
    #[serde(default)]
    pub next_title: String,
    /// Its first day.
    #[serde(default)]
    pub next_start: String,
    /// Its last day.
    #[serde(default)]
    pub next_end: String,
    /// The version of this cycle read.
    #[serde(default)]
    pub version: String,
}

/// The comment form as typed.
#[derive(Debug, Default, Deserialize)]
pub struct CommentForm {
    /// The feedback.
    #[serde(default)]
    pub body: String,
}

/// A refusal as the worksheet shows it: a stale version is a 409 with the cycle as it is now.
fn refusal(e: AppError) -> Result<(FieldErrors, StatusCode), AppError> {
    match e {
        AppError::Conflict(_) => {
            let mut errors = FieldErrors::default();
            errors.add(crate::domain::Violation::new("", CHANGED));
            Ok((errors, StatusCode::CONFLICT))
        }
        e => Ok((form::refused(e)?, StatusCode::UNPROCESSABLE_ENTITY)),
    }
}

/// POST /cycles/{id}/status (the team's members, directors): one step on or back, when the
/// part the status needs is filled.
pub async fn move_to(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<MoveForm>,
) -> Result<HttpResponse, AppError> {
    let (id, f) = (path.into_inner(), form.into_inner());
    let a = actor.clone();
    let result = state
        .db(move |c| {
            writable::<Cycle>(c, &a, id, (Resource::Cycles, Action::Edit))?;
            let mut e = FieldErrors::default();
            let to = e.take(form::choice::<CycleStatus>("status", &f.to));
            let version = e.take(form::int("version", &f.version));
            let (Some(to), Some(version)) = (to, version) else {
                return Err(AppError::Invalid(e.list()));
            };
            Cycle::move_to(c, id, version, to)
        })
        .await;
    match result {
        Ok((d, warnings)) => {
            let text = format!("The cycle moved to {}.", status_label(&d.cycle.status));
            flash_saved(&session, &text, warnings);
            Ok(see_other(&format!("/cycles/{id}")))
        }
        Err(e) => page(&state, &session, actor, id, Typed::default(), refusal(e)?).await,
    }
}

/// The next cycle's messages on the form's names.
fn next_field(field: &str) -> Option<String> {
    let name = match field {
        "title" => "next_title",
        "planned_start" => "next_start",
        "planned_end" => "next_end",
        _ => return None,
    };
    Some(name.into())
}

/// The typed next-cycle form read into the model's input and the version it was made from.
fn next_input(f: &NextForm) -> Result<(i32, NextInput), AppError> {
    let mut e = FieldErrors::default();
    let version = e.take(form::int("version", &f.version));
    let start = e.take(form::opt_date("next_start", &f.next_start));
    let end = e.take(form::opt_date("next_end", &f.next_end));
    let (Some(version), Some(planned_start), Some(planned_end)) = (version, start, end) else {
        return Err(AppError::Invalid(e.list()));
    };
    let title = Some(f.next_title.trim().to_string()).filter(|t| !t.is_empty());
    let next = NextInput {
        title,
        planned_start,
        planned_end,
    };
    Ok((version, next))
}

/// POST /cycles/{id}/next (the team's members, directors): starts the next cycle of the ramp
/// from a cycle decided adopt or adapt, and opens it.
pub async fn next(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<NextForm>,
) -> Result<HttpResponse, AppError> {
    let (id, f) = (path.into_inner(), form.into_inner());
    let (a, typed) = (actor.clone(), f.clone());
    let result = state
        .db(move |c| {
            writable::<Cycle>(c, &a, id, (Resource::Cycles, Action::Create))?;
            let (version, next) = next_input(&typed)?;
            Cycle::start_next(c, id, version, &next).map_err(|e| renamed(e, next_field))
        })
        .await;
    match result {
        Ok((d, warnings)) => {
            flash_saved(&session, "Next cycle started: plan it here.", warnings);
            Ok(see_other(&format!("/cycles/{}", d.cycle.id)))
        }
        Err(e) => {
            let shown = refusal(e)?;
            let typed = Typed {
                next: f,
                ..Typed::default()
            };
            page(&state, &session, actor, id, typed, shown).await
        }
    }
}

/// POST /cycles/{id}/comments (the team's members, facilitators, directors): adds a comment.
pub async fn comment(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<CommentForm>,
) -> Result<HttpResponse, AppError> {
    let (id, f) = (path.into_inner(), form.into_inner());
    let (a, body) = (actor.clone(), f.body.clone());
    let result = state
        .db(move |c| {
            let cycle: Cycle = writable(c, &a, id, (Resource::Comments, Action::Create))?;
            CommentRow::add(c, cycle.id, a.person.id, &body)
        })
        .await;
    match result {
        Ok(_) => {
            session::flash(&session, "ok", "Comment added.");
            Ok(see_other(&format!("/cycles/{id}#comments")))
        }
        Err(e) => {
            let shown = refusal(e)?;
            let typed = Typed {
                comment: f.body,
                ..Typed::default()
            };
            page(&state, &session, actor, id, typed, shown).await
        }
    }
}
