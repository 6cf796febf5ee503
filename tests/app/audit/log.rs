//! The log itself: written in the change's transaction, filtered and paged like every list,
//! read on a page by directors only, never holding a secret, and never written by a route.

use super::{entries, history};
use crate::evidence::Setup;
use crate::fixtures::signed_in;
use crate::support::{PASSWORD, TestApp, api};
use actix_web::http::{Method, StatusCode};
use diesel::prelude::*;
use pdsa::db::schema::{audit_log, people};
use pdsa::domain::roles::GlobalRole;
use pdsa::models::audit::AuditActor;
use pdsa::models::person::Person;
use serde_json::{Value, json};

fn count(app: &TestApp) -> i64 {
    audit_log::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn a_change_rolled_back_leaves_no_entry() {
    let app = TestApp::new();
    let person = app.person(GlobalRole::Member, "kim@example.org");
    let before = count(&app);
    let by = AuditActor::system("test");
    let result: Result<(), diesel::result::Error> = app.conn().write_transaction(|c| {
        Person::set_role(c, &by, person.id, GlobalRole::Facilitator)?;
        Err(diesel::result::Error::RollbackTransaction)
    });
    assert!(result.is_err());
    assert_eq!(count(&app), before, "the entry went with the change");
    assert_eq!(
        Person::find(&mut app.conn(), person.id).unwrap().role,
        "member"
    );
    Person::set_role(&mut app.conn(), &by, person.id, GlobalRole::Facilitator).unwrap();
    assert_eq!(count(&app), before + 1);
}

#[actix_web::test]
async fn a_change_whose_entry_cannot_be_written_is_not_made() {
    let s = Setup::new();
    let svc = s.app.service().await;
    diesel::sql_query("ALTER TABLE audit_log RENAME TO audit_log_away")
        .execute(&mut s.app.conn())
        .unwrap();
    let body = json!({"name": "Lee Lost", "email": "lee@example.org", "role": "member"});
    let (status, _) = api(
        &svc,
        Method::POST,
        "/api/v1/people",
        Some(&s.dir),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    diesel::sql_query("ALTER TABLE audit_log_away RENAME TO audit_log")
        .execute(&mut s.app.conn())
        .unwrap();
    let found = Person::find_by_email(&mut s.app.conn(), "lee@example.org").unwrap();
    assert!(found.is_none(), "the person was added without an entry");
}

#[actix_web::test]
async fn the_log_is_filtered_and_paged_newest_first() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let dee = Person::find_by_email(&mut s.app.conn(), "dee@collective.org")
        .unwrap()
        .unwrap();
    for i in 0..5 {
        let body = json!({"name": format!("P{i}"), "email": format!("p{i}@example.org"), "role": "member"});
        let (status, _) = api(
            &svc,
            Method::POST,
            "/api/v1/people",
            Some(&s.dir),
            Some(body),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let mine = entries(&svc, &s.dir, &format!("actor={}", dee.id)).await;
    assert_eq!(mine.len(), 5);
    let names: Vec<&str> = mine
        .iter()
        .map(|e| e["after"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["P4", "P3", "P2", "P1", "P0"], "newest first");
    let all = entries(&svc, &s.dir, "").await;
    assert!(
        all.len() > 5,
        "the set-up's entries (by the test) are there too"
    );
    assert!(
        all.iter()
            .any(|e| e["actor"] == json!({"person_id": null, "name": "test"}))
    );
    let ids: Vec<i64> = all.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] > w[1]));

    let teams = entries(&svc, &s.dir, "kind=team").await;
    assert_eq!(teams.len(), 2);
    assert!(teams.iter().all(|e| e["entity_kind"] == "team"));
    let one = teams[0]["entity_id"].as_i64().unwrap();
    assert_eq!(history(&svc, &s.dir, "team", one).await.len(), 1);

    let today = chrono::Utc::now().date_naive();
    let (yesterday, tomorrow) = (today.pred_opt().unwrap(), today.succ_opt().unwrap());
    assert_eq!(
        entries(&svc, &s.dir, &format!("from={today}&to={today}"))
            .await
            .len(),
        all.len()
    );
    assert!(
        entries(&svc, &s.dir, &format!("from={tomorrow}"))
            .await
            .is_empty()
    );
    assert!(
        entries(&svc, &s.dir, &format!("to={yesterday}"))
            .await
            .is_empty()
    );

    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let path = format!("/api/v1/audit?actor={}&limit=2{after}", dee.id);
        let (status, page) = api(&svc, Method::GET, &path, Some(&s.dir), None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|e| e["id"].as_i64().unwrap()));
        match page["next"].as_str() {
            Some(next) => after = format!("&after={next}"),
            None => break,
        }
    }
    let expected: Vec<i64> = mine.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(
        seen, expected,
        "the pages together are the list, once each, in order"
    );
}

