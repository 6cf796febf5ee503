//! API: people — who the caller is, and (for the facilitation team) everyone in the collective.
//! Directors invite people: a new person has no password until they set one with the link the
//! invitation email carries.

use super::List;
use super::shared::{self, Paging, not_found};
use crate::db::DbConn;
use crate::domain::roles::GlobalRole;
use crate::domain::validate;
use crate::error::AppError;
use crate::models::account_link::{AccountLink, LinkPurpose};
use crate::models::person::Person;
use crate::route;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::form::{self, FieldErrors};
use crate::web::routes::RouteDef;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

/// This area's routes, fixed paths before patterns.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/api/v1/me" => me),
        route!(GET "/api/v1/people" => list),
        route!(POST "/api/v1/people" => create),
        route!(GET "/api/v1/people/{id}" => show),
        route!(POST "/api/v1/people/{id}/deactivate" => deactivate),
        route!(POST "/api/v1/people/{id}/reactivate" => reactivate),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(me, list, create, show, deactivate, reactivate),
    components(schemas(PersonOut, Me, NewPersonBody, InvitedPerson, Deactivated)),
    tags((name = "people", description = "People and the caller's own account"))
)]
pub struct Doc;

/// A person as the API shows them (never the password hash).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PersonOut {
    /// Id.
    pub id: i32,
    /// Full name.
    pub name: String,
    /// Sign-in address.
    pub email: String,
    /// director | facilitator | member.
    #[schema(example = "member")]
    pub role: String,
    /// When a director deactivated them (RFC 3339, UTC); null while they are active.
    #[schema(value_type = Option<String>, example = json!(null))]
    pub deactivated_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl From<&Person> for PersonOut {
    fn from(p: &Person) -> PersonOut {
        PersonOut {
            id: p.id,
            name: p.name.clone(),
            email: p.email.clone(),
            role: p.role.clone(),
            deactivated_at: p.deactivated_at.map(|t| t.and_utc()),
        }
    }
}

/// A person just deactivated, with what that ended.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Deactivated {
    /// The person.
    #[serde(flatten)]
    pub person: PersonOut,
    /// Their sessions signed out.
    pub sessions_ended: usize,
    /// Their API tokens revoked.
    pub tokens_revoked: usize,
}

/// A person just added, with when the emailed invitation's link stops working.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InvitedPerson {
    /// The person.
    #[serde(flatten)]
    pub person: PersonOut,
    /// An invitation email with a single-use link to set a password was queued.
    pub invitation_sent: bool,
    /// When that link stops working (RFC 3339, UTC).
    #[schema(value_type = String, example = "2026-11-29T17:00:00Z")]
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub invitation_expires_at: chrono::DateTime<chrono::Utc>,
}

/// The caller, with the teams they are on (any year), so a client knows whose rosters it may read.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    /// The person.
    #[serde(flatten)]
    pub person: PersonOut,
    /// Their teams.
    pub team_ids: Vec<i32>,
}

/// `POST /api/v1/people` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewPersonBody {
    /// Full name.
    pub name: String,
    /// Sign-in address, unique.
    pub email: String,
    /// director | facilitator | member.
    #[schema(example = "member")]
    pub role: String,
}

/// The caller.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "get_me", tag = "people", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401)))]
pub async fn me(ApiActor(actor): ApiActor) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(Me {
        person: PersonOut::from(&actor.person),
        team_ids: actor.team_ids,
    }))
}

/// Everyone, in id order (the facilitation team).
#[utoipa::path(get, path = "/api/v1/people", operation_id = "list_people", tag = "people", params(shared::PageParams),
    security(("bearer" = [])),
    responses((status = 200, body = List<PersonOut>), (status = 401), (status = 403, description = "not staff"),
              (status = 422, description = "bad limit or after")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let paging = Paging::from_request(&req)?;
    let rows = state
        .db(move |c| Ok(Person::page(c, paging.after, paging.fetch())?))
        .await?;
    Ok(HttpResponse::Ok().json(paging.page(rows.iter().map(PersonOut::from).collect(), |p| p.id)))
}

