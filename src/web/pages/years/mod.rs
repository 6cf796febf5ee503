//! Pages: program years — the list, one year (members, fees, teams, convenings, hosting
//! rotation), planning its convenings, and starting the next year.

mod members;
mod plan;
mod show;

use crate::db::DbConn;
use crate::domain::Violation;
use crate::domain::year;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::not_found;
use crate::models::rollover;
use crate::models::year::{NewProgramYear, ProgramYear};
use crate::route;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{self, Chrome, render, see_other};
use crate::web::routes::RouteDef;
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/years" => list),
        route!(POST "/years" => create),
        route!(GET "/years/{id}" => show::show),
        route!(POST "/years/{id}/next" => start_next),
        route!(GET "/years/{id}/plan" => plan::form),
        route!(POST "/years/{id}/plan" => plan::accept),
        route!(POST "/years/{id}/members" => members::add),
        route!(POST "/years/{id}/members/{membership_id}" => members::update),
        route!(POST "/years/{id}/members/{membership_id}/withdraw" => members::withdraw),
        route!(POST "/years/{id}/members/{membership_id}/rejoin" => members::rejoin),
    ]
}

/// The new-year form as typed.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct YearForm {
    #[serde(default)]
    label: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    end_date: String,
}

/// One year in the list.
#[derive(Serialize)]
struct YearLine {
    id: i32,
    label: String,
    span: String,
    current: bool,
}

#[derive(Serialize)]
struct YearsPage {
    years: Vec<YearLine>,
    form: YearForm,
    errors: std::collections::BTreeMap<String, String>,
}

/// GET /years: every program year, newest first; directors get the form for a new one.
pub async fn list(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> Result<HttpResponse, AppError> {
    let (years, form) = state.db(|c| Ok((year_lines(c)?, default_form(c)?))).await?;
    let page = YearsPage {
        years,
        form,
        errors: Default::default(),
    };
    view(&state, &session, &actor, &page, StatusCode::OK)
}

fn year_lines(c: &mut DbConn) -> Result<Vec<YearLine>, AppError> {
    let today = Collective::get(c)?.today();
    Ok(ProgramYear::list(c)?
        .into_iter()
        .map(|y| YearLine {
            id: y.id,
            current: y.contains(today),
            span: format!(
                "{} – {}",
                render::date(y.start_date),
                render::date(y.end_date)
            ),
            label: y.label,
        })
        .collect())
}

/// The form prefilled with the year after the latest one (or this year when there is none).
fn default_form(c: &mut DbConn) -> Result<YearForm, AppError> {
    let (start, end) = match ProgramYear::list(c)?.first() {
        Some(latest) => year::next_span(latest.start_date, latest.end_date),
        None => year::default_span(year::start_year_for(chrono::Utc::now().date_naive())),
    };
    Ok(YearForm {
        label: year::label_for(start.year()),
        start_date: start.to_string(),
        end_date: end.to_string(),
    })
}

/// POST /years (director): a new, empty program year.
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    form: web::Form<YearForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let form = form.into_inner();
    let errors = match checked(&form) {
        Ok(new) => match state.db(move |c| insert(c, new)).await {
            Ok(y) => {
                let text = format!(
                    "Program year {} created. Add its member districts next.",
                    y.label
                );
                session::flash(&session, "ok", text);
                return Ok(see_other(&format!("/years/{}", y.id)));
            }
            Err(e) => FieldErrors::from_error(&e),
        },
        Err(errors) => errors,
    };
    let years = state.db(year_lines).await?;
    let page = YearsPage {
        years,
        form,
        errors: errors.errors,
    };
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    view(&state, &session, &actor, &page, status)
}

/// The new year's label and span, checked with the year's rules (every problem at once).
fn checked(form: &YearForm) -> Result<(String, NaiveDate, NaiveDate), FieldErrors> {
    let mut errors = FieldErrors::default();
    let start = errors.take(form::date("start_date", &form.start_date));
    let end = errors.take(form::date("end_date", &form.end_date));
    if let (Some(s), Some(e)) = (start, end) {
        errors.take(year::check_year(&form.label, s, e));
    }
    match (errors.is_empty(), start, end) {
        (true, Some(start), Some(end)) => Ok((form.label.trim().to_string(), start, end)),
        _ => Err(errors),
    }
}

/// Inserts the year, unless its label is taken.
fn insert(
    c: &mut DbConn,
    (label, start_date, end_date): (String, NaiveDate, NaiveDate),
) -> Result<ProgramYear, AppError> {
    if ProgramYear::find_by_label(c, &label)?.is_some() {
        return Err(Violation::new("label", "a year with this label exists already").into());
    }
    let collective_id = Collective::get(c)?.id;
    let new = NewProgramYear {
        collective_id,
        label,
        start_date,
        end_date,
    };
    Ok(ProgramYear::create(c, &new)?)
}

/// Renders the list of years with the new-year form.
fn view(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    page: &YearsPage,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let chrome = Chrome::new(session, Some(actor), "Program years", "year");
    render(state, "years", chrome, page, status)
}

/// POST /years/{id}/next (director): copies memberships, teams and rosters into the next year.
pub async fn start_next(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let id = id.into_inner();
    let result = state
        .db(move |c| {
            let from = ProgramYear::find(c, id).map_err(not_found("program year"))?;
            rollover::start_next_year(c, &actor.audit(), &from)
        })
        .await;
    match result {
        Ok(r) => {
            let text = format!(
                "Program year {} started: {} members, {} teams and {} roster places copied. Adjust them, then plan its convenings.",
                r.year.label, r.memberships, r.teams, r.team_members
            );
            session::flash(&session, "ok", text);
            Ok(see_other(&format!("/years/{}", r.year.id)))
        }
        Err(AppError::Invalid(vs)) => {
            vs.iter()
                .for_each(|v| session::flash(&session, "error", v.message.clone()));
            Ok(see_other(&format!("/years/{id}")))
        }
        Err(e) => Err(e),
    }
}
