//! API: the outbox, for directors — every email queued, where it is in its life, why it failed,
//! how often it was tried and when it is due; narrowed like the `/outbox` page and more (by
//! recipient, event or kind); and sending one now, the same model call as the page's button.

use super::List;
use super::shared::{PageParams, Paging, query, query_int};
use crate::domain::Violation;
use crate::domain::reminder::{MailKind, OutboxStatus};
use crate::error::AppError;
use crate::models::outbox::admin::{self, AdminLine, OutboxFilter};
use crate::route;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::form::{self, FieldErrors};
use crate::web::routes::RouteDef;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/api/v1/outbox" => list),
        route!(POST "/api/v1/outbox/{id}/retry" => retry),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(list, retry),
    components(schemas(OutboxItemOut)),
    tags((name = "outbox", description = "Queued email and its delivery (directors)"))
)]
pub struct Doc;

/// `?status=&kind=&person_id=&convening_id=&meeting_id=`: every filter optional; given, each
/// must hold a value of its type (a blank one is a 422, not a filter silently dropped).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutboxParams {
    /// Only rows in this state: pending, sending, sent, failed, expired, cancelled or skipped.
    #[param(value_type = Option<String>, example = "failed")]
    pub status: Option<String>,
    /// Only this kind of mail: reminder, updated, cancelled, host_note, invitation or
    /// password_reset.
    #[param(value_type = Option<String>, example = "reminder")]
    pub kind: Option<String>,
    /// Only mail to the person with this id.
    #[param(value_type = Option<i32>)]
    pub person_id: Option<String>,
    /// Only mail about the convening with this id.
    #[param(value_type = Option<i32>)]
    pub convening_id: Option<String>,
    /// Only mail about the meeting (tune-up) with this id.
    #[param(value_type = Option<i32>)]
    pub meeting_id: Option<String>,
}

impl OutboxParams {
    /// The model's filter, or every problem at once, each naming its parameter.
    fn filter(&self) -> Result<OutboxFilter, FieldErrors> {
        let mut errors = FieldErrors::default();
        let filter = OutboxFilter {
            status: choice::<OutboxStatus>(&mut errors, "status", &self.status),
            kind: choice::<MailKind>(&mut errors, "kind", &self.kind),
            person_id: id(&mut errors, "person_id", &self.person_id),
            convening_id: id(&mut errors, "convening_id", &self.convening_id),
            meeting_id: id(&mut errors, "meeting_id", &self.meeting_id),
        };
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }
}

/// An optional enum value; given, it must be one of the type's values.
fn choice<T: std::str::FromStr<Err = String>>(
    errors: &mut FieldErrors,
    field: &str,
    value: &Option<String>,
) -> Option<T> {
    let value = value.as_deref()?;
    errors.take(form::choice::<T>(field, value))
}

/// An optional id; given, it must be a whole number.
fn id(errors: &mut FieldErrors, field: &str, value: &Option<String>) -> Option<i32> {
    errors.take(query_int(field, value.as_deref())).flatten()
}

/// One queued email as directors see it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OutboxItemOut {
    /// Id; newer rows have higher ids. Also the Message-ID's local part.
    pub id: i32,
    /// reminder | updated | cancelled | host_note | invitation | password_reset | scheduled |
    /// rsvp_nudge.
    #[schema(example = "reminder")]
    pub kind: String,
    /// pending | sending | sent | failed | expired | cancelled | skipped.
    #[schema(example = "pending")]
    pub status: String,
    /// The recipient.
    pub person_id: i32,
    /// The recipient's name.
    pub person_name: String,
    /// The recipient's address.
    pub person_email: String,
    /// meeting | convening | account_link.
    #[schema(example = "meeting")]
    pub subject_type: String,
    /// The meeting, convening or account link it is about.
    pub subject_id: i32,
    /// The meeting, when it is about one.
    pub meeting_id: Option<i32>,
    /// The convening, when it is about one.
    pub convening_id: Option<i32>,
    /// What it is about, in words.
    #[schema(example = "Tune-up, Riverside")]
    pub subject_title: String,
    /// Days before the event, for reminders and host notes; 0 otherwise.
    pub offset_days: i32,
    /// Not sent before this instant (RFC 3339, UTC).
    #[schema(value_type = String, example = "2026-12-03T14:05:00Z")]
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub due_at: NaiveDateTime,
    /// No longer worth sending from this instant on (the event's start; a day after queueing
    /// account mail).
    #[schema(value_type = String, example = "2026-12-10T15:00:00Z")]
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub expires_at: NaiveDateTime,
    /// Tries that failed temporarily so far (only tries actually handed to the mail server).
    pub attempts: i32,
    /// Why the last try failed, or why it was closed (expired, skipped); empty when none.
    #[schema(example = "temporary failure: connection refused")]
    pub last_error: String,
    /// Why the roster took the row away ("no longer on the Alder Creek team", "deactivated");
    /// empty for rows cancelled because their event moved or was cancelled, and for the rest.
    #[schema(example = "no longer on the Alder Creek team")]
    pub reason: String,
    /// The worker holding it, while it is being sent.
    pub claimed_by: Option<String>,
    /// When it was handed to the mail server.
    #[schema(value_type = Option<String>, example = "2026-12-03T14:05:02Z")]
    #[serde(serialize_with = "crate::domain::instant::option")]
    pub sent_at: Option<NaiveDateTime>,
    /// When it was queued.
    #[schema(value_type = String, example = "2026-12-01T09:00:00Z")]
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub created_at: NaiveDateTime,
}

