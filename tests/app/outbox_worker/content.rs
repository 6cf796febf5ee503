//! What the worker sends: the MIME layout, the preparation a reminder carries, the invite, and
//! account mail with its link.

use super::*;
use crate::smtp::{Received, smtp_server};
use mail_parser::{MessageParser, MimeHeaders};
use pdsa::domain::reminder::OutboxStatus;

fn parse(r: &Received) -> mail_parser::Message<'_> {
    MessageParser::default().parse(&r.raw).unwrap()
}

/// The invite.ics of a message, parsed: (METHOD, UID, SEQUENCE, STATUS).
fn invite(msg: &mail_parser::Message) -> (String, String, String, Option<String>) {
    assert_eq!(msg.attachment_count(), 1);
    let part = msg.attachment(0).unwrap();
    assert_eq!(part.attachment_name(), Some("invite.ics"));
    let text = std::str::from_utf8(part.contents()).unwrap();
    use icalendar::Component;
    let cal: icalendar::Calendar = text.parse().unwrap();
    let method = cal.property_value("METHOD").unwrap().to_string();
    let event = cal.events().next().unwrap();
    let status = event.property_value("STATUS").map(str::to_string);
    let uid = event.get_uid().unwrap().to_string();
    let sequence = event.get_sequence().unwrap().to_string();
    (method, uid, sequence, status)
}

/// Two cycles (one closed), an open and a done action item of the previous meeting, and three
/// classrooms: observed after the previous meeting, before it, never.
fn prepare_tune_up(w: &World) {
    let t = w.team.id;
    let prev_day = w.previous.starts_at.date();
    let later = prev_day + TimeDelta::days(2);
    let earlier = prev_day - TimeDelta::days(5);
    sql(&w.app, &format!(
        "INSERT INTO drivers (team_id, title) VALUES ({t}, 'Discourse');
         INSERT INTO change_ideas (team_id, driver_id, title) VALUES ({t}, (SELECT max(id) FROM drivers), 'Talk moves');
         INSERT INTO cycles (team_id, change_idea_id, title, status, planned_start, planned_end, created_at, updated_at)
           VALUES ({t}, (SELECT max(id) FROM change_ideas), 'Turn and talk', 'doing', '{prev_day}', '{prev_day}', '{prev_day} 00:00:00', '{prev_day} 00:00:00'),
                  ({t}, (SELECT max(id) FROM change_ideas), 'Old closed cycle', 'closed', '{prev_day}', '{prev_day}', '{prev_day} 00:00:00', '{prev_day} 00:00:00');
         INSERT INTO action_items (meeting_id, description, owner_person_id, done) VALUES
           ({p}, 'Collect exit tickets', {m}, false), ({p}, 'Already handled', NULL, true);
         INSERT INTO measures (program_year_id, name, kind) VALUES ({y}, 'Talk share', 'percent');
         INSERT INTO classrooms (team_id, label) VALUES ({t}, 'Room A'), ({t}, 'Room B'), ({t}, 'Room C');
         INSERT INTO observations (classroom_id, measure_id, date, value, note, version, created_at, updated_at)
           SELECT c.id, (SELECT max(id) FROM measures), '{later}', 50, '', 1, '{prev_day} 00:00:00', '{prev_day} 00:00:00'
           FROM classrooms c WHERE c.team_id = {t} AND c.label = 'Room A';
         INSERT INTO observations (classroom_id, measure_id, date, value, note, version, created_at, updated_at)
           SELECT c.id, (SELECT max(id) FROM measures), '{earlier}', 50, '', 1, '{prev_day} 00:00:00', '{prev_day} 00:00:00'
           FROM classrooms c WHERE c.team_id = {t} AND c.label = 'Room B';",
        p = w.previous.id,
        m = w.member.id,
        y = w.year.id,
    ));
}

