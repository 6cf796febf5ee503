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
        default: "1",
        help: "1 loads the demo collective at start-up (idempotent); 0 starts without it",
    },
    Variable {
        name: "PDSA_PUBLIC_URL",
        default: "",
        help: "the URL people use (https://… marks session cookies Secure); default http://PDSA_BIND",
    },
    Variable {
        name: "PDSA_SECRET_KEY",
        default: "",
        help: "at least 64 characters signing session cookies; default a key kept in session.key beside the SQLite file",
    },
    Variable {
        name: "PDSA_POOL_SIZE",
        default: "8",
        help: "database connections in the pool",
    },
    Variable {
        name: "RUST_LOG",
        default: "info",
        help: "log filter (error, warn, info, debug)",
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
    /// The address people reach the service at; decides whether cookies are Secure.
    pub public_url: String,
    /// Session signing key material, when given explicitly.
    pub secret_key: Option<String>,
    /// Pool size.
    pub pool_size: u32,
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
        let secret_key = Some(get("PDSA_SECRET_KEY")).filter(|k| !k.is_empty());
        if let Some(k) = &secret_key
            && k.len() < 64
        {
            return Err("PDSA_SECRET_KEY: must be at least 64 characters".into());
        }
        Ok(Config {
            database_url: get("DATABASE_URL"),
            bind,
            demo: parse_bool("PDSA_DEMO", &get("PDSA_DEMO"))?,
            public_url,
            secret_key,
            pool_size: get("PDSA_POOL_SIZE")
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or("PDSA_POOL_SIZE: must be a whole number above 0")?,
        })
    }

    /// Session cookies are marked Secure when people reach the service over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

fn default_of(name: &str) -> &'static str {
    VARIABLES
        .iter()
        .find(|v| v.name == name)
        .map(|v| v.default)
        .unwrap_or("")
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
    fn https_public_url_makes_cookies_secure() {
        let c =
            Config::from_vars(&vars(&[("PDSA_PUBLIC_URL", "https://pdsa.example.org/")])).unwrap();
        assert!(c.secure_cookies());
        assert_eq!(c.public_url, "https://pdsa.example.org");
        let c = Config::from_vars(&vars(&[("PDSA_DEMO", "0")])).unwrap();
        assert!(!c.demo);
    }
}
