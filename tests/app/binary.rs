//! The built binary copied alone into an empty folder runs there: `pdsa serve` answers the
//! sign-in page, the stylesheet (with revalidation) and the icon, and `pdsa remind` renders the
//! demo's due reminders into `.eml` files. Templates, static files, migrations and seeds all
//! come from inside the binary, so nothing beside it is needed.

use crate::instances::{Reply, free_port, http};
use std::net::TcpStream;
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

/// One HTTP/1.1 GET, the connection closed after it.
fn get(port: u16, path: &str, extra: &[(&str, &str)]) -> Reply {
    http(port, "GET", path, extra, "")
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
    assert_eq!(page.0, 200, "{}", page.2);
    assert!(page.2.contains(r#"<form method="post" action="/sign-in""#));
    assert!(page.2.contains(r#"name="password""#));

    let css = get(server.port, "/static/app.css", &[]);
    assert_eq!(css.0, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let etag = css.header("etag").unwrap().to_string();
    let again = get(server.port, "/static/app.css", &[("If-None-Match", &etag)]);
    assert_eq!(again.0, 304);
    assert_eq!(again.header("etag"), Some(etag.as_str()));

    let icon = get(server.port, "/favicon.ico", &[]);
    assert_eq!(icon.0, 200);
    assert_eq!(icon.header("content-type"), Some("image/x-icon"));
    assert_eq!(get(server.port, "/static/nope.css", &[]).0, 404);

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