#[test]
fn a_tune_up_reminder_says_what_to_bring_and_carries_an_invite() {
    let w = world();
    prepare_tune_up(&w);
    let m = &w.meeting;
    let row = queue(
        &w.app,
        MailKind::Reminder,
        (SubjectType::Meeting, m.id, m.revision),
        w.member.id,
        w.now,
        m.starts_at,
    );
    let (mailer, inbox) = smtp_server(&[]);
    let report = worker(&w.app, mailer).run_once(w.now).unwrap();
    assert_eq!((report.sent, report.total()), (1, 1), "{report}");

    let got = inbox.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["ana@example.org".to_string()]);
    let msg = parse(&got[0]);
    assert_eq!(msg.message_id(), Some(message_id(row.id).as_str()));
    assert!(
        msg.subject().unwrap().contains("Tune-up"),
        "{:?}",
        msg.subject()
    );
    assert!(msg.is_content_type("multipart", "mixed"));
    let text = msg.body_text(0).unwrap();
    assert!(
        text.contains("in 3 days") || text.contains("in 2 days"),
        "{text}"
    );
    assert!(
        text.contains("Turn and talk") && !text.contains("Old closed cycle"),
        "{text}"
    );
    assert!(text.contains("/cycles/"), "{text}");
    assert!(
        text.contains("Collect exit tickets") && !text.contains("Already handled"),
        "{text}"
    );
    let unobserved = text
        .split("No observation since")
        .nth(1)
        .expect("unobserved list");
    assert!(
        unobserved.contains("Room B") && unobserved.contains("Room C"),
        "{text}"
    );
    assert!(!unobserved.contains("Room A"), "{text}");
    assert!(msg.body_html(0).unwrap().contains("Turn and talk"));
    let unsubscribe = msg.header_raw("List-Unsubscribe").unwrap();
    assert!(unsubscribe.contains("/unsubscribe/"), "{unsubscribe}");
    assert!(msg.header_raw("List-Unsubscribe-Post").is_some());

    let (method, uid, sequence, _) = invite(&msg);
    assert_eq!(method, "REQUEST");
    assert_eq!(uid, format!("meeting-{}@127.0.0.1", m.id));
    assert_eq!(sequence, m.revision.to_string());

    let row = reload(&w.app, row.id);
    assert_eq!(row.outbox_status(), OutboxStatus::Sent);
    assert_eq!(row.sent_at, Some(w.now));
}

