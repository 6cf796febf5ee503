//! API: scheduling and editing meetings (the facilitation team). Times arrive as RFC 3339 with
//! any offset and are stored in UTC; the convening-day rule compares the start's date in the
//! collective's zone. The rules themselves live in `Meeting::create`/`update`.

use super::MeetingDetail;
use crate::db::DbConn;
use crate::domain::meeting::{MeetingKind, Modality};
use crate::domain::validate;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::district::District;
use crate::models::meeting::{Meeting, MeetingInput};
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::access::or_conflict;
use crate::web::api::shared::{not_found, unknown};
use crate::web::form::{self, FieldErrors};
use actix_web::{HttpResponse, web};
use chrono::{DateTime, NaiveDateTime};
use serde::Deserialize;

/// `POST /api/v1/meetings` body (and, with `version`, the `PUT` body).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MeetingBody {
    /// The district supported.
    pub district_id: i32,
    /// tune_up | district_meeting.
    #[schema(example = "tune_up")]
    pub kind: String,
    /// Title; "<Kind> with <District>" when absent or blank.
    #[serde(default)]
    pub title: Option<String>,
    /// Start, RFC 3339 with any offset.
    #[schema(example = "2026-11-04T10:00:00-05:00")]
    pub starts_at: String,
    /// End, RFC 3339 with any offset; after the start.
    #[schema(example = "2026-11-04T11:00:00-05:00")]
    pub ends_at: String,
    /// in_person (needs `place`) | video (needs an https `video_url`).
    #[schema(example = "video")]
    pub modality: String,
    /// Where, for in person.
    #[serde(default)]
    pub place: Option<String>,
    /// The https link, for video.
    #[serde(default)]
    pub video_url: Option<String>,
    /// Notes.
    #[serde(default)]
    pub notes: Option<String>,
    /// Directors or facilitators who run it.
    #[serde(default)]
    pub facilitator_ids: Vec<i32>,
}

/// `PUT /api/v1/meetings/{id}` body: the whole meeting and the version it was read at.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MeetingUpdateBody {
    /// The meeting as it should be.
    #[serde(flatten)]
    pub meeting: MeetingBody,
    /// The `version` the editor read.
    pub version: i32,
}

/// The typed values of a body, checked before any query runs.
#[derive(Debug, Clone, Copy)]
struct Parsed {
    kind: MeetingKind,
    modality: Modality,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
}

impl Parsed {
    /// Every field's problem at once, each naming its field.
    fn from_body(b: &MeetingBody) -> Result<Parsed, AppError> {
        let mut errors = FieldErrors::default();
        let kind = errors.take(form::choice("kind", &b.kind));
        let modality = errors.take(form::choice("modality", &b.modality));
        let starts_at = errors.take(instant("starts_at", &b.starts_at));
        let ends_at = errors.take(instant("ends_at", &b.ends_at));
        match (kind, modality, starts_at, ends_at) {
            (Some(kind), Some(modality), Some(starts_at), Some(ends_at)) => Ok(Parsed {
                kind,
                modality,
                starts_at,
                ends_at,
            }),
            _ => Err(AppError::Invalid(errors.list())),
        }
    }
}

/// An RFC 3339 instant with any offset, as the naive UTC value that is stored.
fn instant(field: &str, value: &str) -> Result<NaiveDateTime, crate::domain::Violation> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.naive_utc())
        .map_err(|_| {
            crate::domain::Violation::new(
                field,
                "must be an RFC 3339 instant, like 2026-11-04T10:00:00-05:00",
            )
        })
}

/// The model's input: district checked, default title, local date in the collective's zone.
fn to_input(c: &mut DbConn, b: &MeetingBody, p: Parsed) -> Result<MeetingInput, AppError> {
    let district =
        District::find(c, b.district_id).map_err(unknown("district_id", "is not a district"))?;
    let title = match b.title.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => validate::name("title", t, 200)?,
        None => format!("{} with {}", p.kind.label(), district.name),
    };
    let tz = Collective::get(c)?.tz();
    let mut facilitator_ids = b.facilitator_ids.clone();
    facilitator_ids.sort_unstable();
    facilitator_ids.dedup();
    Ok(MeetingInput {
        district_id: district.id,
        kind: p.kind,
        title,
        starts_at: p.starts_at,
        ends_at: p.ends_at,
        local_date: p.starts_at.and_utc().with_timezone(&tz).date_naive(),
        modality: p.modality,
        place: b.place.clone().unwrap_or_default().trim().to_string(),
        video_url: b.video_url.clone().unwrap_or_default().trim().to_string(),
        notes: b.notes.clone().unwrap_or_default(),
        facilitator_ids,
    })
}

/// The model's rules name the form's fields (`start`, `end`); the API's are `starts_at`, `ends_at`.
fn api_fields(e: AppError) -> AppError {
    match e {
        AppError::Invalid(vs) => AppError::Invalid(
            vs.into_iter()
                .map(|mut v| {
                    match v.field.as_str() {
                        "start" => v.field = "starts_at".into(),
                        "end" => v.field = "ends_at".into(),
                        _ => {}
                    }
                    v
                })
                .collect(),
        ),
        other => other,
    }
}

/// Schedules a meeting (the facilitation team); answers with the meeting and its warnings.
#[utoipa::path(post, path = "/api/v1/meetings", operation_id = "create_meeting", tag = "meetings", request_body = MeetingBody, security(("bearer" = [])),
    responses((status = 201, body = MeetingDetail), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not staff"),
              (status = 422, description = "a broken rule: end before start, place or https link missing, a convening day, outside every program year, unknown district or facilitator")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let body: MeetingBody = form::json(&body)?;
    let parsed = Parsed::from_body(&body)?;
    let detail = state
        .db(move |c| {
            let input = to_input(c, &body, parsed)?;
            let (meeting, warnings) =
                Meeting::create(c, &actor.audit(), &input).map_err(api_fields)?;
            MeetingDetail::load(c, meeting, Some(warnings))
        })
        .await?;
    state.mail_wake.notify();
    Ok(HttpResponse::Created().json(detail))
}

/// Replaces a meeting (the facilitation team), from the version read; a stale version gets 409
/// with the current meeting under `current`.
#[utoipa::path(put, path = "/api/v1/meetings/{id}", operation_id = "update_meeting", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "meeting id")), request_body = MeetingUpdateBody,
    responses((status = 200, body = MeetingDetail), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not staff"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "a broken rule")))]
pub async fn update(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let body: MeetingUpdateBody = form::json(&body)?;
    let parsed = Parsed::from_body(&body.meeting)?;
    let id = id.into_inner();
    let detail = state
        .db(move |c| {
            Meeting::find(c, id).map_err(not_found("meeting"))?;
            let input = to_input(c, &body.meeting, parsed)?;
            let saved = Meeting::update(c, &actor.audit(), id, body.version, &input);
            let (meeting, warnings) = or_conflict(c, saved, |c| {
                let now = Meeting::find(c, id)?;
                MeetingDetail::load(c, now, None)
            })
            .map_err(api_fields)?;
            MeetingDetail::load(c, meeting, Some(warnings))
        })
        .await?;
    state.mail_wake.notify();
    Ok(HttpResponse::Ok().json(detail))
}
