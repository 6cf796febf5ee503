//! API: a team's classrooms. The team's leads and teachers (and directors) manage them; the
//! facilitation team reads them; students, and members of other teams while the collective
//! shares, read them de-identified (the permission table, `domain::permissions`).

use super::access::{self, View};
use super::views::ClassroomView;
use crate::db::DbConn;
use crate::error::AppError;
use crate::models::classroom::{Classroom, ClassroomInput};
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::shared::{PageParams, Paging};
use crate::web::form;
use crate::web::policy::{Action, Resource, viewable, writable};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

/// The body of `POST /api/v1/teams/{id}/classrooms` and `PUT /api/v1/classrooms/{id}`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ClassroomBody {
    /// Label, unique within the team; no commas or line breaks.
    #[schema(example = "Room 12")]
    pub label: String,
    /// A school of the team's district.
    #[serde(default)]
    pub school_id: Option<i32>,
    /// The teacher, when on the team …
    #[serde(default)]
    pub teacher_person_id: Option<i32>,
    /// … or their name (not both).
    #[serde(default)]
    pub teacher_name: Option<String>,
    /// Subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// Grade.
    #[serde(default)]
    pub grade: Option<String>,
}

impl ClassroomBody {
    fn input(self) -> ClassroomInput {
        ClassroomInput {
            school_id: self.school_id,
            label: self.label,
            teacher_person_id: self.teacher_person_id,
            teacher_name: self.teacher_name.unwrap_or_default(),
            subject: self.subject.unwrap_or_default(),
            grade: self.grade.unwrap_or_default(),
        }
    }
}

/// A team's classrooms by label; de-identified for members of other teams.
#[utoipa::path(get, path = "/api/v1/teams/{id}/classrooms", operation_id = "list_classrooms", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), PageParams),
    responses((status = 200, body = List<ClassroomView>), (status = 401),
              (status = 403, description = "another team's, while the collective does not share"), (status = 404),
              (status = 422, description = "bad limit or after")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, paging) = (id.into_inner(), Paging::from_request(&req)?);
    let all = state
        .db(move |c| {
            let (team, view) = viewable::<Team>(c, &actor, id, Resource::Classrooms)?;
            let rows = Classroom::rows_of_team(c, team.id)?;
            Ok(rows
                .into_iter()
                .map(|r| ClassroomView::new(r, view))
                .collect())
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.slice(all, |c: &ClassroomView| c.id)?))
}

/// Adds a classroom (the team's members, directors).
#[utoipa::path(post, path = "/api/v1/teams/{id}/classrooms", operation_id = "create_classroom", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")), request_body = ClassroomBody,
    responses((status = 201, body = ClassroomView), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "label blank, taken or with a comma; school not of the district; teacher not on the team")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let made = state
        .db(move |c| {
            let team: Team = writable(c, &actor, id, (Resource::Classrooms, Action::Create))?;
            let input = form::json::<ClassroomBody>(&body)?.input();
            let classroom = Classroom::create(c, &team, &input)?;
            full(c, classroom.id)
        })
        .await?;
    Ok(HttpResponse::Created().json(made))
}

/// A classroom; de-identified for members of other teams.
#[utoipa::path(get, path = "/api/v1/classrooms/{id}", operation_id = "get_classroom", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "classroom id")),
    responses((status = 200, body = ClassroomView), (status = 401),
              (status = 403, description = "another team's, while the collective does not share"), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let view = state
        .db(move |c| {
            let (_, view) = viewable::<Classroom>(c, &actor, id, Resource::Classrooms)?;
            Ok(ClassroomView::new(Classroom::row(c, id)?, view))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Replaces a classroom (the team's members, directors).
#[utoipa::path(put, path = "/api/v1/classrooms/{id}", operation_id = "update_classroom", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "classroom id")), request_body = ClassroomBody,
    responses((status = 200, body = ClassroomView), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "a broken rule, as for create")))]
pub async fn update(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let view = state
        .db(move |c| {
            let what = (Resource::Classrooms, Action::Edit);
            let classroom: Classroom = writable(c, &actor, id, what)?;
            let input = form::json::<ClassroomBody>(&body)?.input();
            let team = access::team(c, classroom.team_id)?;
            Classroom::update(c, &team, id, &input)?;
            full(c, id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Deletes a classroom that has no observations (the team's members, directors); one with
/// observations is refused with a 422, so that no evidence is lost.
#[utoipa::path(delete, path = "/api/v1/classrooms/{id}", operation_id = "delete_classroom", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "classroom id")),
    responses((status = 204), (status = 401), (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "it has observations")))]
pub async fn delete(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    state
        .db(move |c| {
            writable::<Classroom>(c, &actor, id, (Resource::Classrooms, Action::Delete))?;
            Classroom::delete(c, id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The classroom in full, for those who just changed it.
fn full(c: &mut DbConn, id: i32) -> Result<ClassroomView, AppError> {
    Ok(ClassroomView::new(Classroom::row(c, id)?, View::Full))
}
