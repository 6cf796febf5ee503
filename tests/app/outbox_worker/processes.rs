//! `pdsa remind` as real processes against one SQLite file and one SMTP server: two at once
//! send each row once; one killed in the middle of a batch loses nothing, and what it had sent
//! goes out at most once more, with the same Message-ID.

use super::*;
use crate::instances::Serve;
use crate::smtp::{Behaviour, Inbox, mailer_on, serve_with};
use mail_parser::MessageParser;
use pdsa::domain::reminder::OutboxStatus;
use std::collections::HashMap;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `n` reminder rows for the member about the meeting, due now (one per revision, as if the
/// meeting had moved `n` times: the rows only need to be distinct).
pub(super) fn many_rows(w: &World, n: i32) -> Vec<i32> {
    let m = &w.meeting;
    let rows: Vec<NewMail> = (0..n)
        .map(|rev| {
            NewMail::new(
                MailKind::Reminder,
                (SubjectType::Meeting, m.id, rev),
                w.member.id,
                w.now - TimeDelta::minutes(1),
                m.starts_at,
            )
        })
        .collect();
    assert_eq!(enqueue(&mut w.app.conn(), &rows).unwrap(), n as usize);
    outbox::table
        .select(outbox::id)
        .order(outbox::id)
        .load(&mut w.app.conn())
        .unwrap()
}

/// A server on a free port that waits `stall` before accepting each message, with sessions
/// for the connections of two instances' workers (mailin gives each session a thread; one
/// beyond them waits for its greeting until it times out).
fn slow_server(stall: Duration) -> (u16, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let behaviour = Behaviour {
        stall,
        threads: 2 * crate::smtp::SESSIONS,
        ..Behaviour::default()
    };
    (port, serve_with(listener, behaviour))
}

fn remind(w: &World, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_pdsa"))
        .arg("remind")
        .env("DATABASE_URL", &w.app.state.config.database_url)
        .env("PDSA_DEMO", "0")
        .env("SMTP_URL", format!("smtp://127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// How many copies of each Message-ID the server received.
fn copies(inbox: &Inbox) -> HashMap<String, usize> {
    let mut count = HashMap::new();
    for r in inbox.lock().unwrap().iter() {
        let msg = MessageParser::default().parse(&r.raw).unwrap();
        *count
            .entry(msg.message_id().unwrap().to_string())
            .or_insert(0) += 1;
    }
    count
}

fn statuses(w: &World) -> HashMap<String, usize> {
    let rows: Vec<String> = outbox::table
        .select(outbox::status)
        .load(&mut w.app.conn())
        .unwrap();
    let mut count = HashMap::new();
    for s in rows {
        *count.entry(s).or_insert(0) += 1;
    }
    count
}

#[test]
fn two_remind_processes_at_once_send_each_row_once() {
    let w = world();
    let ids = many_rows(&w, 250);
    let (port, inbox) = slow_server(Duration::from_millis(2));
    let (a, b) = (remind(&w, port), remind(&w, port));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for out in [&a, &b] {
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{said}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(said.starts_with("mail: "), "{said}");
    }
    let copies = copies(&inbox);
    assert_eq!(copies.len(), ids.len(), "every row delivered");
    assert!(copies.values().all(|n| *n == 1), "no row twice");
    for id in &ids {
        assert_eq!(copies.get(&message_id(*id)), Some(&1));
    }
    assert_eq!(statuses(&w).get("sent"), Some(&ids.len()));
}

#[test]
fn a_killed_process_loses_nothing_and_resends_at_most_once() {
    let w = world();
    let ids = many_rows(&w, 20);
    let (port, inbox) = slow_server(Duration::from_millis(150));
    let mut child = remind(&w, port);
    let waited = Instant::now();
    while inbox.lock().unwrap().len() < 3 {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "the process sends"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL: no chance to write anything back
    child.wait().unwrap();
    let held = statuses(&w);
    assert_eq!(
        held.get("sending"),
        Some(&ids.len()),
        "its claim outlives it: {held:?}"
    );

    // Within the lease nobody takes the rows over; after it, the next worker does.
    let worker = worker(&w.app, mailer_on(port));
    assert_eq!(worker.run_once(pdsa::models::now()).unwrap().total(), 0);
    let after_lease = pdsa::models::now() + pdsa::mail::worker::LEASE + TimeDelta::seconds(1);
    let report = worker.run_once(after_lease).unwrap();
    assert_eq!(report.sent, ids.len(), "{report}");
    std::thread::sleep(Duration::from_millis(300)); // the killed session's last message lands

    let copies = copies(&inbox);
    for id in &ids {
        let n = copies.get(&message_id(*id)).copied().unwrap_or(0);
        assert!((1..=2).contains(&n), "row {id} arrived {n} times");
    }
    let twice = copies.values().filter(|n| **n == 2).count();
    assert!(
        twice >= 1 && twice < ids.len(),
        "only what the killed process sent is resent: {twice}"
    );
    assert_eq!(
        statuses(&w).get(OutboxStatus::Sent.as_str()),
        Some(&ids.len())
    );
}

#[test]
fn remind_with_a_bad_smtp_url_stops_with_its_name() {
    let w = world();
    let out = Command::new(env!("CARGO_BIN_EXE_pdsa"))
        .arg("remind")
        .env("DATABASE_URL", &w.app.state.config.database_url)
        .env("PDSA_DEMO", "0")
        .env("SMTP_URL", "http://user:secret@mail.example.org")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("SMTP_URL: cannot be used"), "{err}");
    assert!(!err.contains("secret"), "{err}");
}

/// A `pdsa serve` whose mail worker sends through the SMTP server on `port`.
fn serve_sending(w: &World, port: u16) -> Serve {
    let smtp = format!("smtp://127.0.0.1:{port}");
    let url = w.app.state.config.database_url.clone();
    Serve::start(&url, &[("PDSA_REMIND_EVERY", "1"), ("SMTP_URL", &smtp)])
}

/// Waits (up to a minute) until `done` holds.
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_mail_workers_of_two_instances_send_each_row_once() {
    let w = world();
    let ids = many_rows(&w, 250);
    let (port, inbox) = slow_server(Duration::from_millis(2));
    let (_a, _b) = (serve_sending(&w, port), serve_sending(&w, port));
    wait_until("every row sent", || {
        statuses(&w).get("sent") == Some(&ids.len())
    });
    let copies = copies(&inbox);
    assert_eq!(copies.len(), ids.len(), "every row delivered");
    assert!(copies.values().all(|n| *n == 1), "no row twice");
}

#[test]
fn sigterm_in_the_middle_of_a_batch_leaves_no_row_claimed() {
    let w = world();
    let ids = many_rows(&w, 150);
    let (port, inbox) = slow_server(Duration::from_millis(40));
    let serve = serve_sending(&w, port);
    wait_until("the first batch under way", || {
        inbox.lock().unwrap().len() >= 5
    });
    let status = serve.terminate();
    assert!(status.success(), "a clean stop: {status}");
    let now = statuses(&w);
    assert_eq!(now.get("sending"), None, "no row left claimed: {now:?}");
    let sent = now.get("sent").copied().unwrap_or(0);
    assert!(
        (5..=100).contains(&sent),
        "the batch under way was finished: {now:?}"
    );
    assert_eq!(sent + now.get("pending").copied().unwrap_or(0), ids.len());
    let copies = copies(&inbox);
    assert_eq!(
        copies.len(),
        sent,
        "what was recorded sent is what went out"
    );
    assert!(copies.values().all(|n| *n == 1));
}

/// A claim takes at most its limit (PostgreSQL's SKIP LOCKED pick once claimed every due row
/// when the planner rescanned it), and two claims take different rows.
#[test]
fn a_claim_takes_at_most_its_limit_and_two_claims_take_different_rows() {
    use pdsa::models::outbox::claim::claim;
    let w = world();
    let ids = many_rows(&w, 250);
    let lease = TimeDelta::minutes(10);
    let first = claim(&mut w.app.conn(), "worker-a", w.now, lease, 100).unwrap();
    let second = claim(&mut w.app.conn(), "worker-b", w.now, lease, 100).unwrap();
    assert_eq!((first.len(), second.len()), (100, 100));
    let mut all: Vec<i32> = first.iter().chain(&second).map(|r| r.id).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 200, "no row in both claims");
    assert_eq!(all[..], ids[..200], "due first, then by id");
}
