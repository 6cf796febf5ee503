//! The chart calculator: anyone signed in may post a series; the answers are the statistics of
//! issue 4 (qicharts2 0.8.1, attached) and bad input is a 422 naming its field.

use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use pdsa::domain::roles::GlobalRole;
use serde_json::{Value, json};

const RUN: &str = "/api/v1/analysis/run-chart";
const I: &str = "/api/v1/analysis/i-chart";
const P: &str = "/api/v1/analysis/p-chart";

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

/// A member's token.
fn member(app: &TestApp) -> String {
    let p = app.person(GlobalRole::Member, "calc@example.org");
    app.token(p.id)
}

#[actix_web::test]
async fn anonymous_callers_get_401() {
    let app = TestApp::new();
    let svc = app.service().await;
    for path in [RUN, I, P] {
        let (status, _) = api(&svc, Method::POST, path, None, Some(json!({"values": [1]}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[actix_web::test]
async fn a_run_chart_with_ties_on_the_median() {
    let app = TestApp::new();
    let token = member(&app);
    let svc = app.service().await;
    let body = json!({"values": [1, 2, 3, 4, 3, 5, 6, 3, 0]});
    let (status, r) = api(&svc, Method::POST, RUN, Some(&token), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert!(close(&r["center"], 3.0));
    assert_eq!(r["useful"], 6);
    assert_eq!(r["longest_run"], 3);
    assert_eq!(r["longest_run_side"], "above");
    assert_eq!(r["longest_run_max"], 6);
    assert_eq!(r["crossings"], 2);
    assert_eq!(r["crossings_min"], 1);
    assert_eq!(r["runs_signal"], false);
}

#[actix_web::test]
async fn a_run_chart_with_a_frozen_baseline_sees_the_shift() {
    let app = TestApp::new();
    let token = member(&app);
    let svc = app.service().await;
    let values = [9, 11, 10, 9, 8, 12, 21, 22, 20, 23, 21, 22, 24, 20, 22];
    let body = json!({"values": values, "baseline": 6});
    let (_, r) = api(&svc, Method::POST, RUN, Some(&token), Some(body)).await;
    assert!(close(&r["center"], 9.5));
    assert_eq!(r["longest_run"], 10);
    assert_eq!(r["runs_signal"], true);
}

#[actix_web::test]
async fn an_i_chart_screens_the_huge_jump() {
    let app = TestApp::new();
    let token = member(&app);
    let svc = app.service().await;
    let mut values: Vec<f64> = (0..19)
        .map(|i| if i % 2 == 0 { 10.0 } else { 11.0 })
        .collect();
    values.push(40.0);
    let (status, r) = api(
        &svc,
        Method::POST,
        I,
        Some(&token),
        Some(json!({"values": values})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert!(close(&r["center"], 11.95));
    assert!(close(&r["sigma"], 1.0 / 1.128));
    assert!(close(&r["lcl"], 11.95 - 3.0 / 1.128));
    assert!(close(&r["ucl"], 11.95 + 3.0 / 1.128));
    assert_eq!(r["outside"], json!([19]));
    assert!(close(&r["mr_center"], 48.0 / 19.0));
    assert!(close(&r["mr_ucl"], 3.267 * 48.0 / 19.0));
    assert!(r["runs_signal"].is_boolean());
}

#[actix_web::test]
async fn a_p_chart_has_limits_per_point() {
    let app = TestApp::new();
    let token = member(&app);
    let svc = app.service().await;
    let body = json!({"x": [5, 10, 2, 9], "n": [50, 100, 10, 20], "baseline": 3});
    let (status, r) = api(&svc, Method::POST, P, Some(&token), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert!(close(&r["center"], 0.10625));
    assert!(close(&r["lcl"][0], 0.0));
    assert!(close(&r["lcl"][1], 0.013802802232842123));
    assert!(close(&r["ucl"][2], 0.39859370824425144));
    assert!(close(&r["ucl"][3], 0.3129682185367318));
    assert_eq!(r["outside"], json!([3]));
    assert_eq!(r["crossings"], 1);
}

/// Posts `body` to `path` and returns the 422's first error field and message.
async fn refused<S, B>(svc: &S, token: &str, path: &str, body: Value) -> (String, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let (status, r) = api(svc, Method::POST, path, Some(token), Some(body.clone())).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{path} {body}: {r}"
    );
    let e = &r["errors"][0];
    (
        e["field"].as_str().unwrap_or_default().to_string(),
        e["message"].as_str().unwrap_or_default().to_string(),
    )
}

#[actix_web::test]
async fn bad_series_are_422_naming_the_field() {
    let app = TestApp::new();
    let token = member(&app);
    let svc = app.service().await;
    for path in [RUN, I] {
        let cases = [
            (json!({}), "values", "required"),
            (json!({"values": []}), "values", "empty"),
            (json!({"values": "1,2,3"}), "values", "list"),
            (json!({"values": [1, "2", 3]}), "values[1]", "number"),
            (json!({"values": [1, 2, null]}), "values[2]", "number"),
            (
                json!({"values": [1, 2], "baseline": 0}),
                "baseline",
                "1 to 2",
            ),
            (
                json!({"values": [1, 2], "baseline": 3}),
                "baseline",
                "1 to 2",
            ),
            (
                json!({"values": [1, 2], "baseline": 1.5}),
                "baseline",
                "whole",
            ),
            (json!([1, 2]), "", "object"),
        ];
        for (body, field, words) in cases {
            let (f, m) = refused(&svc, &token, path, body).await;
            assert_eq!(f, field, "{path}");
            assert!(m.contains(words), "{path} {field}: {m}");
        }
    }
}

#[actix_web::test]
async fn bad_counts_are_422_naming_the_field() {
    let app = TestApp::new();
    let token = member(&app);
    let svc = app.service().await;
    let cases = [
        (json!({"n": [1]}), "x", "required"),
        (json!({"x": [1]}), "n", "required"),
        (json!({"x": [], "n": []}), "x", "empty"),
        (json!({"x": [1, 2], "n": [3]}), "n", "as many"),
        (json!({"x": [1, 0], "n": [3, 0]}), "n[1]", "greater than 0"),
        (json!({"x": [1], "n": [-2]}), "n[0]", "greater than 0"),
        (json!({"x": [4], "n": [3]}), "x[0]", "exceed"),
        (json!({"x": [-1], "n": [3]}), "x[0]", "negative"),
        (json!({"x": [1, "a"], "n": [3, 3]}), "x[1]", "number"),
        (
            json!({"x": [1], "n": [3], "baseline": 2}),
            "baseline",
            "1 to 1",
        ),
    ];
    for (body, field, words) in cases {
        let (f, m) = refused(&svc, &token, P, body).await;
        assert_eq!(f, field);
        assert!(m.contains(words), "{field}: {m}");
    }
}
