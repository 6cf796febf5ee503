//! The JSON API for districts, teams and rosters, meetings (tune-ups) and people: the team and
//! meeting rules as 422s and warnings, who sees what, and the list cursor. The shared set-up
//! (a year, member districts, convenings) is made through the models; everything tested goes
//! through HTTP.

mod access;
mod meetings;
mod teams;

use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use chrono::NaiveDate;
use pdsa::domain::convening::DayTimes;
use pdsa::domain::roles::GlobalRole;
use pdsa::models::collective::Collective;
use pdsa::models::convening::{Convening, ConveningInput};
use pdsa::models::district::District;
use pdsa::models::year::{Membership, NewMembership, NewProgramYear, ProgramYear};
use serde_json::{Value, json};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The 2026-27 year (1 August to 30 June).
fn year(app: &TestApp) -> ProgramYear {
    let c = &mut app.conn();
    let collective_id = Collective::get(c).unwrap().id;
    let new = NewProgramYear {
        collective_id,
        label: "2026-27".into(),
        start_date: d(2026, 8, 1),
        end_date: d(2027, 6, 30),
    };
    ProgramYear::create(c, &new).unwrap()
}

/// A district that is a member of `year`.
fn member_district(app: &TestApp, year: &ProgramYear, name: &str) -> District {
    let c = &mut app.conn();
    let district = District::create(c, name).unwrap();
    let new = NewMembership {
        program_year_id: year.id,
        district_id: district.id,
        fee_cents: 1_500_000,
        paid_cents: 0,
        workshop_seats: 0,
    };
    Membership::ensure(c, &new).unwrap();
    district
}

/// Convenings on 14 October 2026 (hosted by `a`) and 10 February 2027 (by `b`).
fn convenings(app: &TestApp, year: &ProgramYear, a: i32, b: i32) {
    for (number, date, host) in [(1, d(2026, 10, 14), a), (2, d(2027, 2, 10), b)] {
        let input = ConveningInput {
            number,
            date,
            host_district_id: host,
            venue: "Central office".into(),
            times: DayTimes::default(),
            food_cost_cents: 0,
        };
        Convening::create(&mut app.conn(), year, &input).unwrap();
    }
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
