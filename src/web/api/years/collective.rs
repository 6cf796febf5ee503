//! API: the collective's settings — its name, time zone, default convening day, default fee and
//! whether teams read each other's cycles. Everyone signed in reads them; directors change them.

use crate::domain::convening::{DayTimes, check_day_times};
use crate::domain::validate;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::shared::{self, not_negative};
use crate::web::form::{self, FieldErrors};
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The collective's settings as the API shows them.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CollectiveView {
    /// Id.
    pub id: i32,
    /// Display name.
    pub name: String,
    /// IANA time zone of convenings and tune-ups.
    pub time_zone: String,
    /// Default breakfast time.
    #[schema(value_type = String, example = "08:30:00")]
    pub breakfast_time: chrono::NaiveTime,
    /// Default agenda start.
    #[schema(value_type = String, example = "09:00:00")]
    pub start_time: chrono::NaiveTime,
    /// Default close.
    #[schema(value_type = String, example = "15:30:00")]
    pub close_time: chrono::NaiveTime,
    /// Default member fee, cents.
    pub default_fee_cents: i64,
    /// Whether members may read other teams' cycles.
    pub share_cycles: bool,
    /// Days before an event that reminders go out, largest first.
    pub reminder_offsets_days: Vec<u32>,
    /// Local time of day reminders go out.
    #[schema(value_type = String, example = "07:00:00")]
    pub reminder_send_at: chrono::NaiveTime,
}

impl From<Collective> for CollectiveView {
    fn from(c: Collective) -> Self {
        let policy = c.reminder_policy();
        CollectiveView {
            reminder_offsets_days: policy.offsets_days,
            reminder_send_at: policy.send_at,
            id: c.id,
            name: c.name,
            time_zone: c.time_zone,
            breakfast_time: c.breakfast_time,
            start_time: c.start_time,
            close_time: c.close_time,
            default_fee_cents: c.default_fee_cents,
            share_cycles: c.share_cycles,
        }
    }
}

/// `PUT /api/v1/collective` body; a field left out keeps its value.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CollectiveBody {
    /// Display name.
    pub name: Option<String>,
    /// IANA zone, like `America/Chicago`.
    pub time_zone: Option<String>,
    /// `HH:MM:SS` or `HH:MM`.
    pub breakfast_time: Option<String>,
    /// `HH:MM:SS` or `HH:MM`.
    pub start_time: Option<String>,
    /// `HH:MM:SS` or `HH:MM`.
    pub close_time: Option<String>,
    /// Cents, ≥ 0.
    pub default_fee_cents: Option<i64>,
    /// Share cycles across teams.
    pub share_cycles: Option<bool>,
    /// Days before an event that reminders go out (1 to 5 of them, 0 to 60 each). Events
    /// already scheduled keep the reminders planned for them until they move.
    pub reminder_offsets_days: Option<Vec<i64>>,
    /// `HH:MM`, local.
    pub reminder_send_at: Option<String>,
}

/// The collective's settings.
#[utoipa::path(get, path = "/api/v1/collective", operation_id = "get_collective", tag = "years", security(("bearer" = [])),
    responses((status = 200, body = CollectiveView), (status = 401)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(_actor): ApiActor,
) -> Result<HttpResponse, AppError> {
    let collective = state.db(|c| Ok(Collective::get(c)?)).await?;
    Ok(HttpResponse::Ok().json(CollectiveView::from(collective)))
}

/// Changes the settings (directors); the day must run breakfast ≤ start < close.
#[utoipa::path(put, path = "/api/v1/collective", operation_id = "update_collective", tag = "years", security(("bearer" = [])),
    request_body = CollectiveBody,
    responses((status = 200, body = CollectiveView), (status = 400), (status = 401), (status = 403),
              (status = 422, description = "an unknown time zone, a day out of order, a negative fee")))]
pub async fn update(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: CollectiveBody = form::json(&body)?;
    let saved = state
        .db(move |c| {
            let mut collective = Collective::get(c)?;
            apply(&mut collective, &body)?;
            collective.save(c)?;
            Ok(collective)
        })
        .await?;
    Ok(HttpResponse::Ok().json(CollectiveView::from(saved)))
}

/// Applies the given fields after checking every one of them (all problems at once).
fn apply(c: &mut Collective, body: &CollectiveBody) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    if let Some(name) = &body.name {
        c.name = errors
            .take(validate::name("name", name, 200))
            .unwrap_or_default();
    }
    if let Some(zone) = &body.time_zone {
        c.time_zone = errors.take(time_zone(zone)).unwrap_or_default();
    }
    let day = c.day_times();
    let breakfast = errors.take(shared::time_or(
        "breakfast_time",
        body.breakfast_time.as_deref(),
        day.breakfast,
    ));
    let start = errors.take(shared::time_or(
        "start_time",
        body.start_time.as_deref(),
        day.start,
    ));
    let close = errors.take(shared::time_or(
        "close_time",
        body.close_time.as_deref(),
        day.close,
    ));
    if let (Some(breakfast), Some(start), Some(close)) = (breakfast, start, close) {
        errors.take(check_day_times(&DayTimes {
            breakfast,
            start,
            close,
        }));
        (c.breakfast_time, c.start_time, c.close_time) = (breakfast, start, close);
    }
    if let Some(fee) = body.default_fee_cents {
        c.default_fee_cents = errors
            .take(not_negative("default_fee_cents", fee))
            .unwrap_or_default();
    }
    c.share_cycles = body.share_cycles.unwrap_or(c.share_cycles);
    if let Some(days) = &body.reminder_offsets_days {
        c.reminder_offsets = errors
            .take(crate::domain::reminder::check_offsets(days))
            .unwrap_or_default();
    }
    if let Some(at) = errors.take(shared::time_or(
        "reminder_send_at",
        body.reminder_send_at.as_deref(),
        c.reminder_send_at,
    )) {
        c.reminder_send_at = at;
    }
    form::finish(errors)
}

/// A zone chrono-tz knows, like `America/New_York`.
fn time_zone(value: &str) -> Result<String, crate::domain::Violation> {
    let zone = value.trim();
    zone.parse::<chrono_tz::Tz>()
        .map(|_| zone.to_string())
        .map_err(|_| {
            crate::domain::Violation::new(
                "time_zone",
                "is not a known time zone (like America/New_York)",
            )
        })
}
