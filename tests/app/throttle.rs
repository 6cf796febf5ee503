//! The sign-in throttle over real HTTP, where the client address matters: `pdsa serve` on
//! 127.0.0.1, and clients bound to other loopback addresses (127.0.0.2 plays the attacker,
//! 127.0.0.3 the owner). Guessing is stopped per address and per (account, address); the
//! account itself only slows down, so its owner always gets in.

use crate::instances::{Serve, http_from, try_sign_in_from};
use crate::support::{PASSWORD, TestApp};
use pdsa::auth::throttle::{PER_ACCOUNT_ADDRESS, PER_ADDRESS, SLOWDOWN_MAX};
use pdsa::domain::roles::GlobalRole;
use std::net::Ipv4Addr;
use std::time::Instant;

const ATTACKER: Option<Ipv4Addr> = Some(Ipv4Addr::new(127, 0, 0, 2));
const OWNER: Option<Ipv4Addr> = Some(Ipv4Addr::new(127, 0, 0, 3));

fn app_with_owner() -> (TestApp, Serve) {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "owner@example.org");
    let url = app.state.config.database_url.clone();
    let serve = Serve::start(&url, &[]);
    (app, serve)
}

fn token_request(source: Option<Ipv4Addr>, port: u16, email: &str, password: &str) -> u16 {
    let body = serde_json::json!({"email": email, "password": password, "name": "script"});
    let headers = [("Content-Type", "application/json")];
    http_from(
        source,
        port,
        "POST",
        "/api/v1/tokens",
        &headers,
        &body.to_string(),
    )
    .0
}

#[test]
fn wrong_passwords_from_one_address_never_lock_the_owner_out() {
    let (_app, serve) = app_with_owner();
    for _ in 0..PER_ACCOUNT_ADDRESS.free {
        let r = try_sign_in_from(ATTACKER, serve.port, "owner@example.org", "guess", &[]);
        assert_eq!(r.0, 422);
    }
    let refused = try_sign_in_from(ATTACKER, serve.port, "owner@example.org", PASSWORD, &[]);
    assert_eq!(
        refused.0, 429,
        "that address waits, even with the right password"
    );
    let wait: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert_eq!(wait, PER_ACCOUNT_ADDRESS.first.num_seconds() as u64);
    assert!(
        refused.2.contains("try again in 30 seconds"),
        "{}",
        refused.2
    );
    assert_eq!(
        token_request(ATTACKER, serve.port, "owner@example.org", PASSWORD),
        429,
        "the token endpoint shares the rules"
    );
    let owner = try_sign_in_from(OWNER, serve.port, "owner@example.org", PASSWORD, &[]);
    assert_eq!(owner.0, 303, "the owner, from their own address, gets in");
    assert_eq!(
        token_request(OWNER, serve.port, "owner@example.org", PASSWORD),
        201
    );
}

#[test]
fn one_address_cannot_try_many_accounts() {
    let (_app, serve) = app_with_owner();
    let mut statuses = Vec::new();
    for n in 0..40 {
        let email = format!("guess{n}@example.org");
        statuses.push(try_sign_in_from(ATTACKER, serve.port, &email, "guess", &[]).0);
    }
    let allowed = PER_ADDRESS.free;
    assert!(
        statuses[..allowed].iter().all(|s| *s == 422),
        "{statuses:?}"
    );
    assert!(
        statuses[allowed..].iter().all(|s| *s == 429),
        "{statuses:?}"
    );
    let refused = try_sign_in_from(ATTACKER, serve.port, "owner@example.org", PASSWORD, &[]);
    assert!(refused.2.contains("from your network"), "{}", refused.2);
    let owner = try_sign_in_from(OWNER, serve.port, "owner@example.org", PASSWORD, &[]);
    assert_eq!(owner.0, 303);
}

