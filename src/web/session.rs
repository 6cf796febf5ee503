//! The signed session cookie: who is signed in, their CSRF token, and one-shot flash messages.

use crate::config::Config;
use crate::db::{DbConn, Engine, sqlite_path};
use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionMiddleware};
use actix_web::cookie::{Key, SameSite, time::Duration};
use serde::{Deserialize, Serialize};

const PERSON: &str = "pid";
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

/// The session middleware: signed (not encrypted: it holds only ids and a CSRF token),
/// HttpOnly, SameSite=Lax, Secure when the public URL is https, kept for two weeks.
pub fn middleware(config: &Config, key: Key) -> SessionMiddleware<CookieSessionStore> {
    SessionMiddleware::builder(CookieSessionStore::default(), key)
        .cookie_name("pdsa_session".into())
        .cookie_content_security(CookieContentSecurity::Signed)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_secure(config.secure_cookies())
        .session_lifecycle(PersistentSession::default().session_ttl(Duration::days(14)))
        .build()
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

/// The signed-in person's id, if any.
pub fn person_id(session: &Session) -> Option<i32> {
    session.get::<i32>(PERSON).ok().flatten()
}

/// Starts a signed-in session: a new session id, the person, and a new CSRF token (so a token
/// seen before sign-in is worth nothing after it).
pub fn sign_in(session: &Session, person_id: i32) -> Result<(), String> {
    session.renew();
    session
        .insert(PERSON, person_id)
        .map_err(|e| e.to_string())?;
    session
        .insert(CSRF, crate::auth::token::random_hex())
        .map_err(|e| e.to_string())
}

/// Ends the session.
pub fn sign_out(session: &Session) {
    session.purge();
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
