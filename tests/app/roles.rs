//! The role matrix: every registered route, tried by five callers — nobody, a member of the
//! team concerned, a member of another team, a facilitator and a director. A row says who may
//! use the route; the others must get 401 (API) or a sign-in redirect (pages) when anonymous and
//! 403 when signed in, and nobody ever gets a 500. A route without a row fails the test.

use crate::support::{Browser, TestApp, api};
use actix_web::http::{Method, StatusCode};
use chrono::{Datelike, NaiveDate, TimeDelta, Utc};
use pdsa::domain::meeting::{MeetingKind, Modality};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::convening::{AgendaItem, Attendance, Reading};
use pdsa::models::district::{District, School};
use pdsa::models::meeting::{ActionItem, Meeting, MeetingInput};
use pdsa::models::team::{NewMember, Team};
use pdsa::models::year::{Membership, NewMembership, NewProgramYear, ProgramYear};
use std::collections::HashMap;

/// The callers, in the order of a row's access string.
const WHO: [&str; 5] = [
    "anonymous",
    "member of this team",
    "member of another team",
    "facilitator",
    "director",
];

/// `(method, route pattern, access)`: access is five characters, `y` allowed / `n` refused,
/// for the callers of `WHO`. Patterns are filled from the fixture's ids.
const ROWS: &[(&str, &str, &str)] = &[
    // Pages
    ("GET", "/", "nyyyy"),
    ("GET", "/healthz", "yyyyy"),
    ("GET", "/sign-in", "yyyyy"),
    ("POST", "/sign-in", "yyyyy"),
    ("POST", "/sign-out", "yyyyy"),
    ("GET", "/calendar", "nyyyy"),
    ("GET", "/years", "nyyyy"),
    ("POST", "/years", "nnnny"),
    ("GET", "/years/{id}", "nyyyy"),
    ("POST", "/years/{id}/next", "nnnny"),
    ("GET", "/years/{id}/plan", "nnnny"),
    ("POST", "/years/{id}/plan", "nnnny"),
    ("POST", "/years/{id}/members", "nnnny"),
    ("POST", "/years/{id}/members/{membership_id}", "nnnny"),
    ("GET", "/convenings/{id}", "nyyyy"),
    ("POST", "/convenings/{id}", "nnnny"),
    ("GET", "/convenings/{id}/edit", "nnnny"),
    ("POST", "/convenings/{id}/agenda", "nnnny"),
    ("POST", "/convenings/{id}/agenda/{item_id}/delete", "nnnny"),
    ("POST", "/convenings/{id}/readings", "nnnny"),
    (
        "POST",
        "/convenings/{id}/readings/{reading_id}/delete",
        "nnnny",
    ),
    ("POST", "/convenings/{id}/rsvp", "nyyyy"),
    ("POST", "/convenings/{id}/attendance", "nnnny"),
    ("POST", "/convenings/{id}/invite", "nnnny"),
    ("GET", "/districts", "nyyyy"),
    ("POST", "/districts", "nnnny"),
    ("GET", "/districts/{id}", "nyyyy"),
    ("POST", "/districts/{id}/schools", "nnnny"),
    ("POST", "/districts/{id}/teams", "nnnny"),
    ("GET", "/teams/{id}", "nynyy"),
    ("POST", "/teams/{id}/members", "nnnny"),
    ("POST", "/teams/{id}/members/{member_id}/delete", "nnnny"),
    ("GET", "/meetings/new", "nnnyy"),
    ("POST", "/meetings", "nnnyy"),
    ("GET", "/meetings/{id}", "nynyy"),
    ("GET", "/meetings/{id}/edit", "nnnyy"),
    ("POST", "/meetings/{id}", "nnnyy"),
    ("POST", "/meetings/{id}/actions", "nnnyy"),
    ("POST", "/meetings/{id}/actions/{item_id}", "nnnyy"),
    ("GET", "/people", "nnnyy"),
    ("POST", "/people", "nnnny"),
    ("POST", "/people/{id}/role", "nnnny"),
    ("GET", "/profile", "nyyyy"),
    ("POST", "/profile", "nyyyy"),
    ("POST", "/profile/tokens/{id}/delete", "nyyyy"),
    // API
    ("GET", "/api/openapi.json", "yyyyy"),
    ("POST", "/api/v1/tokens", "yyyyy"),
    ("GET", "/api/v1/tokens", "nyyyy"),
    ("DELETE", "/api/v1/tokens/{id}", "nyyyy"),
    ("GET", "/api/v1/me", "nyyyy"),
    ("GET", "/api/v1/collective", "nyyyy"),
    ("PUT", "/api/v1/collective", "nnnny"),
    ("GET", "/api/v1/program-years", "nyyyy"),
    ("POST", "/api/v1/program-years", "nnnny"),
    ("GET", "/api/v1/program-years/{id}", "nyyyy"),
    ("POST", "/api/v1/program-years/{id}/next", "nnnny"),
    ("GET", "/api/v1/program-years/{id}/plan", "nnnny"),
    ("POST", "/api/v1/program-years/{id}/plan", "nnnny"),
    ("GET", "/api/v1/program-years/{id}/memberships", "nnnyy"),
    ("POST", "/api/v1/program-years/{id}/memberships", "nnnny"),
    ("PUT", "/api/v1/memberships/{id}", "nnnny"),
    ("GET", "/api/v1/program-years/{id}/convenings", "nyyyy"),
    ("POST", "/api/v1/program-years/{id}/convenings", "nnnny"),
    ("GET", "/api/v1/convenings/{id}", "nyyyy"),
    ("PUT", "/api/v1/convenings/{id}", "nnnny"),
    ("GET", "/api/v1/convenings/{id}/agenda", "nyyyy"),
    ("POST", "/api/v1/convenings/{id}/agenda", "nnnny"),
    (
        "DELETE",
        "/api/v1/convenings/{id}/agenda/{item_id}",
        "nnnny",
    ),
    ("GET", "/api/v1/convenings/{id}/readings", "nyyyy"),
    ("POST", "/api/v1/convenings/{id}/readings", "nnnny"),
    (
        "DELETE",
        "/api/v1/convenings/{id}/readings/{reading_id}",
        "nnnny",
    ),
    ("GET", "/api/v1/convenings/{id}/attendance", "nyyyy"),
    ("PUT", "/api/v1/convenings/{id}/rsvp", "nyyyy"),
    (
        "PUT",
        "/api/v1/convenings/{id}/attendance/{person_id}",
        "nnnny",
    ),
    ("GET", "/api/v1/districts", "nyyyy"),
    ("POST", "/api/v1/districts", "nnnny"),
    ("GET", "/api/v1/districts/{id}", "nyyyy"),
    ("POST", "/api/v1/districts/{id}/schools", "nnnny"),
    ("GET", "/api/v1/teams", "nyyyy"),
    ("POST", "/api/v1/teams", "nnnny"),
    ("GET", "/api/v1/teams/{id}", "nynyy"),
    ("GET", "/api/v1/teams/{id}/members", "nynyy"),
    ("POST", "/api/v1/teams/{id}/members", "nnnny"),
    ("DELETE", "/api/v1/teams/{id}/members/{member_id}", "nnnny"),
    ("GET", "/api/v1/meetings", "nyyyy"),
    ("POST", "/api/v1/meetings", "nnnyy"),
    ("GET", "/api/v1/meetings/{id}", "nynyy"),
    ("PUT", "/api/v1/meetings/{id}", "nnnyy"),
    ("GET", "/api/v1/meetings/{id}/action-items", "nynyy"),
    ("POST", "/api/v1/meetings/{id}/action-items", "nnnyy"),
    (
        "PUT",
        "/api/v1/meetings/{id}/action-items/{item_id}",
        "nnnyy",
    ),
    ("GET", "/api/v1/people", "nnnyy"),
    ("POST", "/api/v1/people", "nnnny"),
    ("GET", "/api/v1/people/{id}", "nynyy"),
];

