//! Pages: the districts of the collective with their schools, this year's membership and team
//! (here); one district's schools, teams by year and meetings (`show`). Directors add districts
//! and schools and create a member district's team for the year.

mod show;

use crate::db::DbConn;
use crate::domain::validate;
use crate::error::AppError;
use crate::models::district::{District, School};
use crate::models::team::Team;
use crate::models::year::{Membership, ProgramYear};
use crate::route;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{Chrome, render_form, see_other};
use crate::web::routes::RouteDef;
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/districts" => index),
        route!(POST "/districts" => create),
        route!(GET "/districts/{id}" => show::show),
        route!(POST "/districts/{id}/schools" => show::add_school),
        route!(POST "/districts/{id}/teams" => show::create_team),
    ]
}

/// A one-field form (a district's or a school's name) as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct NameForm {
    /// The name.
    #[serde(default)]
    pub name: String,
}

/// A team as a district list shows it: its name and size, linked only for those who may open it.
#[derive(Serialize)]
struct TeamCell {
    id: i32,
    name: String,
    size: i64,
    linked: bool,
}

#[derive(Serialize)]
struct DistrictCard {
    id: i32,
    name: String,
    schools: Vec<String>,
    member: bool,
    team: Option<TeamCell>,
}

#[derive(Serialize)]
struct IndexPage {
    year: Option<String>,
    districts: Vec<DistrictCard>,
    can_manage: bool,
    form: NameForm,
}

/// GET /districts: every district with its schools and this year's membership and team.
pub async fn index(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> Result<HttpResponse, AppError> {
    index_page(
        &state,
        &session,
        actor,
        NameForm::default(),
        FieldErrors::default(),
    )
    .await
}

/// Loads and renders the districts page, with the add-district form as typed and its errors.
async fn index_page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    form: NameForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let a = actor.clone();
    let (year, districts) = state.db(move |c| index_data(c, &a)).await?;
    let body = IndexPage {
        year,
        districts,
        can_manage: actor.is_director(),
        form,
    };
    let chrome = Chrome::new(session, Some(&actor), "Districts", "districts");
    render_form(state, "districts", chrome, &body, errors)
}

/// The cards in four queries, whatever the number of districts.
fn index_data(
    c: &mut DbConn,
    actor: &Actor,
) -> Result<(Option<String>, Vec<DistrictCard>), AppError> {
    let year = ProgramYear::this_year(c)?;
    let schools = School::list(c)?;
    let (members, teams) = match &year {
        Some(y) => (Membership::of_year(c, y.id)?, Team::of_year(c, y.id)?),
        None => (vec![], vec![]),
    };
    let cards = District::list(c)?
        .into_iter()
        .map(|d| DistrictCard {
            schools: schools
                .iter()
                .filter(|s| s.district_id == d.id)
                .map(|s| s.name.clone())
                .collect(),
            member: members.iter().any(|m| m.membership.district_id == d.id),
            team: teams
                .iter()
                .find(|t| t.team.district_id == d.id)
                .map(|t| TeamCell {
                    id: t.team.id,
                    name: t.team.name.clone(),
                    size: t.member_count,
                    linked: actor.is_staff() || actor.on_team(t.team.id),
                }),
            id: d.id,
            name: d.name,
        })
        .collect();
    Ok((year.map(|y| y.label), cards))
}

/// POST /districts (director): adds a district; a taken name comes back beside the field.
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    form: web::Form<NameForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let form = form.into_inner();
    let typed = form.name.clone();
    let made = state
        .db(move |c| {
            let name = validate::name("name", &typed, 100)?;
            District::create(c, &name)
        })
        .await;
    match made {
        Ok(d) => {
            session::flash(&session, "ok", format!("{} added.", d.name));
            Ok(see_other(&format!("/districts/{}", d.id)))
        }
        Err(e) => index_page(&state, &session, actor, form, form::refused(e)?).await,
    }
}