#[actix_web::test]
async fn bad_filters_are_named_and_only_directors_read_the_log() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let path = "/api/v1/audit?kind=cycle&entity_id=x&from=2026-12-05&to=2026-12-01&limit=0";
    let (status, body) = api(&svc, Method::GET, path, Some(&s.dir), None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(fields, ["entity_id", "kind", "limit", "to"], "{body}");
    for token in [&s.a, &s.fac] {
        let (status, _) = api(&svc, Method::GET, "/api/v1/audit", Some(token), None).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let writes: Vec<String> = pdsa::web::routes::all()
        .iter()
        .filter(|r| r.path.contains("audit") && r.method != Method::GET)
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(writes.is_empty(), "no route may write the log: {writes:?}");
}

#[actix_web::test]
async fn the_page_lists_filters_and_links_each_record_history() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let mut dee = signed_in(&svc, "dee@collective.org").await;
    let page = dee.get(&svc, "/audit").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("href=\"/audit\""),
        "the nav links the page"
    );
    assert!(page.body.contains("Ashford team"), "{}", page.body);
    let team = s.team_a.id;
    let page = dee
        .get(&svc, &format!("/audit?kind=team&entity_id={team}"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains(&format!("Team #{team}")) && !page.body.contains("Bramble team"),
        "{}",
        page.body
    );
    let page = dee.get(&svc, "/audit?from=someday").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("must be a date"), "{}", page.body);
    let mut ana = signed_in(&svc, "ana@ashford.org").await;
    assert_eq!(ana.get(&svc, "/audit").await.status, StatusCode::FORBIDDEN);
    assert!(
        !ana.get(&svc, "/").await.body.contains("href=\"/audit\""),
        "no link for a member"
    );
}

#[actix_web::test]
async fn no_password_or_token_hash_reaches_the_log() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let mut ana = signed_in(&svc, "ana@ashford.org").await;
    let fields = [
        ("name", "Ana Ash"),
        ("current_password", PASSWORD),
        ("new_password", "another-password-2"),
    ];
    let page = ana.post(&svc, "/profile", &fields).await;
    assert!(
        page.status.is_redirection() || page.status.is_success(),
        "{}",
        page.body
    );
    let (status, token) = api(
        &svc,
        Method::POST,
        "/api/v1/tokens",
        None,
        Some(json!({"email": "dee@collective.org", "password": PASSWORD, "name": "laptop"})),
    )
    .await;
    assert!(status.is_success(), "{token}");

    let ana_id = s.member_a as i64;
    let h = history(&svc, &s.dir, "person", ana_id).await;
    let acts: Vec<&str> = h.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(acts[..2], ["password_changed", "updated"], "{h:?}");
    assert_eq!((&h[0].1, &h[0].2), (&Value::Null, &Value::Null));
    assert_eq!(
        (&h[1].1, &h[1].2),
        (&json!({"name": "ana"}), &json!({"name": "Ana Ash"}))
    );

    let hashes: Vec<Option<String>> = people::table
        .select(people::password_hash)
        .load(&mut s.app.conn())
        .unwrap();
    let tokens: Vec<String> = pdsa::db::schema::api_tokens::table
        .select(pdsa::db::schema::api_tokens::token_hash)
        .load(&mut s.app.conn())
        .unwrap();
    let rows: Vec<(Option<String>, Option<String>, String)> = audit_log::table
        .select((
            audit_log::before_json,
            audit_log::after_json,
            audit_log::summary,
        ))
        .load(&mut s.app.conn())
        .unwrap();
    let text = format!("{rows:?}");
    assert!(
        !text.contains("argon2") && !text.contains("password_hash") && !text.contains("token_hash")
    );
    for secret in hashes
        .into_iter()
        .flatten()
        .chain(tokens)
        .chain(token["token"].as_str().map(String::from))
    {
        assert!(!text.contains(&secret), "a secret reached the log");
    }
}
