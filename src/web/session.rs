//! Sessions. The signed cookie holds what an anonymous visitor needs (the CSRF token, flash
//! messages, a kept form's token) and, once signed in, the random id of a session kept on the
//! server (`models::session`): who is signed in, and until when, is the table's to say, so
//! signing out, a password change or a deactivation ends a session everywhere at once, and a
//! copy of the cookie is worth nothing after that. Anonymous visitors make no rows.

use super::AppState;
use super::actor::Actor;
use crate::config::Config;
use crate::db::{DbConn, Engine, sqlite_path};
use crate::error::AppError;
use crate::models::person::Person;
use crate::models::session::{Origin, UserSession};
use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionExt, SessionMiddleware};
use actix_web::HttpRequest;
use actix_web::cookie::{Key, SameSite, time::Duration};
use serde::{Deserialize, Serialize};
use std::net::{IpAddr, Ipv4Addr};

/// The server session's secret id.
const SID: &str = "sid";
/// Where releases before server sessions kept the person's id: removed at sign-in, never read.
const PERSON_BEFORE_SERVER_SESSIONS: &str = "pid";
const CSRF: &str = "csrf";
const FLASH: &str = "flash";

/// A message shown once on the next page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flash {
    /// ok | warn | error.
    pub kind: String,
    /// The text.
    pub text: String,
}

/// The session middleware: signed (not encrypted: it holds only a random id and a CSRF token),
/// HttpOnly, SameSite=Lax, Secure when the public URL is https. The browser keeps it as long as
/// a session can live and then be recognised as expired (for `/resume`); the server decides
/// whether it still signs anyone in.
pub fn middleware(config: &Config, key: Key) -> SessionMiddleware<CookieSessionStore> {
    SessionMiddleware::builder(CookieSessionStore::default(), key)
        .cookie_name("pdsa_session".into())
        .cookie_content_security(CookieContentSecurity::Signed)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_secure(config.secure_cookies())
        .session_lifecycle(PersistentSession::default().session_ttl(cookie_lifetime()))
        .build()
}

fn cookie_lifetime() -> Duration {
    let days = (crate::models::session::ABSOLUTE + crate::models::session::TOMBSTONE).num_days();
    Duration::days(days)
}

/// The signing key: `PDSA_SECRET_KEY` when set; otherwise the key kept in the database (made
/// by the first instance to start, shared by all), so that sign-ins survive a restart and hold
/// on every instance behind a proxy.
pub fn load_key(config: &Config, conn: &mut DbConn) -> Result<Key, String> {
    if let Some(k) = &config.secret_key {
        return Ok(Key::derive_from(k.as_bytes()));
    }
    let hex = crate::models::shared::session_key(conn, legacy_key(config))
        .map_err(|e| format!("cannot read the session key from the database: {e}"))?;
    Ok(Key::derive_from(hex.as_bytes()))
}

/// The `session.key` file that releases before the key moved into the database kept beside a
/// SQLite file, if there is one: it becomes the database's key, so an upgrade signs nobody out.
fn legacy_key(config: &Config) -> Option<String> {
    if Engine::of(&config.database_url) != Engine::Sqlite {
        return None;
    }
    let db = std::path::Path::new(sqlite_path(&config.database_url));
    let hex = std::fs::read_to_string(db.with_file_name("session.key")).ok()?;
    Some(hex.trim().to_string()).filter(|h| h.len() >= 64)
}

/// The session id the cookie carries, if any (live, expired or ended: the table says which).
pub fn sid(session: &Session) -> Option<String> {
    session.get::<String>(SID).ok().flatten()
}

/// The client's address: the connection's peer, or the address trusted proxies forwarded
/// (`auth::proxies`). `0.0.0.0` when there is no peer (an in-process test request).
pub fn client_address(req: &HttpRequest, config: &Config) -> IpAddr {
    let peer = req
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip());
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("X-Forwarded-For")
        .filter_map(|v| v.to_str().ok())
        .collect();
    config.trusted_proxies.client(peer, &forwarded)
}

/// Where a request comes from, as a new session records it.
pub fn origin(req: &HttpRequest, config: &Config) -> Origin {
    let user_agent = req
        .headers()
        .get("User-Agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    Origin {
        address: client_address(req, config).to_string(),
        user_agent,
    }
}

/// What is needed to find a request's session, taken from the request before the trip to the
/// database.
#[derive(Debug, Clone)]
pub struct Gate {
    hash: String,
    address: String,
}

/// A live session and its person.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The person, with `session_id` set.
    pub actor: Actor,
    /// A new secret id when the session's was changed (its role changed): the cookie gets it.
    pub new_secret: Option<String>,
}

impl Gate {
    /// The gate for a request whose cookie names a session; `None` when it names none.
    pub fn of(req: &HttpRequest, config: &Config) -> Option<Gate> {
        let secret = sid(&req.get_session())?;
        Some(Gate {
            hash: crate::auth::token::digest(&secret),
            address: client_address(req, config).to_string(),
        })
    }

