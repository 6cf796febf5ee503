//! API: CSV files of a team's observations and cycles, to open in a spreadsheet: UTF-8 with a
//! byte-order mark and a header row, sent as an attachment. Members of other teams get the
//! observations de-identified (labels only, no notes). The observations file imports back.

use super::access::View;
use super::observations::FilterParams;
use crate::error::AppError;
use crate::models::csv_files::{self, CycleLine};
use crate::models::observation::{Observation, local_today};
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::policy::{Resource, readable, viewable};
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

/// A team's observations as CSV (`date,classroom,measure,value,cycle,note`), filtered like the
/// list, by date, classroom and measure.
#[utoipa::path(get, path = "/api/v1/teams/{id}/observations.csv", operation_id = "export_observations_csv", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), FilterParams),
    responses((status = 200, content_type = "text/csv", body = String, description = "UTF-8 with a BOM and a header row; a text cell starting with =, +, -, @, a tab or a carriage return is written with a leading ' (the import takes it off)"), (status = 401),
              (status = 403, description = "another team's, while the collective does not share"), (status = 404),
              (status = 422, description = "a bad filter")))]
pub async fn observations(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let filter = FilterParams::from_request(&req)?;
    let (bytes, name) = state
        .db(move |c| {
            let (team, view) = viewable::<Team>(c, &actor, id, Resource::Observations)?;
            let rows = Observation::all_of_team(c, team.id, filter)?;
            let bytes = csv_files::write_observations(&rows, view == View::Full)?;
            let name = file_name(&team.name, "observations", local_today(c)?);
            Ok((bytes, name))
        })
        .await?;
    Ok(attachment(bytes, &name))
}

/// A team's cycles as CSV (`id,change_idea,title,status,planned_start,planned_end,decision`),
/// by planned start.
#[utoipa::path(get, path = "/api/v1/teams/{id}/cycles.csv", operation_id = "export_cycles_csv", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")),
    responses((status = 200, content_type = "text/csv", body = String, description = "UTF-8 with a BOM and a header row; a text cell starting with =, +, -, @, a tab or a carriage return is written with a leading ' (the import takes it off)"), (status = 401),
              (status = 403, description = "another team's, while the collective does not share"), (status = 404)))]
pub async fn cycles(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (bytes, name) = state
        .db(move |c| {
            let team: Team = readable(c, &actor, id, Resource::Cycles)?;
            let bytes = csv_files::write_cycles(&CycleLine::of_team(c, team.id)?)?;
            let name = file_name(&team.name, "cycles", local_today(c)?);
            Ok((bytes, name))
        })
        .await?;
    Ok(attachment(bytes, &name))
}

/// "riverton-high-team-observations-2026-11-22.csv": the team, what, and the day — plain
/// ASCII, safe in a header (the pages' downloads use it too).
pub fn file_name(team: &str, what: &str, day: chrono::NaiveDate) -> String {
    let mut slug = String::new();
    for ch in team.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "team" } else { slug };
    format!("{slug}-{what}-{day}.csv")
}

/// A CSV download named `name`, for the API and the pages alike.
pub fn attachment(bytes: Vec<u8>, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_plain_ascii_slugs() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(
            file_name("Riverton High team", "observations", day),
            "riverton-high-team-observations-2026-11-22.csv"
        );
        assert_eq!(
            file_name("Åsa's \"team\"", "cycles", day),
            "sa-s-team-cycles-2026-11-22.csv"
        );
        assert_eq!(
            file_name("???", "cycles", day),
            "team-cycles-2026-11-22.csv"
        );
    }
}
