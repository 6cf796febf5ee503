//! Editing a convening's day (director), with the year's rules and a conflict shown when
//! someone else saved first.

use crate::db::DbConn;
use crate::domain::convening::DayTimes;
use crate::domain::validate::{format_cents, money_cents};
use crate::error::AppError;
use crate::models::convening::{Convening, ConveningInput};
use crate::models::year::Membership;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{self, Chrome, SelectOption, render_form_status};
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The edit form, as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct EditForm {
    #[serde(default)]
    number: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    host_district_id: String,
    #[serde(default)]
    venue: String,
    #[serde(default)]
    breakfast_time: String,
    #[serde(default)]
    start_time: String,
    #[serde(default)]
    close_time: String,
    #[serde(default)]
    food_cost: String,
    #[serde(default)]
    version: String,
}

impl EditForm {
    fn of(c: &Convening) -> EditForm {
        EditForm {
            number: c.number.to_string(),
            date: c.date.to_string(),
            host_district_id: c.host_district_id.to_string(),
            venue: c.venue.clone(),
            breakfast_time: render::time(c.breakfast_time),
            start_time: render::time(c.start_time),
            close_time: render::time(c.close_time),
            food_cost: format_cents(c.food_cost_cents),
            version: c.version.to_string(),
        }
    }

    fn parse(&self, errors: &mut FieldErrors) -> Option<(i32, ConveningInput)> {
        let number = errors.take(form::int("number", &self.number));
        let date = errors.take(form::date("date", &self.date));
        let host = errors.take(form::int("host_district_id", &self.host_district_id));
        let breakfast = errors.take(form::time("breakfast_time", &self.breakfast_time));
        let start = errors.take(form::time("start_time", &self.start_time));
        let close = errors.take(form::time("close_time", &self.close_time));
        let food = if self.food_cost.trim().is_empty() {
            Some(0)
        } else {
            errors.take(money_cents("food_cost", &self.food_cost))
        };
        let version = errors.take(form::int("version", &self.version));
        let times = DayTimes {
            breakfast: breakfast?,
            start: start?,
            close: close?,
        };
        let input = ConveningInput {
            number: number?,
            date: date?,
            host_district_id: host?,
            venue: self.venue.trim().to_string(),
            times,
            food_cost_cents: food?,
        };
        Some((version?, input))
    }
}

#[derive(Serialize)]
struct EditPage {
    id: i32,
    number: i32,
    form: EditForm,
    theirs: Option<EditForm>,
    host_options: Vec<SelectOption>,
}

/// The page with the saved values, or with what was typed (and, after a conflict, the saved
/// version beside it).
fn edit_page(
    c: &mut DbConn,
    id: i32,
    typed: Option<EditForm>,
    theirs: Option<EditForm>,
) -> Result<EditPage, AppError> {
    let cv = super::find(c, id)?;
    let form = typed.unwrap_or_else(|| EditForm::of(&cv));
    let host_options = Membership::of_year(c, cv.program_year_id)?
        .into_iter()
        .map(|m| {
            SelectOption::new(
                m.membership.district_id,
                m.district_name,
                &form.host_district_id,
            )
        })
        .collect();
    Ok(EditPage {
        id,
        number: cv.number,
        form,
        theirs,
        host_options,
    })
}

/// Renders the edit page with the form's errors.
fn view(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    page: &EditPage,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let chrome = Chrome::new(session, Some(actor), "Edit convening", "calendar");
    render_form_status(state, "convening_edit", chrome, page, errors, status)
}

/// GET /convenings/{id}/edit (director); a cancelled convening is not edited, so it goes back to
/// its page with a note.
pub async fn form(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let id = id.into_inner();
    let page = state
        .db(move |c| {
            if super::find(c, id)?.cancelled_at.is_some() {
                return Ok(None);
            }
            edit_page(c, id, None, None).map(Some)
        })
        .await?;
    let Some(page) = page else {
        crate::web::session::flash(
            &session,
            "warn",
            "This convening is cancelled; it cannot be edited.",
        );
        return Ok(crate::web::render::see_other(&format!("/convenings/{id}")));
    };
    view(
        &state,
        &session,
        &actor,
        &page,
        FieldErrors::default(),
        StatusCode::OK,
    )
}

/// POST /convenings/{id} (director): saves, or comes back with the errors — or, when someone else
/// saved since the form was opened, with their version beside this one (409).
pub async fn save(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
    typed: web::Form<EditForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, typed) = (id.into_inner(), typed.into_inner());
    let mut errors = FieldErrors::default();
    let (mut theirs, mut status) = (None, StatusCode::UNPROCESSABLE_ENTITY);
    if let Some((version, input)) = typed.parse(&mut errors) {
        let by = actor.audit();
        match state
            .db(move |c| Convening::update(c, &by, id, version, &input))
            .await
        {
            Ok(_) => {
                state.mail_wake.notify();
                return Ok(super::back(&session, id, "Convening saved."));
            }
            Err(AppError::Conflict(_)) => {
                let current = state.db(move |c| Ok(Convening::find(c, id)?)).await?;
                errors.add(crate::domain::Violation::new("", "Someone else changed this convening while you were editing. Their version is shown beside yours; save again to keep yours."));
                theirs = Some(EditForm::of(&current));
                status = StatusCode::CONFLICT;
            }
            Err(e) => errors = form::refused(e)?,
        }
    }
    let mut form = typed;
    if let Some(t) = &theirs {
        form.version = t.version.clone();
    }
    let page = state
        .db(move |c| edit_page(c, id, Some(form), theirs))
        .await?;
    view(&state, &session, &actor, &page, errors, status)
}
