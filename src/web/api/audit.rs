//! API: the audit log, for directors — who changed what and when, newest first, narrowed like
//! the `/audit` page. Read only: no operation edits or deletes an entry.

use super::List;
use super::shared::{PageParams, Paging};
use crate::error::AppError;
use crate::models::audit::{self, AuditEntry};
use crate::route;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::audit::AuditParams;
use crate::web::routes::RouteDef;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::OpenApi;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![route!(GET "/api/v1/audit" => list)]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(list),
    components(schemas(AuditEntryOut, AuditActorOut)),
    tags((name = "audit", description = "The audit log of changes (directors)"))
)]
pub struct Doc;

/// Who made a change.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditActorOut {
    /// The person; null for the command line (`pdsa seed`, `pdsa import`, `pdsa create-user`).
    pub person_id: Option<i32>,
    /// Their name at the time, or the command.
    #[schema(example = "Dana Director")]
    pub name: String,
}

/// One entry of the log.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEntryOut {
    /// Id; newer entries have higher ids.
    pub id: i32,
    /// When (RFC 3339, UTC).
    #[schema(value_type = String, example = "2026-12-03T14:05:00Z")]
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub at: chrono::DateTime<chrono::Utc>,
    /// Who.
    pub actor: AuditActorOut,
    /// created | updated | deleted | cancelled | password_changed.
    #[schema(example = "updated")]
    pub action: String,
    /// person | membership | team_member | team | convening | meeting | measure | observation.
    #[schema(example = "observation")]
    pub entity_kind: String,
    /// The record's id.
    pub entity_id: i32,
    /// What happened, in words.
    #[schema(example = "Room 12: Discourse on 2026-09-14")]
    pub summary: String,
    /// The changed fields as they were (the whole record for a deletion; null for a creation).
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// The changed fields as they became (the whole record for a creation; null for a deletion).
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

impl From<AuditEntry> for AuditEntryOut {
    fn from(e: AuditEntry) -> AuditEntryOut {
        AuditEntryOut {
            id: e.id,
            at: e.at.and_utc(),
            before: e.before(),
            after: e.after(),
            actor: AuditActorOut {
                person_id: e.actor_person_id,
                name: e.actor_name,
            },
            action: e.action,
            entity_kind: e.entity_kind,
            entity_id: e.entity_id,
            summary: e.summary,
        }
    }
}

/// The log, newest first (directors); `after` is the `next` of the previous page and gives the
/// entries older than it.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "list_audit_entries", tag = "audit",
    params(AuditParams, PageParams), security(("bearer" = [])),
    responses((status = 200, body = List<AuditEntryOut>), (status = 401), (status = 403, description = "not a director"),
              (status = 422, description = "bad kind, entity_id, actor, from, to, limit or after")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let params =
        AuditParams::from_query(req.query_string()).map_err(|v| AppError::BadRequest(vec![v]))?;
    let paging = Paging::from_request(&req);
    let filter = params.api_filter();
    let (paging, filter) = match (paging, filter) {
        (Ok(p), Ok(f)) => (p, f),
        (p, f) => return Err(AppError::Invalid(problems(p.err(), f.err()))),
    };
    let rows = state
        .db(move |c| Ok(audit::page(c, &filter, paging.after, paging.fetch())?))
        .await?;
    let items: Vec<AuditEntryOut> = rows.into_iter().map(AuditEntryOut::from).collect();
    Ok(HttpResponse::Ok().json(paging.page(items, |e| e.id)))
}

/// The paging and filter problems together, so a caller fixes them in one round.
fn problems(
    paging: Option<AppError>,
    filter: Option<crate::web::form::FieldErrors>,
) -> Vec<crate::domain::Violation> {
    let mut all = paging.map(|e| e.violations().to_vec()).unwrap_or_default();
    all.extend(filter.map(|f| f.list()).unwrap_or_default());
    all
}
