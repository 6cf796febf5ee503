//! Pages: everyone in the collective with their role and this year's team (staff); directors add
//! people and change roles.

use crate::db::DbConn;
use crate::domain::Violation;
use crate::domain::roles::GlobalRole;
use crate::error::AppError;
use crate::models::account_link::{AccountLink, LinkPurpose};
use crate::models::not_found;
use crate::models::person::Person;
use crate::models::team::Team;
use crate::models::year::ProgramYear;
use crate::route;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{Chrome, SelectOption, render_form_status, see_other};
use crate::web::routes::RouteDef;
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/people" => index),
        route!(POST "/people" => create),
        route!(POST "/people/{id}/role" => change_role),
        route!(POST "/people/{id}/invite" => reinvite),
    ]
}

/// The add-person form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct PersonForm {
    /// Full name.
    #[serde(default)]
    pub name: String,
    /// Address.
    #[serde(default)]
    pub email: String,
    /// Global role value.
    #[serde(default)]
    pub role: String,
}

/// The change-role form.
#[derive(Debug, Default, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

#[derive(Serialize)]
struct TeamRef {
    id: i32,
    name: String,
}

#[derive(Serialize)]
struct PersonRow {
    id: i32,
    name: String,
    email: String,
    role: String,
    role_label: &'static str,
    can_sign_in: bool,
    is_me: bool,
    team: Option<TeamRef>,
    roles: Vec<SelectOption>,
    role_error: Option<String>,
}

#[derive(Serialize)]
struct PeoplePage {
    year: Option<String>,
    people: Vec<PersonRow>,
    can_manage: bool,
    roles: Vec<SelectOption>,
    form: PersonForm,
}

/// A role-change refusal, shown in the person's row.
struct RowError {
    person_id: i32,
    message: String,
}

/// GET /people (staff).
pub async fn index(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    page(
        &state,
        &session,
        actor,
        PersonForm::default(),
        FieldErrors::default(),
        None,
    )
    .await
}

/// Renders the page; 422 when there are errors in the add form or a row.
async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    form: PersonForm,
    errors: FieldErrors,
    row_error: Option<RowError>,
) -> Result<HttpResponse, AppError> {
    let status = if errors.is_empty() && row_error.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let a = actor.clone();
    let (year, people) = state.db(move |c| people_data(c, &a, row_error)).await?;
    let body = PeoplePage {
        year,
        people,
        can_manage: actor.is_director(),
        roles: role_options(&form.role),
        form,
    };
    let chrome = Chrome::new(session, Some(&actor), "People", "people");
    render_form_status(state, "people", chrome, &body, errors, status)
}

fn role_options(current: &str) -> Vec<SelectOption> {
    GlobalRole::ALL
        .iter()
        .map(|r| SelectOption::new(r.as_str(), r.label(), current))
        .collect()
}

/// Everyone with this year's team, in three queries.
fn people_data(
    c: &mut DbConn,
    actor: &Actor,
    row_error: Option<RowError>,
) -> Result<(Option<String>, Vec<PersonRow>), AppError> {
    let year = ProgramYear::this_year(c)?;
    let teams = match &year {
        Some(y) => Team::assignments(c, y.id)?,
        None => vec![],
    };
    let rows = Person::list(c)?
        .into_iter()
        .map(|p| PersonRow {
            team: teams.iter().find(|t| t.0 == p.id).map(|t| TeamRef {
                id: t.1,
                name: t.2.clone(),
            }),
            role_error: row_error
                .as_ref()
                .filter(|e| e.person_id == p.id)
                .map(|e| e.message.clone()),
            roles: role_options(&p.role),
            role_label: p.global_role().label(),
            can_sign_in: p.password_hash.is_some(),
            is_me: p.id == actor.person.id,
            id: p.id,
            name: p.name,
            email: p.email,
            role: p.role,
        })
        .collect();
    Ok((year.map(|y| y.label), rows))
}

/// POST /people (director): adds a person and emails them an invitation to set a password (they
/// cannot sign in until they do).
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    form: web::Form<PersonForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let form = form.into_inner();
    let (typed, by) = (form.clone(), actor.audit());
    match state.db(move |c| add(c, &typed, &by)).await {
        Ok(p) => {
            state.mail_wake.notify();
            session::flash(
                &session,
                "ok",
                format!(
                    "{} added, and an invitation was emailed to {}: they can sign in once they set a password with its link (valid for 7 days).",
                    p.name, p.email
                ),
            );
            Ok(see_other("/people"))
        }
        Err(e) => page(&state, &session, actor, form, form::refused(e)?, None).await,
    }
}

/// Reads the form as the API reads its body, and adds the person with their invitation.
fn add(
    c: &mut DbConn,
    f: &PersonForm,
    by: &crate::models::audit::AuditActor,
) -> Result<Person, AppError> {
    let (name, email, role) = crate::web::api::people::checked(&f.name, &f.email, &f.role)?;
    crate::web::api::people::invite_with_link(c, by, &name, &email, role).map(|(p, _)| p)
}

/// POST /people/{id}/invite (director): a new invitation for someone who has not set a password
/// yet; their earlier links stop working.
pub async fn reinvite(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, inviter) = (path.into_inner(), actor.person.name.clone());
    let person = state
        .db(move |c| {
            let person = Person::find(c, id).map_err(not_found("person"))?;
            if person.password_hash.is_some() {
                return Ok(Err(person));
            }
            let now = crate::models::now();
            AccountLink::issue(c, id, LinkPurpose::Invitation, &inviter, now)?;
            Ok(Ok(person))
        })
        .await?;
    match person {
        Ok(p) => {
            state.mail_wake.notify();
            let text = format!(
                "A new invitation was emailed to {}; earlier invitation links no longer work.",
                p.email
            );
            session::flash(&session, "ok", text);
        }
        Err(p) => {
            let text = format!(
                "{} has a password already; if they forgot it, they can reset it from the sign-in page.",
                p.name
            );
            session::flash(&session, "error", text);
        }
    }
    Ok(see_other("/people"))
}

/// POST /people/{id}/role (director): changes someone's role. A director cannot change their own,
/// so the collective is never left without one by accident.
pub async fn change_role(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let id = path.into_inner();
    let (role, by) = (form.into_inner().role, actor.audit());
    match state.db(move |c| set_role(c, &by, id, &role)).await {
        Ok(p) => {
            session::flash(
                &session,
                "ok",
                format!(
                    "{} is now a {}.",
                    p.name,
                    p.global_role().label().to_lowercase()
                ),
            );
            Ok(see_other("/people"))
        }
        Err(e) if !e.violations().is_empty() => {
            let message = e
                .violations()
                .iter()
                .map(|v| v.message.clone())
                .collect::<Vec<_>>()
                .join("; ");
            page(
                &state,
                &session,
                actor,
                PersonForm::default(),
                FieldErrors::default(),
                Some(RowError {
                    person_id: id,
                    message,
                }),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

fn set_role(
    c: &mut DbConn,
    by: &crate::models::audit::AuditActor,
    id: i32,
    role: &str,
) -> Result<Person, AppError> {
    let person = Person::find(c, id).map_err(not_found("person"))?;
    let role = form::choice::<GlobalRole>("role", role)?;
    if Some(person.id) == by.person_id && role != person.global_role() {
        return Err(Violation::new(
            "role",
            "cannot be changed by yourself: ask another director",
        )
        .into());
    }
    Person::set_role(c, by, id, role)?;
    Ok(Person::find(c, id)?)
}
