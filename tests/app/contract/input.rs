//! Crafted input the API once accepted: cycle dates in the years 0, −1 and 9999, and C0 control
//! characters in names. Each is a 422 naming the field, and nothing is saved.

use crate::fixtures::bearer;
use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use pdsa::domain::roles::GlobalRole;
use serde_json::json;

/// The one violation of a 422, as (field, message).
fn violation(body: &serde_json::Value) -> (String, String) {
    let e = &body["errors"][0];
    (
        e["field"].as_str().unwrap().into(),
        e["message"].as_str().unwrap().into(),
    )
}

#[actix_web::test]
async fn cycle_dates_outside_2000_to_2100_are_refused_naming_the_field() {
    let app = TestApp::with_demo();
    let token = bearer(&app, GlobalRole::Director, "dora@collective.org");
    let svc = app.service().await;
    let idea = super::an_id(&mut app.conn(), "change-ideas").unwrap();
    let uri = format!("/api/v1/change-ideas/{idea}/cycles");
    let count = |app: &TestApp| {
        use diesel::prelude::*;
        pdsa::db::schema::cycles::table
            .count()
            .get_result::<i64>(&mut app.conn())
            .unwrap()
    };
    let before = count(&app);
    for (start, end, field) in [
        ("0000-01-01", "2026-10-20", "planned_start"),
        ("-0001-06-01", "2026-10-20", "planned_start"),
        ("2026-10-06", "9999-12-31", "planned_end"),
    ] {
        let body = json!({"title": "Turn and talk", "planned_start": start, "planned_end": end});
        let (status, answer) = api(&svc, Method::POST, &uri, Some(&token), Some(body)).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{start}..{end}: {answer}"
        );
        let (f, message) = violation(&answer);
        assert_eq!(f, field, "{answer}");
        assert!(
            message.contains("2000") || message.contains("date"),
            "{message}"
        );
    }
    let year_9999 =
        json!({"title": "T", "planned_start": "2026-10-06", "planned_end": "9999-12-31"});
    let (_, answer) = api(&svc, Method::POST, &uri, Some(&token), Some(year_9999)).await;
    assert!(
        violation(&answer)
            .1
            .contains("between 2000-01-01 and 2100-12-31"),
        "{answer}"
    );
    assert_eq!(count(&app), before, "nothing was saved");
    let fine = json!({"title": "Turn and talk", "planned_start": "2026-10-06", "planned_end": "2026-10-20"});
    let (status, answer) = api(&svc, Method::POST, &uri, Some(&token), Some(fine)).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
}

#[actix_web::test]
async fn names_with_control_characters_are_refused() {
    let app = TestApp::with_demo();
    let token = bearer(&app, GlobalRole::Director, "dora@collective.org");
    let svc = app.service().await;
    for name in [
        "Elm\u{0}District",
        "Elm\u{7}",
        "Elm\u{1b}[2J",
        "Elm\nDistrict",
    ] {
        let body = json!({"name": name});
        let (status, answer) = api(
            &svc,
            Method::POST,
            "/api/v1/districts",
            Some(&token),
            Some(body),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name:?}: {answer}"
        );
        assert_eq!(violation(&answer).0, "name", "{answer}");
    }
    let team = super::an_id(&mut app.conn(), "teams").unwrap();
    let body = json!({"label": "Room\u{1}12"});
    let uri = format!("/api/v1/teams/{team}/classrooms");
    let (status, answer) = api(&svc, Method::POST, &uri, Some(&token), Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(violation(&answer).0, "label", "{answer}");
    let (status, answer) = api(
        &svc,
        Method::POST,
        "/api/v1/districts",
        Some(&token),
        Some(json!({"name": "Elm District"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
}
