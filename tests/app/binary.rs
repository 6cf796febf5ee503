//! The built binary copied alone into an empty folder runs there: `pdsa serve` answers the
//! sign-in page, the stylesheet (with revalidation) and the icon, and `pdsa remind` renders the
//! demo's due reminders into `.eml` files. Templates, static files, migrations and seeds all
//! come from inside the binary, so nothing beside it is needed.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A running `pdsa serve`, killed when dropped (also when an assertion fails).
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary, copied into `dir` as its only file.
fn copy_binary(dir: &Path) -> PathBuf {
    let to = dir.join("pdsa");
    std::fs::copy(env!("CARGO_BIN_EXE_pdsa"), &to).unwrap();
    to
}

/// `pdsa <command>` in `dir` with nothing from the test's environment but what is set here.
fn command(bin: &Path, dir: &Path, command: &str, port: u16) -> Command {
    let mut cmd = Command::new(bin);
    cmd.arg(command)
        .current_dir(dir)
        .env_clear()
        .env("DATABASE_URL", "pdsa.db")
        .env("PDSA_BIND", format!("127.0.0.1:{port}"))
        .env("PDSA_DEMO", "1")
        .env("OUTBOX_DIR", "outbox")
        .env("PDSA_REMIND_EVERY", "0")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null());
    cmd
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `pdsa serve` and waits until it accepts connections.
fn serve(bin: &Path, dir: &Path) -> Server {
    let port = free_port();
    let child = command(bin, dir, "serve", port)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server { child, port };
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        let exited = server.child.try_wait().unwrap();
        assert!(exited.is_none(), "pdsa serve exited: {exited:?}");
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// A response read from the wire: status, headers (names in lower case) and body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One HTTP/1.1 GET over a plain socket, the connection closed after it.
fn get(port: u16, path: &str, extra: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
    for (name, value) in extra {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("Connection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    parse(&String::from_utf8_lossy(&raw))
}

fn parse(raw: &str) -> Reply {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply {
        status: status.parse().unwrap(),
        headers,
        body: body.to_string(),
    }
}

fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_copied_binary_serves_pages_styles_and_mail_from_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let bin = copy_binary(dir.path());
    let server = serve(&bin, dir.path());

    let page = get(server.port, "/sign-in", &[]);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body
            .contains(r#"<form method="post" action="/sign-in""#)
    );
    assert!(page.body.contains(r#"name="password""#));

    let css = get(server.port, "/static/app.css", &[]);
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let etag = css.header("etag").unwrap().to_string();
    let again = get(server.port, "/static/app.css", &[("If-None-Match", &etag)]);
    assert_eq!(again.status, 304);
    assert_eq!(again.header("etag"), Some(etag.as_str()));

    let icon = get(server.port, "/favicon.ico", &[]);
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("content-type"), Some("image/x-icon"));
    assert_eq!(get(server.port, "/static/nope.css", &[]).status, 404);

    let out = command(&bin, dir.path(), "remind", server.port)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", said(&out));
    assert!(!said(&out).contains("mail: 0 sent"), "{}", said(&out));
    drop(server);

    let mails: Vec<PathBuf> = std::fs::read_dir(dir.path().join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    assert!(!mails.is_empty(), "{}", said(&out));
    let text = std::fs::read_to_string(&mails[0]).unwrap();
    let subject = text.lines().find(|l| l.starts_with("Subject: ")).unwrap();
    assert!(subject.len() > "Subject: ".len(), "{subject}");
}
