//! Pages: a team's roster with roles and schools, the roster's warnings, and (for directors)
//! adding and removing members. Staff and the team's own members see it; others get 403.

use super::meetings::MeetingLine;
use crate::db::DbConn;
use crate::domain::Violation;
use crate::domain::roles::TeamRole;
use crate::error::AppError;
use crate::models::district::{District, School};
use crate::models::not_found;
use crate::models::person::Person;
use crate::models::team::{MemberChange, NewMember, RosterLine, Team};
use crate::models::year::ProgramYear;
use crate::route;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{self, Action, Resource};
use crate::web::render::{Chrome, SelectOption, render_form, see_other};
use crate::web::routes::RouteDef;
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use diesel::OptionalExtension;
use serde::{Deserialize, Serialize};

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/teams/{id}" => show),
        route!(POST "/teams/{id}/members" => add_member),
        route!(POST "/teams/{id}/members/{member_id}" => change_member),
        route!(POST "/teams/{id}/members/{member_id}/delete" => remove_member),
    ]
}

/// The add-member form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct MemberForm {
    /// Person id.
    #[serde(default)]
    pub person_id: String,
    /// Team role value.
    #[serde(default)]
    pub role: String,
    /// School id, blank for district-wide.
    #[serde(default)]
    pub school_id: String,
}

#[derive(Serialize)]
struct RosterRow {
    id: i32,
    name: String,
    email: String,
    role: &'static str,
    role_label: &'static str,
    school: Option<String>,
    /// The school's id, kept by the role form (blank for district-wide).
    school_id: String,
    /// The role form's choices, the current one selected (directors only).
    role_options: Vec<SelectOption>,
}

impl RosterRow {
    fn new(l: RosterLine, can_manage: bool) -> RosterRow {
        let role = l.member.team_role();
        let role_options = match can_manage {
            true => role_choices(role.as_str()),
            false => Vec::new(),
        };
        RosterRow {
            id: l.member.id,
            name: l.person_name,
            email: l.email,
            role: role.as_str(),
            role_label: role.label(),
            school: l.school_name,
            school_id: l
                .member
                .school_id
                .map(|s| s.to_string())
                .unwrap_or_default(),
            role_options,
        }
    }
}

/// The team roles as choices, `chosen` selected.
fn role_choices(chosen: &str) -> Vec<SelectOption> {
    TeamRole::ALL
        .iter()
        .map(|r| SelectOption::new(r.as_str(), r.label(), chosen))
        .collect()
}

#[derive(Serialize)]
struct TeamPage {
    team_id: i32,
    team_name: String,
    district_id: i32,
    district_name: String,
    year_label: String,
    roster: Vec<RosterRow>,
    warnings: Vec<String>,
    meetings: Vec<MeetingLine>,
    can_manage: bool,
    people: Vec<SelectOption>,
    roles: Vec<SelectOption>,
    schools: Vec<SelectOption>,
}

/// GET /teams/{id}: the roster, its warnings and the district's meetings that year.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    page(
        &state,
        &session,
        actor,
        path.into_inner(),
        MemberForm::default(),
        FieldErrors::default(),
    )
    .await
}

/// Loads and renders the team page, with the add-member form as typed and its errors.
async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    id: i32,
    form: MemberForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let a = actor.clone();
    let body = state.db(move |c| team_data(c, &a, id, &form)).await?;
    let chrome = Chrome::new(session, Some(&actor), body.team_name.clone(), "districts");
    render_form(state, "team", chrome, &body, errors)
}

/// A team, or 404.
fn find_team(c: &mut DbConn, id: i32) -> Result<Team, AppError> {
    Team::find(c, id).map_err(not_found("team"))
}

fn team_data(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    form: &MemberForm,
) -> Result<TeamPage, AppError> {
    let team = find_team(c, id)?;
    policy::require_role(actor, team.id, (Resource::Roster, Action::Read))?;
    let year = ProgramYear::find(c, team.program_year_id)?;
    let district = District::find(c, team.district_id)?;
    let can_manage = actor.is_director();
    let roster = Team::roster(c, team.id)?
        .into_iter()
        .map(|l| RosterRow::new(l, can_manage))
        .collect();
    let warnings = Team::warnings(c, team.id)?
        .into_iter()
        .map(|w| w.0)
        .collect();
    let meetings = MeetingLine::of_district(c, team.program_year_id, team.district_id)?;
    let (people, roles, schools) = if can_manage {
        choices(c, &team, form)?
    } else {
        Default::default()
    };
    Ok(TeamPage {
        team_id: team.id,
        team_name: team.name,
        district_id: district.id,
        district_name: district.name,
        year_label: year.label,
        roster,
        warnings,
        meetings,
        can_manage,
        people,
        roles,
        schools,
    })
}

type Choices = (Vec<SelectOption>, Vec<SelectOption>, Vec<SelectOption>);

