//! Just enough of the W3C WebDriver protocol (JSON over HTTP/1.1 on a plain TCP stream, one
//! request per connection) to drive Debian's headless Chromium through `chromedriver`: open a page, type into and
//! click elements, run a script, and read the browser's console log.

use crate::instances::free_port;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Debian's `chromium` package.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's `chromium-driver` package.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The key under which WebDriver names an element.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Whether both programs are installed.
pub fn available() -> bool {
    Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists()
}

/// A `chromedriver` process on a free port with one browser session; both end when dropped.
pub struct Driver {
    child: Child,
    port: u16,
    session: String,
    /// The browser's profile, fresh for each run.
    _profile: tempfile::TempDir,
}

impl Driver {
    /// Starts chromedriver, waits until it is ready, and opens a headless Chromium that keeps
    /// every console message for [`Driver::log`].
    pub fn start() -> Driver {
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut driver = Driver {
            child,
            port,
            session: String::new(),
            _profile: profile,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while driver.call("GET", "/status", None)["value"]["ready"] != true {
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            std::thread::sleep(Duration::from_millis(50));
        }
        let args = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--no-first-run",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", driver._profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": CHROMIUM, "args": args},
            "goog:loggingPrefs": {"browser": "ALL"},
        }}});
        let created = driver.call("POST", "/session", Some(caps));
        driver.session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no browser session: {created}"))
            .to_string();
        driver
    }

    /// One command of the session; its `value`, panicking on a WebDriver error.
    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        let answer = self.call(method, &path, body);
        assert!(
            answer["value"].get("error").is_none(),
            "{method} {path}: {answer}"
        );
        answer["value"].clone()
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let text = body.map(|b| b.to_string()).unwrap_or_default();
        request(self.port, method, path, &text)
            .and_then(|answer| serde_json::from_str(&answer).ok())
            .unwrap_or(Value::Null)
    }

    /// Opens `url` and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> String {
        let found = self.command(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string()
    }

    /// Types `text` into the element.
    pub fn type_into(&self, element: &str, text: &str) {
        let path = format!("/element/{element}/value");
        self.command("POST", &path, Some(json!({ "text": text })));
    }

    /// Clicks the element.
    pub fn click(&self, element: &str) {
        self.command(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// Runs a script in the page; what it returns.
    pub fn execute(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// The console messages since the last call: (level, message).
    pub fn log(&self) -> Vec<(String, String)> {
        let entries = self.command("POST", "/se/log", Some(json!({"type": "browser"})));
        entries
            .as_array()
            .map(|all| {
                all.iter()
                    .map(|e| {
                        let text = |k: &str| e[k].as_str().unwrap_or("").to_string();
                        (text("level"), text("message"))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            self.call("DELETE", &path, None);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request to chromedriver; the body of its answer, read to its `Content-Length` (the
/// driver keeps connections open, so reading to the end would wait forever). `None` when
/// nothing listens yet.
fn request(port: u16, method: &str, path: &str, body: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .ok()?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok()?;
    stream.write_all(body.as_bytes()).ok()?;
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().ok()?;
        }
    }
    let mut answer = vec![0; length];
    reader.read_exact(&mut answer).ok()?;
    String::from_utf8(answer).ok()
}
