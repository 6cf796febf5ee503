//! Logs and metrics (issue 11, part 7): `/metrics` in the Prometheus text format, open only to
//! its bearer token (404 otherwise, a wrong token included: nobody learns the page exists) or on
//! the private `PDSA_METRICS_BIND` listener; a request id on every response and in every log line
//! of the request; JSON logs with `PDSA_LOG_FORMAT=json`.

use crate::instances::{Serve, free_port, http};
use crate::support::TestApp;
use actix_web::http::StatusCode;
use actix_web::test as atest;
use pdsa::domain::reminder::{MailKind, SubjectType};
use pdsa::domain::roles::GlobalRole;
use std::collections::HashMap;

const TOKEN: &str = "metrics-token-0123456789";

/// Status, `X-Request-Id` and body of a GET with these headers.
async fn get<S, B>(svc: &S, path: &str, headers: &[(&str, &str)]) -> (u16, Option<String>, String)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let mut req = atest::TestRequest::get().uri(path);
    for h in headers {
        req = req.insert_header(*h);
    }
    let res = atest::call_service(svc, req.to_request()).await;
    let status = res.status().as_u16();
    let id = res
        .headers()
        .get("x-request-id")
        .map(|v| v.to_str().unwrap().to_string());
    let body = atest::read_body(res).await;
    (status, id, String::from_utf8_lossy(&body).to_string())
}

/// One sample line: name, labels, value.
type Sample = (String, HashMap<String, String>, f64);

/// Parses the exposition, failing on any line that is not a comment or `name{labels} value`
/// with a float; returns the samples and the families that have both HELP and TYPE.
fn parse(text: &str) -> (Vec<Sample>, Vec<String>) {
    let (mut samples, mut help, mut typed) = (vec![], vec![], vec![]);
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            help.push(rest.split(' ').next().unwrap().to_string());
        } else if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').unwrap();
            assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
            typed.push(name.to_string());
        } else {
            samples.push(sample(line));
        }
    }
    for (name, _, _) in &samples {
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| {
                name.strip_suffix(s)
                    .filter(|f| typed.iter().any(|t| t == f))
            })
            .unwrap_or(name);
        assert!(
            help.iter().any(|h| h == family) && typed.iter().any(|t| t == family),
            "{name} has no HELP and TYPE"
        );
    }
    (samples, typed)
}

fn sample(line: &str) -> Sample {
    let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("{line:?}"));
    let value: f64 = match value {
        "+Inf" => f64::INFINITY,
        v => v
            .parse()
            .unwrap_or_else(|_| panic!("not a float: {line:?}")),
    };
    let (name, labels) = match series.split_once('{') {
        None => (series, HashMap::new()),
        Some((name, rest)) => (name, labels(rest.strip_suffix('}').unwrap())),
    };
    assert!(
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
        "bad name in {line:?}"
    );
    (name.to_string(), labels, value)
}

/// `k="v",k2="v2"` (our label values hold no quotes or commas inside quotes but braces).
fn labels(text: &str) -> HashMap<String, String> {
    text.split("\",")
        .map(|pair| {
            let (k, v) = pair.split_once("=\"").unwrap();
            (k.to_string(), v.trim_end_matches('"').to_string())
        })
        .collect()
}

fn find<'a>(samples: &'a [Sample], name: &str, want: &[(&str, &str)]) -> Vec<&'a Sample> {
    samples
        .iter()
        .filter(|(n, l, _)| {
            n == name
                && want
                    .iter()
                    .all(|(k, v)| l.get(*k).map(String::as_str) == Some(*v))
        })
        .collect()
}

