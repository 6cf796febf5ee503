//! The JSON API for the collective, program years, memberships, "plan the year", "start the
//! next year" and convenings with their agendas, readings and attendance. Shared set-up comes
//! from `crate::fixtures`; the tests are grouped by area.

mod convenings;
mod plan;
mod years;

use crate::fixtures::{admit_all, year_starting};
use crate::support::TestApp;
use actix_web::http::Method;
use pdsa::models::year::ProgramYear;
use serde_json::Value;

pub(super) use crate::fixtures::{bearer, convening, d};

pub(super) const GET: Method = Method::GET;
pub(super) const POST: Method = Method::POST;
pub(super) const PUT: Method = Method::PUT;
pub(super) const DELETE: Method = Method::DELETE;

/// The year starting 1 August `start_year` with the named member districts; their ids.
pub(super) fn year_with(app: &TestApp, start_year: i32, names: &[&str]) -> (ProgramYear, Vec<i32>) {
    let year = year_starting(app, start_year);
    let ids = admit_all(app, &year, names).iter().map(|d| d.id).collect();
    (year, ids)
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
