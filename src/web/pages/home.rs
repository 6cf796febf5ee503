//! The home page and the health check.

use crate::db::DbConn;
use crate::domain::attendance::AttendanceStatus;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::convening::{Attendance, Convening};
use crate::models::meeting::Meeting;
use crate::models::team::Team;
use crate::models::year::ProgramYear;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::render::{self, Chrome, render};
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;
use serde::Serialize;

/// A convening as listed on the home page.
#[derive(Clone, Serialize)]
pub struct ConveningCard {
    id: i32,
    number: i32,
    date: String,
    host: String,
    venue: String,
    /// The person's answer as a badge class (`not_attending`) and in words ("Not attending").
    my_status: Option<String>,
    my_status_label: Option<&'static str>,
    /// Cancelled: shown so, with no answer asked for.
    cancelled: bool,
}

/// A meeting as listed on the home page.
#[derive(Serialize)]
pub struct MeetingCard {
    id: i32,
    title: String,
    district: String,
    when: String,
    modality: String,
    cancelled: bool,
}

#[derive(Serialize, Default)]
struct HomePage {
    collective: String,
    year: Option<String>,
    year_id: Option<i32>,
    next_convening: Option<ConveningCard>,
    my_team: Option<(i32, String)>,
    tune_ups: Vec<MeetingCard>,
    rsvps: Vec<ConveningCard>,
}

/// GET /: what is next for the signed-in person.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> Result<HttpResponse, AppError> {
    let a = actor.clone();
    let page = state.db(move |c| home_data(c, &a)).await?;
    let chrome = Chrome::new(&session, Some(&actor), "Home", "home");
    render(&state, "home", chrome, &page, StatusCode::OK)
}

/// The page in a fixed number of queries: the year, its convenings with the person's answers,
/// their team, and the upcoming meetings they may see.
fn home_data(c: &mut DbConn, actor: &Actor) -> Result<HomePage, AppError> {
    let collective = Collective::get(c)?;
    let tz = collective.tz();
    let now = chrono::Utc::now();
    let today = collective.today();
    let Some(year) = ProgramYear::current(c, today)? else {
        return Ok(HomePage {
            collective: collective.name,
            ..Default::default()
        });
    };
    let rsvps = upcoming_convenings(c, actor, year.id, today)?;
    let team = Team::of_year(c, year.id)?
        .into_iter()
        .find(|t| actor.on_team(t.team.id));
    let district = team.as_ref().map(|t| t.team.district_id);
    let tune_ups = if actor.is_staff() || district.is_some() {
        upcoming_meetings(c, year.id, district, now.naive_utc(), tz)?
    } else {
        vec![]
    };
    Ok(HomePage {
        collective: collective.name,
        year: Some(year.label),
        year_id: Some(year.id),
        next_convening: rsvps.iter().find(|r| !r.cancelled).cloned(),
        my_team: team.map(|t| (t.team.id, t.team.name)),
        tune_ups,
        rsvps,
    })
}

/// The year's convenings from today on, each with the person's answer.
fn upcoming_convenings(
    c: &mut DbConn,
    actor: &Actor,
    year_id: i32,
    today: chrono::NaiveDate,
) -> Result<Vec<ConveningCard>, AppError> {
    let answers = Attendance::of_person_in_year(c, actor.person.id, year_id)?;
    Ok(Convening::of_year(c, year_id)?
        .into_iter()
        .filter(|r| r.convening.date >= today)
        .map(|r| {
            let my_status = answers
                .iter()
                .find(|a| a.0 == r.convening.id)
                .map(|a| a.1.clone());
            let my_status_label = my_status
                .as_deref()
                .and_then(|s| s.parse::<AttendanceStatus>().ok())
                .map(AttendanceStatus::label);
            (r, my_status, my_status_label)
        })
        .map(|(r, my_status, my_status_label)| ConveningCard {
            my_status,
            my_status_label,
            cancelled: r.convening.cancelled_at.is_some(),
            id: r.convening.id,
            number: r.convening.number,
            date: render::date(r.convening.date),
            host: r.host_name,
            venue: r.convening.venue,
        })
        .collect())
}

/// The next six meetings not yet over: the district's own, or all of them for staff (`None`).
fn upcoming_meetings(
    c: &mut DbConn,
    year_id: i32,
    district: Option<i32>,
    now: chrono::NaiveDateTime,
    tz: chrono_tz::Tz,
) -> Result<Vec<MeetingCard>, AppError> {
    Ok(Meeting::list(c, Some(year_id), district)?
        .into_iter()
        .filter(|m| m.meeting.ends_at >= now)
        .take(6)
        .map(|m| MeetingCard {
            id: m.meeting.id,
            when: render::local(m.meeting.starts_at, tz),
            title: m.meeting.title,
            district: m.district_name,
            cancelled: m.meeting.cancelled_at.is_some(),
            modality: m.meeting.modality,
        })
        .collect())
}

/// GET /readyz: 200 when the database answers and has every migration this binary knows (a
/// proxy sends traffic only then), 503 with the reason otherwise.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let pending = state
        .db(|c| crate::db::pending_migrations(c).map_err(AppError::Internal))
        .await;
    match pending {
        Ok(0) => HttpResponse::Ok().json(serde_json::json!({"status": "ready", "migrations": "current"})),
        Ok(n) => HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({"status": "unavailable", "error": format!("{n} migration(s) pending")})),
        Err(e) => HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({"status": "unavailable", "error": e.to_string()})),
    }
}

/// GET /healthz: 200 when the database answers, 503 when it does not.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let ok = state.db(|c| Ok(c.batch_execute("SELECT 1")?)).await;
    match ok {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({"status": "ok"})),
        Err(e) => HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({"status": "unavailable", "error": e.to_string()})),
    }
}
