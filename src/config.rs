//! Typed configuration read once from the environment (and `.env`), handed to the app as
//! `web::Data<Config>`; nothing reads the environment after start-up.

use std::collections::HashMap;

/// One configuration variable: its name, its default, and what it does. This table is the single
/// source for `Config::from_vars`, `.env.example` and the README (a test keeps them in step).
pub struct Variable {
    /// Environment variable name.
    pub name: &'static str,
    /// The value used when it is not set ("" means unset).
    pub default: &'static str,
    /// One line for people reading `.env.example`.
    pub help: &'static str,
}

/// Every variable pdsa reads.
pub const VARIABLES: &[Variable] = &[
    Variable {
        name: "DATABASE_URL",
        default: "data/pdsa.db",
        help: "SQLite file path (or sqlite://path); postgres://… selects PostgreSQL",
    },
    Variable {
        name: "PDSA_BIND",
        default: "127.0.0.1:8080",
        help: "address and port the web server listens on",
    },
    Variable {
        name: "PDSA_DEMO",
        default: "",
        help: "1 loads the demo collective at start-up (idempotent), 0 never; unset: only when PDSA_BIND is a loopback address",
    },
    Variable {
        name: "PDSA_PUBLIC_URL",
        default: "",
        help: "the URL people use (https://… marks session cookies Secure); default http://PDSA_BIND",
    },
    Variable {
        name: "PDSA_SECRET_KEY",
        default: "",
        help: "at least 64 characters signing session cookies; default a key made once and kept in the database (shared by every instance)",
    },
    Variable {
        name: "PDSA_POOL_SIZE",
        default: "8",
        help: "database connections in the pool",
    },
    Variable {
        name: "PDSA_ASSET_DIR",
        default: "",
        help: "a folder with templates/ and static/ read instead of the copies built into the binary (template work without a rebuild)",
    },
    Variable {
        name: "SMTP_URL",
        default: "",
        help: "smtps://user:pass@host:465 (TLS), smtp://user:pass@host:587?tls=required (STARTTLS), smtp://host:25 only for a local relay; unset writes .eml files to OUTBOX_DIR",
    },
    Variable {
        name: "MAIL_FROM",
        default: "",
        help: "the From address of every email; default the collective's name <noreply@host of PDSA_PUBLIC_URL>",
    },
    Variable {
        name: "OUTBOX_DIR",
        default: "data/outbox",
        help: "where emails are written as .eml files when SMTP_URL is not set",
    },
    Variable {
        name: "PDSA_REMIND_EVERY",
        default: "60",
        help: "seconds between the mail worker's runs inside serve; 0 runs none (use pdsa remind from cron)",
    },
    Variable {
        name: "RUST_LOG",
        default: "info",
        help: "log filter (error, warn, info, debug)",
    },
    Variable {
        name: "PDSA_LOG_FORMAT",
        default: "text",
        help: "text: a readable line per event on stderr; json: one JSON object per line, for a log collector",
    },
    Variable {
        name: "PDSA_METRICS_TOKEN",
        default: "",
        help: "at least 16 characters; serves /metrics on PDSA_BIND to Authorization: Bearer <token>; unset: /metrics is 404 there",
    },
    Variable {
        name: "PDSA_METRICS_BIND",
        default: "",
        help: "a second, private address (127.0.0.1:9100) serving only /metrics, without a token; unset: none",
    },
    Variable {
        name: "PDSA_TRUSTED_PROXIES",
        default: "",
        help: "comma-separated addresses or ranges (10.0.0.0/8) of reverse proxies whose X-Forwarded-For names the client; unset: the connection's address is the client's",
    },
];

/// The settings the service runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the data lives.
    pub database_url: String,
    /// Listen address.
    pub bind: String,
    /// Load the demo collective on start.
    pub demo: bool,
    /// The demo (with its published password) was asked for on an address others can reach.
    pub demo_in_public: bool,
    /// The address people reach the service at; decides whether cookies are Secure.
    pub public_url: String,
    /// Session signing key material, when given explicitly.
    pub secret_key: Option<String>,
    /// Pool size.
    pub pool_size: u32,
    /// A folder whose `templates/` and `static/` replace the built-in ones; `None` reads
    /// nothing from disk, so the binary runs from any folder.
    pub asset_dir: Option<std::path::PathBuf>,
    /// The SMTP server, in lettre's URL form; `None` writes `.eml` files.
    pub smtp_url: Option<String>,
    /// The From address, when given (checked as an address at start-up).
    pub mail_from: Option<String>,
    /// Where `.eml` files go without SMTP.
    pub outbox_dir: std::path::PathBuf,
    /// Seconds between the worker's runs inside `serve`; 0 runs no worker there.
    pub remind_every: u64,
    /// The `RUST_LOG` filter, read here so `.env` and the environment agree.
    pub log_filter: String,
    /// One JSON object per log line (for collectors) instead of readable text.
    pub log_json: bool,
    /// The bearer token that opens `/metrics` on the public listener; `None` keeps it hidden.
    pub metrics_token: Option<String>,
    /// A private listener serving only `/metrics`, without a token.
    pub metrics_bind: Option<String>,
    /// The proxies whose `X-Forwarded-For` names the client (for the sign-in throttle).
    pub trusted_proxies: crate::auth::proxies::TrustedProxies,
}

