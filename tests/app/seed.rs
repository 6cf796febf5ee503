//! The demo collective: what it holds, that loading it again adds nothing, that a larger seed
//! adds only what is new, that its rules hold whatever the month, and that its people sign in.

use crate::support::{Browser, TestApp};
use actix_web::http::StatusCode;
use chrono::{Datelike, NaiveDate, TimeZone};
use diesel::prelude::*;
use pdsa::db::DbConn;
use pdsa::domain::attendance::AttendanceStatus;
use pdsa::domain::meeting::MeetingKind;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::collective::Collective;
use pdsa::models::convening::{AgendaItem, Attendance, Convening, Reading};
use pdsa::models::district::District;
use pdsa::models::meeting::{ActionItem, Meeting};
use pdsa::models::person::Person;
use pdsa::models::team::Team;
use pdsa::models::year::{Membership, ProgramYear};
use pdsa::seed::{self, Seed};
use std::collections::{BTreeMap, BTreeSet};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

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
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Rows in every table of the database, whatever tables later migrations add.
fn row_counts(conn: &mut DbConn) -> BTreeMap<String, i64> {
    let DbConn::Sqlite(c) = conn else { panic!("tests run on SQLite") };
    let tables: Vec<Name> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '__diesel_schema_migrations'",
    )
    .load(c)
    .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let q = format!("SELECT COUNT(*) AS n FROM \"{}\"", t.name);
            let n = diesel::sql_query(q).get_result::<Count>(c).unwrap().n;
            (t.name, n)
        })
        .collect()
}

fn years(conn: &mut DbConn, today: NaiveDate) -> (ProgramYear, ProgramYear) {
    let start = pdsa::domain::year::start_year_for(today);
    let this = ProgramYear::find_by_label(conn, &pdsa::domain::year::label_for(start)).unwrap().unwrap();
    let last = ProgramYear::find_by_label(conn, &pdsa::domain::year::label_for(start - 1)).unwrap().unwrap();
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
        let roles: BTreeSet<String> = Team::roster(conn, t.team.id).unwrap().into_iter().map(|l| l.member.role).collect();
        assert_eq!(roles.len(), TeamRole::ALL.len(), "{} lacks a role", t.district_name);
    }
    let warned = teams.iter().filter(|t| !Team::warnings(conn, t.team.id).unwrap().is_empty()).count();
    assert_eq!(warned, 1, "one team shows a size warning");
    assert!(Person::with_role(conn, GlobalRole::Facilitator).unwrap().len() >= 3);
    let director = Person::find_by_email(conn, "director@demo.pdsa").unwrap().unwrap();
    assert_eq!(director.global_role(), GlobalRole::Director);
    let collective = Collective::get(conn).unwrap();
    assert_eq!((collective.name.as_str(), collective.time_zone.as_str()), ("High School Learning Collective", "America/New_York"));
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
    assert_eq!(Membership::of_year(conn, last.id).unwrap().len(), 4, "one district is new this year");
}

#[test]
fn loading_twice_adds_nothing_and_hashes_nothing() {
    let app = loaded(november());
    let before = row_counts(&mut app.conn());
    let hash = Person::find_by_email(&mut app.conn(), "director@demo.pdsa").unwrap().unwrap().password_hash;
    let report = seed::load_demo(&mut app.conn(), november()).unwrap();
    assert!(report.ends_with("0 people added"), "{report}");
    assert_eq!(row_counts(&mut app.conn()), before);
    let again = Person::find_by_email(&mut app.conn(), "director@demo.pdsa").unwrap().unwrap().password_hash;
    assert_eq!(again, hash, "the password is not hashed again");
    assert!(before.values().sum::<i64>() > 400, "{before:?}");
}

#[test]
fn the_shared_password_is_hashed_once_for_everyone() {
    let app = loaded(november());
    let people = Person::list(&mut app.conn()).unwrap();
    let hashes: BTreeSet<Option<String>> = people.iter().map(|p| p.password_hash.clone()).collect();
    assert_eq!(hashes.len(), 1, "one salt, one hash");
    let hash = hashes.into_iter().next().flatten().unwrap();
    assert!(pdsa::auth::password::verify("pdsa-demo", &hash));
}

#[test]
fn a_restart_on_a_later_day_adds_nothing() {
    let app = loaded(november());
    let before = row_counts(&mut app.conn());
    seed::load_demo(&mut app.conn(), d(2027, 1, 20)).unwrap();
    seed::load_demo(&mut app.conn(), d(2027, 8, 20)).unwrap();
    assert_eq!(row_counts(&mut app.conn()), before, "dates stay those of the first load");
}

