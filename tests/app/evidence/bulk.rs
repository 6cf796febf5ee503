//! Bulk observations: all or nothing, every problem named `items[i].field`, an existing value
//! refused unless `replace`, which keeps its id and bumps its version.

use super::{Setup, fields, item, message};
use crate::support::api;
use actix_web::http::{Method, StatusCode};
use serde_json::json;

#[actix_web::test]
async fn one_bad_item_records_nothing_and_every_problem_is_named() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let path = s.a_path("observations/bulk");
    let body = json!({"items": [
        item(&s, s.rubric, 1, json!(3)),
        item(&s, s.rubric, 2, json!(7)),
        {"date": s.day(3), "classroom": "Room 99", "measure": "Discourse", "value": 2},
        {"date": s.day(-2), "classroom": "Room 1", "measure": "Nope", "value": 2},
        item(&s, s.rubric, 1, json!(2)),
    ]});
    let (status, res) = api(&svc, Method::POST, &path, Some(&s.a), Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&res),
        [
            "items[1].value",
            "items[2].classroom",
            "items[3].date",
            "items[3].measure",
            "items[4].date"
        ]
    );
    assert_eq!(
        message(&res, "items[2].classroom"),
        "\"Room 99\" is not the label of a classroom of this team"
    );
    assert!(message(&res, "items[4].date").starts_with("repeats items[0]"));
    assert_eq!(s.observation_count(), 0);

    let (status, res) = api(
        &svc,
        Method::POST,
        &path,
        Some(&s.a),
        Some(json!({"items": [{"date": 5}, item(&s, s.rubric, 1, json!(3))]})),
    )
    .await;
    assert_eq!(
        (status, fields(&res)),
        (StatusCode::BAD_REQUEST, vec!["items[0]".to_string()])
    );
    assert_eq!(s.observation_count(), 0);
}

#[actix_web::test]
async fn a_good_set_is_recorded_by_labels_and_names() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let path = s.a_path("observations/bulk");
    let body = json!({"items": [
        {"date": s.day(1), "classroom": "ROOM 1", "measure": "discourse", "value": 3, "note": "ok"},
        {"date": s.day(1), "classroom_id": s.room, "measure": "On task", "value": "72.5"},
    ]});
    let (status, res) = api(&svc, Method::POST, &path, Some(&s.a), Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{res}");
    assert_eq!(res, json!({"imported": 2, "replaced": 0}));
    let (_, list) = api(
        &svc,
        Method::GET,
        &s.a_path("observations"),
        Some(&s.a),
        None,
    )
    .await;
    assert_eq!(list["items"][1]["value"], 72.5);
    assert_eq!(list["items"][0]["observer_person_id"], s.member_a);
    assert_eq!(
        api(
            &svc,
            Method::POST,
            &path,
            Some(&s.a),
            Some(json!({"items": []}))
        )
        .await
        .0,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn an_existing_value_is_an_error_unless_replace_which_keeps_its_id() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let (_, made) = api(
        &svc,
        Method::POST,
        &s.a_path("observations"),
        Some(&s.a),
        Some(item(&s, s.rubric, 2, json!(2))),
    )
    .await;
    let path = s.a_path("observations/bulk");
    let items = json!([
        item(&s, s.rubric, 2, json!(4)),
        item(&s, s.rubric, 3, json!(1))
    ]);
    let (status, res) = api(
        &svc,
        Method::POST,
        &path,
        Some(&s.dir),
        Some(json!({"items": items})),
    )
    .await;
    assert_eq!(
        (status, fields(&res)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["items[0].date".to_string()]
        )
    );
    assert!(message(&res, "items[0].date").contains("Room 1 already has a value of Discourse"));
    assert_eq!(s.observation_count(), 1);

    let (status, res) = api(
        &svc,
        Method::POST,
        &path,
        Some(&s.dir),
        Some(json!({"items": items, "replace": true})),
    )
    .await;
    assert_eq!(
        (status, res),
        (StatusCode::OK, json!({"imported": 2, "replaced": 1}))
    );
    let (_, again) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/observations/{}", made["id"]),
        Some(&s.a),
        None,
    )
    .await;
    assert_eq!(
        (again["value"].as_f64(), again["version"].as_i64()),
        (Some(4.0), Some(2))
    );
    assert_eq!(s.observation_count(), 2);
}

#[actix_web::test]
async fn only_the_team_and_directors_record_in_bulk() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let path = s.a_path("observations/bulk");
    let body = json!({"items": [item(&s, s.rubric, 1, json!(3))]});
    for who in [&s.b, &s.fac] {
        assert_eq!(
            api(&svc, Method::POST, &path, Some(who), Some(body.clone()))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        api(&svc, Method::POST, &path, None, Some(body.clone()))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let missing = "/api/v1/teams/99999/observations/bulk";
    assert_eq!(
        api(&svc, Method::POST, missing, Some(&s.dir), Some(body))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(s.observation_count(), 0);
}
