//! Test support: a `TestApp` over a fresh database (SQLite, or PostgreSQL: see `testdb`), people with known passwords, API tokens,
//! and a `Browser` that keeps the session cookie and sends the CSRF token like a real form.

#![allow(dead_code)]

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, Key};
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::test as atest;
use actix_web::web::Data;
use pdsa::db::PooledConn;
use pdsa::domain::roles::GlobalRole;
use pdsa::models::person::{NewPerson, Person};
use pdsa::web::AppState;
use std::sync::OnceLock;

/// The password every test person has.
pub const PASSWORD: &str = "test-password-1";

/// Hashing is slow-ish even optimised; one hash serves every test person.
fn shared_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| pdsa::auth::password::hash(PASSWORD).unwrap())
}

/// A fresh database and app state.
pub struct TestApp {
    /// The state handed to the app.
    pub state: Data<AppState>,
    /// Session signing key.
    pub key: Key,
    /// The database; declared last so the pool in `state` closes before it is dropped.
    pub db: crate::testdb::TestDb,
}

impl TestApp {
    /// Empty, migrated database (no demo).
    pub fn new() -> TestApp {
        TestApp::with_vars(&[])
    }

    /// Empty, migrated database, with these configuration variables besides `DATABASE_URL`.
    pub fn with_vars(extra: &[(&str, &str)]) -> TestApp {
        let db = crate::testdb::TestDb::migrated();
        let mut vars = std::collections::HashMap::new();
        vars.insert("DATABASE_URL".to_string(), db.url.clone());
        for (k, v) in extra {
            vars.insert(k.to_string(), v.to_string());
        }
        let config = pdsa::config::Config::from_vars(&vars).unwrap();
        let pool = pdsa::cli::open(&config).unwrap();
        let assets = pdsa::assets::Assets::of(&config);
        let templates = pdsa::web::render::templates(&assets).unwrap();
        let state = Data::new(AppState {
            pool,
            config,
            templates,
            cache: Default::default(),
            mail_wake: Default::default(),
            metrics: Default::default(),
        });
        TestApp {
            state,
            key: Key::generate(),
            db,
        }
    }

    /// With the demo collective loaded.
    pub fn with_demo() -> TestApp {
        let app = TestApp::new();
        pdsa::seed::load_demo(&mut app.conn(), chrono::Local::now().date_naive()).unwrap();
        app
    }

    /// A pooled connection for setting up and checking data.
    pub fn conn(&self) -> PooledConn {
        self.state.pool.get().unwrap()
    }

    /// The actix service under test.
    pub async fn service(
        &self,
    ) -> impl Service<
        actix_http::Request,
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
    > {
        atest::init_service(pdsa::build_app(self.state.clone(), self.key.clone())).await
    }

    /// Creates a person with `PASSWORD`.
    pub fn person(&self, role: GlobalRole, email: &str) -> Person {
        let name = email.split('@').next().unwrap();
        let new = NewPerson {
            name,
            email,
            password_hash: Some(shared_hash()),
            role: role.as_str(),
            created_at: pdsa::models::now(),
        };
        Person::create(
            &mut self.conn(),
            &pdsa::models::audit::AuditActor::system("test"),
            &new,
        )
        .unwrap()
    }

    /// An API token for a person, stored as the API would.
    pub fn token(&self, person_id: i32) -> String {
        let secret = pdsa::auth::token::random_hex();
        pdsa::models::token::ApiToken::create(
            &mut self.conn(),
            person_id,
            "test",
            &pdsa::auth::token::digest(&secret),
        )
        .unwrap();
        secret
    }
}

/// Sends a JSON API request with an optional bearer token; returns status and JSON body
/// (`Null` when the body is empty or not JSON).
pub async fn api<S, B>(
    svc: &S,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut req = atest::TestRequest::default().method(method).uri(path);
    if let Some(t) = token {
        req = req.insert_header(("Authorization", format!("Bearer {t}")));
    }
    if let Some(b) = body {
        req = req.set_json(b);
    }
    let res = atest::call_service(svc, req.to_request()).await;
    let status = res.status();
    let bytes = atest::read_body(res).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// A response as the browser saw it.
pub struct Page {
    /// Status.
    pub status: StatusCode,
    /// Location header, for redirects.
    pub location: Option<String>,
    /// Body text.
    pub body: String,
    /// Headers of interest.
    pub retry_after: Option<String>,
}

/// A browser session against the service: keeps the session cookie, and sends forms with the
/// CSRF token taken from the last page it read.
#[derive(Default)]
pub struct Browser {
    cookie: Option<Cookie<'static>>,
    csrf: Option<String>,
    origin: Option<String>,
}

/// The origin of pages served by the test service.
pub const ORIGIN: &str = "http://localhost:8080";

impl Browser {
    /// A browser with no session.
    pub fn new() -> Browser {
        Browser::default()
    }

    async fn send<S, B>(&mut self, svc: &S, req: atest::TestRequest) -> Page
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        let req = match &self.cookie {
            Some(c) => req.cookie(c.clone()),
            None => req,
        };
        let res = atest::call_service(svc, req.to_request()).await;
        if let Some(c) = res
            .response()
            .cookies()
            .find(|c| c.name() == "pdsa_session")
        {
            self.cookie = Some(c.into_owned());
        }
        let status = res.status();
        let header = |n: &str| {
            res.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let (location, retry_after) = (header("Location"), header("Retry-After"));
        let body = String::from_utf8_lossy(&atest::read_body(res).await).to_string();
        if let Some(t) = csrf_in(&body) {
            self.csrf = Some(t);
        }
        Page {
            status,
            location,
            body,
            retry_after,
        }
    }

    /// GET a page.
    pub async fn get<S, B>(&mut self, svc: &S, path: &str) -> Page
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        self.send(svc, atest::TestRequest::get().uri(path)).await
    }

    /// POST a form with the session's CSRF token (fetched from `/sign-in` when none seen yet).
    pub async fn post<S, B>(&mut self, svc: &S, path: &str, fields: &[(&str, &str)]) -> Page
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        if self.csrf.is_none() {
            self.get(svc, "/sign-in").await;
        }
        let token = self.csrf.clone().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(svc, path, &all).await
    }

    /// POST a form exactly as given (no token added).
    pub async fn post_raw<S, B>(&mut self, svc: &S, path: &str, fields: &[(&str, &str)]) -> Page
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        // A browser names the page a form came from; the test server's host is localhost:8080.
        let req = atest::TestRequest::post()
            .uri(path)
            .insert_header(("Origin", self.origin.as_deref().unwrap_or(ORIGIN)))
            .set_form(fields);
        self.send(svc, req).await
    }

    /// Posts as if from a page of another site (a forged cross-site form).
    pub fn set_origin(&mut self, origin: &str) {
        self.origin = Some(origin.to_string());
    }

    /// Signs in through the form; panics unless it redirects.
    pub async fn sign_in<S, B>(&mut self, svc: &S, email: &str) -> Page
    where
        S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
        B: MessageBody,
    {
        self.get(svc, "/sign-in").await;
        let page = self
            .post(svc, "/sign-in", &[("email", email), ("password", PASSWORD)])
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "sign-in failed: {}",
            page.body
        );
        // The session (and its CSRF token) is new after sign-in: read a page to pick it up.
        self.get(svc, "/").await;
        page
    }
}

fn csrf_in(body: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = body.find(marker)? + marker.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_string())
}
