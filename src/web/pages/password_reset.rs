//! Pages: asking for a password reset (`/password-reset`). The page says the same words whether
//! or not the address has an account, and only a known address gets a link queued (the link's
//! own page is in `account`).

use super::account::optional_actor;
use crate::domain::{Violation, validate};
use crate::error::AppError;
use crate::models::account_link::{AccountLink, LinkPurpose};
use crate::models::person::Person;
use crate::route;
use crate::web::AppState;
use crate::web::form::FieldErrors;
use crate::web::render::{Chrome, render_form_status};
use crate::web::routes::RouteDef;
use actix_session::SessionExt;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/password-reset" => request_form),
        route!(POST "/password-reset" => request_submit),
    ]
}

/// What the reset request page says, whether or not the address has an account, so the page
/// tells nobody who is registered.
pub const RESET_REQUESTED: &str = "If an account exists for that address, we have sent a link to reset its password. The link works once, for one hour.";

/// The reset request form as typed.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RequestForm {
    /// Address.
    #[serde(default)]
    pub email: String,
}

#[derive(Serialize)]
struct RequestPage<'a> {
    form: &'a RequestForm,
    sent: Option<&'static str>,
}

/// GET /password-reset: asks for the address.
pub async fn request_form(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    request_page(
        &state,
        &req,
        &RequestForm::default(),
        None,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// POST /password-reset: queues a reset link when the address has an account, and says the same
/// words either way. Requests per address are throttled like sign-ins (counted for every
/// address, so the refusal tells nothing either), so nobody can flood an inbox.
pub async fn request_submit(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<RequestForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let email = match validate::email(&form.email) {
        Ok(e) => e,
        Err(v) => {
            let mut errors = FieldErrors::default();
            errors.add(v);
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return request_page(&state, &req, &form, None, errors, status).await;
        }
    };
    let key = format!("password-reset:{email}");
    if let Some(wait) = state.throttled(&key).await? {
        return too_many(&state, &req, &form, wait).await;
    }
    state.failed_attempt(&key).await?;
    queue_reset(&state, email).await?;
    let sent = Some(RESET_REQUESTED);
    let ok = StatusCode::OK;
    request_page(&state, &req, &form, sent, FieldErrors::default(), ok).await
}

/// Queues a reset link for the address's person, if there is one, and nudges the worker.
async fn queue_reset(state: &AppState, email: String) -> Result<(), AppError> {
    let now = crate::models::now();
    let queued = state
        .db(move |c| match Person::find_by_email(c, &email)? {
            Some(p) if p.is_active() => {
                AccountLink::issue(c, p.id, LinkPurpose::PasswordReset, "", now)?;
                Ok(true)
            }
            _ => Ok(false),
        })
        .await?;
    if queued {
        state.mail_wake.notify();
    }
    Ok(())
}

async fn too_many(
    state: &AppState,
    req: &HttpRequest,
    form: &RequestForm,
    wait: u64,
) -> Result<HttpResponse, AppError> {
    let mut errors = FieldErrors::default();
    errors.add(Violation::new(
        "email",
        format!(
            "has had several reset links lately; try again in {} minutes",
            wait.div_ceil(60)
        ),
    ));
    let status = StatusCode::TOO_MANY_REQUESTS;
    let mut res = request_page(state, req, form, None, errors, status).await?;
    res.headers_mut()
        .insert(actix_web::http::header::RETRY_AFTER, wait.into());
    Ok(res)
}

async fn request_page(
    state: &AppState,
    req: &HttpRequest,
    form: &RequestForm,
    sent: Option<&'static str>,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let actor = optional_actor(state, req).await?;
    let chrome = Chrome::new(
        &req.get_session(),
        actor.as_ref(),
        "Reset your password",
        "",
    );
    let body = RequestPage { form, sent };
    render_form_status(
        state,
        "password_reset_request",
        chrome,
        &body,
        errors,
        status,
    )
}
