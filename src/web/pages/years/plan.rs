//! "Plan the year": the rotation proposes four dates (one per quarter, on weekdays) and hosts;
//! the director accepts or changes each proposal.

use crate::db::DbConn;
use crate::error::AppError;
use crate::models::not_found;
use crate::models::plan::{self, NamedProposal};
use crate::models::year::{Membership, ProgramYear};
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{self, Chrome, SelectOption, render, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use std::collections::HashMap;

/// One proposal row of the form, as shown or as typed.
#[derive(Serialize)]
struct Row {
    number: i32,
    include: bool,
    date: String,
    weekday: String,
    host_options: Vec<SelectOption>,
    date_error: Option<String>,
    host_error: Option<String>,
}

#[derive(Serialize)]
struct PlanPage {
    id: i32,
    label: String,
    rows: Vec<Row>,
    has_members: bool,
    errors_list: Vec<crate::domain::Violation>,
}

/// GET /years/{id}/plan (director).
pub async fn form(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let id = id.into_inner();
    let page = state
        .db(move |c| plan_page(c, id, None, &FieldErrors::default()))
        .await?;
    view(&state, &session, &actor, &page, StatusCode::OK)
}

/// Renders the planning page.
fn view(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    page: &PlanPage,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let chrome = Chrome::new(session, Some(actor), "Plan the year", "year");
    render(state, "plan", chrome, page, status)
}

/// The page from the proposals, or from what the director typed when it comes back with errors.
fn plan_page(
    c: &mut DbConn,
    id: i32,
    typed: Option<&HashMap<String, String>>,
    errors: &FieldErrors,
) -> Result<PlanPage, AppError> {
    let year = ProgramYear::find(c, id).map_err(not_found("program year"))?;
    let members = Membership::of_year(c, id)?;
    let proposals = plan::proposals(c, &year)?;
    let rows = proposals
        .iter()
        .map(|p| {
            let get = |k: &str| {
                typed
                    .and_then(|t| t.get(&format!("{k}_{}", p.number)))
                    .cloned()
            };
            let date = get("date").unwrap_or_else(|| p.date.to_string());
            let host = get("host").unwrap_or_else(|| p.host_district_id.to_string());
            let err = |f: &str| errors.errors.get(&field(p, f)).cloned();
            Row {
                number: p.number,
                include: typed.is_none() || get("include").is_some(),
                weekday: form::date("", &date).map(render::date).unwrap_or_default(),
                host_options: members
                    .iter()
                    .map(|m| {
                        SelectOption::new(m.membership.district_id, m.district_name.clone(), &host)
                    })
                    .collect(),
                date_error: err("date"),
                host_error: err("host_district_id"),
                date,
            }
        })
        .collect();
    let general = errors
        .list()
        .into_iter()
        .filter(|v| !v.field.starts_with("convenings["))
        .collect();
    Ok(PlanPage {
        id,
        label: year.label,
        rows,
        has_members: !members.is_empty(),
        errors_list: general,
    })
}

/// The error key of a proposal's field, as `plan::accept` names it.
fn field(p: &NamedProposal, f: &str) -> String {
    format!("convenings[{}].{f}", p.number - 1)
}

/// POST /years/{id}/plan (director): creates the included convenings, all or none.
pub async fn accept(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
    typed: web::Form<HashMap<String, String>>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, typed) = (id.into_inner(), typed.into_inner());
    let t = typed.clone();
    let by = actor.audit();
    let outcome = state
        .db(move |c| {
            let year = ProgramYear::find(c, id).map_err(not_found("program year"))?;
            let chosen = parse(&plan::proposals(c, &year)?, &t)?;
            plan::accept(c, &by, &year, &chosen)
        })
        .await;
    match outcome {
        Ok(made) => {
            session::flash(
                &session,
                "ok",
                format!(
                    "{} convening(s) scheduled. Add agendas and readings to each.",
                    made.len()
                ),
            );
            Ok(see_other(&format!("/years/{id}")))
        }
        Err(e @ AppError::Invalid(_)) => {
            let errors = FieldErrors::from_error(&e);
            let page = state
                .db(move |c| plan_page(c, id, Some(&typed), &errors))
                .await?;
            view(
                &state,
                &session,
                &actor,
                &page,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
        Err(e) => Err(e),
    }
}

/// Reads the included rows; a bad date or host is named by the proposal's position.
fn parse(
    proposals: &[NamedProposal],
    typed: &HashMap<String, String>,
) -> Result<Vec<(i32, chrono::NaiveDate, i32)>, AppError> {
    let mut errors = FieldErrors::default();
    let mut chosen = Vec::new();
    for p in proposals
        .iter()
        .filter(|p| typed.contains_key(&format!("include_{}", p.number)))
    {
        let get = |k: &str| {
            typed
                .get(&format!("{k}_{}", p.number))
                .cloned()
                .unwrap_or_default()
        };
        let date = errors.take(form::date(&field(p, "date"), &get("date")));
        let host = errors.take(form::int(&field(p, "host_district_id"), &get("host")));
        if let (Some(d), Some(h)) = (date, host) {
            chosen.push((p.number, d, h));
        }
    }
    if chosen.is_empty() && errors.is_empty() {
        errors.add(crate::domain::Violation::new(
            "",
            "tick at least one proposal to schedule it",
        ));
    }
    form::finish(errors)?;
    Ok(chosen)
}
