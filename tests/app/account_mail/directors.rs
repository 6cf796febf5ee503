//! The directors' outbox page and its retry.

use super::*;
use crate::fixtures::signed_in;
use chrono::NaiveDateTime;
use pdsa::domain::reminder::SubjectType;
use pdsa::domain::roles::GlobalRole;
use pdsa::models::account_link::{AccountLink, LinkPurpose};
use pdsa::models::meeting::Meeting;
use pdsa::models::outbox::{NewMail, enqueue, find};

/// Queues a reminder about a meeting for a person and marks it failed.
fn failed_reminder(app: &TestApp, m: &Meeting, person: i32) -> i32 {
    let now = pdsa::models::now();
    let mut mail = NewMail::new(
        MailKind::Reminder,
        (SubjectType::Meeting, m.id, m.revision),
        person,
        now,
        m.starts_at,
    );
    mail.offset_days = 99;
    enqueue(&mut app.conn(), &[mail]).unwrap();
    let id: i32 = outbox::table
        .filter(outbox::subject_id.eq(m.id))
        .filter(outbox::offset_days.eq(99))
        .select(outbox::id)
        .first(&mut app.conn())
        .unwrap();
    set_failed(app, id, "550 5.1.1 no such user");
    id
}

fn set_failed(app: &TestApp, id: i32, reason: &str) {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq("failed"),
            outbox::attempts.eq(3),
            outbox::last_error.eq(reason),
            outbox::claimed_by.eq(Some("worker-1")),
        ))
        .execute(&mut app.conn())
        .unwrap();
}

#[actix_web::test]
async fn directors_see_the_outbox_and_retry_a_failed_row() {
    let app = TestApp::new();
    for (role, email) in [
        (GlobalRole::Member, "ma@example.org"),
        (GlobalRole::Member, "mb@example.org"),
        (GlobalRole::Facilitator, "fac@example.org"),
        (GlobalRole::Director, "dir@example.org"),
    ] {
        app.person(role, email);
    }
    let cal = calendar(&app);
    let ma = person_id(&app, "ma@example.org");
    let meeting = Meeting::find(&mut app.conn(), cal.ashford).unwrap();
    let id = failed_reminder(&app, &meeting, ma);
    let svc = app.service().await;
    for who in ["ma@example.org", "fac@example.org"] {
        let mut b = signed_in(&svc, who).await;
        assert_eq!(b.get(&svc, "/outbox").await.status, StatusCode::FORBIDDEN);
        let post = b.post(&svc, &format!("/outbox/{id}/retry"), &[]).await;
        assert_eq!(post.status, StatusCode::FORBIDDEN);
    }
    let mut dir = signed_in(&svc, "dir@example.org").await;
    let home = dir.get(&svc, "/").await;
    assert!(home.body.contains("href=\"/outbox\""));
    let page = dir.get(&svc, "/outbox?status=failed").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("550 5.1.1 no such user"));
    assert!(
        page.body
            .contains(&format!("href=\"/meetings/{}\"", cal.ashford))
    );
    assert!(page.body.contains("Failed (1)"));
    let bad = dir.get(&svc, "/outbox?status=lost").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let before = pdsa::models::now();
    let retried = dir.post(&svc, &format!("/outbox/{id}/retry"), &[]).await;
    assert_eq!(retried.status, StatusCode::SEE_OTHER, "{}", retried.body);
    let row = find(&mut app.conn(), id).unwrap();
    assert_eq!(row.status, "pending");
    assert_eq!((row.attempts, row.claimed_by.clone()), (0, None));
    assert_eq!(row.expires_at, meeting.starts_at);
    assert!(row.due_at >= before && row.due_at <= pdsa::models::now());
    diesel::update(outbox::table.find(id))
        .set(outbox::status.eq("sent"))
        .execute(&mut app.conn())
        .unwrap();
    let again = dir.post(&svc, &format!("/outbox/{id}/retry"), &[]).await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a sent row is not sent again"
    );
    assert!(again.body.contains("this one is sent"), "{}", again.body);
}

#[actix_web::test]
async fn a_retry_is_refused_once_the_event_began_or_the_link_is_gone() {
    let app = TestApp::new();
    for (role, email) in [
        (GlobalRole::Member, "ma@example.org"),
        (GlobalRole::Member, "mb@example.org"),
        (GlobalRole::Facilitator, "fac@example.org"),
        (GlobalRole::Director, "dir@example.org"),
    ] {
        app.person(role, email);
    }
    let cal = calendar(&app);
    let ma = person_id(&app, "ma@example.org");
    let mut meeting = Meeting::find(&mut app.conn(), cal.ashford).unwrap();
    let id = failed_reminder(&app, &meeting, ma);
    let begun: NaiveDateTime = pdsa::models::now() - TimeDelta::minutes(5);
    diesel::update(meetings::table.find(meeting.id))
        .set(meetings::starts_at.eq(begun))
        .execute(&mut app.conn())
        .unwrap();
    meeting.starts_at = begun;

    let now = pdsa::models::now();
    let (link, _) =
        AccountLink::issue(&mut app.conn(), ma, LinkPurpose::Invitation, "dir", now).unwrap();
    let invitation = rows_of(&app, ma, MailKind::Invitation)[0].id;
    assert_eq!(
        rows_of(&app, ma, MailKind::Invitation)[0].subject_id,
        link.id
    );
    set_failed(&app, invitation, "550 mailbox unavailable");
    diesel::update(outbox::table.find(invitation))
        .set(outbox::secret.eq(None::<String>))
        .execute(&mut app.conn())
        .unwrap();

    let svc = app.service().await;
    let mut dir = signed_in(&svc, "dir@example.org").await;
    let refused = dir.post(&svc, &format!("/outbox/{id}/retry"), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("The meeting has begun"));
    assert_eq!(find(&mut app.conn(), id).unwrap().status, "failed");

    let refused = dir
        .post(&svc, &format!("/outbox/{invitation}/retry"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("Send a new invitation from the People page instead.")
    );
    assert_eq!(find(&mut app.conn(), invitation).unwrap().status, "failed");
}