impl From<AdminLine> for OutboxItemOut {
    fn from(l: AdminLine) -> OutboxItemOut {
        let r = l.row;
        let about =
            |t: crate::domain::reminder::SubjectType| (r.subject() == t).then_some(r.subject_id);
        OutboxItemOut {
            meeting_id: about(crate::domain::reminder::SubjectType::Meeting),
            convening_id: about(crate::domain::reminder::SubjectType::Convening),
            id: r.id,
            kind: r.kind,
            status: r.status,
            person_id: r.person_id,
            person_name: l.person_name,
            person_email: l.person_email,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            subject_title: l.subject_title,
            offset_days: r.offset_days,
            due_at: r.due_at,
            expires_at: r.expires_at,
            attempts: r.attempts,
            last_error: r.last_error,
            reason: r.reason,
            claimed_by: r.claimed_by,
            sent_at: r.sent_at,
            created_at: r.created_at,
        }
    }
}

/// The outbox, newest first (directors); `after` is the `next` of the previous page and gives
/// the rows older than it.
#[utoipa::path(get, path = "/api/v1/outbox", operation_id = "list_outbox", tag = "outbox",
    params(OutboxParams, PageParams), security(("bearer" = [])),
    responses((status = 200, body = List<OutboxItemOut>), (status = 401), (status = 403, description = "not a director"),
              (status = 422, description = "bad status, kind, person_id, convening_id, meeting_id, limit or after")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let params: OutboxParams = query(&req)?;
    let (paging, filter) = match (Paging::from_request(&req), params.filter()) {
        (Ok(p), Ok(f)) => (p, f),
        (p, f) => return Err(AppError::Invalid(problems(p.err(), f.err()))),
    };
    let rows = state
        .db(move |c| Ok(admin::newest(c, &filter, paging.after, paging.fetch())?))
        .await?;
    let items: Vec<OutboxItemOut> = rows.into_iter().map(OutboxItemOut::from).collect();
    Ok(HttpResponse::Ok().json(paging.page(items, |r| r.id)))
}

/// The paging and filter problems together, so a caller fixes them in one round.
fn problems(paging: Option<AppError>, filter: Option<FieldErrors>) -> Vec<Violation> {
    let mut all = paging.map(|e| e.violations().to_vec()).unwrap_or_default();
    all.extend(filter.map(|f| f.list()).unwrap_or_default());
    all
}

/// Sends one row now (directors): a failed or expired row goes back to the queue with its
/// attempts reset and a new expiry; a pending one (waiting for its time, or for the back-off
/// after a failure) is made due now, its attempts kept. The worker is woken either way. Refused
/// with a 422 naming the reason when the row is sent, being sent, cancelled or skipped, or no
/// longer worth sending.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/retry", operation_id = "retry_outbox_row", tag = "outbox",
    params(("id" = i32, Path, description = "outbox row id")), security(("bearer" = [])),
    responses((status = 200, body = OutboxItemOut, description = "queued, due now"), (status = 401),
              (status = 403, description = "not a director"), (status = 404),
              (status = 422, description = "not failed, expired or pending; or no longer worth sending")))]
pub async fn retry(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, now) = (id.into_inner(), crate::models::now());
    let line = state
        .db(move |c| {
            admin::send_now(c, id, now)?;
            admin::line(c, id)
        })
        .await?;
    state.mail_wake.notify();
    Ok(HttpResponse::Ok().json(OutboxItemOut::from(line)))
}
