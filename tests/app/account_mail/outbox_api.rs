//! The outbox through the API (issue 13): the list in the usual shape, narrowed by status,
//! kind, recipient and event, paged; bad filters named; and `retry`, the page's model call,
//! which sends a failed or expired row again and a pending one now.

use super::*;
use crate::support::api;
use actix_web::http::Method;
use pdsa::domain::roles::GlobalRole;
use pdsa::models::outbox::find;
use serde_json::Value;

/// The people the calendar needs, the calendar (which queues its reminders), a director's token.
fn setup(app: &TestApp) -> (Calendar, String) {
    for (role, email) in [
        (GlobalRole::Member, "ma@example.org"),
        (GlobalRole::Member, "mb@example.org"),
        (GlobalRole::Facilitator, "fac@example.org"),
        (GlobalRole::Director, "dir@example.org"),
    ] {
        app.person(role, email);
    }
    let cal = calendar(app);
    let token = app.token(person_id(app, "dir@example.org"));
    (cal, token)
}

/// Every row as stored, newest first.
fn all_rows(app: &TestApp) -> Vec<OutboxRow> {
    outbox::table
        .order(outbox::id.desc())
        .select(OutboxRow::as_select())
        .load(&mut app.conn())
        .unwrap()
}

fn ids(body: &Value) -> Vec<i32> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap() as i32)
        .collect()
}

fn fields(body: &Value) -> Vec<String> {
    let mut f: Vec<String> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    f.sort();
    f
}

#[actix_web::test]
async fn directors_list_the_outbox_filtered_and_paged() {
    let app = TestApp::new();
    let (cal, token) = setup(&app);
    let ma = person_id(&app, "ma@example.org");
    let rows = all_rows(&app);
    assert!(
        rows.len() >= 6,
        "the calendar queues reminders: {}",
        rows.len()
    );
    let failed = rows.iter().find(|r| r.person_id == ma).unwrap().id;
    diesel::update(outbox::table.find(failed))
        .set((
            outbox::status.eq("failed"),
            outbox::attempts.eq(3),
            outbox::last_error.eq("550 5.1.1 no such user"),
        ))
        .execute(&mut app.conn())
        .unwrap();
    let svc = app.service().await;
    let (svc, token) = (&svc, token.as_str());
    let get = |q: String| async move {
        let path = format!("/api/v1/outbox{q}");
        api(svc, Method::GET, &path, Some(token), None).await
    };

    let (status, all) = get("?limit=1000".into()).await;
    assert_eq!(status, StatusCode::OK, "{all}");
    assert_eq!(ids(&all), rows.iter().map(|r| r.id).collect::<Vec<_>>());
    assert_eq!(all["next"], Value::Null);
    let item = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == failed)
        .unwrap();
    assert_eq!(item["status"], "failed");
    assert_eq!(item["attempts"], 3);
    assert_eq!(item["last_error"], "550 5.1.1 no such user");
    assert_eq!(item["person_email"], "ma@example.org");
    assert!(item["due_at"].as_str().unwrap().ends_with('Z'), "{item}");

    let (_, only_failed) = get("?status=failed".into()).await;
    assert_eq!(ids(&only_failed), [failed]);
    let want = |keep: &dyn Fn(&OutboxRow) -> bool| -> Vec<i32> {
        rows.iter().filter(|r| keep(r)).map(|r| r.id).collect()
    };
    let about =
        |t: &'static str, id: i32| move |r: &OutboxRow| r.subject_type == t && r.subject_id == id;
    let checks: Vec<(String, Vec<i32>)> = vec![
        (
            format!("?meeting_id={}", cal.ashford),
            want(&about("meeting", cal.ashford)),
        ),
        (
            format!("?convening_id={}", cal.convening),
            want(&about("convening", cal.convening)),
        ),
        (
            format!("?person_id={ma}"),
            want(&|r: &OutboxRow| r.person_id == ma),
        ),
        (
            "?kind=reminder".into(),
            want(&|r: &OutboxRow| r.kind == "reminder"),
        ),
        (
            format!("?person_id={ma}&meeting_id={}&status=pending", cal.ashford),
            want(&|r: &OutboxRow| {
                r.person_id == ma && about("meeting", cal.ashford)(r) && r.id != failed
            }),
        ),
    ];
    for (q, expected) in checks {
        assert!(!expected.is_empty(), "{q} should match something");
        let (status, body) = get(format!("{q}&limit=1000")).await;
        assert_eq!(status, StatusCode::OK, "{q}: {body}");
        assert_eq!(ids(&body), expected, "{q}");
    }
    let (_, about_meeting) = get(format!("?meeting_id={}", cal.ashford)).await;
    for i in about_meeting["items"].as_array().unwrap() {
        assert_eq!(
            (i["meeting_id"].as_i64(), i["convening_id"].as_i64()),
            (Some(i64::from(cal.ashford)), None)
        );
    }

    let mut walked = Vec::new();
    let mut after = String::new();
    loop {
        let (status, page) = get(format!("?limit=2{after}")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(ids(&page).len() <= 2);
        walked.extend(ids(&page));
        match page["next"].as_str() {
            Some(next) => after = format!("&after={next}"),
            None => break,
        }
    }
    assert_eq!(walked, ids(&all), "the pages together are the list");
}

