//! Every instant the API answers is RFC 3339 with its offset, checked by walking every GET
//! operation over the demo collective (once `created_at` came as `2026-12-03T08:47:59.54`).

use crate::fixtures::bearer;
use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use pdsa::domain::roles::GlobalRole;
use serde_json::Value;
use std::collections::BTreeSet;

/// Each `*_at` value under `v` (and the audit log's `at`), with where it was found.
fn instants<'a>(v: &'a Value, at: &str, out: &mut Vec<(String, &'a Value)>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let here = format!("{at}.{k}");
                if k == "at" || k.ends_with("_at") {
                    out.push((here.clone(), v));
                }
                instants(v, &here, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                instants(v, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// RFC 3339 with an explicit offset (`Z` or `±hh:mm`), or a time of day (`reminder_send_at`
/// is "07:00:00", a wall-clock time in the collective's zone, not an instant).
fn is_rfc3339(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
        || chrono::NaiveTime::parse_from_str(text, "%H:%M:%S").is_ok()
}

#[actix_web::test]
async fn every_instant_the_api_answers_carries_its_offset() {
    let app = TestApp::with_demo();
    let token = bearer(&app, GlobalRole::Director, "dora@collective.org");
    let svc = app.service().await;
    // A comment, a used token and a cancelled meeting are not in the demo data: make some.
    let (_, me) = api(&svc, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert!(me.is_object());
    let cycle = super::an_id(&mut app.conn(), "cycles").unwrap();
    let (status, _) = api(
        &svc,
        Method::POST,
        &format!("/api/v1/cycles/{cycle}/comments"),
        Some(&token),
        Some(serde_json::json!({"body": "Looks promising."})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let mut seen = BTreeSet::new();
    let mut bad = Vec::new();
    let routes = pdsa::web::routes::all();
    for r in routes
        .iter()
        .filter(|r| r.method == Method::GET && r.path.starts_with("/api/v1/"))
    {
        let uri = super::fill(&mut app.conn(), r.path, true, "1");
        let (status, body) = api(&svc, Method::GET, &uri, Some(&token), None).await;
        if status != StatusCode::OK {
            continue;
        }
        let mut found = Vec::new();
        instants(&body, "", &mut found);
        for (at, v) in found {
            seen.insert(at.rsplit('.').next().unwrap_or_default().to_string());
            if !(v.is_null() || v.as_str().is_some_and(is_rfc3339)) {
                bad.push(format!("GET {uri} {at} = {v}"));
            }
        }
    }
    for key in [
        "at",
        "created_at",
        "updated_at",
        "last_used_at",
        "starts_at",
        "ends_at",
    ] {
        assert!(seen.contains(key), "no {key} seen (saw {seen:?})");
    }
    assert!(
        bad.is_empty(),
        "instants without an offset:\n{}",
        bad.join("\n")
    );
}
