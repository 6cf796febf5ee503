//! Measures through the API: the rules of each kind and a rubric's levels, names unique among
//! what a team sees, kind and scale fixed once observations exist, and who manages which.

use super::{Setup, fields, item, message};
use crate::support::api;
use actix_web::http::{Method, StatusCode};
use serde_json::{Value, json};

fn rubric(name: &str, levels: Value) -> Value {
    json!({"name": name, "kind": "rubric", "scale_min": 1, "scale_max": 3, "levels": levels})
}

#[actix_web::test]
async fn a_rubric_needs_one_descriptor_per_level_of_its_scale() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let path = s.a_path("measures");
    let post = |body: Value| api(&svc, Method::POST, &path, Some(&s.a), Some(body));

    let missing = rubric(
        "Talk",
        json!([{"level": 1, "descriptor": "a"}, {"level": 2, "descriptor": "b"}]),
    );
    let (status, body) = post(missing).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(message(&body, "levels"), "level 3 needs a descriptor");

    let bad = rubric(
        "Talk",
        json!([{"level": 1, "descriptor": "a"}, {"level": 2, "descriptor": " "},
               {"level": 3, "descriptor": "c"}, {"level": 7, "descriptor": "d"}]),
    );
    let (status, body) = post(bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["levels[1].descriptor", "levels[3].level"]);

    let (status, body) =
        post(json!({"name": "Talk", "kind": "rubric", "scale_min": 3, "scale_max": 3})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fields(&body).contains(&"scale_max".to_string()));

    let good = rubric(
        " Talk moves ",
        json!([{"level": 3, "descriptor": "students build on each other"},
               {"level": 1, "descriptor": "teacher talk only"}, {"level": 2, "descriptor": "some"}]),
    );
    let (status, body) = post(good).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["name"], "Talk moves");
    assert_eq!(body["team_id"], s.team_a.id);
    assert_eq!(body["program_year_id"], s.year.id);
    let levels: Vec<i64> = body["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["level"].as_i64().unwrap())
        .collect();
    assert_eq!(levels, [1, 2, 3]);
    assert_eq!(body["levels"][0]["descriptor"], "teacher talk only");
}

#[actix_web::test]
async fn other_kinds_take_no_scale_or_levels_and_unknown_kinds_are_refused() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let path = s.a_path("measures");
    let post = |body: Value| api(&svc, Method::POST, &path, Some(&s.a), Some(body));

    let (status, body) =
        post(json!({"name": "Hands", "kind": "percent", "scale_min": 0, "scale_max": 100})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["scale_min"]);
    let (status, body) = post(
        json!({"name": "Hands", "kind": "count", "levels": [{"level": 1, "descriptor": "x"}]}),
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["levels".to_string()])
    );
    let (status, body) = post(json!({"name": "Hands", "kind": "scale"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["kind"]);
    assert!(message(&body, "kind").contains("yes_no"));
    let (status, body) = post(json!({"name": "  ", "kind": "count"})).await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["name".to_string()])
    );

    for kind in ["percent", "count", "yes_no"] {
        let (status, body) =
            post(json!({"name": format!("M {kind}"), "kind": kind, "higher_is_better": false}))
                .await;
        assert_eq!(status, StatusCode::CREATED, "{kind}: {body}");
        assert_eq!(body["kind"], kind);
        assert_eq!(body["higher_is_better"], false);
        assert_eq!(body["levels"], json!([]));
    }
}

