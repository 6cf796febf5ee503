//! API: the convenings of a program year (four a year, hosts in rotation), each with its
//! agenda, readings and attendance. Everyone signed in reads the calendar; directors manage it;
//! people answer for themselves.

pub mod agenda;
pub mod attendance;
pub mod cancel;

use super::List;
use super::shared::{self, Paging, not_found, not_negative};
use crate::db::DbConn;
use crate::domain::attendance::{AttendanceStatus, head_count};
use crate::domain::convening::DayTimes;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::convening::{
    AgendaItem, Attendance, Convening, ConveningInput, ConveningRow, Reading,
};
use crate::models::district::District;
use crate::models::year::ProgramYear;
use crate::route;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::form::{self, FieldErrors};
use crate::web::routes::RouteDef;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, Weekday};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/api/v1/program-years/{id}/convenings" => list),
        route!(POST "/api/v1/program-years/{id}/convenings" => create),
        route!(GET "/api/v1/convenings/{id}" => show),
        route!(PUT "/api/v1/convenings/{id}" => update),
        route!(POST "/api/v1/convenings/{id}/cancel" => cancel::cancel),
        route!(POST "/api/v1/convenings/{id}/restore" => cancel::restore),
        route!(GET "/api/v1/convenings/{id}/agenda" => agenda::list),
        route!(POST "/api/v1/convenings/{id}/agenda" => agenda::create),
        route!(DELETE "/api/v1/convenings/{id}/agenda/{item_id}" => agenda::delete),
        route!(GET "/api/v1/convenings/{id}/readings" => agenda::readings),
        route!(POST "/api/v1/convenings/{id}/readings" => agenda::add_reading),
        route!(DELETE "/api/v1/convenings/{id}/readings/{reading_id}" => agenda::delete_reading),
        route!(GET "/api/v1/convenings/{id}/attendance" => attendance::show),
        route!(PUT "/api/v1/convenings/{id}/rsvp" => attendance::rsvp),
        route!(PUT "/api/v1/convenings/{id}/attendance/{person_id}" => attendance::record),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        list, create, show, update, cancel::cancel, cancel::restore, agenda::list, agenda::create, agenda::delete, agenda::readings,
        agenda::add_reading, agenda::delete_reading, attendance::show, attendance::rsvp, attendance::record
    ),
    components(schemas(
        Convening, ConveningRow, ConveningBody, ConveningUpdate, ConveningSaved, ConveningDetail, HeadCount,
        AgendaItem, Reading, agenda::AgendaBody, agenda::ReadingBody, attendance::AttendanceView,
        attendance::StatusBody, crate::models::convening::AttendanceLine
    )),
    tags((name = "convenings", description = "Convenings, agendas, readings, attendance"))
)]
pub struct Doc;

/// A convening's fields as sent by a director. Left-out times default to the collective's day
/// (on create) or stay as they are (on update).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ConveningBody {
    /// 1–4 within the year.
    pub number: i32,
    /// `YYYY-MM-DD`, within the program year.
    pub date: String,
    /// A member district of the year.
    pub host_district_id: i32,
    /// Where.
    pub venue: Option<String>,
    /// `HH:MM:SS` or `HH:MM`.
    pub breakfast_time: Option<String>,
    /// `HH:MM:SS` or `HH:MM`.
    pub start_time: Option<String>,
    /// `HH:MM:SS` or `HH:MM`.
    pub close_time: Option<String>,
    /// Food cost borne by the host, cents, ≥ 0.
    pub food_cost_cents: Option<i64>,
}

/// `PUT /api/v1/convenings/{id}` body: the fields and the version that was read.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ConveningUpdate {
    /// The `version` of the record as read; a stale one is a 409.
    pub version: i32,
    /// The fields.
    #[serde(flatten)]
    pub fields: ConveningBody,
}

/// A convening as saved, with its host and soft-rule warnings (a weekend day).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConveningSaved {
    /// The convening with its host's name.
    #[serde(flatten)]
    pub row: ConveningRow,
    /// Soft rules not met.
    pub warnings: Vec<String>,
}

/// Expected head count, for the host's food order.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct HeadCount {
    /// Attending (or already marked as attended).
    pub attending: usize,
    /// Invited, not yet answered.
    pub not_answered: usize,
}

/// A convening with everything its page shows.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ConveningDetail {
    /// The convening with its host's name.
    #[serde(flatten)]
    pub row: ConveningRow,
    /// Agenda in time order.
    pub agenda: Vec<AgendaItem>,
    /// Reading to do before.
    pub readings: Vec<Reading>,
    /// Expected head count.
    pub head_count: HeadCount,
}

