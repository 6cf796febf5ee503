//! Convenings: agendas, readings, attendance, stale versions, and who may do what.

use super::{DELETE, GET, POST, PUT, bearer, convening, d, field, year_with};
use crate::fixtures::{join, team};
use crate::support::{TestApp, api};
use actix_web::http::StatusCode;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use serde_json::json;

#[actix_web::test]
async fn agendas_fit_the_day_and_readings_have_web_links() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let mem = bearer(&app, GlobalRole::Member, "mem@example.org");
    let (year, ids) = year_with(&app, 2030, &["Alpha"]);
    let c = convening(&app, &year, 1, d(2030, 10, 8), ids[0]);
    let svc = app.service().await;
    let agenda = format!("/api/v1/convenings/{}/agenda", c.id);
    let item = |start: &str, minutes: i32| json!({"start_time": start, "minutes": minutes, "title": "Learning", "kind": "new_learning"});
    let (status, made) = api(&svc, POST, &agenda, Some(&dir), Some(item("09:00", 60))).await;
    assert_eq!(
        (status, &made["start_time"]),
        (StatusCode::CREATED, &json!("09:00:00")),
        "{made}"
    );
    for (body, want) in [
        (item("09:30:00", 30), "start_time"),
        (item("16:00", 10), "start_time"),
        (item("08:00", 10), "start_time"),
        (item("15:00", 60), "minutes"),
        (
            json!({"start_time": "11:00", "minutes": 10, "title": "x", "kind": "party"}),
            "kind",
        ),
        (
            json!({"start_time": "11:00", "minutes": 10, "title": " "}),
            "title",
        ),
    ] {
        let (status, err) = api(&svc, POST, &agenda, Some(&dir), Some(body.clone())).await;
        assert_eq!(
            (status, field(&err)),
            (StatusCode::UNPROCESSABLE_ENTITY, want),
            "{body}"
        );
    }
    assert_eq!(
        api(&svc, POST, &agenda, Some(&mem), Some(item("11:00", 10)))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, list) = api(&svc, GET, &agenda, Some(&mem), None).await;
    assert_eq!(
        (status, list["items"].as_array().unwrap().len()),
        (StatusCode::OK, 1)
    );
    let item_path = format!("{agenda}/{}", made["id"]);
    assert_eq!(
        api(&svc, DELETE, &item_path, Some(&mem), None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, DELETE, &item_path, Some(&dir), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api(&svc, DELETE, &item_path, Some(&dir), None).await.0,
        StatusCode::NOT_FOUND
    );

    let readings = format!("/api/v1/convenings/{}/readings", c.id);
    let (status, r) = api(
        &svc,
        POST,
        &readings,
        Some(&dir),
        Some(json!({"title": "Routines", "url": "http://example.org/r"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let (status, _) = api(
        &svc,
        POST,
        &readings,
        Some(&dir),
        Some(json!({"title": "Chapter 2", "note": "bring a copy"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    for (body, want) in [
        (json!({"title": "Routines"}), "title"),
        (json!({"title": "x", "url": "ftp://example.org"}), "url"),
        (json!({"title": ""}), "title"),
    ] {
        let (status, err) = api(&svc, POST, &readings, Some(&dir), Some(body)).await;
        assert_eq!(
            (status, field(&err)),
            (StatusCode::UNPROCESSABLE_ENTITY, want)
        );
    }
    let (_, detail) = api(
        &svc,
        GET,
        &format!("/api/v1/convenings/{}", c.id),
        Some(&mem),
        None,
    )
    .await;
    assert_eq!(
        (
            detail["readings"].as_array().unwrap().len(),
            &detail["host_name"]
        ),
        (2, &json!("Alpha"))
    );
    let gone = format!("{readings}/{}", r["id"]);
    assert_eq!(
        api(&svc, DELETE, &gone, Some(&dir), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api(
            &svc,
            GET,
            "/api/v1/convenings/999/readings",
            Some(&mem),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn people_answer_for_themselves_and_directors_record_attendance() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let fac = bearer(&app, GlobalRole::Facilitator, "fac@example.org");
    let teacher = app.person(GlobalRole::Member, "teacher@example.org");
    let stranger = bearer(&app, GlobalRole::Member, "stranger@example.org");
    let other = app.person(GlobalRole::Member, "other@example.org");
    let (year, ids) = year_with(&app, 2030, &["Alpha"]);
    let alpha = team(&app, &year, ids[0], "Alpha team");
    join(&app, &alpha, teacher.id, TeamRole::Teacher, None);
    let c = convening(&app, &year, 1, d(2030, 10, 8), ids[0]);
    pdsa::models::convening::Attendance::invite(&mut app.conn(), c.id, other.id).unwrap();
    let tok = app.token(teacher.id);
    let svc = app.service().await;
    let rsvp = format!("/api/v1/convenings/{}/rsvp", c.id);
    let (status, line) = api(
        &svc,
        PUT,
        &rsvp,
        Some(&tok),
        Some(json!({"status": "attending"})),
    )
    .await;
    assert_eq!(
        (status, &line["status"]),
        (StatusCode::OK, &json!("attending")),
        "{line}"
    );
    let (status, err) = api(
        &svc,
        PUT,
        &rsvp,
        Some(&tok),
        Some(json!({"status": "attended"})),
    )
    .await;
    assert_eq!(
        (status, field(&err)),
        (StatusCode::UNPROCESSABLE_ENTITY, "status")
    );
    let (status, _) = api(
        &svc,
        PUT,
        &rsvp,
        Some(&stranger),
        Some(json!({"status": "attending"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not invited, on no team");
    let (status, _) = api(
        &svc,
        PUT,
        &rsvp,
        Some(&fac),
        Some(json!({"status": "not_attending"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the facilitation team answers too");
    assert_eq!(
        api(&svc, PUT, &rsvp, Some(&stranger), Some(json!("garbage")))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let record = format!("/api/v1/convenings/{}/attendance/{}", c.id, other.id);
    assert_eq!(
        api(
            &svc,
            PUT,
            &record,
            Some(&tok),
            Some(json!({"status": "attended"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, rec) = api(
        &svc,
        PUT,
        &record,
        Some(&dir),
        Some(json!({"status": "attended"})),
    )
    .await;
    assert_eq!(
        (status, &rec["status"]),
        (StatusCode::OK, &json!("attended"))
    );
    let missing = format!("/api/v1/convenings/{}/attendance/999", c.id);
    assert_eq!(
        api(
            &svc,
            PUT,
            &missing,
            Some(&dir),
            Some(json!({"status": "absent"}))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let attendance = format!("/api/v1/convenings/{}/attendance", c.id);
    let (_, mine) = api(&svc, GET, &attendance, Some(&tok), None).await;
    assert_eq!(
        (mine["items"].as_array().unwrap().len(), &mine["my_status"]),
        (1, &json!("attending"))
    );
    assert_eq!(
        mine["head_count"],
        json!({"attending": 2, "not_answered": 0})
    );
    let (_, all) = api(&svc, GET, &attendance, Some(&fac), None).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
}

#[actix_web::test]
async fn a_stale_convening_version_is_a_conflict_with_the_current_record() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let (year, ids) = year_with(&app, 2030, &["Alpha"]);
    let c = convening(&app, &year, 1, d(2030, 10, 8), ids[0]);
    let svc = app.service().await;
    let path = format!("/api/v1/convenings/{}", c.id);
    let body = |version: i32, venue: &str| json!({"version": version, "number": 1, "date": "2030-10-09", "host_district_id": ids[0], "venue": venue});
    let (status, saved) = api(
        &svc,
        PUT,
        &path,
        Some(&dir),
        Some(body(c.version, "Library")),
    )
    .await;
    assert_eq!(
        (status, &saved["venue"], &saved["start_time"]),
        (StatusCode::OK, &json!("Library"), &json!("09:00:00")),
        "{saved}"
    );
    assert_eq!(saved["version"].as_i64(), Some(i64::from(c.version) + 1));
    let (status, conflict) = api(&svc, PUT, &path, Some(&dir), Some(body(c.version, "Gym"))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(conflict["current"]["venue"], "Library");
    let (status, _) = api(&svc, PUT, &path, Some(&dir), Some(json!({"number": 1}))).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "missing version and fields"
    );
    let (status, bad) = api(&svc, PUT, &path, Some(&dir), Some(json!({"version": c.version + 1, "number": 1, "date": "2030-10-09", "host_district_id": ids[0], "close_time": "08:00"}))).await;
    assert_eq!(
        (status, field(&bad)),
        (StatusCode::UNPROCESSABLE_ENTITY, "close_time")
    );
    assert_eq!(
        api(
            &svc,
            PUT,
            "/api/v1/convenings/999",
            Some(&dir),
            Some(body(1, "x"))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn members_cannot_manage_and_anonymous_callers_get_401() {
    let app = TestApp::new();
    let mem = bearer(&app, GlobalRole::Member, "mem@example.org");
    let (year, ids) = year_with(&app, 2030, &["Alpha"]);
    let c = convening(&app, &year, 1, d(2030, 10, 8), ids[0]);
    let svc = app.service().await;
    let y = year.id;
    for path in [
        "/api/v1/program-years".to_string(),
        format!("/api/v1/program-years/{y}/memberships"),
        format!("/api/v1/program-years/{y}/convenings"),
        format!("/api/v1/program-years/{y}/plan"),
        format!("/api/v1/program-years/{y}/next"),
        format!("/api/v1/convenings/{}/readings", c.id),
    ] {
        let (status, _) = api(
            &svc,
            POST,
            &path,
            Some(&mem),
            Some(json!("not the right shape")),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{path}: permission before the body"
        );
        let (status, body) = api(&svc, POST, &path, None, Some(json!({}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(body["errors"].is_array());
    }
    assert_eq!(
        api(
            &svc,
            GET,
            &format!("/api/v1/program-years/{y}/plan"),
            Some(&mem),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    for path in [
        format!("/api/v1/program-years/{y}/convenings"),
        format!("/api/v1/convenings/{}", c.id),
    ] {
        assert_eq!(
            api(&svc, GET, &path, Some(&mem), None).await.0,
            StatusCode::OK,
            "{path}"
        );
        assert_eq!(
            api(&svc, GET, &path, None, None).await.0,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    assert_eq!(
        api(&svc, GET, "/api/v1/convenings/999", Some(&mem), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}
