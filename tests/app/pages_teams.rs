//! Pages for districts, teams, meetings, people and the profile: who may see them, forms that
//! come back with messages beside their fields, warnings, local times and edit conflicts.

use crate::support::{Browser, PASSWORD, TestApp};
use actix_web::http::StatusCode;
use chrono::{NaiveDate, TimeDelta, TimeZone};
use pdsa::domain::meeting::{MeetingKind, Modality};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::collective::Collective;
use pdsa::models::district::{District, School};
use pdsa::models::meeting::{Meeting, MeetingInput};
use pdsa::models::person::Person;
use pdsa::models::team::{NewMember, Team};
use pdsa::models::token::ApiToken;
use pdsa::models::year::{Membership, NewMembership, NewProgramYear, ProgramYear};

/// A year around today, with one member district, its three schools and its (empty) team.
struct World {
    year: ProgramYear,
    district: District,
    schools: Vec<School>,
    team: Team,
    tz: chrono_tz::Tz,
}

fn today(tz: chrono_tz::Tz) -> NaiveDate {
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

fn world(app: &TestApp) -> World {
    let mut c = app.conn();
    let collective = Collective::get(&mut c).unwrap();
    let tz = collective.tz();
    let day = today(tz);
    let new = NewProgramYear { collective_id: collective.id, label: "Y1".into(), start_date: day - TimeDelta::days(100), end_date: day + TimeDelta::days(200) };
    let year = ProgramYear::create(&mut c, &new).unwrap();
    let (district, team) = member_district(app, &year, "Riverton");
    let schools = ["North", "South", "West"].iter().map(|n| School::ensure(&mut c, district.id, n).unwrap()).collect();
    World { year, district, schools, team, tz }
}

fn member_district(app: &TestApp, year: &ProgramYear, name: &str) -> (District, Team) {
    let mut c = app.conn();
    let district = District::create(&mut c, name).unwrap();
    let m = NewMembership { program_year_id: year.id, district_id: district.id, fee_cents: 1_500_000, paid_cents: 0, workshop_seats: 2 };
    Membership::ensure(&mut c, &m).unwrap();
    let team = Team::ensure(&mut c, year.id, district.id, &format!("{name} team")).unwrap();
    (district, team)
}

fn add(app: &TestApp, team: &Team, person: &Person, role: TeamRole, school: Option<i32>) {
    Team::add_member(&mut app.conn(), team, &NewMember { person_id: person.id, role, school_id: school }).unwrap();
}

#[actix_web::test]
async fn a_director_adds_a_district_and_a_taken_name_comes_back_beside_the_field() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "dir@example.org");
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = Browser::new();
    b.sign_in(&svc, "dir@example.org").await;
    let made = b.post(&svc, "/districts", &[("name", "Lakeside")]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let shown = b.get(&svc, made.location.as_deref().unwrap()).await;
    assert!(shown.body.contains("Lakeside added."), "{}", shown.body);
    let list = b.get(&svc, "/districts").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(">Lakeside</a>"), "{}", list.body);

    let again = b.post(&svc, "/districts", &[("name", " Lakeside ")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("id=\"f-name-error\">a district with this name exists already"), "{}", again.body);
    assert!(again.body.contains("value=\" Lakeside \""), "the typed value is kept");
    assert_eq!(District::list(&mut app.conn()).unwrap().len(), 1);

    let blank = b.post(&svc, "/districts", &[("name", "  ")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("must not be empty"));

    let mut m = Browser::new();
    m.sign_in(&svc, "m@example.org").await;
    assert_eq!(m.get(&svc, "/districts").await.status, StatusCode::OK);
    assert!(!m.get(&svc, "/districts").await.body.contains("Add a district"));
    assert_eq!(m.post(&svc, "/districts", &[("name", "Sneaky")]).await.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_member_from_a_third_school_is_refused_beside_the_school_field() {
    let app = TestApp::new();
    let w = world(&app);
    app.person(GlobalRole::Director, "dir@example.org");
    let (a, bb, cc) = (app.person(GlobalRole::Member, "a@example.org"), app.person(GlobalRole::Member, "b@example.org"), app.person(GlobalRole::Member, "c@example.org"));
    add(&app, &w.team, &a, TeamRole::Principal, Some(w.schools[0].id));
    add(&app, &w.team, &bb, TeamRole::Teacher, Some(w.schools[1].id));
    let svc = app.service().await;
    let mut b = Browser::new();
    b.sign_in(&svc, "dir@example.org").await;
    let path = format!("/teams/{}/members", w.team.id);
    let (person, third) = (cc.id.to_string(), w.schools[2].id.to_string());
    let refused = b.post(&svc, &path, &[("person_id", &person), ("role", "teacher"), ("school_id", &third)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("id=\"f-school_id-error\">would be a third school"), "{}", refused.body);
    assert!(refused.body.contains(&format!("value=\"{person}\" selected")), "the chosen person is kept");
    assert!(refused.body.contains(&format!("value=\"{third}\" selected")), "the chosen school is kept");
    assert_eq!(Team::roster(&mut app.conn(), w.team.id).unwrap().len(), 2, "nothing changed");

    let first = w.schools[0].id.to_string();
    let ok = b.post(&svc, &path, &[("person_id", &person), ("role", "teacher"), ("school_id", &first)]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(Team::roster(&mut app.conn(), w.team.id).unwrap().len(), 3);

    let no_role = b.post(&svc, &path, &[("person_id", ""), ("role", "boss"), ("school_id", "")]).await;
    assert_eq!(no_role.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_role.body.contains("id=\"f-person_id-error\">choose a person"));
    assert!(no_role.body.contains("id=\"f-role-error\">must be one of"));
}

#[actix_web::test]
async fn a_person_on_another_team_this_year_is_refused_and_a_member_can_be_removed() {
    let app = TestApp::new();
    let w = world(&app);
    let (_, other) = member_district(&app, &w.year, "Oakdale");
    app.person(GlobalRole::Director, "dir@example.org");
    let p = app.person(GlobalRole::Member, "p@example.org");
    add(&app, &other, &p, TeamRole::Coach, None);
    let svc = app.service().await;
    let mut b = Browser::new();
    b.sign_in(&svc, "dir@example.org").await;
    let id = p.id.to_string();
    let refused = b.post(&svc, &format!("/teams/{}/members", w.team.id), &[("person_id", &id), ("role", "coach"), ("school_id", "")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"f-person_id-error\">is already on another team this program year"), "{}", refused.body);

    let line = Team::roster(&mut app.conn(), other.id).unwrap()[0].member.id;
    let gone = b.post(&svc, &format!("/teams/{}/members/{line}/delete", other.id), &[]).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert!(Team::roster(&mut app.conn(), other.id).unwrap().is_empty());
    let again = b.post(&svc, &format!("/teams/{}/members/{line}/delete", other.id), &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_team_page_shows_the_roster_and_its_warnings_to_its_own_members_only() {
    let app = TestApp::new();
    let w = world(&app);
    let (_, other) = member_district(&app, &w.year, "Oakdale");
    let me = app.person(GlobalRole::Member, "me@example.org");
    let them = app.person(GlobalRole::Member, "them@example.org");
    add(&app, &w.team, &me, TeamRole::Teacher, Some(w.schools[0].id));
    add(&app, &other, &them, TeamRole::SeniorLeader, None);
    let svc = app.service().await;
    let mut b = Browser::new();
    b.sign_in(&svc, "me@example.org").await;
    let own = b.get(&svc, &format!("/teams/{}", w.team.id)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(own.body.contains("class=\"warnings\""));
    assert!(own.body.contains("team of 1: about eight is expected"), "{}", own.body);
    assert!(own.body.contains("no senior leader"));
    assert!(own.body.contains("Teacher") && own.body.contains("North"));
    assert!(!own.body.contains("Add a member"), "members do not manage rosters");

    let theirs = b.get(&svc, &format!("/teams/{}", other.id)).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    assert!(!theirs.body.contains("them@example.org"));
    let list = b.get(&svc, "/districts").await;
    assert!(list.body.contains("Oakdale team"), "other teams' names are visible");
    assert!(!list.body.contains(&format!("href=\"/teams/{}\"", other.id)), "but not linked");
    assert_eq!(b.post(&svc, &format!("/teams/{}/members", w.team.id), &[("person_id", "1")]).await.status, StatusCode::FORBIDDEN);
}

fn video_form<'a>(district: &'a str, date: &'a str, link: &'a str, facilitator: &'a str) -> Vec<(&'static str, &'a str)> {
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
    add(&app, &w.team, &member, TeamRole::Teacher, None);
    let (_, other) = member_district(&app, &w.year, "Oakdale");
    add(&app, &other, &outsider, TeamRole::Teacher, None);
    let svc = app.service().await;
    let mut b = Browser::new();
    b.sign_in(&svc, "fac@example.org").await;
    let form = b.get(&svc, &format!("/meetings/new?district={}", w.district.id)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains(&format!("value=\"{}\" selected", w.district.id)));

    let day = today(w.tz) + TimeDelta::days(10);
    let (district, date, fid) = (w.district.id.to_string(), day.format("%Y-%m-%d").to_string(), f.id.to_string());
    let bad = b.post(&svc, "/meetings", &video_form(&district, &date, "http://meet.example.org/x", &fid)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("id=\"f-video_url-error\">must start with https://"), "{}", bad.body);
    assert!(bad.body.contains("value=\"http://meet.example.org/x\""), "the typed link is kept");
    assert!(bad.body.contains("value=\"First tune-up\""));
    assert!(Meeting::list(&mut app.conn(), None, None).unwrap().is_empty());

    let made = b.post(&svc, "/meetings", &video_form(&district, &date, "https://meet.example.org/x", &fid)).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let at = made.location.unwrap();
    let page = b.get(&svc, &at).await;
    assert_eq!(page.status, StatusCode::OK);
    let start = w.tz.from_local_datetime(&day.and_hms_opt(15, 0, 0).unwrap()).single().unwrap().naive_utc();
    assert!(page.body.contains(&pdsa::web::render::local(start, w.tz)), "{}", page.body);
    assert!(page.body.contains("1 tune-up this year: two or three are expected"), "the warning is flashed");
    assert!(page.body.contains("https://meet.example.org/x") && page.body.contains("fac"));
    assert_eq!(Meeting::list(&mut app.conn(), None, None).unwrap()[0].meeting.starts_at, start, "stored in UTC");

    let mut m = Browser::new();
    m.sign_in(&svc, "me@example.org").await;
    let seen = m.get(&svc, &at).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(!seen.body.contains("Add an action item"));
    assert_eq!(m.get(&svc, "/meetings/new").await.status, StatusCode::FORBIDDEN);
    let mut o = Browser::new();
    o.sign_in(&svc, "out@example.org").await;
    assert_eq!(o.get(&svc, &at).await.status, StatusCode::FORBIDDEN);
}

fn meeting(app: &TestApp, w: &World) -> Meeting {
    let day = today(w.tz) + TimeDelta::days(5);
    let starts_at = day.and_hms_opt(18, 0, 0).unwrap();
    let input = MeetingInput {
        district_id: w.district.id,
        kind: MeetingKind::TuneUp,
        title: "Tune-up".into(),
        starts_at,
        ends_at: starts_at + TimeDelta::hours(1),
        local_date: day,
        modality: Modality::InPerson,
        place: "Room 4".into(),
        video_url: String::new(),
        notes: String::new(),
        facilitator_ids: vec![],
    };
    Meeting::create(&mut app.conn(), &input).unwrap().0
}

fn edit_fields<'a>(m: &'a Meeting, title: &'a str, version: &'a str, district: &'a str) -> Vec<(&'static str, &'a str)> {
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
    let mut b = Browser::new();
    b.sign_in(&svc, "fac@example.org").await;
    let edit = b.get(&svc, &format!("/meetings/{}/edit", m.id)).await;
    assert_eq!(edit.status, StatusCode::OK, "{}", edit.body);
    assert!(edit.body.contains(&format!("name=\"version\" value=\"{}\"", m.version)));
    assert!(edit.body.contains("value=\"Room 4\""));

    let (v, district) = (m.version.to_string(), w.district.id.to_string());
    let date = (today(w.tz) + TimeDelta::days(6)).format("%Y-%m-%d").to_string();
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
    assert!(stale.body.contains(&format!("name=\"version\" value=\"{}\"", current.version)), "saving again is deliberate");

    let outside = b.post(&svc, &format!("/meetings/{}", m.id), &edit_fields(&m, "Old", &current.version.to_string(), &district)).await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(outside.body.contains("id=\"f-start-error\">is not within any program year"), "{}", outside.body);
}

#[actix_web::test]
async fn staff_add_and_tick_off_action_items() {
    let app = TestApp::new();
    let w = world(&app);
    let f = app.person(GlobalRole::Facilitator, "fac@example.org");
    let m = meeting(&app, &w);
    let svc = app.service().await;
    let mut b = Browser::new();
    b.sign_in(&svc, "fac@example.org").await;
    let path = format!("/meetings/{}/actions", m.id);
    let bad = b.post(&svc, &path, &[("description", ""), ("owner_person_id", ""), ("due_date", "soon")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"f-description-error\">must not be empty"));
    assert!(bad.body.contains("id=\"f-due_date-error\">must be a date"));
    let owner = f.id.to_string();
    let ok = b.post(&svc, &path, &[("description", "Share the rubric"), ("owner_person_id", &owner), ("due_date", "2030-01-15")]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let item = pdsa::models::meeting::ActionItem::of_meeting(&mut app.conn(), m.id).unwrap()[0].clone();
    let done = b.post(&svc, &format!("{path}/{}", item.id), &[("done", "true")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = b.get(&svc, &format!("/meetings/{}", m.id)).await;
    assert!(page.body.contains("Share the rubric") && page.body.contains("Tue 15 Jan 2030"), "{}", page.body);
    assert!(page.body.contains("Reopen"));
}

#[actix_web::test]
async fn the_people_page_is_for_staff_and_directors_add_people() {
    let app = TestApp::new();
    world(&app);
    let dir = app.person(GlobalRole::Director, "dir@example.org");
    app.person(GlobalRole::Facilitator, "fac@example.org");
    let member = app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut m = Browser::new();
    m.sign_in(&svc, "m@example.org").await;
    assert_eq!(m.get(&svc, "/people").await.status, StatusCode::FORBIDDEN);
    let mut f = Browser::new();
    f.sign_in(&svc, "fac@example.org").await;
    let seen = f.get(&svc, "/people").await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains("class=\"badge director\""));
    assert!(!seen.body.contains("Add a person"));
    assert_eq!(f.post(&svc, "/people", &[("name", "X"), ("email", "x@example.org"), ("role", "member")]).await.status, StatusCode::FORBIDDEN);

    let mut d = Browser::new();
    d.sign_in(&svc, "dir@example.org").await;
    let taken = d.post(&svc, "/people", &[("name", "Again"), ("email", "M@example.org"), ("role", "member")]).await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(taken.body.contains("id=\"f-email-error\">someone with this email exists already"));
    assert!(taken.body.contains("value=\"Again\""));
    let added = d.post(&svc, "/people", &[("name", "New Teacher"), ("email", "new@example.org"), ("role", "member")]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let new = Person::find_by_email(&mut app.conn(), "new@example.org").unwrap().unwrap();
    assert!(new.password_hash.is_none());

    let promote = d.post(&svc, &format!("/people/{}/role", member.id), &[("role", "facilitator")]).await;
    assert_eq!(promote.status, StatusCode::SEE_OTHER);
    assert_eq!(Person::find(&mut app.conn(), member.id).unwrap().role, "facilitator");
    let own = d.post(&svc, &format!("/people/{}/role", dir.id), &[("role", "member")]).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(own.body.contains("cannot be changed by yourself"));
    assert_eq!(Person::find(&mut app.conn(), dir.id).unwrap().role, "director");
}

#[actix_web::test]
async fn changing_the_password_needs_the_current_one() {
    let app = TestApp::new();
    let me = app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = Browser::new();
    b.sign_in(&svc, "m@example.org").await;
    let page = b.get(&svc, "/profile").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("m@example.org"));

    let none = b.post(&svc, "/profile", &[("name", "Mara"), ("new_password", "a brand new secret"), ("current_password", "")]).await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("id=\"f-current_password-error\">is needed to change your password"));
    assert!(none.body.contains("value=\"Mara\""), "the typed name is kept");
    assert!(!none.body.contains("a brand new secret"), "passwords are never echoed");
    let wrong = b.post(&svc, "/profile", &[("name", "Mara"), ("new_password", "a brand new secret"), ("current_password", "nope")]).await;
    assert!(wrong.body.contains("id=\"f-current_password-error\">is not right"));
    let short = b.post(&svc, "/profile", &[("name", "Mara"), ("new_password", "short"), ("current_password", PASSWORD)]).await;
    assert!(short.body.contains("id=\"f-new_password-error\">must be at least 10 characters"));
    let hash = Person::find(&mut app.conn(), me.id).unwrap().password_hash;
    assert_eq!(hash.as_deref().map(|h| pdsa::auth::password::verify(PASSWORD, h)), Some(true), "unchanged so far");

    let ok = b.post(&svc, "/profile", &[("name", "Mara"), ("new_password", "a brand new secret"), ("current_password", PASSWORD)]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let saved = Person::find(&mut app.conn(), me.id).unwrap();
    assert_eq!(saved.name, "Mara");
    assert!(pdsa::auth::password::verify("a brand new secret", saved.password_hash.as_deref().unwrap()));
}

#[actix_web::test]
async fn the_profile_lists_and_revokes_api_tokens() {
    let app = TestApp::new();
    let me = app.person(GlobalRole::Member, "m@example.org");
    let other = app.person(GlobalRole::Member, "o@example.org");
    app.token(me.id);
    app.token(other.id);
    let svc = app.service().await;
    let mut b = Browser::new();
    b.sign_in(&svc, "m@example.org").await;
    let page = b.get(&svc, "/profile").await;
    assert!(page.body.contains("Revoke") && page.body.contains("never"));
    let mine = ApiToken::of_person(&mut app.conn(), me.id).unwrap()[0].id;
    let theirs = ApiToken::of_person(&mut app.conn(), other.id).unwrap()[0].id;
    assert_eq!(b.post(&svc, &format!("/profile/tokens/{theirs}/delete"), &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(b.post(&svc, &format!("/profile/tokens/{mine}/delete"), &[]).await.status, StatusCode::SEE_OTHER);
    assert!(ApiToken::of_person(&mut app.conn(), me.id).unwrap().is_empty());
    assert_eq!(ApiToken::of_person(&mut app.conn(), other.id).unwrap().len(), 1);
}

#[actix_web::test]
async fn a_district_page_shows_meetings_to_insiders_and_a_director_creates_the_team() {
    let app = TestApp::new();
    let w = world(&app);
    app.person(GlobalRole::Director, "dir@example.org");
    let outsider = app.person(GlobalRole::Member, "out@example.org");
    let (_, other) = member_district(&app, &w.year, "Oakdale");
    add(&app, &other, &outsider, TeamRole::Teacher, None);
    let lone = District::create(&mut app.conn(), "Hillcrest").unwrap();
    meeting(&app, &w);
    let svc = app.service().await;
    let mut o = Browser::new();
    o.sign_in(&svc, "out@example.org").await;
    let seen = o.get(&svc, &format!("/districts/{}", w.district.id)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains("North") && !seen.body.contains("Tune-up"), "others see name and schools only");

    let mut d = Browser::new();
    d.sign_in(&svc, "dir@example.org").await;
    let page = d.get(&svc, &format!("/districts/{}", w.district.id)).await;
    assert!(page.body.contains("Tune-up") && page.body.contains("Riverton team"), "{}", page.body);
    let school = d.post(&svc, &format!("/districts/{}/schools", w.district.id), &[("name", "North")]).await;
    assert_eq!(school.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(school.body.contains("this district has a school with this name already"));
    let refused = d.post(&svc, &format!("/districts/{}/teams", lone.id), &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Hillcrest is not a member of Y1"), "{}", refused.body);
    let existing = d.post(&svc, &format!("/districts/{}/teams", w.district.id), &[]).await;
    assert_eq!(existing.location, Some(format!("/teams/{}", w.team.id)));
}

#[actix_web::test]
async fn every_page_renders_over_the_demo_with_tokens_in_every_form() {
    let app = TestApp::with_demo();
    let mut c = app.conn();
    let year = ProgramYear::this_year(&mut c).unwrap().unwrap();
    let team = Team::of_year(&mut c, year.id).unwrap()[0].team.clone();
    let meeting = Meeting::list(&mut c, Some(year.id), Some(team.district_id)).unwrap()[0].meeting.clone();
    pdsa::models::meeting::ActionItem::add(&mut c, meeting.id, "Share the rubric", None, None).unwrap();
    let director = Person::with_role(&mut c, GlobalRole::Director).unwrap()[0].clone();
    app.token(director.id);
    drop(c);
    let svc = app.service().await;
    let mut b = Browser::new();
    b.post(&svc, "/sign-in", &[("email", &director.email), ("password", "pdsa-demo")]).await;
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
        assert!(!page.body.contains("name=\"csrf_token\" value=\"\""), "{path}: a form without its token");
    }
}
