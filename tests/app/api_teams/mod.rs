//! The JSON API for districts, teams and rosters, meetings (tune-ups) and people: the team and
//! meeting rules as 422s and warnings, who sees what, and the list cursor. The shared set-up
//! (a year, member districts, convenings) is made through the models (`crate::fixtures`);
//! everything tested goes through HTTP.

mod access;
mod meetings;
mod teams;

use crate::fixtures::{admit, bearer, convening, d, year_starting};
use crate::support::{TestApp, api};
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use pdsa::domain::roles::GlobalRole;
use pdsa::models::district::District;
use pdsa::models::year::ProgramYear;
use serde_json::{Value, json};

/// The 2026-27 year (1 August to 30 June) with Ashford and Brook as members.
fn ashford_and_brook(app: &TestApp) -> (ProgramYear, District, District) {
    let y = year_starting(app, 2026);
    let (a, b) = (admit(app, &y, "Ashford"), admit(app, &y, "Brook"));
    (y, a, b)
}

/// Convenings on 14 October 2026 (hosted by `a`) and 10 February 2027 (by `b`).
fn convenings(app: &TestApp, year: &ProgramYear, a: i32, b: i32) {
    convening(app, year, 1, d(2026, 10, 14), a);
    convening(app, year, 2, d(2027, 2, 10), b);
}

/// Creates something through the API as `token`; the new thing's id.
async fn post_id<S, B>(svc: &S, path: &str, token: &str, body: Value) -> i64
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    id(&api(svc, Method::POST, path, Some(token), Some(body))
        .await
        .1)
}

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

fn warnings(body: &Value) -> Vec<String> {
    body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

fn id(body: &Value) -> i64 {
    body["id"].as_i64().unwrap()
}

/// A video tune-up body for a district at the given instants.
fn tune_up(district: i32, starts_at: &str, ends_at: &str) -> Value {
    json!({"district_id": district, "kind": "tune_up", "starts_at": starts_at, "ends_at": ends_at,
           "modality": "video", "video_url": "https://meet.example.org/tune-up", "facilitator_ids": []})
}
