//! Moving an event twice and then cancelling it, through the API: older pending rows are
//! cancelled, the new revision is planned, those already reminded get an update carrying the
//! previous time, and a cancellation reaches everyone concerned; stale versions and edits of a
//! cancelled event are refused.

use super::*;

/// The API body of an Alder tune-up run by `fac` from `start` to `end` (RFC 3339).
fn body(w: &World, start: &str, end: &str, title: &str) -> Value {
    json!({
        "district_id": w.alder.id, "kind": "tune_up", "title": title,
        "starts_at": start, "ends_at": end,
        "modality": "video", "video_url": "https://meet.example.org/alder",
        "facilitator_ids": [w.fac],
    })
}

/// The body with the version read.
fn with_version(mut b: Value, version: i64) -> Value {
    b["version"] = json!(version);
    b
}

#[actix_web::test]
async fn moving_twice_replans_and_tells_those_reminded_then_cancelling_tells_everyone() {
    let app = TestApp::new();
    let w = World::new(&app);
    let tok = app.token(w.fac);
    let svc = app.service().await;
    let path = "/api/v1/meetings";
    let b0 = body(
        &w,
        "2030-03-12T15:00:00Z",
        "2030-03-12T16:00:00Z",
        "Tune-up",
    );
    let (s, m) = api(&svc, Method::POST, path, Some(&tok), Some(b0)).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let id = m["id"].as_i64().unwrap() as i32;
    let one = format!("{path}/{id}");
    let everyone = w.alder_tune_up();
    let first = rows(&app, SubjectType::Meeting, id);
    mark_sent(&app, reminder_of(&first, w.alder_leader, 0, 7));

    // First move: a week later.
    let b1 = body(
        &w,
        "2030-03-19T15:00:00Z",
        "2030-03-19T16:00:00Z",
        "Tune-up",
    );
    let (s, m) = api(
        &svc,
        Method::PUT,
        &one,
        Some(&tok),
        Some(with_version(b1, m["version"].as_i64().unwrap())),
    )
    .await;
    assert_eq!(
        (s, m["revision"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{m}"
    );
    let all = rows(&app, SubjectType::Meeting, id);
    let old: Vec<_> = of_kind(&all, MailKind::Reminder, Some(0));
    assert_eq!(old.iter().filter(|r| r.status == "sent").count(), 1);
    assert!(
        old.iter()
            .filter(|r| r.status != "sent")
            .all(|r| r.status == "cancelled")
    );
    let planned = of_kind(&all, MailKind::Reminder, Some(1));
    assert_eq!((people_of(&planned), planned.len()), (everyone.clone(), 6));
    assert!(
        planned
            .iter()
            .all(|r| r.status == "pending" && r.expires_at == at("2030-03-19 15:00"))
    );
    let updated = of_kind(&all, MailKind::Updated, Some(1));
    assert_eq!(
        people_of(&updated),
        vec![w.alder_leader],
        "only the one reminded"
    );
    let was = when_text(at("2030-03-12 15:00"), at("2030-03-12 16:00"), NY);
    assert_eq!(updated[0].detail, was);
    assert_eq!(
        (updated[0].offset_days, updated[0].status.as_str()),
        (0, "pending")
    );
    assert!(updated[0].due_at <= pdsa::models::now());
    mark_sent(&app, reminder_of(&all, w.alder_coach, 1, 7));

    // Second move: another week later, another hour.
    let b2 = body(
        &w,
        "2030-03-26T14:00:00Z",
        "2030-03-26T15:00:00Z",
        "Tune-up",
    );
    let (s, m) = api(
        &svc,
        Method::PUT,
        &one,
        Some(&tok),
        Some(with_version(b2, m["version"].as_i64().unwrap())),
    )
    .await;
    assert_eq!(
        (s, m["revision"].as_i64()),
        (StatusCode::OK, Some(2)),
        "{m}"
    );
    let all = rows(&app, SubjectType::Meeting, id);
    let rev1: Vec<_> = all.iter().filter(|r| r.revision == 1).collect();
    assert!(
        rev1.iter()
            .all(|r| r.status == "sent" || r.status == "cancelled"),
        "{rev1:#?}"
    );
    assert_eq!(
        of_kind(&all, MailKind::Updated, Some(1))[0].status,
        "cancelled"
    );
    let updated = of_kind(&all, MailKind::Updated, Some(2));
    assert_eq!(
        people_of(&updated),
        sorted(vec![w.alder_leader, w.alder_coach])
    );
    let was = when_text(at("2030-03-19 15:00"), at("2030-03-19 16:00"), NY);
    assert!(updated.iter().all(|r| r.detail == was));
    assert_eq!(of_kind(&all, MailKind::Reminder, Some(2)).len(), 6);

    // An edit that does not move it queues nothing.
    let b3 = body(
        &w,
        "2030-03-26T14:00:00Z",
        "2030-03-26T15:00:00Z",
        "Renamed",
    );
    let (s, m) = api(
        &svc,
        Method::PUT,
        &one,
        Some(&tok),
        Some(with_version(b3.clone(), m["version"].as_i64().unwrap())),
    )
    .await;
    assert_eq!(
        (s, m["revision"].as_i64()),
        (StatusCode::OK, Some(2)),
        "{m}"
    );
    assert_eq!(rows(&app, SubjectType::Meeting, id).len(), all.len());
    let version = m["version"].as_i64().unwrap();

    // Cancelling: a stale version is a conflict, then it goes through.
    let cancel = format!("{one}/cancel");
    let (s, e) = api(
        &svc,
        Method::POST,
        &cancel,
        Some(&tok),
        Some(json!({"version": version - 1})),
    )
    .await;
    assert_eq!(s, StatusCode::CONFLICT, "{e}");
    assert_eq!(e["current"]["version"].as_i64(), Some(version));
    let (s, m) = api(
        &svc,
        Method::POST,
        &cancel,
        Some(&tok),
        Some(json!({"version": version})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert!(m["cancelled_at"].is_string(), "{m}");
    assert_eq!(m["revision"].as_i64(), Some(3));
    let all = rows(&app, SubjectType::Meeting, id);
    let gone = of_kind(&all, MailKind::Cancelled, None);
    assert_eq!((people_of(&gone), gone.len()), (everyone, 3));
    assert!(gone.iter().all(|r| r.revision == 3
        && r.status == "pending"
        && r.expires_at == at("2030-03-26 14:00")));
    assert!(
        all.iter()
            .filter(|r| r.kind != "cancelled")
            .all(|r| r.status != "pending"),
        "nothing else still waits"
    );

    // Twice is refused, and so is an edit.
    let v = m["version"].as_i64().unwrap();
    let (s, e) = api(
        &svc,
        Method::POST,
        &cancel,
        Some(&tok),
        Some(json!({"version": v})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["errors"][0]["field"], "cancelled");
    assert_eq!(e["errors"][0]["message"], "is already cancelled");
    let (s, e) = api(
        &svc,
        Method::PUT,
        &one,
        Some(&tok),
        Some(with_version(b3, v)),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(
        (
            e["errors"][0]["field"].as_str(),
            e["errors"][0]["message"].as_str()
        ),
        (Some("cancelled"), Some("is cancelled"))
    );
    assert_eq!(rows(&app, SubjectType::Meeting, id).len(), all.len());
}

#[actix_web::test]
async fn a_convening_reaches_every_team_and_the_staff_and_its_host_leader_gets_the_host_note() {
    let app = TestApp::new();
    let w = World::new(&app);
    let cv = fixtures::convening(&app, &w.y, 1, d(2029, 10, 15), w.alder.id);
    let all = rows(&app, SubjectType::Convening, cv.id);
    let reminders = of_kind(&all, MailKind::Reminder, Some(0));
    assert_eq!(people_of(&reminders), w.convening());
    assert_eq!(reminders.len(), 2 * w.convening().len());
    let notes = of_kind(&all, MailKind::HostNote, Some(0));
    assert_eq!(people_of(&notes), vec![w.alder_leader]);
    let dues: Vec<_> = notes.iter().map(|r| (r.offset_days, r.due_at)).collect();
    assert_eq!(
        dues,
        vec![(7, at("2029-10-08 11:00")), (1, at("2029-10-14 11:00"))]
    );
    // Breakfast at 08:30 EDT: nothing is worth sending after that.
    assert!(all.iter().all(|r| r.expires_at == at("2029-10-15 12:30")));

    // Moved a day: the director, already reminded, is told; the host notes are re-planned.
    mark_sent(&app, reminder_of(&all, w.director, 0, 7));
    let tok = app.token(w.director);
    let svc = app.service().await;
    let one = format!("/api/v1/convenings/{}", cv.id);
    let moved = json!({"version": cv.version, "number": 1, "date": "2029-10-16", "host_district_id": w.alder.id});
    let (s, saved) = api(&svc, Method::PUT, &one, Some(&tok), Some(moved)).await;
    assert_eq!(
        (s, saved["revision"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{saved}"
    );
    let all = rows(&app, SubjectType::Convening, cv.id);
    assert!(
        of_kind(&all, MailKind::HostNote, Some(0))
            .iter()
            .all(|r| r.status == "cancelled")
    );
    assert_eq!(of_kind(&all, MailKind::HostNote, Some(1)).len(), 2);
    let updated = of_kind(&all, MailKind::Updated, Some(1));
    assert_eq!(people_of(&updated), vec![w.director]);
    assert_eq!(
        updated[0].detail,
        when_text(at("2029-10-15 12:30"), at("2029-10-15 19:30"), NY)
    );

    // Cancelled by a director: pending rows cancelled, everyone told once.
    let version = saved["version"].as_i64().unwrap();
    let member = app.token(w.alder_leader);
    let cancel = format!("{one}/cancel");
    let (s, _) = api(
        &svc,
        Method::POST,
        &cancel,
        Some(&member),
        Some(json!({"version": version})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, c) = api(
        &svc,
        Method::POST,
        &cancel,
        Some(&tok),
        Some(json!({"version": version})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert!(c["cancelled_at"].is_string(), "{c}");
    let all = rows(&app, SubjectType::Convening, cv.id);
    let gone = of_kind(&all, MailKind::Cancelled, Some(2));
    assert_eq!(
        (people_of(&gone), gone.len()),
        (w.convening(), w.convening().len())
    );
    assert!(
        all.iter()
            .filter(|r| r.kind != "cancelled")
            .all(|r| r.status != "pending")
    );
    let (s, e) = api(
        &svc,
        Method::POST,
        &cancel,
        Some(&tok),
        Some(json!({"version": version + 1})),
    )
    .await;
    assert_eq!(
        (s, e["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("cancelled"))
    );
    let edit = json!({"version": version + 1, "number": 1, "date": "2029-10-17", "host_district_id": w.alder.id});
    let (s, e) = api(&svc, Method::PUT, &one, Some(&tok), Some(edit)).await;
    assert_eq!(
        (s, e["errors"][0]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("cancelled"))
    );
}
