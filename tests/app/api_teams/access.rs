//! Districts and people by role, anonymous callers, and the list cursor.

use super::*;

#[actix_web::test]
async fn roles_decide_who_manages_districts_and_people() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let fac = bearer(&app, GlobalRole::Facilitator, "fac@example.org");
    let member = app.person(GlobalRole::Member, "m@example.org");
    let other = app.person(GlobalRole::Member, "o@example.org");
    let mine = app.token(member.id);
    let svc = app.service().await;
    let body = json!({"name": "Ashford"});
    assert_eq!(
        api(
            &svc,
            Method::POST,
            "/api/v1/districts",
            Some(&fac),
            Some(body.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, district) = api(
        &svc,
        Method::POST,
        "/api/v1/districts",
        Some(&dir),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, taken) = api(
        &svc,
        Method::POST,
        "/api/v1/districts",
        Some(&dir),
        Some(json!({"name": " Ashford "})),
    )
    .await;
    assert_eq!(
        (s, fields(&taken)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["name".to_string()])
    );
    let (s, shown) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/districts/{}", id(&district)),
        Some(&mine),
        None,
    )
    .await;
    assert_eq!((s, &shown["schools"]), (StatusCode::OK, &json!([])));
    assert_eq!(
        api(
            &svc,
            Method::GET,
            "/api/v1/districts/999",
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (s, bad) = api(
        &svc,
        Method::POST,
        "/api/v1/districts",
        Some(&dir),
        Some(json!({"nom": "x"})),
    )
    .await;
    assert_eq!(
        (s, fields(&bad)),
        (StatusCode::BAD_REQUEST, vec!["name".to_string()])
    );

    let person = json!({"name": "Ana Diaz", "email": "Ana@Example.org", "role": "member"});
    assert_eq!(
        api(
            &svc,
            Method::POST,
            "/api/v1/people",
            Some(&fac),
            Some(person.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, ana) = api(
        &svc,
        Method::POST,
        "/api/v1/people",
        Some(&dir),
        Some(person.clone()),
    )
    .await;
    assert_eq!(
        (s, ana["email"].as_str()),
        (StatusCode::CREATED, Some("ana@example.org"))
    );
    assert!(ana.get("password_hash").is_none());
    let (s, again) = api(
        &svc,
        Method::POST,
        "/api/v1/people",
        Some(&dir),
        Some(person),
    )
    .await;
    assert_eq!(
        (s, fields(&again)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["email".to_string()])
    );
    let (s, all_bad) = api(
        &svc,
        Method::POST,
        "/api/v1/people",
        Some(&dir),
        Some(json!({"name": "", "email": "x", "role": "boss"})),
    )
    .await;
    assert_eq!(
        (s, fields(&all_bad)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["email".to_string(), "name".to_string(), "role".to_string()]
        )
    );
    assert_eq!(
        api(&svc, Method::GET, "/api/v1/people", Some(&fac), None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        api(&svc, Method::GET, "/api/v1/people", Some(&mine), None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/people/{}", member.id),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/people/{}", other.id),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, Method::GET, "/api/v1/people/999", Some(&fac), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn anonymous_callers_get_401() {
    let app = TestApp::new();
    let svc = app.service().await;
    for (method, path) in [
        (Method::GET, "/api/v1/me"),
        (Method::GET, "/api/v1/districts"),
        (Method::POST, "/api/v1/districts"),
        (Method::GET, "/api/v1/teams"),
        (Method::GET, "/api/v1/teams/1/members"),
        (Method::GET, "/api/v1/meetings"),
        (Method::POST, "/api/v1/meetings"),
        (Method::GET, "/api/v1/people"),
    ] {
        let (s, body) = api(&svc, method.clone(), path, None, Some(json!({}))).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{method} {path}");
        assert!(body["errors"].is_array(), "{method} {path}");
    }
    let (s, _) = api(&svc, Method::GET, "/api/v1/me", Some("not-a-token"), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn lists_are_paged_by_limit_and_after() {
    let app = TestApp::new();
    let tok = bearer(&app, GlobalRole::Director, "dir@example.org");
    for name in ["A", "B", "C", "D", "E"] {
        District::create(&mut app.conn(), name).unwrap();
    }
    let svc = app.service().await;
    let mut seen = vec![];
    let mut path = "/api/v1/districts?limit=2".to_string();
    loop {
        let (s, page) = api(&svc, Method::GET, &path, Some(&tok), None).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(
            items
                .iter()
                .map(|d| d["name"].as_str().unwrap().to_string()),
        );
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/districts?limit=2&after={next}"),
            None => break,
        }
    }
    assert_eq!(seen, ["A", "B", "C", "D", "E"]);
    let (_, whole) = api(&svc, Method::GET, "/api/v1/districts", Some(&tok), None).await;
    assert_eq!(
        (whole["items"].as_array().unwrap().len(), &whole["next"]),
        (5, &Value::Null)
    );
    for bad in ["limit=0", "limit=1001", "limit=many"] {
        let (s, e) = api(
            &svc,
            Method::GET,
            &format!("/api/v1/people?{bad}"),
            Some(&tok),
            None,
        )
        .await;
        assert_eq!(
            (s, fields(&e)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec!["limit".to_string()]),
            "{bad}"
        );
    }
    let (s, e) = api(
        &svc,
        Method::GET,
        "/api/v1/meetings?after=x",
        Some(&tok),
        None,
    )
    .await;
    assert_eq!(
        (s, fields(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["after".to_string()])
    );
    let (s, people) = api(
        &svc,
        Method::GET,
        "/api/v1/people?limit=1",
        Some(&tok),
        None,
    )
    .await;
    assert_eq!(
        (
            s,
            people["items"].as_array().unwrap().len(),
            &people["next"]
        ),
        (StatusCode::OK, 1, &Value::Null)
    );
}
