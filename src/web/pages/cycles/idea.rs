//! A change idea's page: what it is and its stage (edited from the version read; a stale save
//! shows the saved idea beside the one typed, 409), its ramp of cycles, and the form that plans
//! the next cycle testing it.

use super::diagram::{chosen_driver, idea_field};
use super::plan::{PLAN_ROWS, PlanForm};
use super::questions::{self, QuestionRow};
use super::tree::driver_choices;
use super::{Access, RampStep, flash_saved, measure_boxes, measure_field, renamed, stage_label};
use crate::db::DbConn;
use crate::domain::cycle::Stage;
use crate::error::AppError;
use crate::models::cycle::Cycle;
use crate::models::driver::{ChangeIdea, ChangeIdeaInput, Driver};
use crate::models::measure::Measure;
use crate::models::observation::local_today;
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{Action, Resource, readable, writable};
use crate::web::render::{Chrome, SelectOption, render_form_status, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

/// The change idea's edit form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct IdeaEditForm {
    /// Title.
    #[serde(default)]
    pub idea_title: String,
    /// Description.
    #[serde(default)]
    pub idea_description: String,
    /// The driver it acts on.
    #[serde(default)]
    pub driver_id: String,
    /// Stage value.
    #[serde(default)]
    pub stage: String,
    /// The version the form was read at.
    #[serde(default)]
    pub version: String,
}

/// What a refused form brings back to the page.
#[derive(Default)]
struct Typed {
    edit: Option<IdeaEditForm>,
    plan: Option<PlanForm>,
    conflict: bool,
}

/// The saved change idea, beside the one typed after a conflict.
#[derive(Serialize)]
struct Theirs {
    title: String,
    description: String,
    stage_label: &'static str,
    driver: String,
    version: i32,
}

#[derive(Serialize)]
struct IdeaPage {
    idea_id: i32,
    title: String,
    description: String,
    stage: String,
    stage_label: &'static str,
    driver_title: String,
    team_id: i32,
    team_name: String,
    #[serde(flatten)]
    access: Access,
    ramp: Vec<RampStep>,
    edit_form: IdeaEditForm,
    typed_stage_label: &'static str,
    theirs: Option<Theirs>,
    drivers: Vec<SelectOption>,
    stages: Vec<SelectOption>,
    plan: PlanForm,
    plan_questions: Vec<QuestionRow>,
    measures: Vec<SelectOption>,
}

/// GET /change-ideas/{id}: the idea, its ramp, and the form to plan a cycle.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let ok = (FieldErrors::default(), StatusCode::OK);
    page(
        &state,
        &session,
        actor,
        path.into_inner(),
        Typed::default(),
        ok,
    )
    .await
}

async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    id: i32,
    typed: Typed,
    (errors, status): (FieldErrors, StatusCode),
) -> Result<HttpResponse, AppError> {
    let (a, e) = (actor.clone(), errors.clone());
    let body = state.db(move |c| page_data(c, &a, id, typed, &e)).await?;
    let chrome = Chrome::new(session, Some(&actor), body.title.clone(), "districts");
    render_form_status(state, "cycle_idea", chrome, &body, errors, status)
}

fn page_data(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    typed: Typed,
    errors: &FieldErrors,
) -> Result<IdeaPage, AppError> {
    let idea: ChangeIdea = readable(c, actor, id, Resource::ChangeIdeas)?;
    let team = Team::find(c, idea.team_id)?;
    let drivers = Driver::of_team(c, team.id)?;
    let driver_title = title_of(&drivers, idea.driver_id);
    let ramp = Cycle::page_of_idea(c, idea.id, None, i64::MAX)?
        .into_iter()
        .map(RampStep::new)
        .collect();
    let mut edit_form = typed.edit.unwrap_or_else(|| form_of(&idea));
    let theirs = typed.conflict.then(|| Theirs {
        title: idea.title.clone(),
        description: idea.description.clone(),
        stage_label: stage_label(&idea.stage),
        driver: driver_title.clone(),
        version: idea.version,
    });
    if typed.conflict {
        edit_form.version = idea.version.to_string();
    }
    let plan = match typed.plan {
        Some(p) => p,
        None => blank_plan(c)?,
    };
    let usable = Measure::for_team(c, team.program_year_id, team.id)?;
    let measures = measure_boxes(usable, &plan.measure_ids);
    Ok(IdeaPage {
        idea_id: idea.id,
        stage_label: stage_label(&idea.stage),
        driver_title,
        team_id: team.id,
        team_name: team.name,
        access: Access::of(actor, idea.team_id),
        ramp,
        drivers: driver_choices(&drivers, &edit_form.driver_id),
        stages: Stage::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), s.label(), &edit_form.stage))
            .collect(),
        plan_questions: questions::rows(&plan.questions, PLAN_ROWS, errors),
        title: idea.title,
        description: idea.description,
        stage: idea.stage,
        typed_stage_label: stage_label(&edit_form.stage),
        edit_form,
        theirs,
        plan,
        measures,
    })
}

