//! Pages: your sessions, on the profile — where you are signed in (since when, last used, from
//! which address, in what browser), signing one of them out, and signing out everywhere.

use crate::db::DbConn;
use crate::error::AppError;
use crate::models::person::Person;
use crate::models::session::UserSession;
use crate::route;
use crate::web::AppState;
use crate::web::actor::PageActor;
use crate::web::render::{self, see_other};
use crate::web::routes::RouteDef;
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(POST "/profile/sessions/{id}/delete" => end_one),
        route!(POST "/profile/sign-out-everywhere" => everywhere),
    ]
}

/// One session as the profile lists it.
#[derive(Debug, Serialize)]
pub struct SessionLine {
    /// Id, for signing it out.
    pub id: i32,
    /// Signed in.
    pub created: String,
    /// Last request.
    pub last_seen: String,
    /// From which address.
    pub address: String,
    /// The browser's own description.
    pub browser: String,
    /// The session of this very request.
    pub current: bool,
}

/// A person's live sessions, newest first, this one marked.
pub fn lines(
    c: &mut DbConn,
    person_id: i32,
    current: Option<i32>,
    tz: chrono_tz::Tz,
) -> Result<Vec<SessionLine>, AppError> {
    let rows = UserSession::live_of_person(c, person_id, crate::models::now())?;
    Ok(rows
        .into_iter()
        .map(|s| SessionLine {
            id: s.id,
            created: render::local(s.created_at, tz),
            last_seen: render::local(s.last_seen_at, tz),
            address: s.last_address,
            browser: s.user_agent,
            current: Some(s.id) == current,
        })
        .collect())
}

/// POST /profile/sessions/{id}/delete: signs one of your sessions out (this one: you are signed
/// out, as with "Sign out").
pub async fn end_one(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, me) = (path.into_inner(), actor.person.id);
    if actor.session_id == Some(id) {
        session::sign_out(&state, &session).await?;
        return Ok(see_other("/sign-in"));
    }
    let gone = state.db(move |c| Ok(UserSession::end(c, me, id)?)).await?;
    if !gone {
        return Err(AppError::NotFound("session"));
    }
    session::flash(&session, "ok", "That session is signed out.");
    Ok(see_other("/profile#sessions"))
}

/// The sign-out-everywhere form: the checkbox is sent only when ticked.
#[derive(Debug, Default, Deserialize)]
pub struct EverywhereForm {
    #[serde(default)]
    tokens: Option<String>,
}

/// POST /profile/sign-out-everywhere: ends every one of your sessions, this one too, and (when
/// ticked) revokes your API tokens; you sign in again.
pub async fn everywhere(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    form: web::Form<EverywhereForm>,
) -> Result<HttpResponse, AppError> {
    let (me, tokens) = (actor.person.id, form.into_inner().tokens.is_some());
    let ended = state
        .db(move |c| Ok(Person::sign_out_everywhere(c, me, tokens)?))
        .await?;
    let (sessions, revoked) = (ended.sessions, ended.tokens);
    session::sign_out(&state, &session).await?;
    let mut text = format!(
        "You are signed out everywhere ({sessions} session{}).",
        if sessions == 1 { "" } else { "s" }
    );
    if tokens {
        text.push_str(&format!(
            " {revoked} API token{} revoked.",
            if revoked == 1 { " was" } else { "s were" }
        ));
    }
    session::flash(&session, "ok", text);
    Ok(see_other("/sign-in"))
}