#[actix_web::test]
async fn names_are_unique_among_what_a_team_sees() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let path = s.a_path("measures");
    let own = json!({"name": "Wait time", "kind": "count"});
    assert_eq!(
        api(&svc, Method::POST, &path, Some(&s.a), Some(own.clone()))
            .await
            .0,
        StatusCode::CREATED
    );
    let (status, body) = api(
        &svc,
        Method::POST,
        &path,
        Some(&s.a),
        Some(json!({"name": "WAIT TIME", "kind": "count"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        message(&body, "name"),
        "a measure with this name exists already"
    );
    // The year's shared "Discourse" is taken for team measures too…
    let (status, body) = api(
        &svc,
        Method::POST,
        &path,
        Some(&s.a),
        Some(json!({"name": "discourse", "kind": "count"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&body), ["name"]);
    // …while another team may have its own "Wait time".
    let other = format!("/api/v1/teams/{}/measures", s.team_b.id);
    assert_eq!(
        api(&svc, Method::POST, &other, Some(&s.b), Some(own))
            .await
            .0,
        StatusCode::CREATED
    );
    // A shared measure cannot take a name a team uses this year.
    let shared = format!("/api/v1/program-years/{}/measures", s.year.id);
    let (status, body) = api(
        &svc,
        Method::POST,
        &shared,
        Some(&s.dir),
        Some(json!({"name": "Wait time", "kind": "count"})),
    )
    .await;
    assert_eq!(
        (status, fields(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["name".to_string()])
    );
}

#[actix_web::test]
async fn shared_measures_are_the_directors_and_team_lists_add_the_teams_own() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let shared = format!("/api/v1/program-years/{}/measures", s.year.id);
    let body = json!({"name": "Exit ticket", "kind": "percent"});
    for who in [&s.a, &s.fac] {
        assert_eq!(
            api(&svc, Method::POST, &shared, Some(who), Some(body.clone()))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        api(&svc, Method::POST, &shared, None, Some(body.clone()))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let (status, made) = api(&svc, Method::POST, &shared, Some(&s.dir), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(made["team_id"], Value::Null);
    let (_, list) = api(&svc, Method::GET, &shared, Some(&s.b), None).await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Discourse", "Exit ticket", "On task"]);

    let own = json!({"name": "Cold calls", "kind": "count"});
    api(
        &svc,
        Method::POST,
        &s.a_path("measures"),
        Some(&s.a),
        Some(own),
    )
    .await;
    let (_, a_list) = api(&svc, Method::GET, &s.a_path("measures"), Some(&s.a), None).await;
    assert_eq!(a_list["items"].as_array().unwrap().len(), 4);
    let b_path = format!("/api/v1/teams/{}/measures", s.team_b.id);
    let (_, b_list) = api(&svc, Method::GET, &b_path, Some(&s.b), None).await;
    assert_eq!(
        b_list["items"].as_array().unwrap().len(),
        3,
        "team A's own is not team B's"
    );
    // A shared measure is edited by directors only.
    let one = format!("/api/v1/measures/{}", s.percent);
    let edit = json!({"name": "On task (%)", "kind": "percent", "version": 1});
    assert_eq!(
        api(&svc, Method::PUT, &one, Some(&s.a), Some(edit.clone()))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, body) = api(&svc, Method::PUT, &one, Some(&s.dir), Some(edit)).await;
    assert_eq!(
        (status, body["name"].as_str()),
        (StatusCode::OK, Some("On task (%)"))
    );
}

#[actix_web::test]
async fn a_measure_with_observations_keeps_its_kind_and_scale() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let (status, _) = api(
        &svc,
        Method::POST,
        &s.a_path("observations"),
        Some(&s.a),
        Some(item(&s, s.rubric, 1, json!(3))),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let one = format!("/api/v1/measures/{}", s.rubric);
    let levels = json!([{"level": 1, "descriptor": "a"}, {"level": 2, "descriptor": "b"}, {"level": 3, "descriptor": "c"}]);
    let body = json!({"name": "Discourse", "kind": "rubric", "scale_min": 1, "scale_max": 3, "levels": levels, "version": 1});
    let (status, err) = api(&svc, Method::PUT, &one, Some(&s.dir), Some(body)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&err), ["scale_max"]);
    let (status, err) = api(
        &svc,
        Method::PUT,
        &one,
        Some(&s.dir),
        Some(json!({"name": "Discourse", "kind": "count", "version": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fields(&err).contains(&"kind".to_string()));
    let levels: Vec<Value> = (1..=4)
        .map(|l| json!({"level": l, "descriptor": format!("new {l}")}))
        .collect();
    let rename = json!({"name": "Student discourse", "kind": "rubric", "scale_min": 1, "scale_max": 4, "levels": levels, "version": 1});
    let (status, ok) = api(&svc, Method::PUT, &one, Some(&s.dir), Some(rename.clone())).await;
    assert_eq!(status, StatusCode::OK, "{ok}");
    assert_eq!(
        (&ok["levels"][3]["descriptor"], &ok["version"]),
        (&json!("new 4"), &json!(2))
    );
    // The same save again, from the version read before it: refused, nothing replaced.
    let (status, err) = api(&svc, Method::PUT, &one, Some(&s.dir), Some(rename)).await;
    assert_eq!(
        (status, &err["current"]["version"]),
        (StatusCode::CONFLICT, &json!(2))
    );
    let (_, shown) = api(&svc, Method::GET, &one, Some(&s.b), None).await;
    assert_eq!(shown["name"], "Student discourse");
}

#[actix_web::test]
async fn a_teams_own_measure_is_read_like_its_evidence_and_changed_by_its_members() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let (_, made) = api(
        &svc,
        Method::POST,
        &s.a_path("measures"),
        Some(&s.a),
        Some(json!({"name": "Hands up", "kind": "count"})),
    )
    .await;
    let one = format!("/api/v1/measures/{}", made["id"]);
    let edit = json!({"name": "Hands", "kind": "count", "version": 1});
    for who in [&s.b, &s.fac] {
        assert_eq!(
            api(&svc, Method::PUT, &one, Some(who), Some(edit.clone()))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        api(&svc, Method::PUT, &one, Some(&s.a), Some(edit)).await.0,
        StatusCode::OK
    );
    assert_eq!(
        api(&svc, Method::GET, &one, Some(&s.b), None).await.0,
        StatusCode::OK
    );
    s.share(false);
    assert_eq!(
        api(&svc, Method::GET, &one, Some(&s.b), None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, Method::GET, &s.a_path("measures"), Some(&s.b), None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, Method::GET, &one, Some(&s.fac), None).await.0,
        StatusCode::OK
    );
    let shared = format!("/api/v1/measures/{}", s.rubric);
    assert_eq!(
        api(&svc, Method::GET, &shared, Some(&s.b), None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            "/api/v1/measures/99999",
            Some(&s.a),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}
