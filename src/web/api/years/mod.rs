//! API: the collective's settings, program years and their member districts, "plan the year"
//! and "start the next year". A year's convenings are served by `api::convenings`.

pub mod collective;
pub mod memberships;
pub mod plan;

use super::shared::{self, Paging, not_found};
use crate::db::DbConn;
use crate::domain::year;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::year::{Membership, NewProgramYear, ProgramYear};
use crate::route;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::form::{self, FieldErrors};
use crate::web::routes::RouteDef;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

use super::List;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/api/v1/collective" => collective::show),
        route!(PUT "/api/v1/collective" => collective::update),
        route!(GET "/api/v1/program-years" => list),
        route!(POST "/api/v1/program-years" => create),
        route!(GET "/api/v1/program-years/{id}" => show),
        route!(POST "/api/v1/program-years/{id}/next" => plan::start_next),
        route!(GET "/api/v1/program-years/{id}/plan" => plan::proposals),
        route!(POST "/api/v1/program-years/{id}/plan" => plan::accept),
        route!(GET "/api/v1/program-years/{id}/memberships" => memberships::list),
        route!(POST "/api/v1/program-years/{id}/memberships" => memberships::create),
        route!(PUT "/api/v1/memberships/{id}" => memberships::update),
        route!(POST "/api/v1/memberships/{id}/withdraw" => memberships::withdraw),
        route!(POST "/api/v1/memberships/{id}/rejoin" => memberships::rejoin),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        collective::show, collective::update, list, create, show, plan::start_next, plan::proposals,
        plan::accept, memberships::list, memberships::create, memberships::update, memberships::withdraw, memberships::rejoin
    ),
    components(schemas(
        collective::CollectiveView, collective::CollectiveBody, ProgramYear, NewYearBody, YearSaved,
        YearDetail, YearMember, memberships::MembershipView, memberships::MembershipSaved,
        memberships::NewMembershipBody, memberships::MembershipBody, plan::ProposalList, plan::PlanBody,
        plan::PlanItem, crate::models::plan::NamedProposal, crate::models::rollover::Rollover
    )),
    tags((name = "years", description = "The collective, program years, memberships, planning"))
)]
pub struct Doc;