#[test]
fn a_convening_reminder_has_the_agenda_and_readings_and_the_host_gets_a_head_count() {
    let w = world();
    let c = &w.convening;
    sql(&w.app, &format!(
        "INSERT INTO agenda_items (convening_id, start_time, minutes, title, kind) VALUES
           ({id}, '13:00:00', 60, 'Team planning block', 'team_planning'),
           ({id}, '09:00:00', 30, 'Welcome and norms', 'welcome');
         INSERT INTO readings (convening_id, title, url, note) VALUES
           ({id}, 'Learning to Improve', 'https://example.org/lti', 'chapter 2');
         INSERT INTO attendances (convening_id, person_id, status, updated_at) VALUES
           ({id}, {a}, 'attending', '2026-01-01 00:00:00'), ({id}, {b}, 'not_attending', '2026-01-01 00:00:00');",
        id = c.id,
        a = w.member.id,
        b = w.facilitator.id,
    ));
    let (start, _) = c.span_utc(Collective::get(&mut w.app.conn()).unwrap().tz());
    let subject = (SubjectType::Convening, c.id, c.revision);
    let reminder = queue(
        &w.app,
        MailKind::Reminder,
        subject,
        w.member.id,
        w.now,
        start,
    );
    let note = queue(
        &w.app,
        MailKind::HostNote,
        subject,
        w.leader.id,
        w.now,
        start,
    );
    let (mailer, inbox) = smtp_server(&[]);
    let report = worker(&w.app, mailer).run_once(w.now).unwrap();
    assert_eq!(report.sent, 2, "{report}");

    let got = inbox.lock().unwrap().clone();
    let by_id = |id: i32| {
        got.iter()
            .find(|r| parse(r).message_id() == Some(message_id(id).as_str()))
            .unwrap()
            .clone()
    };
    let r = by_id(reminder.id);
    let msg = parse(&r);
    let text = msg.body_text(0).unwrap();
    let welcome = text.find("Welcome and norms").expect(&text);
    let planning = text.find("Team planning block").expect(&text);
    assert!(welcome < planning, "agenda in time order: {text}");
    assert!(
        text.contains("Learning to Improve") && text.contains("chapter 2"),
        "{text}"
    );
    let (method, uid, _, _) = invite(&msg);
    assert_eq!(
        (method.as_str(), uid),
        ("REQUEST", format!("convening-{}@127.0.0.1", c.id))
    );

    let n = by_id(note.id);
    let msg = parse(&n);
    assert_eq!(msg.attachment_count(), 0, "a host note has no invite");
    assert!(msg.header_raw("List-Unsubscribe").is_none());
    let text = msg.body_text(0).unwrap();
    // Expected: the member (attending), the leader (no answer), the facilitator (not attending).
    let line = |label: &str| {
        let l = text.lines().find(|l| l.contains(label)).expect(label);
        l.split(':')
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(line("attending:"), "1", "{text}");
    assert_eq!(line("not answered yet:"), "1", "{text}");
    assert_eq!(line("at most:"), "2", "{text}");
    assert!(text.contains("Riverside"), "{text}");
}

#[test]
fn a_cancellation_carries_a_cancel_invite_and_an_update_the_previous_time() {
    let w = world();
    let m = &w.meeting;
    sql(
        &w.app,
        &format!(
            "UPDATE meetings SET cancelled_at = '2026-01-01 00:00:00', revision = revision + 1 WHERE id = {}",
            m.id
        ),
    );
    let cancelled = queue(
        &w.app,
        MailKind::Cancelled,
        (SubjectType::Meeting, m.id, m.revision + 1),
        w.member.id,
        w.now,
        m.starts_at,
    );
    let reminder = queue(
        &w.app,
        MailKind::Reminder,
        (SubjectType::Meeting, m.id, m.revision),
        w.member.id,
        w.now,
        m.starts_at,
    );
    let (mailer, inbox) = smtp_server(&[]);
    let report = worker(&w.app, mailer).run_once(w.now).unwrap();
    assert_eq!((report.sent, report.expired), (1, 1), "{report}");
    let got = inbox.lock().unwrap().clone();
    let msg = parse(&got[0]);
    assert_eq!(msg.message_id(), Some(message_id(cancelled.id).as_str()));
    let (method, _, sequence, status) = invite(&msg);
    assert_eq!(method, "CANCEL");
    assert_eq!(sequence, (m.revision + 1).to_string());
    assert_eq!(status.as_deref(), Some("CANCELLED"));
    assert!(msg.header_raw("List-Unsubscribe").is_none());
    assert_eq!(
        reload(&w.app, reminder.id).outbox_status(),
        OutboxStatus::Expired
    );

    let mut updated = NewMail::new(
        MailKind::Updated,
        (SubjectType::Convening, w.convening.id, 0),
        w.member.id,
        w.now,
        w.now + TimeDelta::days(4),
    );
    updated.detail = "Mon 1 Jan 2029, 09:00–15:00 EST".into();
    queue_with(&w.app, updated);
    let (mailer, inbox) = smtp_server(&[]);
    worker(&w.app, mailer).run_once(w.now).unwrap();
    let got = inbox.lock().unwrap().clone();
    let msg = parse(&got[0]);
    assert!(
        msg.body_text(0).unwrap().contains("Mon 1 Jan 2029"),
        "{:?}",
        msg.body_text(0)
    );
    assert_eq!(invite(&msg).0, "REQUEST");
}

/// An account link for `person`, straight into the table.
fn link(w: &World, person: i32, purpose: &str) -> i32 {
    sql(&w.app, &format!(
        "INSERT INTO account_links (person_id, purpose, token_hash, created_at, expires_at)
         VALUES ({person}, '{purpose}', 'hash-{purpose}-{person}', '2026-01-01 00:00:00', '2099-01-08 12:00:00')"
    ));
    use pdsa::db::schema::account_links;
    account_links::table
        .select(diesel::dsl::max(account_links::id))
        .first::<Option<i32>>(&mut w.app.conn())
        .unwrap()
        .unwrap()
}

#[test]
fn account_mail_carries_its_link_once_and_without_a_secret_fails() {
    let w = world();
    let id = link(&w, w.member.id, "invitation");
    let mut new = NewMail::new(
        MailKind::Invitation,
        (SubjectType::AccountLink, id, 0),
        w.member.id,
        w.now,
        w.now + TimeDelta::days(1),
    );
    new.secret = Some("SECRET-WELCOME".into());
    new.detail = "Pat Boss".into();
    let invitation = queue_with(&w.app, new);
    let reset_link = link(&w, w.leader.id, "password_reset");
    let no_secret = queue(
        &w.app,
        MailKind::PasswordReset,
        (SubjectType::AccountLink, reset_link, 0),
        w.leader.id,
        w.now,
        w.now + TimeDelta::days(1),
    );
    let (mailer, inbox) = smtp_server(&[]);
    let report = worker(&w.app, mailer).run_once(w.now).unwrap();
    assert_eq!((report.sent, report.failed), (1, 1), "{report}");

    let got = inbox.lock().unwrap().clone();
    let msg = parse(&got[0]);
    let text = msg.body_text(0).unwrap();
    assert!(
        text.contains("http://127.0.0.1:8080/welcome/SECRET-WELCOME"),
        "{text}"
    );
    assert!(
        text.contains("Pat Boss") && text.contains("7 days"),
        "{text}"
    );
    assert_eq!(msg.attachment_count(), 0);
    assert!(msg.header_raw("List-Unsubscribe").is_none());
    let sent = reload(&w.app, invitation.id);
    assert_eq!(
        (sent.outbox_status(), sent.secret),
        (OutboxStatus::Sent, None)
    );
    let failed = reload(&w.app, no_secret.id);
    assert_eq!(failed.outbox_status(), OutboxStatus::Failed);
    assert_eq!(failed.last_error, "link no longer available");
}
