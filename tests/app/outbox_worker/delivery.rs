//! What becomes of each row: opt-out, a server that is down then up, a 5xx, an event that has
//! begun.

use super::*;
use crate::smtp::{closed_port, mailer_on, serve, smtp_server};
use mail_parser::MessageParser;
use pdsa::domain::reminder::OutboxStatus;
use pdsa::models::mail_prefs::MailPrefs;
use std::net::TcpListener;

fn meeting_row(w: &World, kind: MailKind, person: i32) -> OutboxRow {
    let m = &w.meeting;
    queue(
        &w.app,
        kind,
        (SubjectType::Meeting, m.id, m.revision),
        person,
        w.now,
        m.starts_at,
    )
}

#[test]
fn a_deactivated_person_is_sent_nothing() {
    let w = world();
    let by = pdsa::models::audit::AuditActor::system("test");
    let reminder = meeting_row(&w, MailKind::Reminder, w.member.id);
    let other = meeting_row(&w, MailKind::Reminder, w.leader.id);
    pdsa::models::person::Person::deactivate(&mut w.app.conn(), &by, w.member.id, w.now).unwrap();
    // Deactivation takes their pending rows away at once, with the reason…
    let taken = reload(&w.app, reminder.id);
    assert_eq!(taken.outbox_status(), OutboxStatus::Cancelled);
    assert_eq!(taken.reason, "deactivated");
    // …and a row that reaches them anyway (queued by a change racing the deactivation) is
    // skipped by the worker rather than sent.
    let late = meeting_row(&w, MailKind::Cancelled, w.member.id);
    let (mailer, inbox) = smtp_server(&[]);
    let report = worker(&w.app, mailer).run_once(w.now).unwrap();
    assert_eq!((report.sent, report.skipped), (1, 1), "{report}");
    assert_eq!(
        reload(&w.app, late.id).outbox_status(),
        OutboxStatus::Skipped
    );
    assert_eq!(reload(&w.app, other.id).outbox_status(), OutboxStatus::Sent);
    assert_eq!(inbox.lock().unwrap().len(), 1);
}

#[test]
fn opting_out_skips_reminders_but_not_cancellations() {
    let w = world();
    let c = &mut w.app.conn();
    MailPrefs::set_reminders_off(c, w.member.id, true).unwrap();
    let skipped = meeting_row(&w, MailKind::Reminder, w.member.id);
    let cancelled = meeting_row(&w, MailKind::Cancelled, w.member.id);
    let other = meeting_row(&w, MailKind::Reminder, w.leader.id);
    let (mailer, inbox) = smtp_server(&[]);
    let report = worker(&w.app, mailer).run_once(w.now).unwrap();
    assert_eq!((report.sent, report.skipped), (2, 1), "{report}");
    assert_eq!(
        reload(&w.app, skipped.id).outbox_status(),
        OutboxStatus::Skipped
    );
    assert_eq!(
        reload(&w.app, cancelled.id).outbox_status(),
        OutboxStatus::Sent
    );

    let got = inbox.lock().unwrap().clone();
    assert_eq!(got.len(), 2);
    for r in &got {
        let msg = MessageParser::default().parse(&r.raw).unwrap();
        let is_reminder = msg.message_id() == Some(message_id(other.id).as_str());
        assert_eq!(msg.header_raw("List-Unsubscribe").is_some(), is_reminder);
        assert_eq!(
            msg.header_raw("List-Unsubscribe-Post").is_some(),
            is_reminder
        );
        if is_reminder {
            assert_eq!(r.to, vec!["lee@example.org".to_string()]);
        }
    }
}

#[test]
fn a_server_down_then_up_delivers_exactly_once() {
    let w = world();
    let row = meeting_row(&w, MailKind::Reminder, w.member.id);
    let port = closed_port();
    let worker = worker(&w.app, mailer_on(port));
    let report = worker.run_once(w.now).unwrap();
    assert_eq!((report.retried, report.total()), (1, 1), "{report}");
    let waiting = reload(&w.app, row.id);
    assert_eq!(waiting.outbox_status(), OutboxStatus::Pending);
    assert_eq!(waiting.attempts, 1);
    assert!(!waiting.last_error.is_empty());
    assert!(waiting.due_at > w.now, "pushed back: {}", waiting.due_at);
    assert_eq!(
        worker.run_once(w.now).unwrap().total(),
        0,
        "not due again yet"
    );

    let inbox = serve(TcpListener::bind(("127.0.0.1", port)).unwrap(), &[]);
    let later = waiting.due_at + TimeDelta::seconds(1);
    let report = worker.run_once(later).unwrap();
    assert_eq!((report.sent, report.total()), (1, 1), "{report}");
    assert_eq!(
        worker
            .run_once(later + TimeDelta::hours(1))
            .unwrap()
            .total(),
        0
    );
    assert_eq!(inbox.lock().unwrap().len(), 1);
    let sent = reload(&w.app, row.id);
    assert_eq!(
        (sent.outbox_status(), sent.sent_at),
        (OutboxStatus::Sent, Some(later))
    );
}