/// `POST /api/v1/program-years` body; everything defaults to the year after the latest one.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct NewYearBody {
    /// Like "2027-28"; unique; one line. Left out, null or blank (like the dates), it is the
    /// year after the latest.
    #[schema(max_length = 40)]
    pub label: Option<String>,
    /// `YYYY-MM-DD`; default 1 August.
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`; default 30 June.
    pub end_date: Option<String>,
}

/// A year as created, with soft-rule warnings (an overlap with another year).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct YearSaved {
    /// The year.
    #[serde(flatten)]
    pub year: ProgramYear,
    /// Soft rules not met.
    pub warnings: Vec<String>,
}

/// A year with its member districts.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct YearDetail {
    /// The year.
    #[serde(flatten)]
    pub year: ProgramYear,
    /// Members by name; the terms only for the facilitation team.
    pub members: Vec<YearMember>,
}

/// A member district of a year. Fees are the facilitation team's business, so the terms are
/// left out for members.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct YearMember {
    /// District.
    pub district_id: i32,
    /// District name.
    pub district_name: String,
    /// Membership id (staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub membership_id: Option<i32>,
    /// Fee, cents (staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee_cents: Option<i64>,
    /// Paid, cents (staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paid_cents: Option<i64>,
    /// Still owed, cents (staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub balance_cents: Option<i64>,
    /// Complimentary workshop seats (staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workshop_seats: Option<i32>,
}

/// Every program year, newest first.
#[utoipa::path(get, path = "/api/v1/program-years", operation_id = "list_program_years", tag = "years", security(("bearer" = [])),
    params(shared::PageParams),
    responses((status = 200, body = List<ProgramYear>), (status = 401), (status = 422, description = "bad limit or cursor")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(_actor): ApiActor,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let page = Paging::from_request(&req)?;
    let years = state.db(|c| Ok(ProgramYear::list(c)?)).await?;
    Ok(HttpResponse::Ok().json(page.slice(years, |y| y.id)?))
}

/// Creates a program year (directors). Left-out (or blank) fields default to the year after
/// the latest one (or the year containing today when there is none).
#[utoipa::path(post, path = "/api/v1/program-years", operation_id = "create_program_year", tag = "years", security(("bearer" = [])),
    request_body = NewYearBody,
    responses((status = 201, body = YearSaved), (status = 400), (status = 401), (status = 403),
              (status = 422, description = "label taken or not one line, a bad date, end not after start")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: NewYearBody = form::json(&body)?;
    let mut errors = FieldErrors::default();
    let start = errors
        .take(shared::opt_date("start_date", body.start_date.as_deref()))
        .flatten();
    let end = errors
        .take(shared::opt_date("end_date", body.end_date.as_deref()))
        .flatten();
    form::finish(errors)?;
    // Blank is absent, as for the dates beside it: a caller that sends every field, the ones
    // it has no value for empty, gets the defaults rather than a refusal.
    let label = body
        .label
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty());
    let saved = state.db(move |c| create_year(c, label, start, end)).await?;
    Ok(HttpResponse::Created().json(saved))
}

/// Fills in the defaults ("today" in the collective's zone), checks, and inserts.
fn create_year(
    c: &mut DbConn,
    label: Option<String>,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> Result<YearSaved, AppError> {
    let collective = Collective::get(c)?;
    let today = collective.today();
    let years = ProgramYear::list(c)?;
    let (default_label, default_start, default_end) = defaults(&years, start, today);
    let label = label.unwrap_or(default_label);
    let (start_date, end_date) = (start.unwrap_or(default_start), end.unwrap_or(default_end));
    year::check_year(&label, start_date, end_date)?;
    let taken = "a program year with this label exists already";
    if years.iter().any(|y| y.label == label) {
        return Err(AppError::invalid("label", taken));
    }
    let new = NewProgramYear {
        collective_id: collective.id,
        label,
        start_date,
        end_date,
    };
    let year = ProgramYear::create(c, &new).map_err(crate::models::unique_as("label", taken))?;
    let warnings = overlaps(&years, &year);
    Ok(YearSaved { year, warnings })
}

/// A warning for each other year whose span shares a day with `year`'s.
fn overlaps(years: &[ProgramYear], year: &ProgramYear) -> Vec<String> {
    years
        .iter()
        .filter(|y| y.start_date <= year.end_date && year.start_date <= y.end_date)
        .map(|y| {
            format!(
                "overlaps the program year {} ({} to {})",
                y.label, y.start_date, y.end_date
            )
        })
        .collect()
}

/// Label and span when not given: from the start date when one is, else the year after the
/// latest, else the year that contains today.
fn defaults(
    years: &[ProgramYear],
    start: Option<NaiveDate>,
    today: NaiveDate,
) -> (String, NaiveDate, NaiveDate) {
    if let Some(start) = start {
        let start_year = year::start_year_for(start);
        return (
            year::label_for(start_year),
            start,
            year::default_span(start_year).1,
        );
    }
    match years.iter().max_by_key(|y| y.start_date) {
        Some(last) => {
            let (start, end) = year::next_span(last.start_date, last.end_date);
            (year::next_label(&last.label, start), start, end)
        }
        None => {
            let start_year = year::start_year_for(today);
            let (start, end) = year::default_span(start_year);
            (year::label_for(start_year), start, end)
        }
    }
}

/// One year with its members; fees, payments and balances only for the facilitation team.
#[utoipa::path(get, path = "/api/v1/program-years/{id}", operation_id = "get_program_year", tag = "years", security(("bearer" = [])),
    params(("id" = i32, Path, description = "program year id")),
    responses((status = 200, body = YearDetail), (status = 401), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, staff) = (id.into_inner(), actor.is_staff());
    let detail = state
        .db(move |c| {
            let year = ProgramYear::find(c, id).map_err(not_found("program year"))?;
            let rows = Membership::of_year(c, id)?;
            let members = rows.into_iter().map(|r| year_member(r, staff)).collect();
            Ok(YearDetail { year, members })
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}

fn year_member(row: crate::models::year::MemberRow, staff: bool) -> YearMember {
    let m = &row.membership;
    let terms = staff.then_some(m);
    YearMember {
        district_id: m.district_id,
        district_name: row.district_name.clone(),
        membership_id: terms.map(|m| m.id),
        fee_cents: terms.map(|m| m.fee_cents),
        paid_cents: terms.map(|m| m.paid_cents),
        balance_cents: terms.map(Membership::balance_cents),
        workshop_seats: terms.map(|m| m.workshop_seats),
    }
}
