//! `GET /api/v1/network/variation`: the order (falling first, then no signal, then rising,
//! then teams without data), months and baselines, its 422s, who may read, and the demo.

use super::{Network, network};
use crate::fixtures::{bearer, signed_in};
use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use diesel::prelude::*;
use pdsa::db::schema::{districts, measures, teams};
use pdsa::domain::roles::GlobalRole;
use pdsa::models::year::ProgramYear;
use serde_json::Value;

async fn get(n: &Network, query: &str, token: Option<&str>) -> (StatusCode, Value) {
    let svc = n.app.service().await;
    let path = format!("/api/v1/network/variation?{query}");
    api(&svc, Method::GET, &path, token, None).await
}

fn names(body: &Value) -> Vec<String> {
    body["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["team_name"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn falling_teams_come_first_then_none_then_rising_then_no_data() {
    let n = network();
    let (status, body) = get(&n, &format!("measure={}", n.measure), Some(&n.member)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        names(&body),
        [
            "Zephyr team",
            "Bramble team",
            "Ashford team",
            "Aardvark team"
        ]
    );
    let trends: Vec<&str> = body["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["trend"].as_str().unwrap())
        .collect();
    assert_eq!(trends, ["falling", "none", "rising", "none"]);
    let first = &body["teams"][0];
    assert_eq!(first["district"], "Zephyr");
    assert_eq!(first["periods"].as_array().unwrap().len(), 18);
    assert_eq!(first["periods"][0]["label"], "2026-W36");
    assert_eq!(first["periods"][0]["start"], "2026-08-31");
    assert_eq!(first["periods"][0]["classrooms"], 4);
    assert!((first["periods"][0]["sd"].as_f64().unwrap() - 1.0).abs() < 1e-9);
    assert_eq!(first["sd_chart"]["values"].as_array().unwrap().len(), 18);
    assert_eq!(first["sd_chart"]["longest_run"], 8);
    assert_eq!(first["sd_chart"]["runs_signal"], true);
    assert!(
        first["signal"]
            .as_str()
            .unwrap()
            .starts_with("variation has fallen")
    );
    assert!(body["teams"][1]["signal"].is_null());
    assert_eq!(body["teams"][3]["periods"], serde_json::json!([]));
    assert_eq!(body["measure"]["name"], "Student talk");
    assert_eq!(body["period"], "week");
    assert_eq!(body["program_year_id"], n.year);
}

#[actix_web::test]
async fn months_and_a_baseline_are_answered() {
    let n = network();
    let q = format!("measure={}&period=month&baseline=2", n.measure);
    let (status, body) = get(&n, &q, Some(&n.member)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let labels: Vec<&str> = body["teams"][0]["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2026-09", "2026-10", "2026-11", "2026-12"]);
    assert_eq!(body["baseline"], 2);
    let (status, body) = get(&n, &format!("measure={}&period=cycle", n.measure), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
}

#[actix_web::test]
async fn bad_queries_are_422s_naming_the_parameter() {
    let n = network();
    let m = n.measure;
    for (query, field, words) in [
        (String::new(), "measure", "required"),
        ("measure=abc".to_string(), "measure", "measure id"),
        ("measure=999999".to_string(), "measure", "no measure"),
        (format!("measure={}", n.own), "measure", "shared"),
        (
            format!("measure={m}&period=day"),
            "period",
            "week, month or cycle",
        ),
        (format!("measure={m}&baseline=0"), "baseline", "at least 1"),
        (
            format!("measure={m}&baseline=two"),
            "baseline",
            "whole number",
        ),
        (format!("measure={m}&baseline=19"), "baseline", "at most"),
    ] {
        let (status, body) = get(&n, &query, Some(&n.member)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(body["errors"][0]["field"], field, "{query}: {body}");
        let message = body["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(words), "{query}: {body}");
    }
}

#[actix_web::test]
async fn anyone_signed_in_may_read_and_nobody_else() {
    let n = network();
    let q = format!("measure={}", n.measure);
    assert_eq!(get(&n, &q, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(&n, &q, Some("not-a-token")).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(get(&n, &q, Some(&n.member)).await.0, StatusCode::OK);
    let loner = bearer(&n.app, GlobalRole::Member, "loner@example.org");
    assert_eq!(get(&n, &q, Some(&loner)).await.0, StatusCode::OK);
    let fac = bearer(&n.app, GlobalRole::Facilitator, "fac@example.org");
    assert_eq!(get(&n, &q, Some(&fac)).await.0, StatusCode::OK);
}

/// The demo's previous program year (the one before the latest) and its "Student discourse".
fn previous_discourse(app: &TestApp) -> (i32, i32) {
    let years: Vec<ProgramYear> = ProgramYear::list(&mut app.conn()).unwrap();
    let year = years[1].id;
    let m = measures::table
        .filter(measures::program_year_id.eq(year))
        .filter(measures::team_id.is_null())
        .filter(measures::name.eq("Student discourse"))
        .select(measures::id)
        .first(&mut app.conn())
        .unwrap();
    (year, m)
}

#[actix_web::test]
async fn in_the_demo_the_narrowing_teams_come_first() {
    let app = TestApp::with_demo();
    let evidence = pdsa::seed::evidence::data::Evidence::demo().unwrap();
    let (year, m) = previous_discourse(&app);
    let narrowing: Vec<&str> = evidence
        .teams
        .iter()
        .filter(|t| t.previous.as_ref().is_some_and(|p| p.story.narrows))
        .map(|t| t.district.as_str())
        .collect();
    assert!(!narrowing.is_empty());
    let director = bearer(&app, GlobalRole::Director, "dir-network@example.org");
    let svc = app.service().await;
    let path = format!("/api/v1/network/variation?measure={m}&period=week");
    let (status, body) = api(&svc, Method::GET, &path, Some(&director), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let teams = body["teams"].as_array().unwrap();
    let year_teams: i64 = teams::table
        .inner_join(districts::table)
        .filter(teams::program_year_id.eq(year))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(teams.len() as i64, year_teams);
    let (first, rest) = teams.split_at(narrowing.len());
    for t in first {
        assert!(narrowing.contains(&t["district"].as_str().unwrap()), "{t}");
        assert_eq!(t["trend"], "falling", "{t}");
    }
    for t in rest {
        assert_ne!(t["trend"], "falling", "{t}");
    }
    let mut browser = signed_in(&svc, "dir-network@example.org").await;
    let page = browser
        .get(&svc, &format!("/network/variation?measure={m}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let summary = format!(
        "{} of {} teams show falling variation",
        narrowing.len(),
        teams.len()
    );
    assert!(page.body.contains(&summary), "{summary}");
    let first_card = page.body.find("class=\"team-spread\"").unwrap();
    let first_name = first[0]["team_name"].as_str().unwrap();
    assert!(page.body[first_card..].find(first_name).unwrap() < 400);
}
