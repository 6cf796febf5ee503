//! Who may do what: the team writes its own work; directors may too; facilitators read and
//! comment; other teams read while sharing is on (403 when off) and never comment; anonymous
//! callers get 401. Comments list with authors and UTC times.

use super::*;
use pdsa::models::collective::Collective;

#[actix_web::test]
async fn the_team_writes_others_read_while_sharing_and_nobody_else_edits() {
    let w = world();
    let svc = w.app.service().await;
    let (driver, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let cycle = new_cycle(&svc, &w, idea, &w.a).await;
    let c = id(&cycle);
    let reads = [
        format!("/api/v1/teams/{}/aim", w.team_a),
        format!("/api/v1/teams/{}/driver-diagram", w.team_a),
        format!("/api/v1/teams/{}/change-ideas", w.team_a),
        format!("/api/v1/change-ideas/{idea}"),
        format!("/api/v1/change-ideas/{idea}/cycles"),
        format!("/api/v1/teams/{}/cycles", w.team_a),
        format!("/api/v1/cycles/{c}"),
        format!("/api/v1/cycles/{c}/comments"),
    ];
    for path in &reads {
        for who in [&w.a, &w.b, &w.fac, &w.dir] {
            assert_eq!(get(&svc, path, who).await.0, StatusCode::OK, "{path}");
        }
        assert_eq!(
            call(&svc, Method::GET, path, None, None).await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    // Writes: the other team and the facilitator get 403 before their body is even read.
    let writes = [
        (Method::PUT, format!("/api/v1/teams/{}/aim", w.team_a)),
        (Method::POST, format!("/api/v1/teams/{}/drivers", w.team_a)),
        (Method::PUT, format!("/api/v1/drivers/{driver}")),
        (
            Method::POST,
            format!("/api/v1/teams/{}/change-ideas", w.team_a),
        ),
        (Method::PUT, format!("/api/v1/change-ideas/{idea}")),
        (Method::POST, format!("/api/v1/change-ideas/{idea}/cycles")),
        (Method::PUT, format!("/api/v1/cycles/{c}")),
        (Method::POST, format!("/api/v1/cycles/{c}/status")),
        (Method::POST, format!("/api/v1/cycles/{c}/next")),
    ];
    for (method, path) in &writes {
        for who in [&w.b, &w.fac] {
            let (s, _) = call(
                &svc,
                method.clone(),
                path,
                Some(who),
                Some(json!("not a body")),
            )
            .await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{method} {path}");
        }
        let (s, _) = call(&svc, method.clone(), path, None, Some(json!({}))).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{method} {path}");
        let (s, _) = call(
            &svc,
            method.clone(),
            path,
            Some(&w.dir),
            Some(json!("not a body")),
        )
        .await;
        assert_eq!(
            s,
            StatusCode::BAD_REQUEST,
            "a director may: {method} {path}"
        );
    }
    let (s, _) = call(
        &svc,
        Method::DELETE,
        &format!("/api/v1/drivers/{driver}"),
        Some(&w.fac),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    // A director edits like a member of the team.
    let (s, edited) = edit(&svc, &w.dir, &cycle, json!({"plan_who": "All grade 7"})).await;
    assert_eq!(
        (s, &edited["plan_who"]),
        (StatusCode::OK, &json!("All grade 7"))
    );
    // Team B cannot plan a cycle on team A's change idea, nor team A on team B's.
    let (_, b_idea) = idea_of(&svc, w.team_b, &w.b).await;
    let (s, _) = post(
        &svc,
        &format!("/api/v1/change-ideas/{b_idea}/cycles"),
        &w.a,
        plan(&w, "Mine", "2026-10-05", "2026-10-09"),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert_eq!(
        get(&svc, "/api/v1/cycles/99999", &w.a).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&svc, "/api/v1/teams/99999/driver-diagram", &w.a)
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // Sharing off: other teams get 403; the team and the facilitation team still read.
    {
        let conn = &mut *w.app.conn();
        let mut collective = Collective::get(conn).unwrap();
        collective.share_cycles = false;
        collective.save(conn).unwrap();
    }
    for path in &reads {
        assert_eq!(
            get(&svc, path, &w.b).await.0,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        for who in [&w.a, &w.fac, &w.dir] {
            assert_eq!(get(&svc, path, who).await.0, StatusCode::OK, "{path}");
        }
    }
}

#[actix_web::test]
async fn the_team_and_facilitators_comment_and_other_teams_only_read() {
    let w = world();
    let svc = w.app.service().await;
    let (_, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let cycle = new_cycle(&svc, &w, idea, &w.a).await;
    let path = format!("/api/v1/cycles/{}/comments", id(&cycle));
    let (s, coach) = post(
        &svc,
        &path,
        &w.fac,
        json!({"body": "Try a sentence starter"}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{coach}");
    assert_eq!(
        (&coach["author_name"], &coach["author_id"].is_i64()),
        (&json!("fay"), &true)
    );
    let at = coach["created_at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.ends_with('Z'),
        "{at}"
    );
    assert_eq!(
        post(&svc, &path, &w.a, json!({"body": "Will do"})).await.0,
        StatusCode::CREATED
    );
    assert_eq!(
        post(&svc, &path, &w.dir, json!({"body": "Nice"})).await.0,
        StatusCode::CREATED
    );
    let (s, _) = post(&svc, &path, &w.b, json!("not even a body")).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, e) = post(&svc, &path, &w.a, json!({"body": "   "})).await;
    assert_eq!((s, fields(&e)), refused(&["body"]));
    assert_eq!(
        call(&svc, Method::POST, &path, None, Some(json!({"body": "hi"})))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );

    let (s, list) = get(&svc, &path, &w.b).await;
    assert_eq!(s, StatusCode::OK);
    let bodies: Vec<(&str, &str)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["author_name"].as_str().unwrap(),
                c["body"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bodies,
        [
            ("Facilitation team", "Try a sentence starter"),
            ("Team member", "Will do"),
            ("Facilitation team", "Nice")
        ],
        "another team reads the comments without their authors' names"
    );
    let (_, named) = get(&svc, &path, &w.a).await;
    assert_eq!(named["items"][1]["author_name"], json!("ana"));
    let (_, first) = get(&svc, &format!("{path}?limit=1"), &w.a).await;
    assert_eq!(first["next"], json!(coach["id"].to_string()));
    let (_, rest) = get(&svc, &format!("{path}?after={}", coach["id"]), &w.a).await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        post(
            &svc,
            "/api/v1/cycles/99999/comments",
            &w.fac,
            json!({"body": "x"})
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}
