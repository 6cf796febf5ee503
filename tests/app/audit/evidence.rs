//! Measures and observations: made, edited, deleted and imported through the API, each change
//! logged with its author and only the fields that changed.

use super::{actions, entries, history, keys};
use crate::evidence::Setup;
use crate::support::api;
use actix_web::http::{Method, StatusCode};
use serde_json::json;

#[actix_web::test]
async fn a_measure_is_logged_when_made_and_edited() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let path = format!("/api/v1/teams/{}/measures", s.team_a.id);
    let body = json!({"name": "Hands", "kind": "percent"});
    let (status, made) = api(&svc, Method::POST, &path, Some(&s.a), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_i64().unwrap();
    let edit = json!({"name": "Hands up", "kind": "percent",
                      "description": "Share of hands raised", "version": made["version"]});
    let (status, saved) = api(
        &svc,
        Method::PUT,
        &format!("/api/v1/measures/{id}"),
        Some(&s.a),
        Some(edit),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{saved}");

    let h = history(&svc, &s.dir, "measure", id).await;
    assert_eq!(actions(&h), ["updated", "created"]);
    let (_, before, after) = &h[0];
    assert_eq!(keys(before), ["description", "name", "version"]);
    assert_eq!(
        (&before["name"], &after["name"]),
        (&json!("Hands"), &json!("Hands up"))
    );
    assert_eq!(after["description"], "Share of hands raised");
    let (_, before, after) = &h[1];
    assert!(before.is_null(), "{before}");
    assert_eq!(
        (&after["name"], &after["kind"], &after["team_id"]),
        (&json!("Hands"), &json!("percent"), &json!(s.team_a.id))
    );
    let all = entries(&svc, &s.dir, &format!("kind=measure&entity_id={id}")).await;
    assert_eq!(
        all[0]["actor"],
        json!({"person_id": s.member_a, "name": "ana"})
    );
    assert_eq!(all[0]["summary"], "Hands up");
}

#[actix_web::test]
async fn an_observation_is_logged_when_made_edited_and_deleted() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let date = s.today.to_string();
    let path = format!("/api/v1/teams/{}/observations", s.team_a.id);
    let item = json!({"date": date, "classroom_id": s.room, "measure_id": s.rubric, "value": 3, "note": "calm"});
    let (status, made) = api(&svc, Method::POST, &path, Some(&s.a), Some(item)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    let id = made["id"].as_i64().unwrap();
    let edit = json!({"date": date, "classroom_id": s.room, "measure_id": s.rubric, "value": 4, "note": "calm",
                      "version": made["version"]});
    let one = format!("/api/v1/observations/{id}");
    let (status, saved) = api(&svc, Method::PUT, &one, Some(&s.a), Some(edit)).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let (status, _) = api(&svc, Method::DELETE, &one, Some(&s.dir), None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let h = history(&svc, &s.dir, "observation", id).await;
    assert_eq!(actions(&h), ["deleted", "updated", "created"]);
    let (_, gone, after) = &h[0];
    assert!(after.is_null());
    assert_eq!(
        (gone["value"].as_f64(), &gone["note"]),
        (Some(4.0), &json!("calm"))
    );
    let (_, before, after) = &h[1];
    assert_eq!(
        (before["value"].as_f64(), after["value"].as_f64()),
        (Some(3.0), Some(4.0))
    );
    assert!(
        before.get("note").is_none() && before.get("classroom_id").is_none(),
        "unchanged fields kept: {before}"
    );
    let (_, before, after) = &h[2];
    assert!(before.is_null());
    assert_eq!(
        (after["classroom_id"].as_i64(), after["value"].as_f64()),
        (Some(s.room as i64), Some(3.0))
    );

    let all = entries(&svc, &s.dir, &format!("kind=observation&entity_id={id}")).await;
    let who: Vec<&str> = all
        .iter()
        .map(|e| e["actor"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(who, ["dee", "ana", "ana"]);
    assert_eq!(all[0]["summary"], format!("Room 1: Discourse on {date}"));
}

#[actix_web::test]
async fn a_bulk_import_logs_each_observation_made_or_replaced() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let (d1, d2) = (
        s.today.to_string(),
        (s.today - chrono::TimeDelta::days(1)).to_string(),
    );
    let path = format!("/api/v1/teams/{}/observations/bulk", s.team_a.id);
    let items = |v: i32| {
        json!([
            {"date": d1, "classroom_id": s.room, "measure_id": s.rubric, "value": v},
            {"date": d2, "classroom_id": s.room, "measure_id": s.rubric, "value": 2},
        ])
    };
    let (status, body) = api(
        &svc,
        Method::POST,
        &path,
        Some(&s.a),
        Some(json!({"items": items(1)})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let made = entries(&svc, &s.dir, "kind=observation").await;
    assert_eq!(made.len(), 2);
    assert!(
        made.iter()
            .all(|e| e["action"] == "created" && e["actor"]["name"] == "ana")
    );

    let (status, body) = api(
        &svc,
        Method::POST,
        &path,
        Some(&s.a),
        Some(json!({"items": items(4), "replace": true})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let all = entries(&svc, &s.dir, "kind=observation").await;
    let changed: Vec<_> = all.iter().filter(|e| e["action"] == "updated").collect();
    assert_eq!(changed.len(), 2, "both rows were rewritten: {all:?}");
    let on = |d: &str| {
        changed
            .iter()
            .find(|e| e["summary"] == format!("Room 1: Discourse on {d}"))
            .unwrap()
    };
    let (new, same) = (on(&d1), on(&d2));
    assert_eq!(
        (
            new["before"]["value"].as_f64(),
            new["after"]["value"].as_f64()
        ),
        (Some(1.0), Some(4.0))
    );
    assert!(
        same["before"].get("value").is_none(),
        "an unchanged value is not repeated: {same}"
    );

    let refused = json!({"items": [{"date": d1, "classroom_id": s.room, "measure_id": s.rubric, "value": 9}], "replace": true});
    let (status, _) = api(&svc, Method::POST, &path, Some(&s.a), Some(refused)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        entries(&svc, &s.dir, "kind=observation").await.len(),
        4,
        "a refused import logs nothing"
    );
}