#[test]
fn a_larger_seed_loads_into_the_demo_without_duplicates() {
    let app = loaded(november());
    let before = row_counts(&mut app.conn());
    let mut bigger = Seed::demo().unwrap();
    bigger.convenings[1].readings.push(pdsa::seed::data::ReadingSeed {
        title: "Practical Measurement (Yeager, Bryk, Muhich, Hausman & Morales)".into(),
        url: None,
        note: Some("Pages 1–12.".into()),
    });
    bigger.districts[2].members.push(pdsa::seed::data::MemberSeed {
        name: "Nora Quinn".into(),
        email: "nora.quinn@demo.pdsa".into(),
        role: TeamRole::Teacher,
        school: Some("Copper Falls High School".into()),
    });
    let report = seed::load(&mut app.conn(), november(), &bigger).unwrap();
    assert!(report.ends_with("1 people added"), "{report}");
    let after = row_counts(&mut app.conn());
    let grew: BTreeMap<&str, i64> = after.iter().filter(|(k, n)| before[*k] != **n).map(|(k, n)| (k.as_str(), n - before[k])).collect();
    // The reading goes to convening 2 of both years; the teacher is invited to this year's four.
    let expected = BTreeMap::from([("people", 1), ("team_members", 1), ("readings", 2), ("attendances", 4)]);
    assert_eq!(grew, expected);
    seed::load(&mut app.conn(), november(), &bigger).unwrap();
    assert_eq!(row_counts(&mut app.conn()), after);
}

#[test]
fn what_people_changed_survives_a_reload() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let (this, _) = years(conn, november());
    let mut m = Membership::of_year(conn, this.id).unwrap()[0].membership.clone();
    m.paid_cents = 123_400;
    m.save(conn).unwrap();
    let c = Convening::of_year(conn, this.id).unwrap().pop().unwrap().convening;
    let teacher = Person::find_by_email(conn, "teacher@demo.pdsa").unwrap().unwrap();
    Attendance::set(conn, c.id, teacher.id, AttendanceStatus::NotAttending).unwrap();
    seed::load_demo(conn, november()).unwrap();
    assert_eq!(Membership::find(conn, m.id).unwrap().paid_cents, 123_400);
    assert_eq!(Attendance::status_of(conn, c.id, teacher.id).unwrap().as_deref(), Some("not_attending"));
}

