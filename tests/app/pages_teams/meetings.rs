//! Meeting pages: scheduling in local time, access by district team, edit conflicts, action items.

use super::{meeting, member_district, world};
use crate::fixtures::{join, signed_in, today};
use crate::support::{Browser, TestApp};
use actix_web::http::StatusCode;
use chrono::{TimeDelta, TimeZone};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::meeting::Meeting;
use pdsa::models::person::Person;
use pdsa::models::team::Team;
use pdsa::models::year::ProgramYear;

fn video_form<'a>(
    district: &'a str,
    date: &'a str,
    link: &'a str,
    facilitator: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("district_id", district),
        ("kind", "tune_up"),
        ("title", "First tune-up"),
        ("date", date),
        ("start", "15:00"),
        ("end", "16:30"),
        ("modality", "video"),
        ("place", ""),
        ("video_url", link),
        ("facilitator_ids", facilitator),
        ("notes", "Bring the run chart."),
    ]
}

#[actix_web::test]
async fn a_facilitator_schedules_a_video_tune_up_shown_in_local_time() {
    let app = TestApp::new();
    let w = world(&app);
    let f = app.person(GlobalRole::Facilitator, "fac@example.org");
    let member = app.person(GlobalRole::Member, "me@example.org");
    let outsider = app.person(GlobalRole::Member, "out@example.org");
    join(&app, &w.team, member.id, TeamRole::Teacher, None);
    let (_, other) = member_district(&app, &w.year, "Oakdale");
    join(&app, &other, outsider.id, TeamRole::Teacher, None);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "fac@example.org").await;
    let form = b
        .get(&svc, &format!("/meetings/new?district={}", w.district.id))
        .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(
        form.body
            .contains(&format!("value=\"{}\" selected", w.district.id))
    );

    let day = today(w.tz) + TimeDelta::days(10);
    let (district, date, fid) = (
        w.district.id.to_string(),
        day.format("%Y-%m-%d").to_string(),
        f.id.to_string(),
    );
    let bad = b
        .post(
            &svc,
            "/meetings",
            &video_form(&district, &date, "http://meet.example.org/x", &fid),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(
        bad.body
            .contains("id=\"f-video_url-error\">must start with https://"),
        "{}",
        bad.body
    );
    assert!(
        bad.body.contains("value=\"http://meet.example.org/x\""),
        "the typed link is kept"
    );
    assert!(bad.body.contains("value=\"First tune-up\""));
    assert!(
        Meeting::list(&mut app.conn(), None, None)
            .unwrap()
            .is_empty()
    );

    let made = b
        .post(
            &svc,
            "/meetings",
            &video_form(&district, &date, "https://meet.example.org/x", &fid),
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let at = made.location.unwrap();
    let page = b.get(&svc, &at).await;
    assert_eq!(page.status, StatusCode::OK);
    let start =
        w.tz.from_local_datetime(&day.and_hms_opt(15, 0, 0).unwrap())
            .single()
            .unwrap()
            .naive_utc();
    assert!(
        page.body.contains(&pdsa::web::render::local(start, w.tz)),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("1 tune-up this year: two or three are expected"),
        "the warning is flashed"
    );
    assert!(page.body.contains("https://meet.example.org/x") && page.body.contains("fac"));
    assert_eq!(
        Meeting::list(&mut app.conn(), None, None).unwrap()[0]
            .meeting
            .starts_at,
        start,
        "stored in UTC"
    );

    let mut m = signed_in(&svc, "me@example.org").await;
    let seen = m.get(&svc, &at).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("Add an action item"));
    assert_eq!(
        m.get(&svc, "/meetings/new").await.status,
        StatusCode::FORBIDDEN
    );
    let mut o = signed_in(&svc, "out@example.org").await;
    assert_eq!(o.get(&svc, &at).await.status, StatusCode::FORBIDDEN);
}

fn edit_fields<'a>(
    m: &'a Meeting,
    title: &'a str,
    version: &'a str,
    district: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("version", version),
        ("district_id", district),
        ("kind", "tune_up"),
        ("title", title),
        ("date", "2000-01-01"),
        ("start", "10:00"),
        ("end", "11:00"),
        ("modality", "in_person"),
        ("place", &m.place),
        ("video_url", ""),
        ("notes", ""),
    ]
}

