//! What schemathesis (`.ci/fuzz-api`) found, each pinned here: a blank label of a new program
//! year refused although left out it defaults (the fuzzer read "must not be empty" as "required"
//! and then found the label optional); a year label holding a control character accepted; blank
//! or loosely written filters (`?to=`, `?from=2026-9-1`, `?entity_id=`) silently dropped where
//! the document promises a `date` or an integer; and an observation's `value`, which the server
//! requires, documented as optional.

use crate::fixtures::bearer;
use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use actix_web::test as atest;
use pdsa::domain::roles::GlobalRole;
use serde_json::{Value, json};

/// The fields a 422 names.
fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|v| v["field"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[actix_web::test]
async fn a_blank_year_label_defaults_like_a_missing_one_and_a_control_character_is_refused() {
    let app = TestApp::with_demo();
    let token = bearer(&app, GlobalRole::Director, "dora@collective.org");
    let svc = app.service().await;
    let uri = "/api/v1/program-years";
    let blank = json!({"label": " ", "start_date": "", "end_date": ""});
    let (status, body) = api(&svc, Method::POST, uri, Some(&token), Some(blank)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let label = body["label"].as_str().unwrap();
    assert!(!label.trim().is_empty(), "{body}");
    let (status, body) = api(&svc, Method::POST, uri, Some(&token), Some(json!({}))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_ne!(
        body["label"], label,
        "each default is the year after the latest"
    );
    for bad in ["2040-41\u{1}", "2040\t41", "2040\n41"] {
        let body = json!({"label": bad, "start_date": "2040-08-01", "end_date": "2041-06-30"});
        let (status, answer) = api(&svc, Method::POST, uri, Some(&token), Some(body)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad:?}: {answer}"
        );
        assert_eq!(fields(&answer), ["label"], "{answer}");
    }
}

#[actix_web::test]
async fn api_filters_given_blank_or_loosely_written_are_refused_naming_them() {
    let app = TestApp::with_demo();
    let token = bearer(&app, GlobalRole::Director, "dora@collective.org");
    let svc = app.service().await;
    let team = super::an_id(&mut app.conn(), "teams").unwrap();
    let obs = format!("/api/v1/teams/{team}/observations");
    for (uri, field) in [
        ("/api/v1/audit?to=".to_string(), "to"),
        ("/api/v1/audit?from=2026-9-1".to_string(), "from"),
        ("/api/v1/audit?from=%202026-09-01".to_string(), "from"),
        ("/api/v1/audit?entity_id=".to_string(), "entity_id"),
        ("/api/v1/audit?actor=".to_string(), "actor"),
        (format!("{obs}?from="), "from"),
        (format!("{obs}?to=2026-09-1"), "to"),
        (format!("{obs}?measure="), "measure"),
        (format!("{obs}.csv?classroom="), "classroom"),
    ] {
        let (status, body) = api(&svc, Method::GET, &uri, Some(&token), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}: {body}");
        assert_eq!(fields(&body), [field], "{uri}: {body}");
    }
    for uri in [
        "/api/v1/audit?from=2026-09-01&to=2100-12-31".to_string(),
        obs,
    ] {
        let (status, body) = api(&svc, Method::GET, &uri, Some(&token), None).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    }
}

#[actix_web::test]
async fn the_document_requires_what_the_server_requires_of_an_observation() {
    let app = TestApp::with_demo();
    let svc = app.service().await;
    let req = atest::TestRequest::get()
        .uri("/api/openapi.json")
        .to_request();
    let doc: Value = atest::call_and_read_body_json(&svc, req).await;
    let item = &doc["components"]["schemas"]["ItemBody"];
    let required: Vec<&str> = item["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(required.contains(&"value"), "{item}");
    assert!(required.contains(&"date"), "{item}");
}
