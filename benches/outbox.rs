//! The outbox benchmark (issue 5 §6, issue 13 §8): 10,000 queued tune-up reminders (40
//! recipients × 250 meetings, with the preparation a reminder loads: open cycles, action items,
//! classrooms) delivered by the worker to the tests' in-process SMTP server (`tests/app/smtp.rs`),
//! beside the same worker writing `.eml` files (its own cost, no network) in the same run, and
//! against lettre sending the very bytes the worker sent in a plain loop over one pooled
//! connection. Prints messages per second for each, the ratios, and the CPU the process spent per
//! 500 messages over SMTP (the server's share included: it runs in this process).
//! Target: at least 100 messages/s over SMTP.
//!
//! Run with `.ci/bench-mail` (release build). Not part of CI.

#[path = "../tests/app/smtp.rs"]
mod smtp;

use diesel::connection::SimpleConnection;
use lettre::address::Envelope;
use lettre::{Address, SmtpTransport, Transport};
use pdsa::config::Config;
use pdsa::domain::reminder::{MailKind, SubjectType};
use pdsa::mail::Mailer;
use pdsa::mail::worker::{SENDERS, Worker};
use pdsa::models::collective::Collective;
use pdsa::models::outbox::{NewMail, enqueue};
use std::fmt::Write as _;
use std::net::TcpListener;
use std::time::Instant;

const PEOPLE: i32 = 40;
const DISTRICTS: i32 = 10;

/// Meetings: 250 (10,000 messages), or `BENCH_MEETINGS` for a quicker run.
fn meetings() -> i32 {
    std::env::var("BENCH_MEETINGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(250)
}

/// The CPU this process has used so far (user + system), from `/proc/self/stat`; zero where
/// there is none.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime: fields 14 and 15 of the line, from 0 after the name 11 and 12; 100 Hz.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    let vars = [
        ("DATABASE_URL", db.to_string_lossy().to_string()),
        ("PDSA_PUBLIC_URL", "https://pdsa.example.org".to_string()),
    ];
    let config = Config::from_vars(
        &vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
    .unwrap();
    let pool = pdsa::cli::open(&config).unwrap();
    let now = pdsa::models::now();
    let queued = populate(&mut pool.get().unwrap(), now);
    let files_rate = to_files(&config, dir.path(), queued, now);

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let behaviour = smtp::Behaviour {
        threads: 32,
        ..smtp::Behaviour::default()
    };
    let inbox = smtp::serve_with(listener, behaviour);

    let mailer = smtp::mailer_on(port);
    let worker = Worker::new(pool.clone(), &config, mailer).unwrap();
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let report = worker.run_once(now).unwrap();
    let worker_secs = started.elapsed().as_secs_f64();
    let worker_cpu = cpu_seconds() - cpu;
    assert_eq!(report.sent, queued, "{report}");
    let messages = std::mem::take(&mut *inbox.lock().unwrap());
    assert_eq!(messages.len(), queued);

    let transport = SmtpTransport::builder_dangerous("127.0.0.1")
        .port(port)
        .build();
    let envelopes: Vec<(Envelope, Vec<u8>)> = messages
        .into_iter()
        .map(|m| {
            let from: Address = m.from.trim_matches(['<', '>']).parse().unwrap();
            let to: Address = m.to[0].trim_matches(['<', '>']).parse().unwrap();
            (Envelope::new(Some(from), vec![to]).unwrap(), m.raw)
        })
        .collect();
    let started = Instant::now();
    for (envelope, raw) in &envelopes {
        transport.send_raw(envelope, raw).unwrap();
    }
    let plain_secs = started.elapsed().as_secs_f64();
    assert_eq!(inbox.lock().unwrap().len(), queued);

    let worker_rate = queued as f64 / worker_secs;
    let plain_rate = queued as f64 / plain_secs;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "messages: {queued} ({PEOPLE} recipients x {} tune-ups), {report}",
        meetings()
    );
    let _ = writeln!(
        out,
        "worker to .eml files (no network: its own cost): {files_rate:.0} messages/s"
    );
    let _ = writeln!(
        out,
        "worker over SMTP ({SENDERS} connections):           {worker_secs:.2} s, {worker_rate:.0} messages/s (target >= 100), {:.2} s CPU per 500",
        worker_cpu * 500.0 / queued as f64
    );
    let _ = writeln!(out, "ratio SMTP/files: {:.2}", worker_rate / files_rate);
    let _ = writeln!(
        out,
        "plain lettre loop (same bytes, one connection): {plain_secs:.2} s, {plain_rate:.0} messages/s"
    );
    let _ = writeln!(out, "ratio worker/plain: {:.2}", worker_rate / plain_rate);
    print!("{out}");
}

