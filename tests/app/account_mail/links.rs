//! Invitation and password-reset links: single use, expiry, the same words either way.

use super::*;
use crate::fixtures::signed_in;
use crate::support::{PASSWORD, api};
use actix_web::http::Method;
use pdsa::domain::reminder::SubjectType;
use pdsa::domain::roles::GlobalRole;
use pdsa::models::account_link::{AccountLink, LinkPurpose, LinkRefused};
use pdsa::web::pages::password_reset::RESET_REQUESTED;
use serde_json::json;

#[actix_web::test]
async fn a_new_person_gets_an_invitation_whose_link_sets_a_password_once() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let mut director = signed_in(&svc, "dir@example.org").await;
    let added = director
        .post(
            &svc,
            "/people",
            &[
                ("name", "Nora New"),
                ("email", "nora@example.org"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let people = director.get(&svc, "/people").await;
    assert!(
        people
            .body
            .contains("an invitation was emailed to nora@example.org")
    );
    assert!(people.body.contains("Send a new invitation"));

    let nora = person_id(&app, "nora@example.org");
    let rows = rows_of(&app, nora, MailKind::Invitation);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].subject(), SubjectType::AccountLink);
    assert_eq!(rows[0].detail, "dir", "the inviter's name");
    let secret = rows[0]
        .secret
        .clone()
        .expect("the link's secret travels in the row");
    assert!(!can_sign_in(&svc, "nora@example.org", PASSWORD).await);

    let mut b = Browser::new();
    let form = b.get(&svc, &format!("/welcome/{secret}")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Hello Nora New"));
    assert!(form.body.contains("name=\"csrf_token\""));
    let path = format!("/welcome/{secret}");
    let short = b
        .post(&svc, &path, &[("password", "short"), ("confirm", "short")])
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("must be at least 10 characters"));
    let mismatch = b
        .post(
            &svc,
            &path,
            &[("password", NEW_PASSWORD), ("confirm", "something else")],
        )
        .await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(mismatch.body.contains("does not match the password"));

    let set = b
        .post(
            &svc,
            &path,
            &[("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    assert_eq!(set.location.as_deref(), Some("/"));
    let home = b.get(&svc, "/").await;
    assert_eq!(home.status, StatusCode::OK, "signed in straight away");
    assert!(
        home.body
            .contains("Your password is set. Welcome, Nora New.")
    );

    let mut other = Browser::new();
    let again = other.get(&svc, &path).await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.body.contains("This link has been used already"));
    assert!(again.body.contains("href=\"/password-reset\""));
    let reuse = other
        .post(
            &svc,
            &path,
            &[
                ("password", "another password!"),
                ("confirm", "another password!"),
            ],
        )
        .await;
    assert_eq!(reuse.status, StatusCode::GONE);
    assert!(can_sign_in(&svc, "nora@example.org", NEW_PASSWORD).await);
    assert!(!can_sign_in(&svc, "nora@example.org", "another password!").await);
}

#[actix_web::test]
async fn an_expired_or_unknown_link_is_refused_and_changes_nothing() {
    let app = TestApp::new();
    let nora = app.person(GlobalRole::Member, "nora@example.org");
    let now = pdsa::models::now();
    let (_, raw) = AccountLink::issue(
        &mut app.conn(),
        nora.id,
        LinkPurpose::Invitation,
        "Dee",
        now,
    )
    .unwrap();
    expire_links(&app, nora.id);
    let svc = app.service().await;
    let mut b = Browser::new();
    let path = format!("/welcome/{raw}");
    let page = b.get(&svc, &path).await;
    assert_eq!(page.status, StatusCode::GONE);
    assert!(page.body.contains("This link has expired"));
    let post = b
        .post(
            &svc,
            &path,
            &[("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(post.status, StatusCode::GONE);
    assert!(
        can_sign_in(&svc, "nora@example.org", PASSWORD).await,
        "password unchanged"
    );

    let unknown = b.get(&svc, &format!("/welcome/{}", "ab".repeat(32))).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.contains("This link is not valid"));
    // A reset link is no invitation.
    let (_, reset) = AccountLink::issue(
        &mut app.conn(),
        nora.id,
        LinkPurpose::PasswordReset,
        "",
        now,
    )
    .unwrap();
    let wrong = b.get(&svc, &format!("/welcome/{reset}")).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_link_is_used_once_even_when_redeemed_twice_and_a_new_one_retires_the_old() {
    let app = TestApp::new();
    let nora = app.person(GlobalRole::Member, "nora@example.org");
    let now = pdsa::models::now();
    let c = &mut app.conn();
    let (_, first) = AccountLink::issue(c, nora.id, LinkPurpose::PasswordReset, "", now).unwrap();
    let (_, second) = AccountLink::issue(c, nora.id, LinkPurpose::PasswordReset, "", now).unwrap();
    let purpose = LinkPurpose::PasswordReset;
    assert_eq!(
        AccountLink::peek(c, &first, purpose, now).unwrap().err(),
        Some(LinkRefused::Expired),
        "issuing a new link ends the earlier one"
    );
    let rows = rows_of(&app, nora.id, MailKind::PasswordReset);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].status, "cancelled",
        "the old link's mail is not sent"
    );
    assert_eq!(rows[0].secret, None);
    assert_eq!(rows[1].status, "pending");
    assert_eq!(
        AccountLink::redeem(c, &second, purpose, now).unwrap(),
        Ok(nora.id)
    );
    assert_eq!(
        AccountLink::redeem(c, &second, purpose, now).unwrap(),
        Err(LinkRefused::Used)
    );
    assert_eq!(
        AccountLink::redeem(c, &second, LinkPurpose::Invitation, now).unwrap(),
        Err(LinkRefused::Unknown)
    );
}

#[actix_web::test]
async fn the_api_and_the_people_page_invite_and_reinvite() {
    let app = TestApp::new();
    let dir = app.person(GlobalRole::Director, "dir@example.org");
    let token = app.token(dir.id);
    let svc = app.service().await;
    let body = json!({"name": "Ari Api", "email": "ari@example.org", "role": "member"});
    let (status, created) = api(
        &svc,
        Method::POST,
        "/api/v1/people",
        Some(&token),
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["invitation_sent"], true);
    assert!(created["invitation_expires_at"].is_string());
    let ari = created["id"].as_i64().unwrap() as i32;
    let first = rows_of(&app, ari, MailKind::Invitation);
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].detail, "dir");

    let mut director = signed_in(&svc, "dir@example.org").await;
    let again = director
        .post(&svc, &format!("/people/{ari}/invite"), &[])
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let rows = rows_of(&app, ari, MailKind::Invitation);
    assert_eq!(rows.len(), 2, "a second invitation");
    assert_eq!(rows[0].status, "cancelled");
    let page = director.get(&svc, "/people").await;
    assert!(
        page.body
            .contains("A new invitation was emailed to ari@example.org")
    );

    // Someone with a password is not invited again.
    let had = director
        .post(&svc, &format!("/people/{}/invite", dir.id), &[])
        .await;
    assert_eq!(had.status, StatusCode::SEE_OTHER);
    assert!(rows_of(&app, dir.id, MailKind::Invitation).is_empty());
    let page = director.get(&svc, "/people").await;
    assert!(page.body.contains("has a password already"));
}

#[actix_web::test]
async fn a_reset_request_says_the_same_either_way_and_queues_only_for_a_known_address() {
    let app = TestApp::new();
    let nora = app.person(GlobalRole::Member, "nora@example.org");
    let svc = app.service().await;
    let mut b = Browser::new();
    let sign_in = b.get(&svc, "/sign-in").await;
    assert!(sign_in.body.contains("href=\"/password-reset\""));
    let form = b.get(&svc, "/password-reset").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("name=\"csrf_token\""));
    let known = b
        .post(&svc, "/password-reset", &[("email", "Nora@Example.org")])
        .await;
    let unknown = b
        .post(&svc, "/password-reset", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(
        (known.status, unknown.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert!(known.body.contains(RESET_REQUESTED));
    assert!(unknown.body.contains(RESET_REQUESTED));
    let queued: i64 = outbox::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(queued, 1, "only the known address gets a row");
    let rows = rows_of(&app, nora.id, MailKind::PasswordReset);
    let raw = rows[0].secret.clone().unwrap();
    assert!(rows[0].expires_at > rows[0].created_at + TimeDelta::hours(23));

    // Without the form's token it is refused, signed out as it is.
    let forged = Browser::new()
        .post_raw(&svc, "/password-reset", &[("email", "nora@example.org")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    let path = format!("/password-reset/{raw}");
    let mut r = Browser::new();
    assert_eq!(r.get(&svc, &path).await.status, StatusCode::OK);
    let done = r
        .post(
            &svc,
            &path,
            &[("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let twice = Browser::new().get(&svc, &path).await;
    assert_eq!(twice.status, StatusCode::GONE);
    assert!(twice.body.contains("This link has been used already"));
    assert!(can_sign_in(&svc, "nora@example.org", NEW_PASSWORD).await);
    assert!(!can_sign_in(&svc, "nora@example.org", PASSWORD).await);
}

#[actix_web::test]
async fn a_reset_link_is_refused_after_its_hour_and_requests_are_throttled() {
    let app = TestApp::new();
    let nora = app.person(GlobalRole::Member, "nora@example.org");
    let now = pdsa::models::now();
    let (link, raw) = AccountLink::issue(
        &mut app.conn(),
        nora.id,
        LinkPurpose::PasswordReset,
        "",
        now,
    )
    .unwrap();
    assert_eq!(link.expires_at, now + TimeDelta::hours(1));
    expire_links(&app, nora.id);
    let svc = app.service().await;
    let mut b = Browser::new();
    let path = format!("/password-reset/{raw}");
    let post = b
        .post(
            &svc,
            &path,
            &[("password", NEW_PASSWORD), ("confirm", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(post.status, StatusCode::GONE);
    assert!(post.body.contains("This link has expired"));

    for _ in 0..5 {
        let ok = b
            .post(&svc, "/password-reset", &[("email", "nobody@example.org")])
            .await;
        assert_eq!(ok.status, StatusCode::OK);
    }
    let refused = b
        .post(&svc, "/password-reset", &[("email", "nobody@example.org")])
        .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.retry_after.is_some());
}
