//! The worker that sends the outbox: it claims due rows in batches, loads what they say in a few
//! queries, composes and sends each message, and writes the outcomes back a batch at a time.
//! It runs on its own thread inside `serve` (lettre's transport is blocking, and diesel never
//! runs on the web's async threads) and as the one-shot `pdsa remind`.
//!
//! Delivery guarantee: a row is sent by one worker at a time (the claim); a crash after sending
//! but before the batch's outcomes are written sends those rows again once the lease lapses,
//! with the same Message-ID, so at most one duplicate that mail clients can recognise.

mod build;
mod deliver;

use crate::config::Config;
use crate::db::{DbPool, PooledConn};
use crate::domain::reminder::{AfterTemporaryFailure, after_temporary_failure};
use crate::mail::events::Site;
use crate::mail::{EmailTemplates, Mailer, SendError, Wake};
use crate::models::collective::Collective;
use crate::models::outbox::claim::{self, Outcomes};
use crate::models::outbox::{OutboxRow, facts};
use build::{Decision, Run};
use chrono::{NaiveDateTime, TimeDelta};
pub use deliver::{DOWN_AFTER, SENDERS};
use lettre::Message;
use std::fmt;
use std::time::{Duration, Instant};

/// Rows claimed at a time: enough to make the per-batch queries cheap per message, few enough
/// that a crash resends little.
pub const BATCH: i64 = 100;

/// How long a claim holds before another worker may take the rows over; renewed while a slow
/// batch is still being sent.
pub const LEASE: TimeDelta = TimeDelta::minutes(10);

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Handed to the transport.
    pub sent: usize,
    /// Temporarily refused, due again later.
    pub retried: usize,
    /// Refused for good.
    pub failed: usize,
    /// No longer worth sending.
    pub expired: usize,
    /// Reminders of people who turned them off.
    pub skipped: usize,
    /// Given back untried (the server looked down before their turn): no attempt counted.
    pub untried: usize,
}

impl RunReport {
    /// Rows finished or put back in this run.
    pub fn total(&self) -> usize {
        self.sent + self.retried + self.failed + self.expired + self.skipped + self.untried
    }

    fn add(&mut self, o: &Outcomes) {
        self.sent += o.sent.len();
        self.retried += o.retry.len();
        self.failed += o.failed.len();
        self.expired += o.expired.len();
        self.skipped += o.skipped.len();
        self.untried += o.untried.len();
    }
}

impl fmt::Display for RunReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "mail: {} sent, {} retried, {} failed, {} expired, {} skipped",
            self.sent, self.retried, self.failed, self.expired, self.skipped
        )?;
        if self.untried > 0 {
            write!(f, ", {} not tried (the server looks down)", self.untried)?;
        }
        Ok(())
    }
}

/// The outbox worker: one per thread or process, with its own claim id.
pub struct Worker {
    pool: DbPool,
    mailer: Mailer,
    templates: EmailTemplates,
    site: Site,
    config: Config,
    id: String,
}

impl Worker {
    /// A worker sending through `mailer` with the email templates (built in, or from
    /// `PDSA_ASSET_DIR`); fails when they cannot be loaded (a bad asset folder should stop
    /// start-up, not every send).
    pub fn new(pool: DbPool, config: &Config, mailer: Mailer) -> Result<Worker, String> {
        let assets = crate::assets::Assets::of(config);
        let templates = EmailTemplates::load(&assets).map_err(|e| e.to_string())?;
        Ok(Worker::with_templates(pool, config, mailer, templates))
    }

    /// A worker with templates already loaded.
    pub fn with_templates(
        pool: DbPool,
        config: &Config,
        mailer: Mailer,
        templates: EmailTemplates,
    ) -> Worker {
        Worker {
            pool,
            mailer,
            templates,
            site: Site::of(config),
            config: config.clone(),
            id: worker_id(),
        }
    }

    /// The claim id: host, process and a random part, unique per process and run.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Sends every row due at `now`, batch after batch, until none is due (or the server
    /// looks down); errors are database errors or an unusable From address.
    pub fn run_once(&self, now: NaiveDateTime) -> Result<RunReport, String> {
        self.run(now, &Wake::default())
    }

    /// Sends batch after batch until none is due, or until `wake` says the server stops: the
    /// batch being sent then is finished and recorded first, so no row is left claimed.
    fn run(&self, now: NaiveDateTime, wake: &Wake) -> Result<RunReport, String> {
        let mut conn = self.pool.get().map_err(|e| e.to_string())?;
        let run = self.prepare(&mut conn)?;
        let mut report = RunReport::default();
        loop {
            let rows = claim::claim(&mut conn, &self.id, now, LEASE, BATCH).map_err(db)?;
            if rows.is_empty() {
                return Ok(report);
            }
            let facts = facts::load(&mut conn, &rows, run.tz).map_err(db)?;
            let (outcomes, down) = self.send_batch(&mut conn, &run, &rows, &facts, now);
            claim::finish(&mut conn, &self.id, now, &outcomes).map_err(db)?;
            report.add(&outcomes);
            if down || outcomes.is_empty() || wake.stopping() {
                return Ok(report);
            }
        }
    }