/// The worker's own throughput (claim, load, compose, mark; writing `.eml` files instead of
/// SMTP) on a copy of the queued database, so what remains of an SMTP run is the network.
fn to_files(
    config: &Config,
    dir: &std::path::Path,
    queued: usize,
    now: chrono::NaiveDateTime,
) -> f64 {
    let copy = dir.join("files.db");
    let conn = &mut pdsa::db::connect(&config.database_url, 1)
        .unwrap()
        .get()
        .unwrap();
    conn.batch_execute(&format!("VACUUM INTO '{}'", copy.display()))
        .unwrap();
    let mut config = config.clone();
    config.database_url = copy.to_string_lossy().to_string();
    let pool = pdsa::cli::open(&config).unwrap();
    let mailer = Mailer::from_settings(None, &dir.join("eml")).unwrap();
    let worker = Worker::new(pool, &config, mailer).unwrap();
    let started = Instant::now();
    let report = worker.run_once(now).unwrap();
    assert_eq!(report.sent, queued, "{report}");
    queued as f64 / started.elapsed().as_secs_f64()
}

/// Districts with a team, classrooms and open cycles, 40 people, 250 meetings over the coming
/// months, and a reminder for each (person, meeting) due now. Returns the rows queued.
fn populate(conn: &mut pdsa::db::DbConn, now: chrono::NaiveDateTime) -> usize {
    let collective = Collective::get(conn).unwrap();
    let today = now.date();
    let mut sql = format!(
        "INSERT INTO program_years (collective_id, label, start_date, end_date) VALUES ({}, 'bench', '{}', '{}');",
        collective.id,
        today - chrono::Days::new(30),
        today + chrono::Days::new(335)
    );
    for d in 1..=DISTRICTS {
        let _ = write!(
            sql,
            "INSERT INTO districts (id, name) VALUES ({d}, 'District {d}');
             INSERT INTO teams (id, program_year_id, district_id, name) VALUES ({d}, 1, {d}, 'Team {d}');
             INSERT INTO drivers (id, team_id, title) VALUES ({d}, {d}, 'Driver');
             INSERT INTO change_ideas (id, team_id, driver_id, title) VALUES ({d}, {d}, {d}, 'Idea');
             INSERT INTO cycles (team_id, change_idea_id, title, status, planned_start, planned_end, created_at, updated_at) VALUES
               ({d}, {d}, 'Cycle A{d}', 'doing', '{today}', '{today}', '{now}', '{now}'),
               ({d}, {d}, 'Cycle B{d}', 'planning', '{today}', '{today}', '{now}', '{now}');
             INSERT INTO classrooms (team_id, label) VALUES ({d}, 'Room 1'), ({d}, 'Room 2'), ({d}, 'Room 3');"
        );
    }
    for p in 1..=PEOPLE {
        let d = (p - 1) % DISTRICTS + 1;
        let _ = write!(
            sql,
            "INSERT INTO people (id, name, email, role, created_at) VALUES ({p}, 'Person {p}', 'person{p}@example.org', 'member', '{now}');
             INSERT INTO team_members (team_id, program_year_id, person_id, role) VALUES ({d}, 1, {p}, 'teacher');"
        );
    }
    for m in 1..=meetings() {
        let d = (m - 1) % DISTRICTS + 1;
        let start = now + chrono::TimeDelta::hours(24 + i64::from(m) * 20);
        let end = start + chrono::TimeDelta::hours(1);
        let _ = write!(
            sql,
            "INSERT INTO meetings (id, program_year_id, district_id, kind, title, starts_at, ends_at, modality, place, video_url, notes, revision, version)
               VALUES ({m}, 1, {d}, 'tune_up', 'Tune-up', '{start}', '{end}', 'in_person', 'Room 4', '', '', 0, 1);
             INSERT INTO action_items (meeting_id, description, done) VALUES ({m}, 'Bring exit tickets', 0);"
        );
    }
    conn.batch_execute(&sql).unwrap();
    let rows: Vec<NewMail> = (1..=meetings())
        .flat_map(|m| {
            let start = now + chrono::TimeDelta::hours(24 + i64::from(m) * 20);
            (1..=PEOPLE).map(move |p| {
                NewMail::new(
                    MailKind::Reminder,
                    (SubjectType::Meeting, m, 0),
                    p,
                    now,
                    start,
                )
            })
        })
        .collect();
    enqueue(conn, &rows).unwrap()
}