impl Config {
    /// Reads the process environment, after loading `.env` when there is one.
    pub fn from_env() -> Result<Config, String> {
        let _ = dotenvy::dotenv();
        Config::from_vars(&std::env::vars().collect())
    }

    /// Builds a config from a map of variables, defaults filling the gaps. A bad value is an
    /// error naming the variable, so a typo stops start-up instead of being ignored.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Config, String> {
        let get = |name: &str| -> String {
            vars.get(name)
                .filter(|v| !v.trim().is_empty())
                .cloned()
                .unwrap_or_else(|| default_of(name).to_string())
        };
        let bind = get("PDSA_BIND");
        let public_url = match get("PDSA_PUBLIC_URL") {
            u if u.is_empty() => format!("http://{bind}"),
            u => u.trim_end_matches('/').to_string(),
        };
        // The demo's password is published: by default it is loaded only where nobody else can
        // reach the service; elsewhere PDSA_DEMO=1 must be said out loud.
        let demo = match get("PDSA_DEMO") {
            d if d.is_empty() => is_loopback(&bind),
            d => parse_bool("PDSA_DEMO", &d)?,
        };
        let secret_key = Some(get("PDSA_SECRET_KEY")).filter(|k| !k.is_empty());
        if let Some(k) = &secret_key
            && k.len() < 64
        {
            return Err("PDSA_SECRET_KEY: must be at least 64 characters".into());
        }
        Ok(Config {
            database_url: get("DATABASE_URL"),
            demo_in_public: demo && !is_loopback(&bind),
            demo,
            bind,
            public_url,
            secret_key,
            pool_size: get("PDSA_POOL_SIZE")
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or("PDSA_POOL_SIZE: must be a whole number above 0")?,
            asset_dir: Some(get("PDSA_ASSET_DIR"))
                .filter(|d| !d.is_empty())
                .map(Into::into),
            smtp_url: Some(get("SMTP_URL")).filter(|u| !u.is_empty()),
            mail_from: mail_from(&get("MAIL_FROM"))?,
            outbox_dir: get("OUTBOX_DIR").into(),
            remind_every: get("PDSA_REMIND_EVERY").trim().parse().map_err(|_| {
                "PDSA_REMIND_EVERY: must be a whole number of seconds (0 for none)".to_string()
            })?,
            log_filter: get("RUST_LOG"),
            log_json: log_json(&get("PDSA_LOG_FORMAT"))?,
            metrics_token: metrics_token(&get("PDSA_METRICS_TOKEN"))?,
            metrics_bind: Some(get("PDSA_METRICS_BIND")).filter(|b| !b.is_empty()),
            trusted_proxies: crate::auth::proxies::TrustedProxies::parse(&get(
                "PDSA_TRUSTED_PROXIES",
            ))?,
        })
    }

    /// Session cookies are marked Secure when people reach the service over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

