//! API: a team's roster. Reading it is for the facilitation team and the team's own members;
//! changing it is for directors, through `Team::add_member`, which holds the hard rules (two
//! schools at most, one team a person a year) and answers with the soft ones as warnings.

use crate::domain::Warning;
use crate::domain::roles::TeamRole;
use crate::error::AppError;
use crate::models::person::Person;
use crate::models::team::{MemberChange, NewMember, RosterLine, Team};
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::shared::{self, Paging, not_found, unknown};
use crate::web::form;
use crate::web::policy::{self, Action, Resource};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

/// `POST /api/v1/teams/{id}/members` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewMemberBody {
    /// The person to add.
    pub person_id: i32,
    /// senior_leader | principal | coach | teacher | student.
    #[schema(example = "teacher")]
    pub role: String,
    /// Their school, one of the district's; none for district-wide staff.
    #[serde(default)]
    pub school_id: Option<i32>,
}

/// The new roster line, with the roster's warnings as it now stands.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AddedMember {
    /// The line.
    #[serde(flatten)]
    pub line: RosterLine,
    /// Soft rules the roster does not yet meet.
    #[schema(value_type = Vec<String>)]
    pub warnings: Vec<Warning>,
}

/// The roster, senior leaders first.
#[utoipa::path(get, path = "/api/v1/teams/{id}/members", operation_id = "list_team_members", tag = "teams", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), shared::PageParams),
    responses((status = 200, body = List<RosterLine>), (status = 401), (status = 403, description = "another team's roster"),
              (status = 404), (status = 422, description = "bad limit or after")))]
pub async fn members(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, paging) = (id.into_inner(), Paging::from_request(&req)?);
    let roster = state
        .db(move |c| {
            let team = Team::find(c, id).map_err(not_found("team"))?;
            policy::require_role(&actor, team.id, (Resource::Roster, Action::Read))?;
            Ok(Team::roster(c, team.id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.slice(roster, |l| l.member.id)?))
}

/// Adds a person to the roster (directors). A third school or a second team in the year is a
/// 422; a roster still short of the expected shape comes back with warnings.
#[utoipa::path(post, path = "/api/v1/teams/{id}/members", operation_id = "add_team_member", tag = "teams", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")), request_body = NewMemberBody,
    responses((status = 201, body = AddedMember), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not a director"), (status = 404),
              (status = 422, description = "unknown person or role, a third school (school_id), on another team this year (person_id)")))]
pub async fn add(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    policy::require_role(&actor, *id, (Resource::Roster, Action::Create))?;
    let body: NewMemberBody = form::json(&body)?;
    let role: TeamRole = form::choice("role", &body.role)?;
    let new = NewMember {
        person_id: body.person_id,
        role,
        school_id: body.school_id,
    };
    let id = id.into_inner();
    let by = actor.audit();
    let added = state.db(move |c| add_member(c, &by, id, &new)).await?;
    Ok(HttpResponse::Created().json(added))
}

fn add_member(
    c: &mut crate::db::DbConn,
    by: &crate::models::audit::AuditActor,
    team_id: i32,
    new: &NewMember,
) -> Result<AddedMember, AppError> {
    let team = Team::find(c, team_id).map_err(not_found("team"))?;
    Person::find(c, new.person_id).map_err(unknown("person_id", "is not a person"))?;
    let warnings = Team::add_member(c, by, &team, new)?;
    let line = Team::roster(c, team.id)?
        .into_iter()
        .find(|l| l.member.person_id == new.person_id)
        .ok_or(AppError::NotFound("team member"))?;
    Ok(AddedMember { line, warnings })
}

/// `PUT /api/v1/teams/{id}/members/{member_id}` body: the line's role and school (both said,
/// as on the page's form).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MemberChangeBody {
    /// senior_leader | principal | coach | teacher | student.
    #[schema(example = "senior_leader")]
    pub role: String,
    /// Their school, one of the district's; none for district-wide staff.
    #[serde(default)]
    pub school_id: Option<i32>,
}

/// Changes a member's role or school (directors). Reminders follow at once: a new senior
/// leader of a convening's host gets its host notes, a former one no longer does.
#[utoipa::path(put, path = "/api/v1/teams/{id}/members/{member_id}", operation_id = "change_team_member", tag = "teams", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), ("member_id" = i32, Path, description = "roster line id")),
    request_body = MemberChangeBody,
    responses((status = 200, body = AddedMember), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not a director"), (status = 404, description = "no such team, or the line is not on it"),
              (status = 422, description = "unknown role, a school not of the district or a third school (school_id)")))]
pub async fn change(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    path: web::Path<(i32, i32)>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let (team_id, member_id) = path.into_inner();
    policy::require_role(&actor, team_id, (Resource::Roster, Action::Edit))?;
    let body: MemberChangeBody = form::json(&body)?;
    let change = MemberChange {
        role: form::choice("role", &body.role)?,
        school_id: body.school_id,
    };
    let by = actor.audit();
    let changed = state
        .db(move |c| {
            let team = Team::find(c, team_id).map_err(not_found("team"))?;
            let warnings = Team::change_member(c, &by, &team, member_id, &change)?
                .ok_or(AppError::NotFound("team member"))?;
            let line = Team::roster(c, team.id)?
                .into_iter()
                .find(|l| l.member.id == member_id)
                .ok_or(AppError::NotFound("team member"))?;
            Ok(AddedMember { line, warnings })
        })
        .await?;
    Ok(HttpResponse::Ok().json(changed))
}

/// Takes a line off the roster (directors).
#[utoipa::path(delete, path = "/api/v1/teams/{id}/members/{member_id}", operation_id = "remove_team_member", tag = "teams", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), ("member_id" = i32, Path, description = "roster line id")),
    responses((status = 204), (status = 401), (status = 403, description = "not a director"),
              (status = 404, description = "no such team, or the line is not on it")))]
pub async fn remove(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    let (team_id, member_id) = path.into_inner();
    policy::require_role(&actor, team_id, (Resource::Roster, Action::Delete))?;
    let by = actor.audit();
    let gone = state
        .db(move |c| {
            Team::find(c, team_id).map_err(not_found("team"))?;
            Ok(Team::remove_member(c, &by, team_id, member_id)?)
        })
        .await?;
    if gone {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(AppError::NotFound("team member"))
    }
}
