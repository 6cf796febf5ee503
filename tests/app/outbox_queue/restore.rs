//! Cancellation is reversible (issue 13 §3): a director restores a cancelled tune-up or
//! convening, which makes a new revision, plans its reminders again and tells everyone invited
//! (a real SMTP sink reads the notice); a cancelled convening can be replaced, and is then not
//! restored while the replacement holds its number.

use super::*;
use crate::smtp::smtp_server;
use mail_parser::MessageParser;
use pdsa::db::schema::convenings;
use pdsa::domain::reminder::OutboxStatus;

#[actix_web::test]
async fn a_restored_tune_up_is_on_again_and_everyone_invited_hears_so() {
    let app = TestApp::new();
    let w = World::new(&app);
    let m = w.tune_up(&app, "2030-03-12 15:00");
    let tok = app.token(w.director);
    let svc = app.service().await;
    let path = format!("/api/v1/meetings/{}", m.id);
    let (s, c) = api(
        &svc,
        Method::POST,
        &format!("{path}/cancel"),
        Some(&tok),
        Some(json!({"version": m.version})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let version = c["version"].as_i64().unwrap();
    // A facilitator cancels meetings but only a director restores them.
    let fac = app.token(w.fac);
    let (s, _) = api(
        &svc,
        Method::POST,
        &format!("{path}/restore"),
        Some(&fac),
        Some(json!({"version": version})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, r) = api(
        &svc,
        Method::POST,
        &format!("{path}/restore"),
        Some(&tok),
        Some(json!({"version": version})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r.get("cancelled_at"), Some(&Value::Null), "{r}");
    let revision = m.revision + 2;
    let all = rows(&app, SubjectType::Meeting, m.id);
    let cancels = of_kind(&all, MailKind::Cancelled, None);
    assert_eq!(people_of(&cancels), w.alder_tune_up());
    assert!(
        cancels
            .iter()
            .all(|r| r.outbox_status() == OutboxStatus::Cancelled),
        "an unsent cancellation is withdrawn: {cancels:#?}"
    );
    let reminders = of_kind(&all, MailKind::Reminder, Some(revision));
    assert_eq!(reminders.len(), 2 * w.alder_tune_up().len());
    assert!(reminders.iter().all(|r| r.status == "pending"));
    let notices = of_kind(&all, MailKind::Updated, Some(revision));
    assert_eq!(people_of(&notices), w.alder_tune_up());

    let (s, again) = api(
        &svc,
        Method::POST,
        &format!("{path}/restore"),
        Some(&tok),
        Some(json!({"version": r["version"]})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
    assert_eq!(again["errors"][0]["field"], "cancelled", "{again}");

    let (mailer, inbox) = smtp_server(&[]);
    let worker =
        pdsa::mail::worker::Worker::new(app.state.pool.clone(), &app.state.config, mailer).unwrap();
    worker.run_once(pdsa::models::now()).unwrap();
    let got = inbox.lock().unwrap().clone();
    assert_eq!(
        got.len(),
        w.alder_tune_up().len(),
        "one notice each, no cancellation"
    );
    let msg = MessageParser::default().parse(&got[0].raw).unwrap();
    assert!(
        msg.subject().unwrap().starts_with("Changed:"),
        "{:?}",
        msg.subject()
    );
    let text = msg.body_text(0).unwrap();
    assert!(text.contains("No longer cancelled"), "{text}");
    let raw = String::from_utf8_lossy(&got[0].raw);
    assert!(raw.contains("METHOD:REQUEST"), "{raw}");
    assert!(raw.contains(&format!("SEQUENCE:{revision}")), "{raw}");
}

#[actix_web::test]
async fn a_cancelled_convening_can_be_replaced_and_is_then_not_restored_over_it() {
    let app = TestApp::new();
    let w = World::new(&app);
    let cv = fixtures::convening(&app, &w.y, 1, d(2029, 10, 15), w.alder.id);
    let by = pdsa::models::audit::AuditActor::system("test");
    let now = pdsa::models::now();
    let (cancelled, _) =
        pdsa::models::convening::Convening::cancel(&mut app.conn(), &by, cv.id, cv.version, now)
            .unwrap();
    let replacement = fixtures::convening(&app, &w.y, 1, d(2029, 10, 22), w.alder.id);
    assert_ne!(replacement.id, cv.id);
    let tok = app.token(w.director);
    let svc = app.service().await;
    let restore = format!("/api/v1/convenings/{}/restore", cv.id);
    let body = json!({"version": cancelled.version});
    let (s, m) = api(&svc, Method::POST, &restore, Some(&tok), Some(body)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
    assert_eq!(m["errors"][0]["field"], "number", "{m}");
    // The database holds the same rule: two convenings 1 of a year that are both on is refused.
    let twice = diesel::update(convenings::table.find(cv.id))
        .set(convenings::cancelled_at.eq(None::<NaiveDateTime>))
        .execute(&mut *app.conn());
    assert!(twice.is_err(), "the partial unique index refuses it");

    pdsa::models::convening::Convening::cancel(
        &mut app.conn(),
        &by,
        replacement.id,
        replacement.version,
        now,
    )
    .unwrap();
    let mut dir = signed_in(&svc, "dir@example.org").await;
    let show = format!("/convenings/{}", cv.id);
    let version = cancelled.version.to_string();
    let done = dir
        .post(&svc, &format!("{show}/restore"), &[("version", &version)])
        .await;
    assert_eq!(
        (done.status, done.location.as_deref()),
        (StatusCode::SEE_OTHER, Some(show.as_str()))
    );
    let (s, m) = api(
        &svc,
        Method::GET,
        &format!("/api/v1{show}"),
        Some(&tok),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m.get("cancelled_at"), Some(&Value::Null), "{m}");
    let page = dir.get(&svc, &show).await.body;
    assert!(
        page.contains("Restored: the convening is on again"),
        "{page}"
    );
    assert!(!page.contains("Restore this convening"));
    let page = dir
        .get(&svc, &format!("/convenings/{}", replacement.id))
        .await
        .body;
    assert!(page.contains("Restore this convening"), "{page}");
}
