//! People, memberships, rosters, teams, convenings and meetings: each change a director or a
//! facilitator makes through the API leaves its entry.

use super::{actions, entries, history, keys};
use crate::evidence::Setup;
use crate::support::api;
use actix_web::http::{Method, StatusCode};
use chrono::TimeDelta;
use serde_json::{Value, json};

async fn call<S, B>(svc: &S, method: Method, path: &str, token: &str, body: Option<Value>) -> Value
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let (status, out) = api(svc, method, path, Some(token), body).await;
    assert!(status.is_success(), "{path}: {status} {out}");
    out
}

#[actix_web::test]
async fn people_memberships_teams_and_rosters_are_logged() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let pat = call(
        &svc,
        Method::POST,
        "/api/v1/people",
        &s.dir,
        Some(json!({"name": "Pat New", "email": "pat@example.org", "role": "member"})),
    )
    .await;
    let pat_id = pat["id"].as_i64().unwrap();
    let h = history(&svc, &s.dir, "person", pat_id).await;
    assert_eq!(actions(&h), ["created"]);
    assert_eq!(
        (&h[0].2["name"], &h[0].2["email"], &h[0].2["role"]),
        (
            &json!("Pat New"),
            &json!("pat@example.org"),
            &json!("member")
        )
    );

    let cedar = call(
        &svc,
        Method::POST,
        "/api/v1/districts",
        &s.dir,
        Some(json!({"name": "Cedar"})),
    )
    .await;
    let cedar_id = cedar["id"].as_i64().unwrap();
    let path = format!("/api/v1/program-years/{}/memberships", s.year.id);
    let m = call(
        &svc,
        Method::POST,
        &path,
        &s.dir,
        Some(json!({"district_id": cedar_id})),
    )
    .await;
    let m_id = m["id"].as_i64().unwrap();
    call(
        &svc,
        Method::PUT,
        &format!("/api/v1/memberships/{m_id}"),
        &s.dir,
        Some(json!({"paid_cents": 500_000})),
    )
    .await;
    let h = history(&svc, &s.dir, "membership", m_id).await;
    assert_eq!(actions(&h), ["updated", "created"]);
    assert_eq!(
        (&h[0].1, &h[0].2),
        (&json!({"paid_cents": 0}), &json!({"paid_cents": 500_000}))
    );
    assert_eq!(h[1].2["district_id"], cedar_id);
    let summary =
        &entries(&svc, &s.dir, &format!("kind=membership&entity_id={m_id}")).await[0]["summary"];
    assert_eq!(summary, &json!("Cedar in 2026-27"));

    let team = call(
        &svc,
        Method::POST,
        "/api/v1/teams",
        &s.dir,
        Some(json!({"program_year_id": s.year.id, "district_id": cedar_id})),
    )
    .await;
    let team_id = team["id"].as_i64().unwrap();
    let h = history(&svc, &s.dir, "team", team_id).await;
    assert_eq!(
        (actions(&h), &h[0].2["name"]),
        (vec!["created"], &json!("Cedar team"))
    );

    let members = format!("/api/v1/teams/{team_id}/members");
    let line = call(
        &svc,
        Method::POST,
        &members,
        &s.dir,
        Some(json!({"person_id": pat_id, "role": "coach"})),
    )
    .await;
    let line_id = line["id"].as_i64().unwrap();
    let (status, _) = api(
        &svc,
        Method::DELETE,
        &format!("{members}/{line_id}"),
        Some(&s.dir),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let h = history(&svc, &s.dir, "team_member", line_id).await;
    assert_eq!(actions(&h), ["deleted", "created"]);
    assert_eq!(
        (&h[0].1["person_id"], &h[0].1["role"], &h[0].1["team_id"]),
        (&json!(pat_id), &json!("coach"), &json!(team_id))
    );
    let e = &entries(
        &svc,
        &s.dir,
        &format!("kind=team_member&entity_id={line_id}"),
    )
    .await[0];
    assert_eq!(e["summary"], "Pat New, coach, on Cedar team");
    assert_eq!(e["actor"]["name"], "dee");
}

#[actix_web::test]
async fn convenings_and_meetings_are_logged_through_their_cancellation() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let date = (s.today + TimeDelta::days(30)).to_string();
    let host = s.team_a.district_id;
    let path = format!("/api/v1/program-years/{}/convenings", s.year.id);
    let c = call(
        &svc,
        Method::POST,
        &path,
        &s.dir,
        Some(json!({"number": 1, "date": date, "host_district_id": host, "venue": "Hall"})),
    )
    .await;
    let c_id = c["id"].as_i64().unwrap();
    let one = format!("/api/v1/convenings/{c_id}");
    let edit = json!({"number": 1, "date": date, "host_district_id": host, "venue": "Library", "version": c["version"]});
    let saved = call(&svc, Method::PUT, &one, &s.dir, Some(edit)).await;
    call(
        &svc,
        Method::POST,
        &format!("{one}/cancel"),
        &s.dir,
        Some(json!({"version": saved["version"]})),
    )
    .await;
    let h = history(&svc, &s.dir, "convening", c_id).await;
    assert_eq!(actions(&h), ["cancelled", "updated", "created"]);
    assert!(
        h[0].1["cancelled_at"].is_null() && h[0].2["cancelled_at"].is_string(),
        "{:?}",
        h[0]
    );
    assert_eq!(
        (&h[1].1["venue"], &h[1].2["venue"]),
        (&json!("Hall"), &json!("Library"))
    );
    assert_eq!(keys(&h[1].1), ["venue", "version"]);
    assert_eq!(keys(&h[1].2), ["venue", "version"]);
    assert_eq!(h[2].2["venue"], "Hall");

    let start = (s.today + TimeDelta::days(40))
        .and_hms_opt(15, 0, 0)
        .unwrap()
        .and_utc();
    let end = start + TimeDelta::hours(1);
    let body = |title: &str| {
        json!({"district_id": host, "kind": "tune_up", "title": title,
        "starts_at": start.to_rfc3339(), "ends_at": end.to_rfc3339(), "modality": "video",
        "video_url": "https://meet.example.org/a"})
    };
    let m = call(
        &svc,
        Method::POST,
        "/api/v1/meetings",
        &s.fac,
        Some(body("Tune-up")),
    )
    .await;
    let m_id = m["id"].as_i64().unwrap();
    let one = format!("/api/v1/meetings/{m_id}");
    let mut edit = body("Autumn tune-up");
    edit["version"] = m["version"].clone();
    let saved = call(&svc, Method::PUT, &one, &s.fac, Some(edit)).await;
    call(
        &svc,
        Method::POST,
        &format!("{one}/cancel"),
        &s.fac,
        Some(json!({"version": saved["version"]})),
    )
    .await;
    let h = history(&svc, &s.dir, "meeting", m_id).await;
    assert_eq!(actions(&h), ["cancelled", "updated", "created"]);
    assert_eq!(
        (&h[1].1["title"], &h[1].2["title"]),
        (&json!("Tune-up"), &json!("Autumn tune-up"))
    );
    assert_eq!(h[2].2["facilitator_ids"], json!([]));
    let by: Vec<Value> = entries(&svc, &s.dir, "kind=meeting")
        .await
        .iter()
        .map(|e| e["actor"]["name"].clone())
        .collect();
    assert_eq!(by, [json!("fay"), json!("fay"), json!("fay")]);
}
