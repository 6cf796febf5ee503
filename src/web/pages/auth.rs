//! Signing in and out of the pages.

use crate::error::AppError;
use crate::models::person::Person;
use crate::web::AppState;
use crate::web::form::FieldErrors;
use crate::web::render::{Chrome, render, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The sign-in form as typed.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SignInForm {
    /// Address.
    #[serde(default)]
    pub email: String,
    /// Password (never echoed back).
    #[serde(default, skip_serializing)]
    pub password: String,
    /// Where to go afterwards.
    #[serde(default)]
    pub next: String,
}

#[derive(Serialize)]
struct SignInPage<'a> {
    form: &'a SignInForm,
    errors: std::collections::BTreeMap<String, String>,
}

/// `?next=` on the sign-in page.
#[derive(Deserialize)]
pub struct Next {
    #[serde(default)]
    next: String,
}

/// GET /sign-in: the form (or home, when already signed in).
pub async fn form(
    state: web::Data<AppState>,
    session: Session,
    q: web::Query<Next>,
) -> Result<HttpResponse, AppError> {
    if session::person_id(&session).is_some() {
        return Ok(see_other(&safe_next(&q.next)));
    }
    let form = SignInForm {
        next: q.next.clone(),
        ..Default::default()
    };
    page(
        &state,
        &session,
        &form,
        FieldErrors::default(),
        StatusCode::OK,
    )
}

fn page(
    state: &AppState,
    session: &Session,
    form: &SignInForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let chrome = Chrome::new(session, None, "Sign in", "");
    render(
        state,
        "sign_in",
        chrome,
        &SignInPage {
            form,
            errors: errors.errors,
        },
        status,
    )
}

/// POST /sign-in: checks the password (argon2, off the async workers), throttles failures per
/// address with 429 and Retry-After, and starts a fresh session.
pub async fn submit(
    state: web::Data<AppState>,
    session: Session,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let key = form.email.trim().to_lowercase();
    if let Some(wait) = state.throttled(&key).await? {
        let mut errors = FieldErrors::default();
        errors.add(crate::domain::Violation::new(
            "email",
            format!(
                "too many failed attempts; try again in {} minutes",
                wait.div_ceil(60)
            ),
        ));
        let mut res = page(
            &state,
            &session,
            &form,
            errors,
            StatusCode::TOO_MANY_REQUESTS,
        )?;
        res.headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, wait.into());
        return Ok(res);
    }
    let person = check_password(&state, key.clone(), form.password.clone()).await?;
    let Some(person) = person else {
        state.failed_attempt(&key).await?;
        let mut errors = FieldErrors::default();
        errors.add(crate::domain::Violation::new(
            "password",
            "the email or password is not right",
        ));
        return page(
            &state,
            &session,
            &form,
            errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    state.cleared_attempts(&key).await?;
    session::sign_in(&session, person.id).map_err(AppError::Internal)?;
    session::flash(&session, "ok", format!("Welcome, {}.", person.name));
    if crate::web::resume::waiting(&session) {
        return Ok(see_other("/resume"));
    }
    Ok(see_other(&safe_next(&form.next)))
}

/// The person whose address and password match, if any. Also used by `POST /api/v1/tokens`.
pub async fn check_password(
    state: &AppState,
    email: String,
    password: String,
) -> Result<Option<Person>, AppError> {
    state
        .db(move |c| {
            let person = Person::find_by_email(c, &email)?;
            Ok(person.filter(|p| {
                p.password_hash
                    .as_deref()
                    .is_some_and(|h| crate::auth::password::verify(&password, h))
            }))
        })
        .await
}

/// POST /sign-out.
pub async fn sign_out(session: Session) -> HttpResponse {
    session::sign_out(&session);
    see_other("/sign-in")
}

/// Only local paths are followed after sign-in, so a link cannot bounce people elsewhere.
fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::safe_next("/years/1"), "/years/1");
        assert_eq!(super::safe_next("//evil.example"), "/");
        assert_eq!(super::safe_next("https://evil.example"), "/");
        assert_eq!(super::safe_next(""), "/");
    }
}