#[actix_web::test]
async fn metrics_count_requests_by_route_template_with_histograms_and_gauges() {
    let app = TestApp::with_vars(&[("PDSA_METRICS_TOKEN", TOKEN)]);
    let person = app.person(GlobalRole::Member, "m@example.org");
    let hour_ago = pdsa::models::now() - chrono::TimeDelta::hours(1);
    let mail = pdsa::models::outbox::NewMail::new(
        MailKind::Invitation,
        (SubjectType::AccountLink, 1, 0),
        person.id,
        hour_ago,
        hour_ago + chrono::TimeDelta::days(2),
    );
    pdsa::models::outbox::enqueue(&mut app.conn(), &[mail]).unwrap();
    let svc = app.service().await;
    assert_eq!(get(&svc, "/healthz", &[]).await.0, 200);
    for id in [41, 42] {
        let path = format!("/api/v1/program-years/{id}");
        assert_eq!(get(&svc, &path, &[]).await.0, 401);
    }
    assert_eq!(get(&svc, "/no/such/page", &[]).await.0, 404);
    let auth = format!("Bearer {TOKEN}");
    let (status, _, text) = get(&svc, "/metrics", &[("Authorization", &auth)]).await;
    assert_eq!(status, 200, "{text}");
    let (samples, families) = parse(&text);

    let requests = "pdsa_http_requests_total";
    let year = [
        ("route", "/api/v1/program-years/{id}"),
        ("method", "GET"),
        ("status", "401"),
    ];
    assert_eq!(
        find(&samples, requests, &year)[0].2,
        2.0,
        "both ids under one template"
    );
    let health = [("route", "/healthz"), ("status", "200")];
    assert_eq!(find(&samples, requests, &health)[0].2, 1.0);
    assert_eq!(
        find(
            &samples,
            requests,
            &[("route", "unmatched"), ("status", "404")]
        )[0]
        .2,
        1.0
    );
    assert!(
        samples
            .iter()
            .all(|(_, l, _)| !l.get("route").is_some_and(|r| r.contains("41"))),
        "never the raw path"
    );

    let name = "pdsa_http_request_duration_seconds";
    assert!(families.iter().any(|f| f == name));
    for route in ["/healthz", "/api/v1/program-years/{id}", "unmatched"] {
        let buckets = find(&samples, &format!("{name}_bucket"), &[("route", route)]);
        assert!(buckets.len() > 2, "{route}");
        let values: Vec<f64> = buckets.iter().map(|s| s.2).collect();
        assert!(
            values.windows(2).all(|w| w[0] <= w[1]),
            "cumulative: {values:?}"
        );
        let last = buckets.last().unwrap();
        assert_eq!(last.1["le"], "+Inf");
        let count = find(&samples, &format!("{name}_count"), &[("route", route)])[0].2;
        assert_eq!(last.2, count, "{route}: +Inf equals _count");
        assert!(find(&samples, &format!("{name}_sum"), &[("route", route)])[0].2 >= 0.0);
    }

    let value = |name: &str, labels: &[(&str, &str)]| find(&samples, name, labels)[0].2;
    assert_eq!(value("pdsa_outbox_rows", &[("state", "pending")]), 1.0);
    assert_eq!(value("pdsa_outbox_rows", &[("state", "sent")]), 0.0);
    let age = value("pdsa_outbox_oldest_due_pending_age_seconds", &[]);
    assert!((3590.0..3700.0).contains(&age), "an hour overdue: {age}");
    assert_eq!(value("pdsa_database_up", &[]), 1.0);
    let max = value("pdsa_db_pool_max_connections", &[]);
    assert!(
        value("pdsa_db_pool_connections_in_use", &[]) <= value("pdsa_db_pool_connections", &[])
    );
    assert!(value("pdsa_db_pool_connections", &[]) <= max);
    assert!(
        value("pdsa_http_requests_in_flight", &[]) >= 1.0,
        "the scrape itself"
    );
    for counter in ["pdsa_page_cache_hits_total", "pdsa_page_cache_misses_total"] {
        assert!(value(counter, &[]) >= 0.0);
    }
}

