//! Sessions kept on the server: signing out ends them everywhere, a password change or reset
//! ends every other one and revokes the API tokens, they expire when idle and by age, the
//! profile lists them, "sign out everywhere" ends them all, and a deactivated person is out.

use crate::fixtures::signed_in;
use crate::support::{Browser, PASSWORD, TestApp, api};
use actix_web::http::{Method, StatusCode};
use diesel::prelude::*;
use pdsa::db::schema::sessions;
use pdsa::domain::roles::GlobalRole;

fn session_rows(app: &TestApp) -> i64 {
    sessions::table.count().get_result(&mut app.conn()).unwrap()
}

#[actix_web::test]
async fn a_cookie_copied_before_sign_out_opens_nothing_after_it() {
    let app = TestApp::new();
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = signed_in(&svc, "m@example.org").await;
    let mut thief = Browser::with_cookie(b.cookie());
    assert_eq!(thief.get(&svc, "/profile").await.status, StatusCode::OK);
    b.post(&svc, "/sign-out", &[]).await;
    let after = thief.get(&svc, "/profile").await;
    assert_eq!(
        after.status,
        StatusCode::SEE_OTHER,
        "the copy is worth nothing"
    );
    assert!(after.location.unwrap().starts_with("/sign-in"));
    assert_eq!(session_rows(&app), 0, "signing out leaves no tombstone");
}

