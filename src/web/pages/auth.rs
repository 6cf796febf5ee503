//! Signing in and out of the pages.

use crate::error::AppError;
use crate::web::AppState;
use crate::web::form::FieldErrors;
use crate::web::render::{Chrome, render, see_other};
use crate::web::session;
use crate::web::throttle::{Attempt, DEACTIVATED};
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
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

/// GET /sign-in: the form (or where `next` points, when already signed in).
pub async fn form(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    q: web::Query<Next>,
) -> Result<HttpResponse, AppError> {
    let next = safe_next(&q.next);
    if session::current(&state, &req).await?.is_some() {
        return Ok(see_other(&next));
    }
    let form = SignInForm {
        next,
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

/// The words for a throttled attempt.
pub fn throttled_message(wait: u64, whole_address: bool) -> String {
    let when = if wait < 120 {
        format!("{wait} seconds")
    } else {
        format!("{} minutes", wait.div_ceil(60))
    };
    if whole_address {
        format!("too many failed sign-ins from your network; try again in {when}")
    } else {
        format!("too many failed attempts for this address; try again in {when}")
    }
}

/// POST /sign-in: the attempt under the throttle's rules (`web::throttle`); 429 with
/// Retry-After when throttled, and a fresh server session when the password is right.
pub async fn submit(
    state: web::Data<AppState>,
    session: Session,
    req: HttpRequest,
    form: web::Form<SignInForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let address = session::client_address(&req, &state.config);
    let attempt = state
        .sign_in_attempt(&form.email, form.password.clone(), address)
        .await?;
    let refusal = |field: &str, message: String, status: StatusCode| {
        let mut errors = FieldErrors::default();
        errors.add(crate::domain::Violation::new(field, message));
        page(&state, &session, &form, errors, status)
    };
    let person = match attempt {
        Attempt::Throttled {
            wait,
            whole_address,
        } => {
            let message = throttled_message(wait, whole_address);
            let mut res = refusal("email", message, StatusCode::TOO_MANY_REQUESTS)?;
            res.headers_mut()
                .insert(actix_web::http::header::RETRY_AFTER, wait.into());
            return Ok(res);
        }
        Attempt::Wrong => {
            let message = "the email or password is not right".to_string();
            return refusal("password", message, StatusCode::UNPROCESSABLE_ENTITY);
        }
        Attempt::Deactivated => {
            return refusal("email", DEACTIVATED.into(), StatusCode::FORBIDDEN);
        }
        Attempt::Ok(person) => person,
    };
    let origin = session::origin(&req, &state.config);
    session::sign_in(&state, &session, origin, &person).await?;
    session::flash(&session, "ok", format!("Welcome, {}.", person.name));
    if crate::web::resume::waiting(&session) {
        return Ok(see_other("/resume"));
    }
    Ok(see_other(&safe_next(&form.next)))
}

/// POST /sign-out: the session's row is deleted, so the cookie (and any copy of it) opens
/// nothing any more.
pub async fn sign_out(
    state: web::Data<AppState>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    session::sign_out(&state, &session).await?;
    Ok(see_other("/sign-in"))
}

/// Where to go after sign-in: a path of this site, else `/`. It must start with one `/` (not
/// `//` or `/\`, which browsers read as another host), and hold only visible ASCII: no
/// control characters (a browser strips a tab or a newline, so `/\t/evil.example` would become
/// `//evil.example`), no spaces, no backslashes; anything else non-ASCII must come
/// percent-encoded, as links from this site do.
pub fn safe_next(next: &str) -> String {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && next.chars().all(|c| c.is_ascii_graphic() && c != '\\');
    if local {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_paths_of_this_site_are_followed() {
        for good in [
            "/",
            "/years/1",
            "/teams/3/variation?measure=2&period=week",
            "/a%2F%2Fb",
        ] {
            assert_eq!(safe_next(good), good);
        }
        let hostile = [
            "",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/\0",
            "/x\u{7f}",
            "/ /evil.example",
            "/\u{a0}/evil.example",
            "/\u{2028}",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "data:text/html,x",
            "evil.example",
            " /years",
        ];
        for bad in hostile {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }
}