#[actix_web::test]
async fn metrics_are_a_404_without_the_right_token() {
    let hidden = TestApp::new();
    let svc = hidden.service().await;
    let auth = format!("Bearer {TOKEN}");
    assert_eq!(
        get(&svc, "/metrics", &[]).await.0,
        404,
        "no token configured"
    );
    assert_eq!(
        get(&svc, "/metrics", &[("Authorization", &auth)]).await.0,
        404
    );

    let app = TestApp::with_vars(&[("PDSA_METRICS_TOKEN", TOKEN)]);
    let svc = app.service().await;
    let wrong = format!("Bearer {TOKEN}x");
    for headers in [
        vec![],
        vec![("Authorization", wrong.as_str())],
        vec![("Authorization", "Bearer ")],
        vec![("Authorization", TOKEN)],
    ] {
        let (status, _, body) = get(&svc, "/metrics", &headers).await;
        assert_eq!(status, 404, "{headers:?}");
        assert!(!body.contains("pdsa_http"), "{headers:?}");
    }
    let res = atest::call_service(
        &svc,
        atest::TestRequest::get()
            .uri("/metrics")
            .insert_header(("Authorization", auth))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let kind = res.headers().get("content-type").unwrap().to_str().unwrap();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
}

#[test]
fn metrics_bind_serves_metrics_on_its_own_port_and_not_on_the_main_one() {
    let app = TestApp::new();
    let port = free_port();
    let at = format!("127.0.0.1:{port}");
    let serve = Serve::start(
        &app.state.config.database_url,
        &[("PDSA_METRICS_BIND", &at)],
    );
    assert_eq!(serve.get("/healthz", &[]).0, 200);
    assert_eq!(
        serve.get("/metrics", &[]).0,
        404,
        "never on the public listener"
    );
    let metrics = http(port, "GET", "/metrics", &[], "");
    assert_eq!(metrics.0, 200, "{}", metrics.2);
    assert!(
        metrics.2.contains(
            "pdsa_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1\n"
        ),
        "{}",
        metrics.2
    );
    assert_eq!(
        http(port, "GET", "/healthz", &[], "").0,
        404,
        "only /metrics there"
    );
}

#[actix_web::test]
async fn responses_carry_a_request_id_echoing_a_sane_one() {
    let app = TestApp::new();
    let svc = app.service().await;
    let given = get(&svc, "/healthz", &[("X-Request-Id", "proxy-7f3a.1")]).await;
    assert_eq!(given.1.as_deref(), Some("proxy-7f3a.1"));
    let made = |id: Option<String>| {
        let id = id.expect("an id");
        assert_eq!(id.len(), 16, "{id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
        id
    };
    let a = made(get(&svc, "/healthz", &[]).await.1);
    let b = made(get(&svc, "/no/such/page", &[]).await.1);
    assert_ne!(a, b, "a new id per request");
    let long = "x".repeat(129);
    for insane in ["two words", long.as_str(), "tab\there"] {
        let id = get(&svc, "/healthz", &[("X-Request-Id", insane)]).await.1;
        assert_ne!(made(id), insane);
    }
    let max = "y".repeat(128);
    assert_eq!(
        get(&svc, "/sign-in", &[("X-Request-Id", &max)]).await.1,
        Some(max)
    );
}

#[test]
fn json_logs_carry_the_request_id() {
    let app = TestApp::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stderr.log");
    let file = std::fs::File::create(&path).unwrap();
    let env = [("PDSA_LOG_FORMAT", "json"), ("RUST_LOG", "info")];
    let serve = Serve::start_logging(&app.state.config.database_url, &env, file);
    let reply = serve.get("/api/v1/me", &[("X-Request-Id", "json-log-test-1")]);
    assert_eq!(reply.0, 401);
    assert_eq!(reply.header("x-request-id"), Some("json-log-test-1"));
    assert!(serve.terminate().success());
    let log = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<serde_json::Value> = log
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "pdsa stopped"),
        "{log}"
    );
    let answered = lines
        .iter()
        .find(|l| l["span"]["request_id"] == "json-log-test-1")
        .unwrap_or_else(|| panic!("no line with the request id: {log}"));
    assert_eq!(answered["fields"]["route"], "/api/v1/me", "{answered}");
    assert_eq!(answered["fields"]["status"], 401);
    assert_eq!(answered["fields"]["method"], "GET");
    assert!(answered["fields"]["duration_ms"].as_f64().is_some());
}
