//! Where mail goes: an SMTP server named by `SMTP_URL`, or `.eml` files when
//! it is unset. Failures come back classified, because the outbox retries a
//! temporary one and gives up on a permanent one.

use super::files::FileOutbox;
use super::worker::SENDERS;
use lettre::transport::smtp;
use lettre::transport::smtp::PoolConfig;
use lettre::{Message, SmtpTransport, Transport};
use std::path::Path;
use std::time::Duration;

/// How long one SMTP exchange may hang before it counts as a (temporary)
/// timeout: short enough that a stuck server does not stall the worker.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// The forms `SMTP_URL` accepts, repeated in the error message.
const URL_FORMS: &str = "smtps://user:pass@host:465 (TLS), \
     smtp://user:pass@host:587?tls=required (STARTTLS) \
     or smtp://host:port (a local relay only)";

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Worth retrying: connection refused, timeout, TLS trouble, SMTP 4xx,
    /// a full disk for the file outbox.
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// Retrying will not help: SMTP 5xx, a bad address, a broken template.
    #[error("permanent failure: {0}")]
    Permanent(String),
}

impl SendError {
    /// Whether the outbox should retry the row.
    pub fn is_temporary(&self) -> bool {
        matches!(self, SendError::Temporary(_))
    }

    /// The reason text, stored on the outbox row and shown to directors.
    pub fn reason(&self) -> &str {
        match self {
            SendError::Temporary(r) | SendError::Permanent(r) => r,
        }
    }
}

/// A `SMTP_URL` that cannot be used; the message names the variable and the
/// accepted forms (and never repeats the URL, which may hold a password).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("SMTP_URL: {0}")]
pub struct MailerConfigError(pub String);

/// The configured transport. Cheap to clone (the SMTP pool is shared), and
/// `Send + Sync`, so worker threads can share one.
#[derive(Debug, Clone)]
pub enum Mailer {
    /// Through an SMTP server (connections pooled and reused).
    Smtp(SmtpTransport),
    /// Into `.eml` files.
    Files(FileOutbox),
}

impl Mailer {
    /// SMTP when `smtp_url` is set and not blank, else files under `outbox_dir`.
    pub fn from_settings(
        smtp_url: Option<&str>,
        outbox_dir: &Path,
    ) -> Result<Mailer, MailerConfigError> {
        match smtp_url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => Mailer::smtp(url),
            None => Ok(Mailer::Files(FileOutbox::new(outbox_dir))),
        }
    }

    /// SMTP from a URL in lettre's form (see [`URL_FORMS`]). TLS is rustls, checking the
    /// server's certificate against the system's trust store, or the PEM file named by
    /// `SSL_CERT_FILE` instead (a private CA).
    pub fn smtp(url: &str) -> Result<Mailer, MailerConfigError> {
        let builder = SmtpTransport::from_url(url).map_err(|e| {
            MailerConfigError(format!("cannot be used ({e}); expected {URL_FORMS}"))
        })?;
        if let Some(host) = plain_remote_host(url) {
            log::warn!(
                "SMTP_URL sends mail to {host} without TLS: use smtps:// or ?tls=required \
                 unless {host} is a relay on this machine's network"
            );
        }
        // Keeps a connection per sender of the worker open between messages and batches.
        let pool = PoolConfig::new().max_size(SENDERS as u32);
        let transport = builder
            .timeout(Some(SMTP_TIMEOUT))
            .pool_config(pool)
            .build();
        Ok(Mailer::Smtp(transport))
    }

    /// Delivers one message (to the recipients of its envelope).
    pub fn send(&self, message: &Message) -> Result<(), SendError> {
        match self {
            Mailer::Smtp(transport) => transport.send(message).map(drop).map_err(classify),
            Mailer::Files(outbox) => outbox
                .write(message)
                .map(drop)
                .map_err(|e| SendError::Temporary(format!("cannot write the .eml file: {e}"))),
        }
    }

    /// For the startup log: where mail goes, without credentials.
    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp(_) => "mail goes through the SMTP server in SMTP_URL".to_owned(),
            Mailer::Files(outbox) => format!(
                "SMTP_URL is not set: mail is written as .eml files under {}",
                outbox.dir().display()
            ),
        }
    }
}

/// SMTP 5xx is permanent; everything else lettre reports (refused or reset
/// connections, timeouts, TLS failures, 4xx, garbled replies) may pass.
fn classify(error: smtp::Error) -> SendError {
    if error.is_permanent() {
        SendError::Permanent(error.to_string())
    } else {
        SendError::Temporary(error.to_string())
    }
}

/// The host of a plain `smtp://` URL without `tls=` that is not this machine,
/// which deserves a warning: passwords and mail would cross the network in clear.
fn plain_remote_host(url: &str) -> Option<String> {
    let rest = url.strip_prefix("smtp://")?;
    if rest.contains("tls=") {
        return None;
    }
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host_port.split(':').next().unwrap_or_default(),
    };
    let local = ["localhost", "127.0.0.1", "::1"].contains(&host);
    (!local).then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_url_writes_files() {
        for url in [None, Some(""), Some("  ")] {
            let mailer = Mailer::from_settings(url, Path::new("data/outbox")).unwrap();
            assert!(matches!(&mailer, Mailer::Files(o) if o.dir() == Path::new("data/outbox")));
            assert!(mailer.describe().contains("data/outbox"));
        }
    }

    #[test]
    fn every_documented_url_form_is_accepted() {
        for url in [
            "smtps://user:pass@mail.example.org:465",
            "smtp://user:pass@mail.example.org:587?tls=required",
            "smtp://localhost:2525",
        ] {
            let mailer = Mailer::from_settings(Some(url), Path::new("x")).unwrap();
            assert!(matches!(mailer, Mailer::Smtp(_)), "{url}");
        }
    }

    #[test]
    fn a_bad_url_names_smtp_url_and_hides_the_password() {
        for url in [
            "http://user:secret@mail.example.org",
            "mail.example.org",
            "smtp://user:secret@host?tls=sometimes",
        ] {
            let err = Mailer::smtp(url).unwrap_err().to_string();
            assert!(err.starts_with("SMTP_URL: cannot be used"), "{err}");
            assert!(err.contains("smtps://user:pass@host:465"), "{err}");
            assert!(!err.contains("secret"), "{err}");
        }
    }

    #[test]
    fn plain_smtp_to_another_host_is_noticed() {
        assert_eq!(
            plain_remote_host("smtp://u:p@mail.example.org:25"),
            Some("mail.example.org".into())
        );
        assert_eq!(plain_remote_host("smtp://127.0.0.1:2525"), None);
        assert_eq!(plain_remote_host("smtp://[::1]:25"), None);
        assert_eq!(
            plain_remote_host("smtp://mail.example.org?tls=required"),
            None
        );
        assert_eq!(plain_remote_host("smtps://mail.example.org"), None);
    }

    #[test]
    fn send_errors_say_what_to_do() {
        let t = SendError::Temporary("connection refused".into());
        let p = SendError::Permanent("permanent error (550): no such user".into());
        assert!(t.is_temporary() && !p.is_temporary());
        assert_eq!(p.reason(), "permanent error (550): no such user");
        assert_eq!(t.to_string(), "temporary failure: connection refused");
    }
}
