//! `GET /api/v1/teams/{id}/variation`: per-period spread of classroom means, charts and signals,
//! on hand-made observations (known SDs), its permissions and 422s, and over the demo, where
//! the teams `seeds/evidence.json` marks as narrowing must show falling variation.

use crate::fixtures::{admit, bearer, d, join, team, year_starting};
use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use chrono::NaiveDate;
use diesel::prelude::*;
use pdsa::db::schema::{districts, measures, program_years, teams};
use pdsa::domain::measure::MeasureKind;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::classroom::{Classroom, ClassroomInput};
use pdsa::models::team::Team;
use serde_json::Value;

/// Two teams of one year; team A has three classrooms and its own count measure.
struct Setup {
    app: TestApp,
    a: Team,
    b: Team,
    measure: i32,
    rooms: Vec<i32>,
    member_a: String,
    member_b: String,
}

fn measure_of(app: &TestApp, year: i32, team: i32, name: &str) -> i32 {
    measure_kind(app, year, team, name, MeasureKind::Count)
}

fn measure_kind(app: &TestApp, year: i32, team: i32, name: &str, kind: MeasureKind) -> i32 {
    let scale = crate::evidence::plain(kind);
    crate::fixtures::measure(app, year, Some(team), name, scale, |_| String::new())
}

fn setup() -> Setup {
    let app = TestApp::new();
    let y = year_starting(&app, 2026);
    let (da, db) = (admit(&app, &y, "Ashford"), admit(&app, &y, "Bramble"));
    let (a, b) = (
        team(&app, &y, da.id, "Ashford"),
        team(&app, &y, db.id, "Bramble"),
    );
    let ma = app.person(GlobalRole::Member, "ma@example.org");
    let mb = app.person(GlobalRole::Member, "mb@example.org");
    join(&app, &a, ma.id, TeamRole::Coach, None);
    join(&app, &b, mb.id, TeamRole::Coach, None);
    let measure = measure_of(&app, y.id, a.id, "Questions asked");
    let rooms = (1..=3)
        .map(|i| {
            let input = ClassroomInput {
                label: format!("Room {i}"),
                ..Default::default()
            };
            Classroom::create(&mut app.conn(), &a, &input).unwrap().id
        })
        .collect();
    let (member_a, member_b) = (app.token(ma.id), app.token(mb.id));
    Setup {
        app,
        a,
        b,
        measure,
        rooms,
        member_a,
        member_b,
    }
}

/// One observation of no cycle.
fn obs(app: &TestApp, classroom: i32, measure: i32, date: NaiveDate, value: f64) {
    crate::fixtures::observation(app, (classroom, measure), date, value, None);
}

/// Three weeks of November 2026: W46 means 4, 4 (sd 0); W47 means 3, 5, 1 (sd 2); W48 1, 2, 3 (sd 1).
fn three_weeks(s: &Setup) {
    let (m, r) = (s.measure, &s.rooms);
    for (room, date, v) in [
        (r[0], d(2026, 11, 9), 4.0),
        (r[1], d(2026, 11, 13), 4.0),
        (r[0], d(2026, 11, 16), 2.0),
        (r[0], d(2026, 11, 18), 4.0),
        (r[1], d(2026, 11, 17), 5.0),
        (r[2], d(2026, 11, 22), 1.0),
        (r[0], d(2026, 11, 23), 1.0),
        (r[1], d(2026, 11, 24), 2.0),
        (r[2], d(2026, 11, 25), 3.0),
    ] {
        obs(&s.app, room, m, date, v);
    }
}