#[test]
fn an_account_guessed_at_from_everywhere_only_slows_down() {
    let (app, serve) = app_with_owner();
    // The state many addresses guessing this account leave behind: far past any allowance.
    let now = pdsa::models::now();
    for n in 0..200 {
        let keys = [
            "acct:owner@example.org".to_string(),
            format!("pair:10.9.{n}.1 owner@example.org"),
        ];
        pdsa::models::sign_in_failure::record_all(
            &mut app.conn(),
            &keys,
            now,
            pdsa::auth::throttle::SIGN_IN_WINDOW,
        )
        .unwrap();
    }
    let started = Instant::now();
    let owner = try_sign_in_from(OWNER, serve.port, "owner@example.org", PASSWORD, &[]);
    assert_eq!(owner.0, 303, "never a lock: {}", owner.2);
    assert!(started.elapsed() >= SLOWDOWN_MAX, "but slowed down");
}

#[test]
fn forwarded_for_counts_only_from_a_trusted_proxy() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "owner@example.org");
    let url = app.state.config.database_url.clone();
    let serve = Serve::start(&url, &[("PDSA_TRUSTED_PROXIES", "127.0.0.5")]);
    let proxy = Some(Ipv4Addr::new(127, 0, 0, 5));
    // An untrusted client's X-Forwarded-For is its own invention: each guess names another
    // address, and all of them count against 127.0.0.2.
    for n in 0..PER_ACCOUNT_ADDRESS.free {
        let xff = format!("198.51.100.{n}");
        let headers = [("X-Forwarded-For", xff.as_str())];
        let r = try_sign_in_from(ATTACKER, serve.port, "owner@example.org", "guess", &headers);
        assert_eq!(r.0, 422);
    }
    let headers = [("X-Forwarded-For", "198.51.100.99")];
    let r = try_sign_in_from(
        ATTACKER,
        serve.port,
        "owner@example.org",
        PASSWORD,
        &headers,
    );
    assert_eq!(r.0, 429, "forged X-Forwarded-For is ignored");
    // Through the trusted proxy, the forwarded address is the client.
    let attacker = [("X-Forwarded-For", "203.0.113.7")];
    for _ in 0..PER_ACCOUNT_ADDRESS.free {
        let r = try_sign_in_from(proxy, serve.port, "owner@example.org", "guess", &attacker);
        assert_eq!(r.0, 422);
    }
    let r = try_sign_in_from(proxy, serve.port, "owner@example.org", PASSWORD, &attacker);
    assert_eq!(r.0, 429, "the forwarded attacker waits");
    let owner = [("X-Forwarded-For", "6.6.6.6, 203.0.113.8")];
    let r = try_sign_in_from(proxy, serve.port, "owner@example.org", PASSWORD, &owner);
    assert_eq!(r.0, 303, "another client behind the same proxy gets in");
}

/// The `pdsa_sign_in_password_checks_total` counter of the server.
fn password_checks(serve: &Serve) -> u64 {
    let auth = [("Authorization", "Bearer metrics-token-0123456789")];
    let page = serve.get("/metrics", &auth);
    assert_eq!(page.0, 200);
    page.2
        .lines()
        .find_map(|l| l.strip_prefix("pdsa_sign_in_password_checks_total "))
        .expect("the password check counter")
        .trim()
        .parse::<f64>()
        .unwrap() as u64
}

#[test]
fn an_unknown_address_costs_the_same_password_check_as_a_known_one() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "owner@example.org");
    let url = app.state.config.database_url.clone();
    let serve = Serve::start(&url, &[("PDSA_METRICS_TOKEN", "metrics-token-0123456789")]);
    let before = password_checks(&serve);
    let r = try_sign_in_from(OWNER, serve.port, "nobody@example.org", "guess", &[]);
    assert_eq!(r.0, 422);
    assert_eq!(
        password_checks(&serve),
        before + 1,
        "one check for an unknown address"
    );
    let r = try_sign_in_from(OWNER, serve.port, "owner@example.org", "guess", &[]);
    assert_eq!(r.0, 422);
    assert_eq!(
        password_checks(&serve),
        before + 2,
        "one check for a known one"
    );
    assert!(
        r.2.contains("the email or password is not right"),
        "the same answer"
    );
    assert_eq!(
        token_request(OWNER, serve.port, "nobody@example.org", "guess"),
        401
    );
    assert_eq!(password_checks(&serve), before + 3, "the API too");
}