#[test]
fn a_server_that_stays_down_expires_the_row_when_the_event_begins() {
    let w = world();
    let m = &w.meeting;
    let row = queue(
        &w.app,
        MailKind::Reminder,
        (SubjectType::Meeting, m.id, m.revision),
        w.member.id,
        w.now,
        w.now + TimeDelta::seconds(30),
    );
    let report = worker(&w.app, mailer_on(closed_port()))
        .run_once(w.now)
        .unwrap();
    assert_eq!(
        report.expired, 1,
        "the next try would come after the start: {report}"
    );
    let row = reload(&w.app, row.id);
    assert_eq!(row.outbox_status(), OutboxStatus::Expired);
    assert!(
        row.last_error.starts_with("gave up after 1 attempts"),
        "{}",
        row.last_error
    );
}

#[test]
fn a_5xx_fails_the_row_with_the_servers_reason() {
    let w = world();
    let row = meeting_row(&w, MailKind::Reminder, w.member.id);
    let (mailer, inbox) = smtp_server(&[("ana@example.org", 550, "no such user here")]);
    let report = worker(&w.app, mailer).run_once(w.now).unwrap();
    assert_eq!(report.failed, 1, "{report}");
    let row = reload(&w.app, row.id);
    assert_eq!(row.outbox_status(), OutboxStatus::Failed);
    assert!(
        row.last_error.contains("no such user here"),
        "{}",
        row.last_error
    );
    assert!(inbox.lock().unwrap().is_empty());
}

#[test]
fn an_event_that_has_begun_is_expired_and_nothing_is_sent() {
    let w = world();
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
    let report = worker(&w.app, mailer).run_once(m.starts_at).unwrap();
    assert_eq!((report.expired, report.total()), (1, 1), "{report}");
    assert_eq!(
        reload(&w.app, row.id).outbox_status(),
        OutboxStatus::Expired
    );
    assert!(inbox.lock().unwrap().is_empty());
}

#[test]
fn nothing_is_sent_before_it_is_due() {
    let w = world();
    let m = &w.meeting;
    let later = NewMail::new(
        MailKind::Reminder,
        (SubjectType::Meeting, m.id, m.revision),
        w.member.id,
        w.now + TimeDelta::hours(1),
        m.starts_at,
    );
    let row = queue_with(&w.app, later);
    let (mailer, inbox) = smtp_server(&[]);
    let worker = worker(&w.app, mailer);
    assert_eq!(worker.run_once(w.now).unwrap().total(), 0);
    assert_eq!(
        reload(&w.app, row.id).outbox_status(),
        OutboxStatus::Pending
    );
    assert_eq!(
        worker.run_once(w.now + TimeDelta::hours(1)).unwrap().sent,
        1
    );
    assert_eq!(inbox.lock().unwrap().len(), 1);
}

#[test]
fn the_worker_thread_sends_when_woken() {
    let w = world();
    let (mailer, inbox) = smtp_server(&[]);
    let wake = pdsa::mail::Wake::default();
    let every = std::time::Duration::from_secs(3600);
    worker(&w.app, mailer).spawn(every, wake.clone()).unwrap();
    // Its first run finds nothing; a row queued now goes out when the thread is nudged.
    std::thread::sleep(std::time::Duration::from_millis(200));
    let m = &w.meeting;
    let row = NewMail::new(
        MailKind::Reminder,
        (SubjectType::Meeting, m.id, m.revision),
        w.member.id,
        pdsa::models::now(),
        m.starts_at,
    );
    let row = queue_with(&w.app, row);
    wake.notify();
    let started = std::time::Instant::now();
    while inbox.lock().unwrap().is_empty() {
        assert!(started.elapsed().as_secs() < 20, "the nudge starts a run");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    while reload(&w.app, row.id).outbox_status() != OutboxStatus::Sent {
        assert!(started.elapsed().as_secs() < 20, "the row is marked sent");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
