//! Pages for districts, teams, meetings, people and the profile: who may see them, forms that
//! come back with messages beside their fields, warnings, local times and edit conflicts.

mod meetings;
mod people;

use crate::fixtures::{admit, join, signed_in, team, today, tune_up, year};
use crate::support::TestApp;
use actix_web::http::StatusCode;
use chrono::TimeDelta;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::collective::Collective;
use pdsa::models::district::{District, School};
use pdsa::models::meeting::Meeting;
use pdsa::models::team::Team;
use pdsa::models::year::ProgramYear;

/// A year around today, with one member district, its three schools and its (empty) team.
struct World {
    year: ProgramYear,
    district: District,
    schools: Vec<School>,
    team: Team,
    tz: chrono_tz::Tz,
}

fn world(app: &TestApp) -> World {
    let tz = Collective::get(&mut app.conn()).unwrap().tz();
    let day = today(tz);
    let year = year(
        app,
        "Y1",
        day - TimeDelta::days(100),
        day + TimeDelta::days(200),
    );
    let (district, team) = member_district(app, &year, "Riverton");
    let schools = ["North", "South", "West"]
        .iter()
        .map(|n| School::ensure(&mut app.conn(), district.id, n).unwrap())
        .collect();
    World {
        year,
        district,
        schools,
        team,
        tz,
    }
}

/// A district admitted to `year`, with its (empty) team.
fn member_district(app: &TestApp, year: &ProgramYear, name: &str) -> (District, Team) {
    let district = admit(app, year, name);
    let team = team(app, year, district.id, &format!("{name} team"));
    (district, team)
}

