//! A real SMTP server in the test process (mailin-embedded on a local port) for the mail tests:
//! it keeps what it receives, can refuse chosen recipients with a code, and can stall before
//! accepting each message (to catch a sender in the middle of a send), and can offer STARTTLS
//! with the certificate in `tests/tls/` (signed by a test CA the client must be told to trust).

#![allow(dead_code)]

use mailin_embedded::{Handler, Response, Server, SslConfig, response};
use pdsa::mail::Mailer;
use std::net::{IpAddr, TcpListener};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender.
    pub from: String,
    /// The envelope recipients.
    pub to: Vec<String>,
    /// The message as sent.
    pub raw: Vec<u8>,
}

/// What the server received, shared with the test.
pub type Inbox = Arc<Mutex<Vec<Received>>>;

/// How the server behaves.
#[derive(Clone, Default)]
pub struct Behaviour {
    /// Recipients refused at RCPT with (address, code, text).
    pub refuse: Vec<(String, u16, String)>,
    /// How long to wait before accepting each message (after its data).
    pub stall: Duration,
    /// Concurrent sessions; 0 is [`SESSIONS`].
    pub threads: u32,
    /// Offer STARTTLS with `tests/tls/server.pem` (for `localhost` and `127.0.0.1`).
    pub starttls: bool,
    /// What the server saw, shared with the test.
    pub seen: Seen,
}

/// Counters the server keeps while it runs (clones share them).
#[derive(Clone, Default)]
pub struct Seen {
    /// RCPT commands received, refused or not: one per message a client handed over.
    pub rcpts: Arc<AtomicUsize>,
    /// Messages being accepted right now (between their data and the reply).
    pub in_flight: Arc<AtomicUsize>,
    /// The most messages ever being accepted at once: above 1, senders overlapped.
    pub peak: Arc<AtomicUsize>,
}

impl Seen {
    /// RCPT commands so far.
    pub fn rcpts(&self) -> usize {
        self.rcpts.load(Ordering::SeqCst)
    }

    /// The most messages accepted at once so far.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
}

/// Concurrent sessions by default: more than the worker's connections (mailin's own default,
/// 4, would leave the worker's other connections waiting for a greeting until they time out).
pub const SESSIONS: u32 = 2 * pdsa::mail::worker::SENDERS as u32;

/// The test CA that signed the STARTTLS server's certificate.
pub const TEST_CA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tls/ca.pem");

/// The server's per-session state.
#[derive(Clone, Default)]
struct Session {
    received: Inbox,
    behaviour: Behaviour,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Session {
    fn rcpt(&mut self, to: &str) -> Response {
        self.behaviour.seen.rcpts.fetch_add(1, Ordering::SeqCst);
        let to = to.trim_matches(['<', '>']);
        match self.behaviour.refuse.iter().find(|(addr, _, _)| addr == to) {
            Some((_, code, text)) => Response::custom(*code, text.clone()),
            None => response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let seen = &self.behaviour.seen;
        let now = seen.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        seen.peak.fetch_max(now, Ordering::SeqCst);
        if !self.behaviour.stall.is_zero() {
            std::thread::sleep(self.behaviour.stall);
        }
        seen.in_flight.fetch_sub(1, Ordering::SeqCst);
        let message = Received {
            from: self.from.clone(),
            to: self.to.clone(),
            raw: std::mem::take(&mut self.data),
        };
        self.received.lock().unwrap().push(message);
        response::OK
    }

    fn helo(&mut self, _ip: IpAddr, _domain: &str) -> Response {
        response::OK
    }
}

/// Starts a server on `listener` in a thread; returns what it receives.
pub fn serve(listener: TcpListener, refuse: &[(&str, u16, &str)]) -> Inbox {
    let behaviour = Behaviour {
        refuse: refuse
            .iter()
            .map(|(a, c, t)| (a.to_string(), *c, t.to_string()))
            .collect(),
        ..Behaviour::default()
    };
    serve_with(listener, behaviour)
}

/// Starts a server with the given behaviour on `listener`.
pub fn serve_with(listener: TcpListener, behaviour: Behaviour) -> Inbox {
    let (threads, starttls) = (behaviour.threads, behaviour.starttls);
    let session = Session {
        behaviour,
        ..Session::default()
    };
    let received = session.received.clone();
    let mut server = Server::new(session);
    server.with_name("smtp.test").with_tcp_listener(listener);
    server.with_num_threads(if threads > 0 { threads } else { SESSIONS });
    if starttls {
        let file = |name| format!("{}/tests/tls/{name}", env!("CARGO_MANIFEST_DIR"));
        let tls = SslConfig::SelfSigned {
            cert_path: file("server.pem"),
            key_path: file("server.key"),
        };
        server.with_ssl(tls).expect("the test certificate loads");
    }
    std::thread::spawn(move || {
        // Runs until the test process ends; an error would show as a refused send.
        let _ = server.serve();
    });
    received
}

/// A server on a free port, and a mailer pointed at it.
pub fn smtp_server(refuse: &[(&str, u16, &str)]) -> (Mailer, Inbox) {
    let (port, received) = smtp_port(refuse);
    (mailer_on(port), received)
}

/// A server on a free port: the port, and what it receives.
pub fn smtp_port(refuse: &[(&str, u16, &str)]) -> (u16, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    (port, serve(listener, refuse))
}

/// A mailer for the server on `port`.
pub fn mailer_on(port: u16) -> Mailer {
    Mailer::from_settings(
        Some(&format!("smtp://127.0.0.1:{port}")),
        Path::new("unused"),
    )
    .unwrap()
}

/// A port nobody listens on (bound, then released).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}
