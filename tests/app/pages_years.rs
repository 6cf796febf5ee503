//! The director's year through the pages: create a year, admit districts, plan the year with the
//! rotation, edit a convening (and meet a conflict), agenda and readings, RSVPs, next year.

use crate::fixtures::{admit_all, convening, d, signed_in, year_starting};
use crate::support::TestApp;
use actix_web::http::{Method, StatusCode};
use pdsa::domain::roles::GlobalRole;
use pdsa::models::convening::Convening;
use pdsa::models::district::District;
use pdsa::models::year::{Membership, ProgramYear};

/// The director (dir@example.org), and the year 2030-31 with the named districts as members.
fn year_with(app: &TestApp, names: &[&str]) -> (ProgramYear, Vec<District>) {
    app.person(GlobalRole::Director, "dir@example.org");
    let year = year_starting(app, 2030);
    let districts = admit_all(app, &year, names);
    (year, districts)
}

#[actix_web::test]
async fn a_director_creates_a_year_and_a_bad_date_comes_back_beside_its_field() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let mut b = signed_in(&svc, "dir@example.org").await;
    let page = b.get(&svc, "/years").await;
    assert!(page.body.contains("New program year"));
    let bad = b
        .post(
            &svc,
            "/years",
            &[
                ("label", "2030-31"),
                ("start_date", "2030-08-01"),
                ("end_date", "2030-07-01"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("f-end_date-error"), "{}", bad.body);
    assert!(bad.body.contains("value=\"2030-31\""), "typed label kept");
    assert!(
        ProgramYear::list(&mut app.conn()).unwrap().is_empty(),
        "nothing created"
    );
    let ok = b
        .post(
            &svc,
            "/years",
            &[
                ("label", "2030-31"),
                ("start_date", "2030-08-01"),
                ("end_date", "2031-06-30"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let dup = b
        .post(
            &svc,
            "/years",
            &[
                ("label", "2030-31"),
                ("start_date", "2030-08-01"),
                ("end_date", "2031-06-30"),
            ],
        )
        .await;
    assert_eq!(dup.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(dup.body.contains("exists already"));
}

#[actix_web::test]
async fn plan_the_year_proposes_quarters_and_rotation_then_schedules() {
    let app = TestApp::new();
    let (year, ds) = year_with(&app, &["Bramble", "Ashford", "Cedar Hill"]);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "dir@example.org").await;
    let form = b.get(&svc, &format!("/years/{}/plan", year.id)).await;
    assert_eq!(form.status, StatusCode::OK);
    let expected = pdsa::domain::plan::proposed_dates(year.start_date, year.end_date);
    for date in expected {
        assert!(form.body.contains(&date.to_string()), "proposes {date}");
    }
    // Accept all four, changing the fourth host to Bramble (who has hosted by then: allowed).
    let mut fields: Vec<(String, String)> = Vec::new();
    let hosts = [ds[1].id, ds[0].id, ds[2].id, ds[0].id];
    for (i, date) in expected.iter().enumerate() {
        let n = i + 1;
        fields.push((format!("include_{n}"), "on".into()));
        fields.push((format!("date_{n}"), date.to_string()));
        fields.push((format!("host_{n}"), hosts[i].to_string()));
    }
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let done = b
        .post(&svc, &format!("/years/{}/plan", year.id), &refs)
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let made = Convening::of_year(&mut app.conn(), year.id).unwrap();
    assert_eq!(made.len(), 4);
    assert_eq!(made[0].host_name, "Ashford", "never-hosted, first by name");
    let page = b.get(&svc, &format!("/years/{}", year.id)).await;
    assert!(page.body.contains("Hosting rotation"));
    assert!(
        !page.body.contains("Plan the year</a>"),
        "nothing left to plan"
    );
}

#[actix_web::test]
async fn a_refused_proposal_schedules_nothing_and_names_its_row() {
    let app = TestApp::new();
    let (year, ds) = year_with(&app, &["Ashford", "Bramble"]);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "dir@example.org").await;
    let a = ds[0].id.to_string();
    let fields = [
        ("include_1", "on"),
        ("date_1", "2030-09-15"),
        ("host_1", a.as_str()),
        ("include_2", "on"),
        ("date_2", "2030-12-01"),
        ("host_2", a.as_str()),
    ];
    let page = b
        .post(&svc, &format!("/years/{}/plan", year.id), &fields)
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("field-error"), "{}", page.body);
    assert!(
        Convening::of_year(&mut app.conn(), year.id)
            .unwrap()
            .is_empty(),
        "all or nothing"
    );
}

#[actix_web::test]
async fn agenda_items_must_fit_and_not_overlap_and_members_cannot_edit() {
    let app = TestApp::new();
    let (year, ds) = year_with(&app, &["Ashford"]);
    app.person(GlobalRole::Member, "m@example.org");
    let cv = convening(&app, &year, 1, d(2030, 9, 17), ds[0].id);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "dir@example.org").await;
    let url = format!("/convenings/{}/agenda", cv.id);
    let ok = b
        .post(
            &svc,
            &url,
            &[
                ("start_time", "09:00"),
                ("minutes", "30"),
                ("title", "Welcome"),
                ("kind", "welcome"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let overlap = b
        .post(
            &svc,
            &url,
            &[
                ("start_time", "09:15"),
                ("minutes", "30"),
                ("title", "The challenge"),
                ("kind", "new_learning"),
            ],
        )
        .await;
    assert_eq!(overlap.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        overlap.body.contains("value=\"The challenge\""),
        "typed title kept"
    );
    let late = b
        .post(
            &svc,
            &url,
            &[
                ("start_time", "15:15"),
                ("minutes", "30"),
                ("title", "Late"),
                ("kind", "wrap_up"),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reading = b
        .post(
            &svc,
            &format!("/convenings/{}/readings", cv.id),
            &[
                ("reading_title", "Learning to Improve, ch. 1"),
                ("url", "ftp://x"),
            ],
        )
        .await;
    assert_eq!(reading.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = b.get(&svc, &format!("/convenings/{}", cv.id)).await;
    assert!(page.body.contains("Welcome") && !page.body.contains("The challenge</strong>"));
    let mut m = signed_in(&svc, "m@example.org").await;
    let refused = m
        .post(
            &svc,
            &url,
            &[
                ("start_time", "10:00"),
                ("minutes", "30"),
                ("title", "Sneaky"),
                ("kind", "other"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_stale_convening_edit_shows_both_versions() {
    let app = TestApp::new();
    let (year, ds) = year_with(&app, &["Ashford"]);
    let cv = convening(&app, &year, 1, d(2030, 9, 17), ds[0].id);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "dir@example.org").await;
    let host = ds[0].id.to_string();
    let fields = |venue: &'static str, version: &'static str| {
        vec![
            ("number", "1"),
            ("date", "2030-09-17"),
            ("host_district_id", host.as_str()),
            ("venue", venue),
            ("breakfast_time", "08:30"),
            ("start_time", "09:00"),
            ("close_time", "15:30"),
            ("food_cost", "$1,200"),
            ("version", version),
        ]
    };
    let first = b
        .post(
            &svc,
            &format!("/convenings/{}", cv.id),
            &fields("Library", "1"),
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let stale = b
        .post(&svc, &format!("/convenings/{}", cv.id), &fields("Gym", "1"))
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.body.contains("Their version")
            && stale.body.contains("Library")
            && stale.body.contains("value=\"Gym\"")
    );
    let saved = Convening::find(&mut app.conn(), cv.id).unwrap();
    assert_eq!(
        (saved.venue.as_str(), saved.food_cost_cents),
        ("Library", 120_000)
    );
}

#[actix_web::test]
async fn members_answer_their_own_rsvp_and_see_no_fees() {
    let app = TestApp::new();
    let (year, ds) = year_with(&app, &["Ashford"]);
    let member = app.person(GlobalRole::Member, "m@example.org");
    let cv = convening(&app, &year, 1, d(2030, 9, 17), ds[0].id);
    pdsa::models::convening::Attendance::invite(&mut app.conn(), cv.id, member.id).unwrap();
    let svc = app.service().await;
    let mut m = signed_in(&svc, "m@example.org").await;
    let ok = m
        .post(
            &svc,
            &format!("/convenings/{}/rsvp", cv.id),
            &[("status", "attending")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    let refused = m
        .post(
            &svc,
            &format!("/convenings/{}/rsvp", cv.id),
            &[("status", "attended")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let status =
        pdsa::models::convening::Attendance::status_of(&mut app.conn(), cv.id, member.id).unwrap();
    assert_eq!(status.as_deref(), Some("attending"));
    let page = m.get(&svc, &format!("/convenings/{}", cv.id)).await;
    assert!(page.body.contains("1 attending"));
    let year_page = m.get(&svc, &format!("/years/{}", year.id)).await;
    assert!(
        !year_page.body.contains("$15,000.00"),
        "members see no fees"
    );
}

#[actix_web::test]
async fn start_the_next_year_from_the_year_page() {
    let app = TestApp::new();
    let (year, _) = year_with(&app, &["Ashford", "Bramble"]);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "dir@example.org").await;
    let done = b.post(&svc, &format!("/years/{}/next", year.id), &[]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let next = ProgramYear::find_by_label(&mut app.conn(), "2031-32")
        .unwrap()
        .expect("next year");
    assert_eq!(
        Membership::of_year(&mut app.conn(), next.id).unwrap().len(),
        2
    );
    let again = b.post(&svc, &format!("/years/{}/next", year.id), &[]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let page = b.get(&svc, again.location.as_deref().unwrap()).await;
    assert!(page.body.contains("exists already"), "the refusal is shown");
}

#[actix_web::test]
async fn answers_close_once_a_convening_has_taken_place() {
    let app = TestApp::new();
    let member = app.person(GlobalRole::Member, "m@example.org");
    let token = app.token(member.id);
    let past_year = year_starting(&app, 2020);
    let district = admit_all(&app, &past_year, &["Ashford"]).remove(0);
    let cv = convening(&app, &past_year, 1, d(2020, 9, 15), district.id);
    pdsa::models::convening::Attendance::invite(&mut app.conn(), cv.id, member.id).unwrap();
    let svc = app.service().await;
    let mut m = signed_in(&svc, "m@example.org").await;
    let page = m.get(&svc, &format!("/convenings/{}", cv.id)).await;
    assert!(page.body.contains("has taken place") && !page.body.contains("I will attend"));
    let url = format!("/convenings/{}/rsvp", cv.id);
    let refused = m.post(&svc, &url, &[("status", "attending")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("the directors record who attended"),
        "the rule's own words"
    );
    let body = Some(serde_json::json!({"status": "attending"}));
    let url = format!("/api/v1/convenings/{}/rsvp", cv.id);
    let (status, body) = crate::support::api(&svc, Method::PUT, &url, Some(&token), body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "status");
    let status = pdsa::models::convening::Attendance::status_of(&mut app.conn(), cv.id, member.id);
    assert_eq!(
        status.unwrap().as_deref(),
        Some("invited"),
        "nothing changed"
    );
}
