//! Limits on bodies, one per kind, applied before anything reads a body. The page import once
//! refused a paste over 256 KiB with a bare 413 and lost it (the CSRF guard read the body under
//! actix's default limit before the form's own 1 MiB applied).

use crate::fixtures::{bearer, signed_in};
use crate::pages_evidence::{DEE, World};
use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode, header};
use actix_web::test as atest;
use pdsa::domain::roles::GlobalRole;
use pdsa::web::limits;

/// A valid file of `rows` observations (three rooms, one measure, a day each), each row
/// padded by a note of `note` characters.
fn csv(w: &World, rows: usize, note: usize) -> String {
    let mut text = String::from("date,classroom,measure,value,cycle,note\n");
    for i in 0..rows {
        let room = i % 3 + 1;
        let day = w.day((i / 3 + 1) as i64);
        let value = i % 4 + 1;
        text.push_str(&format!(
            "{day},Room {room},Discourse,{value},,{}\n",
            "n".repeat(note)
        ));
    }
    text
}

#[actix_web::test]
async fn the_import_page_takes_a_paste_over_256_kib() {
    let w = World::new();
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, DEE).await;
    let file = csv(&w, 540, 600);
    assert!(
        file.len() > 300 << 10 && file.len() < limits::PASTED_CSV,
        "{}",
        file.len()
    );
    let done = b
        .post(&svc, &w.path("observations/import"), &[("csv", &file)])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(w.observations().len(), 540);
}

#[actix_web::test]
async fn a_paste_over_the_promised_mib_comes_back_in_the_form() {
    let w = World::new();
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, DEE).await;
    let file = csv(&w, 540, 2000);
    assert!(file.len() > limits::PASTED_CSV);
    let refused = b
        .post(&svc, &w.path("observations/import"), &[("csv", &file)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("at most 1 MiB can be imported at once")
    );
    let last_row = file.lines().last().unwrap();
    assert!(refused.body.contains(last_row), "the paste is kept whole");
    assert!(w.observations().is_empty());
}

#[actix_web::test]
async fn a_form_over_its_limit_is_a_page_that_says_so() {
    let w = World::new();
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, DEE).await;
    let huge = "n".repeat(limits::FORM + 1);
    let refused = b
        .post(&svc, &w.path("observations/import"), &[("csv", &huge)])
        .await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        refused.body.contains("<html"),
        "a page in the site's layout"
    );
    assert!(
        refused.body.contains("larger than 4 MiB"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("your browser still holds what you typed")
    );
}

#[actix_web::test]
async fn an_api_body_over_its_limit_is_a_json_413_and_one_under_it_is_read() {
    let app = TestApp::new();
    let token = bearer(&app, GlobalRole::Director, "dora@collective.org");
    let svc = app.service().await;
    // Over the JSON limit: refused from the declared length, before anything reads it.
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(limits::API_JSON));
    let req = atest::TestRequest::post()
        .uri("/api/v1/districts")
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .set_payload(big)
        .to_request();
    let res = atest::call_service(&svc, req).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let content_type = res.headers().get(header::CONTENT_TYPE).unwrap().clone();
    assert_eq!(content_type, "application/json");
    let body: serde_json::Value = serde_json::from_slice(&atest::read_body(res).await).unwrap();
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("larger than 2 MiB")
    );
    // Between actix's old 256 KiB default and the limit: read, and judged on its content.
    let long = serde_json::json!({"name": "x".repeat(300 << 10)});
    let (status, body) = api(
        &svc,
        Method::POST,
        "/api/v1/districts",
        Some(&token),
        Some(long),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["field"], "name");
}
