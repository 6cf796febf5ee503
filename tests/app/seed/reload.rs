//! Loading the demo again, later, or with a larger seed file adds only what is missing and keeps
//! what people changed.

use super::{d, loaded, november, row_counts, years};
use diesel::prelude::*;
use pdsa::domain::attendance::AttendanceStatus;
use pdsa::domain::roles::TeamRole;
use pdsa::models::convening::{Attendance, Convening};
use pdsa::models::person::Person;
use pdsa::models::year::Membership;
use pdsa::seed::{self, Seed};
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn loading_twice_adds_nothing_and_hashes_nothing() {
    let app = loaded(november());
    let before = row_counts(&mut app.conn());
    let hash = Person::find_by_email(&mut app.conn(), "director@demo.pdsa")
        .unwrap()
        .unwrap()
        .password_hash;
    let report = seed::load_demo(&mut app.conn(), november()).unwrap();
    assert!(report.ends_with("0 people added"), "{report}");
    assert_eq!(row_counts(&mut app.conn()), before);
    let again = Person::find_by_email(&mut app.conn(), "director@demo.pdsa")
        .unwrap()
        .unwrap()
        .password_hash;
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
    assert_eq!(
        row_counts(&mut app.conn()),
        before,
        "dates stay those of the first load"
    );
}

#[test]
fn a_larger_seed_loads_into_the_demo_without_duplicates() {
    let app = loaded(november());
    let before = row_counts(&mut app.conn());
    let mut bigger = Seed::demo().unwrap();
    bigger.convenings[1]
        .readings
        .push(pdsa::seed::data::ReadingSeed {
            title: "Practical Measurement (Yeager, Bryk, Muhich, Hausman & Morales)".into(),
            url: None,
            note: Some("Pages 1–12.".into()),
        });
    bigger.districts[2]
        .members
        .push(pdsa::seed::data::MemberSeed {
            name: "Nora Quinn".into(),
            email: "nora.quinn@demo.pdsa".into(),
            role: TeamRole::Teacher,
            school: Some("Copper Falls High School".into()),
        });
    let report = seed::load(&mut app.conn(), november(), &bigger).unwrap();
    assert!(report.ends_with("1 people added"), "{report}");
    let after = row_counts(&mut app.conn());
    let mut grew: BTreeMap<&str, i64> = after
        .iter()
        .filter(|(k, n)| before[*k] != **n)
        .map(|(k, n)| (k.as_str(), n - before[k]))
        .collect();
    // The teacher gets the reminders of the events still to come (how many depends on today),
    // and nothing else is queued.
    let queued = grew.remove("outbox").unwrap_or(0);
    let nora: i64 = pdsa::db::schema::outbox::table
        .inner_join(pdsa::db::schema::people::table)
        .filter(pdsa::db::schema::people::email.eq("nora.quinn@demo.pdsa"))
        .count()
        .get_result(&mut *app.conn())
        .unwrap();
    assert_eq!(
        queued, nora,
        "every row queued by the reload is the newcomer's"
    );
    // The reading goes to convening 2 of both years; the teacher is invited to this year's four.
    // The audit log records the new person and their roster line (by `pdsa seed`).
    let expected = BTreeMap::from([
        ("audit_log", 2),
        ("people", 1),
        ("team_members", 1),
        ("readings", 2),
        ("attendances", 4),
    ]);
    assert_eq!(grew, expected);
    seed::load(&mut app.conn(), november(), &bigger).unwrap();
    assert_eq!(row_counts(&mut app.conn()), after);
}

#[test]
fn what_people_changed_survives_a_reload() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let (this, _) = years(conn, november());
    let mut m = Membership::of_year(conn, this.id).unwrap()[0]
        .membership
        .clone();
    m.paid_cents = 123_400;
    m.save(conn, &pdsa::models::audit::AuditActor::system("test"))
        .unwrap();
    let c = Convening::of_year(conn, this.id)
        .unwrap()
        .pop()
        .unwrap()
        .convening;
    let teacher = Person::find_by_email(conn, "teacher@demo.pdsa")
        .unwrap()
        .unwrap();
    Attendance::set(conn, c.id, teacher.id, AttendanceStatus::NotAttending).unwrap();
    seed::load_demo(conn, november()).unwrap();
    assert_eq!(Membership::find(conn, m.id).unwrap().paid_cents, 123_400);
    assert_eq!(
        Attendance::status_of(conn, c.id, teacher.id)
            .unwrap()
            .as_deref(),
        Some("not_attending")
    );
}
