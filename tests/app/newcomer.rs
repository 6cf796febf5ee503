//! The "done when", end to end through the pages over the demo collective: the demo
//! director signs in, starts the next year, plans its four convenings with the rotation, and
//! schedules a tune-up by video.

use crate::support::{Browser, TestApp};
use actix_web::http::StatusCode;
use chrono::{Datelike, NaiveDate, TimeDelta};
use pdsa::models::convening::Convening;
use pdsa::models::year::{Membership, ProgramYear};

/// The member whose latest hosting (up to `before`) is the earliest, never-hosted first, ties by
/// name — computed here from the raw history, independently of the planner.
fn least_recent_host(app: &TestApp, year: &ProgramYear) -> String {
    let c = &mut app.conn();
    let all = Convening::all(c).unwrap();
    let mut members: Vec<(Option<NaiveDate>, String)> = Membership::of_year(c, year.id)
        .unwrap()
        .into_iter()
        .map(|m| {
            let last = all
                .iter()
                .filter(|r| r.convening.host_district_id == m.membership.district_id)
                .map(|r| r.convening.date)
                .max();
            (last, m.district_name)
        })
        .collect();
    members.sort();
    members.remove(0).1
}

#[actix_web::test]
async fn the_demo_director_starts_next_year_plans_it_and_schedules_a_video_tune_up() {
    let app = TestApp::with_demo();
    let svc = app.service().await;
    let mut b = Browser::new();
    b.get(&svc, "/sign-in").await;
    let signed = b
        .post(
            &svc,
            "/sign-in",
            &[("email", "director@demo.pdsa"), ("password", "pdsa-demo")],
        )
        .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let home = b.get(&svc, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Next convening"));

    // Start the next year.
    let current = ProgramYear::list(&mut app.conn()).unwrap().remove(0);
    let started = b
        .post(&svc, &format!("/years/{}/next", current.id), &[])
        .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER);
    let next = ProgramYear::list(&mut app.conn()).unwrap().remove(0);
    assert_eq!(
        next.start_date,
        current
            .start_date
            .with_year(current.start_date.year() + 1)
            .unwrap()
    );
    assert_eq!(
        started.location.as_deref(),
        Some(format!("/years/{}", next.id).as_str())
    );
    let year_page = b.get(&svc, &format!("/years/{}", next.id)).await;
    assert!(year_page.body.contains("Plan the year"));
    assert_eq!(
        Membership::of_year(&mut app.conn(), next.id).unwrap().len(),
        5,
        "members carried over"
    );

    // Plan it: accept the four proposals as proposed.
    let expected_first = least_recent_host(&app, &next);
    let plan = b.get(&svc, &format!("/years/{}/plan", next.id)).await;
    assert_eq!(plan.status, StatusCode::OK);
    let proposals = pdsa::models::plan::proposals(&mut app.conn(), &next).unwrap();
    assert_eq!(proposals.len(), 4);
    assert_eq!(
        proposals[0].host_name, expected_first,
        "the least recent host goes first"
    );
    let mut fields: Vec<(String, String)> = Vec::new();
    for p in &proposals {
        fields.push((format!("include_{}", p.number), "on".into()));
        fields.push((format!("date_{}", p.number), p.date.to_string()));
        fields.push((format!("host_{}", p.number), p.host_district_id.to_string()));
    }
    let refs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let planned = b
        .post(&svc, &format!("/years/{}/plan", next.id), &refs)
        .await;
    assert_eq!(planned.status, StatusCode::SEE_OTHER, "{}", planned.body);
    let convenings = Convening::of_year(&mut app.conn(), next.id).unwrap();
    assert_eq!(convenings.len(), 4);
    let quarters = pdsa::domain::plan::quarters(next.start_date, next.end_date);
    let mut hosts: Vec<&str> = Vec::new();
    for (row, (first, last)) in convenings.iter().zip(quarters) {
        let d = row.convening.date;
        assert!(
            first <= d && d <= last && d.weekday().number_from_monday() <= 5,
            "{d} is a weekday in its quarter"
        );
        hosts.push(&row.host_name);
    }
    let mut distinct = hosts.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "four different hosts: {hosts:?}");

    // Schedule a tune-up by video for the first host, a week after the first convening.
    let district = convenings[0].convening.host_district_id;
    let mut day = convenings[0].convening.date + TimeDelta::days(7);
    while day.weekday().number_from_monday() > 5 {
        day += TimeDelta::days(1);
    }
    let form = b
        .get(&svc, &format!("/meetings/new?district={district}"))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    let facilitator =
        pdsa::models::person::Person::find_by_email(&mut app.conn(), "facilitator@demo.pdsa")
            .unwrap()
            .unwrap();
    let (d, f) = (district.to_string(), facilitator.id.to_string());
    let day = day.to_string();
    let fields = [
        ("district_id", d.as_str()),
        ("kind", "tune_up"),
        ("title", "Winter tune-up"),
        ("date", day.as_str()),
        ("start", "15:45"),
        ("end", "16:45"),
        ("modality", "video"),
        ("video_url", "https://meet.example.org/winter"),
        ("facilitator_ids", f.as_str()),
    ];
    let made = b.post(&svc, "/meetings", &fields).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let meeting = b.get(&svc, made.location.as_deref().unwrap()).await;
    assert_eq!(meeting.status, StatusCode::OK);
    assert!(meeting.body.contains("https://meet.example.org/winter"));
    assert!(
        meeting.body.contains("15:45"),
        "shown in the collective's local time"
    );
    assert!(meeting.body.contains(&facilitator.name));
}