#[actix_web::test]
async fn demo_people_sign_in_with_the_demo_password() {
    let app = loaded(november());
    let svc = app.service().await;
    let mut b = Browser::new();
    let wrong = b.post(&svc, "/sign-in", &[("email", "director@demo.pdsa"), ("password", "test-password-1")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = b.post(&svc, "/sign-in", &[("email", "director@demo.pdsa"), ("password", "pdsa-demo")]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let home = b.get(&svc, "/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("Jordan Ellis"), "the director is signed in");
    let mut t = Browser::new();
    let teacher = t.post(&svc, "/sign-in", &[("email", "teacher@demo.pdsa"), ("password", "pdsa-demo")]).await;
    assert_eq!(teacher.status, StatusCode::SEE_OTHER, "{}", teacher.body);
}

#[test]
fn the_sign_in_help_lists_accounts_that_exist() {
    let app = loaded(november());
    let emails: Vec<&str> = seed::SIGN_IN_HELP.split_whitespace().filter(|w| w.contains('@')).collect();
    assert!(emails.contains(&"director@demo.pdsa") && emails.len() >= 7);
    assert!(seed::SIGN_IN_HELP.contains("pdsa-demo"));
    let mut roles = BTreeSet::new();
    for e in emails {
        let p = Person::find_by_email(&mut app.conn(), e).unwrap().unwrap_or_else(|| panic!("{e}"));
        roles.insert(p.role);
    }
    assert_eq!(roles.len(), 3, "director, facilitator and members");
}

#[test]
fn hosts_of_this_year_follow_the_rotation() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let (this, last) = years(conn, november());
    let now = Convening::of_year(conn, this.id).unwrap();
    let before = Convening::of_year(conn, last.id).unwrap();
    let hosts: Vec<i32> = now.iter().map(|r| r.convening.host_district_id).collect();
    assert_eq!(hosts.iter().collect::<BTreeSet<_>>().len(), 4, "no district hosts twice while another has not");
    let hosted_before: Vec<i32> = before.iter().map(|r| r.convening.host_district_id).collect();
    assert!(!hosted_before.contains(&hosts[0]), "the district that never hosted goes first");
    let latest = before.last().unwrap().convening.host_district_id;
    assert!(!hosts.contains(&latest), "last year's last host waits its turn");
    assert_eq!(now.iter().map(|r| r.convening.number).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    assert!(pdsa::models::plan::proposals(conn, &this).unwrap().is_empty(), "nothing left to plan");
    for r in &now {
        assert!(r.convening.venue.ends_with(" library"), "{}", r.convening.venue);
        assert!(r.convening.venue.starts_with(r.host_name.split(' ').next().unwrap()), "{}", r.convening.venue);
    }
}

#[test]
fn convening_days_follow_the_source_agenda_with_readings_and_invitations() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let (this, _) = years(conn, november());
    for r in Convening::of_year(conn, this.id).unwrap() {
        let c = r.convening;
        assert_eq!(c.breakfast_time.to_string(), "08:30:00");
        let items = AgendaItem::of_convening(conn, c.id).unwrap();
        let kinds: BTreeSet<&str> = items.iter().map(|i| i.kind.as_str()).collect();
        for k in ["welcome", "new_learning", "team_planning", "group_discussion", "wrap_up"] {
            assert!(kinds.contains(k), "{k}");
        }
        for w in items.windows(2) {
            assert!(w[0].start_time + chrono::Duration::minutes(w[0].minutes.into()) <= w[1].start_time);
        }
        let last = items.last().unwrap();
        assert!(last.start_time + chrono::Duration::minutes(last.minutes.into()) <= c.close_time);
        assert!(Reading::of_convening(conn, c.id).unwrap().len() >= 2);
        let lines = Attendance::of_convening(conn, c.id).unwrap();
        assert_eq!(lines.len(), 47, "every team member, facilitator and the director");
        let past = c.date < november();
        let answered = lines.iter().filter(|l| l.status != "invited").count();
        assert!(if past { answered == lines.len() } else { answered > 0 && answered < lines.len() });
    }
}

/// Checks the tune-up rules on whatever the seed made for the year containing `today`.
fn check_tune_ups(conn: &mut DbConn, today: NaiveDate) -> Vec<Meeting> {
    let (this, _) = years(conn, today);
    let tz = Collective::get(conn).unwrap().tz();
    let days: Vec<NaiveDate> = Convening::of_year(conn, this.id).unwrap().iter().map(|r| r.convening.date).collect();
    let meetings: Vec<Meeting> = Meeting::list(conn, Some(this.id), None).unwrap().into_iter().map(|r| r.meeting).collect();
    assert!((10..=15).contains(&meetings.len()), "{} tune-ups", meetings.len());
    let mut per_district: BTreeMap<i32, usize> = BTreeMap::new();
    for m in &meetings {
        let local = tz.from_utc_datetime(&m.starts_at);
        assert_eq!(m.kind, MeetingKind::TuneUp.as_str());
        assert!(!days.contains(&local.date_naive()), "tune-up on a convening day: {local}");
        assert!(this.contains(local.date_naive()));
        assert!(local.weekday().num_days_from_monday() < 5, "{local}");
        match m.modality.as_str() {
            "video" => assert!(m.video_url.starts_with("https://")),
            _ => assert!(!m.place.is_empty()),
        }
        assert!(!Meeting::facilitators(conn, m.id).unwrap().is_empty());
        *per_district.entry(m.district_id).or_default() += 1;
    }
    assert!(per_district.values().all(|n| (2..=3).contains(n)), "{per_district:?}");
    assert!(meetings.iter().any(|m| m.modality == "video") && meetings.iter().any(|m| m.modality == "in_person"));
    meetings
}

#[test]
fn tune_ups_fall_on_allowed_days_some_soon_with_actions_on_past_ones() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let meetings = check_tune_ups(conn, november());
    let tz = Collective::get(conn).unwrap().tz();
    let local = |m: &Meeting| tz.from_utc_datetime(&m.starts_at).date_naive();
    let soon = meetings.iter().filter(|m| local(m) >= november() && (local(m) - november()).num_days() <= 28).count();
    assert!(soon >= 2, "{soon} tune-ups in the coming weeks");
    let with_actions: Vec<&Meeting> = meetings.iter().filter(|m| !ActionItem::of_meeting(conn, m.id).unwrap().is_empty()).collect();
    assert!(!with_actions.is_empty());
    assert!(with_actions.iter().all(|m| local(m) < november()), "action items only on tune-ups held");
    let first = Meeting::list(conn, None, None).unwrap()[0].meeting.clone();
    let ny = tz.from_utc_datetime(&first.starts_at);
    assert!(ny.format("%H:%M").to_string() == "15:45" || ny.format("%H:%M").to_string() == "12:30", "{ny}");
}

#[test]
fn loading_in_july_prepares_the_coming_year() {
    let july = d(2026, 7, 14);
    let app = loaded(july);
    let conn = &mut *app.conn();
    let (this, last) = years(conn, july);
    assert_eq!(this.label, "2026-27");
    assert_eq!(last.label, "2025-26");
    assert_eq!(Convening::of_year(conn, this.id).unwrap().len(), 4);
    assert_eq!(Convening::of_year(conn, last.id).unwrap().len(), 4);
    check_tune_ups(conn, july);
    let before = row_counts(conn);
    seed::load_demo(conn, july).unwrap();
    assert_eq!(row_counts(conn), before);
}

#[test]
fn loading_in_march_and_at_the_end_of_june_works_too() {
    for today in [d(2027, 3, 3), d(2027, 6, 28)] {
        let app = loaded(today);
        let conn = &mut *app.conn();
        let (this, _) = years(conn, today);
        assert_eq!(this.label, "2026-27");
        check_tune_ups(conn, today);
        let before = row_counts(conn);
        seed::load_demo(conn, today).unwrap();
        assert_eq!(row_counts(conn), before);
    }
}