/// The add-member form's choices: people on no team this year, the team roles, the district's
/// schools.
fn choices(c: &mut DbConn, team: &Team, form: &MemberForm) -> Result<Choices, AppError> {
    let people = Person::without_team(c, team.program_year_id)?
        .into_iter()
        .map(|p| SelectOption::new(p.id, format!("{} ({})", p.name, p.email), &form.person_id))
        .collect();
    let roles = role_choices(&form.role);
    let schools = School::of_district(c, team.district_id)?
        .into_iter()
        .map(|s| SelectOption::new(s.id, s.name, &form.school_id))
        .collect();
    Ok((people, roles, schools))
}

/// POST /teams/{id}/members (director): adds a member; a refusal (third school, second team)
/// comes back beside its field with the choices kept.
pub async fn add_member(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.into_inner());
    policy::require_role(&actor, id, (Resource::Roster, Action::Create))?;
    let (typed, by) = (form.clone(), actor.audit());
    match state.db(move |c| add(c, &by, id, &typed)).await {
        Ok(name) => {
            session::flash(&session, "ok", format!("{name} is on the team."));
            Ok(see_other(&format!("/teams/{id}")))
        }
        Err(e) => page(&state, &session, actor, id, form, form::refused(e)?).await,
    }
}

/// Parses the form and adds the member; returns the person's name. The roster's warnings show
/// on the team page the redirect lands on.
fn add(
    c: &mut DbConn,
    by: &crate::models::audit::AuditActor,
    team_id: i32,
    form: &MemberForm,
) -> Result<String, AppError> {
    let team = find_team(c, team_id)?;
    let mut errors = FieldErrors::default();
    let person = errors.take(person_of(c, &form.person_id)?);
    let role = errors.take(form::choice::<TeamRole>("role", &form.role));
    let school_id = errors.take(form::opt_int("school_id", &form.school_id));
    let (Some(person), Some(role), Some(school_id)) = (person, role, school_id) else {
        return Err(AppError::Invalid(errors.list()));
    };
    Team::add_member(
        c,
        by,
        &team,
        &NewMember {
            person_id: person.id,
            role,
            school_id,
        },
    )?;
    Ok(person.name)
}

/// The chosen person, or a message for the `person_id` field.
fn person_of(c: &mut DbConn, value: &str) -> Result<Result<Person, Violation>, AppError> {
    if value.trim().is_empty() {
        return Ok(Err(Violation::new("person_id", "choose a person")));
    }
    let id = match form::int("person_id", value) {
        Ok(id) => id,
        Err(v) => return Ok(Err(v)),
    };
    Ok(Person::find(c, id)
        .optional()?
        .ok_or_else(|| Violation::new("person_id", "is not someone in the collective")))
}

/// A roster line's role and school as posted.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct MemberChangeForm {
    /// Team role value.
    #[serde(default)]
    pub role: String,
    /// School id, blank for district-wide.
    #[serde(default)]
    pub school_id: String,
}

/// POST /teams/{id}/members/{member_id} (director): changes a member's role (and school); a
/// refusal comes back on the team page naming the field.
pub async fn change_member(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<(i32, i32)>,
    form: web::Form<MemberChangeForm>,
) -> Result<HttpResponse, AppError> {
    let (id, member_id) = path.into_inner();
    policy::require_role(&actor, id, (Resource::Roster, Action::Edit))?;
    let (form, by) = (form.into_inner(), actor.audit());
    let result = state
        .db(move |c| {
            let team = find_team(c, id)?;
            let mut errors = FieldErrors::default();
            let role = errors.take(form::choice::<TeamRole>("role", &form.role));
            let school_id = errors.take(form::opt_int("school_id", &form.school_id));
            let (Some(role), Some(school_id)) = (role, school_id) else {
                return Err(AppError::Invalid(errors.list()));
            };
            let change = MemberChange { role, school_id };
            Team::change_member(c, &by, &team, member_id, &change)?
                .ok_or(AppError::NotFound("team member"))
        })
        .await;
    match result {
        Ok(_) => {
            session::flash(&session, "ok", "Role saved.");
            Ok(see_other(&format!("/teams/{id}")))
        }
        Err(e) => {
            let errors = form::refused(e)?;
            page(&state, &session, actor, id, MemberForm::default(), errors).await
        }
    }
}

/// POST /teams/{id}/members/{member_id}/delete (director): takes someone off the roster.
pub async fn remove_member(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let (id, member_id) = path.into_inner();
    policy::require_role(&actor, id, (Resource::Roster, Action::Delete))?;
    let removed = state
        .db(move |c| Ok(Team::remove_member(c, &actor.audit(), id, member_id)?))
        .await?;
    if !removed {
        return Err(AppError::NotFound("team member"));
    }
    session::flash(&session, "ok", "Removed from the team.");
    Ok(see_other(&format!("/teams/{id}")))
}
