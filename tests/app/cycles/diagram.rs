//! The aim, drivers and change ideas: their rules, their conflicts, and the whole driver
//! diagram as one tree.

use super::*;

#[actix_web::test]
async fn the_aim_is_checked_and_saved_from_the_version_read() {
    let w = world();
    let svc = w.app.service().await;
    let path = format!("/api/v1/teams/{}/aim", w.team_a);
    let (s, empty) = get(&svc, &path, &w.a).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!((&empty["id"], &empty["version"]), (&Value::Null, &json!(0)));
    let aim = |extra: Value| {
        let mut body = json!({"statement": "Every class discusses ideas", "version": 0});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let cases = [
        (json!({"statement": " "}), vec!["statement"]),
        (
            json!({"target_value": 3.0, "target_date": "2027-06-01"}),
            vec!["target_value", "target_date"],
        ),
        (
            json!({"target_measure_id": 9999}),
            vec!["target_measure_id"],
        ),
        (
            json!({"target_measure_id": w.other_team_measure}),
            vec!["target_measure_id"],
        ),
        (
            json!({"target_measure_id": w.shared_measure, "target_value": 5.0}),
            vec!["target_value"],
        ),
        (
            json!({"target_measure_id": w.shared_measure, "target_date": "June"}),
            vec!["target_date"],
        ),
    ];
    for (extra, expected) in cases {
        let (s, e) = put(&svc, &path, &w.a, aim(extra.clone())).await;
        assert_eq!((s, fields(&e)), refused(&expected), "{extra}");
    }
    let target = json!({"target_measure_id": w.shared_measure, "target_value": 3.0, "target_date": "2027-06-01"});
    let (s, saved) = put(&svc, &path, &w.a, aim(target.clone())).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    assert_eq!(
        (
            &saved["version"],
            &saved["target_date"],
            &saved["target_value"]
        ),
        (&json!(1), &json!("2027-06-01"), &json!(3.0))
    );
    // A second first save, from version 0, finds the aim written: 409 with it.
    let (s, e) = put(&svc, &path, &w.a2, aim(json!({"statement": "Mine"}))).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(e["current"]["statement"], "Every class discusses ideas");
    let mut next = aim(json!({"statement": "Every class discusses ideas daily"}));
    next["version"] = json!(1);
    let (s, saved) = put(&svc, &path, &w.a2, next).await;
    assert_eq!(
        (s, &saved["version"], &saved["target_measure_id"]),
        (StatusCode::OK, &json!(2), &Value::Null)
    );
    let (_, shown) = get(&svc, &path, &w.fac).await;
    assert_eq!(shown["statement"], "Every class discusses ideas daily");
}

#[actix_web::test]
async fn drivers_stay_two_levels_deep_within_one_team() {
    let w = world();
    let svc = w.app.service().await;
    let drivers = format!("/api/v1/teams/{}/drivers", w.team_a);
    let (_, primary) = post(&svc, &drivers, &w.a, json!({"title": "Classroom talk"})).await;
    let (s, secondary) = post(
        &svc,
        &drivers,
        &w.a,
        json!({"title": "Questioning", "parent_id": id(&primary)}),
    )
    .await;
    assert_eq!(
        (s, &secondary["parent_id"]),
        (StatusCode::CREATED, &json!(id(&primary)))
    );
    let (_, b_primary) = post(
        &svc,
        &format!("/api/v1/teams/{}/drivers", w.team_b),
        &w.b,
        json!({"title": "B's driver"}),
    )
    .await;
    for (body, field) in [
        (
            json!({"title": "Deeper", "parent_id": id(&secondary)}),
            "parent_id",
        ),
        (
            json!({"title": "Across", "parent_id": id(&b_primary)}),
            "parent_id",
        ),
        (
            json!({"title": "Nowhere", "parent_id": 99_999}),
            "parent_id",
        ),
        (json!({"title": ""}), "title"),
    ] {
        let (s, e) = post(&svc, &drivers, &w.a, body.clone()).await;
        assert_eq!((s, fields(&e)), refused(&[field]), "{body}");
    }
    let (_, other) = post(&svc, &drivers, &w.a, json!({"title": "Routines"})).await;
    // A primary with secondaries cannot go under another driver; a driver not under itself.
    let path = |d: &Value| format!("/api/v1/drivers/{}", id(d));
    let (s, e) = put(
        &svc,
        &path(&primary),
        &w.a,
        json!({"title": "Talk", "parent_id": id(&other), "version": 1}),
    )
    .await;
    assert_eq!((s, fields(&e)), refused(&["parent_id"]));
    let (s, e) = put(
        &svc,
        &path(&other),
        &w.a,
        json!({"title": "Routines", "parent_id": id(&other), "version": 1}),
    )
    .await;
    assert_eq!((s, fields(&e)), refused(&["parent_id"]));
    let (s, moved) = put(
        &svc,
        &path(&other),
        &w.a,
        json!({"title": "Class routines", "parent_id": id(&primary), "position": 5, "version": 1}),
    )
    .await;
    assert_eq!(
        (s, &moved["position"], &moved["title"], &moved["version"]),
        (
            StatusCode::OK,
            &json!(5),
            &json!("Class routines"),
            &json!(2)
        )
    );
    // A save from the version read before is refused with the driver as it is now.
    let (s, e) = put(
        &svc,
        &path(&other),
        &w.a,
        json!({"title": "Lost edit", "version": 1}),
    )
    .await;
    assert_eq!(
        (s, &e["current"]["title"], &e["current"]["version"]),
        (StatusCode::CONFLICT, &json!("Class routines"), &json!(2))
    );

    // A driver with secondaries or change ideas stays; an empty one goes.
    let (s, e) = call(&svc, Method::DELETE, &path(&primary), Some(&w.a), None).await;
    assert_eq!((s, fields(&e)), refused(&["id"]));
    post(
        &svc,
        &format!("/api/v1/teams/{}/change-ideas", w.team_a),
        &w.a,
        json!({"driver_id": id(&secondary), "title": "Wait time"}),
    )
    .await;
    let (s, _) = call(&svc, Method::DELETE, &path(&secondary), Some(&w.a), None).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = call(&svc, Method::DELETE, &path(&moved), Some(&w.a), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = call(&svc, Method::DELETE, &path(&moved), Some(&w.a), None).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn change_ideas_are_checked_and_their_stage_is_the_teams_call() {
    let w = world();
    let svc = w.app.service().await;
    let (driver, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let (b_driver, _) = idea_of(&svc, w.team_b, &w.b).await;
    let ideas = format!("/api/v1/teams/{}/change-ideas", w.team_a);
    for (body, field) in [
        (
            json!({"driver_id": b_driver, "title": "Borrowed"}),
            "driver_id",
        ),
        (json!({"driver_id": 99_999, "title": "Lost"}), "driver_id"),
        (json!({"driver_id": driver, "title": "  "}), "title"),
        (
            json!({"driver_id": driver, "title": "Odd", "stage": "piloting"}),
            "stage",
        ),
    ] {
        let (s, e) = post(&svc, &ideas, &w.a, body.clone()).await;
        assert_eq!((s, fields(&e)), refused(&[field]), "{body}");
    }
    let path = format!("/api/v1/change-ideas/{idea}");
    let (_, read) = get(&svc, &path, &w.a).await;
    assert_eq!(
        (&read["stage"], &read["version"], &read["cycle_count"]),
        (&json!("testing"), &json!(1), &json!(0))
    );
    let (s, spread) = put(
        &svc,
        &path,
        &w.a,
        json!({"driver_id": driver, "title": "Turn and talk", "stage": "spreading", "version": 1}),
    )
    .await;
    assert_eq!(
        (s, &spread["stage"], &spread["version"]),
        (StatusCode::OK, &json!("spreading"), &json!(2))
    );
    let (s, e) = put(
        &svc,
        &path,
        &w.a2,
        json!({"driver_id": driver, "title": "Turn & talk", "stage": "abandoned", "version": 1}),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        (&e["current"]["stage"], &e["current"]["version"]),
        (&json!("spreading"), &json!(2))
    );
    let (s, e) = put(
        &svc,
        &path,
        &w.a,
        json!({"driver_id": b_driver, "title": "Turn and talk", "version": 2}),
    )
    .await;
    assert_eq!((s, fields(&e)), refused(&["driver_id"]));
    let (_, list) = get(&svc, &ideas, &w.a).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["next"], Value::Null);
}

#[actix_web::test]
async fn the_driver_diagram_comes_whole_in_one_call() {
    let w = world();
    let svc = w.app.service().await;
    let drivers = format!("/api/v1/teams/{}/drivers", w.team_a);
    let ideas = format!("/api/v1/teams/{}/change-ideas", w.team_a);
    put(
        &svc,
        &format!("/api/v1/teams/{}/aim", w.team_a),
        &w.a,
        json!({"statement": "Every class talks", "version": 0}),
    )
    .await;
    let (_, talk) = post(&svc, &drivers, &w.a, json!({"title": "Talk"})).await;
    let (_, tasks) = post(&svc, &drivers, &w.a, json!({"title": "Tasks"})).await;
    let (_, questions) = post(
        &svc,
        &drivers,
        &w.a,
        json!({"title": "Questions", "parent_id": id(&talk)}),
    )
    .await;
    let (_, wait) = post(
        &svc,
        &ideas,
        &w.a,
        json!({"driver_id": id(&questions), "title": "Wait time"}),
    )
    .await;
    let (_, norms) = post(
        &svc,
        &ideas,
        &w.a,
        json!({"driver_id": id(&talk), "title": "Talk norms"}),
    )
    .await;
    let first = new_cycle(&svc, &w, id(&wait), &w.a).await;
    to_acting(&svc, &w.a, first, "adapt").await;
    new_cycle(&svc, &w, id(&wait), &w.a).await;

    let (s, tree) = get(
        &svc,
        &format!("/api/v1/teams/{}/driver-diagram", w.team_a),
        &w.b,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{tree}");
    assert_eq!(tree["aim"]["statement"], "Every class talks");
    let primaries = tree["primaries"].as_array().unwrap();
    let titles: Vec<&str> = primaries
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Talk", "Tasks"]);
    assert_eq!(primaries[0]["change_ideas"][0]["id"], json!(id(&norms)));
    assert_eq!(primaries[0]["change_ideas"][0]["cycle_count"], json!(0));
    let secondary = &primaries[0]["secondaries"][0];
    assert_eq!(secondary["title"], "Questions");
    let idea = &secondary["change_ideas"][0];
    assert_eq!(
        (
            &idea["title"],
            &idea["cycle_count"],
            &idea["latest_decision"]
        ),
        (&json!("Wait time"), &json!(2), &json!("adapt"))
    );
    assert_eq!(primaries[1]["id"], json!(id(&tasks)));
    assert_eq!(
        (&primaries[1]["secondaries"], &primaries[1]["change_ideas"]),
        (&json!([]), &json!([]))
    );
}
