//! Writing a cycle: validation of every field, parts that open as the cycle moves on, the
//! "small and rapid" warning, and conflicts on a stale version.

use super::*;

#[actix_web::test]
async fn a_new_cycles_fields_are_each_checked() {
    let w = world();
    let svc = w.app.service().await;
    let (_, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let path = format!("/api/v1/change-ideas/{idea}/cycles");
    let cases = [
        (json!({"title": "  "}), vec!["title"]),
        (
            json!({"planned_start": "2026-10-20", "planned_end": "2026-10-05"}),
            vec!["planned_end"],
        ),
        (json!({"planned_start": "20 Oct"}), vec!["planned_start"]),
        (json!({"measure_ids": [9999]}), vec!["measure_ids[0]"]),
        (
            json!({"measure_ids": [w.shared_measure, w.other_team_measure]}),
            vec!["measure_ids[1]"],
        ),
        (
            json!({"measure_ids": [w.own_measure, w.own_measure]}),
            vec!["measure_ids[1]"],
        ),
        (
            json!({"questions": [{"question": "ok", "prediction": "p"}, {"question": " ", "prediction": "p"}]}),
            vec!["questions[1].question"],
        ),
        (
            json!({"questions": [{"question": "q", "prediction": "p", "result": "early"}]}),
            vec!["questions[0].result"],
        ),
        (json!({"objective": "x".repeat(5001)}), vec!["objective"]),
    ];
    for (change, expected) in cases {
        let mut body = plan(&w, "Turn and talk", "2026-10-05", "2026-10-23");
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (s, e) = post(&svc, &path, &w.a, body).await;
        assert_eq!((s, fields(&e)), refused(&expected), "{change}");
    }
    let (s, e) = post(&svc, &path, &w.a, json!({"planned_start": "2026-10-05"})).await;
    assert_eq!(
        (s, fields(&e)),
        (StatusCode::BAD_REQUEST, vec!["title".to_string()])
    );
    let (_, ramp) = get(&svc, &path, &w.a).await;
    assert_eq!(ramp["items"], json!([]), "nothing was written");
    let (s, made) = post(
        &svc,
        &path,
        &w.a,
        json!({"title": "Own measure", "planned_start": "2026-10-05", "planned_end": "2026-10-05",
               "measure_ids": [w.own_measure, w.shared_measure]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{made}");
    assert_eq!(made["measures"].as_array().unwrap().len(), 2);
    assert_eq!(made["warnings"], json!([]));
}

#[actix_web::test]
async fn plans_longer_than_six_weeks_warn() {
    let w = world();
    let svc = w.app.service().await;
    let (_, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let path = format!("/api/v1/change-ideas/{idea}/cycles");
    let (s, six) = post(
        &svc,
        &path,
        &w.a,
        plan(&w, "Six weeks", "2026-10-05", "2026-11-16"),
    )
    .await;
    assert_eq!((s, &six["warnings"]), (StatusCode::CREATED, &json!([])));
    let (s, long) = post(
        &svc,
        &path,
        &w.a,
        plan(&w, "Long", "2026-10-05", "2026-11-24"),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let warning = long["warnings"][0].as_str().unwrap();
    assert!(
        warning.contains("50 days") && warning.contains("small and rapid"),
        "{warning}"
    );
    let (s, shortened) = edit(&svc, &w.a, &long, json!({"planned_end": "2026-10-30"})).await;
    assert_eq!((s, &shortened["warnings"]), (StatusCode::OK, &json!([])));
    let (s, e) = edit(&svc, &w.a, &shortened, json!({"planned_end": "2026-10-01"})).await;
    assert_eq!((s, fields(&e)), refused(&["planned_end"]));
}

#[actix_web::test]
async fn later_parts_wait_for_their_status_and_earlier_ones_stay_editable() {
    let w = world();
    let svc = w.app.service().await;
    let (_, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let cycle = new_cycle(&svc, &w, idea, &w.a).await;
    let (s, e) = edit(
        &svc,
        &w.a,
        &cycle,
        json!({"do_happened": "early", "study_learned": "early", "act_decision": "adopt",
               "questions": [{"question": "Will more students speak?", "prediction": "Half", "result": "early"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&e),
        [
            "questions[0].result",
            "do_happened",
            "study_learned",
            "act_decision"
        ]
    );
    assert!(
        e["errors"][1]["message"]
            .as_str()
            .unwrap()
            .contains("once the cycle is doing")
    );
    // The whole record sent back as read is fine: its later parts are unchanged.
    let mut whole = cycle.clone();
    whole["title"] = json!("Turn and talk, v2");
    let (s, saved) = put(&svc, &format!("/api/v1/cycles/{}", id(&cycle)), &w.a, whole).await;
    assert_eq!(
        (s, &saved["title"]),
        (StatusCode::OK, &json!("Turn and talk, v2"))
    );

    let (_, doing) = move_to(&svc, &w.a, &saved, "doing").await;
    let (s, e) = edit(
        &svc,
        &w.a,
        &doing,
        json!({"study_learned": "x", "act_reason": "y"}),
    )
    .await;
    assert_eq!((s, fields(&e)), refused(&["study_learned", "act_reason"]));
    let (s, done) = edit(
        &svc,
        &w.a,
        &doing,
        json!({"do_happened": "Ran it", "do_deviations": "One room was out", "plan_where": "Room 4 only"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(
        (&done["do_deviations"], &done["plan_where"]),
        (&json!("One room was out"), &json!("Room 4 only"))
    );
    let (_, studying) = move_to(&svc, &w.a, &done, "studying").await;
    // A passed part must stay filled.
    let (s, e) = edit(
        &svc,
        &w.a,
        &studying,
        json!({"do_happened": " ", "objective": ""}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&e), ["objective", "do_happened"]);
    let (s, e) = edit(&svc, &w.a, &studying, json!({"act_decision": "keep"})).await;
    assert_eq!((s, fields(&e)), refused(&["act_decision"]));
    let (s, e) = edit(
        &svc,
        &w.a,
        &studying,
        json!({"questions": [{"question": "", "prediction": "p"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        fields(&e).contains(&"questions[0].question".to_string()),
        "{e}"
    );
    let (s, e) = edit(
        &svc,
        &w.a,
        &studying,
        json!({"measure_ids": [w.other_team_measure]}),
    )
    .await;
    assert_eq!((s, fields(&e)), refused(&["measure_ids[0]"]));
    let (_, stored) = get(&svc, &format!("/api/v1/cycles/{}", id(&cycle)), &w.a).await;
    assert_eq!(
        stored["version"], studying["version"],
        "refused edits change nothing"
    );
}

#[actix_web::test]
async fn a_next_cycle_link_stays_within_the_change_idea() {
    let w = world();
    let svc = w.app.service().await;
    let (driver, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let (_, other) = post(
        &svc,
        &format!("/api/v1/teams/{}/change-ideas", w.team_a),
        &w.a,
        json!({"driver_id": driver, "title": "Exit tickets"}),
    )
    .await;
    let elsewhere = new_cycle(&svc, &w, id(&other), &w.a).await;
    let sibling = new_cycle(&svc, &w, idea, &w.a).await;
    let acting = to_acting(&svc, &w.a, new_cycle(&svc, &w, idea, &w.a).await, "adapt").await;
    for (next, _why) in [
        (id(&elsewhere), "another change idea"),
        (id(&acting), "itself"),
        (99_999, "no such cycle"),
    ] {
        let (s, e) = edit(&svc, &w.a, &acting, json!({"next_cycle_id": next})).await;
        assert_eq!((s, fields(&e)), refused(&["next_cycle_id"]));
    }
    let (s, linked) = edit(&svc, &w.a, &acting, json!({"next_cycle_id": id(&sibling)})).await;
    assert_eq!(
        (s, &linked["next_cycle_id"]),
        (StatusCode::OK, &json!(id(&sibling)))
    );
    let (s, unlinked) = edit(&svc, &w.a, &linked, json!({"next_cycle_id": null})).await;
    assert_eq!(
        (s, &unlinked["next_cycle_id"]),
        (StatusCode::OK, &Value::Null)
    );
}

#[actix_web::test]
async fn a_stale_version_is_refused_with_the_current_cycle() {
    let w = world();
    let svc = w.app.service().await;
    let (_, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let cycle = new_cycle(&svc, &w, idea, &w.a).await;
    let (s, first) = edit(&svc, &w.a, &cycle, json!({"plan_who": "Ana's class"})).await;
    assert_eq!(s, StatusCode::OK);
    // A colleague saves from the version both read: refused, with what is stored now.
    let (s, e) = edit(&svc, &w.a2, &cycle, json!({"plan_who": "Abe's class"})).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        (&e["current"]["plan_who"], &e["current"]["version"]),
        (&json!("Ana's class"), &first["version"])
    );
    assert_eq!(e["current"]["questions"][0]["prediction"], "Half of them");
    let (s, e) = move_to(&svc, &w.a2, &cycle, "doing").await;
    assert_eq!(
        (s, &e["current"]["status"]),
        (StatusCode::CONFLICT, &json!("planning"))
    );
    let (s, again) = edit(
        &svc,
        &w.a2,
        &e["current"],
        json!({"plan_who": "Abe's class"}),
    )
    .await;
    assert_eq!(
        (s, &again["plan_who"]),
        (StatusCode::OK, &json!("Abe's class"))
    );
    let (s, e) = put(
        &svc,
        &format!("/api/v1/cycles/{}", id(&cycle)),
        &w.a,
        json!({"title": "x"}),
    )
    .await;
    assert_eq!(
        (s, fields(&e)),
        (StatusCode::BAD_REQUEST, vec!["version".to_string()])
    );
}
