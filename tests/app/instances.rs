//! Several `pdsa serve` processes on one database, as behind a proxy: a session signed in on
//! one holds on the other (the key is in the database), a write through one shows through the
//! other's cached dashboard and its API on the next request, and failed sign-ins count across
//! them. Run on the suite's engine (PostgreSQL in CI's second pass).

use crate::support::TestApp;
use diesel::prelude::*;
use pdsa::db::schema::measures;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `pdsa serve` process on a free loopback port, stopped when dropped.
pub struct Serve {
    child: Child,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl Serve {
    /// Starts `pdsa serve` on `url` with `env` added, and waits until it answers `/readyz`.
    pub fn start(url: &str, env: &[(&str, &str)]) -> Serve {
        Serve::start_logging(url, env, Stdio::null())
    }

    /// As `start`, its log (stderr) going to `stderr`.
    pub fn start_logging(url: &str, env: &[(&str, &str)], stderr: impl Into<Stdio>) -> Serve {
        let port = free_port();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_pdsa"));
        cmd.arg("serve")
            .env("DATABASE_URL", url)
            .env("PDSA_BIND", format!("127.0.0.1:{port}"))
            .env("PDSA_DEMO", "0")
            .env("PDSA_REMIND_EVERY", "0")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(stderr);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut serve = Serve {
            child: cmd.spawn().unwrap(),
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while serve.get("/readyz", &[]).0 != 200 {
            assert!(Instant::now() < deadline, "pdsa serve did not get ready");
            assert!(
                serve.child.try_wait().unwrap().is_none(),
                "pdsa serve stopped"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        serve
    }

    /// GET `path` with extra headers.
    pub fn get(&self, path: &str, headers: &[(&str, &str)]) -> Reply {
        http(self.port, "GET", path, headers, "")
    }

    /// Stops the process with SIGTERM and waits for it (up to 30 s); its exit status.
    pub fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "pdsa serve did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An HTTP answer: status, headers (names in lower case) and body.
pub struct Reply(pub u16, pub Vec<(String, String)>, pub String);

impl Reply {
    /// The first header named `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.1
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 request on a fresh connection (`Connection: close`), read to the end.
pub fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Reply {
    http_from(None, port, method, path, headers, body)
}

/// A connection to 127.0.0.1:`port`, from `source` (another loopback address, e.g.
/// 127.0.0.2: on Linux every 127.x address is this machine's) when given.
fn connect(source: Option<std::net::Ipv4Addr>, port: u16) -> std::io::Result<TcpStream> {
    let to = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let Some(source) = source else {
        return TcpStream::connect(to);
    };
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    socket.bind(&std::net::SocketAddr::from((source, 0)).into())?;
    socket.connect(&to.into())?;
    Ok(socket.into())
}

/// As `http`, from the loopback address `source` when given.
pub fn http_from(
    source: Option<std::net::Ipv4Addr>,
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let Ok(mut s) = connect(source, port) else {
        return Reply(0, vec![], String::new());
    };
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_string()))
        .collect();
    Reply(status, headers, body.to_string())
}

/// Signs in through the form of the server on `port`; the session cookie (`name=value`).
pub fn sign_in(port: u16, email: &str) -> String {
    let reply = try_sign_in(port, email, pdsa::seed::DEMO_PASSWORD);
    assert_eq!(reply.0, 303, "sign-in: {}", reply.2);
    session_cookie(&reply).unwrap()
}

/// Posts the sign-in form of the server on `port` as a browser would.
fn try_sign_in(port: u16, email: &str, password: &str) -> Reply {
    try_sign_in_from(None, port, email, password, &[])
}

/// As `try_sign_in`, from the loopback address `source`, with extra headers.
pub fn try_sign_in_from(
    source: Option<std::net::Ipv4Addr>,
    port: u16,
    email: &str,
    password: &str,
    extra: &[(&str, &str)],
) -> Reply {
    let form = http_from(source, port, "GET", "/sign-in", &[], "");
    let cookie = session_cookie(&form).expect("an anonymous session");
    let marker = "name=\"csrf_token\" value=\"";
    let start = form.2.find(marker).unwrap() + marker.len();
    let csrf = &form.2[start..start + form.2[start..].find('"').unwrap()];
    let body = format!(
        "csrf_token={csrf}&email={}&password={}",
        email.replace('@', "%40"),
        password.replace(' ', "+")
    );
    let origin = format!("http://localhost:{port}");
    let mut headers = vec![
        ("Cookie", cookie.as_str()),
        ("Origin", origin.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    headers.extend_from_slice(extra);
    http_from(source, port, "POST", "/sign-in", &headers, &body)
}

/// The session cookie a reply sets (`name=value`).
pub fn session_cookie(reply: &Reply) -> Option<String> {
    reply
        .1
        .iter()
        .filter(|(n, _)| n == "set-cookie")
        .find_map(|(_, v)| {
            v.split(';')
                .next()
                .filter(|c| c.starts_with("pdsa_session="))
        })
        .map(str::to_string)
}

#[test]
fn two_instances_share_sessions_writes_and_the_throttle() {
    let app = TestApp::with_demo();
    let url = app.state.config.database_url.clone();
    let (a, b) = (Serve::start(&url, &[]), Serve::start(&url, &[]));
    let (team, measure): (i32, i32) = {
        let c = &mut app.conn();
        use pdsa::db::schema::{people, team_members};
        let team = team_members::table
            .inner_join(people::table)
            .filter(people::email.eq("coach@demo.pdsa"))
            .select(team_members::team_id)
            .order(team_members::team_id.desc())
            .first(c)
            .unwrap();
        let year: i32 = pdsa::db::schema::teams::table
            .find(team)
            .select(pdsa::db::schema::teams::program_year_id)
            .first(c)
            .unwrap();
        let measure = measures::table
            .filter(measures::name.eq("Student discourse"))
            .filter(measures::program_year_id.eq(year))
            .select(measures::id)
            .order(measures::id.desc())
            .first(c)
            .unwrap();
        (team, measure)
    };
    let director =
        pdsa::models::person::Person::find_by_email(&mut app.conn(), "director@demo.pdsa")
            .unwrap()
            .unwrap();
    let token = app.token(director.id);
    let cookie = sign_in(a.port, "coach@demo.pdsa");
    let dashboard = format!("/teams/{team}/variation?measure={measure}&period=week");
    let first = b.get(&dashboard, &[("Cookie", &cookie)]);
    assert_eq!(
        first.0,
        200,
        "a session made on A holds on B: {:?}",
        first
            .2
            .lines()
            .filter(|l| l.contains("error"))
            .collect::<Vec<_>>()
    );
    let again = b.get(&dashboard, &[("Cookie", &cookie)]);
    assert_eq!(again.header("x-cache"), Some("hit"));
    assert!(!again.2.contains("Discourse, renamed"));

    // A write through A: B's next read is fresh, on the dashboard and in the API.
    let auth = format!("Bearer {token}");
    let one = format!("/api/v1/measures/{measure}");
    let current = http(a.port, "GET", &one, &[("Authorization", &auth)], "");
    let mut body: serde_json::Value = serde_json::from_str(&current.2).unwrap();
    body["name"] = "Discourse, renamed".into();
    let saved = http(
        a.port,
        "PUT",
        &one,
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        &body.to_string(),
    );
    assert_eq!(saved.0, 200, "{}", saved.2);
    let after = b.get(&dashboard, &[("Cookie", &cookie)]);
    assert_eq!(after.header("x-cache"), Some("miss"));
    assert!(
        after.2.contains("Discourse, renamed"),
        "B shows A's write at once"
    );
    let api = http(b.port, "GET", &one, &[("Authorization", &auth)], "");
    assert!(api.2.contains("Discourse, renamed"));

    // Failed sign-ins count across instances: four on A, one on B, and both refuse the next.
    for port in [a.port, a.port, a.port, a.port, b.port] {
        assert_eq!(
            try_sign_in(port, "teacher@demo.pdsa", "wrong password").0,
            422
        );
    }
    for port in [a.port, b.port] {
        let refused = try_sign_in(port, "teacher@demo.pdsa", pdsa::seed::DEMO_PASSWORD);
        assert_eq!(refused.0, 429, "throttled on every instance");
        assert!(refused.header("retry-after").is_some());
    }
}
