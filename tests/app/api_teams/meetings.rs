//! Meetings: the hard rules as 422s naming the field, the soft ones as warnings, UTC storage,
//! stale edits, action items, and members seeing only their own district's meetings.

use super::*;

#[actix_web::test]
async fn meetings_follow_the_rules_and_warn_about_the_soft_ones() {
    let app = TestApp::new();
    let (y, a, b) = ashford_and_brook(&app);
    convenings(&app, &y, a.id, b.id);
    let fac = app.person(GlobalRole::Facilitator, "fac@example.org");
    let tok = app.token(fac.id);
    let svc = app.service().await;
    let post = |body: Value| {
        api(
            &svc,
            Method::POST,
            "/api/v1/meetings",
            Some(&tok),
            Some(body),
        )
    };

    let mut http = tune_up(a.id, "2026-11-04T15:00:00Z", "2026-11-04T16:00:00Z");
    http["video_url"] = json!("http://meet.example.org/x");
    let (s, e) = post(http).await;
    assert_eq!(
        (s, fields(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["video_url".to_string()]
        )
    );
    let mut no_place = tune_up(a.id, "2026-11-04T15:00:00Z", "2026-11-04T16:00:00Z");
    no_place["modality"] = json!("in_person");
    let (s, e) = post(no_place).await;
    assert_eq!(
        (s, fields(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["place".to_string()])
    );
    let (s, e) = post(tune_up(
        a.id,
        "2026-11-04T16:00:00Z",
        "2026-11-04T15:00:00Z",
    ))
    .await;
    assert_eq!(
        (s, fields(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["ends_at".to_string()]
        )
    );
    // 02:00 UTC on the 15th is still the 14th, a convening day, in New York.
    let (s, e) = post(tune_up(
        a.id,
        "2026-10-15T02:00:00Z",
        "2026-10-15T03:00:00Z",
    ))
    .await;
    assert_eq!(
        (s, fields(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["starts_at".to_string()]
        )
    );
    let (s, e) = post(tune_up(
        a.id,
        "2030-01-06T15:00:00Z",
        "2030-01-06T16:00:00Z",
    ))
    .await;
    assert_eq!(
        (s, fields(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["starts_at".to_string()]
        )
    );
    let (s, e) = post(tune_up(a.id, "4 November", "2026-11-04T16:00:00Z")).await;
    assert_eq!(
        (s, fields(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["starts_at".to_string()]
        )
    );

    let mut early = tune_up(
        a.id,
        "2026-09-30T10:00:00-04:00",
        "2026-09-30T11:30:00-04:00",
    );
    early["facilitator_ids"] = json!([fac.id]);
    let (s, m) = post(early).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    assert_eq!(
        (m["starts_at"].as_str(), m["ends_at"].as_str()),
        (Some("2026-09-30T14:00:00Z"), Some("2026-09-30T15:30:00Z"))
    );
    assert_eq!(
        (m["kind"].as_str(), m["modality"].as_str()),
        (Some("tune_up"), Some("video"))
    );
    assert_eq!(m["facilitators"], json!([{"id": fac.id, "name": "fac"}]));
    let w = warnings(&m);
    assert!(
        w.iter().any(|w| w.starts_with("1 tune-up this year")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.contains("before the first convening (2026-10-14)")),
        "{w:?}"
    );

    let (s, second) = post(tune_up(
        a.id,
        "2026-11-04T10:00:00-05:00",
        "2026-11-04T11:00:00-05:00",
    ))
    .await;
    assert_eq!(
        (s, second["starts_at"].as_str()),
        (StatusCode::CREATED, Some("2026-11-04T15:00:00Z"))
    );
    assert_eq!(warnings(&second), Vec::<String>::new());
}

#[actix_web::test]
async fn a_stale_meeting_edit_is_a_conflict_with_the_current_record() {
    let app = TestApp::new();
    let y = year_starting(&app, 2026);
    let a = admit(&app, &y, "Ashford");
    let tok = bearer(&app, GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let (_, m) = api(
        &svc,
        Method::POST,
        "/api/v1/meetings",
        Some(&tok),
        Some(tune_up(
            a.id,
            "2026-11-04T15:00:00Z",
            "2026-11-04T16:00:00Z",
        )),
    )
    .await;
    let path = format!("/api/v1/meetings/{}", id(&m));
    let version = m["version"].as_i64().unwrap();
    let mut edit = tune_up(
        a.id,
        "2026-11-05T09:00:00+01:00",
        "2026-11-05T10:00:00+01:00",
    );
    edit["version"] = json!(version);
    edit["title"] = json!("Moved");
    let (s, saved) = api(&svc, Method::PUT, &path, Some(&tok), Some(edit.clone())).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    assert_eq!(
        (saved["starts_at"].as_str(), saved["version"].as_i64()),
        (Some("2026-11-05T08:00:00Z"), Some(version + 1))
    );
    assert_eq!(
        (saved["title"].as_str(), saved["revision"].as_i64()),
        (Some("Moved"), Some(1))
    );
    edit["title"] = json!("Lost");
    let (s, stale) = api(&svc, Method::PUT, &path, Some(&tok), Some(edit)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        (
            stale["current"]["title"].as_str(),
            stale["current"]["version"].as_i64()
        ),
        (Some("Moved"), Some(version + 1))
    );
    assert_eq!(stale["current"]["starts_at"], "2026-11-05T08:00:00Z");
    let mut gone = tune_up(a.id, "2026-11-05T09:00:00Z", "2026-11-05T10:00:00Z");
    gone["version"] = json!(1);
    assert_eq!(
        api(
            &svc,
            Method::PUT,
            "/api/v1/meetings/999",
            Some(&tok),
            Some(gone)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn members_see_only_their_own_districts_meetings() {
    let app = TestApp::new();
    let (y, a, b) = ashford_and_brook(&app);
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let fac = bearer(&app, GlobalRole::Facilitator, "fac@example.org");
    let member = app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let team_a = post_id(
        &svc,
        "/api/v1/teams",
        &dir,
        json!({"program_year_id": y.id, "district_id": a.id}),
    )
    .await;
    let body = json!({"person_id": member.id, "role": "coach"});
    api(
        &svc,
        Method::POST,
        &format!("/api/v1/teams/{team_a}/members"),
        Some(&dir),
        Some(body),
    )
    .await;
    let mine = app.token(member.id);
    let post = |district: i32| {
        api(
            &svc,
            Method::POST,
            "/api/v1/meetings",
            Some(&fac),
            Some(tune_up(
                district,
                "2026-11-04T15:00:00Z",
                "2026-11-04T16:00:00Z",
            )),
        )
    };
    let ma = id(&post(a.id).await.1);
    let mb = id(&post(b.id).await.1);
    let item = json!({"description": "Bring the run chart", "owner_person_id": member.id, "due_date": "2026-11-20"});
    let items_path = format!("/api/v1/meetings/{ma}/action-items");
    assert_eq!(
        api(
            &svc,
            Method::POST,
            &items_path,
            Some(&mine),
            Some(item.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, added) = api(&svc, Method::POST, &items_path, Some(&fac), Some(item)).await;
    assert_eq!(
        (s, added["due_date"].as_str()),
        (StatusCode::CREATED, Some("2026-11-20"))
    );
    let (s, bad) = api(
        &svc,
        Method::POST,
        &items_path,
        Some(&fac),
        Some(json!({"description": " ", "due_date": "soon"})),
    )
    .await;
    assert_eq!(
        (s, fields(&bad)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["description".to_string(), "due_date".to_string()]
        )
    );
    let done_path = format!("{items_path}/{}", id(&added));
    let (s, done) = api(
        &svc,
        Method::PUT,
        &done_path,
        Some(&fac),
        Some(json!({"done": true})),
    )
    .await;
    assert_eq!((s, done["done"].as_bool()), (StatusCode::OK, Some(true)));

    let (s, list) = api(&svc, Method::GET, "/api/v1/meetings", Some(&mine), None).await;
    assert_eq!(s, StatusCode::OK);
    let ids: Vec<i64> = list["items"].as_array().unwrap().iter().map(id).collect();
    assert_eq!(ids, vec![ma]);
    let all = api(
        &svc,
        Method::GET,
        &format!("/api/v1/meetings?year={}", y.id),
        Some(&fac),
        None,
    )
    .await
    .1;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    let first = api(
        &svc,
        Method::GET,
        "/api/v1/meetings?limit=1",
        Some(&fac),
        None,
    )
    .await
    .1;
    assert_eq!(
        (
            first["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(id)
                .collect::<Vec<_>>(),
            first["next"].as_str()
        ),
        (vec![ma], Some(ma.to_string().as_str()))
    );
    let second = api(
        &svc,
        Method::GET,
        &format!("/api/v1/meetings?limit=1&after={ma}"),
        Some(&fac),
        None,
    )
    .await
    .1;
    assert_eq!(
        (
            second["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(id)
                .collect::<Vec<_>>(),
            &second["next"]
        ),
        (vec![mb], &Value::Null)
    );
    let only_b = api(
        &svc,
        Method::GET,
        &format!("/api/v1/meetings?district={}", b.id),
        Some(&fac),
        None,
    )
    .await
    .1;
    assert_eq!(
        only_b["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect::<Vec<_>>(),
        vec![mb]
    );
    let (s, own) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/meetings/{ma}"),
        Some(&mine),
        None,
    )
    .await;
    assert_eq!(
        (s, own["action_items"][0]["done"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    assert_eq!(
        api(&svc, Method::GET, &items_path, Some(&mine), None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/meetings/{mb}"),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/meetings/{mb}/action-items"),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, _) = api(
        &svc,
        Method::POST,
        "/api/v1/meetings",
        Some(&mine),
        Some(json!("not even a meeting")),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}