#[actix_web::test]
async fn a_stale_meeting_edit_shows_both_versions_with_409() {
    let app = TestApp::new();
    let w = world(&app);
    app.person(GlobalRole::Facilitator, "fac@example.org");
    let m = meeting(&app, &w);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "fac@example.org").await;
    let edit = b.get(&svc, &format!("/meetings/{}/edit", m.id)).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);
    assert!(
        edit.body
            .contains(&format!("name=\"version\" value=\"{}\"", m.version))
    );
    assert!(edit.body.contains("value=\"Room 4\""));

    let (v, district) = (m.version.to_string(), w.district.id.to_string());
    let date = (today(w.tz) + TimeDelta::days(6))
        .format("%Y-%m-%d")
        .to_string();
    let mut fields = edit_fields(&m, "Theirs", &v, &district);
    fields[4].1 = &date;
    let first = b.post(&svc, &format!("/meetings/{}", m.id), &fields).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);

    let mut mine = edit_fields(&m, "Mine", &v, &district);
    mine[4].1 = &date;
    let stale = b.post(&svc, &format!("/meetings/{}", m.id), &mine).await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    assert!(stale.body.contains("Someone else changed this meeting"));
    assert!(stale.body.contains("Their version") && stale.body.contains("Theirs"));
    assert!(stale.body.contains("Your version") && stale.body.contains("value=\"Mine\""));
    let current = Meeting::find(&mut app.conn(), m.id).unwrap();
    assert_eq!(current.title, "Theirs", "the stale save changed nothing");
    assert!(
        stale
            .body
            .contains(&format!("name=\"version\" value=\"{}\"", current.version)),
        "saving again is deliberate"
    );

    let outside = b
        .post(
            &svc,
            &format!("/meetings/{}", m.id),
            &edit_fields(&m, "Old", &current.version.to_string(), &district),
        )
        .await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        outside
            .body
            .contains("id=\"f-start-error\">is not within any program year"),
        "{}",
        outside.body
    );
}

#[actix_web::test]
async fn staff_add_and_tick_off_action_items() {
    let app = TestApp::new();
    let w = world(&app);
    let f = app.person(GlobalRole::Facilitator, "fac@example.org");
    let m = meeting(&app, &w);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "fac@example.org").await;
    let path = format!("/meetings/{}/actions", m.id);
    let bad = b
        .post(
            &svc,
            &path,
            &[
                ("description", ""),
                ("owner_person_id", ""),
                ("due_date", "soon"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains("id=\"f-description-error\">must not be empty")
    );
    assert!(bad.body.contains("id=\"f-due_date-error\">must be a date"));
    let owner = f.id.to_string();
    let ok = b
        .post(
            &svc,
            &path,
            &[
                ("description", "Share the rubric"),
                ("owner_person_id", &owner),
                ("due_date", "2030-01-15"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let item =
        pdsa::models::meeting::ActionItem::of_meeting(&mut app.conn(), m.id).unwrap()[0].clone();
    let done = b
        .post(&svc, &format!("{path}/{}", item.id), &[("done", "true")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = b.get(&svc, &format!("/meetings/{}", m.id)).await;
    assert!(
        page.body.contains("Share the rubric") && page.body.contains("Tue 15 Jan 2030"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Reopen"));
}

#[actix_web::test]
async fn every_page_renders_over_the_demo_with_tokens_in_every_form() {
    let app = TestApp::with_demo();
    let mut c = app.conn();
    let year = ProgramYear::this_year(&mut c).unwrap().unwrap();
    let team = Team::of_year(&mut c, year.id).unwrap()[0].team.clone();
    let meeting = Meeting::list(&mut c, Some(year.id), Some(team.district_id)).unwrap()[0]
        .meeting
        .clone();
    pdsa::models::meeting::ActionItem::add(&mut c, meeting.id, "Share the rubric", None, None)
        .unwrap();
    let director = Person::with_role(&mut c, GlobalRole::Director).unwrap()[0].clone();
    app.token(director.id);
    drop(c);
    let svc = app.service().await;
    let mut b = Browser::new();
    b.post(
        &svc,
        "/sign-in",
        &[("email", &director.email), ("password", "pdsa-demo")],
    )
    .await;
    let pages = [
        "/districts".to_string(),
        format!("/districts/{}", team.district_id),
        format!("/teams/{}", team.id),
        format!("/meetings/new?district={}", team.district_id),
        format!("/meetings/{}", meeting.id),
        format!("/meetings/{}/edit", meeting.id),
        "/people".to_string(),
        "/profile".to_string(),
    ];
    for path in pages {
        let page = b.get(&svc, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        assert!(page.body.contains("name=\"csrf_token\" value=\""), "{path}");
        assert!(
            !page.body.contains("name=\"csrf_token\" value=\"\""),
            "{path}: a form without its token"
        );
    }
}
