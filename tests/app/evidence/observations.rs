//! Observations one at a time: values that fit each kind of measure, dates within the year and
//! not ahead, one value per classroom, measure and date, version conflicts and filters.

use super::{Setup, classroom, cycle, fields, item, message};
use crate::support::api;
use actix_web::http::{Method, StatusCode};
use pdsa::domain::measure::MeasureKind;
use serde_json::{Value, json};

#[actix_web::test]
async fn values_must_fit_each_kind_of_measure() {
    let s = Setup::new();
    let (count, yes_no) = (
        super::shared_measure(
            &s.app,
            &s.year,
            "Questions",
            super::plain(MeasureKind::Count),
        ),
        super::shared_measure(
            &s.app,
            &s.year,
            "Exit ticket",
            super::plain(MeasureKind::YesNo),
        ),
    );
    let svc = s.app.service().await;
    let path = s.a_path("observations");
    let cases = [
        (s.rubric, json!(3), true),
        (s.rubric, json!(5), false),
        (s.rubric, json!(2.5), false),
        (s.rubric, json!(0), false),
        (s.percent, json!(62.5), true),
        (s.percent, json!(100.5), false),
        (s.percent, json!(-1), false),
        (count, json!(12), true),
        (count, json!(1.5), false),
        (count, json!(-2), false),
        (yes_no, json!(1), true),
        (yes_no, json!("no"), true),
        (yes_no, json!(0.5), false),
        (yes_no, json!("maybe"), false),
        (s.rubric, Value::Null, false),
    ];
    for (i, (measure, value, ok)) in cases.into_iter().enumerate() {
        let body = item(&s, measure, i as i64 + 1, value.clone());
        let (status, res) = api(&svc, Method::POST, &path, Some(&s.a), Some(body)).await;
        if ok {
            assert_eq!(status, StatusCode::CREATED, "{value}: {res}");
        } else {
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{value}: {res}");
            assert_eq!(fields(&res), ["value"], "{value}");
        }
    }
    let (_, res) = api(
        &svc,
        Method::POST,
        &path,
        Some(&s.a),
        Some(item(&s, s.rubric, 30, json!(9))),
    )
    .await;
    assert_eq!(message(&res, "value"), "must be a whole number from 1 to 4");
    let (_, list) = api(&svc, Method::GET, &path, Some(&s.a), None).await;
    let values: Vec<f64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, [3.0, 62.5, 12.0, 1.0, 0.0]);
}

#[actix_web::test]
async fn dates_fall_in_the_program_year_and_never_ahead() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let path = s.a_path("observations");
    let post = |back: i64| {
        api(
            &svc,
            Method::POST,
            &path,
            Some(&s.a),
            Some(item(&s, s.rubric, back, json!(2))),
        )
    };
    let (status, body) = post(-1).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message(&body, "date"), "cannot be in the future");
    let (status, body) = post(250).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        message(&body, "date").starts_with("must fall in the program year"),
        "{body}"
    );
    let bad =
        json!({"date": "2026-13-01", "classroom_id": s.room, "measure_id": s.rubric, "value": 2});
    let (status, body) = api(&svc, Method::POST, &path, Some(&s.a), Some(bad)).await;
    assert_eq!(
        (status, message(&body, "date")),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "must be a date (YYYY-MM-DD)".into()
        )
    );
    assert_eq!(post(0).await.0, StatusCode::CREATED, "today is fine");
    assert_eq!(
        post(200).await.0,
        StatusCode::CREATED,
        "the year's first day is fine"
    );
    assert_eq!(s.observation_count(), 2);
}

#[actix_web::test]
async fn one_value_per_classroom_measure_and_date_and_only_the_teams_own_things() {
    let s = Setup::new();
    let other_room = classroom(&s.app, &s.team_b, "B1", None, None);
    let other_cycle = cycle(&s.app, &s.team_b, "B's cycle", s.today);
    let own_cycle = cycle(&s.app, &s.team_a, "A's cycle", s.today);
    let svc = s.app.service().await;
    let path = s.a_path("observations");
    let first = item(&s, s.rubric, 3, json!(2));
    assert_eq!(
        api(&svc, Method::POST, &path, Some(&s.a), Some(first.clone()))
            .await
            .0,
        StatusCode::CREATED
    );
    let (status, body) = api(&svc, Method::POST, &path, Some(&s.a), Some(first)).await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["date".to_string()])
    );

    let wrong = json!({"date": s.day(4), "classroom_id": other_room, "measure_id": 99999, "value": 2, "cycle_id": other_cycle});
    let (status, body) = api(&svc, Method::POST, &path, Some(&s.a), Some(wrong)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["classroom_id", "measure_id", "cycle_id"]);
    let (status, body) = api(
        &svc,
        Method::POST,
        &path,
        Some(&s.a),
        Some(json!({"date": s.day(4), "value": 2})),
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["classroom_id".to_string(), "measure_id".to_string()]
        )
    );

    let named = json!({"date": s.day(4), "classroom": "room 1", "measure": "DISCOURSE", "value": "4",
                       "cycle_id": own_cycle, "note": " lively "});
    let (status, body) = api(&svc, Method::POST, &path, Some(&s.a), Some(named)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        (
            body["classroom_id"].as_i64(),
            body["measure_id"].as_i64(),
            body["cycle_id"].as_i64()
        ),
        (
            Some(s.room.into()),
            Some(s.rubric.into()),
            Some(own_cycle.into())
        )
    );
    assert_eq!(
        (body["note"].as_str(), body["observer_person_id"].as_i64()),
        (Some("lively"), Some(s.member_a.into()))
    );
    assert_eq!(body["version"], 1);
}

