//! The JSON API for aims, driver diagrams, change ideas, PDSA cycles and comments: every status
//! move, each part required, the six-week warning, conflicts, the ramp, validation of every
//! field, and who may read, write and comment. The year, teams, people and measures are made
//! through the models; everything tested goes through HTTP.

mod access;
mod diagram;
mod edits;
mod lifecycle;
mod ramp;

use crate::fixtures::{admit, join, team, year_starting};
use crate::support::{TestApp, api};
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use diesel::prelude::*;
use pdsa::db::schema::measures;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use serde_json::{Value, json};

/// Two teams of the 2026-27 year, a caller of each kind, and measures: one shared by the year
/// (a 1–4 rubric), one of team A's own (percent), one of team B's own.
pub struct World {
    pub app: TestApp,
    pub team_a: i32,
    pub team_b: i32,
    /// A member of team A.
    pub a: String,
    /// A second member of team A (for conflicts).
    pub a2: String,
    /// A member of team B.
    pub b: String,
    pub fac: String,
    pub dir: String,
    pub shared_measure: i32,
    pub own_measure: i32,
    pub other_team_measure: i32,
}

pub fn world() -> World {
    let app = TestApp::new();
    let year = year_starting(&app, 2026);
    let (da, db) = (admit(&app, &year, "Ashford"), admit(&app, &year, "Brook"));
    let (ta, tb) = (
        team(&app, &year, da.id, "Ashford team"),
        team(&app, &year, db.id, "Brook team"),
    );
    let member = |email: &str, t: &pdsa::models::team::Team| {
        let p = app.person(GlobalRole::Member, email);
        join(&app, t, p.id, TeamRole::Teacher, None);
        app.token(p.id)
    };
    let (a, a2, b) = (
        member("ana@example.org", &ta),
        member("abe@example.org", &ta),
        member("bo@example.org", &tb),
    );
    let fac = app.token(app.person(GlobalRole::Facilitator, "fay@example.org").id);
    let dir = app.token(app.person(GlobalRole::Director, "dee@example.org").id);
    let shared_measure = measure(&app, year.id, None, "Student discourse", "rubric");
    let own_measure = measure(&app, year.id, Some(ta.id), "On task", "percent");
    let other_team_measure = measure(&app, year.id, Some(tb.id), "Brook exit tickets", "count");
    World {
        team_a: ta.id,
        team_b: tb.id,
        a,
        a2,
        b,
        fac,
        dir,
        shared_measure,
        own_measure,
        other_team_measure,
        app,
    }
}

/// A measure row (a rubric is 1–4); its id.
pub fn measure(app: &TestApp, year: i32, team: Option<i32>, name: &str, kind: &str) -> i32 {
    let c = &mut *app.conn();
    let scale = (kind == "rubric").then_some((1, 4));
    diesel::insert_into(measures::table)
        .values((
            measures::program_year_id.eq(year),
            measures::team_id.eq(team),
            measures::name.eq(name),
            measures::kind.eq(kind),
            measures::scale_min.eq(scale.map(|s| s.0)),
            measures::scale_max.eq(scale.map(|s| s.1)),
        ))
        .execute(c)
        .unwrap();
    measures::table
        .order(measures::id.desc())
        .select(measures::id)
        .first(c)
        .unwrap()
}

/// A request as `token` (none for anonymous).
pub async fn call<S, B>(
    svc: &S,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    api(svc, method, path, token, body).await
}

/// GET as `token`.
pub async fn get<S, B>(svc: &S, path: &str, token: &str) -> (StatusCode, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    api(svc, Method::GET, path, Some(token), None).await
}

/// POST `body` as `token`.
pub async fn post<S, B>(svc: &S, path: &str, token: &str, body: Value) -> (StatusCode, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    api(svc, Method::POST, path, Some(token), Some(body)).await
}