/// Ids the rows point at: team A's things (the "member of this team" is on team A).
struct Fixture {
    ids: HashMap<&'static str, i32>,
}

impl Fixture {
    /// Fills a pattern: the first `{id}` is the route's main object, the second its child.
    fn url(&self, pattern: &str) -> String {
        let main = match pattern
            .split('/')
            .find(|s| !s.is_empty() && *s != "api" && *s != "v1")
            .unwrap_or("")
        {
            "years" | "program-years" => self.ids["year"],
            "convenings" => self.ids["convening"],
            "districts" => self.ids["district"],
            "teams" => self.ids["team"],
            "meetings" => self.ids["meeting"],
            "people" => self.ids["member_a"],
            "memberships" => self.ids["membership"],
            _ => 999_999,
        };
        let child = |name: &str| match name {
            "{membership_id}" => self.ids["membership"],
            "{item_id}" if pattern.contains("meetings") => self.ids["action_item"],
            "{item_id}" => self.ids["agenda_item"],
            "{reading_id}" => self.ids["reading"],
            "{member_id}" => self.ids["spare_member"],
            "{person_id}" => self.ids["member_a"],
            _ => 999_999,
        };
        pattern
            .split('/')
            .map(|seg| match seg {
                "{id}" => main.to_string(),
                s if s.starts_with('{') => child(s).to_string(),
                s => s.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

fn fixture(app: &TestApp) -> Fixture {
    let c = &mut app.conn();
    let tz = pdsa::models::collective::Collective::get(c).unwrap().tz();
    let today = Utc::now().with_timezone(&tz).date_naive();
    let (start, end) = pdsa::domain::year::default_span(pdsa::domain::year::start_year_for(today));
    let collective_id = pdsa::models::collective::Collective::get(c).unwrap().id;
    let year = ProgramYear::create(
        c,
        &NewProgramYear {
            collective_id,
            label: "this year".into(),
            start_date: start,
            end_date: end,
        },
    )
    .unwrap();
    let (a, b) = (
        District::ensure(c, "Ashford").unwrap(),
        District::ensure(c, "Bramble").unwrap(),
    );
    let school_a = School::ensure(c, a.id, "Ashford High").unwrap();
    let mut membership = 0;
    for d in [&a, &b] {
        membership = Membership::ensure(
            c,
            &NewMembership {
                program_year_id: year.id,
                district_id: d.id,
                fee_cents: 1,
                paid_cents: 0,
                workshop_seats: 0,
            },
        )
        .unwrap()
        .id;
    }
    let (team_a, team_b) = (
        Team::ensure(c, year.id, a.id, "A team").unwrap(),
        Team::ensure(c, year.id, b.id, "B team").unwrap(),
    );
    let id_of = |email: &str| {
        pdsa::models::person::Person::find_by_email(&mut app.conn(), email)
            .unwrap()
            .unwrap()
            .id
    };
    let (ma, mb, spare) = (
        id_of("ma@example.org"),
        id_of("mb@example.org"),
        id_of("spare@example.org"),
    );
    let member = |p| NewMember {
        person_id: p,
        role: TeamRole::Teacher,
        school_id: Some(school_a.id),
    };
    Team::add_member(c, &team_a, &member(ma)).unwrap();
    Team::add_member(c, &team_a, &member(spare)).unwrap();
    Team::add_member(
        c,
        &team_b,
        &NewMember {
            person_id: mb,
            role: TeamRole::Teacher,
            school_id: None,
        },
    )
    .unwrap();
    let spare_member = Team::roster(c, team_a.id)
        .unwrap()
        .into_iter()
        .find(|l| l.member.person_id == spare)
        .unwrap()
        .member
        .id;
    let weekday = |mut d: NaiveDate| {
        while d.weekday().number_from_monday() > 5 {
            d += TimeDelta::days(1);
        }
        d
    };
    let day = weekday(start + TimeDelta::days(40));
    let conv = pdsa::models::plan::accept(c, &year, &[(1, day, a.id)])
        .unwrap()
        .remove(0);
    let agenda = AgendaItem::add(
        c,
        &conv,
        chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        30,
        "Welcome",
        pdsa::domain::agenda::AgendaKind::Welcome,
    )
    .unwrap();
    let reading = Reading::ensure(
        c,
        conv.id,
        "Learning to Improve",
        Some("https://example.org/lti"),
        None,
    )
    .unwrap();
    Attendance::invite(c, conv.id, ma).unwrap();
    let facilitator = id_of("fac@example.org");
    let local = (day + TimeDelta::days(1)).and_hms_opt(15, 0, 0).unwrap();
    let utc = local.and_local_timezone(tz).earliest().unwrap().naive_utc();
    let input = MeetingInput {
        district_id: a.id,
        kind: MeetingKind::TuneUp,
        title: "Tune-up".into(),
        starts_at: utc,
        ends_at: utc + TimeDelta::hours(1),
        local_date: local.date(),
        modality: Modality::Video,
        place: String::new(),
        video_url: "https://meet.example.org/a".into(),
        notes: String::new(),
        facilitator_ids: vec![facilitator],
    };
    let (meeting, _) = Meeting::create(c, &input).unwrap();
    let action = ActionItem::add(c, meeting.id, "Bring run charts", Some(ma), None).unwrap();
    let ids = HashMap::from([
        ("year", year.id),
        ("district", a.id),
        ("team", team_a.id),
        ("membership", membership),
        ("convening", conv.id),
        ("agenda_item", agenda.id),
        ("reading", reading.id),
        ("meeting", meeting.id),
        ("action_item", action.id),
        ("member_a", ma),
        ("spare_member", spare_member),
    ]);
    Fixture { ids }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

#[actix_web::test]
async fn every_route_has_a_row_and_every_row_holds() {
    let rows: HashMap<(String, &str), &str> = ROWS
        .iter()
        .map(|(m, p, a)| ((m.to_string(), *p), *a))
        .collect();
    let table = pdsa::web::routes::all();
    let missing: Vec<String> = table
        .iter()
        .filter(|r| !rows.contains_key(&(r.method.to_string(), r.path)))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the role matrix: {missing:#?}"
    );
    let stale: Vec<_> = ROWS
        .iter()
        .filter(|(m, p, _)| {
            !table
                .iter()
                .any(|r| r.method.as_str() == *m && r.path == *p)
        })
        .collect();
    assert!(
        stale.is_empty(),
        "rows for routes that do not exist: {stale:?}"
    );

    let app = TestApp::new();
    let emails = [
        "ma@example.org",
        "mb@example.org",
        "fac@example.org",
        "dir@example.org",
    ];
    let roles = [
        GlobalRole::Member,
        GlobalRole::Member,
        GlobalRole::Facilitator,
        GlobalRole::Director,
    ];
    let people: Vec<_> = emails
        .iter()
        .zip(roles)
        .map(|(e, r)| app.person(r, e))
        .collect();
    app.person(GlobalRole::Member, "spare@example.org");
    let fx = fixture(&app);
    let tokens: Vec<String> = people.iter().map(|p| app.token(p.id)).collect();
    let svc = app.service().await;
    let mut browsers: Vec<Browser> = vec![Browser::new()];
    for e in emails {
        let mut b = Browser::new();
        b.sign_in(&svc, e).await;
        browsers.push(b);
    }
    let mut failures = Vec::new();
    for (method, pattern, access) in ROWS {
        let url = fx.url(pattern);
        // Refused callers first, so an allowed director's change cannot hide a refusal.
        let mut order: Vec<usize> = (0..5).collect();
        order.sort_by_key(|&i| access.as_bytes()[i] == b'y');
        for who in order {
            let allowed = access.as_bytes()[who] == b'y';
            let status = if is_api(pattern) {
                let token = (who > 0).then(|| tokens[who - 1].as_str());
                let body = (*method != "GET" && *method != "DELETE").then(|| serde_json::json!({}));
                api(
                    &svc,
                    Method::from_bytes(method.as_bytes()).unwrap(),
                    &url,
                    token,
                    body,
                )
                .await
                .0
            } else {
                let b = &mut browsers[who];
                let page = if *method == "GET" {
                    b.get(&svc, &url).await
                } else {
                    b.post(&svc, &url, &[]).await
                };
                if *pattern == "/sign-out" && who > 0 {
                    b.sign_in(&svc, emails[who - 1]).await;
                }
                // Signing out lands on the sign-in page by design; elsewhere that landing means
                // "not signed in".
                let to_sign_in = page
                    .location
                    .as_deref()
                    .is_some_and(|l| l.starts_with("/sign-in"));
                if page.status == StatusCode::SEE_OTHER && to_sign_in && *pattern != "/sign-out" {
                    StatusCode::UNAUTHORIZED
                } else {
                    page.status
                }
            };
            let ok = if status.is_server_error() {
                false
            } else if allowed {
                status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN
            } else if who == 0 {
                status == StatusCode::UNAUTHORIZED
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !ok {
                failures.push(format!(
                    "{method} {url} as {}: got {status}, expected {}",
                    WHO[who],
                    if allowed { "access" } else { "refusal" }
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "role matrix failures:\n{}",
        failures.join("\n")
    );
}
