//! The JSON API for the collective, program years, memberships, "plan the year", "start the
//! next year" and convenings with their agendas, readings and attendance. Shared set-up lives
//! here; the tests are grouped by area.

mod convenings;
mod plan;
mod years;

use crate::support::TestApp;
use actix_web::http::Method;
use chrono::NaiveDate;
use pdsa::models::collective::Collective;
use pdsa::models::convening::{Convening, ConveningInput};
use pdsa::models::district::District;
use pdsa::models::year::{Membership, NewMembership, NewProgramYear, ProgramYear};
use serde_json::Value;

pub(super) const GET: Method = Method::GET;
pub(super) const POST: Method = Method::POST;
pub(super) const PUT: Method = Method::PUT;
pub(super) const DELETE: Method = Method::DELETE;

pub(super) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A year starting 1 August `start_year` with the named member districts (created as needed).
pub(super) fn year_with(app: &TestApp, start_year: i32, names: &[&str]) -> (ProgramYear, Vec<i32>) {
    let c = &mut app.conn();
    let collective_id = Collective::get(c).unwrap().id;
    let label = pdsa::domain::year::label_for(start_year);
    let (start_date, end_date) = pdsa::domain::year::default_span(start_year);
    let year = ProgramYear::create(
        c,
        &NewProgramYear {
            collective_id,
            label,
            start_date,
            end_date,
        },
    )
    .unwrap();
    let ids = names
        .iter()
        .map(|n| {
            let district = District::ensure(c, n).unwrap();
            let m = NewMembership {
                program_year_id: year.id,
                district_id: district.id,
                fee_cents: 100,
                paid_cents: 0,
                workshop_seats: 2,
            };
            Membership::ensure(c, &m).unwrap();
            district.id
        })
        .collect();
    (year, ids)
}

pub(super) fn convening(
    app: &TestApp,
    year: &ProgramYear,
    number: i32,
    date: NaiveDate,
    host: i32,
) -> Convening {
    let times = Collective::get(&mut app.conn()).unwrap().day_times();
    let input = ConveningInput {
        number,
        date,
        host_district_id: host,
        venue: "Hall".into(),
        times,
        food_cost_cents: 0,
    };
    Convening::create(&mut app.conn(), year, &input).unwrap()
}

pub(super) fn field(body: &Value) -> &str {
    body["errors"][0]["field"].as_str().unwrap_or("")
}

pub(super) fn names(list: &Value, key: &str) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[key].as_str().unwrap().to_string())
        .collect()
}
