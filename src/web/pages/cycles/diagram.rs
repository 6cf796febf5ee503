//! Growing the driver diagram from the team's improvement page: a primary or secondary driver,
//! and a change idea on a driver. The page has three forms, so these name their fields apart
//! (`driver_title`, `idea_title`, ...) and the model's messages are moved onto those names.

use super::improvement::{Typed, page};
use super::renamed;
use crate::domain::Violation;
use crate::domain::cycle::Stage;
use crate::error::AppError;
use crate::models::driver::{ChangeIdea, ChangeIdeaInput, Driver, DriverInput};
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::PageActor;
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{Action, Resource, writable};
use crate::web::render::see_other;
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The add-driver form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct DriverForm {
    /// What drives the aim.
    #[serde(default)]
    pub driver_title: String,
    /// The primary driver it goes under; blank makes it a primary.
    #[serde(default)]
    pub parent_id: String,
}

/// The add-change-idea form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct IdeaForm {
    /// What the team will try.
    #[serde(default)]
    pub idea_title: String,
    /// More about it.
    #[serde(default)]
    pub idea_description: String,
    /// The driver it acts on.
    #[serde(default)]
    pub driver_id: String,
    /// Stage value (blank for testing).
    #[serde(default)]
    pub stage: String,
}

/// POST /teams/{id}/drivers (the team's members, directors): adds a primary driver, or a
/// secondary one under a primary.
pub async fn add_driver(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<DriverForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.into_inner());
    let (a, f) = (actor.clone(), form.clone());
    let result = state
        .db(move |c| {
            let team: Team = writable(c, &a, id, (Resource::Drivers, Action::Create))?;
            let parent_id = form::opt_int("parent_id", &f.parent_id)?;
            let input = DriverInput {
                title: f.driver_title.clone(),
                parent_id,
                position: None,
            };
            Driver::create(c, team.id, &input)
                .map_err(|e| renamed(e, |n| (n == "title").then(|| "driver_title".into())))
        })
        .await;
    match result {
        Ok(d) => {
            session::flash(&session, "ok", "Driver added.");
            Ok(see_other(&format!(
                "/teams/{id}/improvement#driver-{}",
                d.id
            )))
        }
        Err(e) => {
            let errors = (form::refused(e)?, StatusCode::UNPROCESSABLE_ENTITY);
            let typed = Typed {
                driver: form,
                ..Typed::default()
            };
            page(&state, &session, actor, id, typed, errors).await
        }
    }
}

/// The typed change idea read into the model's input.
fn idea_input(f: &IdeaForm) -> Result<ChangeIdeaInput, AppError> {
    let mut e = FieldErrors::default();
    let driver_id = e.take(chosen_driver(&f.driver_id));
    let stage = match f.stage.trim() {
        "" => Some(Stage::Testing),
        s => e.take(form::choice::<Stage>("stage", s)),
    };
    let (Some(driver_id), Some(stage)) = (driver_id, stage) else {
        return Err(AppError::Invalid(e.list()));
    };
    Ok(ChangeIdeaInput {
        driver_id,
        title: f.idea_title.clone(),
        description: f.idea_description.clone(),
        stage,
    })
}

/// The chosen driver's id; blank asks for a choice.
pub(super) fn chosen_driver(value: &str) -> Result<i32, Violation> {
    match form::opt_int("driver_id", value)? {
        Some(id) => Ok(id),
        None => Err(Violation::new("driver_id", "choose the driver it acts on")),
    }
}

/// The change idea's messages on the page's field names.
pub(super) fn idea_field(field: &str) -> Option<String> {
    match field {
        "title" => Some("idea_title".into()),
        "description" => Some("idea_description".into()),
        _ => None,
    }
}

/// POST /teams/{id}/change-ideas (the team's members, directors): adds a change idea on one of
/// the team's drivers.
pub async fn add_idea(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<IdeaForm>,
) -> Result<HttpResponse, AppError> {
    let (id, form) = (path.into_inner(), form.into_inner());
    let (a, f) = (actor.clone(), form.clone());
    let result = state
        .db(move |c| {
            let team: Team = writable(c, &a, id, (Resource::ChangeIdeas, Action::Create))?;
            let input = idea_input(&f)?;
            ChangeIdea::create(c, team.id, &input).map_err(|e| renamed(e, idea_field))
        })
        .await;
    match result {
        Ok(idea) => {
            session::flash(&session, "ok", "Change idea added.");
            Ok(see_other(&format!(
                "/teams/{id}/improvement#idea-{}",
                idea.id
            )))
        }
        Err(e) => {
            let errors = (form::refused(e)?, StatusCode::UNPROCESSABLE_ENTITY);
            let typed = Typed {
                idea: form,
                ..Typed::default()
            };
            page(&state, &session, actor, id, typed, errors).await
        }
    }
}