impl Config {
    /// The host people reach the service at, without scheme or port: the right-hand side of
    /// Message-IDs and calendar UIDs, and the default sender's domain.
    pub fn public_host(&self) -> String {
        let rest = self
            .public_url
            .split_once("://")
            .map_or(self.public_url.as_str(), |(_, r)| r);
        let authority = rest.split('/').next().unwrap_or(rest);
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(v6),
            None => authority.split(':').next().unwrap_or(authority),
        };
        if host.is_empty() {
            "localhost".into()
        } else {
            host.to_ascii_lowercase()
        }
    }

    /// The From mailbox: `MAIL_FROM`, or the collective's name (quoted in the header as
    /// needed, so any name works: "Smith, Jones (North): Collective") at `noreply@host`
    /// (`localhost` when the service is reached by an IP address, which is not a mail domain).
    /// Built as a [`Mailbox`](lettre::message::Mailbox), never by formatting text that would
    /// have to parse again.
    pub fn mail_from(&self, collective: &str) -> Result<lettre::message::Mailbox, String> {
        if let Some(from) = &self.mail_from {
            return from
                .parse()
                .map_err(|e| format!("MAIL_FROM: {from:?} is not an email address ({e})"));
        }
        let host = self.public_host();
        let domain = if host.parse::<std::net::IpAddr>().is_ok() {
            "localhost".to_string()
        } else {
            host
        };
        let address = lettre::Address::new("noreply", &domain)
            .map_err(|e| format!("PDSA_PUBLIC_URL: {domain:?} is not a mail domain ({e})"))?;
        let name = collective.split_whitespace().collect::<Vec<_>>().join(" ");
        Ok(lettre::message::Mailbox::new(
            (!name.is_empty()).then_some(name),
            address,
        ))
    }
}

/// `MAIL_FROM`, checked as a mailbox ("Name <address>" or a bare address) so a typo stops
/// start-up instead of failing every send.
fn mail_from(value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse::<lettre::message::Mailbox>()
        .map(|_| Some(value.to_string()))
        .map_err(|e| format!("MAIL_FROM: {value:?} is not an email address ({e})"))
}

/// `PDSA_LOG_FORMAT`: `text` or `json`; anything else is a typo worth stopping for.
fn log_json(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "text" => Ok(false),
        "json" => Ok(true),
        _ => Err(format!(
            "PDSA_LOG_FORMAT: must be text or json, not {value:?}"
        )),
    }
}

/// The shortest metrics token accepted: shorter ones are guessable.
const METRICS_TOKEN_MIN: usize = 16;

/// `PDSA_METRICS_TOKEN`, long enough not to be guessed; unset keeps `/metrics` hidden.
fn metrics_token(value: &str) -> Result<Option<String>, String> {
    let value = value.trim();
    match value.len() {
        0 => Ok(None),
        n if n < METRICS_TOKEN_MIN => Err(format!(
            "PDSA_METRICS_TOKEN: must be at least {METRICS_TOKEN_MIN} characters"
        )),
        _ => Ok(Some(value.to_string())),
    }
}

fn default_of(name: &str) -> &'static str {
    VARIABLES
        .iter()
        .find(|v| v.name == name)
        .map(|v| v.default)
        .unwrap_or("")
}

/// Whether a listen address (`host:port`) can be reached only from this machine: 127.0.0.0/8,
/// `::1` or `localhost`.
pub fn is_loopback(bind: &str) -> bool {
    if let Ok(addr) = bind.parse::<std::net::SocketAddr>() {
        return addr.ip().is_loopback();
    }
    let host = bind.rsplit_once(':').map_or(bind, |(h, _)| h);
    host.eq_ignore_ascii_case("localhost")
}