    /// The live session's person (`None` when the session expired, ended or never was, or
    /// the person was deactivated). Writes only when due: the last use once a minute, and a new
    /// id when the person's role is no longer the one the session was granted.
    pub fn resolve(&self, c: &mut DbConn) -> Result<Option<SignedIn>, AppError> {
        let now = crate::models::now();
        let Some(row) = UserSession::find_by_hash(c, &self.hash)? else {
            return Ok(None);
        };
        if !row.live(now) {
            return Ok(None);
        }
        let Some(mut actor) = Actor::load(c, row.person_id)? else {
            return Ok(None);
        };
        actor.session_id = Some(row.id);
        if row.touch_due(now) {
            UserSession::touch(c, row.id, &self.address, now)?;
        }
        let mut new_secret = None;
        if actor.person.role != row.role {
            let secret = crate::auth::token::random_hex();
            let hash = crate::auth::token::digest(&secret);
            UserSession::rotate(c, row.id, &hash, &actor.person.role)?;
            new_secret = Some(secret);
        }
        Ok(Some(SignedIn { actor, new_secret }))
    }

    /// The id of the session the cookie names if it expired by time (a tombstone): only a form
    /// posted with one is kept for `/resume`. `None` for a live, ended or unknown one.
    pub fn expired(&self, c: &mut DbConn) -> Result<Option<i32>, AppError> {
        let now = crate::models::now();
        let row = UserSession::find_by_hash(c, &self.hash)?;
        Ok(row.filter(|r| !r.live(now)).map(|r| r.id))
    }
}

impl SignedIn {
    /// Puts a changed session id into the cookie.
    pub fn apply(&self, session: &Session) {
        if let Some(secret) = &self.new_secret {
            let _ = session.insert(SID, secret);
        }
    }
}

/// The signed-in person of a page request, if any: one trip to the database.
pub async fn current(state: &AppState, req: &HttpRequest) -> Result<Option<Actor>, AppError> {
    let Some(gate) = Gate::of(req, &state.config) else {
        return Ok(None);
    };
    let found = state.db(move |c| gate.resolve(c)).await?;
    Ok(found.map(|s| {
        s.apply(&req.get_session());
        s.actor
    }))
}

/// Starts a signed-in session for `person`: a row on the server under a new random id, a fresh
/// cookie (new id, new CSRF token, so nothing seen before sign-in is worth anything after it).
/// Returns the session's id.
pub async fn sign_in(
    state: &AppState,
    session: &Session,
    origin: Origin,
    person: &Person,
) -> Result<i32, AppError> {
    let secret = crate::auth::token::random_hex();
    let hash = crate::auth::token::digest(&secret);
    let (pid, role, now) = (person.id, person.role.clone(), crate::models::now());
    let row = state
        .db(move |c| Ok(UserSession::create(c, pid, &role, &hash, &origin, now)?))
        .await?;
    start_cookie(session, &secret).map_err(AppError::Internal)?;
    Ok(row.id)
}

/// A new cookie for a session secret, keeping what the anonymous cookie held (a kept form's
/// token, flash messages) but not its CSRF token.
pub fn start_cookie(session: &Session, secret: &str) -> Result<(), String> {
    session.renew();
    session.remove(PERSON_BEFORE_SERVER_SESSIONS);
    session.insert(SID, secret).map_err(|e| e.to_string())?;
    session
        .insert(CSRF, crate::auth::token::random_hex())
        .map_err(|e| e.to_string())
}

/// Ends the session: its row is deleted (so a copy of the cookie opens nothing, and it leaves
/// no tombstone), and the cookie is emptied and renewed (a message may still be flashed).
pub async fn sign_out(state: &AppState, session: &Session) -> Result<(), AppError> {
    if let Some(secret) = sid(session) {
        let hash = crate::auth::token::digest(&secret);
        state
            .db(move |c| Ok(UserSession::end_by_hash(c, &hash)?))
            .await?;
    }
    session.clear();
    session.renew();
    Ok(())
}

/// The session's CSRF token, made when it has none.
pub fn csrf_token(session: &Session) -> String {
    if let Ok(Some(t)) = session.get::<String>(CSRF) {
        return t;
    }
    let t = crate::auth::token::random_hex();
    let _ = session.insert(CSRF, &t);
    t
}

/// The session's CSRF token without making one.
pub fn existing_csrf(session: &Session) -> Option<String> {
    session.get::<String>(CSRF).ok().flatten()
}

/// Queues a message for the next page.
pub fn flash(session: &Session, kind: &str, text: impl Into<String>) {
    let mut list = session
        .get::<Vec<Flash>>(FLASH)
        .ok()
        .flatten()
        .unwrap_or_default();
    list.push(Flash {
        kind: kind.into(),
        text: text.into(),
    });
    let _ = session.insert(FLASH, list);
}

/// Takes the queued messages.
pub fn take_flashes(session: &Session) -> Vec<Flash> {
    let list = session
        .get::<Vec<Flash>>(FLASH)
        .ok()
        .flatten()
        .unwrap_or_default();
    if !list.is_empty() {
        session.remove(FLASH);
    }
    list
}
