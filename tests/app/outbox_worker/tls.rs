//! `pdsa remind` through a server that offers STARTTLS, with `SMTP_URL=…?tls=required`: the
//! server's certificate is checked by rustls against the system's trust store, or the file
//! in `SSL_CERT_FILE` (how an operator trusts a private CA): trusted, the mail goes; not
//! trusted, nothing is sent and the rows wait for a retry.

use super::processes::many_rows;
use super::*;
use crate::smtp::{Behaviour, Inbox, TEST_CA, serve_with};
use std::net::TcpListener;
use std::process::{Command, Output};

fn starttls_server() -> (u16, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let behaviour = Behaviour {
        starttls: true,
        ..Behaviour::default()
    };
    (port, serve_with(listener, behaviour))
}

/// `pdsa remind` over STARTTLS to `host:port`, trusting only the certificates in `ca_file`
/// (or the system's store when `None`).
fn remind_tls(w: &World, host: &str, port: u16, ca_file: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pdsa"));
    cmd.arg("remind")
        .env("DATABASE_URL", &w.app.state.config.database_url)
        .env("PDSA_DEMO", "0")
        .env("SMTP_URL", format!("smtp://{host}:{port}?tls=required"))
        .env("RUST_LOG", "warn")
        .env_remove("SSL_CERT_DIR");
    match ca_file {
        Some(file) => cmd.env("SSL_CERT_FILE", file),
        None => cmd.env_remove("SSL_CERT_FILE"),
    };
    cmd.output().unwrap()
}

/// What a process that exited 0 printed (its output and errors when it did not).
fn succeeded(out: &Output) -> String {
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let errors = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}{errors}");
    said
}

#[test]
fn starttls_to_a_server_with_a_trusted_certificate_delivers() {
    let w = world();
    let ids = many_rows(&w, 2);
    let (port, inbox) = starttls_server();
    // By name, as a real relay is reached: the name is checked against the certificate's.
    let said = succeeded(&remind_tls(&w, "localhost", port, Some(TEST_CA)));
    assert!(said.starts_with("mail: 2 sent"), "{said}");
    assert_eq!(inbox.lock().unwrap().len(), ids.len());
    for id in ids {
        assert_eq!(reload(&w.app, id).status, "sent");
    }
}

#[test]
fn starttls_to_a_server_with_an_untrusted_certificate_sends_nothing_and_retries() {
    let w = world();
    let ids = many_rows(&w, 1);
    let (port, inbox) = starttls_server();
    let said = succeeded(&remind_tls(&w, "127.0.0.1", port, None));
    assert!(said.starts_with("mail: 0 sent, 1 retried"), "{said}");
    assert!(inbox.lock().unwrap().is_empty());
    let row = reload(&w.app, ids[0]);
    assert_eq!(row.status, "pending");
    assert!(row.last_error.contains("certificate"), "{}", row.last_error);
}