#[actix_web::test]
async fn bad_filters_are_named() {
    let app = TestApp::new();
    let (_, token) = setup(&app);
    let svc = app.service().await;
    let cases = [
        ("status=lost", vec!["status"]),
        ("kind=letter", vec!["kind"]),
        ("person_id=ana", vec!["person_id"]),
        ("meeting_id=1.5", vec!["meeting_id"]),
        ("convening_id=", vec!["convening_id"]),
        (
            "status=sent&kind=x&person_id=y&limit=0",
            vec!["kind", "limit", "person_id"],
        ),
    ];
    for (q, want) in cases {
        let (status, body) = api(
            &svc,
            Method::GET,
            &format!("/api/v1/outbox?{q}"),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{q}: {body}");
        assert_eq!(fields(&body), want, "{q}: {body}");
    }
}

#[actix_web::test]
async fn retry_sends_a_failed_row_again_and_a_pending_one_now() {
    let app = TestApp::new();
    let (cal, token) = setup(&app);
    let rows = all_rows(&app);
    let later: Vec<&OutboxRow> = rows
        .iter()
        .filter(|r| r.subject_type == "meeting" && r.subject_id == cal.ashford)
        .collect();
    let (failed, waiting) = (later[0].id, later[1].id);
    let now = pdsa::models::now();
    assert!(
        later[1].due_at > now,
        "the calendar's reminders are due in 2030"
    );
    diesel::update(outbox::table.find(failed))
        .set((outbox::status.eq("failed"), outbox::attempts.eq(3)))
        .execute(&mut app.conn())
        .unwrap();
    diesel::update(outbox::table.find(waiting))
        .set(outbox::attempts.eq(2))
        .execute(&mut app.conn())
        .unwrap();
    let svc = app.service().await;
    let (svc, token) = (&svc, token.as_str());
    let retry = |id: i32| async move {
        let path = format!("/api/v1/outbox/{id}/retry");
        api(svc, Method::POST, &path, Some(token), None).await
    };

    let (status, body) = retry(failed).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["status"].as_str(), body["attempts"].as_i64()),
        (Some("pending"), Some(0))
    );
    let row = find(&mut app.conn(), failed).unwrap();
    assert!(row.due_at >= now && row.due_at <= pdsa::models::now());

    let (status, body) = retry(waiting).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let row = find(&mut app.conn(), waiting).unwrap();
    assert_eq!(
        (row.status.as_str(), row.attempts),
        ("pending", 2),
        "its tries were real"
    );
    assert!(
        row.due_at >= now && row.due_at <= pdsa::models::now(),
        "due now: {}",
        row.due_at
    );
    assert_eq!(body["id"], waiting);

    diesel::update(outbox::table.find(waiting))
        .set(outbox::status.eq("sent"))
        .execute(&mut app.conn())
        .unwrap();
    let (status, body) = retry(waiting).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("this one is sent"),
        "{body}"
    );
    let (status, body) = retry(999_999).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    let mut dir = crate::fixtures::signed_in(svc, "dir@example.org").await;
    let page = dir.get(svc, "/outbox?status=pending").await;
    assert!(
        page.body.contains("Send now"),
        "a pending row has its button"
    );
    let third = later[2].id;
    let sent_now = dir.post(svc, &format!("/outbox/{third}/retry"), &[]).await;
    assert_eq!(sent_now.status, StatusCode::SEE_OTHER, "{}", sent_now.body);
    assert!(find(&mut app.conn(), third).unwrap().due_at <= pdsa::models::now());
}
