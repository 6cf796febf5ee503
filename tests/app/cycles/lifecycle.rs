//! Every status move through the API: the allowed ones, the refused ones naming the field, each
//! part required before the move that needs it, and the moves offered at each status.

use super::*;

#[actix_web::test]
async fn a_cycle_moves_through_every_status_only_with_its_parts_filled() {
    let w = world();
    let svc = w.app.service().await;
    let (_, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let (s, bare) = post(
        &svc,
        &format!("/api/v1/change-ideas/{idea}/cycles"),
        &w.a,
        json!({"title": "Exit tickets", "planned_start": "2026-10-05", "planned_end": "2026-10-09",
               "questions": [{"question": "Do they finish?"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{bare}");
    assert_eq!(
        (&bare["status"], &bare["next_moves"]),
        (&json!("planning"), &json!(["doing"]))
    );

    // No Do without a Plan: every missing field named at once.
    let (s, e) = move_to(&svc, &w.a, &bare, "doing").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&e), ["objective", "questions[0].prediction"]);
    // Skipping a step is refused on `status`, and the part it would need is named too.
    let (s, e) = move_to(&svc, &w.a, &bare, "studying").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&e), ["status", "do_happened"]);
    let (s, e) = move_to(&svc, &w.a, &bare, "closed").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&e), ["status", "act_decision", "act_reason"]);
    let (s, e) = move_to(&svc, &w.a, &bare, "finished").await;
    assert_eq!((s, fields(&e)), refused(&["to"]));
    let (s, e) = move_to(&svc, &w.a, &bare, "planning").await;
    assert_eq!((s, fields(&e)), refused(&["status"]));

    let (s, planned) = edit(
        &svc,
        &w.a,
        &bare,
        json!({"objective": "See whether exit tickets get finished",
               "questions": [{"question": "Do they finish?", "prediction": "Most do"}]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{planned}");
    let (s, doing) = move_to(&svc, &w.a, &planned, "doing").await;
    assert_eq!(s, StatusCode::OK, "{doing}");
    assert_eq!(
        (&doing["status"], &doing["next_moves"]),
        (&json!("doing"), &json!(["studying", "planning"]))
    );
    assert_eq!(doing["version"], planned["version"].as_i64().unwrap() + 1);

    // One step back to correct the Plan, and on again.
    let (s, back) = move_to(&svc, &w.a, &doing, "planning").await;
    assert_eq!((s, &back["status"]), (StatusCode::OK, &json!("planning")));
    let (_, doing) = move_to(&svc, &w.a, &back, "doing").await;

    // No Study without a Do.
    let (s, e) = move_to(&svc, &w.a, &doing, "studying").await;
    assert_eq!((s, fields(&e)), refused(&["do_happened"]));
    let (s, e) = move_to(&svc, &w.a, &doing, "acting").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&e),
        ["status", "study_learned", "questions[0].result"]
    );
    let (_, done) = edit(
        &svc,
        &w.a,
        &doing,
        json!({"do_happened": "Two classes tried it"}),
    )
    .await;
    let (s, studying) = move_to(&svc, &w.a, &done, "studying").await;
    assert_eq!(
        (s, &studying["next_moves"]),
        (StatusCode::OK, &json!(["acting", "doing"]))
    );

    // No Act without the Study: what was learned and each question's result.
    let (s, e) = move_to(&svc, &w.a, &studying, "acting").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&e), ["study_learned", "questions[0].result"]);
    let (_, studied) = edit(
        &svc,
        &w.a,
        &studying,
        json!({"study_learned": "Most did",
               "questions": [{"question": "Do they finish?", "prediction": "Most do", "result": "21 of 24"}]}),
    )
    .await;
    assert_eq!(studied["questions"][0]["result"], "21 of 24");
    let (s, acting) = move_to(&svc, &w.a, &studied, "acting").await;
    assert_eq!(
        (s, &acting["next_moves"]),
        (StatusCode::OK, &json!(["closed", "studying"]))
    );

    // No close without a decision and its reason.
    let (s, e) = move_to(&svc, &w.a, &acting, "closed").await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&e), ["act_decision", "act_reason"]);
    let (s, decided) = edit(
        &svc,
        &w.a,
        &acting,
        json!({"act_decision": "adopt", "act_reason": "It works"}),
    )
    .await;
    assert_eq!(
        (s, &decided["act_decision"]),
        (StatusCode::OK, &json!("adopt"))
    );
    let (s, closed) = move_to(&svc, &w.a, &decided, "closed").await;
    assert_eq!((s, &closed["next_moves"]), (StatusCode::OK, &json!([])));

    // Closed is final.
    for to in ["acting", "planning"] {
        let (s, e) = move_to(&svc, &w.a, &closed, to).await;
        assert_eq!((s, fields(&e)), refused(&["status"]));
    }
    let (_, stored) = get(&svc, &format!("/api/v1/cycles/{}", id(&closed)), &w.a).await;
    assert_eq!(
        (&stored["status"], &stored["version"]),
        (&json!("closed"), &closed["version"])
    );
}

#[actix_web::test]
async fn deciding_never_changes_the_change_ideas_stage() {
    let w = world();
    let svc = w.app.service().await;
    let (_, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let cycle = new_cycle(&svc, &w, idea, &w.a).await;
    let acting = to_acting(&svc, &w.a, cycle, "abandon").await;
    let (s, _) = move_to(&svc, &w.a, &acting, "closed").await;
    assert_eq!(s, StatusCode::OK);
    let (_, shown) = get(&svc, &format!("/api/v1/change-ideas/{idea}"), &w.a).await;
    assert_eq!(
        (
            &shown["stage"],
            &shown["cycle_count"],
            &shown["latest_decision"]
        ),
        (&json!("testing"), &json!(1), &json!("abandon"))
    );
}