    /// The collective's zone, name and sender, read once per run.
    fn prepare(&self, conn: &mut PooledConn) -> Result<Run, String> {
        let collective = Collective::get(conn).map_err(db)?;
        let from = self.config.mail_from(&collective.name)?;
        Ok(Run {
            tz: collective.tz(),
            collective_name: collective.name,
            from,
        })
    }

    /// Decides and composes each row here, then sends the messages over several connections
    /// at once ([`deliver`]); returns the outcomes and whether the server looked down. A row
    /// never handed to the transport (the server looked down before its turn) goes back to
    /// the queue as it was: no attempt is counted for it.
    fn send_batch(
        &self,
        conn: &mut PooledConn,
        run: &Run,
        rows: &[OutboxRow],
        facts: &facts::Facts,
        now: NaiveDateTime,
    ) -> (Outcomes, bool) {
        let mut out = Outcomes::default();
        let mut to_send: Vec<(&OutboxRow, Box<Message>)> = Vec::new();
        for row in rows {
            match build::decide(&self.templates, &self.site, run, row, facts, now) {
                Decision::Send(message) => to_send.push((row, message)),
                Decision::Skip => out.skipped.push(row.id),
                Decision::Expire(reason) => out.expired.push((row.id, reason)),
                Decision::Fail(reason) => out.failed.push((row.id, reason)),
            }
        }
        let messages: Vec<&Message> = to_send.iter().map(|(_, m)| m.as_ref()).collect();
        let (started, mut renewed) = (Instant::now(), Duration::ZERO);
        let (results, down) = deliver::deliver(&self.mailer, &messages, || {
            renewed = self.keep_claim(conn, now, started, renewed);
        });
        for ((row, _), result) in to_send.iter().zip(results) {
            match result {
                Some(result) => record(&mut out, row, result, now),
                None => out.untried.push(row.id),
            }
        }
        (out, down)
    }

    /// Renews the claim when the batch has taken more than half the lease so far; returns the
    /// elapsed time at the last renewal.
    fn keep_claim(
        &self,
        conn: &mut PooledConn,
        now: NaiveDateTime,
        started: Instant,
        renewed: Duration,
    ) -> Duration {
        let elapsed = started.elapsed();
        let half = LEASE.to_std().unwrap_or_default() / 2;
        if elapsed.saturating_sub(renewed) < half {
            return renewed;
        }
        let until = now + TimeDelta::from_std(elapsed).unwrap_or_default() + LEASE;
        if let Err(e) = claim::renew(conn, &self.id, until) {
            log::warn!("mail worker: cannot renew the claim: {e}");
        }
        elapsed
    }

    /// Runs on a thread of its own: every `every`, or sooner when `wake` is notified, until
    /// `wake.stop()` (join the handle to wait for the last batch). Errors (and panics) are
    /// logged and the loop goes on.
    pub fn spawn(self, every: Duration, wake: Wake) -> Result<std::thread::JoinHandle<()>, String> {
        std::thread::Builder::new()
            .name("mail-worker".into())
            .spawn(move || {
                loop {
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        self.run(crate::models::now(), &wake)
                    }));
                    match result {
                        Ok(Ok(report)) if report.total() > 0 => log::info!("{report}"),
                        Ok(Ok(_)) => {}
                        Ok(Err(e)) => log::warn!("mail worker: {e}"),
                        Err(_) => log::warn!("mail worker: a run panicked; trying again later"),
                    }
                    if wake.stopping() {
                        return;
                    }
                    wake.wait(every);
                    if wake.stopping() {
                        return;
                    }
                }
            })
            .map_err(|e| format!("cannot start the mail worker: {e}"))
    }
}

/// Files one send's result under its outcome.
fn record(out: &mut Outcomes, row: &OutboxRow, result: Result<(), SendError>, now: NaiveDateTime) {
    match result {
        Ok(()) => out.sent.push(row.id),
        Err(e) if e.is_temporary() => {
            let failures = u32::try_from(row.attempts).unwrap_or(0).saturating_add(1);
            match after_temporary_failure(now, failures, row.expires_at) {
                AfterTemporaryFailure::RetryAt(at) => {
                    out.retry.push((row.id, at, e.reason().to_owned()))
                }
                AfterTemporaryFailure::Expire => out.expired.push((
                    row.id,
                    format!("gave up after {failures} attempts: {}", e.reason()),
                )),
            }
        }
        Err(e) => out.failed.push((row.id, e.reason().to_owned())),
    }
}

fn db(e: diesel::result::Error) -> String {
    format!("outbox: {e}")
}

/// `host-pid-random`: unique per process and run, readable in the directors' view.
fn worker_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "pdsa".to_owned());
    let random = crate::auth::token::random_hex();
    format!("{host}-{}-{}", std::process::id(), &random[..8])
}
