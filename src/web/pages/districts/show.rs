//! One district: its schools for everyone; its teams by year and this year's meetings for staff
//! and the district's own team. Directors add schools and create this year's team.

use super::NameForm;
use crate::db::DbConn;
use crate::domain::{Violation, validate};
use crate::error::AppError;
use crate::models::district::{District, School};
use crate::models::not_found;
use crate::models::team::Team;
use crate::models::year::{Membership, ProgramYear};
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::pages::meetings::MeetingLine;
use crate::web::render::{Chrome, render_form, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use serde::Serialize;

#[derive(Serialize)]
struct YearTeam {
    id: i32,
    name: String,
    year: String,
    size: i64,
    linked: bool,
}

#[derive(Serialize)]
struct ShowPage {
    id: i32,
    name: String,
    schools: Vec<School>,
    insider: bool,
    can_manage: bool,
    year: Option<String>,
    member: bool,
    current_team: Option<i32>,
    teams: Vec<YearTeam>,
    meetings: Vec<MeetingLine>,
    form: NameForm,
}

/// GET /districts/{id}: schools for everyone; teams and this year's meetings for staff and the
/// district's own team.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    show_page(
        &state,
        &session,
        actor,
        path.into_inner(),
        NameForm::default(),
        FieldErrors::default(),
    )
    .await
}

/// Loads and renders the district page, with the add-school form as typed and its errors.
async fn show_page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    id: i32,
    form: NameForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let a = actor.clone();
    let body = state.db(move |c| show_data(c, &a, id, form)).await?;
    let chrome = Chrome::new(session, Some(&actor), body.name.clone(), "districts");
    render_form(state, "districts_show", chrome, &body, errors)
}

/// A district, or 404.
fn find_district(c: &mut DbConn, id: i32) -> Result<District, AppError> {
    District::find(c, id).map_err(not_found("district"))
}

fn show_data(c: &mut DbConn, actor: &Actor, id: i32, form: NameForm) -> Result<ShowPage, AppError> {
    let district = find_district(c, id)?;
    let schools = School::of_district(c, id)?;
    let year = ProgramYear::this_year(c)?;
    let (member, current_team) = match &year {
        Some(y) => (
            Membership::is_member(c, y.id, id)?,
            Team::of_district(c, y.id, id)?.map(|t| t.id),
        ),
        None => (false, None),
    };
    let insider = actor.is_staff() || current_team.is_some_and(|t| actor.on_team(t));
    let (teams, meetings) = if insider {
        insider_data(c, actor, id, year.as_ref())?
    } else {
        (vec![], vec![])
    };
    Ok(ShowPage {
        id,
        name: district.name,
        schools,
        insider,
        can_manage: actor.is_director(),
        year: year.map(|y| y.label),
        member,
        current_team,
        teams,
        meetings,
        form,
    })
}

/// The district's teams by year and its meetings this year.
fn insider_data(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    year: Option<&ProgramYear>,
) -> Result<(Vec<YearTeam>, Vec<MeetingLine>), AppError> {
    let teams = Team::of_district_by_year(c, id)?
        .into_iter()
        .map(|r| YearTeam {
            linked: actor.is_staff() || actor.on_team(r.team.id),
            id: r.team.id,
            name: r.team.name,
            year: r.year_label,
            size: r.member_count,
        })
        .collect();
    let Some(year) = year else {
        return Ok((teams, vec![]));
    };
    Ok((teams, MeetingLine::of_district(c, year.id, id)?))
}

/// POST /districts/{id}/schools (director): adds a school; a name the district has already
/// comes back beside the field.
pub async fn add_school(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<NameForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, form) = (path.into_inner(), form.into_inner());
    let typed = form.name.clone();
    let made = state
        .db(move |c| {
            find_district(c, id)?;
            let name = validate::name("name", &typed, 100)?;
            School::create(c, id, &name)
        })
        .await;
    match made {
        Ok(s) => {
            session::flash(&session, "ok", format!("{} added.", s.name));
            Ok(see_other(&format!("/districts/{id}")))
        }
        Err(e) => show_page(&state, &session, actor, id, form, form::refused(e)?).await,
    }
}

/// POST /districts/{id}/teams (director): this year's team for a member district (the existing
/// one when it has it already).
pub async fn create_team(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let id = path.into_inner();
    let by = actor.audit();
    match state.db(move |c| ensure_team(c, &by, id)).await {
        Ok(team) => {
            session::flash(
                &session,
                "ok",
                format!("{} is ready: add its members.", team.name),
            );
            Ok(see_other(&format!("/teams/{}", team.id)))
        }
        Err(e) => {
            let errors = form::refused(e)?;
            show_page(&state, &session, actor, id, NameForm::default(), errors).await
        }
    }
}

fn ensure_team(
    c: &mut DbConn,
    by: &crate::models::audit::AuditActor,
    id: i32,
) -> Result<Team, AppError> {
    let district = find_district(c, id)?;
    let Some(year) = ProgramYear::this_year(c)? else {
        return Err(
            Violation::new("team", "there is no program year yet: create one first").into(),
        );
    };
    if !Membership::is_member(c, year.id, id)? {
        let message = format!(
            "{} is not a member of {}: add it to the year first",
            district.name, year.label
        );
        return Err(Violation::new("team", message).into());
    }
    Ok(Team::ensure(
        c,
        by,
        year.id,
        id,
        &format!("{} team", district.name),
    )?)
}
