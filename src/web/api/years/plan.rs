//! API: "plan the year" (the rotation's proposals, and creating the convenings the director
//! accepts) and "start the next year" (a copy of this year's members and teams).

use crate::domain::Violation;
use crate::error::AppError;
use crate::models::convening::{Convening, ConveningRow};
use crate::models::plan::{self, NamedProposal};
use crate::models::rollover::{self, Rollover};
use crate::models::year::{Membership, ProgramYear};
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::shared::{self, Paging, not_found};
use crate::web::form::{self, FieldErrors};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The proposals, with warnings when the year cannot be planned yet.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProposalList {
    /// One proposal per convening number not yet scheduled.
    pub items: Vec<NamedProposal>,
    /// Cursor (the last number shown) when more remain.
    pub next: Option<String>,
    /// Why there is nothing to propose, when that is the case.
    pub warnings: Vec<String>,
}

/// `POST /api/v1/program-years/{id}/plan` body: the proposals as accepted or changed.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PlanBody {
    /// The convenings to create.
    pub convenings: Vec<PlanItem>,
}

/// One accepted convening.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PlanItem {
    /// 1–4.
    pub number: i32,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// A member district of the year.
    pub host_district_id: i32,
}

/// Proposed dates and hosts for the convenings the year does not have yet (directors).
#[utoipa::path(get, path = "/api/v1/program-years/{id}/plan", operation_id = "plan_proposals", tag = "years", security(("bearer" = [])),
    params(("id" = i32, Path, description = "program year id"), shared::PageParams),
    responses((status = 200, body = ProposalList), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "bad limit or cursor")))]
pub async fn proposals(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, page) = (id.into_inner(), Paging::from_request(&req)?);
    let (proposals, members) = state
        .db(move |c| {
            let year = ProgramYear::find(c, id).map_err(not_found("program year"))?;
            Ok((
                plan::proposals(c, &year)?,
                Membership::of_year(c, id)?.len(),
            ))
        })
        .await?;
    let mut warnings = Vec::new();
    if members == 0 {
        warnings.push(
            "the year has no member districts yet: admit members before planning".to_string(),
        );
    } else if proposals.is_empty() {
        warnings.push("all four convenings of the year are scheduled".to_string());
    }
    let List { items, next } = page.slice(proposals, |p| p.number)?;
    Ok(HttpResponse::Ok().json(ProposalList {
        items,
        next,
        warnings,
    }))
}

/// Creates the accepted convenings (directors), all or none; errors name
/// `convenings[i].field` by position in the request.
#[utoipa::path(post, path = "/api/v1/program-years/{id}/plan", operation_id = "accept_plan", tag = "years", security(("bearer" = [])),
    params(("id" = i32, Path, description = "program year id")), request_body = PlanBody,
    responses((status = 201, body = List<ConveningRow>), (status = 400), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "a fifth convening, a host not a member, a host twice before all hosted")))]
pub async fn accept(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: PlanBody = form::json(&body)?;
    let accepted = parse_plan(&body)?;
    let id = id.into_inner();
    let rows = state
        .db(move |c| {
            let year = ProgramYear::find(c, id).map_err(not_found("program year"))?;
            let made = c.write_transaction(|c| {
                let mut made = Vec::new();
                for (i, item) in accepted.iter().enumerate() {
                    made.extend(
                        plan::accept(c, &actor.audit(), &year, &[*item])
                            .map_err(|e| at_position(e, i))?,
                    );
                }
                Ok::<_, AppError>(made)
            })?;
            let ids: Vec<i32> = made.iter().map(|m: &Convening| m.id).collect();
            Ok(Convening::of_year(c, id)?
                .into_iter()
                .filter(|r| ids.contains(&r.convening.id))
                .collect())
        })
        .await?;
    Ok(HttpResponse::Created().json(List::all(rows)))
}

/// The accepted (number, date, host) triples; bad dates named by position.
fn parse_plan(body: &PlanBody) -> Result<Vec<(i32, NaiveDate, i32)>, AppError> {
    if body.convenings.is_empty() {
        return Err(AppError::invalid(
            "convenings",
            "must list at least one convening",
        ));
    }
    let mut errors = FieldErrors::default();
    let accepted: Vec<_> = body
        .convenings
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let date = errors.take(form::date(&format!("convenings[{i}].date"), &item.date))?;
            Some((item.number, date, item.host_district_id))
        })
        .collect();
    form::finish(errors)?;
    Ok(accepted)
}

/// Re-names a violation (`convenings[n].field`, or a bare `field`) after the request position.
fn at_position(e: AppError, i: usize) -> AppError {
    match e {
        AppError::Invalid(vs) => AppError::Invalid(
            vs.into_iter()
                .map(|v| {
                    let field = v
                        .field
                        .split_once("].")
                        .map_or(v.field.as_str(), |(_, f)| f);
                    Violation::new(format!("convenings[{i}].{field}"), v.message.clone())
                })
                .collect(),
        ),
        other => other,
    }
}

/// Starts the year after this one (directors): memberships, teams and rosters copied.
#[utoipa::path(post, path = "/api/v1/program-years/{id}/next", operation_id = "start_next_year", tag = "years", security(("bearer" = [])),
    params(("id" = i32, Path, description = "the program year to copy")),
    responses((status = 201, body = Rollover), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "the next year exists already")))]
pub async fn start_next(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let id = id.into_inner();
    let made = state
        .db(move |c| {
            let year = ProgramYear::find(c, id).map_err(not_found("program year"))?;
            rollover::start_next_year(c, &actor.audit(), &year)
        })
        .await?;
    Ok(HttpResponse::Created().json(made))
}
