//! Several connections at once, and attempts counted only for rows the server saw: a real SMTP
//! server that refuses every recipient with a 4xx counts the RCPTs it gets, and exactly those
//! rows are charged an attempt; the rest of the batch goes back to the queue as it was.

use super::processes::many_rows;
use super::*;
use crate::smtp::{Behaviour, serve_with};
use pdsa::domain::reminder::OutboxStatus;
use pdsa::mail::worker::{DOWN_AFTER, SENDERS};
use std::net::TcpListener;
use std::time::Duration;

/// A server on a free port behaving as told; the mailer pointed at it.
fn server(behaviour: Behaviour) -> (Mailer, crate::smtp::Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    (
        crate::smtp::mailer_on(port),
        serve_with(listener, behaviour),
    )
}

#[test]
fn rows_never_handed_to_the_server_keep_their_attempts() {
    let w = world();
    let ids = many_rows(&w, 40);
    let before: Vec<OutboxRow> = ids.iter().map(|id| reload(&w.app, *id)).collect();
    let behaviour = Behaviour {
        refuse: vec![("ana@example.org".into(), 451, "try again later".into())],
        threads: 16,
        ..Behaviour::default()
    };
    let seen = behaviour.seen.clone();
    let (mailer, inbox) = server(behaviour);
    let report = worker(&w.app, mailer).run_once(w.now).unwrap();

    let tried = seen.rcpts();
    assert!(
        (DOWN_AFTER..=SENDERS + DOWN_AFTER).contains(&tried),
        "stops soon after {DOWN_AFTER} refusals: {tried} tried"
    );
    assert_eq!(
        (report.retried, report.untried),
        (tried, 40 - tried),
        "{report}"
    );
    assert!(inbox.lock().unwrap().is_empty());
    let after: Vec<OutboxRow> = ids.iter().map(|id| reload(&w.app, *id)).collect();
    let charged: Vec<&OutboxRow> = after.iter().filter(|r| r.attempts == 1).collect();
    assert_eq!(charged.len(), tried, "one attempt per RCPT the server saw");
    for r in &charged {
        assert_eq!(r.outbox_status(), OutboxStatus::Pending);
        assert!(r.due_at > w.now, "backed off: {}", r.due_at);
        assert!(r.last_error.contains("try again later"), "{}", r.last_error);
    }
    for (was, now) in before.iter().zip(&after).filter(|(_, r)| r.attempts != 1) {
        assert_eq!(now.outbox_status(), OutboxStatus::Pending);
        assert_eq!(
            (now.attempts, now.due_at, now.last_error.as_str()),
            (0, was.due_at, ""),
            "row {} was never tried, so nothing about it changes",
            now.id
        );
        assert_eq!((now.claimed_by.clone(), now.claimed_until), (None, None));
    }
}

#[test]
fn a_batch_goes_out_over_several_connections_each_message_once() {
    let w = world();
    let ids = many_rows(&w, 24);
    let behaviour = Behaviour {
        stall: Duration::from_millis(100),
        threads: 16,
        ..Behaviour::default()
    };
    let seen = behaviour.seen.clone();
    let (mailer, inbox) = server(behaviour);
    let report = worker(&w.app, mailer).run_once(w.now).unwrap();
    assert_eq!((report.sent, report.total()), (24, 24), "{report}");
    let peak = seen.peak();
    assert!(
        (2..=SENDERS).contains(&peak),
        "messages were accepted {peak} at a time"
    );
    let mut got: Vec<String> = inbox
        .lock()
        .unwrap()
        .iter()
        .map(|r| {
            let parsed = mail_parser::MessageParser::default().parse(&r.raw).unwrap();
            parsed.message_id().unwrap().to_owned()
        })
        .collect();
    got.sort();
    let mut want: Vec<String> = ids.iter().map(|id| message_id(*id)).collect();
    want.sort();
    assert_eq!(got, want, "every row once");
    for id in ids {
        assert_eq!(reload(&w.app, id).outbox_status(), OutboxStatus::Sent);
    }
}
