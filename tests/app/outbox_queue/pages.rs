//! Cancelled tune-ups leave the year's count, the cancel pages and their marks on the show and
//! calendar pages, and the demo seed queueing its coming events once.

use super::*;

/// A tune-up through the model, returning its warnings.
fn tune_up_warnings(app: &TestApp, w: &World, start: &str) -> (Meeting, Vec<String>) {
    let s = at(start);
    let input = MeetingInput {
        district_id: w.alder.id,
        kind: MeetingKind::TuneUp,
        title: "Tune-up".into(),
        starts_at: s,
        ends_at: s + TimeDelta::hours(1),
        local_date: s.and_utc().with_timezone(&NY).date_naive(),
        modality: Modality::InPerson,
        place: "Room 4".into(),
        video_url: String::new(),
        notes: String::new(),
        facilitator_ids: vec![w.fac],
    };
    let (m, warnings) = Meeting::create(
        &mut app.conn(),
        &pdsa::models::audit::AuditActor::system("test"),
        &input,
    )
    .unwrap();
    (m, warnings.into_iter().map(|w| w.0).collect())
}

#[actix_web::test]
async fn a_cancelled_tune_up_does_not_count_towards_the_years_tune_ups() {
    let app = TestApp::new();
    let w = World::new(&app);
    tune_up_warnings(&app, &w, "2029-10-01 15:00");
    tune_up_warnings(&app, &w, "2029-12-01 15:00");
    let (third, warnings) = tune_up_warnings(&app, &w, "2030-02-01 15:00");
    assert!(
        !warnings.iter().any(|x| x.contains("tune-ups this year")),
        "{warnings:?}"
    );
    Meeting::cancel(
        &mut app.conn(),
        &pdsa::models::audit::AuditActor::system("test"),
        third.id,
        third.version,
        pdsa::models::now(),
    )
    .unwrap();
    let (_, warnings) = tune_up_warnings(&app, &w, "2030-03-01 15:00");
    assert!(
        !warnings.iter().any(|x| x.contains("tune-ups this year")),
        "{warnings:?}"
    );
    let (_, warnings) = tune_up_warnings(&app, &w, "2030-04-01 15:00");
    assert!(
        warnings.iter().any(|x| x.contains("4 tune-ups this year")),
        "{warnings:?}"
    );
}