/// Adds a person (directors) and emails them an invitation to set a password; they cannot sign
/// in until they do.
#[utoipa::path(post, path = "/api/v1/people", operation_id = "create_person", tag = "people", request_body = NewPersonBody, security(("bearer" = [])),
    responses((status = 201, body = InvitedPerson), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not a director"),
              (status = 422, description = "blank name, bad or taken email, unknown role")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: NewPersonBody = form::json(&body)?;
    let (name, email, role) = checked(&body.name, &body.email, &body.role)?;
    let by = actor.audit();
    let (person, link) = state
        .db(move |c| invite_with_link(c, &by, &name, &email, role))
        .await?;
    state.mail_wake.notify();
    Ok(HttpResponse::Created().json(InvitedPerson {
        person: PersonOut::from(&person),
        invitation_sent: true,
        invitation_expires_at: link.expires_at.and_utc(),
    }))
}

/// Adds a person and queues their invitation in one transaction, so nobody is added without one
/// (the people page adds people with it too).
pub fn invite_with_link(
    c: &mut DbConn,
    by: &crate::models::audit::AuditActor,
    name: &str,
    email: &str,
    role: GlobalRole,
) -> Result<(Person, AccountLink), AppError> {
    c.write_transaction(|c| {
        let person = Person::invite(c, by, name, email, role)?;
        let now = crate::models::now();
        let (link, _) = AccountLink::issue(c, person.id, LinkPurpose::Invitation, &by.name, now)?;
        Ok((person, link))
    })
}

/// A new person's name, email and role, every field's problem at once so they are fixed in one
/// round (the people page reads its form with it too).
pub fn checked(
    name: &str,
    email: &str,
    role: &str,
) -> Result<(String, String, GlobalRole), AppError> {
    let mut errors = FieldErrors::default();
    let name = errors.take(validate::name("name", name, 100));
    let email = errors.take(validate::email(email));
    let role = errors.take(form::choice::<GlobalRole>("role", role));
    match (name, email, role) {
        (Some(name), Some(email), Some(role)) => Ok((name, email, role)),
        _ => Err(AppError::Invalid(errors.list())),
    }
}

/// One person: the facilitation team, or the person themself.
#[utoipa::path(get, path = "/api/v1/people/{id}", operation_id = "get_person", tag = "people", security(("bearer" = [])),
    params(("id" = i32, Path, description = "person id")),
    responses((status = 200, body = PersonOut), (status = 401), (status = 403, description = "someone else, as a member"),
              (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if !actor.is_staff() && actor.person.id != id {
        return Err(AppError::Forbidden(
            "you can see your own profile only".into(),
        ));
    }
    let person = state
        .db(move |c| Person::find(c, id).map_err(not_found("person")))
        .await?;
    Ok(HttpResponse::Ok().json(PersonOut::from(&person)))
}

/// Deactivates a person who left the collective (directors): their sessions end, their tokens
/// are revoked, sign-in is refused; their history keeps their name. Undone by `reactivate`.
#[utoipa::path(post, path = "/api/v1/people/{id}/deactivate", operation_id = "deactivate_person", tag = "people", security(("bearer" = [])),
    params(("id" = i32, Path, description = "person id")),
    responses((status = 200, body = Deactivated), (status = 401), (status = 403, description = "not a director"),
              (status = 404), (status = 422, description = "a director deactivating themself")))]
pub async fn deactivate(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, me) = (id.into_inner(), actor.audit());
    let (person, ended) = state.db(move |c| Person::deactivate_by(c, &me, id)).await?;
    Ok(HttpResponse::Ok().json(Deactivated {
        person: PersonOut::from(&person),
        sessions_ended: ended.sessions,
        tokens_revoked: ended.tokens,
    }))
}

/// Reactivates a deactivated person (directors): they may sign in again.
#[utoipa::path(post, path = "/api/v1/people/{id}/reactivate", operation_id = "reactivate_person", tag = "people", security(("bearer" = [])),
    params(("id" = i32, Path, description = "person id")),
    responses((status = 200, body = PersonOut), (status = 401), (status = 403, description = "not a director"),
              (status = 404)))]
pub async fn reactivate(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, by) = (id.into_inner(), actor.audit());
    let person = state
        .db(move |c| Person::reactivate_by_id(c, &by, id))
        .await?;
    Ok(HttpResponse::Ok().json(PersonOut::from(&person)))
}
