//! Page rendering: the handlebars registry, the `chrome` every page shares (user, CSRF token,
//! flash messages, current section), and typed page contexts.

use super::AppState;
use super::actor::Actor;
use super::form::FieldErrors;
use super::session::{self, Flash};
use crate::assets::Assets;
use crate::domain::Violation;
use crate::error::AppError;
use actix_session::Session;
use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use handlebars::Handlebars;
use serde::Serialize;
use std::collections::BTreeMap;

/// Loads every `*.hbs` under `templates/` (built in, or from `PDSA_ASSET_DIR`), named by relative
/// path without the extension (`home`, `partials/layout`).
pub fn templates(assets: &Assets) -> Result<Handlebars<'static>, String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(false);
    // A partial called from an indented line would otherwise indent every line it renders,
    // changing what a textarea gives back.
    hb.set_prevent_indent(true);
    assets
        .register_templates(&mut hb, "")
        .map_err(|e| format!("cannot load the page templates: {e}"))?;
    Ok(hb)
}

/// The signed-in user as the layout shows them.
#[derive(Debug, Serialize)]
pub struct ChromeUser {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Address.
    pub email: String,
    /// Role value.
    pub role: &'static str,
    /// Director.
    pub is_director: bool,
    /// Director or facilitator.
    pub is_staff: bool,
}

/// What the layout needs on every page.
#[derive(Debug, Serialize)]
pub struct Chrome {
    /// Page title.
    pub title: String,
    /// Signed-in user, if any.
    pub user: Option<ChromeUser>,
    /// The session's CSRF token for forms.
    pub csrf_token: String,
    /// Current nav section.
    pub nav: &'static str,
    /// Messages to show once.
    pub flash: Vec<Flash>,
}

impl Chrome {
    /// The chrome for a page, taking the session's flash messages.
    pub fn new(
        session: &Session,
        actor: Option<&Actor>,
        title: impl Into<String>,
        nav: &'static str,
    ) -> Chrome {
        Chrome {
            title: title.into(),
            user: actor.map(|a| ChromeUser {
                id: a.person.id,
                name: a.person.name.clone(),
                email: a.person.email.clone(),
                role: a.role.as_str(),
                is_director: a.is_director(),
                is_staff: a.is_staff(),
            }),
            csrf_token: session::csrf_token(session),
            nav,
            flash: session::take_flashes(session),
        }
    }
}

/// A page's context: the chrome plus the page's own typed fields.
#[derive(Serialize)]
pub struct Page<'a, T: Serialize> {
    /// Shared layout data.
    pub chrome: Chrome,
    /// The page's data, flattened so templates read `{{field}}`.
    #[serde(flatten)]
    pub body: &'a T,
}

/// Renders `template` with the chrome and body into an HTML response with `status`.
pub fn render<T: Serialize>(
    state: &AppState,
    template: &str,
    chrome: Chrome,
    body: &T,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let html = state.templates.render(template, &Page { chrome, body })?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// A page's context with its form's errors, beside each field (`errors`, read by
/// `partials/field`) and in the summary at the top (`errors_list`).
#[derive(Serialize)]
struct WithErrors<'a, T: Serialize> {
    #[serde(flatten)]
    body: &'a T,
    errors: BTreeMap<String, String>,
    errors_list: Vec<Violation>,
}

/// Renders a page that carries a form: 200 when it is fresh, 422 when it comes back with the
/// errors of a refused save.
pub fn render_form<T: Serialize>(
    state: &AppState,
    template: &str,
    chrome: Chrome,
    body: &T,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_form_status(state, template, chrome, body, errors, status)
}

/// [`render_form`] with a status of the caller's choosing (a 409 beside a conflict).
pub fn render_form_status<T: Serialize>(
    state: &AppState,
    template: &str,
    chrome: Chrome,
    body: &T,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let errors_list = errors.list();
    let body = WithErrors {
        body,
        errors: errors.errors,
        errors_list,
    };
    render(state, template, chrome, &body, status)
}

/// One choice of a select, radio group or checkbox list, as `partials/select` reads it.
#[derive(Debug, Clone, Serialize)]
pub struct SelectOption {
    /// Submitted value.
    pub value: String,
    /// Shown text.
    pub label: String,
    /// Chosen (or checked) now.
    pub selected: bool,
}

impl SelectOption {
    /// An option, selected when its value is what the form holds (spaces aside), so a
    /// re-rendered form keeps the choice the person made.
    pub fn new(value: impl ToString, label: impl Into<String>, current: &str) -> SelectOption {
        let value = value.to_string();
        SelectOption {
            selected: value == current.trim(),
            value,
            label: label.into(),
        }
    }
}

/// A 303 to `to`: the answer to a form that worked (post/redirect/get).
pub fn see_other(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", to))
        .finish()
}

/// A date as people read it: "Tue 14 Oct 2026".
pub fn date(d: chrono::NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// A time as people read it: "08:30".
pub fn time(t: chrono::NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// A UTC instant in the collective's zone with the zone's abbreviation: "Tue 14 Oct 2026, 15:00 EDT".
pub fn local(utc: chrono::NaiveDateTime, tz: chrono_tz::Tz) -> String {
    utc.and_utc()
        .with_timezone(&tz)
        .format("%a %-d %b %Y, %H:%M %Z")
        .to_string()
}
