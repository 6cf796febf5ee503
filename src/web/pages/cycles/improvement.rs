//! The team's improvement page: its aim (edited from the version read; a stale save shows the
//! saved aim beside the one typed, 409), the driver diagram as a tree with each change idea's
//! stage and ramp of cycles, and the forms that grow the diagram (`diagram`).

use super::diagram::{DriverForm, IdeaForm};
use super::tree::{Diagram, PrimaryNode};
use super::{Access, number, opt_number};
use crate::db::DbConn;
use crate::domain::cycle::Stage;
use crate::error::AppError;
use crate::models::aim::{Aim, AimInput};
use crate::models::measure::Measure;
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{Action, Resource, readable, writable};
use crate::web::render::{self, Chrome, SelectOption, render_form_status, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The aim form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct AimForm {
    /// What the team aims for.
    #[serde(default)]
    pub statement: String,
    /// Target measure id (blank for none).
    #[serde(default)]
    pub target_measure_id: String,
    /// Target value (blank for none).
    #[serde(default)]
    pub target_value: String,
    /// Target date, `YYYY-MM-DD` (blank for none).
    #[serde(default)]
    pub target_date: String,
    /// The version the form was read at (0 before the first aim).
    #[serde(default)]
    pub version: String,
}

/// What a refused form brings back to the page: the forms as typed, and whether the aim's save
/// met someone else's.
#[derive(Default)]
pub(super) struct Typed {
    pub(super) aim: Option<AimForm>,
    pub(super) driver: DriverForm,
    pub(super) idea: IdeaForm,
    pub(super) conflict: bool,
}

/// An aim as people read it.
#[derive(Debug, Clone, Serialize)]
struct AimView {
    statement: String,
    measure: Option<String>,
    value: Option<String>,
    by: Option<String>,
    version: i32,
}

#[derive(Serialize)]
struct ImprovementPage {
    team_id: i32,
    team_name: String,
    #[serde(flatten)]
    access: Access,
    aim: Option<AimView>,
    theirs: Option<AimView>,
    aim_form: AimForm,
    measures: Vec<SelectOption>,
    tree: Vec<PrimaryNode>,
    driver_form: DriverForm,
    parents: Vec<SelectOption>,
    idea_form: IdeaForm,
    drivers: Vec<SelectOption>,
    stages: Vec<SelectOption>,
}

/// GET /teams/{id}/improvement: the aim, the driver diagram and the ramps.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let ok = (FieldErrors::default(), StatusCode::OK);
    page(&state, &session, actor, id, Typed::default(), ok).await
}

/// Loads and renders the page with the forms as typed, their errors, and `status`.
pub(super) async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    id: i32,
    typed: Typed,
    (errors, status): (FieldErrors, StatusCode),
) -> Result<HttpResponse, AppError> {
    let a = actor.clone();
    let body = state.db(move |c| page_data(c, &a, id, typed)).await?;
    let title = format!("{}: aim, drivers and cycles", body.team_name);
    let chrome = Chrome::new(session, Some(&actor), title, "districts");
    render_form_status(state, "cycle_team", chrome, &body, errors, status)
}

fn page_data(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    typed: Typed,
) -> Result<ImprovementPage, AppError> {
    let team: Team = readable(c, actor, id, Resource::Aim)?;
    let aim = Aim::of_team(c, team.id)?;
    let usable = Measure::for_team(c, team.program_year_id, team.id)?;
    let diagram = Diagram::load(c, team.id)?;
    let aim_view = aim.as_ref().map(|a| view(a, &usable));
    let mut aim_form = typed.aim.unwrap_or_else(|| form_of(aim.as_ref()));
    let theirs = aim_view.clone().filter(|_| typed.conflict);
    if typed.conflict {
        aim_form.version = aim.as_ref().map_or(0, |a| a.version).to_string();
    }
    let measures = usable
        .iter()
        .map(|m| SelectOption::new(m.id, m.name.clone(), &aim_form.target_measure_id))
        .collect();
    let (driver_form, idea_form) = (typed.driver, typed.idea);
    let stage = if idea_form.stage.is_empty() {
        Stage::Testing.as_str()
    } else {
        idea_form.stage.as_str()
    };
    Ok(ImprovementPage {
        team_id: team.id,
        team_name: team.name,
        access: Access::of(actor, id),
        aim: aim_view,
        theirs,
        measures,
        parents: diagram.parents(&driver_form.parent_id),
        drivers: diagram.driver_choices(&idea_form.driver_id),
        stages: Stage::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), s.label(), stage))
            .collect(),
        tree: diagram.tree,
        aim_form,
        driver_form,
        idea_form,
    })
}

/// The aim as shown, its measure named.
fn view(a: &Aim, usable: &[Measure]) -> AimView {
    let measure = a.target_measure_id.map(|id| {
        usable
            .iter()
            .find(|m| m.id == id)
            .map_or_else(|| format!("measure {id}"), |m| m.name.clone())
    });
    AimView {
        statement: a.statement.clone(),
        measure,
        value: a.target_value.map(number),
        by: a.target_date.map(render::date),
        version: a.version,
    }
}

/// The edit form holding the saved aim (or an empty one at version 0).
fn form_of(aim: Option<&Aim>) -> AimForm {
    let Some(a) = aim else {
        return AimForm {
            version: "0".into(),
            ..AimForm::default()
        };
    };
    AimForm {
        statement: a.statement.clone(),
        target_measure_id: a
            .target_measure_id
            .map(|m| m.to_string())
            .unwrap_or_default(),
        target_value: a.target_value.map(number).unwrap_or_default(),
        target_date: a.target_date.map(|d| d.to_string()).unwrap_or_default(),
        version: a.version.to_string(),
    }
}

/// The typed aim read into the model's input and the version it was made from.
fn aim_input(f: &AimForm) -> Result<(i32, AimInput), AppError> {
    let mut e = FieldErrors::default();
    let version = e.take(form::int("version", &f.version));
    let measure = e.take(form::opt_int("target_measure_id", &f.target_measure_id));
    let value = e.take(opt_number("target_value", &f.target_value));
    let date = e.take(form::opt_date("target_date", &f.target_date));
    let (Some(version), Some(target_measure_id), Some(target_value), Some(target_date)) =
        (version, measure, value, date)
    else {
        return Err(AppError::Invalid(e.list()));
    };
    let input = AimInput {
        statement: f.statement.clone(),
        target_measure_id,
        target_value,
        target_date,
    };
    Ok((version, input))
}

/// POST /teams/{id}/aim (the team's members, directors): saves the aim from the version read.
pub async fn save_aim(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<AimForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.into_inner());
    let (a, f) = (actor.clone(), form.clone());
    let result = state
        .db(move |c| {
            let team: Team = writable(c, &a, id, (Resource::Aim, Action::Edit))?;
            let (version, input) = aim_input(&f)?;
            Aim::save(c, &team, version, &input)
        })
        .await;
    let (errors, status) = match result {
        Ok(_) => {
            session::flash(&session, "ok", "Aim saved.");
            return Ok(see_other(&format!("/teams/{id}/improvement#aim")));
        }
        Err(e) => form::refusal(e)?,
    };
    let typed = Typed {
        aim: Some(form),
        conflict: status == StatusCode::CONFLICT,
        ..Typed::default()
    };
    page(&state, &session, actor, id, typed, (errors, status)).await
}
