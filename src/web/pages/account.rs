//! Pages: setting a password from an emailed link — the invitation a director's new person gets
//! (`/welcome/<token>`) and a password reset (`/password-reset/<token>`, asked for on
//! `password_reset`). These are used signed out, so the CSRF guard checks them even then
//! (`csrf::ANONYMOUS_FORMS`).

use crate::auth::password;
use crate::domain::Violation;
use crate::error::AppError;
use crate::models::account_link::{AccountLink, LinkPurpose, LinkRefused};
use crate::models::person::Person;
use crate::route;
use crate::web::AppState;
use crate::web::actor::Actor;
use crate::web::form::FieldErrors;
use crate::web::pages::profile::ended_words;
use crate::web::render::{Chrome, render, render_form_status, see_other};
use crate::web::routes::RouteDef;
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/welcome/{token}" => welcome_form),
        route!(POST "/welcome/{token}" => welcome_submit),
        route!(GET "/password-reset/{token}" => reset_form),
        route!(POST "/password-reset/{token}" => reset_submit),
    ]
}

/// The words and paths of one kind of link.
struct Flow {
    purpose: LinkPurpose,
    title: &'static str,
    intro: &'static str,
    button: &'static str,
    base: &'static str,
    done: &'static str,
}

const WELCOME: Flow = Flow {
    purpose: LinkPurpose::Invitation,
    title: "Welcome",
    intro: "Choose a password to finish setting up your account. You sign in with your email address and this password.",
    button: "Set my password",
    base: "/welcome/",
    done: "Your password is set.",
};

const RESET: Flow = Flow {
    purpose: LinkPurpose::PasswordReset,
    title: "Choose a new password",
    intro: "Choose a new password for your account. Your old one stops working.",
    button: "Set my new password",
    base: "/password-reset/",
    done: "Your password is changed.",
};

/// The set-password form as typed (never echoed back).
#[derive(Debug, Default, Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

#[derive(Serialize)]
struct PasswordPage {
    heading: &'static str,
    intro: &'static str,
    button: &'static str,
    action: String,
    person_name: String,
}

#[derive(Serialize)]
struct RefusedPage {
    message: &'static str,
    invitation: bool,
}

/// The signed-in person, if any, so the layout shows them on these signed-out pages too.
pub async fn optional_actor(
    state: &AppState,
    req: &HttpRequest,
) -> Result<Option<Actor>, AppError> {
    session::current(state, req).await
}

/// GET /welcome/{token}: the invitation's set-password form, or why the link is refused.
pub async fn welcome_form(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let at = At {
        session: &session,
        req: &req,
    };
    show(&state, &at, &WELCOME, token.into_inner()).await
}

/// POST /welcome/{token}: sets the first password and signs the person in.
pub async fn welcome_submit(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    token: web::Path<String>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    submit(
        &state,
        &At {
            session: &session,
            req: &req,
        },
        &WELCOME,
        token.into_inner(),
        form.into_inner(),
    )
    .await
}

/// GET /password-reset/{token}: the new-password form, or why the link is refused.
pub async fn reset_form(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let at = At {
        session: &session,
        req: &req,
    };
    show(&state, &at, &RESET, token.into_inner()).await
}

/// POST /password-reset/{token}: sets the new password and signs the person in.
pub async fn reset_submit(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    token: web::Path<String>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    submit(
        &state,
        &At {
            session: &session,
            req: &req,
        },
        &RESET,
        token.into_inner(),
        form.into_inner(),
    )
    .await
}

/// The form for a usable link (named for its person), else the refusal page.
async fn show(
    state: &AppState,
    at: &At<'_>,
    flow: &Flow,
    token: String,
) -> Result<HttpResponse, AppError> {
    show_with(state, at, flow, token, FieldErrors::default()).await
}

/// Checks the typed password, then uses the link and sets it in one transaction (so a refused
/// password leaves the link usable, and two racing posts set it once).
async fn submit(
    state: &AppState,
    at: &At<'_>,
    flow: &Flow,
    token: String,
    form: PasswordForm,
) -> Result<HttpResponse, AppError> {
    let errors = check(&form);
    if !errors.is_empty() {
        return show_with(state, at, flow, token, errors).await;
    }
    let (purpose, now, t) = (flow.purpose, crate::models::now(), token);
    let outcome = state
        .db(move |c| {
            let hash = password::hash(&form.password).map_err(AppError::Internal)?;
            c.write_transaction(
                |c| match AccountLink::set_password(c, &t, purpose, &hash, now)? {
                    Ok(pid) => Ok(Ok((
                        Person::find(c, pid)?,
                        Person::end_access(c, pid, None, now)?,
                    ))),
                    Err(refused) => Ok(Err(refused)),
                },
            )
        })
        .await?;
    let (person, ended) = match outcome {
        Ok(p) => p,
        Err(refused) => return refused_page(state, at, flow, refused).await,
    };
    let origin = session::origin(at.req, &state.config);
    session::sign_in(state, at.session, origin, &person).await?;
    let text = format!(
        "{}{} Welcome, {}.",
        flow.done,
        ended_words(ended),
        person.name
    );
    session::flash(at.session, "ok", text);
    Ok(see_other("/"))
}

/// A request's session and the request itself, which these pages pass along together.
struct At<'a> {
    session: &'a Session,
    req: &'a HttpRequest,
}

/// The form with the password's problems (none on a first view), if the link still works.
async fn show_with(
    state: &AppState,
    at: &At<'_>,
    flow: &Flow,
    token: String,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (purpose, now, t) = (flow.purpose, crate::models::now(), token.clone());
    let found = state
        .db(move |c| match AccountLink::peek(c, &t, purpose, now)? {
            Ok(link) => Ok(Ok(Person::find(c, link.person_id)?.name)),
            Err(refused) => Ok(Err(refused)),
        })
        .await?;
    match found {
        Ok(name) => password_page(state, at, flow, &token, name, errors).await,
        Err(refused) => refused_page(state, at, flow, refused).await,
    }
}

/// The password's problems: the profile's rule, and the confirmation must match.
fn check(form: &PasswordForm) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.take(password::check_new(&form.password));
    if form.confirm != form.password {
        errors.add(Violation::new("confirm", "does not match the password"));
    }
    errors
}

async fn password_page(
    state: &AppState,
    at: &At<'_>,
    flow: &Flow,
    token: &str,
    person_name: String,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let actor = optional_actor(state, at.req).await?;
    let chrome = Chrome::new(at.session, actor.as_ref(), flow.title, "");
    let body = PasswordPage {
        heading: flow.title,
        intro: flow.intro,
        button: flow.button,
        action: format!("{}{token}", flow.base),
        person_name,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_form_status(state, "account_password", chrome, &body, errors, status)
}

/// Why the link cannot be used, with the way to a new one: 410 for a link that was good once,
/// 404 for one that never was.
async fn refused_page(
    state: &AppState,
    at: &At<'_>,
    flow: &Flow,
    refused: LinkRefused,
) -> Result<HttpResponse, AppError> {
    let actor = optional_actor(state, at.req).await?;
    let chrome = Chrome::new(at.session, actor.as_ref(), refused.message(), "");
    let status = match refused {
        LinkRefused::Unknown => StatusCode::NOT_FOUND,
        LinkRefused::Expired | LinkRefused::Used => StatusCode::GONE,
    };
    let body = RefusedPage {
        message: refused.message(),
        invitation: flow.purpose == LinkPurpose::Invitation,
    };
    render(state, "account_link_refused", chrome, &body, status)
}
