//! Pages: turning reminders off from the link in a reminder. The token in the path is the
//! credential, so no session is needed. GET only asks (mail scanners and link previews follow
//! GET links, and must not unsubscribe anyone); POST does it, and also answers the RFC 8058
//! one-click POST mail providers send (`List-Unsubscribe=One-Click`, no cookie, no CSRF token:
//! `csrf::guard` lets `/unsubscribe/` through for that reason).

use super::account::optional_actor;
use crate::error::AppError;
use crate::models::mail_prefs::MailPrefs;
use crate::models::person::Person;
use crate::route;
use crate::web::AppState;
use crate::web::render::{Chrome, render};
use crate::web::routes::RouteDef;
use actix_session::SessionExt;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/unsubscribe/{token}" => confirm),
        route!(POST "/unsubscribe/{token}" => unsubscribe),
    ]
}

#[derive(Serialize)]
struct UnsubscribePage {
    email: String,
    token: String,
    reminders_off: bool,
    done: bool,
}

/// GET /unsubscribe/{token}: asks, with a button; changes nothing.
pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let t = token.clone();
    let (prefs, person) = state
        .db(move |c| {
            let prefs = MailPrefs::by_unsubscribe_token(c, &t)?
                .ok_or(AppError::NotFound("unsubscribe link"))?;
            let person = Person::find(c, prefs.person_id)?;
            Ok((prefs, person))
        })
        .await?;
    let body = UnsubscribePage {
        email: person.email,
        token,
        reminders_off: prefs.reminders_off,
        done: false,
    };
    page(&state, &req, "Stop reminder emails?", &body).await
}

/// POST /unsubscribe/{token}: turns reminders off. The body is not read: a one-click POST and
/// the confirmation button mean the same.
pub async fn unsubscribe(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = token.into_inner();
    let t = token.clone();
    let person = state
        .db(move |c| {
            let prefs = MailPrefs::by_unsubscribe_token(c, &t)?
                .ok_or(AppError::NotFound("unsubscribe link"))?;
            MailPrefs::set_reminders_off(c, prefs.person_id, true)?;
            Ok(Person::find(c, prefs.person_id)?)
        })
        .await?;
    let body = UnsubscribePage {
        email: person.email,
        token,
        reminders_off: true,
        done: true,
    };
    page(&state, &req, "Reminders are off", &body).await
}

async fn page(
    state: &AppState,
    req: &HttpRequest,
    title: &str,
    body: &UnsubscribePage,
) -> Result<HttpResponse, AppError> {
    let actor = optional_actor(state, req).await?;
    let chrome = Chrome::new(&req.get_session(), actor.as_ref(), title, "");
    render(state, "unsubscribe", chrome, body, StatusCode::OK)
}