#[actix_web::test]
async fn a_director_adds_a_district_and_a_taken_name_comes_back_beside_the_field() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "dir@example.org");
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = signed_in(&svc, "dir@example.org").await;
    let made = b.post(&svc, "/districts", &[("name", "Lakeside")]).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let shown = b.get(&svc, made.location.as_deref().unwrap()).await;
    assert!(shown.body.contains("Lakeside added."), "{}", shown.body);
    let list = b.get(&svc, "/districts").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(">Lakeside</a>"), "{}", list.body);

    let again = b.post(&svc, "/districts", &[("name", " Lakeside ")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .body
            .contains("id=\"f-name-error\">a district with this name exists already"),
        "{}",
        again.body
    );
    assert!(
        again.body.contains("value=\" Lakeside \""),
        "the typed value is kept"
    );
    assert_eq!(District::list(&mut app.conn()).unwrap().len(), 1);

    let blank = b.post(&svc, "/districts", &[("name", "  ")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("must not be empty"));

    let mut m = signed_in(&svc, "m@example.org").await;
    assert_eq!(m.get(&svc, "/districts").await.status, StatusCode::OK);
    assert!(
        !m.get(&svc, "/districts")
            .await
            .body
            .contains("Add a district")
    );
    assert_eq!(
        m.post(&svc, "/districts", &[("name", "Sneaky")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn a_member_from_a_third_school_is_refused_beside_the_school_field() {
    let app = TestApp::new();
    let w = world(&app);
    app.person(GlobalRole::Director, "dir@example.org");
    let (a, bb, cc) = (
        app.person(GlobalRole::Member, "a@example.org"),
        app.person(GlobalRole::Member, "b@example.org"),
        app.person(GlobalRole::Member, "c@example.org"),
    );
    join(
        &app,
        &w.team,
        a.id,
        TeamRole::Principal,
        Some(w.schools[0].id),
    );
    join(
        &app,
        &w.team,
        bb.id,
        TeamRole::Teacher,
        Some(w.schools[1].id),
    );
    let svc = app.service().await;
    let mut b = signed_in(&svc, "dir@example.org").await;
    let path = format!("/teams/{}/members", w.team.id);
    let (person, third) = (cc.id.to_string(), w.schools[2].id.to_string());
    let refused = b
        .post(
            &svc,
            &path,
            &[
                ("person_id", &person),
                ("role", "teacher"),
                ("school_id", &third),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains("id=\"f-school_id-error\">would be a third school"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(&format!("value=\"{person}\" selected")),
        "the chosen person is kept"
    );
    assert!(
        refused
            .body
            .contains(&format!("value=\"{third}\" selected")),
        "the chosen school is kept"
    );
    assert_eq!(
        Team::roster(&mut app.conn(), w.team.id).unwrap().len(),
        2,
        "nothing changed"
    );

    let first = w.schools[0].id.to_string();
    let ok = b
        .post(
            &svc,
            &path,
            &[
                ("person_id", &person),
                ("role", "teacher"),
                ("school_id", &first),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(Team::roster(&mut app.conn(), w.team.id).unwrap().len(), 3);

    let no_role = b
        .post(
            &svc,
            &path,
            &[("person_id", ""), ("role", "boss"), ("school_id", "")],
        )
        .await;
    assert_eq!(no_role.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_role
            .body
            .contains("id=\"f-person_id-error\">choose a person")
    );
    assert!(no_role.body.contains("id=\"f-role-error\">must be one of"));
}

#[actix_web::test]
async fn a_person_on_another_team_this_year_is_refused_and_a_member_can_be_removed() {
    let app = TestApp::new();
    let w = world(&app);
    let (_, other) = member_district(&app, &w.year, "Oakdale");
    app.person(GlobalRole::Director, "dir@example.org");
    let p = app.person(GlobalRole::Member, "p@example.org");
    join(&app, &other, p.id, TeamRole::Coach, None);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "dir@example.org").await;
    let id = p.id.to_string();
    let refused = b
        .post(
            &svc,
            &format!("/teams/{}/members", w.team.id),
            &[("person_id", &id), ("role", "coach"), ("school_id", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("id=\"f-person_id-error\">is already on another team this program year"),
        "{}",
        refused.body
    );

    let line = Team::roster(&mut app.conn(), other.id).unwrap()[0]
        .member
        .id;
    let gone = b
        .post(
            &svc,
            &format!("/teams/{}/members/{line}/delete", other.id),
            &[],
        )
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert!(Team::roster(&mut app.conn(), other.id).unwrap().is_empty());
    let again = b
        .post(
            &svc,
            &format!("/teams/{}/members/{line}/delete", other.id),
            &[],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_team_page_shows_the_roster_and_its_warnings_to_its_own_members_only() {
    let app = TestApp::new();
    let w = world(&app);
    let (_, other) = member_district(&app, &w.year, "Oakdale");
    let me = app.person(GlobalRole::Member, "me@example.org");
    let them = app.person(GlobalRole::Member, "them@example.org");
    join(
        &app,
        &w.team,
        me.id,
        TeamRole::Teacher,
        Some(w.schools[0].id),
    );
    join(&app, &other, them.id, TeamRole::SeniorLeader, None);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "me@example.org").await;
    let own = b.get(&svc, &format!("/teams/{}", w.team.id)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(own.body.contains("class=\"warnings\""));
    assert!(
        own.body.contains("team of 1: about eight is expected"),
        "{}",
        own.body
    );
    assert!(own.body.contains("no senior leader"));
    assert!(own.body.contains("Teacher") && own.body.contains("North"));
    assert!(
        !own.body.contains("Add a member"),
        "members do not manage rosters"
    );

    let theirs = b.get(&svc, &format!("/teams/{}", other.id)).await;
    assert_eq!(theirs.status, StatusCode::FORBIDDEN);
    assert!(!theirs.body.contains("them@example.org"));
    let list = b.get(&svc, "/districts").await;
    assert!(
        list.body.contains("Oakdale team"),
        "other teams' names are visible"
    );
    assert!(
        !list.body.contains(&format!("href=\"/teams/{}\"", other.id)),
        "but not linked"
    );
    assert_eq!(
        b.post(
            &svc,
            &format!("/teams/{}/members", w.team.id),
            &[("person_id", "1")]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}

/// An in-person tune-up for the world's district in five days' time.
fn meeting(app: &TestApp, w: &World) -> Meeting {
    let day = today(w.tz) + TimeDelta::days(5);
    tune_up(
        app,
        w.district.id,
        day.and_hms_opt(18, 0, 0).unwrap(),
        day,
        vec![],
    )
}

#[actix_web::test]
async fn a_district_page_shows_meetings_to_insiders_and_a_director_creates_the_team() {
    let app = TestApp::new();
    let w = world(&app);
    app.person(GlobalRole::Director, "dir@example.org");
    let outsider = app.person(GlobalRole::Member, "out@example.org");
    let (_, other) = member_district(&app, &w.year, "Oakdale");
    join(&app, &other, outsider.id, TeamRole::Teacher, None);
    let lone = District::create(&mut app.conn(), "Hillcrest").unwrap();
    meeting(&app, &w);
    let svc = app.service().await;
    let mut o = signed_in(&svc, "out@example.org").await;
    let seen = o.get(&svc, &format!("/districts/{}", w.district.id)).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(
        seen.body.contains("North") && !seen.body.contains("Tune-up"),
        "others see name and schools only"
    );

    let mut d = signed_in(&svc, "dir@example.org").await;
    let page = d.get(&svc, &format!("/districts/{}", w.district.id)).await;
    assert!(
        page.body.contains("Tune-up") && page.body.contains("Riverton team"),
        "{}",
        page.body
    );
    let school = d
        .post(
            &svc,
            &format!("/districts/{}/schools", w.district.id),
            &[("name", "North")],
        )
        .await;
    assert_eq!(school.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        school
            .body
            .contains("this district has a school with this name already")
    );
    let refused = d
        .post(&svc, &format!("/districts/{}/teams", lone.id), &[])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Hillcrest is not a member of Y1"),
        "{}",
        refused.body
    );
    let existing = d
        .post(&svc, &format!("/districts/{}/teams", w.district.id), &[])
        .await;
    assert_eq!(existing.location, Some(format!("/teams/{}", w.team.id)));
}