fn title_of(drivers: &[Driver], id: i32) -> String {
    drivers
        .iter()
        .find(|d| d.id == id)
        .map(|d| d.title.clone())
        .unwrap_or_default()
}

/// The edit form holding the saved idea.
fn form_of(idea: &ChangeIdea) -> IdeaEditForm {
    IdeaEditForm {
        idea_title: idea.title.clone(),
        idea_description: idea.description.clone(),
        driver_id: idea.driver_id.to_string(),
        stage: idea.stage.clone(),
        version: idea.version.to_string(),
    }
}

/// A fresh plan: from today (in the collective's zone) for two weeks.
fn blank_plan(c: &mut DbConn) -> Result<PlanForm, AppError> {
    let today = local_today(c)?;
    Ok(PlanForm {
        planned_start: today.to_string(),
        planned_end: (today + TimeDelta::days(14)).to_string(),
        ..PlanForm::default()
    })
}

/// The typed edit read into the model's input and the version it was made from.
fn edit_input(f: &IdeaEditForm) -> Result<(i32, ChangeIdeaInput), AppError> {
    let mut e = FieldErrors::default();
    let version = e.take(form::int("version", &f.version));
    let driver_id = e.take(chosen_driver(&f.driver_id));
    let stage = e.take(form::choice::<Stage>("stage", &f.stage));
    let (Some(version), Some(driver_id), Some(stage)) = (version, driver_id, stage) else {
        return Err(AppError::Invalid(e.list()));
    };
    let input = ChangeIdeaInput {
        driver_id,
        title: f.idea_title.clone(),
        description: f.idea_description.clone(),
        stage,
    };
    Ok((version, input))
}

/// POST /change-ideas/{id} (the team's members, directors): saves title, description, driver
/// and stage from the version read.
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<IdeaEditForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.into_inner());
    let (a, f) = (actor.clone(), form.clone());
    let result = state
        .db(move |c| {
            let idea: ChangeIdea = writable(c, &a, id, (Resource::ChangeIdeas, Action::Edit))?;
            let (version, input) = edit_input(&f)?;
            ChangeIdea::update(c, idea.id, version, &input).map_err(|e| renamed(e, idea_field))
        })
        .await;
    let (errors, status) = match result {
        Ok(_) => {
            session::flash(&session, "ok", "Change idea saved.");
            return Ok(see_other(&format!("/change-ideas/{id}")));
        }
        Err(e) => form::refusal(e)?,
    };
    let typed = Typed {
        edit: Some(form),
        conflict: status == StatusCode::CONFLICT,
        ..Typed::default()
    };
    page(&state, &session, actor, id, typed, (errors, status)).await
}

/// POST /change-ideas/{id}/cycles (the team's members, directors): plans a new cycle testing
/// the idea; it opens on its worksheet, with the "small and rapid" warning when it runs long.
pub async fn plan_cycle(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = PlanForm::from_pairs(&body.into_inner());
    let (a, f) = (actor.clone(), form.clone());
    let result = state
        .db(move |c| {
            let idea: ChangeIdea = writable(c, &a, id, (Resource::Cycles, Action::Create))?;
            let plan = f.input()?;
            Cycle::create(c, idea.team_id, idea.id, &plan)
                .map_err(|e| questions::remap(renamed(e, measure_field), &f.kept_rows()))
        })
        .await;
    match result {
        Ok((detail, warnings)) => {
            flash_saved(&session, "Cycle planned.", warnings);
            Ok(see_other(&format!("/cycles/{}", detail.cycle.id)))
        }
        Err(e) => {
            let errors = (form::refused(e)?, StatusCode::UNPROCESSABLE_ENTITY);
            let typed = Typed {
                plan: Some(form),
                ..Typed::default()
            };
            page(&state, &session, actor, id, typed, errors).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_names_every_unreadable_field() {
        let f = IdeaEditForm {
            stage: "done".into(),
            ..IdeaEditForm::default()
        };
        let e = edit_input(&f).unwrap_err();
        let fields: Vec<&str> = e.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["driver_id", "stage", "version"]);
    }
}