fn parse_bool(name: &str, value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!("{name}: must be 1 or 0, not {value:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_fill_every_gap() {
        let c = Config::from_vars(&HashMap::new()).unwrap();
        assert_eq!(c.database_url, "data/pdsa.db");
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert!(c.demo);
        assert_eq!(c.public_url, "http://127.0.0.1:8080");
        assert!(!c.secure_cookies());
        assert_eq!(c.pool_size, 8);
        assert_eq!(c.asset_dir, None);
        assert_eq!(c.smtp_url, None);
        assert_eq!(c.outbox_dir, std::path::PathBuf::from("data/outbox"));
        assert_eq!(c.remind_every, 60);
        assert_eq!(c.log_filter, "info");
        assert!(!c.log_json);
        assert_eq!(c.metrics_token, None);
        assert_eq!(c.metrics_bind, None);
        assert_eq!(c.public_host(), "127.0.0.1");
        assert_eq!(
            c.mail_from("Learning Collective").unwrap().to_string(),
            "Learning Collective <noreply@localhost>"
        );
    }

    #[test]
    fn mail_settings_are_checked_and_derived() {
        let e = Config::from_vars(&vars(&[("MAIL_FROM", "not an address")])).unwrap_err();
        assert!(e.starts_with("MAIL_FROM"), "{e}");
        let e = Config::from_vars(&vars(&[("PDSA_REMIND_EVERY", "soon")])).unwrap_err();
        assert!(e.starts_with("PDSA_REMIND_EVERY"), "{e}");
        let c = Config::from_vars(&vars(&[
            ("PDSA_PUBLIC_URL", "https://PDSA.example.org:8443/app"),
            ("SMTP_URL", " "),
        ]))
        .unwrap();
        assert_eq!(c.public_host(), "pdsa.example.org");
        assert_eq!(c.smtp_url, None);
        for name in [
            "Ohio <Net>",
            "Smith, Jones (North): Collective",
            "Say \"hi\" \\ me",
        ] {
            let from = c.mail_from(name).unwrap();
            assert_eq!(from.name.as_deref(), Some(name));
            assert_eq!(from.email.to_string(), "noreply@pdsa.example.org");
            let parsed: lettre::message::Mailbox = from.to_string().parse().unwrap();
            assert_eq!(parsed, from, "{from}");
        }
        assert_eq!(c.mail_from("  ").unwrap().name, None);
        let c =
            Config::from_vars(&vars(&[("MAIL_FROM", "Collective <hello@example.org>")])).unwrap();
        assert_eq!(
            c.mail_from("ignored").unwrap().to_string(),
            "Collective <hello@example.org>"
        );
    }

    #[test]
    fn bad_values_name_the_variable() {
        let e = Config::from_vars(&vars(&[("PDSA_DEMO", "maybe")])).unwrap_err();
        assert!(e.starts_with("PDSA_DEMO"), "{e}");
        let e = Config::from_vars(&vars(&[("PDSA_POOL_SIZE", "0")])).unwrap_err();
        assert!(e.starts_with("PDSA_POOL_SIZE"), "{e}");
        let e = Config::from_vars(&vars(&[("PDSA_SECRET_KEY", "short")])).unwrap_err();
        assert!(e.starts_with("PDSA_SECRET_KEY"), "{e}");
    }

    #[test]
    fn log_and_metrics_settings_are_checked() {
        let e = Config::from_vars(&vars(&[("PDSA_LOG_FORMAT", "xml")])).unwrap_err();
        assert!(e.starts_with("PDSA_LOG_FORMAT"), "{e}");
        let e = Config::from_vars(&vars(&[("PDSA_METRICS_TOKEN", "short")])).unwrap_err();
        assert!(e.starts_with("PDSA_METRICS_TOKEN"), "{e}");
        let c = Config::from_vars(&vars(&[
            ("PDSA_LOG_FORMAT", "JSON"),
            ("PDSA_METRICS_TOKEN", "0123456789abcdef"),
            ("PDSA_METRICS_BIND", "127.0.0.1:9100"),
            ("RUST_LOG", "warn,pdsa=debug"),
        ]))
        .unwrap();
        assert!(c.log_json);
        assert_eq!(c.metrics_token.as_deref(), Some("0123456789abcdef"));
        assert_eq!(c.metrics_bind.as_deref(), Some("127.0.0.1:9100"));
        assert_eq!(c.log_filter, "warn,pdsa=debug");
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let c =
            Config::from_vars(&vars(&[("PDSA_PUBLIC_URL", "https://pdsa.example.org/")])).unwrap();
        assert!(c.secure_cookies());
        assert_eq!(c.public_url, "https://pdsa.example.org");
        let c = Config::from_vars(&vars(&[("PDSA_DEMO", "0")])).unwrap();
        assert!(!c.demo);
        let c = Config::from_vars(&vars(&[("PDSA_ASSET_DIR", "/srv/pdsa-assets")])).unwrap();
        assert_eq!(c.asset_dir, Some("/srv/pdsa-assets".into()));
    }

    #[test]
    fn the_demo_loads_by_default_only_on_a_loopback_address() {
        for bind in [
            "127.0.0.1:8080",
            "127.3.2.1:80",
            "[::1]:8080",
            "localhost:8080",
        ] {
            let c = Config::from_vars(&vars(&[("PDSA_BIND", bind)])).unwrap();
            assert!(c.demo && !c.demo_in_public, "{bind}");
        }
        for bind in [
            "0.0.0.0:8080",
            "[::]:8080",
            "192.0.2.7:8080",
            "pdsa.example.org:80",
        ] {
            let c = Config::from_vars(&vars(&[("PDSA_BIND", bind)])).unwrap();
            assert!(!c.demo, "{bind}: not without PDSA_DEMO=1");
            let c = Config::from_vars(&vars(&[("PDSA_BIND", bind), ("PDSA_DEMO", "1")])).unwrap();
            assert!(
                c.demo && c.demo_in_public,
                "{bind}: said explicitly, and flagged"
            );
        }
    }
}
