//! Calling a meeting off from its page (staff), and the answer both cancel forms share: back to
//! the event's page with how many people will be told, or why nothing was done.

use crate::error::AppError;
use crate::models::meeting::Meeting;
use crate::web::AppState;
use crate::web::actor::PageActor;
use crate::web::form;
use crate::web::render::see_other;
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// The cancel form: the version the page showed (the CSRF token is checked before the handler).
#[derive(Debug, Default, Deserialize)]
pub struct CancelForm {
    /// The version the page was rendered from.
    #[serde(default)]
    pub version: String,
}

/// POST /meetings/{id}/cancel (staff): cancels the meeting as shown; everyone concerned is told.
pub async fn cancel(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<CancelForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let id = path.into_inner();
    let typed = body.into_inner();
    let done = state
        .db(move |c| {
            super::show::find_meeting(c, id)?;
            let version = form::int("version", &typed.version)?;
            Meeting::cancel(c, &actor.audit(), id, version, crate::models::now())
                .map(|(_, told)| told)
        })
        .await;
    if done.is_ok() {
        state.mail_wake.notify();
    }
    answered(&session, "meeting", &format!("/meetings/{id}"), done)
}

/// POST /meetings/{id}/restore (director): puts the cancelled meeting back on; everyone invited
/// is told.
pub async fn restore(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<CancelForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let id = path.into_inner();
    let typed = body.into_inner();
    let done = state
        .db(move |c| {
            super::show::find_meeting(c, id)?;
            let version = form::int("version", &typed.version)?;
            Meeting::restore(c, &actor.audit(), id, version, crate::models::now())
                .map(|(_, told)| told)
        })
        .await;
    if done.is_ok() {
        state.mail_wake.notify();
    }
    answered_as(
        &session,
        Verb::Restored,
        "meeting",
        &format!("/meetings/{id}"),
        done,
    )
}

/// What a cancel or restore form did, as its note says it.
#[derive(Debug, Clone, Copy)]
pub(in crate::web::pages) enum Verb {
    /// Called off.
    Cancelled,
    /// Put back on.
    Restored,
}

impl Verb {
    /// The note for `n` people told.
    fn done(self, what: &str, n: usize) -> String {
        match (self, n) {
            (Verb::Cancelled, 1) => "Cancelled; 1 person will be told.".to_string(),
            (Verb::Cancelled, n) => format!("Cancelled; {n} people will be told."),
            (Verb::Restored, n) => {
                format!("Restored: the {what} is on again; {n} people will be told.")
            }
        }
    }

    /// The verb's -ing form and the word for a refusal ("cancelling", "Not cancelled").
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Verb::Cancelled => ("cancelling", "Not cancelled"),
            Verb::Restored => ("restoring", "Not restored"),
        }
    }
}

/// Back to `href` with a note: how many people will be told, or why the `what` was not
/// cancelled (already cancelled, or changed since the page was opened). Other errors pass on.
pub(in crate::web::pages) fn answered(
    session: &Session,
    what: &str,
    href: &str,
    done: Result<usize, AppError>,
) -> Result<HttpResponse, AppError> {
    answered_as(session, Verb::Cancelled, what, href, done)
}

/// [`answered`] for either form.
pub(in crate::web::pages) fn answered_as(
    session: &Session,
    verb: Verb,
    what: &str,
    href: &str,
    done: Result<usize, AppError>,
) -> Result<HttpResponse, AppError> {
    let (doing, not_done) = verb.words();
    let (kind, text) = match done {
        Ok(n) => ("ok", verb.done(what, n)),
        Err(AppError::Conflict(_)) => (
            "error",
            format!("This {what} changed since the page was opened; look again before {doing} it."),
        ),
        Err(e) => match e.violations().first() {
            Some(v) if v.field == "cancelled" => ("error", format!("This {what} {}.", v.message)),
            Some(v) => ("error", format!("{not_done}: {} {}.", v.field, v.message)),
            None => return Err(e),
        },
    };
    session::flash(session, kind, text);
    Ok(see_other(href))
}
