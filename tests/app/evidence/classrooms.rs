//! Classrooms through the API: labels unique within a team and safe in CSV files, a school of
//! the team's district, a teacher on the team or a name, and no deleting a classroom with
//! observations.

use super::{Setup, fields, item, message};
use crate::support::api;
use actix_web::http::{Method, StatusCode};
use serde_json::{Value, json};

#[actix_web::test]
async fn classrooms_are_checked_field_by_field() {
    let s = Setup::new();
    let other_school = pdsa::models::district::School::ensure(
        &mut s.app.conn(),
        s.team_b.district_id,
        "Bramble Middle",
    )
    .unwrap()
    .id;
    let outsider = s
        .app
        .person(pdsa::domain::roles::GlobalRole::Member, "zed@else.org")
        .id;
    let svc = s.app.service().await;
    let path = s.a_path("classrooms");
    let post = |body: Value| api(&svc, Method::POST, &path, Some(&s.a), Some(body));

    let (status, body) = post(json!({"label": "Room 4, east"})).await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["label".to_string()])
    );
    let (_, body) = post(json!({"label": "ROOM 1"})).await;
    assert_eq!(
        message(&body, "label"),
        "another classroom of this team has this label"
    );
    let (_, body) =
        post(json!({"label": "Room 4", "school_id": other_school, "teacher_person_id": outsider}))
            .await;
    assert_eq!(fields(&body), ["school_id", "teacher_person_id"]);
    let (_, body) =
        post(json!({"label": "Room 4", "teacher_person_id": s.member_a, "teacher_name": "Ana"}))
            .await;
    assert_eq!(fields(&body), ["teacher_name"]);

    let good = json!({"label": " Room 4 ", "school_id": s.school_a, "teacher_name": "Mx. Lee", "subject": "Science", "grade": "8"});
    let (status, made) = post(good).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        (
            made["label"].as_str(),
            made["school_name"].as_str(),
            made["teacher_name"].as_str(),
            made["subject"].as_str()
        ),
        (
            Some("Room 4"),
            Some("Ashford High"),
            Some("Mx. Lee"),
            Some("Science")
        )
    );
    // Another team may use the same label.
    let b_path = format!("/api/v1/teams/{}/classrooms", s.team_b.id);
    assert_eq!(
        api(
            &svc,
            Method::POST,
            &b_path,
            Some(&s.b),
            Some(json!({"label": "Room 4"}))
        )
        .await
        .0,
        StatusCode::CREATED
    );

    let one = format!("/api/v1/classrooms/{}", made["id"]);
    let edit = json!({"label": "Room 4b", "teacher_person_id": s.member_a});
    for who in [&s.b, &s.fac] {
        assert_eq!(
            api(&svc, Method::PUT, &one, Some(who), Some(edit.clone()))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
    }
    let (status, saved) = api(&svc, Method::PUT, &one, Some(&s.dir), Some(edit)).await;
    assert_eq!(
        (status, saved["teacher_name"].as_str()),
        (StatusCode::OK, Some("ana"))
    );
    let (_, clash) = api(
        &svc,
        Method::PUT,
        &one,
        Some(&s.a),
        Some(json!({"label": "Room 1"})),
    )
    .await;
    assert_eq!(fields(&clash), ["label"]);
}

#[actix_web::test]
async fn a_classroom_with_observations_is_not_deleted() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let (_, spare) = api(
        &svc,
        Method::POST,
        &s.a_path("classrooms"),
        Some(&s.a),
        Some(json!({"label": "Spare"})),
    )
    .await;
    let (status, _) = api(
        &svc,
        Method::POST,
        &s.a_path("observations"),
        Some(&s.a),
        Some(item(&s, s.rubric, 1, json!(2))),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let room = format!("/api/v1/classrooms/{}", s.room);
    assert_eq!(
        api(&svc, Method::DELETE, &room, Some(&s.fac), None).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = api(&svc, Method::DELETE, &room, Some(&s.a), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(message(&body, "id").contains("1 observation"), "{body}");
    let spare = format!("/api/v1/classrooms/{}", spare["id"]);
    assert_eq!(
        api(&svc, Method::DELETE, &spare, Some(&s.a), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api(&svc, Method::GET, &spare, Some(&s.a), None).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api(&svc, Method::GET, &room, Some(&s.a), None).await.0,
        StatusCode::OK
    );
}