/// PUT `body` as `token`.
pub async fn put<S, B>(svc: &S, path: &str, token: &str, body: Value) -> (StatusCode, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    api(svc, Method::PUT, path, Some(token), Some(body)).await
}

/// The fields named by an error body, in order.
pub fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {body}"))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

/// What a 422 naming exactly `expected` looks like, to compare with `(status, fields(&body))`.
pub fn refused(expected: &[&str]) -> (StatusCode, Vec<String>) {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        expected.iter().map(|f| f.to_string()).collect(),
    )
}

/// `v["id"]` as an integer.
pub fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("no id in {v}"))
}

/// A primary driver and a change idea on it for team `team`, made as `token`: their ids.
pub async fn idea_of<S, B>(svc: &S, team: i32, token: &str) -> (i64, i64)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let (s, driver) = post(
        svc,
        &format!("/api/v1/teams/{team}/drivers"),
        token,
        json!({"title": "Student talk"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{driver}");
    let (s, idea) = post(
        svc,
        &format!("/api/v1/teams/{team}/change-ideas"),
        token,
        json!({"driver_id": id(&driver), "title": "Turn and talk"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{idea}");
    (id(&driver), id(&idea))
}

/// A complete Plan: objective, one question with a prediction, the shared measure.
pub fn plan(w: &World, title: &str, start: &str, end: &str) -> Value {
    json!({
        "title": title,
        "objective": "Learn whether turn-and-talk raises discourse",
        "plan_who": "Grade 7 maths teachers",
        "plan_what": "Two turn-and-talks a lesson",
        "plan_when": "Weeks 1-3",
        "plan_where": "Rooms 4 and 6",
        "planned_start": start,
        "planned_end": end,
        "questions": [{"question": "Will more students speak?", "prediction": "Half of them"}],
        "measure_ids": [w.shared_measure],
    })
}

/// A new cycle with a complete Plan on change idea `idea`, as `token`.
pub async fn new_cycle<S, B>(svc: &S, w: &World, idea: i64, token: &str) -> Value
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let (s, cycle) = post(
        svc,
        &format!("/api/v1/change-ideas/{idea}/cycles"),
        token,
        plan(w, "Turn and talk", "2026-10-05", "2026-10-23"),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{cycle}");
    cycle
}

/// Moves cycle `cycle` (as last read) to `to`; status and body.
pub async fn move_to<S, B>(svc: &S, token: &str, cycle: &Value, to: &str) -> (StatusCode, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    post(
        svc,
        &format!("/api/v1/cycles/{}/status", id(cycle)),
        token,
        json!({"to": to, "version": cycle["version"]}),
    )
    .await
}

/// Edits cycle `cycle` (as last read) with `fields`; status and body.
pub async fn edit<S, B>(svc: &S, token: &str, cycle: &Value, fields: Value) -> (StatusCode, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut body = fields;
    body["version"] = cycle["version"].clone();
    put(svc, &format!("/api/v1/cycles/{}", id(cycle)), token, body).await
}

/// Takes a new cycle through Do and Study to acting with `decision` decided; the cycle as read.
pub async fn to_acting<S, B>(svc: &S, token: &str, cycle: Value, decision: &str) -> Value
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let steps = [
        ("doing", json!({"do_happened": "Ran it in two rooms"})),
        (
            "studying",
            json!({"study_learned": "Talk rose", "questions": [
                {"question": "Will more students speak?", "prediction": "Half of them", "result": "Two thirds did"}
            ]}),
        ),
        (
            "acting",
            json!({"act_decision": decision, "act_reason": "It worked in both rooms"}),
        ),
    ];
    let mut cycle = cycle;
    for (to, fill) in steps {
        let (s, moved) = move_to(svc, token, &cycle, to).await;
        assert_eq!(s, StatusCode::OK, "to {to}: {moved}");
        let (s, edited) = edit(svc, token, &moved, fill).await;
        assert_eq!(s, StatusCode::OK, "filling {to}: {edited}");
        cycle = edited;
    }
    cycle
}
