//! Teams and rosters: formed once a year for members, two schools, one team a person a year,
//! warnings until the roster is well formed, and who reads a roster.

use super::*;

#[actix_web::test]
async fn teams_are_formed_for_member_districts_once_a_year() {
    let app = TestApp::new();
    let y = year_starting(&app, 2026);
    let a = admit(&app, &y, "Ashford");
    let outsider = District::create(&mut app.conn(), "Outsider").unwrap().id;
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let path = "/api/v1/teams";
    let (s, team) = api(
        &svc,
        Method::POST,
        path,
        Some(&dir),
        Some(json!({"program_year_id": y.id, "district_id": a.id})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{team}");
    assert_eq!(team["name"], "Ashford team");
    assert_eq!(team["year_label"], "2026-27");
    assert_eq!(team["members"], json!([]));
    let (s, again) = api(
        &svc,
        Method::POST,
        path,
        Some(&dir),
        Some(json!({"program_year_id": y.id, "district_id": a.id})),
    )
    .await;
    assert_eq!(
        (s, fields(&again)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["district_id".to_string()]
        )
    );
    let body = json!({"program_year_id": y.id, "district_id": outsider});
    let (s, not_member) = api(&svc, Method::POST, path, Some(&dir), Some(body)).await;
    assert_eq!(
        (s, fields(&not_member)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["district_id".to_string()]
        )
    );
    let (s, bad) = api(
        &svc,
        Method::POST,
        path,
        Some(&dir),
        Some(json!({"district_id": a.id})),
    )
    .await;
    assert_eq!(
        (s, fields(&bad)),
        (StatusCode::BAD_REQUEST, vec!["program_year_id".to_string()])
    );
}

#[actix_web::test]
async fn rosters_keep_to_two_schools_and_one_team_a_year_and_warn_until_well_formed() {
    let app = TestApp::new();
    let (y, a, b) = ashford_and_brook(&app);
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let people: Vec<i32> = (0..12)
        .map(|i| {
            app.person(GlobalRole::Member, &format!("p{i}@example.org"))
                .id
        })
        .collect();
    let svc = app.service().await;
    let mut schools = vec![];
    for name in ["North", "South", "East"] {
        let (s, school) = api(
            &svc,
            Method::POST,
            &format!("/api/v1/districts/{}/schools", a.id),
            Some(&dir),
            Some(json!({"name": name})),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{school}");
        schools.push(id(&school));
    }
    let (s, dup) = api(
        &svc,
        Method::POST,
        &format!("/api/v1/districts/{}/schools", a.id),
        Some(&dir),
        Some(json!({"name": "North"})),
    )
    .await;
    assert_eq!(
        (s, fields(&dup)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["name".to_string()])
    );
    let team_a = post_id(
        &svc,
        "/api/v1/teams",
        &dir,
        json!({"program_year_id": y.id, "district_id": a.id}),
    )
    .await;
    let team_b = post_id(
        &svc,
        "/api/v1/teams",
        &dir,
        json!({"program_year_id": y.id, "district_id": b.id}),
    )
    .await;
    let add = |team: i64, person: i32, role: &str, school: Option<i64>| {
        let body = json!({"person_id": person, "role": role, "school_id": school});
        (format!("/api/v1/teams/{team}/members"), body)
    };

    let (path, body) = add(team_a, people[0], "teacher", Some(schools[0]));
    let (s, first) = api(&svc, Method::POST, &path, Some(&dir), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    assert_eq!(
        (first["person_id"].as_i64(), first["school_name"].as_str()),
        (Some(i64::from(people[0])), Some("North"))
    );
    let w = warnings(&first);
    assert!(w.iter().any(|w| w.starts_with("team of 1")), "{w:?}");
    assert!(w.iter().any(|w| w.starts_with("no senior leader")), "{w:?}");

    let (path, body) = add(team_a, people[1], "senior_leader", Some(schools[1]));
    assert_eq!(
        api(&svc, Method::POST, &path, Some(&dir), Some(body))
            .await
            .0,
        StatusCode::CREATED
    );
    let (path, body) = add(team_a, people[2], "principal", Some(schools[2]));
    let (s, third) = api(&svc, Method::POST, &path, Some(&dir), Some(body)).await;
    assert_eq!(
        (s, fields(&third)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["school_id".to_string()]
        )
    );
    let (path, body) = add(team_b, people[0], "teacher", None);
    let (s, twice) = api(&svc, Method::POST, &path, Some(&dir), Some(body)).await;
    assert_eq!(
        (s, fields(&twice)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["person_id".to_string()]
        )
    );
    let (path, body) = add(team_a, people[2], "dean", None);
    let (s, role) = api(&svc, Method::POST, &path, Some(&dir), Some(body)).await;
    assert_eq!(
        (s, fields(&role)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["role".to_string()])
    );

    // Six with a senior leader: no warnings.
    let mut last = Value::Null;
    for p in &people[2..6] {
        let (path, body) = add(team_a, *p, "teacher", Some(schools[0]));
        last = api(&svc, Method::POST, &path, Some(&dir), Some(body))
            .await
            .1;
    }
    assert_eq!(warnings(&last), Vec::<String>::new(), "{last}");
    let (s, team) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}"),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(
        (s, team["members"].as_array().unwrap().len()),
        (StatusCode::OK, 6)
    );
    assert_eq!(team["members"][0]["role"], "senior_leader");
    assert_eq!(team["warnings"], json!([]));
    let (s, page) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}/members?limit=4"),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(
        (s, page["items"].as_array().unwrap().len()),
        (StatusCode::OK, 4)
    );
    assert_eq!(
        page["next"].as_str().map(str::to_string),
        Some(page["items"][3]["id"].to_string())
    );
    let next = page["next"].as_str().unwrap();
    let rest = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}/members?limit=4&after={next}"),
        Some(&dir),
        None,
    )
    .await
    .1;
    assert_eq!(
        (rest["items"].as_array().unwrap().len(), &rest["next"]),
        (2, &Value::Null)
    );

    // Eleven: too many, until one leaves.
    for p in &people[6..11] {
        let (path, body) = add(team_a, *p, "student", None);
        last = api(&svc, Method::POST, &path, Some(&dir), Some(body))
            .await
            .1;
    }
    assert!(
        warnings(&last).iter().any(|w| w.starts_with("team of 11")),
        "{last}"
    );
    let line = last["id"].as_i64().unwrap();
    let path = format!("/api/v1/teams/{team_a}/members/{line}");
    assert_eq!(
        api(&svc, Method::DELETE, &path, Some(&dir), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api(&svc, Method::DELETE, &path, Some(&dir), None).await.0,
        StatusCode::NOT_FOUND
    );
    let team = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}"),
        Some(&dir),
        None,
    )
    .await
    .1;
    assert_eq!(team["warnings"], json!([]));
    assert_eq!(
        api(&svc, Method::GET, "/api/v1/teams/9999", Some(&dir), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn members_read_their_own_roster_and_only_the_names_of_other_teams() {
    let app = TestApp::new();
    let (y, a, b) = ashford_and_brook(&app);
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let member = app.person(GlobalRole::Member, "m@example.org");
    let mine = app.token(member.id);
    let svc = app.service().await;
    let team_a = post_id(
        &svc,
        "/api/v1/teams",
        &dir,
        json!({"program_year_id": y.id, "district_id": a.id}),
    )
    .await;
    let team_b = post_id(
        &svc,
        "/api/v1/teams",
        &dir,
        json!({"program_year_id": y.id, "district_id": b.id, "name": "Brook crew"}),
    )
    .await;
    let body = json!({"person_id": member.id, "role": "teacher"});
    let path = format!("/api/v1/teams/{team_a}/members");
    assert_eq!(
        api(&svc, Method::POST, &path, Some(&mine), Some(body.clone()))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, Method::POST, &path, Some(&dir), Some(body))
            .await
            .0,
        StatusCode::CREATED
    );
    let mine = app.token(member.id);

    let (s, own) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}"),
        Some(&mine),
        None,
    )
    .await;
    assert_eq!(
        (s, own["members"][0]["email"].as_str()),
        (StatusCode::OK, Some("m@example.org"))
    );
    let (s, roster) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}/members"),
        Some(&mine),
        None,
    )
    .await;
    assert_eq!(
        (
            s,
            roster["items"].as_array().unwrap().len(),
            &roster["next"]
        ),
        (StatusCode::OK, 1, &Value::Null)
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/teams/{team_b}"),
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
            &format!("/api/v1/teams/{team_b}/members"),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    let (s, list) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams?year={}", y.id),
        Some(&mine),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (
            items[0]["district_name"].as_str(),
            items[0]["member_count"].as_i64()
        ),
        (Some("Ashford"), Some(1))
    );
    assert_eq!(
        (items[1]["name"].as_str(), items[1]["member_count"].as_i64()),
        (Some("Brook crew"), Some(0))
    );
    assert!(items.iter().all(|t| t.get("members").is_none()));
    let (s, me) = api(&svc, Method::GET, "/api/v1/me", Some(&mine), None).await;
    assert_eq!(
        (s, me["role"].as_str(), &me["team_ids"]),
        (StatusCode::OK, Some("member"), &json!([team_a]))
    );
}
