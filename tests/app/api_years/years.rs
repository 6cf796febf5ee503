//! Program years, memberships and the collective's settings.

use super::{GET, POST, PUT, bearer, field, year_with};
use crate::support::{TestApp, api};
use actix_web::http::StatusCode;
use pdsa::domain::roles::GlobalRole;
use pdsa::models::district::District;
use serde_json::{Value, json};

#[actix_web::test]
async fn a_new_year_takes_the_defaults_and_labels_are_unique() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let (status, first) = api(
        &svc,
        POST,
        "/api/v1/program-years",
        Some(&dir),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let tz = pdsa::models::collective::Collective::get(&mut app.conn())
        .unwrap()
        .tz();
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let sy = pdsa::domain::year::start_year_for(today);
    assert_eq!(first["label"], pdsa::domain::year::label_for(sy));
    assert_eq!(first["start_date"], format!("{sy}-08-01"));
    assert_eq!(first["end_date"], format!("{}-06-30", sy + 1));
    let (_, second) = api(
        &svc,
        POST,
        "/api/v1/program-years",
        Some(&dir),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        second["label"],
        pdsa::domain::year::label_for(sy + 1),
        "the year after the latest"
    );
    let (status, dup) = api(
        &svc,
        POST,
        "/api/v1/program-years",
        Some(&dir),
        Some(json!({"label": first["label"]})),
    )
    .await;
    assert_eq!(
        (status, field(&dup)),
        (StatusCode::UNPROCESSABLE_ENTITY, "label")
    );
    let body = json!({"label": "Cohort 9", "start_date": "2040-08-01", "end_date": "2040-07-01"});
    let (status, bad) = api(&svc, POST, "/api/v1/program-years", Some(&dir), Some(body)).await;
    assert_eq!(
        (status, field(&bad)),
        (StatusCode::UNPROCESSABLE_ENTITY, "end_date")
    );
    let body = json!({"label": "Overlap", "start_date": format!("{sy}-09-01")});
    let (status, over) = api(&svc, POST, "/api/v1/program-years", Some(&dir), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(
        over["warnings"][0].as_str().unwrap().contains("overlaps"),
        "{over}"
    );
    let (_, list) = api(&svc, GET, "/api/v1/program-years?limit=2", Some(&dir), None).await;
    assert_eq!(
        (
            list["items"].as_array().unwrap().len(),
            list["next"].is_string()
        ),
        (2, true)
    );
    let after = list["next"].as_str().unwrap();
    let (_, rest) = api(
        &svc,
        GET,
        &format!("/api/v1/program-years?limit=2&after={after}"),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(
        (rest["items"].as_array().unwrap().len(), &rest["next"]),
        (1, &Value::Null)
    );
    let (status, bad) = api(
        &svc,
        GET,
        "/api/v1/program-years?limit=1001",
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(
        (status, field(&bad)),
        (StatusCode::UNPROCESSABLE_ENTITY, "limit")
    );
}

#[actix_web::test]
async fn memberships_take_the_default_fee_and_members_see_no_fees() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let fac = bearer(&app, GlobalRole::Facilitator, "fac@example.org");
    let mem = bearer(&app, GlobalRole::Member, "mem@example.org");
    let (year, _) = year_with(&app, 2030, &[]);
    let elm = District::create(&mut app.conn(), "Elm").unwrap();
    let svc = app.service().await;
    let path = format!("/api/v1/program-years/{}/memberships", year.id);
    let (status, made) = api(
        &svc,
        POST,
        &path,
        Some(&dir),
        Some(json!({"district_id": elm.id, "workshop_seats": 3})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        (
            made["fee_cents"].as_i64(),
            made["paid_cents"].as_i64(),
            made["balance_cents"].as_i64()
        ),
        (Some(1_500_000), Some(0), Some(1_500_000))
    );
    let (status, again) = api(
        &svc,
        POST,
        &path,
        Some(&dir),
        Some(json!({"district_id": elm.id})),
    )
    .await;
    assert_eq!(
        (status, field(&again)),
        (StatusCode::UNPROCESSABLE_ENTITY, "district_id")
    );
    let (status, unknown) = api(
        &svc,
        POST,
        &path,
        Some(&dir),
        Some(json!({"district_id": 999})),
    )
    .await;
    assert_eq!(
        (status, field(&unknown)),
        (StatusCode::UNPROCESSABLE_ENTITY, "district_id")
    );
    let (status, neg) = api(
        &svc,
        POST,
        &path,
        Some(&dir),
        Some(json!({"district_id": elm.id, "fee_cents": -1})),
    )
    .await;
    assert_eq!(
        (status, field(&neg)),
        (StatusCode::UNPROCESSABLE_ENTITY, "fee_cents")
    );
    let mid = made["id"].as_i64().unwrap();
    let (status, paid) = api(
        &svc,
        PUT,
        &format!("/api/v1/memberships/{mid}"),
        Some(&dir),
        Some(json!({"paid_cents": 1_600_000})),
    )
    .await;
    assert_eq!(
        (status, paid["balance_cents"].as_i64()),
        (StatusCode::OK, Some(-100_000))
    );
    assert!(
        paid["warnings"][0]
            .as_str()
            .unwrap()
            .contains("more than the fee")
    );
    let (status, _) = api(
        &svc,
        PUT,
        &format!("/api/v1/memberships/{mid}"),
        Some(&dir),
        Some(json!({"workshop_seats": -2})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = api(
        &svc,
        PUT,
        "/api/v1/memberships/999",
        Some(&dir),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, staff_view) = api(
        &svc,
        GET,
        &format!("/api/v1/program-years/{}", year.id),
        Some(&fac),
        None,
    )
    .await;
    assert_eq!(
        staff_view["members"][0]["fee_cents"].as_i64(),
        Some(1_500_000)
    );
    let (status, member_view) = api(
        &svc,
        GET,
        &format!("/api/v1/program-years/{}", year.id),
        Some(&mem),
        None,
    )
    .await;
    assert_eq!(
        (status, &member_view["members"][0]["district_name"]),
        (StatusCode::OK, &json!("Elm"))
    );
    let text = member_view.to_string();
    assert!(
        !text.contains("fee_cents") && !text.contains("paid_cents") && !text.contains("balance"),
        "{text}"
    );
    assert_eq!(
        api(&svc, GET, &path, Some(&mem), None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, GET, &path, Some(&fac), None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        api(&svc, GET, "/api/v1/program-years/999", Some(&mem), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn the_collective_is_read_by_all_and_changed_by_directors() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let mem = bearer(&app, GlobalRole::Member, "mem@example.org");
    let svc = app.service().await;
    let (status, c) = api(&svc, GET, "/api/v1/collective", Some(&mem), None).await;
    assert_eq!(
        (status, &c["breakfast_time"], &c["default_fee_cents"]),
        (StatusCode::OK, &json!("08:30:00"), &json!(1_500_000))
    );
    for (body, want) in [
        (json!({"time_zone": "Mars/Olympus"}), "time_zone"),
        (json!({"close_time": "08:45"}), "close_time"),
        (json!({"default_fee_cents": -5}), "default_fee_cents"),
        (json!({"start_time": "soon"}), "start_time"),
        (
            json!({"reminder_offsets_days": [7, 7]}),
            "reminder_offsets_days",
        ),
        (
            json!({"reminder_offsets_days": []}),
            "reminder_offsets_days",
        ),
        (json!({"reminder_send_at": "25:00"}), "reminder_send_at"),
    ] {
        let (status, err) = api(&svc, PUT, "/api/v1/collective", Some(&dir), Some(body)).await;
        assert_eq!(
            (status, field(&err)),
            (StatusCode::UNPROCESSABLE_ENTITY, want)
        );
    }
    let body = json!({"name": "Valley Collective", "time_zone": "America/Chicago", "start_time": "08:45", "default_fee_cents": 1_000_000});
    let (status, saved) = api(&svc, PUT, "/api/v1/collective", Some(&dir), Some(body)).await;
    assert_eq!(
        (status, &saved["time_zone"], &saved["start_time"]),
        (
            StatusCode::OK,
            &json!("America/Chicago"),
            &json!("08:45:00")
        ),
        "{saved}"
    );
    assert_eq!(
        api(&svc, PUT, "/api/v1/collective", Some(&mem), Some(json!({})))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        (&c["reminder_offsets_days"], &c["reminder_send_at"]),
        (&json!([7, 1]), &json!("07:00:00"))
    );
    let body = json!({"reminder_offsets_days": [1, 14, 3], "reminder_send_at": "06:30"});
    let (status, saved) = api(&svc, PUT, "/api/v1/collective", Some(&dir), Some(body)).await;
    assert_eq!(
        (
            status,
            &saved["reminder_offsets_days"],
            &saved["reminder_send_at"]
        ),
        (StatusCode::OK, &json!([14, 3, 1]), &json!("06:30:00")),
        "{saved}"
    );
    assert_eq!(
        api(&svc, PUT, "/api/v1/collective", Some(&dir), None)
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}