async fn get(s: &Setup, query: &str, token: Option<&str>) -> (StatusCode, Value) {
    let svc = s.app.service().await;
    let path = format!("/api/v1/teams/{}/variation?{query}", s.a.id);
    api(&svc, Method::GET, &path, token, None).await
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[actix_web::test]
async fn a_team_with_no_data_has_empty_periods_and_no_signal() {
    let s = setup();
    let (status, body) = get(&s, &format!("measure={}", s.measure), Some(&s.member_a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["periods"], serde_json::json!([]));
    assert_eq!(body["signals"], serde_json::json!([]));
    assert_eq!(body["trend"], "none");
    assert_eq!(body["period"], "week");
    assert_eq!(body["measure"]["name"], "Questions asked");
    assert!(body["icc"]["value"].is_null() && body["icc"]["reason"].is_string());
    assert_eq!(body["sd_chart"]["values"], serde_json::json!([]));
    assert!(body["p_chart"].is_null());
}

#[actix_web::test]
async fn weekly_periods_carry_the_between_classroom_sd() {
    let s = setup();
    three_weeks(&s);
    let (status, body) = get(
        &s,
        &format!("measure={}&period=week", s.measure),
        Some(&s.member_a),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let periods = body["periods"].as_array().unwrap();
    let labels: Vec<&str> = periods
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2026-W46", "2026-W47", "2026-W48"]);
    let starts: Vec<&str> = periods
        .iter()
        .map(|p| p["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2026-11-09", "2026-11-16", "2026-11-23"]);
    let sds: Vec<f64> = periods.iter().map(|p| p["sd"].as_f64().unwrap()).collect();
    assert_eq!(sds, [0.0, 2.0, 1.0]);
    assert_eq!(periods[1]["classrooms"], 3);
    assert_eq!(periods[1]["observations"], 4);
    assert_eq!(periods[1]["mean"], 3.0);
    assert_eq!(floats(&body["sd_chart"]["values"]), [0.0, 2.0, 1.0]);
    assert_eq!(body["sd_chart"]["center"], 1.0);
    assert_eq!(floats(&body["mean_chart"]["values"]), [4.0, 3.0, 2.0]);
    assert_eq!(body["sd_i_chart"]["center"], 1.0);
    assert!(body["icc"]["value"].is_number());
}

#[actix_web::test]
async fn months_gather_the_weeks_and_the_baseline_is_bounded() {
    let s = setup();
    three_weeks(&s);
    let (status, body) = get(
        &s,
        &format!("measure={}&period=month", s.measure),
        Some(&s.member_a),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["periods"].as_array().unwrap().len(), 1);
    assert_eq!(body["periods"][0]["label"], "2026-11");
    assert_eq!(body["periods"][0]["start"], "2026-11-01");
    assert_eq!(body["periods"][0]["observations"], 9);
    let ok = get(
        &s,
        &format!("measure={}&baseline=3", s.measure),
        Some(&s.member_a),
    )
    .await;
    assert_eq!(
        (ok.0, ok.1["baseline"].clone()),
        (StatusCode::OK, Value::from(3))
    );
    let too_long = get(
        &s,
        &format!("measure={}&baseline=4", s.measure),
        Some(&s.member_a),
    )
    .await;
    assert_eq!(too_long.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_long.1.to_string().contains("baseline"));
}

#[actix_web::test]
async fn one_period_has_figures_and_no_signal() {
    let s = setup();
    for (room, v) in [(0, 3.0), (1, 5.0), (2, 1.0)] {
        obs(&s.app, s.rooms[room], s.measure, d(2026, 11, 17), v);
    }
    let (status, body) = get(&s, &format!("measure={}", s.measure), Some(&s.member_a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["periods"].as_array().unwrap().len(), 1);
    assert_eq!(body["periods"][0]["sd"], 2.0);
    assert_eq!(body["periods"][0]["median"], 3.0);
    assert_eq!(body["signals"], serde_json::json!([]));
}

#[actix_web::test]
async fn one_classroom_has_means_but_no_spread() {
    let s = setup();
    for (day, v) in [(9, 1.0), (16, 2.0), (23, 3.0)] {
        obs(&s.app, s.rooms[0], s.measure, d(2026, 11, day), v);
    }
    let (status, body) = get(&s, &format!("measure={}", s.measure), Some(&s.member_a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["periods"].as_array().unwrap().len(), 3);
    assert!(body["periods"][0]["sd"].is_null());
    assert_eq!(floats(&body["mean_chart"]["values"]), [1.0, 2.0, 3.0]);
    assert_eq!(body["sd_chart"]["values"], serde_json::json!([]));
    assert_eq!(body["icc"]["reason"], "fewer than two classrooms");
    assert_eq!(body["signals"], serde_json::json!([]));
}

#[actix_web::test]
async fn who_may_read_the_figures() {
    let s = setup();
    let q = format!("measure={}", s.measure);
    assert_eq!(get(&s, &q, None).await.0, StatusCode::UNAUTHORIZED);
    crate::fixtures::share(&s.app, false);
    assert_eq!(
        get(&s, &q, Some(&s.member_b)).await.0,
        StatusCode::FORBIDDEN
    );
    crate::fixtures::share(&s.app, true);
    assert_eq!(get(&s, &q, Some(&s.member_b)).await.0, StatusCode::OK);
    let fac = bearer(&s.app, GlobalRole::Facilitator, "fac@example.org");
    assert_eq!(get(&s, &q, Some(&fac)).await.0, StatusCode::OK);
    let svc = s.app.service().await;
    let path = format!("/api/v1/teams/999999/variation?{q}");
    let (status, _) = api(&svc, Method::GET, &path, Some(&fac), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn bad_queries_are_422s_naming_the_parameter() {
    let s = setup();
    let year = s.a.program_year_id;
    let theirs = measure_of(&s.app, year, s.b.id, "Their own");
    let m = s.measure;
    for (query, field) in [
        (String::new(), "measure"),
        ("measure=abc".to_string(), "measure"),
        ("measure=999999".to_string(), "measure"),
        (format!("measure={theirs}"), "measure"),
        (format!("measure={m}&period=day"), "period"),
        (format!("measure={m}&baseline=0"), "baseline"),
        (format!("measure={m}&baseline=two"), "baseline"),
        (format!("measure={m}&baseline=1"), "baseline"),
    ] {
        let (status, body) = get(&s, &query, Some(&s.member_a)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert!(body.to_string().contains(field), "{query}: {body}");
    }
}

/// The demo's previous program year: the one before the latest.
fn previous_year(app: &TestApp) -> i32 {
    let ids: Vec<i32> = program_years::table
        .order(program_years::start_date.desc())
        .select(program_years::id)
        .load(&mut app.conn())
        .unwrap();
    ids[1]
}

#[actix_web::test]
async fn the_demo_teams_that_narrow_show_falling_variation_and_the_others_none() {
    let app = TestApp::with_demo();
    let evidence = pdsa::seed::evidence::data::Evidence::demo().unwrap();
    let year = previous_year(&app);
    let measure: i32 = measures::table
        .filter(measures::program_year_id.eq(year))
        .filter(measures::team_id.is_null())
        .filter(measures::name.eq("Student discourse"))
        .select(measures::id)
        .first(&mut app.conn())
        .unwrap();
    let director = bearer(&app, GlobalRole::Director, "dir-variation@example.org");
    let svc = app.service().await;
    let mut disagreements = Vec::new();
    let (mut checked, mut narrowing) = (0, 0);
    for seed in evidence.teams.iter() {
        let Some(previous) = seed.previous.as_ref() else {
            continue;
        };
        let team: i32 = teams::table
            .inner_join(districts::table)
            .filter(teams::program_year_id.eq(year))
            .filter(districts::name.eq(&seed.district))
            .select(teams::id)
            .first(&mut app.conn())
            .unwrap();
        let path = format!("/api/v1/teams/{team}/variation?measure={measure}&period=week");
        let (status, body) = api(&svc, Method::GET, &path, Some(&director), None).await;
        assert_eq!(status, StatusCode::OK, "{}: {body}", seed.district);
        checked += 1;
        narrowing += usize::from(previous.story.narrows);
        if previous.story.narrows {
            cycles_are_periods(&svc, &director, team, measure).await;
        }
        let expected = if previous.story.narrows {
            "falling"
        } else {
            "none"
        };
        if body["trend"] != expected {
            disagreements.push(format!(
                "{}: expected {expected}, got {} {} (sds {})",
                seed.district, body["trend"], body["signals"], body["sd_chart"]["values"]
            ));
        }
        let falling = body["signals"].to_string().contains("variation has fallen");
        if falling != previous.story.narrows {
            disagreements.push(format!("{}: signals {}", seed.district, body["signals"]));
        }
    }
    assert!(
        checked >= 3,
        "only {checked} demo teams had a previous year"
    );
    assert!(
        narrowing >= 1 && narrowing < checked,
        "{narrowing} of {checked} narrow"
    );
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

/// By cycle: the periods are cycles with observations, in the order of the team's cycles.
async fn cycles_are_periods<S, B>(svc: &S, token: &str, team: i32, measure: i32)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let path = format!("/api/v1/teams/{team}/variation?measure={measure}&period=cycle");
    let (status, body) = api(svc, Method::GET, &path, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let cycles: Vec<&str> = body["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    let periods: Vec<&str> = body["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert!(!periods.is_empty(), "{body}");
    let mut at = cycles.iter();
    for p in &periods {
        assert!(at.any(|c| c == p), "{p} out of cycle order: {cycles:?}");
    }
}

#[actix_web::test]
async fn yes_no_measures_get_a_p_chart() {
    let s = setup();
    let m = measure_kind(
        &s.app,
        s.a.program_year_id,
        s.a.id,
        "Exit ticket",
        MeasureKind::YesNo,
    );
    for (room, day, v) in [
        (0, 9, 1.0),
        (1, 10, 0.0),
        (0, 16, 1.0),
        (1, 17, 1.0),
        (2, 18, 1.0),
    ] {
        obs(&s.app, s.rooms[room], m, d(2026, 11, day), v);
    }
    let (status, body) = get(&s, &format!("measure={m}"), Some(&s.member_a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(floats(&body["p_chart"]["x"]), [1.0, 3.0]);
    assert_eq!(floats(&body["p_chart"]["n"]), [2.0, 3.0]);
    assert_eq!(floats(&body["p_chart"]["proportions"]), [0.5, 1.0]);
    assert_eq!(body["p_chart"]["center"], 0.8);
}
