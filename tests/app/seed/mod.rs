//! The demo collective: what it holds and that its people sign in; `reload` checks that loading
//! again adds nothing, `calendar` that its convenings and tune-ups follow the rules in any month.

mod calendar;
mod evidence;
mod reload;

use crate::fixtures::d;
use crate::support::{Browser, TestApp};
use actix_web::http::StatusCode;
use chrono::NaiveDate;
use diesel::prelude::*;
use pdsa::db::DbConn;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::collective::Collective;
use pdsa::models::convening::Convening;
use pdsa::models::district::District;
use pdsa::models::person::Person;
use pdsa::models::team::Team;
use pdsa::models::year::{Membership, ProgramYear};
use pdsa::seed;
use std::collections::{BTreeMap, BTreeSet};

/// A day in the middle of a program year.
fn november() -> NaiveDate {
    d(2026, 11, 10)
}

fn loaded(today: NaiveDate) -> TestApp {
    let app = TestApp::new();
    let report = seed::load_demo(&mut app.conn(), today).unwrap();
    assert!(report.contains("5 teams"), "{report}");
    app
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Rows in every table of the database, whatever tables later migrations add.
fn row_counts(conn: &mut DbConn) -> BTreeMap<String, i64> {
    pdsa::db::introspect::tables(conn)
        .unwrap()
        .into_iter()
        .map(|t| {
            let q = format!("SELECT COUNT(*) AS n FROM \"{t}\"");
            let n = diesel::sql_query(q).get_result::<Count>(conn).unwrap().n;
            (t, n)
        })
        .collect()
}

fn years(conn: &mut DbConn, today: NaiveDate) -> (ProgramYear, ProgramYear) {
    let start = pdsa::domain::year::start_year_for(today);
    let this = ProgramYear::find_by_label(conn, &pdsa::domain::year::label_for(start))
        .unwrap()
        .unwrap();
    let last = ProgramYear::find_by_label(conn, &pdsa::domain::year::label_for(start - 1))
        .unwrap()
        .unwrap();
    (this, last)
}

#[test]
fn the_demo_has_five_districts_with_full_teams_and_a_facilitation_team() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let (this, _) = years(conn, november());
    assert_eq!(District::list(conn).unwrap().len(), 5);
    let teams = Team::of_year(conn, this.id).unwrap();
    assert_eq!(teams.len(), 5);
    let members: i64 = teams.iter().map(|t| t.member_count).sum();
    assert!((38..=46).contains(&members), "{members} team members");
    for t in &teams {
        let roles: BTreeSet<String> = Team::roster(conn, t.team.id)
            .unwrap()
            .into_iter()
            .map(|l| l.member.role)
            .collect();
        assert_eq!(
            roles.len(),
            TeamRole::ALL.len(),
            "{} lacks a role",
            t.district_name
        );
    }
    let warned = teams
        .iter()
        .filter(|t| !Team::warnings(conn, t.team.id).unwrap().is_empty())
        .count();
    assert_eq!(warned, 1, "one team shows a size warning");
    assert!(
        Person::with_role(conn, GlobalRole::Facilitator)
            .unwrap()
            .len()
            >= 3
    );
    let director = Person::find_by_email(conn, "director@demo.pdsa")
        .unwrap()
        .unwrap();
    assert_eq!(director.global_role(), GlobalRole::Director);
    let collective = Collective::get(conn).unwrap();
    assert_eq!(
        (collective.name.as_str(), collective.time_zone.as_str()),
        ("High School Learning Collective", "America/New_York")
    );
}

#[test]
fn this_year_and_last_have_four_convenings_and_members_with_fees() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let (this, last) = years(conn, november());
    assert!(this.contains(november()));
    assert_eq!(Convening::of_year(conn, this.id).unwrap().len(), 4);
    assert_eq!(Convening::of_year(conn, last.id).unwrap().len(), 4);
    let members = Membership::of_year(conn, this.id).unwrap();
    assert_eq!(members.len(), 5);
    assert!(members.iter().all(|m| m.membership.fee_cents == 1_500_000));
    let paid: BTreeSet<i64> = members.iter().map(|m| m.membership.paid_cents).collect();
    assert!(paid.len() >= 3, "amounts paid vary: {paid:?}");
    assert!(members.iter().any(|m| m.membership.workshop_seats > 0));
    assert_eq!(
        Membership::of_year(conn, last.id).unwrap().len(),
        4,
        "one district is new this year"
    );
}

#[actix_web::test]
async fn demo_people_sign_in_with_the_demo_password() {
    let app = loaded(november());
    let svc = app.service().await;
    let mut b = Browser::new();
    let wrong = b
        .post(
            &svc,
            "/sign-in",
            &[
                ("email", "director@demo.pdsa"),
                ("password", "test-password-1"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = b
        .post(
            &svc,
            "/sign-in",
            &[("email", "director@demo.pdsa"), ("password", "pdsa-demo")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let home = b.get(&svc, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("Jordan Ellis"),
        "the director is signed in"
    );
    let mut t = Browser::new();
    let teacher = t
        .post(
            &svc,
            "/sign-in",
            &[("email", "teacher@demo.pdsa"), ("password", "pdsa-demo")],
        )
        .await;
    assert_eq!(teacher.status, StatusCode::SEE_OTHER, "{}", teacher.body);
}

#[test]
fn the_sign_in_help_lists_accounts_that_exist() {
    let app = loaded(november());
    let emails: Vec<&str> = seed::SIGN_IN_HELP
        .split_whitespace()
        .filter(|w| w.contains('@'))
        .collect();
    assert!(emails.contains(&"director@demo.pdsa") && emails.len() >= 7);
    assert!(seed::SIGN_IN_HELP.contains("pdsa-demo"));
    let mut roles = BTreeSet::new();
    for e in emails {
        let p = Person::find_by_email(&mut app.conn(), e)
            .unwrap()
            .unwrap_or_else(|| panic!("{e}"));
        roles.insert(p.role);
    }
    assert_eq!(roles.len(), 3, "director, facilitator and members");
}
