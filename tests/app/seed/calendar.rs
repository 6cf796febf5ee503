//! The demo's calendar: hosts by rotation, convening days shaped like the source agenda, and
//! tune-ups on allowed days, whatever the month the demo is loaded in.

use super::{d, loaded, november, row_counts, years};
use chrono::{Datelike, NaiveDate, TimeZone};
use pdsa::db::DbConn;
use pdsa::domain::meeting::MeetingKind;
use pdsa::models::collective::Collective;
use pdsa::models::convening::{AgendaItem, Attendance, Convening, Reading};
use pdsa::models::meeting::{ActionItem, Meeting};
use pdsa::seed;
use std::collections::{BTreeMap, BTreeSet};

#[test]
fn hosts_of_this_year_follow_the_rotation() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let (this, last) = years(conn, november());
    let now = Convening::of_year(conn, this.id).unwrap();
    let before = Convening::of_year(conn, last.id).unwrap();
    let hosts: Vec<i32> = now.iter().map(|r| r.convening.host_district_id).collect();
    assert_eq!(
        hosts.iter().collect::<BTreeSet<_>>().len(),
        4,
        "no district hosts twice while another has not"
    );
    let hosted_before: Vec<i32> = before
        .iter()
        .map(|r| r.convening.host_district_id)
        .collect();
    assert!(
        !hosted_before.contains(&hosts[0]),
        "the district that never hosted goes first"
    );
    let latest = before.last().unwrap().convening.host_district_id;
    assert!(
        !hosts.contains(&latest),
        "last year's last host waits its turn"
    );
    assert_eq!(
        now.iter().map(|r| r.convening.number).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    assert!(
        pdsa::models::plan::proposals(conn, &this)
            .unwrap()
            .is_empty(),
        "nothing left to plan"
    );
    for r in &now {
        assert!(
            r.convening.venue.ends_with(" library"),
            "{}",
            r.convening.venue
        );
        assert!(
            r.convening
                .venue
                .starts_with(r.host_name.split(' ').next().unwrap()),
            "{}",
            r.convening.venue
        );
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
        for k in [
            "welcome",
            "new_learning",
            "team_planning",
            "group_discussion",
            "wrap_up",
        ] {
            assert!(kinds.contains(k), "{k}");
        }
        for w in items.windows(2) {
            assert!(
                w[0].start_time + chrono::Duration::minutes(w[0].minutes.into()) <= w[1].start_time
            );
        }
        let last = items.last().unwrap();
        assert!(last.start_time + chrono::Duration::minutes(last.minutes.into()) <= c.close_time);
        assert!(Reading::of_convening(conn, c.id).unwrap().len() >= 2);
        let lines = Attendance::of_convening(conn, c.id).unwrap();
        assert_eq!(
            lines.len(),
            47,
            "every team member, facilitator and the director"
        );
        let past = c.date < november();
        let answered = lines.iter().filter(|l| l.status != "invited").count();
        assert!(if past {
            answered == lines.len()
        } else {
            answered > 0 && answered < lines.len()
        });
    }
}

/// Checks the tune-up rules on whatever the seed made for the year containing `today`.
fn check_tune_ups(conn: &mut DbConn, today: NaiveDate) -> Vec<Meeting> {
    let (this, _) = years(conn, today);
    let tz = Collective::get(conn).unwrap().tz();
    let days: Vec<NaiveDate> = Convening::of_year(conn, this.id)
        .unwrap()
        .iter()
        .map(|r| r.convening.date)
        .collect();
    let meetings: Vec<Meeting> = Meeting::list(conn, Some(this.id), None)
        .unwrap()
        .into_iter()
        .map(|r| r.meeting)
        .collect();
    assert!(
        (10..=15).contains(&meetings.len()),
        "{} tune-ups",
        meetings.len()
    );
    let mut per_district: BTreeMap<i32, usize> = BTreeMap::new();
    for m in &meetings {
        let local = tz.from_utc_datetime(&m.starts_at);
        assert_eq!(m.kind, MeetingKind::TuneUp.as_str());
        assert!(
            !days.contains(&local.date_naive()),
            "tune-up on a convening day: {local}"
        );
        assert!(this.contains(local.date_naive()));
        assert!(local.weekday().num_days_from_monday() < 5, "{local}");
        match m.modality.as_str() {
            "video" => assert!(m.video_url.starts_with("https://")),
            _ => assert!(!m.place.is_empty()),
        }
        assert!(!Meeting::facilitators(conn, m.id).unwrap().is_empty());
        *per_district.entry(m.district_id).or_default() += 1;
    }
    assert!(
        per_district.values().all(|n| (2..=3).contains(n)),
        "{per_district:?}"
    );
    assert!(
        meetings.iter().any(|m| m.modality == "video")
            && meetings.iter().any(|m| m.modality == "in_person")
    );
    meetings
}

#[test]
fn tune_ups_fall_on_allowed_days_some_soon_with_actions_on_past_ones() {
    let app = loaded(november());
    let conn = &mut *app.conn();
    let meetings = check_tune_ups(conn, november());
    let tz = Collective::get(conn).unwrap().tz();
    let local = |m: &Meeting| tz.from_utc_datetime(&m.starts_at).date_naive();
    let soon = meetings
        .iter()
        .filter(|m| local(m) >= november() && (local(m) - november()).num_days() <= 28)
        .count();
    assert!(soon >= 2, "{soon} tune-ups in the coming weeks");
    let with_actions: Vec<&Meeting> = meetings
        .iter()
        .filter(|m| !ActionItem::of_meeting(conn, m.id).unwrap().is_empty())
        .collect();
    assert!(!with_actions.is_empty());
    assert!(
        with_actions.iter().all(|m| local(m) < november()),
        "action items only on tune-ups held"
    );
    let first = Meeting::list(conn, None, None).unwrap()[0].meeting.clone();
    let ny = tz.from_utc_datetime(&first.starts_at);
    assert!(
        ny.format("%H:%M").to_string() == "15:45" || ny.format("%H:%M").to_string() == "12:30",
        "{ny}"
    );
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