#[actix_web::test]
async fn a_stale_edit_gets_409_with_the_current_record() {
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
    let one = format!("/api/v1/observations/{}", made["id"]);
    let mut edit = item(&s, s.rubric, 2, json!(3));
    edit["version"] = json!(1);
    // The recorder saves first; the director's save from the same version is then stale (a
    // teacher may change only what they recorded, so the stale writer is the director).
    let (status, saved) = api(&svc, Method::PUT, &one, Some(&s.a), Some(edit.clone())).await;
    assert_eq!(
        (status, saved["version"].as_i64(), saved["value"].as_f64()),
        (StatusCode::OK, Some(2), Some(3.0))
    );
    edit["value"] = json!(4);
    let (status, body) = api(&svc, Method::PUT, &one, Some(&s.dir), Some(edit)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["current"]["version"], 2);
    assert_eq!(body["current"]["value"], 3.0);
    assert_eq!(body["current"]["id"], made["id"]);
    let (_, shown) = api(&svc, Method::GET, &one, Some(&s.a), None).await;
    assert_eq!(shown["value"], 3.0, "the stale save changed nothing");
    let mut fresh = item(&s, s.rubric, 2, json!(9));
    fresh["version"] = json!(2);
    let (status, body) = api(&svc, Method::PUT, &one, Some(&s.a), Some(fresh)).await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["value".to_string()])
    );
    assert_eq!(
        api(
            &svc,
            Method::PUT,
            &one,
            Some(&s.a),
            Some(json!({"version": 2}))
        )
        .await
        .0,
        StatusCode::BAD_REQUEST
    );
}

#[actix_web::test]
async fn lists_filter_and_page() {
    let s = Setup::new();
    let room2 = classroom(&s.app, &s.team_a, "Room 2", None, None);
    let c = cycle(&s.app, &s.team_a, "Cycle", s.today);
    let svc = s.app.service().await;
    let path = s.a_path("observations");
    for (room, measure, back, value) in [
        (s.room, s.rubric, 10, 2),
        (room2, s.rubric, 10, 3),
        (s.room, s.percent, 5, 50),
        (room2, s.rubric, 1, 4),
    ] {
        let mut body = json!({"date": s.day(back), "classroom_id": room, "measure_id": measure, "value": value});
        if back == 1 {
            body["cycle_id"] = json!(c);
        }
        assert_eq!(
            api(&svc, Method::POST, &path, Some(&s.a), Some(body))
                .await
                .0,
            StatusCode::CREATED
        );
    }
    let count = |q: String| {
        let svc = &svc;
        let (path, token) = (format!("{path}?{q}"), s.a.clone());
        async move {
            let (status, body) = api(svc, Method::GET, &path, Some(&token), None).await;
            assert_eq!(status, StatusCode::OK, "{q}: {body}");
            body["items"].as_array().unwrap().len()
        }
    };
    assert_eq!(count(format!("measure={}", s.rubric)).await, 3);
    assert_eq!(count(format!("classroom={room2}")).await, 2);
    assert_eq!(count(format!("from={}&to={}", s.day(6), s.day(2))).await, 1);
    assert_eq!(count(format!("cycle={c}")).await, 1);
    assert_eq!(
        count(format!("measure={}&classroom={}", s.rubric, s.room)).await,
        1
    );
    let (_, first) = api(
        &svc,
        Method::GET,
        &format!("{path}?limit=3"),
        Some(&s.a),
        None,
    )
    .await;
    let next = first["next"].as_str().unwrap().to_string();
    let (_, rest) = api(
        &svc,
        Method::GET,
        &format!("{path}?limit=3&after={next}"),
        Some(&s.a),
        None,
    )
    .await;
    assert_eq!(
        (rest["items"].as_array().unwrap().len(), &rest["next"]),
        (1, &Value::Null)
    );
    let (status, body) = api(
        &svc,
        Method::GET,
        &format!("{path}?from=yesterday&cycle=x"),
        Some(&s.a),
        None,
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["cycle".to_string(), "from".to_string()]
        )
    );
}