#[actix_web::test]
async fn staff_cancel_from_the_pages_and_the_cancellation_shows_everywhere() {
    let app = TestApp::new();
    let w = World::new(&app);
    let m = w.tune_up(&app, "2030-03-12 15:00");
    let cv = fixtures::convening(&app, &w.y, 1, d(2029, 10, 15), w.alder.id);
    let svc = app.service().await;
    let mut fac = signed_in(&svc, "fac@example.org").await;
    let show = format!("/meetings/{}", m.id);
    let page = fac.get(&svc, &show).await;
    assert!(page.body.contains("Cancel this meeting"), "{}", page.body);
    assert!(
        page.body
            .contains(&format!(r#"name="version" value="{}""#, m.version))
    );

    let cancel = format!("{show}/cancel");
    let done = fac
        .post(&svc, &cancel, &[("version", &m.version.to_string())])
        .await;
    assert_eq!(
        (done.status, done.location.as_deref()),
        (StatusCode::SEE_OTHER, Some(show.as_str()))
    );
    let page = fac.get(&svc, &show).await;
    assert!(
        page.body.contains("Cancelled; 3 people will be told."),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(r#"<span class="badge absent">Cancelled</span>"#)
    );
    assert!(!page.body.contains("Cancel this meeting"));
    assert!(!page.body.contains(&format!("/meetings/{}/edit", m.id)));
    let edit = fac.get(&svc, &format!("{show}/edit")).await;
    assert_eq!(
        (edit.status, edit.location.as_deref()),
        (StatusCode::SEE_OTHER, Some(show.as_str()))
    );
    fac.post(&svc, &cancel, &[("version", &(m.version + 1).to_string())])
        .await;
    let page = fac.get(&svc, &show).await;
    assert!(
        page.body.contains("This meeting is already cancelled."),
        "{}",
        page.body
    );
    assert_eq!(
        of_kind(
            &rows(&app, SubjectType::Meeting, m.id),
            MailKind::Cancelled,
            None
        )
        .len(),
        3
    );

    // Convenings: directors only.
    let cv_show = format!("/convenings/{}", cv.id);
    let cv_cancel = format!("{cv_show}/cancel");
    let refused = fac
        .post(&svc, &cv_cancel, &[("version", &cv.version.to_string())])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let mut dir = signed_in(&svc, "dir@example.org").await;
    assert!(
        dir.get(&svc, &cv_show)
            .await
            .body
            .contains("Cancel this convening")
    );
    let done = dir
        .post(&svc, &cv_cancel, &[("version", &cv.version.to_string())])
        .await;
    assert_eq!(
        (done.status, done.location.as_deref()),
        (StatusCode::SEE_OTHER, Some(cv_show.as_str()))
    );
    let page = dir.get(&svc, &cv_show).await;
    let told = format!("Cancelled; {} people will be told.", w.convening().len());
    assert!(page.body.contains(&told), "{}", page.body);
    assert!(!page.body.contains("Cancel this convening"));

    // The calendar keeps both, marked.
    let calendar = dir.get(&svc, &format!("/calendar?year={}", w.y.id)).await;
    assert_eq!(
        calendar
            .body
            .matches(r#"<span class="badge absent">Cancelled</span>"#)
            .count(),
        2,
        "{}",
        calendar.body
    );
}

#[actix_web::test]
async fn the_demo_queues_reminders_for_its_coming_events_once() {
    let app = TestApp::with_demo();
    let count = || -> i64 { outbox::table.count().get_result(&mut *app.conn()).unwrap() };
    let first = count();
    let leader: i32 = people::table
        .filter(people::email.eq("leader@demo.pdsa"))
        .select(people::id)
        .first(&mut *app.conn())
        .unwrap();
    let theirs: i64 = outbox::table
        .filter(outbox::person_id.eq(leader))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert!(
        theirs > 0,
        "the demo team is on the roster before its events are made"
    );
    pdsa::seed::load_demo(&mut app.conn(), chrono::Local::now().date_naive()).unwrap();
    assert_eq!(count(), first, "seeding again queues nothing twice");
}

/// The next Wednesday at least `days` ahead of today (a weekday inside the year around today).
fn wednesday_after(days: i64) -> NaiveDate {
    use chrono::Datelike;
    let mut day = fixtures::today(NY) + TimeDelta::days(days);
    while day.weekday() != chrono::Weekday::Wed {
        day += TimeDelta::days(1);
    }
    day
}

#[actix_web::test]
async fn a_cancelled_event_never_shows_as_on_in_any_list() {
    let app = TestApp::new();
    let (alder, fac) = around_today(&app);
    let year = pdsa::models::year::ProgramYear::find_by_label(&mut app.conn(), "around")
        .unwrap()
        .unwrap();
    let team = fixtures::team(&app, &year, alder.id, "Alder");
    let member = app.person(GlobalRole::Member, "mem@example.org").id;
    fixtures::join(&app, &team, member, TeamRole::Teacher, None);
    let m = tune_up_in(&app, &alder, fac, TimeDelta::days(3));
    let cv = fixtures::convening(&app, &year, 1, wednesday_after(10), alder.id);
    pdsa::models::convening::Attendance::invite_expected(&mut app.conn(), cv.id).unwrap();
    let by = pdsa::models::audit::AuditActor::system("test");
    let now = pdsa::models::now();
    Meeting::cancel(&mut app.conn(), &by, m.id, m.version, now).unwrap();
    pdsa::models::convening::Convening::cancel(&mut app.conn(), &by, cv.id, cv.version, now)
        .unwrap();
    let svc = app.service().await;
    let mut mem = signed_in(&svc, "mem@example.org").await;
    let struck = |body: &str, link: &str| {
        let at = body
            .find(link)
            .unwrap_or_else(|| panic!("{link} not listed: {body}"));
        let before = &body[..at];
        let after = &body[at..];
        let end = ["</tr>", "</li>"]
            .iter()
            .filter_map(|t| after.find(t))
            .min()
            .unwrap();
        before.ends_with("<s>") && after[..end].contains("Cancelled")
    };
    let tune_up_link = format!(r#"<a href="/meetings/{}">"#, m.id);
    for page in [
        format!("/teams/{}", team.id),
        format!("/districts/{}", alder.id),
        "/".to_string(),
    ] {
        let body = mem.get(&svc, &page).await.body;
        assert!(struck(&body, &tune_up_link), "{page}: {body}");
    }
    let home = mem.get(&svc, "/").await.body;
    let cv_link = format!(r#"<a href="/convenings/{}">"#, cv.id);
    assert!(struck(&home, &cv_link), "{home}");
    assert!(
        !home.contains(">invited<"),
        "no answer asked of a cancelled convening"
    );
    assert!(
        !home.contains(&format!("Convening {}</a> — ", cv.number)),
        "a cancelled convening is not the next one"
    );
    let year_page = mem.get(&svc, &format!("/years/{}", year.id)).await.body;
    assert!(struck(&year_page, &cv_link), "{year_page}");
}