/// A year's convenings in date order, with host names.
#[utoipa::path(get, path = "/api/v1/program-years/{id}/convenings", operation_id = "list_convenings", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "program year id"), shared::PageParams),
    responses((status = 200, body = List<ConveningRow>), (status = 401), (status = 404),
              (status = 422, description = "bad limit or cursor")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(_actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, page) = (id.into_inner(), Paging::from_request(&req)?);
    let rows = state
        .db(move |c| {
            ProgramYear::find(c, id).map_err(not_found("program year"))?;
            Ok(Convening::of_year(c, id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(page.slice(rows, |r| r.convening.id)?))
}

/// Schedules a convening (directors) after the year's rules: at most four, the host a member,
/// no second hosting while another member has not hosted.
#[utoipa::path(post, path = "/api/v1/program-years/{id}/convenings", operation_id = "create_convening", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "program year id")), request_body = ConveningBody,
    responses((status = 201, body = ConveningSaved), (status = 400), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "a broken rule, named by field")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: ConveningBody = form::json(&body)?;
    let id = id.into_inner();
    let saved = state
        .db(move |c| {
            let year = ProgramYear::find(c, id).map_err(not_found("program year"))?;
            let defaults = Defaults {
                times: Collective::get(c)?.day_times(),
                venue: String::new(),
                food_cost_cents: 0,
            };
            let made = Convening::create(c, &actor.audit(), &year, &input(&body, &defaults)?)?;
            saved(c, made)
        })
        .await?;
    state.mail_wake.notify();
    Ok(HttpResponse::Created().json(saved))
}

/// One convening with its host, agenda, readings and head count.
#[utoipa::path(get, path = "/api/v1/convenings/{id}", operation_id = "get_convening", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id")),
    responses((status = 200, body = ConveningDetail), (status = 401), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(_actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let detail = state.db(move |c| detail(c, id)).await?;
    Ok(HttpResponse::Ok().json(detail))
}

fn detail(c: &mut DbConn, id: i32) -> Result<ConveningDetail, AppError> {
    let convening = find(c, id)?;
    let row = row(c, convening)?;
    let agenda = AgendaItem::of_convening(c, id)?;
    let readings = Reading::of_convening(c, id)?;
    let lines = Attendance::of_convening(c, id)?;
    Ok(ConveningDetail {
        row,
        agenda,
        readings,
        head_count: count(&lines),
    })
}

/// Changes a convening (directors). `version` is the one read: a stale one is a 409 whose body
/// carries the current record under `current`.
#[utoipa::path(put, path = "/api/v1/convenings/{id}", operation_id = "update_convening", tag = "convenings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "convening id")), request_body = ConveningUpdate,
    responses((status = 200, body = ConveningSaved), (status = 400), (status = 401), (status = 403), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds the record"),
              (status = 422, description = "a broken rule, named by field")))]
pub async fn update(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: ConveningUpdate = form::json(&body)?;
    let id = id.into_inner();
    let saved = state
        .db(move |c| {
            let current = find(c, id)?;
            let defaults = Defaults {
                times: current.times(),
                venue: current.venue,
                food_cost_cents: current.food_cost_cents,
            };
            let changed = Convening::update(
                c,
                &actor.audit(),
                id,
                body.version,
                &input(&body.fields, &defaults)?,
            )?;
            saved(c, changed)
        })
        .await?;
    state.mail_wake.notify();
    Ok(HttpResponse::Ok().json(saved))
}

/// What a left-out field becomes.
struct Defaults {
    times: DayTimes,
    venue: String,
    food_cost_cents: i64,
}

/// The checked input (every field problem at once); the year's rules are the model's.
fn input(body: &ConveningBody, d: &Defaults) -> Result<ConveningInput, AppError> {
    let mut errors = FieldErrors::default();
    let date = errors.take(form::date("date", &body.date));
    let times = day_times(body, d.times, &mut errors);
    let venue = match &body.venue {
        Some(v) => errors
            .take(shared::opt_text("venue", Some(v), 300))
            .map(Option::unwrap_or_default),
        None => Some(d.venue.clone()),
    };
    let food = errors.take(not_negative(
        "food_cost_cents",
        body.food_cost_cents.unwrap_or(d.food_cost_cents),
    ));
    form::finish(errors)?;
    match (date, times, venue, food) {
        (Some(date), Some(times), Some(venue), Some(food_cost_cents)) => Ok(ConveningInput {
            number: body.number,
            date,
            host_district_id: body.host_district_id,
            venue,
            times,
            food_cost_cents,
        }),
        _ => Err(AppError::Internal(
            "convening input checked without errors yet incomplete".into(),
        )),
    }
}

/// The day's times, each defaulting to `d`'s; problems go to `errors`.
fn day_times(body: &ConveningBody, d: DayTimes, errors: &mut FieldErrors) -> Option<DayTimes> {
    let mut time = |field: &str, value: &Option<String>, default| {
        errors.take(shared::time_or(field, value.as_deref(), default))
    };
    let breakfast = time("breakfast_time", &body.breakfast_time, d.breakfast);
    let start = time("start_time", &body.start_time, d.start);
    let close = time("close_time", &body.close_time, d.close);
    Some(DayTimes {
        breakfast: breakfast?,
        start: start?,
        close: close?,
    })
}

/// The saved convening with its host and a warning for a weekend day (convenings are school days).
fn saved(c: &mut DbConn, convening: Convening) -> Result<ConveningSaved, AppError> {
    let day = match convening.date.weekday() {
        Weekday::Sat => Some("Saturday"),
        Weekday::Sun => Some("Sunday"),
        _ => None,
    };
    let warnings = day
        .map(|day| {
            format!(
                "{} is a {day}: convenings are usually held on school days",
                convening.date
            )
        })
        .into_iter()
        .collect();
    Ok(ConveningSaved {
        row: row(c, convening)?,
        warnings,
    })
}

/// A convening by id; 404 naming it.
pub(crate) fn find(c: &mut DbConn, id: i32) -> Result<Convening, AppError> {
    Convening::find(c, id).map_err(not_found("convening"))
}

fn row(c: &mut DbConn, convening: Convening) -> Result<ConveningRow, AppError> {
    let host_name = District::find(c, convening.host_district_id)?.name;
    Ok(ConveningRow {
        convening,
        host_name,
    })
}

/// The head count of attendance lines.
pub(crate) fn count(lines: &[crate::models::convening::AttendanceLine]) -> HeadCount {
    let statuses: Vec<AttendanceStatus> =
        lines.iter().filter_map(|l| l.status.parse().ok()).collect();
    let (attending, not_answered) = head_count(&statuses);
    HeadCount {
        attending,
        not_answered,
    }
}
