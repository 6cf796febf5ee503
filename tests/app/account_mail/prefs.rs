//! Unsubscribing, the reminders checkbox on the profile, and the calendar feed.

use super::*;
use crate::fixtures::signed_in;
use actix_web::test as atest;
use pdsa::domain::roles::GlobalRole;
use pdsa::models::mail_prefs::MailPrefs;

#[actix_web::test]
async fn unsubscribe_asks_on_get_and_acts_on_a_one_click_post_without_a_cookie() {
    let app = TestApp::new();
    let nora = app.person(GlobalRole::Member, "nora@example.org");
    let token = MailPrefs::of_person(&mut app.conn(), nora.id)
        .unwrap()
        .unsubscribe_token;
    let svc = app.service().await;
    let path = format!("/unsubscribe/{token}");
    let ask = Browser::new().get(&svc, &path).await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(ask.body.contains(&format!("action=\"{path}\"")));
    let off = |app: &TestApp| {
        MailPrefs::of_person(&mut app.conn(), nora.id)
            .unwrap()
            .reminders_off
    };
    assert!(!off(&app), "a GET changes nothing");

    let req = atest::TestRequest::post()
        .uri(&path)
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload("List-Unsubscribe=One-Click")
        .to_request();
    let res = atest::call_service(&svc, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = String::from_utf8_lossy(&atest::read_body(res).await).to_string();
    assert!(body.contains("Reminders are off"));
    assert!(body.contains("href=\"/profile\""));
    assert!(off(&app));

    // Signed in, with the session's cookie but no token (a webmail tab): still fine.
    MailPrefs::set_reminders_off(&mut app.conn(), nora.id, false).unwrap();
    let mut b = signed_in(&svc, "nora@example.org").await;
    let page = b.post_raw(&svc, &path, &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(off(&app));

    let bogus = format!("/unsubscribe/{}", "0".repeat(64));
    assert_eq!(
        Browser::new().get(&svc, &bogus).await.status,
        StatusCode::NOT_FOUND
    );
    let res = atest::call_service(&svc, atest::TestRequest::post().uri(&bogus).to_request()).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_profile_turns_reminders_on_and_off() {
    let app = TestApp::new();
    let nora = app.person(GlobalRole::Member, "nora@example.org");
    let svc = app.service().await;
    let mut b = signed_in(&svc, "nora@example.org").await;
    let page = b.get(&svc, "/profile").await;
    assert!(
        page.body
            .contains("name=\"reminders\" value=\"on\" checked")
    );
    let saved = b.post(&svc, "/profile/reminders", &[]).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let prefs = |app: &TestApp| MailPrefs::of_person(&mut app.conn(), nora.id).unwrap();
    assert!(prefs(&app).reminders_off);
    let page = b.get(&svc, "/profile").await;
    assert!(page.body.contains("Reminders are off"));
    assert!(
        !page
            .body
            .contains("name=\"reminders\" value=\"on\" checked")
    );
    b.post(&svc, "/profile/reminders", &[("reminders", "on")])
        .await;
    assert!(!prefs(&app).reminders_off);
}

/// GETs a feed: status, content type and body.
async fn get_feed<S, B>(svc: &S, path: &str) -> (StatusCode, String, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let res = atest::call_service(svc, atest::TestRequest::get().uri(path).to_request()).await;
    let status = res.status();
    let ctype = res
        .headers()
        .get("Content-Type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = String::from_utf8_lossy(&atest::read_body(res).await).to_string();
    (status, ctype, body)
}

/// The UIDs of a feed's events, with their STATUS.
fn events(text: &str) -> Vec<(String, Option<String>)> {
    use icalendar::Component;
    let cal: icalendar::Calendar = text.parse().unwrap();
    assert_eq!(cal.property_value("METHOD"), Some("PUBLISH"));
    cal.events()
        .map(|e| {
            (
                e.get_uid().unwrap().to_string(),
                e.property_value("STATUS").map(str::to_string),
            )
        })
        .collect()
}

#[actix_web::test]
async fn the_feed_holds_the_members_events_and_a_new_address_ends_the_old() {
    let app = TestApp::new();
    for (role, email) in [
        (GlobalRole::Member, "ma@example.org"),
        (GlobalRole::Member, "mb@example.org"),
        (GlobalRole::Facilitator, "fac@example.org"),
    ] {
        app.person(role, email);
    }
    let cal = calendar(&app);
    let host = pdsa::mail::events::Site::of(&app.state.config).host;
    let uid = |kind: &str, id: i32| format!("{kind}-{id}@{host}");
    let ma = person_id(&app, "ma@example.org");
    let token = MailPrefs::of_person(&mut app.conn(), ma)
        .unwrap()
        .calendar_token;
    let svc = app.service().await;
    let old = format!("/calendar/{token}.ics");
    let (status, ctype, body) = get_feed(&svc, &old).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(ctype, "text/calendar; charset=utf-8");
    let got = events(&body);
    let uids: Vec<&str> = got.iter().map(|e| e.0.as_str()).collect();
    assert!(uids.contains(&uid("convening", cal.convening).as_str()));
    assert!(uids.contains(&uid("meeting", cal.ashford).as_str()));
    assert!(
        !uids.contains(&uid("meeting", cal.bramble).as_str()),
        "not another district's"
    );
    let cancelled = got
        .iter()
        .find(|e| e.0 == uid("meeting", cal.ashford_cancelled))
        .expect("a cancelled meeting stays in the feed");
    assert_eq!(cancelled.1.as_deref(), Some("CANCELLED"));
    assert_eq!(uids.len(), 3);

    let fac = person_id(&app, "fac@example.org");
    let fac_token = MailPrefs::of_person(&mut app.conn(), fac)
        .unwrap()
        .calendar_token;
    let (_, _, body) = get_feed(&svc, &format!("/calendar/{fac_token}.ics")).await;
    let uids: Vec<String> = events(&body).into_iter().map(|e| e.0).collect();
    assert_eq!(
        uids,
        vec![uid("convening", cal.convening), uid("meeting", cal.ashford)],
        "every convening and the meetings they run"
    );

    let mut b = signed_in(&svc, "ma@example.org").await;
    let profile = b.get(&svc, "/profile").await;
    let site = pdsa::mail::events::Site::of(&app.state.config);
    assert!(
        profile
            .body
            .contains(&format!("value=\"{}\"", site.url(&old)))
    );
    let renewed = b.post(&svc, "/profile/calendar-token", &[]).await;
    assert_eq!(renewed.status, StatusCode::SEE_OTHER);
    assert_eq!(get_feed(&svc, &old).await.0, StatusCode::NOT_FOUND);
    let token = MailPrefs::of_person(&mut app.conn(), ma)
        .unwrap()
        .calendar_token;
    let (status, _, _) = get_feed(&svc, &format!("/calendar/{token}.ics")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        get_feed(&svc, &format!("/calendar/{token}")).await.0,
        StatusCode::NOT_FOUND
    );
}
