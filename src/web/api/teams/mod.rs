//! API: teams — one district's team for one program year. Everyone signed in sees the teams'
//! names and sizes; a roster is for the facilitation team and the team's own members; directors
//! form teams and change rosters.

pub mod roster;

use super::List;
use super::shared::{self, PageParams, Paging, not_found, unknown};
use crate::domain::Warning;
use crate::domain::validate;
use crate::error::AppError;
use crate::models::district::District;
use crate::models::team::{RosterLine, Team, TeamRow};
use crate::models::year::{Membership, ProgramYear};
use crate::route;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::form;
use crate::web::policy::{self, Action, Resource};
use crate::web::routes::RouteDef;
use actix_web::{HttpRequest, HttpResponse, web};
use diesel::OptionalExtension;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

/// This area's routes, fixed paths before patterns.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/api/v1/teams" => list),
        route!(POST "/api/v1/teams" => create),
        route!(GET "/api/v1/teams/{id}" => show),
        route!(GET "/api/v1/teams/{id}/members" => roster::members),
        route!(POST "/api/v1/teams/{id}/members" => roster::add),
        route!(PUT "/api/v1/teams/{id}/members/{member_id}" => roster::change),
        route!(DELETE "/api/v1/teams/{id}/members/{member_id}" => roster::remove),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(list, create, show, roster::members, roster::add, roster::change, roster::remove),
    components(schemas(TeamHeader, TeamSummary, TeamDetail, NewTeamBody, RosterLine, roster::NewMemberBody, roster::MemberChangeBody, roster::AddedMember)),
    tags((name = "teams", description = "District teams and their rosters"))
)]
pub struct Doc;

/// What every view of a team names: the team, its year and its district.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TeamHeader {
    /// Id.
    pub id: i32,
    /// Display name.
    pub name: String,
    /// The program year.
    pub program_year_id: i32,
    /// Its label ("2026-27").
    pub year_label: String,
    /// The district.
    pub district_id: i32,
    /// Its name.
    pub district_name: String,
}

impl TeamHeader {
    fn new(team: Team, year_label: String, district_name: String) -> TeamHeader {
        TeamHeader {
            id: team.id,
            name: team.name,
            program_year_id: team.program_year_id,
            year_label,
            district_id: team.district_id,
            district_name,
        }
    }
}

/// A team as every signed-in person may see it: names and size, never the roster.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TeamSummary {
    /// The team, its year and district.
    #[serde(flatten)]
    pub team: TeamHeader,
    /// People on the roster.
    pub member_count: i64,
}

impl TeamSummary {
    fn new(row: TeamRow, year_label: &str) -> TeamSummary {
        TeamSummary {
            team: TeamHeader::new(row.team, year_label.to_string(), row.district_name),
            member_count: row.member_count,
        }
    }
}

/// A team in full: roster and the soft rules it does not yet meet.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TeamDetail {
    /// The team, its year and district.
    #[serde(flatten)]
    pub team: TeamHeader,
    /// The roster, senior leaders first.
    pub members: Vec<RosterLine>,
    /// Soft rules not met: size outside 6–10, no senior leader.
    #[schema(value_type = Vec<String>)]
    pub warnings: Vec<Warning>,
}

impl TeamDetail {
    /// Loads a team's roster and warnings (a fixed five queries).
    pub fn load(c: &mut crate::db::DbConn, team: Team) -> Result<TeamDetail, AppError> {
        let year = ProgramYear::find(c, team.program_year_id)?;
        let district = District::find(c, team.district_id)?;
        Ok(TeamDetail {
            members: Team::roster(c, team.id)?,
            warnings: Team::warnings(c, team.id)?,
            team: TeamHeader::new(team, year.label, district.name),
        })
    }
}

/// `GET /api/v1/teams` query: a year (this year when absent); the page is [`PageParams`].
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TeamsQuery {
    /// Program year id; the year containing today when absent.
    #[param(value_type = Option<i32>)]
    pub year: Option<String>,
}

/// `POST /api/v1/teams` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewTeamBody {
    /// The program year.
    pub program_year_id: i32,
    /// A district that is a member that year.
    pub district_id: i32,
    /// Display name; "<District> team" when absent or blank.
    #[serde(default)]
    pub name: Option<String>,
}

/// The teams of a year, names and sizes only, in id order.
#[utoipa::path(get, path = "/api/v1/teams", operation_id = "list_teams", tag = "teams", params(TeamsQuery, PageParams), security(("bearer" = [])),
    responses((status = 200, body = List<TeamSummary>), (status = 401), (status = 422, description = "bad year, limit or after")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(_actor): ApiActor,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let q: TeamsQuery = shared::query(&req)?;
    let paging = Paging::from_request(&req)?;
    let year_id = shared::opt_int("year", q.year.as_deref())?;
    let rows = state
        .db(move |c| {
            let year = match year_id {
                Some(id) => ProgramYear::find(c, id).optional()?,
                None => ProgramYear::this_year(c)?,
            };
            let Some(year) = year else { return Ok(vec![]) };
            let rows = Team::page_of_year(c, year.id, paging.after, paging.fetch())?;
            Ok(rows
                .into_iter()
                .map(|r| TeamSummary::new(r, &year.label))
                .collect())
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.page(rows, |t: &TeamSummary| t.team.id)))
}

/// Forms a district's team for a year (directors): the district must be a member that year,
/// and has one team a year.
#[utoipa::path(post, path = "/api/v1/teams", operation_id = "create_team", tag = "teams", request_body = NewTeamBody, security(("bearer" = [])),
    responses((status = 201, body = TeamDetail), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not a director"),
              (status = 422, description = "unknown year or district, not a member that year, or a team exists already")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: NewTeamBody = form::json(&body)?;
    let by = actor.audit();
    let detail = state.db(move |c| form_team(c, &by, &body)).await?;
    Ok(HttpResponse::Created().json(detail))
}

fn form_team(
    c: &mut crate::db::DbConn,
    by: &crate::models::audit::AuditActor,
    body: &NewTeamBody,
) -> Result<TeamDetail, AppError> {
    let year = ProgramYear::find(c, body.program_year_id)
        .map_err(unknown("program_year_id", "is not a program year"))?;
    let district =
        District::find(c, body.district_id).map_err(unknown("district_id", "is not a district"))?;
    if !Membership::is_member(c, year.id, district.id)? {
        let message = format!("is not a member district of {}", year.label);
        return Err(AppError::invalid("district_id", message));
    }
    let name = match body.name.as_deref().filter(|n| !n.trim().is_empty()) {
        Some(n) => validate::name("name", n, 100)?,
        None => format!("{} team", district.name),
    };
    let team = Team::create(c, by, year.id, district.id, &name)?;
    TeamDetail::load(c, team)
}

/// A team with its roster and warnings: the facilitation team, or the team's own members.
#[utoipa::path(get, path = "/api/v1/teams/{id}", operation_id = "get_team", tag = "teams", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")),
    responses((status = 200, body = TeamDetail), (status = 401), (status = 403, description = "another team's roster"),
              (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let detail = state
        .db(move |c| {
            let team = Team::find(c, id).map_err(not_found("team"))?;
            policy::require_role(&actor, team.id, (Resource::Roster, Action::Read))?;
            TeamDetail::load(c, team)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}
