//! A batch's messages over several connections at once. One SMTP connection spends most of a
//! message waiting (lettre writes the body and the final dot in two writes without
//! `TCP_NODELAY`, so each message waits out the server's delayed ACK, ~40 ms on Linux), and
//! lettre 0.11 offers neither `TCP_NODELAY` nor pipelining: what is left is to wait on several
//! connections in parallel, each on its own thread, drawing the next message from one queue.
//!
//! The database connection stays on the calling thread, which collects the results and keeps
//! the claim alive meanwhile; no sender touches the database.

use crate::mail::{Mailer, SendError};
use lettre::Message;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

/// Connections sending at once: enough to cover the delayed ACK that bounds one connection
/// (~20 messages/s each), few enough to stay under the connection limits of common relays
/// (Postfix allows 50 per client by default; hosted relays often 10).
pub const SENDERS: usize = 8;

/// After this many temporary failures in a row the server is taken to be down: the senders stop
/// taking messages, and the ones not tried yet are given back untouched.
pub const DOWN_AFTER: usize = 3;

/// How often the collecting thread looks up from waiting, to renew the claim.
const TICK: Duration = Duration::from_secs(1);

/// What became of each message, by position: `None` when it was never handed to the transport
/// (the server looked down before its turn).
pub type Results = Vec<Option<Result<(), SendError>>>;

/// The queue the senders share and what they have seen of the server.
struct Queue<'a> {
    messages: &'a [&'a Message],
    next: AtomicUsize,
    failures_in_a_row: AtomicUsize,
    down: AtomicBool,
}

impl Queue<'_> {
    /// The next message to send, unless all are taken or the server looks down.
    fn take(&self) -> Option<usize> {
        if self.down.load(Ordering::Acquire) {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::AcqRel);
        (i < self.messages.len()).then_some(i)
    }

    /// Counts a result towards "the server is down": temporary failures in a row, whichever
    /// sender met them; a delivery or a permanent refusal shows the server is answering.
    fn note(&self, result: &Result<(), SendError>) {
        let temporary = matches!(result, Err(e) if e.is_temporary());
        if !temporary {
            self.failures_in_a_row.store(0, Ordering::Release);
        } else if self.failures_in_a_row.fetch_add(1, Ordering::AcqRel) + 1 >= DOWN_AFTER {
            self.down.store(true, Ordering::Release);
        }
    }
}

/// Sends `messages` through `mailer` on up to [`SENDERS`] threads; `tick` runs on the calling
/// thread after each result and at least every second while they work (to renew the claim). Returns the results by
/// position and whether the server looked down.
pub fn deliver(mailer: &Mailer, messages: &[&Message], mut tick: impl FnMut()) -> (Results, bool) {
    let queue = Queue {
        messages,
        next: AtomicUsize::new(0),
        failures_in_a_row: AtomicUsize::new(0),
        down: AtomicBool::new(false),
    };
    let mut results: Results = vec![None; messages.len()];
    let senders = SENDERS.min(messages.len());
    std::thread::scope(|scope| {
        let (done, results_in) = mpsc::channel();
        for _ in 0..senders {
            let (queue, done) = (&queue, done.clone());
            scope.spawn(move || send_all(mailer, queue, &done));
        }
        drop(done);
        loop {
            match results_in.recv_timeout(TICK) {
                Ok((i, result)) => results[i] = Some(result),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            tick();
        }
    });
    (results, queue.down.load(Ordering::Acquire))
}

/// One sender: takes messages until none is left or the server looks down.
fn send_all(mailer: &Mailer, queue: &Queue, done: &mpsc::Sender<(usize, Result<(), SendError>)>) {
    while let Some(i) = queue.take() {
        let result = mailer.send(queue.messages[i]);
        queue.note(&result);
        if done.send((i, result)).is_err() {
            return;
        }
    }
}
