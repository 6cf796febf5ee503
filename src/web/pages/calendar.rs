//! Pages: the collective's calendar — the year's convenings and tune-ups in date order. Members
//! see every convening and their own district's meetings; staff see every meeting.

use crate::db::DbConn;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::convening::Convening;
use crate::models::meeting::Meeting;
use crate::models::not_found;
use crate::models::team::Team;
use crate::models::year::ProgramYear;
use crate::route;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::render::{self, Chrome, render};
use crate::web::routes::RouteDef;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![route!(GET "/calendar" => show)]
}

/// `?year=` picks another program year.
#[derive(Deserialize)]
pub struct Query {
    year: Option<i32>,
}

/// One line of the calendar.
#[derive(Serialize)]
struct Entry {
    when: String,
    kind: &'static str,
    title: String,
    href: String,
    detail: String,
    past: bool,
    /// Called off: kept on the calendar, marked.
    cancelled: bool,
    #[serde(skip)]
    sort: chrono::NaiveDateTime,
}

#[derive(Serialize)]
struct CalendarPage {
    year: Option<String>,
    years: Vec<(i32, String, bool)>,
    entries: Vec<Entry>,
}

/// GET /calendar.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    q: web::Query<Query>,
) -> Result<HttpResponse, AppError> {
    let (a, year) = (actor.clone(), q.year);
    let page = state.db(move |c| calendar(c, &a, year)).await?;
    render(
        &state,
        "calendar",
        Chrome::new(&session, Some(&actor), "Calendar", "calendar"),
        &page,
        StatusCode::OK,
    )
}

fn calendar(c: &mut DbConn, actor: &Actor, year: Option<i32>) -> Result<CalendarPage, AppError> {
    let collective = Collective::get(c)?;
    let tz = collective.tz();
    let now = chrono::Utc::now();
    let chosen = match year {
        Some(id) => Some(ProgramYear::find(c, id).map_err(not_found("program year"))?),
        None => ProgramYear::current(c, collective.today())?,
    };
    let years = ProgramYear::list(c)?
        .into_iter()
        .map(|y| (y.id, y.label, chosen.as_ref().is_some_and(|c| c.id == y.id)))
        .collect();
    let Some(year) = chosen else {
        return Ok(CalendarPage {
            year: None,
            years,
            entries: vec![],
        });
    };
    let mut entries = convening_entries(c, year.id, now.naive_utc(), tz)?;
    entries.extend(meeting_entries(c, actor, year.id, now.naive_utc(), tz)?);
    entries.sort_by_key(|e| e.sort);
    Ok(CalendarPage {
        year: Some(year.label),
        years,
        entries,
    })
}

fn convening_entries(
    c: &mut DbConn,
    year: i32,
    now: chrono::NaiveDateTime,
    tz: chrono_tz::Tz,
) -> Result<Vec<Entry>, AppError> {
    Ok(Convening::of_year(c, year)?
        .into_iter()
        .map(|r| {
            let cv = r.convening;
            let starts = cv.date.and_time(cv.start_time);
            let sort = starts
                .and_local_timezone(tz)
                .earliest()
                .map(|t| t.naive_utc())
                .unwrap_or(starts);
            Entry {
                when: format!(
                    "{}, {}–{}",
                    render::date(cv.date),
                    render::time(cv.breakfast_time),
                    render::time(cv.close_time)
                ),
                kind: "Convening",
                title: format!("Convening {}", cv.number),
                href: format!("/convenings/{}", cv.id),
                detail: format!(
                    "Hosted by {}{}",
                    r.host_name,
                    if cv.venue.is_empty() {
                        String::new()
                    } else {
                        format!(", {}", cv.venue)
                    }
                ),
                past: sort < now,
                cancelled: cv.cancelled_at.is_some(),
                sort,
            }
        })
        .collect())
}

fn meeting_entries(
    c: &mut DbConn,
    actor: &Actor,
    year: i32,
    now: chrono::NaiveDateTime,
    tz: chrono_tz::Tz,
) -> Result<Vec<Entry>, AppError> {
    let own_district = Team::of_year(c, year)?
        .into_iter()
        .find(|t| actor.on_team(t.team.id))
        .map(|t| t.team.district_id);
    let district = if actor.is_staff() { None } else { own_district };
    if !actor.is_staff() && district.is_none() {
        return Ok(vec![]);
    }
    Ok(Meeting::list(c, Some(year), district)?
        .into_iter()
        .map(|r| {
            let m = r.meeting;
            let how = if m.modality == "video" {
                "by video".to_string()
            } else {
                format!("at {}", m.place)
            };
            Entry {
                when: render::local(m.starts_at, tz),
                kind: if m.kind == "tune_up" {
                    "Tune-up"
                } else {
                    "District meeting"
                },
                href: format!("/meetings/{}", m.id),
                detail: format!("{}, {how}", r.district_name),
                past: m.ends_at < now,
                cancelled: m.cancelled_at.is_some(),
                sort: m.starts_at,
                title: m.title,
            }
        })
        .collect())
}
