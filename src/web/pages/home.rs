//! The home page and the health check.

use crate::db::DbConn;
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
    my_status: Option<String>,
}

/// A meeting as listed on the home page.
#[derive(Serialize)]
pub struct MeetingCard {
    id: i32,
    title: String,
    district: String,
    when: String,
    modality: String,
}

#[derive(Serialize)]
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
    render(
        &state,
        "home",
        Chrome::new(&session, Some(&actor), "Home", "home"),
        &page,
        StatusCode::OK,
    )
}

fn home_data(c: &mut DbConn, actor: &Actor) -> Result<HomePage, AppError> {
    let collective = Collective::get(c)?;
    let tz = collective.tz();
    let now = chrono::Utc::now();
    let today = now.with_timezone(&tz).date_naive();
    let Some(year) = ProgramYear::current(c, today)? else {
        return Ok(HomePage {
            collective: collective.name,
            year: None,
            year_id: None,
            next_convening: None,
            my_team: None,
            tune_ups: vec![],
            rsvps: vec![],
        });
    };
    let mut rsvps = Vec::new();
    for row in Convening::of_year(c, year.id)?
        .into_iter()
        .filter(|r| r.convening.date >= today)
    {
        let status = Attendance::status_of(c, row.convening.id, actor.person.id)?;
        rsvps.push(ConveningCard {
            id: row.convening.id,
            number: row.convening.number,
            date: render::date(row.convening.date),
            host: row.host_name,
            venue: row.convening.venue,
            my_status: status,
        });
    }
    let team = Team::of_year(c, year.id)?
        .into_iter()
        .find(|t| actor.on_team(t.team.id));
    let district = team.as_ref().map(|t| t.team.district_id);
    let tune_ups = Meeting::list(c, Some(year.id), district)?
        .into_iter()
        .filter(|m| m.meeting.ends_at >= now.naive_utc())
        .filter(|m| actor.is_staff() || Some(m.meeting.district_id) == district)
        .take(6)
        .map(|m| MeetingCard {
            id: m.meeting.id,
            when: render::local(m.meeting.starts_at, tz),
            title: m.meeting.title,
            district: m.district_name,
            modality: m.meeting.modality,
        })
        .collect();
    let next_convening = rsvps.first().cloned();
    Ok(HomePage {
        collective: collective.name,
        year: Some(year.label),
        year_id: Some(year.id),
        next_convening,
        my_team: team.map(|t| (t.team.id, t.team.name)),
        tune_ups,
        rsvps,
    })
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