#[actix_web::test]
async fn a_password_change_ends_every_other_session_and_token() {
    let app = TestApp::new();
    let m = app.person(GlobalRole::Member, "m@example.org");
    let token = app.token(m.id);
    let svc = app.service().await;
    let mut here = signed_in(&svc, "m@example.org").await;
    let mut there = signed_in(&svc, "m@example.org").await;
    let old_cookie = here.cookie();
    let changed = here
        .post(
            &svc,
            "/profile",
            &[
                ("name", "m"),
                ("current_password", PASSWORD),
                ("new_password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let page = here.get(&svc, "/profile").await;
    assert_eq!(page.status, StatusCode::OK, "this session goes on");
    assert!(
        page.body
            .contains("1 other session was signed out and 1 API token was revoked"),
        "{}",
        page.body
    );
    assert_eq!(
        there.get(&svc, "/profile").await.status,
        StatusCode::SEE_OTHER
    );
    let (status, _) = api(&svc, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the token is revoked");
    let mut stale = Browser::with_cookie(old_cookie);
    assert_eq!(
        stale.get(&svc, "/profile").await.status,
        StatusCode::SEE_OTHER,
        "this session got a new id: the one before the change opens nothing"
    );
}

#[actix_web::test]
async fn a_password_reset_ends_every_session_and_token() {
    use pdsa::models::account_link::{AccountLink, LinkPurpose};
    let app = TestApp::new();
    let m = app.person(GlobalRole::Member, "m@example.org");
    let token = app.token(m.id);
    let svc = app.service().await;
    let mut old = signed_in(&svc, "m@example.org").await;
    let (_, raw) = AccountLink::issue(
        &mut app.conn(),
        m.id,
        LinkPurpose::PasswordReset,
        "",
        pdsa::models::now(),
    )
    .unwrap();
    let mut b = Browser::new();
    let path = format!("/password-reset/{raw}");
    b.get(&svc, &path).await;
    let pw = "another new password";
    let done = b
        .post(&svc, &path, &[("password", pw), ("confirm", pw)])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let home = b.get(&svc, "/").await;
    assert!(
        home.body
            .contains("1 other session was signed out and 1 API token was revoked"),
        "{}",
        home.body
    );
    assert_eq!(old.get(&svc, "/").await.status, StatusCode::SEE_OTHER);
    let (status, _) = api(&svc, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// Moves every session's clock back by `hours` (as if that long had passed).
fn age_sessions(app: &TestApp, seen_hours: i64, created_hours: i64) {
    let now = pdsa::models::now();
    let created = now - chrono::TimeDelta::hours(created_hours);
    diesel::update(sessions::table)
        .set((
            sessions::last_seen_at.eq(now - chrono::TimeDelta::hours(seen_hours)),
            sessions::created_at.eq(created),
            sessions::expires_at.eq(created + pdsa::models::session::ABSOLUTE),
        ))
        .execute(&mut app.conn())
        .unwrap();
}

#[actix_web::test]
async fn sessions_expire_when_idle_and_by_age() {
    let app = TestApp::new();
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = signed_in(&svc, "m@example.org").await;
    age_sessions(&app, 11, 11);
    assert_eq!(
        b.get(&svc, "/").await.status,
        StatusCode::OK,
        "11 idle hours"
    );
    age_sessions(&app, 13, 13);
    assert_eq!(b.get(&svc, "/").await.status, StatusCode::SEE_OTHER, "13");
    let mut b = signed_in(&svc, "m@example.org").await;
    age_sessions(&app, 0, 14 * 24 + 1);
    assert_eq!(
        b.get(&svc, "/").await.status,
        StatusCode::SEE_OTHER,
        "used a minute ago, but signed in over 14 days ago"
    );
}

#[actix_web::test]
async fn last_use_is_written_at_most_once_a_minute_and_anonymous_visits_make_no_rows() {
    let app = TestApp::new();
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut anon = Browser::new();
    for path in ["/sign-in", "/password-reset", "/", "/profile"] {
        anon.get(&svc, path).await;
    }
    assert_eq!(session_rows(&app), 0, "anonymous visitors make no rows");
    let mut b = signed_in(&svc, "m@example.org").await;
    let seen = || -> chrono::NaiveDateTime {
        sessions::table
            .select(sessions::last_seen_at)
            .first(&mut app.conn())
            .unwrap()
    };
    let first = seen();
    b.get(&svc, "/profile").await;
    assert_eq!(seen(), first, "a read within the minute writes nothing");
    let earlier = pdsa::models::now() - chrono::TimeDelta::minutes(2);
    diesel::update(sessions::table)
        .set(sessions::last_seen_at.eq(earlier))
        .execute(&mut app.conn())
        .unwrap();
    b.get(&svc, "/profile").await;
    assert!(seen() > first, "written again after a minute");
}

#[actix_web::test]
async fn the_profile_lists_sessions_and_signs_out_everywhere() {
    let app = TestApp::new();
    let m = app.person(GlobalRole::Member, "m@example.org");
    let token = app.token(m.id);
    let svc = app.service().await;
    let mut other = signed_in(&svc, "m@example.org").await;
    let mut b = signed_in(&svc, "m@example.org").await;
    let (status, _) = api(&svc, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    let page = b.get(&svc, "/profile").await;
    assert_eq!(
        page.body.matches("/profile/sessions/").count(),
        2,
        "{}",
        page.body
    );
    assert!(page.body.contains("this browser"));
    assert!(page.body.contains("Sign out everywhere"));
    let (status, list) = api(&svc, Method::GET, "/api/v1/sessions", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert!(
        list["items"][0]["created_at"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    let out = b
        .post(&svc, "/profile/sign-out-everywhere", &[("tokens", "on")])
        .await;
    assert_eq!(out.location.as_deref(), Some("/sign-in"));
    let signin = b.get(&svc, "/sign-in").await;
    assert!(
        signin
            .body
            .contains("You are signed out everywhere (2 sessions). 1 API token was revoked."),
        "{}",
        signin.body
    );
    assert_eq!(other.get(&svc, "/").await.status, StatusCode::SEE_OTHER);
    assert_eq!(b.get(&svc, "/").await.status, StatusCode::SEE_OTHER);
    let (status, _) = api(&svc, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn the_api_signs_out_everywhere_and_needs_to_be_told_about_tokens() {
    let app = TestApp::new();
    let m = app.person(GlobalRole::Member, "m@example.org");
    let token = app.token(m.id);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "m@example.org").await;
    let path = "/api/v1/me/sign-out-everywhere";
    let (status, _) = api(
        &svc,
        Method::POST,
        path,
        Some(&token),
        Some(serde_json::json!({})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "revoke_tokens must be said"
    );
    assert_eq!(
        b.get(&svc, "/").await.status,
        StatusCode::OK,
        "nothing ended"
    );
    let body = serde_json::json!({"revoke_tokens": false});
    let (status, out) = api(&svc, Method::POST, path, Some(&token), Some(body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(out["sessions_ended"], 1);
    assert_eq!(out["tokens_revoked"], 0);
    assert_eq!(b.get(&svc, "/").await.status, StatusCode::SEE_OTHER);
    let body = serde_json::json!({"revoke_tokens": true});
    let (status, out) = api(&svc, Method::POST, path, Some(&token), Some(body)).await;
    assert_eq!(
        (status, out["tokens_revoked"].as_i64()),
        (StatusCode::OK, Some(1))
    );
    let (status, _) = api(&svc, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_role_change_gives_the_session_a_new_id() {
    let app = TestApp::new();
    let m = app.person(GlobalRole::Member, "m@example.org");
    app.person(GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let mut member = signed_in(&svc, "m@example.org").await;
    let before = member.cookie();
    let mut dir = signed_in(&svc, "dir@example.org").await;
    let path = format!("/people/{}/role", m.id);
    dir.post(&svc, &path, &[("role", "facilitator")]).await;
    assert_eq!(
        member.get(&svc, "/people").await.status,
        StatusCode::OK,
        "now staff"
    );
    assert_ne!(
        member.cookie().unwrap().value(),
        before.as_ref().unwrap().value()
    );
    let mut old = Browser::with_cookie(before);
    assert_eq!(
        old.get(&svc, "/").await.status,
        StatusCode::SEE_OTHER,
        "the old id is gone"
    );
}

#[actix_web::test]
async fn a_deactivated_person_is_out_everywhere_until_reactivated() {
    use pdsa::models::person::Person;
    let app = TestApp::new();
    let m = app.person(GlobalRole::Member, "m@example.org");
    let d = app.person(GlobalRole::Director, "dir@example.org");
    let token = app.token(m.id);
    let dir_token = app.token(d.id);
    let svc = app.service().await;
    let mut member = signed_in(&svc, "m@example.org").await;
    let mut dir = signed_in(&svc, "dir@example.org").await;
    let own = dir
        .post(&svc, &format!("/people/{}/deactivate", d.id), &[])
        .await;
    assert_eq!(own.status, StatusCode::SEE_OTHER);
    assert!(
        dir.get(&svc, "/people")
            .await
            .body
            .contains("cannot deactivate yourself")
    );
    dir.post(&svc, &format!("/people/{}/deactivate", m.id), &[])
        .await;
    let people = dir.get(&svc, "/people").await;
    assert!(
        people
            .body
            .contains("m is deactivated: 1 session signed out, 1 API token revoked"),
        "{}",
        people.body
    );
    assert!(people.body.contains("deactivated</span>"));
    assert_eq!(member.get(&svc, "/").await.status, StatusCode::SEE_OTHER);
    let (status, _) = api(&svc, Method::GET, "/api/v1/me", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let mut again = Browser::new();
    let refused = again
        .post(
            &svc,
            "/sign-in",
            &[("email", "m@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("deactivated"), "{}", refused.body);
    let wrong = again
        .post(
            &svc,
            "/sign-in",
            &[("email", "m@example.org"), ("password", "not it")],
        )
        .await;
    assert!(
        !wrong.body.contains("deactivated"),
        "tells a stranger nothing"
    );
    let kept = Person::find(&mut app.conn(), m.id).unwrap();
    assert!(
        kept.deactivated_at.is_some(),
        "the person and their history stay"
    );
    let path = format!("/api/v1/people/{}/reactivate", m.id);
    let (status, body) = api(&svc, Method::POST, &path, Some(&dir_token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["deactivated_at"].is_null());
    again.sign_in(&svc, "m@example.org").await;
    let path = format!("/api/v1/people/{}/deactivate", m.id);
    let (status, body) = api(&svc, Method::POST, &path, Some(&dir_token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["sessions_ended"], 1);
    assert!(body["deactivated_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(again.get(&svc, "/").await.status, StatusCode::SEE_OTHER);
    let history = crate::audit::history(&svc, &dir_token, "person", m.id.into()).await;
    let logged: Vec<&str> = crate::audit::actions(&history)
        .into_iter()
        .filter(|a| a.ends_with("activated"))
        .collect();
    assert_eq!(
        logged,
        ["deactivated", "reactivated", "deactivated"],
        "each change of access is logged, newest first; the refused self-deactivation is not"
    );
}

#[actix_web::test]
async fn next_is_followed_only_to_a_path_of_this_site() {
    let app = TestApp::new();
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = signed_in(&svc, "m@example.org").await;
    let hostile = [
        "%2F%09%2Fevil.example",
        "%2F%0A%2Fevil.example",
        "%2F%00",
        "%2F%5Cevil.example",
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "javascript%3Aalert(1)",
    ];
    for next in hostile {
        let page = b.get(&svc, &format!("/sign-in?next={next}")).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{next}: {}", page.body);
        assert_eq!(page.location.as_deref(), Some("/"), "{next}");
    }
    let page = b.get(&svc, "/sign-in?next=%2Fprofile").await;
    assert_eq!(page.location.as_deref(), Some("/profile"));
    let mut anon = Browser::new();
    anon.get(&svc, "/sign-in?next=%2F%09%2Fevil.example").await;
    let done = anon
        .post(
            &svc,
            "/sign-in",
            &[
                ("email", "m@example.org"),
                ("password", PASSWORD),
                ("next", "/\n/evil.example"),
            ],
        )
        .await;
    assert_eq!(done.location.as_deref(), Some("/"));
}
